/*
 * civil.c - calendar dates and local times by arithmetic; see civil.h.
 */
#define _DEFAULT_SOURCE /* localtime_r, tm_gmtoff */
#include "base/civil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * H. Hinnant's days_from_civil inverse, exact for every int64 day in
 * range.  By hand because gmtime_r and strftime cost locks, the time
 * zone and format parsing on every call.
 */
void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

/* H. Hinnant's days_from_civil. */
int64_t civil_days(int64_t year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The UTC offset at t from the C library; false if it cannot say. */
static bool libc_offset(int64_t t, long *off)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return false;
	*off = tm.tm_gmtoff;
	return true;
}

enum { OFFSET_DAYS = 64 }; /* a direct-mapped cache of days, per thread */

static _Thread_local struct {
	int64_t day;
	long off;
	bool valid;
} offsets[OFFSET_DAYS];

/* The UTC offset at t: from the day's cache entry, or asked (and kept). */
static bool offset_at(int64_t t, long *off)
{
	int64_t day = floor_div(t, 86400);
	unsigned slot = (unsigned)((uint64_t)day % OFFSET_DAYS);

	if (offsets[slot].valid && offsets[slot].day == day) {
		*off = offsets[slot].off;
		return true;
	}
	long first, last;
	if (day > INT64_MAX / 86400 - 1 || day < INT64_MIN / 86400 + 1 ||
	    !libc_offset(day * 86400, &first) || !libc_offset(day * 86400 + 86399, &last))
		return libc_offset(t, off);
	if (first != last) /* the offset changes on this day: ask every time */
		return libc_offset(t, off);
	offsets[slot].day = day;
	offsets[slot].off = first;
	offsets[slot].valid = true;
	*off = first;
	return true;
}

void civil_utc(int64_t t, struct civil_time *out)
{
	/* Floor division without forming days * 86400 (it overflows near INT64_MIN). */
	int64_t days = t / 86400, sec = t % 86400;
	if (sec < 0) {
		days--;
		sec += 86400;
	}

	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sec / 3600);
	out->minute = (int)(sec / 60 % 60);
	out->second = (int)(sec % 60);
	out->gmtoff = 0;
}

void civil_put_rfc3339(struct buf *b, int64_t t)
{
	struct civil_time c;

	civil_utc(t, &c);
	buf_printf(b, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)c.year, c.month, c.day, c.hour,
		   c.minute, c.second);
}

bool civil_local(int64_t t, struct civil_time *out)
{
	long off;

	if (t > INT64_MAX - 86400 || t < INT64_MIN + 86400 || !offset_at(t, &off))
		return false;
	civil_utc(t + off, out);
	out->gmtoff = off;
	return true;
}

int64_t civil_local_seconds(int64_t year, int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = (int)(year - 1900),
			.tm_mon = month - 1,
			.tm_mday = day,
			.tm_hour = hour,
			.tm_min = minute,
			.tm_isdst = -1};
	return (int64_t)mktime(&tm);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool civil_parse_date(const char *s, int *year, int *month, int *day)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
			return false;
	*year = atoi(s);
	*month = atoi(s + 5);
	*day = atoi(s + 8);
	if (*year < 2000 || *year > 2100 || *month < 1 || *month > 12 || *day < 1)
		return false;
	return *day <= days[*month - 1] + (*month == 2 && leap(*year));
}
