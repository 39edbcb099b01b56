/*
 * test_office.c - the back office's rules (features/office/rules.c):
 * who may change whose role, the accounts and audit filters, LIKE
 * patterns; the CSV writer (base/csv.c) and the role table's new
 * permissions (app/roles.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "features/office/rules.h"

static void test_role_change(void **state)
{
	(void)state;
	assert_null(office_role_change_problem(1, 2, ROLE_PARTICIPANT, ROLE_EVALUATOR, 1));
	assert_null(office_role_change_problem(1, 2, ROLE_ADMIN, ROLE_MODERATOR, 1));
	assert_string_equal(office_role_change_problem(1, 1, ROLE_ADMIN, ROLE_PARTICIPANT, 4),
			    "You cannot change your own role. Another administrator can.");
	assert_non_null(office_role_change_problem(3, 2, ROLE_MODERATOR, ROLE_MODERATOR, 1));
	assert_string_equal(
		office_role_change_problem(3, 2, ROLE_ADMIN, ROLE_PARTICIPANT, 0),
		"This is the last administrator. Give another account this role first.");
	/* Promoting someone is never blocked by the count. */
	assert_null(office_role_change_problem(3, 2, ROLE_PARTICIPANT, ROLE_ADMIN, 0));
}

/* Reports: a known reason; "other" needs words; at most 1000 characters. */
static void test_report_check(void **state)
{
	struct arena a;
	const char *details, *field;
	(void)state;
	arena_init(&a);
	assert_null(office_report_check(&a, "spam", NULL, &details, &field));
	assert_string_equal(details, "");
	assert_null(office_report_check(&a, "insult", "  gemein  ", &details, &field));
	assert_string_equal(details, "gemein");
	assert_non_null(office_report_check(&a, NULL, "x", &details, &field));
	assert_string_equal(field, "reason");
	assert_non_null(office_report_check(&a, "Spam", "", &details, &field));
	assert_string_equal(field, "reason");
	assert_non_null(office_report_check(&a, "other", " \n ", &details, &field));
	assert_string_equal(field, "details");
	assert_null(office_report_check(&a, "other", "Ein Grund", &details, &field));
	char long_text[1002];
	memset(long_text, 'x', 1001);
	long_text[1001] = '\0';
	assert_non_null(office_report_check(&a, "off_topic", long_text, &details, &field));
	assert_string_equal(field, "details");
	long_text[1000] = '\0';
	assert_null(office_report_check(&a, "off_topic", long_text, &details, &field));
	for (int i = 0; i < OFFICE_REPORT_REASONS; i++)
		assert_ptr_equal(office_report_reason_label(office_report_reasons[i].id),
				 office_report_reasons[i].label);
	assert_null(office_report_reason_label("boring"));
	arena_free(&a);
}

/* Held words: trimmed, one per line, repeats and empty lines dropped; limits. */
static void test_held_words(void **state)
{
	struct arena a;
	const char *problem;
	(void)state;
	arena_init(&a);
	assert_string_equal(
		office_held_words_normalise(&a, " eins ,zwei\r\n\n eins\ndrei* ", &problem),
		"eins\nzwei\ndrei*");
	assert_null(problem);
	assert_string_equal(office_held_words_normalise(&a, "", &problem), "");
	assert_string_equal(office_held_words_normalise(&a, NULL, &problem), "");
	assert_null(office_held_words_normalise(&a, "gut\n***", &problem));
	assert_non_null(problem);
	char word[62];
	memset(word, 'w', 61);
	word[61] = '\0';
	assert_null(office_held_words_normalise(&a, word, &problem));
	word[60] = '\0';
	assert_string_equal(office_held_words_normalise(&a, word, &problem), word);
	/* 200 different words pass, the 201st does not; repeats do not count. */
	struct buf b;
	buf_init(&b, &a);
	for (int i = 0; i < 200; i++)
		buf_printf(&b, "w%d\nw%d\n", i, i);
	assert_non_null(office_held_words_normalise(&a, buf_cstr(&b), &problem));
	buf_puts(&b, "w200");
	assert_null(office_held_words_normalise(&a, buf_cstr(&b), &problem));
	assert_non_null(problem);
	arena_free(&a);
}

