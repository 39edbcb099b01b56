/*
 * seed_opportunities.h - the demo city's opportunities board (`oic seed
 * --demo`): a few open calls of the demo organisations (pilot partners,
 * a thesis, an internship, a start-up programme) and one whose deadline
 * has passed (archived).
 */
#ifndef OIC_CLI_SEED_OPPORTUNITIES_H
#define OIC_CLI_SEED_OPPORTUNITIES_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Add them inside the caller's transaction.  orgs and users are the ids
 * of seed.c's tables in their order.  0 or -1 (the store's error is in
 * db_errmsg).
 */
int seed_demo_opportunities(struct db *db, const int64_t *orgs, size_t no, const int64_t *users,
			    size_t nu, int64_t now);

#endif
