/*
 * rules.c - the back office's rules; see rules.h.
 */
#include "features/office/rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/civil.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"

const char *office_role_change_problem(int64_t actor, int64_t target, enum role from, enum role to,
				       int64_t other_admins)
{
	if (actor == target)
		return N_("You cannot change your own role. Another administrator can.");
	if (from == to)
		return N_("This account has this role already. Choose another one.");
	if (from == ROLE_ADMIN && other_admins == 0)
		return N_("This is the last administrator. Give another account this role first.");
	return NULL;
}

const char *office_ban_problem(struct arena *a, int64_t actor, int64_t target, bool ban,
			       bool banned, enum role role, int64_t other_admins,
			       const char *reason, const char **reason_out, const char **field)
{
	*field = "ban";
	*reason_out = NULL;
	if (actor == target)
		return N_("You cannot ban your own account.");
	if (!ban)
		return banned ? NULL : N_("This account is not banned.");
	if (banned)
		return N_("This account is banned already.");
	if (role == ROLE_ADMIN && other_admins == 0)
		return N_("This is the last administrator. It cannot be banned.");
	*field = "reason";
	const char *r = text_trim_dup(a, reason ? reason : "");
	if (r == NULL || r[0] == '\0')
		return N_("Give the reason for the ban. It is kept in the audit log.");
	if (utf8_length(r, strlen(r)) > OFFICE_BAN_REASON_MAX)
		return N_("The reason can have at most 500 characters.");
	*reason_out = r;
	return NULL;
}

size_t office_account_filter_check(struct arena *a, const char *q, const char *role,
				   struct office_account_filter *out,
				   struct field_problem problems[2])
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->query = text_trim_dup(a, q ? q : "");
	if (out->query == NULL)
		out->query = "";
	if (utf8_length(out->query, strlen(out->query)) > OFFICE_QUERY_MAX)
		problems[n++] = (struct field_problem){
			"q", N_("The search can have at most 100 characters.")};
	if (role != NULL && role[0] != '\0') {
		out->has_role = role_parse(role, &out->role);
		if (!out->has_role)
			problems[n++] =
				(struct field_problem){"role", N_("There is no such role.")};
	}
	return n;
}

/* Lower-case letters, digits, '.' and '_': the shape of every action id. */
static bool action_shaped(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '_'))
			return false;
	return true;
}

/* A positive decimal account id, at most 18 digits. */
static bool parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t len = strlen(s);

	if (len == 0 || len > 18)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return v > 0;
}

size_t office_audit_filter_check(const char *actor, const char *action, const char *subject,
				 const char *from, const char *to, struct office_audit_filter *out,
				 struct field_problem problems[OFFICE_AUDIT_FIELDS])
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->action = action ? action : "";
	out->subject = subject ? subject : "";
	if (actor != NULL && actor[0] != '\0' && !parse_id(actor, &out->actor))
		problems[n++] = (struct field_problem){
			"actor", N_("Give the number of an account, such as 12.")};
	if (strlen(out->action) > OFFICE_ACTION_MAX || !action_shaped(out->action))
		problems[n++] = (struct field_problem){
			"action",
			N_("An action is written like idea.status: small letters, digits, "
			   "dots and underscores.")};
	if (strlen(out->subject) > OFFICE_SUBJECT_MAX)
		problems[n++] = (struct field_problem){
			"subject", N_("A subject can have at most 200 characters.")};
	if (from != NULL && from[0] != '\0') {
		out->has_from = civil_parse_date(from, &out->from_y, &out->from_m, &out->from_d);
		if (!out->has_from)
			problems[n++] = (struct field_problem){
				"from", N_("Give a date such as 2026-03-31.")};
	}
	if (to != NULL && to[0] != '\0') {
		out->has_to = civil_parse_date(to, &out->to_y, &out->to_m, &out->to_d);
		if (!out->has_to)
			problems[n++] =
				(struct field_problem){"to", N_("Give a date such as 2026-03-31.")};
	}
	if (out->has_from && out->has_to &&
	    (out->to_y * 10000 + out->to_m * 100 + out->to_d <
	     out->from_y * 10000 + out->from_m * 100 + out->from_d))
		problems[n++] = (struct field_problem){
			"to", N_("The last day cannot be before the first day.")};
	return n;
}

