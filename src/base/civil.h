/*
 * civil.h - calendar dates and local times by arithmetic.
 *
 * civil_from_days() turns a day number into a proleptic Gregorian date.
 * civil_local() is localtime_r() for the fields oic prints, without its
 * cost on every call: glibc's localtime_r takes a process-wide lock and
 * walks the zone's transitions each time (about 1,000 instructions; a
 * page of 40 comments called it 80 times, from both threads).  The zone's
 * UTC offset is asked of localtime_r once per day and kept per thread;
 * on a day whose offset changes (daylight saving), every call asks.
 * The zone is the process's (TZ), set before the first call.
 */
#ifndef OIC_BASE_CIVIL_H
#define OIC_BASE_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

struct civil_time {
	int64_t year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
	int hour, minute, second;
	long gmtoff; /* seconds east of UTC */
};

/* The date of day number days (days since 1970-01-01). */
void civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/*
 * "YYYY-MM-DD" as <input type="date"> sends it: a real date of the years
 * 2000 to 2100 (31 February is not); false for anything else.
 */
bool civil_parse_date(const char *s, int *year, int *month, int *day);

/* The day number (days since 1970-01-01) of a date; civil_from_days' inverse. */
int64_t civil_days(int64_t year, int month, int day);

/* t (seconds since the epoch) in UTC, for any t. */
void civil_utc(int64_t t, struct civil_time *out);

/* Append t in UTC as RFC 3339 / ISO 8601, "2026-03-01T12:00:00Z" (Atom, exports). */
void civil_put_rfc3339(struct buf *b, int64_t t);

/* t (seconds since the epoch) in the process's time zone; false if out of range. */
bool civil_local(int64_t t, struct civil_time *out);

/*
 * The second at which a local date and time (the process's time zone)
 * begins: mktime(), with the zone deciding daylight saving.  Fields out
 * of range carry over as mktime's do (day 32 of January is 1 February),
 * so day + 1 is the next day's midnight.
 */
int64_t civil_local_seconds(int64_t year, int month, int day, int hour, int minute);

#endif
