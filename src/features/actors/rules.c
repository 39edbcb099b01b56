/*
 * rules.c - the pure rules of the directory of actors; see rules.h.
 *
 * Tags.  A competence is either one of the curated list below (stored by
 * its id, shown in the reader's language, offered as a filter) or a free
 * tag an actor adds (at most ACTOR_FREE_TAGS_MAX, each at most
 * ACTOR_TAG_MAX characters).  A free tag is compared folded, so
 * "Sensordaten", "sensordaten" and " sensor data " are one competence
 * and, since they name a curated one, become it: the list stays the
 * vocabulary people filter by, and a free tag adds what it lacks.
 */
#include "features/actors/rules.h"

#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"
#include "features/organisations/organisations.h"

const struct actor_field_info actor_fields[ACTOR_FIELD__COUNT] = {
	[ACTOR_FIELD_SECTOR] = {"sector", N_("Sector")},
	[ACTOR_FIELD_COMPETENCIES] = {"competencies", N_("Competencies")},
	[ACTOR_FIELD_OFFERS] = {"offers", N_("Offers")},
	[ACTOR_FIELD_NEEDS] = {"needs", N_("Looking for")},
	[ACTOR_FIELD_DISTRICT] = {"district", N_("District or place")},
	[ACTOR_FIELD_WEBSITE] = {"website", N_("Website")},
	[ACTOR_FIELD_LANGUAGES] = {"languages", N_("Languages")},
	[ACTOR_FIELD_IDEAS] = {"ideas", N_("Ideas and projects I took part in")},
};

/*
 * The curated competencies of a German city's innovation programme:
 * the fields its challenges, pilot projects and networks are about.
 * Ids are stable (stored, in links); labels may be improved.
 */
const struct actor_competence actor_competences[] = {
	{"mobility", "Mobilität", "Mobility", NULL},
	{"energy", "Energie", "Energy", NULL},
	{"climate", "Klimaschutz", "Climate protection", NULL},
	{"climate-adaptation", "Klimaanpassung", "Climate adaptation", NULL},
	{"urban-planning", "Stadtplanung", "Urban planning", NULL},
	{"housing", "Wohnen", "Housing", NULL},
	{"construction", "Bauen und Sanieren", "Building and renovation", NULL},
	{"sensor-data", "Sensordaten", "Sensor data", NULL},
	{"open-data", "Open Data", "Open data", "Offene Daten"},
	{"ai", "Künstliche Intelligenz", "Artificial intelligence", "KI"},
	{"software", "Softwareentwicklung", "Software development", NULL},
	{"it-security", "IT-Sicherheit", "IT security", NULL},
	{"iot", "Internet der Dinge", "Internet of things", "IoT"},
	{"digital-administration", "Digitale Verwaltung", "Digital administration", "E-Government"},
	{"smart-city", "Smart City", "Smart city", NULL},
	{"education", "Bildung", "Education", NULL},
	{"research", "Forschung", "Research", NULL},
	{"health", "Gesundheit", "Health", NULL},
	{"care", "Pflege", "Care", NULL},
	{"social", "Soziale Arbeit", "Social work", "Soziales"},
	{"participation", "Bürgerbeteiligung", "Citizen participation", "Beteiligung"},
	{"volunteering", "Ehrenamt", "Volunteering", NULL},
	{"inclusion", "Inklusion und Barrierefreiheit", "Inclusion and accessibility", NULL},
	{"culture", "Kultur", "Culture", NULL},
	{"tourism", "Tourismus", "Tourism", NULL},
	{"retail", "Handel", "Retail", "Einzelhandel"},
	{"logistics", "Logistik", "Logistics", NULL},
	{"manufacturing", "Produktion und Industrie 4.0", "Manufacturing and Industry 4.0",
	 "Industrie 4.0"},
	{"circular-economy", "Kreislaufwirtschaft", "Circular economy", NULL},
	{"water", "Wasser", "Water", NULL},
	{"environment", "Umwelt und Natur", "Environment and nature", "Umwelt"},
	{"food", "Ernährung und Landwirtschaft", "Food and agriculture", NULL},
	{"startups", "Gründung und Start-ups", "Start-ups", "Gründung"},
	{"funding", "Förderung und Finanzierung", "Funding and finance", NULL},
	{"design", "Design", "Design", NULL},
	{"communication", "Kommunikation", "Communication", NULL},
	{"law", "Recht", "Law", NULL},
};
const size_t actor_competences_count = sizeof(actor_competences) / sizeof(actor_competences[0]);