char *office_like_pattern(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	char *out = arena_alloc(a, 2 * len + 3);

	if (out == NULL)
		return NULL;
	size_t k = 0;
	out[k++] = '%';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			out[k++] = '\\';
		out[k++] = s[i];
	}
	out[k++] = '%';
	out[k] = '\0';
	return out;
}

const char *office_retention_check(const char *in, int *days)
{
	const char *v = in ? in : "";
	size_t len = strlen(v);
	bool digits = len > 0 && len <= 4;

	for (size_t i = 0; digits && i < len; i++)
		digits = v[i] >= '0' && v[i] <= '9';
	*days = digits ? atoi(v) : -1;
	if (*days == 0 || (*days >= OFFICE_RETENTION_MIN && *days <= OFFICE_RETENTION_MAX))
		return NULL;
	*days = 0;
	return N_("Give 0 to keep the audit log for ever, or 30 to 3650 days.");
}

/* ---- analytics ---- */

double office_balance_ratio(const int64_t count[SECTOR__COUNT],
			    const double target_pct[SECTOR__COUNT])
{
	int64_t total = 0;
	double lo = 0, hi = 0;
	bool any = false;

	for (int s = 0; s < SECTOR__COUNT; s++)
		total += count[s];
	if (total <= 0)
		return -1;
	for (int s = 0; s < SECTOR__COUNT; s++) {
		if (!(target_pct[s] > 0))
			continue;
		double r = ((double)count[s] / (double)total) / (target_pct[s] / 100.0);
		if (!any || r < lo)
			lo = r;
		if (!any || r > hi)
			hi = r;
		any = true;
	}
	if (!any || !(hi > 0))
		return any ? 0 : -1;
	return lo / hi;
}

double office_gini(const struct office_bucket *b, size_t n)
{
	double accounts = 0, sum = 0, weighted = 0;

	/*
	 * The accounts of a bucket hold ranks r+1 .. r+k, all with value x:
	 * their part of sum(i * x_i) is x * (k * r + k * (k + 1) / 2).
	 */
	for (size_t i = 0; i < n; i++) {
		double k = (double)b[i].accounts, x = (double)b[i].contributions;
		if (k <= 0 || x <= 0)
			continue;
		weighted += x * (k * accounts + k * (k + 1) / 2);
		sum += x * k;
		accounts += k;
	}
	if (accounts == 0 || sum == 0)
		return 0;
	return 2 * weighted / (accounts * sum) - (accounts + 1) / accounts;
}

size_t office_targets_check(const char *const in[SECTOR__COUNT], int out_pct[SECTOR__COUNT],
			    struct field_problem problems[SECTOR__COUNT + 1])
{
	static const char *const fields[SECTOR__COUNT] = {"target-government", "target-research",
							  "target-business", "target-civil"};
	size_t n = 0;
	int sum = 0;

	for (int s = 0; s < SECTOR__COUNT; s++) {
		const char *v = in[s] ? in[s] : "";
		size_t len = strlen(v);
		bool digits = len > 0 && len <= 3;
		for (size_t i = 0; digits && i < len; i++)
			digits = v[i] >= '0' && v[i] <= '9';
		out_pct[s] = digits ? atoi(v) : -1;
		if (!digits || out_pct[s] > 100) {
			problems[n++] = (struct field_problem){
				fields[s], N_("Give a whole percentage from 0 to 100.")};
			out_pct[s] = 0;
		}
		sum += out_pct[s];
	}
	if (n == 0 && sum != 100)
		problems[n++] = (struct field_problem){
			"targets", N_("The four target shares must add up to 100 %.")};
	return n;
}

size_t office_period_check(const char *from, const char *to, int today_y, int today_m, int today_d,
			   struct office_period *out, struct field_problem problems[2])
{
	size_t n = 0;
	int64_t year;

