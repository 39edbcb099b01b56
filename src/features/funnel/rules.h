/*
 * funnel.h - the rules of the innovation funnel, without I/O.
 *
 * A challenge walks through phases (draft -> open -> evaluation ->
 * decided -> implementation -> closed), each with an optional start date;
 * ideas answer it and walk through statuses; participants support ideas
 * (one support per idea, optionally limited per challenge) and discuss
 * them in threaded comments.  Everything here is decided from values the
 * caller has already loaded, so it is unit-tested without a server or a
 * database (tests/unit/test_funnel.c); web/ does the I/O around it.
 */
#ifndef OIC_DOMAIN_FUNNEL_H
#define OIC_DOMAIN_FUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "app/roles.h"

/* ---- challenge phases ---- */

enum challenge_phase {
	PHASE_DRAFT,
	PHASE_OPEN,
	PHASE_EVALUATION,
	PHASE_DECIDED,
	PHASE_IMPLEMENTATION,
	PHASE_CLOSED,
	PHASE__COUNT
};

struct phase_info {
	const char *id;		/* stored in challenges.phase: "open" */
	const char *label;	/* English msgid: "Open for ideas" */
	const char *date_field; /* form field of its start date, NULL for draft */
};

extern const struct phase_info phase_table[PHASE__COUNT];

/* Parse a phase id; false for anything else (including NULL). */
bool phase_parse(const char *id, enum challenge_phase *out);

/*
 * When each phase begins, in Unix seconds; 0 means "no date, only by
 * hand".  starts[PHASE_DRAFT] is unused.  deadline is the end of
 * submissions: when no evaluation date is set, evaluation begins there.
 */
struct challenge_schedule {
	int64_t starts[PHASE__COUNT];
	int64_t deadline;
};

/* The effective start of phase p (evaluation falls back to the deadline). */
int64_t challenge_phase_start(const struct challenge_schedule *s, enum challenge_phase p);

/*
 * The phase a challenge should be in at `now`: the latest phase after
 * `current` whose date has passed.  Phases never move backwards by date,
 * and a draft leaves draft only through its opening date (or by hand), so
 * a forgotten draft with old dates is not published by accident.
 */
enum challenge_phase challenge_phase_due(enum challenge_phase current,
					 const struct challenge_schedule *s, int64_t now);

/*
 * The next moment after `now` at which challenge_phase_due() will give a
 * different phase, or 0 when no date is ahead (for scheduling a job).
 */
int64_t challenge_next_change(enum challenge_phase current, const struct challenge_schedule *s,
			      int64_t now);

/*
 * A phase set by hand must stick: dates of later phases that have
 * already passed would move the challenge on at once, so they are
 * cleared in s.  Dates still ahead are kept.
 */
void challenge_set_phase_by_hand(struct challenge_schedule *s, enum challenge_phase target,
				 int64_t now);

/* Whether the challenge takes new ideas now (open, deadline not passed). */
bool challenge_accepts_ideas(enum challenge_phase phase, int64_t deadline, int64_t now);

/* Whether a role may see a challenge in this phase (drafts: managers). */
bool challenge_visible(enum challenge_phase phase, const enum role *role);

/* ---- idea statuses ---- */

enum idea_status {
	IDEA_SUBMITTED,
	IDEA_IN_REVIEW,
	IDEA_SHORTLISTED,
	IDEA_SELECTED,
	IDEA_PILOTING,
	IDEA_IMPLEMENTED,
	IDEA_NOT_PURSUED,
	IDEA_MERGED,
	IDEA_STATUS__COUNT
};

struct idea_status_info {
	const char *id;	   /* stored in ideas.status */
	const char *label; /* English msgid */
};

extern const struct idea_status_info idea_status_table[IDEA_STATUS__COUNT];

/* Parse a status id; false for anything else (including NULL). */
bool idea_status_parse(const char *id, enum idea_status *out);

/*
 * Whether an idea may move from one status to another: forward along
 * submitted -> in review -> shortlisted -> selected -> piloting ->
 * implemented (steps may be skipped), or off the line to "not pursued" or
 * "merged" from any status before "implemented"; an idea not pursued may
 * be taken up again (in review).  Implemented and merged are final.
 * Moving to the same status is no change and not allowed.
 */
bool idea_status_change_ok(enum idea_status from, enum idea_status to);

/* ---- who may do what ---- */

