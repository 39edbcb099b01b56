/*
 * seed_discover.h - the demo city's pilot projects (`oic seed --demo`):
 * two ideas the city took up, one project running with milestones and
 * updates, one completed with its results.
 */
#ifndef OIC_CLI_SEED_DISCOVER_H
#define OIC_CLI_SEED_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Add the demo projects inside the caller's transaction.  orgs,
 * challenges and users are the ids of seed.c's tables in their order
 * (at least 2 organisations, 3 challenges, 1 user).  0 or -1 (the
 * store's error is in db_errmsg).
 */
int seed_demo_discover(struct db *db, const int64_t *orgs, size_t no, const int64_t *challenges,
		       size_t nc, const int64_t *users, size_t nu, int64_t now);

#endif