static void test_ban(void **state)
{
	struct arena a;
	const char *reason, *field;
	char long_reason[OFFICE_BAN_REASON_MAX + 2];

	(void)state;
	arena_init(&a);
	assert_null(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1, "  Spam  ",
				       &reason, &field));
	assert_string_equal(reason, "Spam");
	assert_string_equal(
		office_ban_problem(&a, 1, 1, true, false, ROLE_ADMIN, 2, "x", &reason, &field),
		"You cannot ban your own account.");
	assert_string_equal(field, "ban");
	assert_string_equal(
		office_ban_problem(&a, 1, 2, true, false, ROLE_ADMIN, 0, "x", &reason, &field),
		"This is the last administrator. It cannot be banned.");
	assert_null(office_ban_problem(&a, 1, 2, true, false, ROLE_ADMIN, 1, "x", &reason, &field));
	assert_string_equal(
		office_ban_problem(&a, 1, 2, true, true, ROLE_PARTICIPANT, 1, "x", &reason, &field),
		"This account is banned already.");
	assert_string_equal(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1, " \t ",
					       &reason, &field),
			    "Give the reason for the ban. It is kept in the audit log.");
	assert_string_equal(field, "reason");
	assert_non_null(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1, NULL,
					   &reason, &field));
	/* 500 characters are fine, 501 are not; a character is not a byte. */
	memset(long_reason, 'x', OFFICE_BAN_REASON_MAX);
	long_reason[OFFICE_BAN_REASON_MAX] = '\0';
	assert_null(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1, long_reason,
				       &reason, &field));
	long_reason[OFFICE_BAN_REASON_MAX] = 'x';
	long_reason[OFFICE_BAN_REASON_MAX + 1] = '\0';
	assert_string_equal(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1,
					       long_reason, &reason, &field),
			    "The reason can have at most 500 characters.");
	assert_null(office_ban_problem(&a, 1, 2, true, false, ROLE_PARTICIPANT, 1,
				       "\xc3\xa4\xc3\xa4\xc3\xa4", &reason, &field));
	/* Lifting a ban needs a ban, and no reason. */
	assert_null(
		office_ban_problem(&a, 1, 2, false, true, ROLE_ADMIN, 1, NULL, &reason, &field));
	assert_string_equal(office_ban_problem(&a, 1, 2, false, false, ROLE_PARTICIPANT, 1, NULL,
					       &reason, &field),
			    "This account is not banned.");
	arena_free(&a);
}

static void test_permissions(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		bool admin = r == ROLE_ADMIN;
		assert_int_equal(role_can((enum role)r, PERM_MANAGE_ACCOUNTS), admin);
		assert_int_equal(role_can((enum role)r, PERM_READ_AUDIT), admin);
	}
	assert_true(role_can(ROLE_MODERATOR, PERM_BACK_OFFICE));
	assert_false(role_can(ROLE_EVALUATOR, PERM_BACK_OFFICE));
	assert_false(role_can(ROLE__COUNT, PERM_READ_AUDIT));
}