/* The moderators' public reason for hiding a post, in characters. */
enum { FUNNEL_HIDE_REASON_MAX = 300 };

enum funnel_action {
	FUNNEL_MANAGE_CHALLENGES, /* create, edit, change phases; see drafts */
	FUNNEL_SET_IDEA_STATUS,	  /* answer ideas officially */
	FUNNEL_MODERATE,	  /* see and hide hidden ideas */
	FUNNEL_MERGE_IDEAS,	  /* merge a duplicate into another idea */
	FUNNEL_ACTION__COUNT
};

/* Whether role r may do a; NULL role (anonymous) may do nothing. */
bool funnel_may(const enum role *r, enum funnel_action a);

/* ---- supports ---- */

enum support_verdict {
	SUPPORT_ADD,	  /* add a support */
	SUPPORT_WITHDRAW, /* take the existing support back */
	SUPPORT_CLOSED,	  /* the challenge is not open: counts are frozen */
	SUPPORT_LIMIT,	  /* the per-challenge limit is used up */
	SUPPORT_HIDDEN,	  /* the idea is hidden */
	SUPPORT_MERGED,	  /* the idea was merged into another one */
};

/* What a participant's support request means for an idea. */
struct support_state {
	bool in_challenge;	    /* false: the open idea box */
	enum challenge_phase phase; /* of the challenge */
	bool hidden;		    /* the idea is hidden */
	bool merged;		    /* the idea was merged into another one */
	bool already;		    /* this account supports the idea */
	int64_t used;		    /* supports of this account in the challenge */
	int64_t limit;		    /* supports_per_user, 0 = no limit */
};

/*
 * A support toggles: given while the challenge is open and the limit not
 * used up, withdrawn when given before.  Ideas of the open idea box take
 * supports at any time.  Withdrawing is refused too once the challenge
 * has left "open", so that evaluators judge a stable count.
 */
enum support_verdict support_decide(const struct support_state *s);

/* English msgid explaining a refusal (CLOSED, LIMIT, HIDDEN, MERGED), else NULL. */
const char *support_refusal(enum support_verdict v);

/*
 * Trending: each support adds 2^((t - FUNNEL_TREND_EPOCH) / 3 days) to
 * ideas.trend, so a support three days younger weighs twice as much and
 * ordering by trend ranks recent support first (a half-life of three
 * days, kept as one column instead of a decaying sum).  A double holds
 * the weight until about 2034 (2^1023); before then the epoch must move
 * and trends be rescaled, which ordering does not notice.
 */
enum { FUNNEL_TREND_EPOCH = 1767225600 /* 2026-01-01 */, FUNNEL_TREND_HALF_LIFE_S = 259200 };

/* The weight of a support given at time t. */
double funnel_trend_weight(int64_t t);

/* ---- merging duplicates ---- */

/* What the merge rules need of each idea, as locked in the transaction. */
struct idea_merge_side {
	int64_t id;
	int64_t challenge_id; /* 0: the open idea box */
	enum idea_status status;
	bool found;
	bool hidden;
};

/*
 * The number of the idea to merge into, as typed ("42", "#42", spaces
 * around): true with *id set, false for anything else (empty, letters,
 * zero, too long).
 */
bool idea_merge_target_parse(const char *text, int64_t *id);

/*
 * Whether the duplicate source may be merged into target: NULL, or the
 * English msgid of the refusal, shown at the target's field.  Refused:
 * a source that is merged already or whose status is final
 * (idea_status_change_ok), a target that does not exist, is the source,
 * is merged itself (merge into the idea it went into), is hidden, or is
 * in another challenge (or in the open idea box while the source is in a
 * challenge, or the other way round): supports count against the limit
 * of their challenge and are judged in its phases, so they cannot cross.
 */
const char *idea_merge_problem(const struct idea_merge_side *source,
			       const struct idea_merge_side *target);

/* ---- stable random order ---- */

/*
 * A visitor's random order: every idea gets the key
 *	k   = (id * mult + add) mod P
 *	key = ((k * k mod P) * mult2 + k) mod P,  P = 2^31 - 1
 * with mult, add and mult2 derived from the visitor's seed.  The same
 * integer arithmetic runs in SQL (features/funnel/statements.def) on both engines:
 * every product stays below 2^62 for ids below 2^31.  The quadratic step
 * makes different seeds give different orders, not rotations of one.
 */