const struct actor_language actor_languages[] = {
	{"de", "Deutsch"},  {"en", "English"},	  {"fr", "Français"}, {"es", "Español"},
	{"it", "Italiano"}, {"nl", "Nederlands"}, {"pl", "Polski"},   {"tr", "Türkçe"},
	{"ru", "Русский"},  {"uk", "Українська"}, {"ar", "العربية"},
};
const size_t actor_languages_count = sizeof(actor_languages) / sizeof(actor_languages[0]);

const struct actor_competence *actor_competence_by_id(const char *id)
{
	for (size_t i = 0; id != NULL && i < actor_competences_count; i++)
		if (strcmp(actor_competences[i].id, id) == 0)
			return &actor_competences[i];
	return NULL;
}

const char *actor_competence_label(const struct actor_competence *c, const char *lang)
{
	return lang != NULL && strcmp(lang, "de") == 0 ? c->de : c->en;
}

bool actor_language_known(const char *code)
{
	for (size_t i = 0; code != NULL && i < actor_languages_count; i++)
		if (strcmp(actor_languages[i].code, code) == 0)
			return true;
	return false;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *actor_fold(struct arena *a, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, o = 0;
	char *out = arena_alloc(a, n + 1);
	bool blank = false;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_blank(c)) {
			blank = o > 0;
			continue;
		}
		if (blank)
			out[o++] = ' ';
		blank = false;
		if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c + 32);
		} else if (c == 0xc3 && i + 1 < n) {
			/* U+00C0..U+00DE are capitals (but U+00D7 x): +0x20 is the small one. */
			unsigned char d = (unsigned char)s[i + 1];
			out[o++] = (char)c;
			i++;
			out[o++] = (char)(d >= 0x80 && d <= 0x9e && d != 0x97 ? d + 0x20 : d);
			continue;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

/* Whether folded equals s folded (s a constant of the table). */
static bool folded_is(const char *folded, const char *s)
{
	struct arena a;
	arena_init(&a);
	const char *f = actor_fold(&a, s);
	bool same = f != NULL && strcmp(f, folded) == 0;
	arena_free(&a);
	return same;
}

const struct actor_competence *actor_competence_match(const char *tag)
{
	struct arena a;
	const struct actor_competence *found = NULL;

	arena_init(&a);
	const char *key = actor_fold(&a, tag);
	for (size_t i = 0; key != NULL && found == NULL && i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		if (strcmp(c->id, key) == 0 || folded_is(key, c->de) || folded_is(key, c->en) ||
		    (c->alias != NULL && folded_is(key, c->alias)))
			found = c;
	}
	arena_free(&a);
	return found;
}

enum actor_tag_rc actor_tag_normalise(struct arena *a, const char *in, struct actor_tag *out)
{
	struct buf b;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (in == NULL)
		return ACTOR_TAG_EMPTY;
	n = strlen(in);
	if (!utf8_valid(in, n))
		return ACTOR_TAG_INVALID;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return ACTOR_TAG_INVALID;
	}
	/* Blanks collapsed, a leading '#' (as in a hashtag) dropped. */
	buf_init(&b, a);
	bool blank = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (is_blank(c)) {
			blank = b.len > 0;
			continue;
		}
		if (c == '#' && b.len == 0)
			continue;
		if (blank)
			buf_putc(&b, ' ');
		blank = false;
		buf_putc(&b, (char)c);
	}
	if (b.oom)
		return ACTOR_TAG_NOMEM;
	const char *label = buf_cstr(&b);
	if (label[0] == '\0')
		return ACTOR_TAG_EMPTY;
	if (utf8_length(label, strlen(label)) > ACTOR_TAG_MAX)
		return ACTOR_TAG_TOO_LONG;
	const struct actor_competence *c = actor_competence_match(label);
	if (c != NULL) {
		*out = (struct actor_tag){c->id, c->id, true};
		return ACTOR_TAG_OK;
	}
	out->key = actor_fold(a, label);
	out->label = label;
	return out->key != NULL ? ACTOR_TAG_OK : ACTOR_TAG_NOMEM;
}