static void test_account_filter(void **state)
{
	struct arena a;
	struct office_account_filter f;
	struct field_problem p[2];
	char long_q[120];

	(void)state;
	arena_init(&a);
	assert_int_equal(office_account_filter_check(&a, NULL, NULL, &f, p), 0);
	assert_string_equal(f.query, "");
	assert_false(f.has_role);
	assert_int_equal(office_account_filter_check(&a, "  Müller ", "evaluator", &f, p), 0);
	assert_string_equal(f.query, "Müller");
	assert_true(f.has_role);
	assert_int_equal(f.role, ROLE_EVALUATOR);
	assert_int_equal(office_account_filter_check(&a, "x", "king", &f, p), 1);
	assert_string_equal(p[0].field, "role");
	/* 100 characters are fine, counted as characters, not bytes. */
	memset(long_q, 0, sizeof(long_q));
	for (int i = 0; i < 50; i++)
		memcpy(long_q + 2 * i, "ä", 2);
	assert_int_equal(office_account_filter_check(&a, long_q, "", &f, p), 0);
	memset(long_q, 'x', 101);
	long_q[101] = '\0';
	assert_int_equal(office_account_filter_check(&a, long_q, "king", &f, p), 2);
	assert_string_equal(p[0].field, "q");
	arena_free(&a);
}

static void test_audit_filter(void **state)
{
	struct office_audit_filter f;
	struct field_problem p[OFFICE_AUDIT_FIELDS];

	(void)state;
	assert_int_equal(office_audit_filter_check(NULL, NULL, NULL, NULL, NULL, &f, p), 0);
	assert_int_equal(f.actor, 0);
	assert_string_equal(f.action, "");
	assert_false(f.has_from || f.has_to);
	assert_int_equal(office_audit_filter_check("12", "account.role", "account:3", "2026-02-28",
						   "2026-03-01", &f, p),
			 0);
	assert_int_equal(f.actor, 12);
	assert_true(f.has_from && f.has_to);
	assert_int_equal(f.from_m * 100 + f.from_d, 228);
	assert_int_equal(f.to_m * 100 + f.to_d, 301);
	/* The same day as first and last is one day. */
	assert_int_equal(office_audit_filter_check("", "", "", "2026-03-01", "2026-03-01", &f, p),
			 0);
	assert_int_equal(
		office_audit_filter_check("0", "Idea", "", "2026-02-29", "2026-13-01", &f, p), 4);
	assert_string_equal(p[0].field, "actor");
	assert_string_equal(p[1].field, "action");
	assert_string_equal(p[2].field, "from");
	assert_string_equal(p[3].field, "to");
	assert_int_equal(office_audit_filter_check("-3", "", "", "", "", &f, p), 1);
	assert_int_equal(office_audit_filter_check("1234567890123456789", "", "", "", "", &f, p),
			 1);
	assert_int_equal(office_audit_filter_check("", "", "", "2026-03-02", "2026-03-01", &f, p),
			 1);
	assert_string_equal(p[0].message, "The last day cannot be before the first day.");
	char subject[202];
	memset(subject, 's', 201);
	subject[201] = '\0';
	assert_int_equal(office_audit_filter_check("", "", subject, "", "", &f, p), 1);
	assert_string_equal(p[0].field, "subject");
	/* A leap day is a day in a leap year only. */
	assert_int_equal(office_audit_filter_check("", "", "", "2028-02-29", "", &f, p), 0);
}

static void test_like_pattern(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(office_like_pattern(&a, "anna"), "%anna%");
	assert_string_equal(office_like_pattern(&a, "50%_a\\b"), "%50\\%\\_a\\\\b%");
	assert_string_equal(office_like_pattern(&a, ""), "%%");
	arena_free(&a);
}

static const char *csv_of(struct arena *a, const char *const *cells, size_t n)
{
	struct buf b;
	buf_init(&b, a);
	for (size_t i = 0; i < n; i++)
		csv_text(&b, cells[i], i == 0);
	csv_end_row(&b);
	return buf_cstr(&b);
}

