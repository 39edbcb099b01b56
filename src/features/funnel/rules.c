/*
 * funnel.c - rules of the innovation funnel; see funnel.h.
 */
#include "features/funnel/rules.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"
#include "app/sector.h"

const struct phase_info phase_table[PHASE__COUNT] = {
	[PHASE_DRAFT] = {"draft", N_("Draft"), NULL},
	[PHASE_OPEN] = {"open", N_("Open for ideas"), "opens_at"},
	[PHASE_EVALUATION] = {"evaluation", N_("Evaluation"), "evaluation_at"},
	[PHASE_DECIDED] = {"decided", N_("Decided"), "decided_at"},
	[PHASE_IMPLEMENTATION] = {"implementation", N_("Implementation"), "implementation_at"},
	[PHASE_CLOSED] = {"closed", N_("Closed"), "closed_at"},
};

const struct idea_status_info idea_status_table[IDEA_STATUS__COUNT] = {
	[IDEA_SUBMITTED] = {"submitted", N_("Submitted")},
	[IDEA_IN_REVIEW] = {"in_review", N_("In review")},
	[IDEA_SHORTLISTED] = {"shortlisted", N_("Shortlisted")},
	[IDEA_SELECTED] = {"selected", N_("Selected")},
	[IDEA_PILOTING] = {"piloting", N_("Piloting")},
	[IDEA_IMPLEMENTED] = {"implemented", N_("Implemented")},
	[IDEA_NOT_PURSUED] = {"not_pursued", N_("Not pursued")},
	[IDEA_MERGED] = {"merged", N_("Merged")},
};

bool phase_parse(const char *id, enum challenge_phase *out)
{
	for (int i = 0; id != NULL && i < PHASE__COUNT; i++)
		if (strcmp(phase_table[i].id, id) == 0) {
			*out = (enum challenge_phase)i;
			return true;
		}
	return false;
}

int64_t challenge_phase_start(const struct challenge_schedule *s, enum challenge_phase p)
{
	if (p <= PHASE_DRAFT || p >= PHASE__COUNT)
		return 0;
	if (p == PHASE_EVALUATION && s->starts[p] == 0)
		return s->deadline;
	return s->starts[p];
}

enum challenge_phase challenge_phase_due(enum challenge_phase current,
					 const struct challenge_schedule *s, int64_t now)
{
	enum challenge_phase due = current;

	if (current == PHASE_DRAFT) {
		int64_t opens = challenge_phase_start(s, PHASE_OPEN);
		if (opens == 0 || opens > now)
			return PHASE_DRAFT;
		due = PHASE_OPEN;
	}
	for (int p = due + 1; p < PHASE__COUNT; p++) {
		int64_t at = challenge_phase_start(s, (enum challenge_phase)p);
		if (at != 0 && at <= now)
			due = (enum challenge_phase)p;
	}
	return due;
}

int64_t challenge_next_change(enum challenge_phase current, const struct challenge_schedule *s,
			      int64_t now)
{
	enum challenge_phase due = challenge_phase_due(current, s, now);
	int64_t next = 0;

	/* A draft without an opening date never moves by itself. */
	if (due == PHASE_DRAFT) {
		int64_t opens = challenge_phase_start(s, PHASE_OPEN);
		return opens > now ? opens : 0;
	}
	for (int p = due + 1; p < PHASE__COUNT; p++) {
		int64_t at = challenge_phase_start(s, (enum challenge_phase)p);
		if (at > now && (next == 0 || at < next))
			next = at;
	}
	return next;
}

void challenge_set_phase_by_hand(struct challenge_schedule *s, enum challenge_phase target,
				 int64_t now)
{
	for (int p = target + 1; p < PHASE__COUNT; p++) {
		if (s->starts[p] != 0 && s->starts[p] <= now)
			s->starts[p] = 0;
		/* The deadline stands in for a missing evaluation date. */
		if (p == PHASE_EVALUATION && s->starts[p] == 0 && s->deadline != 0 &&
		    s->deadline <= now)
			s->deadline = 0;
	}
	if (target == PHASE_DRAFT && s->starts[PHASE_OPEN] != 0 && s->starts[PHASE_OPEN] <= now)
		s->starts[PHASE_OPEN] = 0;
}

bool challenge_accepts_ideas(enum challenge_phase phase, int64_t deadline, int64_t now)
{
	return phase == PHASE_OPEN && (deadline == 0 || now <= deadline);
}

bool challenge_visible(enum challenge_phase phase, const enum role *role)
{
	return phase != PHASE_DRAFT || funnel_may(role, FUNNEL_MANAGE_CHALLENGES);
}

