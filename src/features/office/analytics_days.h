/*
 * analytics_days.h - the daily aggregates of analytics (analytics_days.c)
 * as analytics.c reads them: the counts of each day of a period, complete
 * days from the job's aggregates and the others from the rows.
 */
#ifndef OIC_OFFICE_ANALYTICS_DAYS_H
#define OIC_OFFICE_ANALYTICS_DAYS_H

#include <stdint.h>

#include "base/arena.h"
#include "store/db.h"
#include "features/office/rules.h"

/* The second at which day number `day` of the platform's zone begins. */
int64_t analytics_day_start(int64_t day);

/* The day number of the platform's zone that second t falls on. */
int64_t analytics_day_of(int64_t t);

/* What one day holds for the weekly series. */
struct analytics_day {
	int64_t ideas, comments, supports, accounts, registrations;
};

/*
 * The counts of the days first .. last (day numbers) of challenge (0:
 * the platform) into days[0 .. last - first], zeroed by the caller, as
 * of today (a day number): the days *split names from the aggregates,
 * the others from the rows.  -1 on a store error.
 */
int analytics_days_load(struct db *db, struct arena *a, int64_t first, int64_t last, int64_t today,
			int64_t challenge, struct analytics_day *days,
			struct office_days_split *split);

#endif