static void test_csv(void **state)
{
	struct arena a;
	struct buf b;

	(void)state;
	arena_init(&a);
	const char *plain[] = {"a", "Müller", NULL, ""};
	assert_string_equal(csv_of(&a, plain, 4), "a,Müller,,\r\n");
	const char *quoted[] = {"x,y", "say \"hi\"", "two\nlines", " padded", "cr\r"};
	assert_string_equal(csv_of(&a, quoted, 5),
			    "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\"cr\r\"\r\n");
	const char *formulas[] = {"=1+1", "+49 521", "-x", "@SUM(A1)", "\tTab", "a=b"};
	assert_string_equal(csv_of(&a, formulas, 6),
			    "\"'=1+1\",\"'+49 521\",\"'-x\",\"'@SUM(A1)\",\"'\tTab\",a=b\r\n");
	buf_init(&b, &a);
	csv_int(&b, -42, true);
	csv_int(&b, 7, false);
	csv_text(&b, "=", false);
	assert_string_equal(buf_cstr(&b), "-42,7,\"'=\"");
	arena_free(&a);
}

static void test_balance_ratio(void **state)
{
	const double even[SECTOR__COUNT] = {25, 25, 25, 25};
	(void)state;
	const int64_t balanced[SECTOR__COUNT] = {3, 3, 3, 3};
	assert_float_equal(office_balance_ratio(balanced, even), 1.0, 1e-12);
	/* Shares .5 .2 .2 .1 against .25 each: 2, .8, .8, .4 -> .4 / 2. */
	const int64_t skewed[SECTOR__COUNT] = {50, 20, 20, 10};
	assert_float_equal(office_balance_ratio(skewed, even), 0.2, 1e-12);
	const double uneven[SECTOR__COUNT] = {40, 20, 20, 20};
	const int64_t as_targeted[SECTOR__COUNT] = {40, 20, 20, 20};
	assert_float_equal(office_balance_ratio(as_targeted, uneven), 1.0, 1e-12);
	/* A targeted sector that is missing: 0. */
	const int64_t missing[SECTOR__COUNT] = {5, 5, 5, 0};
	assert_float_equal(office_balance_ratio(missing, even), 0.0, 1e-12);
	/* Sectors without a target do not count. */
	const double two[SECTOR__COUNT] = {50, 50, 0, 0};
	const int64_t some[SECTOR__COUNT] = {10, 10, 80, 0};
	assert_float_equal(office_balance_ratio(some, two), 1.0, 1e-12);
	const int64_t none[SECTOR__COUNT] = {0, 0, 0, 0};
	assert_float_equal(office_balance_ratio(none, even), -1.0, 1e-12);
	const double no_targets[SECTOR__COUNT] = {0, 0, 0, 0};
	assert_float_equal(office_balance_ratio(balanced, no_targets), -1.0, 1e-12);
}

static void test_gini(void **state)
{
	(void)state;
	/* Everyone the same: 0. */
	const struct office_bucket same[] = {{3, 4}};
	assert_float_equal(office_gini(same, 1), 0.0, 1e-12);
	/* 1 and 3: mean absolute difference 2*2 / (2 * 2^2 * 2) = .25. */
	const struct office_bucket two[] = {{1, 1}, {3, 1}};
	assert_float_equal(office_gini(two, 2), 0.25, 1e-12);
	/* 1, 1, 1, 5: sum |xi - xj| = 24, 2 n^2 mu = 64 -> .375. */
	const struct office_bucket one_does_most[] = {{1, 3}, {5, 1}};
	assert_float_equal(office_gini(one_does_most, 2), 0.375, 1e-12);
	/* 1, 1, 1, 2, 4: 28 / 90 (the HTTP test's city). */
	const struct office_bucket city[] = {{1, 3}, {2, 1}, {4, 1}};
	assert_float_equal(office_gini(city, 3), 28.0 / 90.0, 1e-12);
	/* One account: 0; nobody: 0; 999 accounts with 1 and one with 1000:
	 * 2 * (499500 + 1000000) / (1000 * 1999) - 1001 / 1000 = .4993. */
	const struct office_bucket alone[] = {{7, 1}};
	assert_float_equal(office_gini(alone, 1), 0.0, 1e-12);
	assert_float_equal(office_gini(NULL, 0), 0.0, 1e-12);
	const struct office_bucket skewed[] = {{1, 999}, {1000, 1}};
	assert_float_equal(office_gini(skewed, 2), 2999000.0 / 1999000.0 - 1.001, 1e-12);
}