/* Whether key is among tags[0..n). */
static bool has_tag(const struct actor_tag *tags, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tags[i].key, key) == 0)
			return true;
	return false;
}

/* A trimmed text of at most max characters; NULL (and *problem) otherwise. */
static const char *short_text(struct arena *a, const char *in, size_t max, bool one_line,
			      const char *too_long, const char **problem)
{
	const char *t = text_trim_dup(a, in);
	if (t == NULL)
		return NULL;
	size_t n = strlen(t);
	if (!utf8_valid(t, n) || utf8_has_controls(t, n) ||
	    (one_line && (strchr(t, '\n') != NULL || strchr(t, '\r') != NULL))) {
		*problem = N_("This field holds characters that are not allowed.");
		return NULL;
	}
	if (utf8_length(t, n) > max) {
		*problem = too_long;
		return NULL;
	}
	return t;
}

/* The competencies: the curated ones ticked, then the free ones typed. */
static size_t check_tags(struct arena *a, const struct actor_input *in, struct actor_profile *out,
			 struct field_problem *problems)
{
	size_t n = 0, free_count = 0;
	size_t cap = actor_competences_count + ACTOR_FREE_TAGS_MAX + 1;

	out->tags = arena_calloc(a, cap, sizeof(*out->tags));
	if (out->tags == NULL)
		return 0;
	for (size_t i = 0; i < in->competences_count; i++) {
		const struct actor_competence *c = actor_competence_by_id(in->competences[i]);
		if (c == NULL) {
			problems[n++] = (struct field_problem){
				"competences", N_("Choose competencies from the list.")};
			break;
		}
		if (!has_tag(out->tags, out->tags_count, c->id))
			out->tags[out->tags_count++] = (struct actor_tag){c->id, c->id, true};
	}
	const char *rest = in->tags != NULL ? in->tags : "";
	const char *problem = NULL;
	while (*rest != '\0' && problem == NULL) {
		const char *comma = strchr(rest, ',');
		size_t len = comma != NULL ? (size_t)(comma - rest) : strlen(rest);
		char *one = arena_strndup(a, rest, len);
		struct actor_tag t;
		rest += len + (comma != NULL);
		if (one == NULL)
			return n;
		switch (actor_tag_normalise(a, one, &t)) {
		case ACTOR_TAG_OK:
			if (has_tag(out->tags, out->tags_count, t.key))
				break;
			if (!t.curated && ++free_count > ACTOR_FREE_TAGS_MAX) {
				problem = N_("Add at most 10 further competencies.");
				break;
			}
			out->tags[out->tags_count++] = t;
			break;
		case ACTOR_TAG_EMPTY: break;
		case ACTOR_TAG_TOO_LONG:
			problem =
				N_("A competence can have at most 40 characters; separate several "
				   "with commas.");
			break;
		case ACTOR_TAG_INVALID:
		case ACTOR_TAG_NOMEM:
			problem = N_("This field holds characters that are not allowed.");
			break;
		}
	}
	if (problem != NULL)
		problems[n++] = (struct field_problem){"tags", problem};
	return n;
}

size_t actor_profile_check(struct arena *a, const struct actor_input *in, struct actor_profile *out,
			   struct field_problem *problems)
{
	size_t n;
	const char *problem = NULL;

