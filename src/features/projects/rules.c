/*
 * project.c - rules of pilot projects; see project.h.
 */
#include "features/projects/rules.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/i18n.h"
#include "base/utf8.h"

const struct project_status_info project_status_table[PROJECT_STATUS__COUNT] = {
	[PROJECT_PLANNED] = {"planned", N_("Planned")},
	[PROJECT_RUNNING] = {"running", N_("Running")},
	[PROJECT_COMPLETED] = {"completed", N_("Completed")},
	[PROJECT_STOPPED] = {"stopped", N_("Stopped")},
};

bool project_status_parse(const char *id, enum project_status *out)
{
	for (int i = 0; id != NULL && i < PROJECT_STATUS__COUNT; i++) {
		if (strcmp(project_status_table[i].id, id) == 0) {
			*out = (enum project_status)i;
			return true;
		}
	}
	return false;
}

bool project_may_manage(const enum role *r)
{
	return r != NULL && role_can(*r, PERM_MANAGE_CONTENT);
}

bool project_idea_ready(const char *idea_status)
{
	return idea_status != NULL &&
	       (strcmp(idea_status, "selected") == 0 || strcmp(idea_status, "piloting") == 0);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char *trim_dup(struct arena *a, const char *s)
{
	if (s == NULL)
		return arena_strdup(a, "");
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

static size_t chars(const char *s)
{
	return utf8_length(s, strlen(s));
}

/* A single line: no control characters, no line breaks. */
static bool one_line(const char *s)
{
	return !utf8_has_controls(s, strlen(s)) && strpbrk(s, "\r\n\t") == NULL;
}

/*
 * A whole number of digits, optionally grouped with '.', ',', ' ' or
 * '\'' as people write amounts ("120.000"); at most 18 digits.
 */
static bool parse_amount(const char *s, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 18)
				return false;
			v = v * 10 + (*s - '0');
		} else if ((*s != '.' && *s != ',' && *s != ' ' && *s != '\'') || digits == 0) {
			return false;
		}
	}
	if (digits == 0 || !(s[-1] >= '0' && s[-1] <= '9'))
		return false;
	*out = v;
	return true;
}

