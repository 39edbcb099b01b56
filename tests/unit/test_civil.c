/*
 * test_civil.c - local times by arithmetic (base/civil.c) against the C
 * library's localtime_r: both daylight saving changes of Berlin to the
 * second, days before the epoch, the per-day cache (the same day twice,
 * days that share a cache slot), and a sweep of pseudo-random times.
 */
#define _DEFAULT_SOURCE /* localtime_r, tm_gmtoff */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <time.h>

#include "base/civil.h"

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

/* civil_local(t) has every field localtime_r(t) has. */
static void assert_like_libc(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	struct civil_time c;

	assert_non_null(localtime_r(&tt, &tm));
	assert_true(civil_local(t, &c));
	assert_int_equal(c.year, tm.tm_year + 1900);
	assert_int_equal(c.month, tm.tm_mon + 1);
	assert_int_equal(c.day, tm.tm_mday);
	assert_int_equal(c.hour, tm.tm_hour);
	assert_int_equal(c.minute, tm.tm_min);
	assert_int_equal(c.second, tm.tm_sec);
	assert_int_equal(c.gmtoff, tm.tm_gmtoff);
}

static void test_daylight_saving(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		int hour, minute, second;
		long gmtoff;
	} cases[] = {
		/* 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST. */
		{1774745999, 1, 59, 59, 3600},
		{1774746000, 3, 0, 0, 7200},
		/* 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET. */
		{1792889999, 2, 59, 59, 7200},
		{1792890000, 2, 0, 0, 3600},
	};
	struct civil_time c;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(civil_local(cases[i].t, &c));
		assert_int_equal(c.hour, cases[i].hour);
		assert_int_equal(c.minute, cases[i].minute);
		assert_int_equal(c.second, cases[i].second);
		assert_int_equal(c.gmtoff, cases[i].gmtoff);
	}
	/* every 61 seconds around both changes, twice (the second time cached) */
	for (int pass = 0; pass < 2; pass++) {
		for (int64_t t = 1774746000 - 7200; t < 1774746000 + 7200; t += 61)
			assert_like_libc(t);
		for (int64_t t = 1792890000 - 7200; t < 1792890000 + 7200; t += 61)
			assert_like_libc(t);
	}
}

static void test_days(void **state)
{
	(void)state;
	struct civil_time c;
	int64_t y;
	int m, d;

	civil_from_days(0, &y, &m, &d);
	assert_true(y == 1970 && m == 1 && d == 1);
	civil_from_days(-1, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
	civil_from_days(19782, &y, &m, &d); /* 2024-02-29 */
	assert_true(y == 2024 && m == 2 && d == 29);
	/* before the epoch, in local time */
	assert_like_libc(-1);
	assert_like_libc(-86400 * 365 * 30 - 12345);
	/* days 64 apart share a cache slot: each keeps its own offset */
	for (int64_t t = 1774746000 - 64 * 86400 * 3; t < 1774746000 + 64 * 86400 * 3;
	     t += 64 * 86400 + 3600)
		assert_like_libc(t);
	/* out of range: nothing, as localtime_r */
	assert_false(civil_local(INT64_MAX, &c));
	assert_false(civil_local(INT64_MIN, &c));
	/* UTC: any time, the ends of int64 too (sanitizers watch the arithmetic) */
	civil_utc(-1, &c);
	assert_true(c.year == 1969 && c.month == 12 && c.day == 31 && c.hour == 23 &&
		    c.minute == 59 && c.second == 59 && c.gmtoff == 0);
	civil_utc(INT64_MIN, &c);
	assert_true(c.second >= 0 && c.second < 60 && c.month >= 1 && c.month <= 12);
	civil_utc(INT64_MAX, &c);
	assert_true(c.hour >= 0 && c.hour < 24 && c.day >= 1 && c.day <= 31);
}

static void test_sweep(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252ULL;

	/* 1901 to 2106, in an order that mixes cached and new days */
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		assert_like_libc((int64_t)(x % 6500000000ULL) - 2140000000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_daylight_saving),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
