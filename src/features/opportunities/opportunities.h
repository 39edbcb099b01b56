/*
 * opportunities.h - what other features and the command line may use of
 * the opportunities board: its rules (rules.h) and storing a checked
 * opportunity (the demo seed and the synthetic city).
 */
#ifndef OIC_OPPORTUNITIES_OPPORTUNITIES_H
#define OIC_OPPORTUNITIES_OPPORTUNITIES_H

#include <stdint.h>

#include "app/app.h"
#include "features/opportunities/rules.h"

/*
 * Store checked fields f as opportunity id (0: a new one, posted by
 * author, 0 for none) in the caller's write transaction, with its topics
 * and the words it is found by.  The new or given id, or -1 on a store
 * error.
 */
int64_t opp_store(struct db *db, struct arena *a, int64_t id, const struct opp_fields *f,
		  int64_t author, int64_t now);

/* The first second after the deadline day of f (the next day's local midnight). */
int64_t opp_closes_at(const struct opp_fields *f);

/* The city's date at now as a day number (base/civil.h's civil_days): opp_check's today. */
int64_t opp_today(int64_t now);

#endif