/* A decimal coordinate with '.' or ',' as the separator; finite. */
static bool parse_coord(struct arena *a, const char *s, double *out)
{
	char *copy = arena_strdup(a, s), *end;

	if (copy == NULL || *copy == '\0')
		return false;
	for (char *p = copy; *p != '\0'; p++) {
		if (*p == ',')
			*p = '.';
		/* strtod also reads hex, "inf" and "nan": plain decimals only. */
		else if (!(*p >= '0' && *p <= '9') && *p != '.' && *p != '-' && *p != '+')
			return false;
	}
	errno = 0;
	double v = strtod(copy, &end);
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

size_t project_check(struct arena *a, const struct project_input *in, struct project_fields *out,
		     struct field_problem problems[PROJECT_MAX_PROBLEMS])
{
	size_t count = 0, n;

	memset(out, 0, sizeof(*out));
	out->title = trim_dup(a, in->title);
	out->summary = trim_dup(a, in->summary);
	out->results = trim_dup(a, in->results);
	out->address = trim_dup(a, in->address);
	char *org = trim_dup(a, in->org), *budget = trim_dup(a, in->budget);
	char *lat = trim_dup(a, in->lat), *lon = trim_dup(a, in->lon);
	if (out->title == NULL || out->summary == NULL || out->results == NULL ||
	    out->address == NULL || org == NULL || budget == NULL || lat == NULL || lon == NULL) {
		PROBLEM("title", N_("Something went wrong"));
		return count;
	}

	n = chars(out->title);
	if (n == 0)
		PROBLEM("title", N_("Enter a title for the project."));
	else if (n < 3 || n > PROJECT_TITLE_MAX)
		PROBLEM("title", N_("The title needs 3 to 200 characters."));
	else if (!one_line(out->title))
		PROBLEM("title", N_("The title contains characters that are not allowed."));

	n = chars(out->summary);
	if (n == 0)
		PROBLEM("summary", N_("Summarise the project in a few sentences."));
	else if (n < 10 || n > PROJECT_SUMMARY_MAX)
		PROBLEM("summary", N_("The summary needs 10 to 1,000 characters."));
	else if (utf8_has_controls(out->summary, strlen(out->summary)))
		PROBLEM("summary", N_("The summary contains characters that are not allowed."));

	if (org[0] != '\0') {
		int64_t id = 0;
		if (!parse_amount(org, &id) || strspn(org, "0123456789") != strlen(org) || id <= 0)
			PROBLEM("org", N_("Choose one of the listed organisations."));
		else
			out->org_id = id;
	}

	if (budget[0] != '\0') {
		int64_t euros = 0;
		if (!parse_amount(budget, &euros) || euros > PROJECT_BUDGET_MAX_EUROS)
			PROBLEM("budget", N_("Enter the budget as a whole number of euros, like "
					     "120000, or leave it empty."));
		else {
			out->has_budget = true;
			out->budget_cents = euros * 100;
		}
	}

	if (!project_status_parse(in->status, &out->status))
		PROBLEM("status", N_("Choose one of the offered statuses."));

	if (in->lang != NULL && (strcmp(in->lang, "de") == 0 || strcmp(in->lang, "en") == 0))
		out->lang = strcmp(in->lang, "en") == 0 ? "en" : "de";
	else
		PROBLEM("lang", N_("Choose the language the project is described in."));

	n = chars(out->results);
	if (n > PROJECT_RESULTS_MAX)
		PROBLEM("results", N_("The results can have at most 20,000 characters."));
	else if (utf8_has_controls(out->results, strlen(out->results)))
		PROBLEM("results", N_("The results contain characters that are not allowed."));

	/* A location is both coordinates or none: half a point is no place. */
	if (lat[0] != '\0' || lon[0] != '\0') {
		bool ok = parse_coord(a, lat, &out->lat) && parse_coord(a, lon, &out->lon) &&
			  out->lat >= -90 && out->lat <= 90 && out->lon >= -180 && out->lon <= 180;
		if (!ok)
			PROBLEM("location",
				N_("Enter a latitude between -90 and 90 and a longitude "
				   "between -180 and 180, or leave both empty."));
		out->has_location = ok;
	}

	n = chars(out->address);
	if (n > PROJECT_ADDRESS_MAX)
		PROBLEM("address", N_("The address can have at most 200 characters."));
	else if (n > 0 && !one_line(out->address))
		PROBLEM("address", N_("The address contains characters that are not allowed."));
	if (n == 0)
		out->address = NULL;
	return count;
}

size_t project_milestone_check(struct arena *a, const char *title_in, const char *due_in,
			       char **title, bool *has_due, int *y, int *m, int *d,
			       struct field_problem problems[2])
{
	size_t count = 0;
	char *due = trim_dup(a, due_in);

	*title = trim_dup(a, title_in);
	*has_due = false;
	if (*title == NULL || due == NULL) {
		PROBLEM("milestone-title", N_("Something went wrong"));
		return count;
	}
	size_t n = chars(*title);
	if (n == 0)
		PROBLEM("milestone-title", N_("Name the milestone."));
	else if (n > PROJECT_MILESTONE_TITLE_MAX)
		PROBLEM("milestone-title", N_("The milestone can have at most 200 characters."));
	else if (!one_line(*title))
		PROBLEM("milestone-title",
			N_("The milestone contains characters that are not allowed."));
	if (due[0] != '\0') {
		if (civil_parse_date(due, y, m, d))
			*has_due = true;
		else
			PROBLEM("milestone-due",
				N_("Enter the due date as a date like 2026-09-30, or leave it empty."));
	}
	return count;
}

size_t project_update_check(struct arena *a, const char *body_in, const char *progress_in,
			    char **body, bool *has_progress, int64_t *progress,
			    struct field_problem problems[2])
{
	size_t count = 0;
	char *p = trim_dup(a, progress_in);

	*body = trim_dup(a, body_in);
	*has_progress = false;
	if (*body == NULL || p == NULL) {
		PROBLEM("update-body", N_("Something went wrong"));
		return count;
	}
	size_t n = chars(*body);
	if (n == 0)
		PROBLEM("update-body", N_("Write what happened."));
	else if (n > PROJECT_UPDATE_MAX)
		PROBLEM("update-body", N_("The update can have at most 5,000 characters."));
	else if (utf8_has_controls(*body, strlen(*body)))
		PROBLEM("update-body", N_("The update contains characters that are not allowed."));
	if (p[0] != '\0') {
		if (!project_progress_parse(p, progress))
			PROBLEM("update-progress",
				N_("Enter the progress as a whole number from 0 to 100, or leave it empty."));
		else
			*has_progress = true;
	}
	return count;
}

bool project_progress_parse(const char *s, int64_t *out)
{
	if (s == NULL)
		return false;
	while (is_space(*s))
		s++;
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 3)
		return false;
	for (const char *rest = s + digits; *rest != '\0'; rest++)
		if (!is_space(*rest))
			return false;
	int v = atoi(s);
	if (v > 100)
		return false;
	*out = v;
	return true;
}

bool project_milestone_overdue(bool has_due, int64_t due_at, bool done, int64_t now)
{
	return has_due && !done && due_at <= now - 24 * 3600;
}

size_t project_status_check(const char *status_in, const char *progress_in,
			    enum project_status *status, int64_t *progress,
			    struct field_problem problems[2])
{
	size_t count = 0;

	if (!project_status_parse(status_in, status))
		PROBLEM("status", N_("Choose one of the offered statuses."));
	if (!project_progress_parse(progress_in, progress))
		PROBLEM("progress", N_("Enter the progress as a whole number from 0 to 100."));
	return count;
}
