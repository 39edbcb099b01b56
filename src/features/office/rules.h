/*
 * rules.h - the rules of the Innovation Office's back office, without
 * I/O: who may give which role to whom, and the checks of the filters of
 * the accounts list and the audit log (the handlers of features/office/ do the I/O
 * around them; tests/unit/test_office.c tests this).
 */
#ifndef OIC_OFFICE_RULES_H
#define OIC_OFFICE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "app/roles.h"
#include "app/sector.h"

enum {
	OFFICE_PAGE = 50,	     /* rows per page of a back-office list */
	OFFICE_QUERY_MAX = 100,	     /* characters of an accounts search */
	OFFICE_BAN_REASON_MAX = 500, /* characters of a ban's reason */
	OFFICE_ACTION_MAX = 64,	     /* bytes of an audit action ("idea.status") */
	OFFICE_SUBJECT_MAX = 200,    /* bytes of an audit subject ("idea:12") */
};

/*
 * Why the account actor may not change the role of account target from
 * `from` to `to` while `other_admins` other accounts are administrators
 * who are not banned (an English msgid), or NULL when it may.  Nobody changes their own role (another
 * administrator must), the last administrator stays one, and a change
 * must change something.
 */
const char *office_role_change_problem(int64_t actor, int64_t target, enum role from, enum role to,
				       int64_t other_admins);

/*
 * Why the account actor may not ban (ban) or unban (!ban) account target,
 * which is banned already or not (banned) and has the role role, while
 * `other_admins` other accounts are administrators who are not banned
 * (an English msgid), or NULL when it may.  Nobody bans themselves, the last
 * administrator is never banned, a ban needs a reason of at most
 * OFFICE_BAN_REASON_MAX characters (trimmed into *reason_out), and each
 * must change something.  *field is the form field the problem belongs to.
 */
const char *office_ban_problem(struct arena *a, int64_t actor, int64_t target, bool ban,
			       bool banned, enum role role, int64_t other_admins,
			       const char *reason, const char **reason_out, const char **field);

/* The accounts list's filter: a search in names and e-mail addresses and a role. */
struct office_account_filter {
	const char *query; /* trimmed, "" for none */
	bool has_role;
	enum role role;
};

/*
 * Check the accounts list's query parameters (q, role; NULL for absent;
 * the query is trimmed into a):
 * fills out and returns the number of problems written to problems.
 */
size_t office_account_filter_check(struct arena *a, const char *q, const char *role,
				   struct office_account_filter *out,
				   struct field_problem problems[2]);

/* The audit log's filter. */
struct office_audit_filter {
	int64_t actor;	     /* account id, 0 for anyone */
	const char *action;  /* "" for any; "idea" also matches "idea.status" */
	const char *subject; /* "" for any; exact ("idea:12") */
	bool has_from, has_to;
	int from_y, from_m, from_d; /* first day shown */
	int to_y, to_m, to_d;	    /* last day shown */
};

enum { OFFICE_AUDIT_FIELDS = 5 };

/*
 * Check the audit log's query parameters (actor, action, subject, from,
 * to; NULL for absent); fills out and returns the number of problems.
 * Values point into the inputs.
 */
size_t office_audit_filter_check(const char *actor, const char *action, const char *subject,
				 const char *from, const char *to, struct office_audit_filter *out,
				 struct field_problem problems[OFFICE_AUDIT_FIELDS]);

/*
 * s with the characters LIKE treats specially ('%', '_', '\') escaped
 * with '\', between two '%': a pattern that matches s anywhere (for
 * "LIKE $n ESCAPE '\'"), in arena a; NULL when out of memory.
 */
char *office_like_pattern(struct arena *a, const char *s);

/*
 * How many days the audit log keeps its rows, as typed: 0 (for ever) or
 * OFFICE_RETENTION_MIN to OFFICE_RETENTION_MAX days.  NULL when fine (the
 * days in *days), else the problem (an English msgid).
 */
enum { OFFICE_RETENTION_MIN = 30, OFFICE_RETENTION_MAX = 3650 };
const char *office_retention_check(const char *in, int *days);

