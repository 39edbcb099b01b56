/*
 * rules.c - the back office's rules; see rules.h.
 */
#include "features/office/rules.h"

#include <string.h>

#include "base/civil.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"

const char *office_role_change_problem(int64_t actor, int64_t target, enum role from, enum role to,
				       int64_t admins)
{
	if (actor == target)
		return N_("You cannot change your own role. Another administrator can.");
	if (from == to)
		return N_("This account has this role already. Choose another one.");
	if (from == ROLE_ADMIN && admins <= 1)
		return N_("This is the last administrator. Give another account this role first.");
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
