/*
 * test_project.c - the rules of pilot projects (features/projects/rules.c):
 * statuses, who may steer, which ideas may become a project, and the
 * validation of the project, milestone and status-update forms, the
 * back office's status and progress, and when a milestone is overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "features/projects/rules.h"

static struct project_input valid_input(void)
{
	struct project_input in = {
		.title = "  Lastenräder für alle  ",
		.summary = "Zehn Lastenräder zum Ausleihen in drei Quartieren.",
		.org = "3",
		.budget = "120.000",
		.status = "running",
		.lang = "de",
		.results = "",
		.lat = "50,9375",
		.lon = " 6.9603 ",
		.address = "Marktplatz 1",
	};
	return in;
}

/* The field of problem i, or "" past the end. */
static const char *field(const struct field_problem *p, size_t n, size_t i)
{
	return i < n ? p[i].field : "";
}

static void test_statuses(void **state)
{
	enum project_status s;
	(void)state;
	for (int i = 0; i < PROJECT_STATUS__COUNT; i++) {
		assert_true(project_status_parse(project_status_table[i].id, &s));
		assert_int_equal(s, i);
	}
	assert_false(project_status_parse("Running", &s));
	assert_false(project_status_parse("", &s));
	assert_false(project_status_parse(NULL, &s));
}

static void test_permissions(void **state)
{
	enum role admin = ROLE_ADMIN, participant = ROLE_PARTICIPANT, evaluator = ROLE_EVALUATOR;
	(void)state;
	assert_true(project_may_manage(&admin));
	assert_false(project_may_manage(&participant));
	assert_false(project_may_manage(&evaluator));
	assert_false(project_may_manage(NULL));
	assert_true(project_idea_ready("selected"));
	assert_true(project_idea_ready("piloting"));
	assert_false(project_idea_ready("shortlisted"));
	assert_false(project_idea_ready("implemented"));
	assert_false(project_idea_ready(NULL));
}

static void test_valid_project(void **state)
{
	struct arena a;
	struct project_input in = valid_input();
	struct project_fields f;
	struct field_problem p[PROJECT_MAX_PROBLEMS];
	(void)state;

	arena_init(&a);
	assert_int_equal(project_check(&a, &in, &f, p), 0);
	assert_string_equal(f.title, "Lastenräder für alle");
	assert_int_equal(f.org_id, 3);
	assert_true(f.has_budget);
	assert_int_equal(f.budget_cents, 12000000);
	assert_int_equal(f.status, PROJECT_RUNNING);
	assert_string_equal(f.lang, "de");
	assert_true(f.has_location);
	assert_true(f.lat > 50.93 && f.lat < 50.94);
	assert_true(f.lon > 6.96 && f.lon < 6.961);
	assert_string_equal(f.address, "Marktplatz 1");

	/* Optional fields may be empty. */
	in.org = "";
	in.budget = "";
	in.lat = "";
	in.lon = NULL;
	in.address = "   ";
	assert_int_equal(project_check(&a, &in, &f, p), 0);
	assert_int_equal(f.org_id, 0);
	assert_false(f.has_budget);
	assert_false(f.has_location);
	assert_null(f.address);
	arena_free(&a);
}

static void test_invalid_project(void **state)
{
	struct arena a;
	struct project_input in = {
		.title = "ab",
		.summary = "short",
		.org = "x1",
		.budget = "12,5 Mio",
		.status = "finished",
		.lang = "fr",
		.lat = "91",
		.lon = "7",
		.address = "line\nbreak",
	};
	struct project_fields f;
	struct field_problem p[PROJECT_MAX_PROBLEMS];
	(void)state;

	arena_init(&a);
	size_t n = project_check(&a, &in, &f, p);
	/* One problem per field, in form order; results (empty) is fine. */
	const char *want[] = {"title",	"summary", "org",      "budget",
			      "status", "lang",	   "location", "address"};
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(field(p, n, i), want[i]);

	/* Each kind of bad value on its own. */
	struct project_input ok = valid_input();
	in = ok;
	in.title = "";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	assert_string_equal(p[0].message, "Enter a title for the project.");
	in = ok;
	in.title = "Tab\tin title";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	in = ok;
	in.budget = "1000000001";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	assert_string_equal(p[0].field, "budget");
	in.budget = "-5";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	in.budget = "1.000.000.000";
	assert_int_equal(project_check(&a, &in, &f, p), 0);
	in = ok;
	in.lat = "nan";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	assert_string_equal(p[0].field, "location");
	in.lat = "0x10";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	in.lat = "50";
	in.lon = "";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	in.lon = "-180.5";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	in = ok;
	in.org = "0";
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	assert_string_equal(p[0].field, "org");
	in = ok;
	char results[PROJECT_RESULTS_MAX + 2];
	memset(results, 'r', sizeof(results) - 1);
	results[sizeof(results) - 1] = '\0';
	in.results = results;
	assert_int_equal(project_check(&a, &in, &f, p), 1);
	assert_string_equal(p[0].field, "results");
	in.status = NULL;
	assert_int_equal(project_check(&a, &in, &f, p), 2);
	arena_free(&a);
}