struct funnel_random {
	int64_t mult;  /* 1 .. P-1 */
	int64_t add;   /* 0 .. P-1 */
	int64_t mult2; /* 1 .. P-1 */
};

enum { FUNNEL_RANDOM_P = 2147483647 };

/* The parameters of a seed (any non-negative 62-bit number). */
struct funnel_random funnel_random_params(int64_t seed);

/* The key of idea id under r, as the SQL computes it. */
int64_t funnel_random_key(int64_t id, const struct funnel_random *r);

/* ---- limits of ideas and challenges ---- */

enum {
	IDEA_TITLE_MIN = 5,	      /* characters */
	IDEA_TITLE_MAX = 150,	      /* characters */
	IDEA_BODY_MIN = 20,	      /* characters */
	IDEA_BODY_MAX = 20000,	      /* characters */
	IDEA_ADDRESS_MAX = 200,	      /* characters */
	IDEA_ANSWER_MAX = 5000,	      /* characters */
	CHALLENGE_SUMMARY_MAX = 300,  /* characters */
	CHALLENGE_BRIEF_MAX = 20000,  /* characters */
	CHALLENGE_SUPPORTS_MAX = 1000 /* largest per-user limit */
};

/* ---- validation ---- */

/* What a form sent for an idea (raw strings; NULL when missing). */
struct idea_input {
	const char *title;
	const char *body;
	const char *lat;
	const char *lon;
	const char *address;
};

/* The normalised idea: trimmed text, empty optional fields as NULL. */
struct idea_fields {
	char *title;
	char *body;
	char *address;
	bool has_location;
	double lat;
	double lon;
};

enum { FUNNEL_MAX_PROBLEMS = 8 };

/*
 * Validate an idea: title 5..150 characters, body 20..20000, latitude
 * -90..90 and longitude -180..180 given together (or neither), address
 * at most 200.  Fills problems (in form order, field names as in the
 * form, messages English msgids) and returns their count; on 0, out holds
 * the normalised values in arena a.
 */
size_t idea_check(struct arena *a, const struct idea_input *in, struct idea_fields *out,
		  struct field_problem problems[FUNNEL_MAX_PROBLEMS]);

/* What a form sent for a challenge; dates are parsed by the caller. */
struct challenge_input {
	const char *title;
	const char *summary;
	const char *brief;
	const char *supports_per_user; /* "" or NULL: no limit */
	unsigned sectors;	       /* bit per enum sector */
	struct challenge_schedule schedule;
};

struct challenge_fields {
	char *title;
	char *summary;
	char *brief;
	int64_t supports_per_user; /* 0: no limit */
};

/*
 * Validate a challenge: title 5..150, summary 10..300, brief at most
 * 20000, at least one sector, a limit of 1..1000 supports if any, and
 * phase dates in phase order.  Like idea_check().
 */
size_t challenge_check(struct arena *a, const struct challenge_input *in,
		       struct challenge_fields *out,
		       struct field_problem problems[FUNNEL_MAX_PROBLEMS]);

/*
 * Validate an official answer: 1..5000 characters after trimming; like
 * comment_check() (discussion).
 */
char *idea_answer_check(struct arena *a, const char *answer, const char **problem);

/* ---- pictures ---- */

enum {
	UPLOAD_IMAGE_MAX_BYTES = 5 * 1024 * 1024, /* as uploaded */
	UPLOAD_IMAGE_MAX_PIXELS = 40000000,	  /* 40 megapixels decoded */
	UPLOAD_IMAGE_MAX_SIDE = 2560,		  /* longest side as published */
	UPLOAD_THUMB_SIDE = 320,		  /* square thumbnails */
};

/*
 * The type of an uploaded picture by its first bytes (PNG, JPEG, WebP),
 * whatever its name or declared type says; NULL for anything else.
 */
const char *upload_sniff_image(const unsigned char *p, size_t n);

/* ---- similar ideas ---- */

enum { FUNNEL_SIMILAR_WORDS = 4, FUNNEL_WORD_MIN = 4 };

/*
 * The words of a title worth comparing: at least 4 characters, lower-case
 * (ASCII and German umlauts), no duplicates, the longest first, at most
 * max.  Words are copies in a; returns their count.
 */
size_t funnel_title_words(struct arena *a, const char *title, char **words, size_t max);

#endif