	memset(out, 0, sizeof(*out));
	out->to_y = today_y, out->to_m = today_m, out->to_d = today_d;
	if (to != NULL && to[0] != '\0' &&
	    !civil_parse_date(to, &out->to_y, &out->to_m, &out->to_d))
		problems[n++] = (struct field_problem){"to", N_("Give a date such as 2026-03-31.")};
	int64_t last = civil_days(out->to_y, out->to_m, out->to_d);
	civil_from_days(last - (OFFICE_PERIOD_DAYS_DEFAULT - 1), &year, &out->from_m, &out->from_d);
	out->from_y = (int)year;
	if (from != NULL && from[0] != '\0' &&
	    !civil_parse_date(from, &out->from_y, &out->from_m, &out->from_d))
		problems[n++] =
			(struct field_problem){"from", N_("Give a date such as 2026-03-31.")};
	if (n > 0)
		return n;
	out->days = last - civil_days(out->from_y, out->from_m, out->from_d) + 1;
	if (out->days < 1)
		problems[n++] = (struct field_problem){
			"to", N_("The last day cannot be before the first day.")};
	else if (out->days > OFFICE_PERIOD_DAYS_MAX)
		problems[n++] = (struct field_problem){
			"from", N_("A period can be two years long at most.")};
	return n;
}

void office_funnel_reached(const int64_t by_rank[OFFICE_FUNNEL_STAGES],
			   int64_t reached[OFFICE_FUNNEL_STAGES])
{
	int64_t acc = 0;
	for (int r = OFFICE_FUNNEL_STAGES - 1; r >= 0; r--) {
		acc += by_rank[r] > 0 ? by_rank[r] : 0;
		reached[r] = acc;
	}
}

size_t office_day_segments(const int64_t *midnights, size_t days, int64_t first_day,
			   struct office_day_segment *out)
{
	size_t n = 0;

	for (size_t i = 0; i < days; i++) {
		int64_t len = midnights[i + 1] - midnights[i];
		if (len == 86400 && n > 0 && out[n - 1].divisor == 86400 &&
		    out[n - 1].end == midnights[i]) {
			out[n - 1].end = midnights[i + 1];
			continue;
		}
		out[n++] = (struct office_day_segment){midnights[i], midnights[i + 1],
						       len == 86400 ? 86400 : 2 * 86400,
						       first_day + (int64_t)i};
	}
	return n;
}

void office_days_split(int64_t first, int64_t last, int64_t today, int64_t runs_first,
		       int64_t runs_last, int64_t runs_count, struct office_days_split *out)
{
	int64_t from = first > runs_first ? first : runs_first;
	int64_t end = last < runs_last ? last : runs_last;

	if (end > today - 1)
		end = today - 1;
	out->head_to = first - 1;
	out->agg_from = first;
	out->agg_to = first - 1;
	out->raw_from = first;
	if (runs_count <= 0 || runs_count != runs_last - runs_first + 1 || end < from)
		return;
	out->head_to = from - 1;
	out->agg_from = from;
	out->agg_to = end;
	out->raw_from = end + 1;
}

/* ---- moderation ---- */

const struct report_reason office_report_reasons[OFFICE_REPORT_REASONS] = {
	{"spam", N_("Spam or advertising")},
	{"insult", N_("Insult, threat or harassment")},
	{"personal_data", N_("Personal data of other people")},
	{"off_topic", N_("Off topic")},
	{"other", N_("Something else (please describe it)")},
};

const char *office_report_reason_label(const char *id)
{
	for (int i = 0; id != NULL && i < OFFICE_REPORT_REASONS; i++)
		if (strcmp(office_report_reasons[i].id, id) == 0)
			return office_report_reasons[i].label;
	return NULL;
}

const char *office_report_check(struct arena *a, const char *reason, const char *details,
				const char **details_out, const char **field)
{
	const char *problem = NULL;

	*details_out = NULL;
	*field = "reason";
	if (office_report_reason_label(reason) == NULL)
		return N_("Choose why you report this.");
	*field = "details";
	char *text = text_trim_dup(a, details);
	if (text == NULL)
		return N_("Something went wrong");
	if (text[0] == '\0') {
		if (strcmp(reason, "other") == 0)
			return N_("Describe what is wrong.");
		*details_out = text;
		return NULL;
	}
	text = text_check(a, text, OFFICE_REPORT_DETAILS_MAX, NULL,
			  N_("The description can be at most 1000 characters long."), &problem);
	*details_out = text;
	return problem;
}