/* ---- analytics ---- */

enum {
	OFFICE_PERIOD_DAYS_MAX = 731, /* a period of analytics: two years at most */
	OFFICE_PERIOD_DAYS_DEFAULT = 84,
	OFFICE_FUNNEL_STAGES =
		6, /* submitted, in review, shortlisted, selected, piloting, implemented */
};

/*
 * The quadruple-helix balance ratio: for each sector with a target share
 * above 0, its share of the total divided by its target share; R is the
 * smallest of these divided by the largest (1: every sector in
 * proportion to its target; 0: a targeted sector is missing).  count[s]
 * is what sector s did (active participants or contributions),
 * target_pct[s] its target share in percent.  -1 when nothing was done
 * or no sector has a target.
 */
double office_balance_ratio(const int64_t count[SECTOR__COUNT],
			    const double target_pct[SECTOR__COUNT]);

/* How many accounts made exactly `contributions` contributions. */
struct office_bucket {
	int64_t contributions;
	int64_t accounts;
};

/*
 * The Gini coefficient of contributions per account, from buckets in
 * ascending order of contributions (the accounts that made at least
 * one): 0 when every account did as much, towards 1 when one account
 * did everything.  G = 2 * sum(i * x_i) / (n * sum(x_i)) - (n + 1) / n
 * over the values x_1 <= ... <= x_n.  0 for no account.
 */
double office_gini(const struct office_bucket *b, size_t n);

/*
 * The target shares of the four sectors as typed (whole percents, in
 * the order of sector_table): each 0 to 100, together 100.  Fills
 * out_pct; returns the number of problems (fields "target-<sector id>",
 * or "targets" for the sum).
 */
size_t office_targets_check(const char *const in[SECTOR__COUNT], int out_pct[SECTOR__COUNT],
			    struct field_problem problems[SECTOR__COUNT + 1]);

/*
 * The period of analytics from "from" and "to" (days, NULL or "" for the
 * default: the OFFICE_PERIOD_DAYS_DEFAULT days up to today_*), at most
 * OFFICE_PERIOD_DAYS_MAX days, the last day not before the first.
 * Returns the number of problems (fields "from", "to").
 */
struct office_period {
	int from_y, from_m, from_d;
	int to_y, to_m, to_d; /* the last day, included */
	int64_t days;
};
size_t office_period_check(const char *from, const char *to, int today_y, int today_m, int today_d,
			   struct office_period *out, struct field_problem problems[2]);

/*
 * Ideas that reached at least each stage of the funnel, from how many
 * ideas got furthest to stage r (by_rank[r], r < OFFICE_FUNNEL_STAGES).
 */
void office_funnel_reached(const int64_t by_rank[OFFICE_FUNNEL_STAGES],
			   int64_t reached[OFFICE_FUNNEL_STAGES]);

/*
 * The daily aggregates of analytics (the job analytics.days).  Days are
 * days of the platform's zone, numbered as days since 1970-01-01 of
 * their date.
 *
 * A run of days cut where the clocks change, so that one grouped query
 * over the seconds [start, end) finds each row's day as
 * first_day + (time - start) / divisor: a run of days of 86,400 seconds
 * each (divisor 86,400), or one day of another length (23 or 25 hours;
 * divisor 2 * 86,400, so all of it is first_day).
 */
struct office_day_segment {
	int64_t start, end, divisor, first_day;
};

/*
 * The segments of the days first_day .. first_day + days - 1 whose
 * midnights (seconds) are midnights[0 .. days] (the last one ends the
 * last day), into out (room for days segments); returns how many.
 */
size_t office_day_segments(const int64_t *midnights, size_t days, int64_t first_day,
			   struct office_day_segment *out);

/*
 * Which days of a period [first, last] come from the aggregates and
 * which from the rows, when the job computed the days runs_first ..
 * runs_last (runs_count rows; 0 for none, or when they do not fit the
 * zone): the aggregated days are [agg_from, agg_to] (agg_from > agg_to:
 * none), complete days before today, and only when the computed days
 * have no gap; the rows count the days before them, [first, head_to]
 * (rows dated before the first row the job saw), and those after,
 * [raw_from, last].
 */
