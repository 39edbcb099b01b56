/*
 * seed_actors.h - the demo city's directory of actors (`oic seed
 * --demo`): a profile for every demo organisation (competencies, what it
 * offers and looks for, district, languages) and three people who chose
 * to be listed, each with other fields made public.
 */
#ifndef OIC_CLI_SEED_ACTORS_H
#define OIC_CLI_SEED_ACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/*
 * Add the profiles inside the caller's transaction.  orgs and users are
 * the ids of seed.c's tables in their order (8 organisations, 5 users at
 * least).  0 or -1 (the store's error is in db_errmsg).
 */
int seed_demo_actors(struct db *db, const int64_t *orgs, size_t no, const int64_t *users, size_t nu,
		     int64_t now);

#endif