static void test_targets(void **state)
{
	int pct[SECTOR__COUNT];
	struct field_problem p[SECTOR__COUNT + 1];

	(void)state;
	const char *ok[SECTOR__COUNT] = {"20", "20", "20", "40"};
	assert_int_equal(office_targets_check(ok, pct, p), 0);
	assert_int_equal(pct[3], 40);
	const char *zero[SECTOR__COUNT] = {"100", "0", "0", "0"};
	assert_int_equal(office_targets_check(zero, pct, p), 0);
	const char *sum[SECTOR__COUNT] = {"30", "30", "30", "30"};
	assert_int_equal(office_targets_check(sum, pct, p), 1);
	assert_string_equal(p[0].field, "targets");
	const char *bad[SECTOR__COUNT] = {"101", "-1", "2.5", NULL};
	assert_int_equal(office_targets_check(bad, pct, p), 4);
	assert_string_equal(p[0].field, "target-government");
	assert_string_equal(p[3].field, "target-civil");
	const char *long_zero[SECTOR__COUNT] = {"0100", "0", "0", "0"};
	assert_int_equal(office_targets_check(long_zero, pct, p), 1);
}

static void test_period(void **state)
{
	struct office_period per;
	struct field_problem p[2];

	(void)state;
	/* The default: the 84 days up to today. */
	assert_int_equal(office_period_check(NULL, "", 2026, 3, 31, &per, p), 0);
	assert_int_equal(per.days, 84);
	assert_int_equal(per.from_y * 10000 + per.from_m * 100 + per.from_d, 20260107);
	assert_int_equal(office_period_check("2024-02-28", "2024-03-01", 2026, 1, 1, &per, p), 0);
	assert_int_equal(per.days, 3);
	assert_int_equal(office_period_check("2024-01-01", "2025-12-31", 2026, 1, 1, &per, p), 0);
	assert_int_equal(per.days, 731);
	assert_int_equal(office_period_check("2024-01-01", "2026-01-01", 2026, 1, 1, &per, p), 1);
	assert_string_equal(p[0].field, "from");
	assert_int_equal(office_period_check("2024-01-02", "2024-01-01", 2026, 1, 1, &per, p), 1);
	assert_string_equal(p[0].field, "to");
	assert_int_equal(office_period_check("gestern", "2024-13-01", 2026, 1, 1, &per, p), 2);
}

static void test_retention(void **state)
{
	int days;

	(void)state;
	assert_null(office_retention_check("0", &days));
	assert_int_equal(days, 0);
	assert_null(office_retention_check("30", &days));
	assert_int_equal(days, 30);
	assert_null(office_retention_check("3650", &days));
	assert_non_null(office_retention_check("29", &days));
	assert_int_equal(days, 0);
	assert_non_null(office_retention_check("3651", &days));
	assert_non_null(office_retention_check("", &days));
	assert_non_null(office_retention_check(NULL, &days));
	assert_non_null(office_retention_check("-30", &days));
	assert_non_null(office_retention_check("30.5", &days));
	assert_non_null(office_retention_check("99999", &days));
}

static void test_funnel_reached(void **state)
{
	(void)state;
	const int64_t by_rank[OFFICE_FUNNEL_STAGES] = {5, 0, 2, 1, 0, 1};
	int64_t reached[OFFICE_FUNNEL_STAGES];
	office_funnel_reached(by_rank, reached);
	const int64_t want[OFFICE_FUNNEL_STAGES] = {9, 4, 4, 2, 1, 1};
	for (int r = 0; r < OFFICE_FUNNEL_STAGES; r++)
		assert_int_equal(reached[r], want[r]);
}