static void test_milestone(void **state)
{
	struct arena a;
	struct field_problem p[2];
	char *title;
	bool has_due;
	int y, m, d;
	(void)state;

	arena_init(&a);
	assert_int_equal(project_milestone_check(&a, " Ausschreibung ", "2026-02-28", &title,
						 &has_due, &y, &m, &d, p),
			 0);
	assert_string_equal(title, "Ausschreibung");
	assert_true(has_due);
	assert_int_equal(y * 10000 + m * 100 + d, 20260228);
	assert_int_equal(project_milestone_check(&a, "Start", "", &title, &has_due, &y, &m, &d, p),
			 0);
	assert_false(has_due);
	/* Leap days only in leap years; no 31st of April; plausible years only. */
	assert_int_equal(
		project_milestone_check(&a, "x", "2028-02-29", &title, &has_due, &y, &m, &d, p), 0);
	assert_int_equal(
		project_milestone_check(&a, "x", "2026-02-29", &title, &has_due, &y, &m, &d, p), 1);
	assert_string_equal(p[0].field, "milestone-due");
	assert_int_equal(
		project_milestone_check(&a, "x", "2026-04-31", &title, &has_due, &y, &m, &d, p), 1);
	assert_int_equal(
		project_milestone_check(&a, "x", "1999-01-01", &title, &has_due, &y, &m, &d, p), 1);
	assert_int_equal(
		project_milestone_check(&a, "x", "30.09.2026", &title, &has_due, &y, &m, &d, p), 1);
	assert_int_equal(
		project_milestone_check(&a, "  ", "2026-13-01", &title, &has_due, &y, &m, &d, p),
		2);
	assert_string_equal(p[0].field, "milestone-title");
	arena_free(&a);
}

static void test_update(void **state)
{
	struct arena a;
	struct field_problem p[2];
	char *body;
	bool has_progress;
	int64_t progress = -1;
	(void)state;

	arena_init(&a);
	assert_int_equal(project_update_check(&a, "Die **Räder** sind da.\n", "40", &body,
					      &has_progress, &progress, p),
			 0);
	assert_string_equal(body, "Die **Räder** sind da.");
	assert_true(has_progress);
	assert_int_equal(progress, 40);
	assert_int_equal(project_update_check(&a, "ok", "", &body, &has_progress, &progress, p), 0);
	assert_false(has_progress);
	assert_int_equal(project_update_check(&a, "ok", "100", &body, &has_progress, &progress, p),
			 0);
	assert_int_equal(project_update_check(&a, "ok", "101", &body, &has_progress, &progress, p),
			 1);
	assert_string_equal(p[0].field, "update-progress");
	assert_int_equal(project_update_check(&a, "ok", "-1", &body, &has_progress, &progress, p),
			 1);
	assert_int_equal(project_update_check(&a, "ok", "4.5", &body, &has_progress, &progress, p),
			 1);
	assert_int_equal(project_update_check(&a, "", "x", &body, &has_progress, &progress, p), 2);
	assert_string_equal(p[0].field, "update-body");
	assert_int_equal(project_update_check(&a, "bell\a", "", &body, &has_progress, &progress, p),
			 1);
	arena_free(&a);
}

static void test_progress_and_status(void **state)
{
	struct field_problem p[2];
	enum project_status s = PROJECT_PLANNED;
	int64_t v = -1;
	(void)state;

	assert_true(project_progress_parse("0", &v));
	assert_int_equal(v, 0);
	assert_true(project_progress_parse(" 100 ", &v));
	assert_int_equal(v, 100);
	assert_true(project_progress_parse("007", &v));
	assert_int_equal(v, 7);
	v = -1;
	assert_false(project_progress_parse("101", &v));
	assert_false(project_progress_parse("-1", &v));
	assert_false(project_progress_parse("4.5", &v));
	assert_false(project_progress_parse("1000", &v));
	assert_false(project_progress_parse("", &v));
	assert_false(project_progress_parse("  ", &v));
	assert_false(project_progress_parse("5 %", &v));
	assert_false(project_progress_parse(NULL, &v));
	assert_int_equal(v, -1); /* untouched when refused */

	assert_int_equal(project_status_check("running", "40", &s, &v, p), 0);
	assert_int_equal(s, PROJECT_RUNNING);
	assert_int_equal(v, 40);
	assert_int_equal(project_status_check("finished", "40", &s, &v, p), 1);
	assert_string_equal(p[0].field, "status");
	assert_int_equal(project_status_check("stopped", "150", &s, &v, p), 1);
	assert_string_equal(p[0].field, "progress");
	assert_int_equal(project_status_check(NULL, NULL, &s, &v, p), 2);
	assert_string_equal(p[0].field, "status");
	assert_string_equal(p[1].field, "progress");
}

static void test_overdue(void **state)
{
	const int64_t day = 24 * 3600, due = 1790000000;
	(void)state;

	/* Due at midnight at the start of its day: the whole day is in time. */
	assert_false(project_milestone_overdue(true, due, false, due));
	assert_false(project_milestone_overdue(true, due, false, due + day - 1));
	assert_true(project_milestone_overdue(true, due, false, due + day));
	assert_false(project_milestone_overdue(true, due, true, due + 10 * day)); /* done */
	assert_false(project_milestone_overdue(false, 0, false, due));		  /* no date */
	assert_false(project_milestone_overdue(true, INT64_MAX, false, due));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_valid_project),
		cmocka_unit_test(test_invalid_project),
		cmocka_unit_test(test_milestone),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_progress_and_status),
		cmocka_unit_test(test_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