bool idea_status_parse(const char *id, enum idea_status *out)
{
	for (int i = 0; id != NULL && i < IDEA_STATUS__COUNT; i++)
		if (strcmp(idea_status_table[i].id, id) == 0) {
			*out = (enum idea_status)i;
			return true;
		}
	return false;
}

bool idea_status_change_ok(enum idea_status from, enum idea_status to)
{
	if (from >= IDEA_STATUS__COUNT || to >= IDEA_STATUS__COUNT || from == to)
		return false;
	if (from == IDEA_IMPLEMENTED || from == IDEA_MERGED)
		return false;
	if (from == IDEA_NOT_PURSUED)
		return to == IDEA_IN_REVIEW || to == IDEA_MERGED;
	if (to == IDEA_NOT_PURSUED || to == IDEA_MERGED)
		return true;
	return to > from; /* forward on the main line */
}

bool funnel_may(const enum role *r, enum funnel_action a)
{
	if (r == NULL)
		return false;
	switch (a) {
	case FUNNEL_MANAGE_CHALLENGES:
	case FUNNEL_SET_IDEA_STATUS: return role_can(*r, PERM_MANAGE_CONTENT);
	case FUNNEL_MODERATE: return role_can(*r, PERM_MODERATE);
	/* Like an official status: merging is one, and final. */
	case FUNNEL_MERGE_IDEAS: return role_can(*r, PERM_MANAGE_CONTENT);
	case FUNNEL_ACTION__COUNT: break;
	}
	return false;
}

enum support_verdict support_decide(const struct support_state *s)
{
	if (s->hidden)
		return SUPPORT_HIDDEN;
	/* Its supports went to the idea it was merged into: support that one. */
	if (s->merged)
		return SUPPORT_MERGED;
	if (s->in_challenge && s->phase != PHASE_OPEN)
		return SUPPORT_CLOSED;
	if (s->already)
		return SUPPORT_WITHDRAW;
	if (s->in_challenge && s->limit > 0 && s->used >= s->limit)
		return SUPPORT_LIMIT;
	return SUPPORT_ADD;
}

const char *support_refusal(enum support_verdict v)
{
	switch (v) {
	case SUPPORT_CLOSED:
		return N_(
			"This challenge is no longer open, so supports can no longer be given or withdrawn.");
	case SUPPORT_LIMIT:
		return N_(
			"You have used all the supports this challenge allows. Withdraw one to support this idea.");
	case SUPPORT_HIDDEN: return N_("This idea has been hidden by the moderators.");
	case SUPPORT_MERGED:
		return N_("This idea has been merged into another one, which has its supports now. "
			  "Support that one instead.");
	case SUPPORT_ADD:
	case SUPPORT_WITHDRAW: break;
	}
	return NULL;
}

bool idea_merge_target_parse(const char *text, int64_t *id)
{
	int64_t v = 0;
	size_t digits = 0;
	const char *p = text;

	if (p == NULL)
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#')
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 15) /* more ideas than any city has */
			return false;
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (digits == 0 || *p != '\0' || v == 0)
		return false;
	*id = v;
	return true;
}

const char *idea_merge_problem(const struct idea_merge_side *source,
			       const struct idea_merge_side *target)
{
	if (source->status == IDEA_MERGED)
		return N_("This idea has already been merged into another one.");
	if (!idea_status_change_ok(source->status, IDEA_MERGED))
		return N_("This idea is implemented: its status is final, so it cannot be merged.");
	if (!target->found)
		return N_("There is no idea with this number. Enter the number from its address "
			  "(/ideas/123).");
	if (target->id == source->id)
		return N_(
			"An idea cannot be merged into itself. Enter the number of the other idea.");
	if (target->status == IDEA_MERGED)
		return N_("That idea has been merged into another one itself. Merge into the idea "
			  "it was merged into.");
	if (target->hidden)
		return N_("That idea is hidden. Show it again before merging into it.");
	if (target->challenge_id != source->challenge_id)
		return N_(
			"That idea belongs to another challenge. Only ideas of the same challenge "
			"(or both of the open idea box) can be merged.");
	return NULL;
}

double funnel_trend_weight(int64_t t)
{
	return exp2((double)(t - FUNNEL_TREND_EPOCH) / (double)FUNNEL_TREND_HALF_LIFE_S);
}

struct funnel_random funnel_random_params(int64_t seed)
{
	const int64_t p = FUNNEL_RANDOM_P;
	uint64_t s = (uint64_t)(seed < 0 ? -(seed + 1) : seed);
	struct funnel_random r;

