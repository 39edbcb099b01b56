/*
 * rules.c - the pure rules of the opportunities board (rules.h).
 *
 * Topics are the directory of actors' competencies (its curated list and
 * free ones, with its limits: at most 10 free ones of 40 characters),
 * checked by the directory's own rules (actor_profile_check), so that a
 * topic and a competence are the same thing and an opportunity can be
 * matched against the actors who have it.
 */
#include <stdlib.h>
#include <string.h>

#include "features/opportunities/rules.h"
#include "base/buf.h"
#include "base/civil.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"
#include "app/forms.h"
#include "features/organisations/organisations.h"

const struct opp_kind_info opp_kinds[OPP_KIND__COUNT] = {
	[OPP_PILOT] = {"pilot-partners", N_("Call for pilot partners")},
	[OPP_RESEARCH] = {"research", N_("Research collaboration")},
	[OPP_STUDENT] = {"student-project", N_("Student project or thesis")},
	[OPP_JOB] = {"job", N_("Job")},
	[OPP_INTERNSHIP] = {"internship", N_("Internship")},
	[OPP_FELLOWSHIP] = {"fellowship", N_("Fellowship")},
	[OPP_STARTUP] = {"startup-programme", N_("Start-up programme")},
};

bool opp_kind_parse(const char *id, enum opp_kind *out)
{
	for (int k = 0; id != NULL && k < OPP_KIND__COUNT; k++) {
		if (strcmp(id, opp_kinds[k].id) == 0) {
			*out = (enum opp_kind)k;
			return true;
		}
	}
	return false;
}

const char *opp_kind_label(const char *id)
{
	enum opp_kind k;
	return opp_kind_parse(id, &k) ? opp_kinds[k].label : id;
}

bool opp_open(int64_t closes_at, int64_t now)
{
	return closes_at > now;
}

bool opp_sectors_parse(const char *const *ids, size_t n, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		enum sector s;
		if (!sector_parse(ids[i], &s))
			return false;
		*out |= OPP_SECTOR_BIT(s);
	}
	return true;
}

/* A one-line text of at most max characters ("" allowed when !required). */
static const char *one_line(struct arena *a, const char *in, size_t max, bool required,
			    const char *empty, const char *too_long, const char **problem)
{
	const char *t = text_trim_dup(a, in);

	*problem = NULL;
	if (t == NULL) {
		*problem = N_("Something went wrong");
		return NULL;
	}
	if (t[0] == '\0') {
		*problem = required ? empty : NULL;
		return required ? NULL : t;
	}
	t = text_check(a, t, max, empty, too_long, problem);
	if (t != NULL && strpbrk(t, "\r\n\t") != NULL) {
		*problem = N_("The text contains characters that are not allowed.");
		return NULL;
	}
	return t;
}

/*
 * The topics: the directory's rules check them as competencies; their
 * problems are told in the board's words.
 */
static size_t check_topics(struct arena *a, const struct opp_input *in, struct opp_fields *out,
			   struct field_problem *problems)
{
	struct actor_input ai = {
		.competences = in->competences,
		.competences_count = in->competences_count,
		.tags = in->topics,
	};
	struct actor_profile p;
	struct field_problem ap[ACTOR_PROBLEMS_MAX];
	size_t n = 0, k = actor_profile_check(a, &ai, &p, ap);

	for (size_t i = 0; i < k; i++) {
		if (strcmp(ap[i].field, "competences") == 0) {
			problems[n++] = (struct field_problem){
				"competences", N_("Choose the topics from the list.")};
		} else if (strcmp(ap[i].field, "tags") == 0) {
			const char *m = ap[i].message;
			problems[n++] = (struct field_problem){
				"topics",
				strcmp(m, "Add at most 10 further competencies.") == 0
					? N_("Add at most 10 further topics.")
				: strstr(m, "40 characters") != NULL
					? N_("A topic can have at most 40 characters; separate "
					     "several with commas.")
					: N_("The text contains characters that are not allowed.")};
		}
	}
	out->topics = p.tags;
	out->topics_count = p.tags != NULL ? p.tags_count : 0;
	return n;
}

size_t opp_check(struct arena *a, const struct opp_input *in, int64_t today, struct opp_fields *out,
		 struct field_problem *problems)
{
	size_t n = 0;
	const char *problem = NULL;
	enum opp_kind kind;
	enum lang l;