struct office_days_split {
	int64_t head_to, agg_from, agg_to, raw_from;
};
void office_days_split(int64_t first, int64_t last, int64_t today, int64_t runs_first,
		       int64_t runs_last, int64_t runs_count, struct office_days_split *out);

/* ---- moderation ---- */

enum {
	OFFICE_REPORT_DETAILS_MAX = 1000, /* characters of a report's text */
	OFFICE_HELD_WORDS_MAX = 200,	  /* entries of the held words */
	OFFICE_HELD_WORD_LEN = 60,	  /* characters of one entry */
};

/* Why somebody reports: the stored id and its label (a msgid). */
struct report_reason {
	const char *id;
	const char *label;
};
enum { OFFICE_REPORT_REASONS = 5 };
extern const struct report_reason office_report_reasons[OFFICE_REPORT_REASONS];

/* The label of a stored reason id (a msgid), or NULL. */
const char *office_report_reason_label(const char *id);

/*
 * A report's reason (one of office_report_reasons) and details (at most
 * OFFICE_REPORT_DETAILS_MAX characters; required for "other"): NULL when
 * fine, with *details_out trimmed in a; else the msgid of the problem and
 * in *field "reason" or "details".
 */
const char *office_report_check(struct arena *a, const char *reason, const char *details,
				const char **details_out, const char **field);

/*
 * The held words as typed (one per line or comma-separated) into the
 * stored form: trimmed, one per line, empty entries and repeats dropped.
 * NULL with *problem (a msgid) when there are more than
 * OFFICE_HELD_WORDS_MAX, one is longer than OFFICE_HELD_WORD_LEN or holds
 * a control character or no letter at all.
 */
const char *office_held_words_normalise(struct arena *a, const char *typed, const char **problem);

/* ---- expert evaluation ---- */

enum {
	OFFICE_EVAL_CRITERIA_MAX = 10,	/* criteria of a challenge */
	OFFICE_EVAL_NAME_MAX = 80,	/* characters of a criterion's name */
	OFFICE_EVAL_WEIGHT_MAX = 100,	/* a weight is 0..100 */
	OFFICE_EVAL_COMMENT_MAX = 2000, /* characters of an evaluator's comment */
	OFFICE_EVAL_SCORE_MIN = 1,
	OFFICE_EVAL_SCORE_MAX = 5,
};

/* The default criteria (msgids), stored with a challenge's first evaluator, 25 each. */
enum { OFFICE_EVAL_DEFAULTS = 4 };
extern const char *const office_eval_default_criteria[OFFICE_EVAL_DEFAULTS];

/*
 * A weight as typed: whole number 0..OFFICE_EVAL_WEIGHT_MAX (spaces
 * around allowed) into *out; NULL when fine, else the problem (a msgid).
 */
const char *office_eval_weight_parse(const char *s, int64_t *out);

/* Why these weights do not work together (a msgid: their sum is 0), or NULL. */
const char *office_eval_weights_problem(const int64_t *weights, size_t n);

/* A score as typed: 1..5 into *out; NULL when fine, else the problem (a msgid). */
const char *office_eval_score_parse(const char *s, int64_t *out);

/*
 * One evaluator's total of an idea: sum(score * weight) / sum(weight),
 * on the scale of the scores (1..5); 0 when the weights add up to 0.
 */
double office_eval_total(const int64_t *scores, const int64_t *weights, size_t n);

/* The mean of n values (0 when n is 0). */
double office_eval_mean(const double *v, size_t n);

/*
 * The standard deviation of n values around their mean, of the
 * population (divided by n: the evaluators are all there are), 0 for
 * fewer than two.
 */
double office_eval_spread(const double *v, size_t n);

/* Whether the evaluators disagree strongly: a spread of 1 point or more. */
bool office_eval_disagree(double spread);

#endif