	/* Three parts of the seed, each spread over the field. */
	r.mult = (int64_t)(s % (uint64_t)(p - 1)) + 1;
	r.add = (int64_t)((s / (uint64_t)(p - 1)) % (uint64_t)p);
	r.mult2 = (int64_t)(((s >> 17) ^ (s * 2654435761u)) % (uint64_t)(p - 1)) + 1;
	return r;
}

int64_t funnel_random_key(int64_t id, const struct funnel_random *r)
{
	const int64_t p = FUNNEL_RANDOM_P;
	int64_t k = (id * r->mult + r->add) % p;
	return ((k * k) % p * r->mult2 + k) % p;
}

/* ---- validation ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t chars(const char *s)
{
	return s ? utf8_length(s, strlen(s)) : 0;
}

/* A single line: no control characters, no line breaks. */
static bool one_line(const char *s)
{
	return !utf8_has_controls(s, strlen(s)) && strpbrk(s, "\r\n\t") == NULL;
}

/* Parse a decimal coordinate; false when it is not a finite number. */
static bool parse_coord(const char *s, double *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	double v = strtod(s, &end);
	while (is_space(*end))
		end++;
	if (*end != '\0' || errno != 0 || !isfinite(v))
		return false;
	*out = v;
	return true;
}

#define PROBLEM(f, m)                          \
	do {                                   \
		problems[count].field = (f);   \
		problems[count].message = (m); \
		count++;                       \
	} while (0)

size_t idea_check(struct arena *a, const struct idea_input *in, struct idea_fields *out,
		  struct field_problem problems[FUNNEL_MAX_PROBLEMS])
{
	size_t count = 0;

	memset(out, 0, sizeof(*out));
	out->title = text_trim_dup(a, in->title);
	out->body = text_trim_dup(a, in->body);
	out->address = text_trim_dup(a, in->address);
	char *lat = text_trim_dup(a, in->lat), *lon = text_trim_dup(a, in->lon);
	if (out->title == NULL || out->body == NULL || out->address == NULL || lat == NULL ||
	    lon == NULL) {
		PROBLEM("title", N_("Something went wrong"));
		return count;
	}

	size_t n = chars(out->title);
	if (n == 0)
		PROBLEM("title", N_("Enter a title for your idea."));
	else if (n < IDEA_TITLE_MIN || n > IDEA_TITLE_MAX)
		PROBLEM("title", N_("The title needs 5 to 150 characters."));
	else if (!one_line(out->title))
		PROBLEM("title", N_("The title contains characters that are not allowed."));

	n = chars(out->body);
	if (n == 0)
		PROBLEM("body", N_("Describe your idea."));
	else if (n < IDEA_BODY_MIN || n > IDEA_BODY_MAX)
		PROBLEM("body", N_("The description needs 20 to 20,000 characters."));
	else if (utf8_has_controls(out->body, strlen(out->body)))
		PROBLEM("body", N_("The description contains characters that are not allowed."));

	/* A location is both coordinates or none: half a point is no place. */
	if (lat[0] != '\0' || lon[0] != '\0') {
		bool lat_ok = parse_coord(lat, &out->lat) && out->lat >= -90 && out->lat <= 90;
		bool lon_ok = parse_coord(lon, &out->lon) && out->lon >= -180 && out->lon <= 180;
		if (!lat_ok)
			PROBLEM("lat", N_("Enter a latitude between -90 and 90, or leave both "
					  "coordinates empty."));
		if (!lon_ok)
			PROBLEM("lon", N_("Enter a longitude between -180 and 180, or leave both "
					  "coordinates empty."));
		out->has_location = lat_ok && lon_ok;
	}

	n = chars(out->address);
	if (n > IDEA_ADDRESS_MAX)
		PROBLEM("address", N_("The address can have at most 200 characters."));
	else if (n > 0 && !one_line(out->address))
		PROBLEM("address", N_("The address contains characters that are not allowed."));
	if (n == 0)
		out->address = NULL;
	return count;
}

size_t challenge_check(struct arena *a, const struct challenge_input *in,
		       struct challenge_fields *out,
		       struct field_problem problems[FUNNEL_MAX_PROBLEMS])
{
	size_t count = 0;

	memset(out, 0, sizeof(*out));
	out->title = text_trim_dup(a, in->title);
	out->summary = text_trim_dup(a, in->summary);
	out->brief = text_trim_dup(a, in->brief);
	char *limit = text_trim_dup(a, in->supports_per_user);
	if (out->title == NULL || out->summary == NULL || out->brief == NULL || limit == NULL) {
		PROBLEM("title", N_("Something went wrong"));
		return count;
	}