	memset(out, 0, sizeof(*out));
	out->title = one_line(a, in->title, OPP_TITLE_MAX, true, N_("Enter a title."),
			      N_("The title can have at most 200 characters."), &problem);
	if (out->title == NULL)
		problems[n++] = (struct field_problem){"title", problem};
	out->description =
		text_check(a, in->description, OPP_DESCRIPTION_MAX, N_("Describe the opportunity."),
			   N_("The description can have at most 5,000 characters."), &problem);
	if (out->description == NULL)
		problems[n++] = (struct field_problem){"description", problem};
	if (opp_kind_parse(in->kind, &kind))
		out->kind = opp_kinds[kind].id;
	else
		problems[n++] =
			(struct field_problem){"kind", N_("Choose the kind of opportunity.")};
	if (in->organisation == NULL || !app_parse_id(in->organisation, &out->organisation_id))
		problems[n++] = (struct field_problem){
			"organisation", N_("Choose the organisation the opportunity is from.")};
	if (!opp_sectors_parse(in->sectors, in->sectors_count, &out->sectors))
		problems[n++] =
			(struct field_problem){"sectors", N_("Choose the sectors from the list.")};
	else if (out->sectors == 0)
		problems[n++] = (struct field_problem){
			"sectors", N_("Choose at least one sector the opportunity is for.")};
	n += check_topics(a, in, out, problems + n);
	if (in->deadline == NULL || in->deadline[0] == '\0') {
		problems[n++] = (struct field_problem){
			"deadline", N_("Enter the deadline, the last day to apply.")};
	} else if (!civil_parse_date(in->deadline, &out->deadline_year, &out->deadline_month,
				     &out->deadline_day)) {
		problems[n++] = (struct field_problem){
			"deadline", N_("Enter the deadline as a date (year-month-day).")};
	} else if (civil_days(out->deadline_year, out->deadline_month, out->deadline_day) < today) {
		problems[n++] = (struct field_problem){
			"deadline",
			N_("The deadline is in the past: choose today or a later day.")};
	} else {
		out->deadline = arena_printf(a, "%04d-%02d-%02d", out->deadline_year,
					     out->deadline_month, out->deadline_day);
	}
	out->remote = in->remote != NULL && strcmp(in->remote, "1") == 0;
	out->place = one_line(a, in->place, OPP_PLACE_MAX, false, NULL,
			      N_("The place can have at most 200 characters."), &problem);
	if (out->place == NULL)
		problems[n++] = (struct field_problem){"place", problem};
	else if (out->place[0] == '\0' && !out->remote)
		problems[n++] = (struct field_problem){
			"place", N_("Enter the place, or tick that it can be done remotely.")};
	out->link = "";
	if (in->reply != NULL && strcmp(in->reply, "link") == 0) {
		const char *link = text_trim_dup(a, in->link);
		if (link == NULL || !org_website_ok(link))
			problems[n++] = (struct field_problem){
				"link",
				N_("Enter the link as an address that begins with http:// or "
				   "https://.")};
		else
			out->link = link;
	} else if (in->reply == NULL || strcmp(in->reply, "platform") != 0) {
		problems[n++] = (struct field_problem){
			"reply", N_("Choose how people reply: by a link or through the platform.")};
	}
	if (in->lang != NULL && strlen(in->lang) == 2 &&
	    i18n_lang_from_code(in->lang, strlen(in->lang), &l))
		out->lang = i18n_code(l);
	else
		problems[n++] =
			(struct field_problem){"lang", N_("Choose one of the offered languages.")};
	return n;
}

const char *opp_reply_check(struct arena *a, const char *body, const char **problem)
{
	return text_check(a, body, OPP_REPLY_MAX, N_("Write a short message."),
			  N_("A reply can have at most 1,000 characters."), problem);
}

const char *opp_search_text(struct arena *a, const struct opp_fields *f, const char *organisation)
{
	struct buf b;

	buf_init(&b, a);
	buf_printf(&b, "%s\n%s\n%s", f->description, f->place, organisation);
	for (size_t i = 0; i < f->topics_count; i++) {
		const struct actor_competence *c =
			f->topics[i].curated ? actor_competence_by_id(f->topics[i].key) : NULL;
		if (c != NULL)
			buf_printf(&b, "\n%s\n%s", c->de, c->en);
		else
			buf_printf(&b, "\n%s", f->topics[i].label);
	}
	return b.oom ? NULL : buf_cstr(&b);
}