	memset(out, 0, sizeof(*out));
	n = check_tags(a, in, out, problems);
	out->offers =
		short_text(a, in->offers, ACTOR_TEXT_MAX, false,
			   N_("What you offer can be at most 500 characters long."), &problem);
	if (out->offers == NULL)
		problems[n++] = (struct field_problem){
			"offers", problem ? problem : N_("This field could not be read.")};
	problem = NULL;
	out->needs = short_text(a, in->needs, ACTOR_TEXT_MAX, false,
				N_("What you are looking for can be at most 500 characters long."),
				&problem);
	if (out->needs == NULL)
		problems[n++] = (struct field_problem){
			"needs", problem ? problem : N_("This field could not be read.")};
	problem = NULL;
	out->district = short_text(a, in->district, ACTOR_DISTRICT_MAX, true,
				   N_("The district or place can be at most 100 characters long."),
				   &problem);
	if (out->district == NULL)
		problems[n++] = (struct field_problem){
			"district", problem ? problem : N_("This field could not be read.")};
	else
		out->district_key = actor_fold(a, out->district);
	out->website = "";
	if (in->with_website) {
		const char *w = text_trim_dup(a, in->website);
		if (w == NULL || (w[0] != '\0' && !org_website_ok(w)))
			problems[n++] = (struct field_problem){
				"website",
				N_("Enter the website as an address that begins with http:// "
				   "or https://, or leave it empty.")};
		else
			out->website = w;
	}
	/* Languages: in the table's order, each once. */
	struct buf b;
	buf_init(&b, a);
	bool bad = false;
	for (size_t i = 0; i < in->languages_count; i++)
		bad = bad || !actor_language_known(in->languages[i]);
	for (size_t l = 0; !bad && l < actor_languages_count; l++) {
		for (size_t i = 0; i < in->languages_count; i++) {
			if (strcmp(in->languages[i], actor_languages[l].code) == 0) {
				buf_printf(&b, "%s%s", b.len ? "," : "", actor_languages[l].code);
				break;
			}
		}
	}
	if (bad)
		problems[n++] =
			(struct field_problem){"languages", N_("Choose languages from the list.")};
	out->languages = b.oom ? NULL : buf_cstr(&b);
	return n;
}

bool actor_public_fields_parse(const char *const *ids, size_t n, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		int f = 0;
		while (f < ACTOR_FIELD__COUNT && strcmp(actor_fields[f].id, ids[i]) != 0)
			f++;
		if (f == ACTOR_FIELD__COUNT)
			return false;
		*out |= ACTOR_FIELD_BIT(f);
	}
	return true;
}

char *actor_search_text(struct arena *a, unsigned public_fields, const struct actor_profile *p)
{
	struct buf b;

	buf_init(&b, a);
	buf_puts(&b, "");
	const struct {
		enum actor_field f;
		const char *text;
	} texts[] = {
		{ACTOR_FIELD_OFFERS, p->offers},
		{ACTOR_FIELD_NEEDS, p->needs},
		{ACTOR_FIELD_DISTRICT, p->district},
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if ((public_fields & ACTOR_FIELD_BIT(texts[i].f)) != 0 && texts[i].text != NULL &&
		    texts[i].text[0] != '\0')
			buf_printf(&b, "%s%s", b.len ? "\n" : "", texts[i].text);
	if ((public_fields & ACTOR_FIELD_BIT(ACTOR_FIELD_COMPETENCIES)) != 0) {
		for (size_t i = 0; i < p->tags_count; i++) {
			const struct actor_competence *c =
				p->tags[i].curated ? actor_competence_by_id(p->tags[i].key) : NULL;
			if (c != NULL)
				buf_printf(&b, "%s%s\n%s", b.len ? "\n" : "", c->de, c->en);
			else
				buf_printf(&b, "%s%s", b.len ? "\n" : "", p->tags[i].label);
		}
	}
	return b.oom ? NULL : (char *)buf_cstr(&b);
}

char *actor_name_pattern(struct arena *a, const char *q)
{
	struct buf b;
	const char *f;

	if (q == NULL)
		return arena_strdup(a, "");
	if (!utf8_valid(q, strlen(q)) || utf8_length(q, strlen(q)) > ACTOR_QUERY_MAX)
		return NULL;
	f = actor_fold(a, q);
	if (f == NULL)
		return NULL;
	if (f[0] == '\0')
		return arena_strdup(a, "");
	buf_init(&b, a);
	buf_putc(&b, '%');
	for (const char *p = f; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p);
	}
	buf_putc(&b, '%');
	return b.oom ? NULL : (char *)buf_cstr(&b);
}