	size_t n = chars(out->title);
	if (n < IDEA_TITLE_MIN || n > IDEA_TITLE_MAX)
		PROBLEM("title", N_("The title needs 5 to 150 characters."));
	else if (!one_line(out->title))
		PROBLEM("title", N_("The title contains characters that are not allowed."));

	n = chars(out->summary);
	if (n < 10 || n > CHALLENGE_SUMMARY_MAX)
		PROBLEM("summary", N_("The summary needs 10 to 300 characters."));
	else if (utf8_has_controls(out->summary, strlen(out->summary)))
		PROBLEM("summary", N_("The summary contains characters that are not allowed."));

	if (chars(out->brief) > CHALLENGE_BRIEF_MAX)
		PROBLEM("brief", N_("The brief can have at most 20,000 characters."));
	else if (utf8_has_controls(out->brief, strlen(out->brief)))
		PROBLEM("brief", N_("The brief contains characters that are not allowed."));

	if ((in->sectors & ((1u << SECTOR__COUNT) - 1)) == 0)
		PROBLEM("sectors", N_("Choose at least one sector the challenge addresses."));

	if (limit[0] != '\0') {
		char *end;
		errno = 0;
		long long v = strtoll(limit, &end, 10);
		if (*end != '\0' || errno != 0 || v < 1 || v > CHALLENGE_SUPPORTS_MAX)
			PROBLEM("supports_per_user", N_("Enter a number from 1 to 1000, or leave "
							"the field empty for no limit."));
		else
			out->supports_per_user = v;
	}

	/* Dates, where given, must follow the order of the phases. */
	int64_t last = 0;
	for (int p = PHASE_OPEN; p < PHASE__COUNT; p++) {
		int64_t at = in->schedule.starts[p];
		if (at == 0)
			continue;
		if (at < last) {
			PROBLEM(phase_table[p].date_field,
				N_("This date must not be before the date of an "
				   "earlier phase."));
			break;
		}
		last = at;
	}
	int64_t opens = in->schedule.starts[PHASE_OPEN];
	if (in->schedule.deadline != 0 && opens != 0 && in->schedule.deadline < opens)
		PROBLEM("deadline", N_("The deadline must not be before the opening date."));
	return count;
}

char *idea_answer_check(struct arena *a, const char *answer, const char **problem)
{
	return text_check(a, answer, IDEA_ANSWER_MAX, N_("Write the official answer."),
			  N_("The answer can have at most 5,000 characters."), problem);
}

#undef PROBLEM

/* ---- pictures ---- */

const char *upload_sniff_image(const unsigned char *p, size_t n)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

	if (p == NULL)
		return NULL;
	if (n >= sizeof(png) && memcmp(p, png, sizeof(png)) == 0)
		return "image/png";
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "image/jpeg";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

/* ---- similar ideas ---- */

/*
 * Lower-case a UTF-8 word in place: ASCII and the German capitals
 * Ä Ö Ü (C3 84, C3 96, C3 9C -> C3 A4, C3 B6, C3 BC).
 */
static void lower_word(char *w)
{
	for (unsigned char *p = (unsigned char *)w; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p - 'A' + 'a');
		else if (*p == 0xC3 && (p[1] == 0x84 || p[1] == 0x96 || p[1] == 0x9C)) {
			p[1] = (unsigned char)(p[1] + 0x20);
			p++;
		}
	}
}

static bool word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

size_t funnel_title_words(struct arena *a, const char *title, char **words, size_t max)
{
	enum { CANDIDATES = 32 };
	char *cand[CANDIDATES];
	size_t lens[CANDIDATES], n = 0;
	const unsigned char *p = (const unsigned char *)(title ? title : "");

	while (*p && n < CANDIDATES) {
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && word_byte(*p))
			p++;
		size_t bytes = (size_t)(p - start);
		if (bytes == 0 || utf8_length((const char *)start, bytes) < FUNNEL_WORD_MIN)
			continue;
		char *w = arena_strndup(a, (const char *)start, bytes);
		if (w == NULL)
			return 0;
		lower_word(w);
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = strcmp(cand[i], w) == 0;
		if (!seen) {
			cand[n] = w;
			lens[n] = utf8_length(w, bytes);
			n++;
		}
	}
	/* Longest first: long words say more about an idea than short ones. */
	size_t out = 0;
	while (out < max && out < n) {
		size_t best = out;
		for (size_t i = out + 1; i < n; i++)
			if (lens[i] > lens[best])
				best = i;
		char *tw = cand[out];
		size_t tl = lens[out];
		cand[out] = cand[best];
		lens[out] = lens[best];
		cand[best] = tw;
		lens[best] = tl;
		words[out] = cand[out];
		out++;
	}
	return out;
}
