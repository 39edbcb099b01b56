/*
 * seed_funnel.h - the demo city's ideas, supports and discussions, so that
 * the funnel looks alive on the first start (`oic seed --demo`).
 */
#ifndef OIC_CLI_SEED_FUNNEL_H
#define OIC_CLI_SEED_FUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Add topics to the demo challenges and a few ideas with supports,
 * comments, follows and official answers, inside the caller's
 * transaction.  challenges and users are the ids of seed.c's tables, in
 * their order.  0 or -1 (the store's error is in db_errmsg).
 */
int seed_demo_funnel(struct db *db, const int64_t *challenges, size_t nc, const int64_t *users,
		     size_t nu, int64_t now);

#endif