/*
 * Days cut where the clocks change: Berlin, 27 to 31 March 2024 (the
 * 31st has 23 hours) and 26 to 28 October 2024 (the 27th has 25).
 */
static void test_day_segments(void **state)
{
	(void)state;
	struct office_day_segment seg[5];
	/* 27 March 2024 00:00 CET = 1711494000; the 31st starts at 1711839600. */
	const int64_t spring[] = {1711494000, 1711580400, 1711666800,
				  1711753200, 1711839600, 1711839600 + 23 * 3600};
	size_t n = office_day_segments(spring, 5, 19809, seg);
	assert_int_equal(n, 2);
	assert_int_equal(seg[0].start, 1711494000);
	assert_int_equal(seg[0].end, 1711839600);
	assert_int_equal(seg[0].divisor, 86400);
	assert_int_equal(seg[0].first_day, 19809);
	/* The last second of the 30th is day 19812. */
	assert_int_equal(seg[0].first_day + (1711839599 - seg[0].start) / seg[0].divisor, 19812);
	assert_int_equal(seg[1].start, 1711839600);
	assert_int_equal(seg[1].end, 1711839600 + 23 * 3600);
	assert_int_equal(seg[1].first_day, 19813);
	assert_int_equal(seg[1].first_day + (seg[1].end - 1 - seg[1].start) / seg[1].divisor,
			 19813);
	/* 26 October 00:00 CEST = 1729893600; the 27th (25 hours) at 1729980000. */
	const int64_t autumn[] = {1729893600, 1729980000, 1729980000 + 25 * 3600,
				  1729980000 + 25 * 3600 + 86400};
	n = office_day_segments(autumn, 3, 20022, seg);
	assert_int_equal(n, 3);
	assert_int_equal(seg[1].first_day, 20023);
	assert_int_equal(seg[1].first_day + (seg[1].end - 1 - seg[1].start) / seg[1].divisor,
			 20023);
	assert_int_equal(seg[2].first_day, 20024);
	assert_int_equal(seg[2].divisor, 86400);
	assert_int_equal(office_day_segments(autumn, 0, 20022, seg), 0);
}

/* Which days of a period the aggregates give and which the rows. */
static void test_days_split(void **state)
{
	(void)state;
	struct office_days_split s;
	/* Computed 100..199, today 200: a period 150..210 takes 150..199, rows from 200. */
	office_days_split(150, 210, 200, 100, 199, 100, &s);
	assert_int_equal(s.agg_from, 150);
	assert_int_equal(s.agg_to, 199);
	assert_int_equal(s.raw_from, 200);
	/* The job missed a night: yesterday from the rows. */
	office_days_split(150, 199, 200, 100, 198, 99, &s);
	assert_int_equal(s.agg_to, 198);
	assert_int_equal(s.raw_from, 199);
	assert_int_equal(s.head_to, 149);
	/* A period before the first computed day: from the rows (dated back since). */
	office_days_split(10, 20, 200, 100, 199, 100, &s);
	assert_true(s.agg_from > s.agg_to);
	assert_int_equal(s.head_to, 9);
	assert_int_equal(s.raw_from, 10);
	/* One that begins before it: the days before from the rows. */
	office_days_split(10, 150, 200, 100, 199, 100, &s);
	assert_int_equal(s.head_to, 99);
	assert_int_equal(s.agg_from, 100);
	assert_int_equal(s.agg_to, 150);
	assert_int_equal(s.raw_from, 151);
	/* A gap, no runs, or a period of today only: all from the rows. */
	office_days_split(150, 210, 200, 100, 199, 90, &s);
	assert_true(s.agg_from > s.agg_to);
	assert_int_equal(s.raw_from, 150);
	office_days_split(150, 210, 200, 0, 0, 0, &s);
	assert_true(s.agg_from > s.agg_to);
	office_days_split(200, 200, 200, 100, 199, 100, &s);
	assert_true(s.agg_from > s.agg_to);
	assert_int_equal(s.raw_from, 200);
	/* A run that reaches today (a clock set back) is used up to yesterday only. */
	office_days_split(150, 260, 200, 100, 250, 151, &s);
	assert_int_equal(s.agg_to, 199);
	assert_int_equal(s.raw_from, 200);
}