/* Whether the entry s[0..n) has a letter or digit (a '*' alone holds every word). */
static bool has_word_char(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || (s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
			return true;
	return false;
}

const char *office_held_words_normalise(struct arena *a, const char *typed, const char **problem)
{
	struct buf out;
	size_t entries = 0;
	const char *seen[OFFICE_HELD_WORDS_MAX];
	size_t seen_len[OFFICE_HELD_WORDS_MAX];

	*problem = NULL;
	buf_init(&out, a);
	for (const char *e = typed ? typed : ""; *e != '\0';) {
		size_t len = strcspn(e, ",\n");
		const char *start = e, *end = e + len;
		e = *end != '\0' ? end + 1 : end;
		while (start < end && (*start == ' ' || *start == '\t' || *start == '\r'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			end--;
		size_t n = (size_t)(end - start);
		if (n == 0)
			continue;
		if (utf8_length(start, n) > OFFICE_HELD_WORD_LEN || utf8_has_controls(start, n) ||
		    !has_word_char(start, n)) {
			*problem = N_(
				"Each held word is one word of at most 60 characters, with letters "
				"(a * at its end holds every word it begins).");
			break;
		}
		bool repeat = false;
		for (size_t k = 0; k < entries && !repeat; k++)
			repeat = seen_len[k] == n && memcmp(seen[k], start, n) == 0;
		if (repeat)
			continue;
		if (entries == OFFICE_HELD_WORDS_MAX) {
			*problem = N_("At most 200 held words.");
			break;
		}
		seen[entries] = start;
		seen_len[entries++] = n;
		if (out.len > 0)
			buf_putc(&out, '\n');
		buf_append(&out, start, n);
	}
	if (out.oom)
		*problem = N_("Something went wrong");
	return *problem == NULL ? buf_cstr(&out) : NULL;
}

/* ---- expert evaluation ---- */

const char *const office_eval_default_criteria[OFFICE_EVAL_DEFAULTS] = {
	N_("Impact"), N_("Feasibility"), N_("Novelty"), N_("Fit with the city's strategy")};

/* A whole number 0..max with optional spaces around; false otherwise. */
static bool small_number(const char *s, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t digits = 0;

	if (s == NULL)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (digits == 0 || *s != '\0')
		return false;
	*out = v;
	return true;
}

const char *office_eval_weight_parse(const char *s, int64_t *out)
{
	if (!small_number(s, OFFICE_EVAL_WEIGHT_MAX, out))
		return N_("Give the weight as a whole number from 0 to 100.");
	return NULL;
}

const char *office_eval_weights_problem(const int64_t *weights, size_t n)
{
	int64_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += weights[i];
	if (n == 0 || sum <= 0)
		return N_("The weights must add up to more than 0: give at least one criterion a "
			  "weight.");
	return NULL;
}

const char *office_eval_score_parse(const char *s, int64_t *out)
{
	if (!small_number(s, OFFICE_EVAL_SCORE_MAX, out) || *out < OFFICE_EVAL_SCORE_MIN)
		return N_("Choose a score from 1 to 5.");
	return NULL;
}

double office_eval_total(const int64_t *scores, const int64_t *weights, size_t n)
{
	int64_t sum = 0, wsum = 0;

	for (size_t i = 0; i < n; i++) {
		sum += scores[i] * weights[i];
		wsum += weights[i];
	}
	return wsum > 0 ? (double)sum / (double)wsum : 0;
}

double office_eval_mean(const double *v, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	return n > 0 ? sum / (double)n : 0;
}

double office_eval_spread(const double *v, size_t n)
{
	if (n < 2)
		return 0;
	double mean = office_eval_mean(v, n), sq = 0;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - mean) * (v[i] - mean);
	return sqrt(sq / (double)n);
}

bool office_eval_disagree(double spread)
{
	return spread >= 1.0 - 1e-9; /* 1.0 computed as 0.99999... still counts */
}