/* Expert evaluation: parsing, weighted totals, mean, spread and the flag, by hand. */
static void test_evaluation(void **state)
{
	int64_t v = -1;
	(void)state;
	assert_null(office_eval_weight_parse("0", &v));
	assert_int_equal(v, 0);
	assert_null(office_eval_weight_parse(" 100 ", &v));
	assert_int_equal(v, 100);
	assert_non_null(office_eval_weight_parse("101", &v));
	assert_non_null(office_eval_weight_parse("-5", &v));
	assert_non_null(office_eval_weight_parse("abc", &v));
	assert_non_null(office_eval_weight_parse("", &v));
	assert_non_null(office_eval_weight_parse("2.5", &v));
	assert_non_null(office_eval_weight_parse(NULL, &v));
	assert_non_null(office_eval_weight_parse("99999999999999999999", &v));
	int64_t zero[] = {0, 0, 0}, some[] = {0, 10, 0};
	assert_non_null(office_eval_weights_problem(zero, 3));
	assert_non_null(office_eval_weights_problem(zero, 0));
	assert_null(office_eval_weights_problem(some, 3));
	for (int i = 1; i <= 5; i++) {
		char s[2] = {(char)('0' + i), 0};
		assert_null(office_eval_score_parse(s, &v));
		assert_int_equal(v, i);
	}
	assert_non_null(office_eval_score_parse("0", &v));
	assert_non_null(office_eval_score_parse("6", &v));
	assert_non_null(office_eval_score_parse("", &v));
	assert_non_null(office_eval_score_parse(NULL, &v));
	/* Weights 50, 30, 20; scores 5, 3, 1: (250 + 90 + 20) / 100 = 3.6. */
	int64_t w[] = {50, 30, 20}, s1[] = {5, 3, 1}, s2[] = {2, 2, 2};
	assert_true(fabs(office_eval_total(s1, w, 3) - 3.6) < 1e-9);
	assert_true(fabs(office_eval_total(s2, w, 3) - 2.0) < 1e-9);
	assert_true(office_eval_total(s1, zero, 3) == 0);
	/* Totals 3.6 and 2.0: mean 2.8, spread 0.8 (no flag). */
	double t[] = {3.6, 2.0};
	assert_true(fabs(office_eval_mean(t, 2) - 2.8) < 1e-9);
	assert_true(fabs(office_eval_spread(t, 2) - 0.8) < 1e-9);
	assert_false(office_eval_disagree(office_eval_spread(t, 2)));
	/* Totals 2, 4: spread exactly 1, flagged; 1, 5, 3: sqrt(8/3) = 1.633. */
	double u[] = {2, 4}, x[] = {1, 5, 3};
	assert_true(fabs(office_eval_spread(u, 2) - 1.0) < 1e-9);
	assert_true(office_eval_disagree(office_eval_spread(u, 2)));
	assert_true(fabs(office_eval_spread(x, 3) - 1.632993161855452) < 1e-9);
	assert_true(office_eval_spread(x, 1) == 0);
	assert_true(office_eval_mean(x, 0) == 0);
	assert_false(office_eval_disagree(0.99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_change),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_account_filter),
		cmocka_unit_test(test_audit_filter),
		cmocka_unit_test(test_like_pattern),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_balance_ratio),
		cmocka_unit_test(test_gini),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_funnel_reached),
		cmocka_unit_test(test_day_segments),
		cmocka_unit_test(test_days_split),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_ban),
		cmocka_unit_test(test_report_check),
		cmocka_unit_test(test_held_words),
		cmocka_unit_test(test_evaluation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
