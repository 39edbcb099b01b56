/*
 * synthetic_actors.h - the synthetic city's directory of actors (`oic
 * seed --synthetic`): a profile for every organisation.
 */
#ifndef OIC_CLI_SYNTHETIC_ACTORS_H
#define OIC_CLI_SYNTHETIC_ACTORS_H

#include "cli/synthetic_plan.h"
#include "store/db.h"

/*
 * Give every organisation 1..p->o.organisations (loaded, with their
 * actor rows) its profile and competencies, inside the loader's
 * transaction.  0, or -1 (the store's message is in db_errmsg).
 */
int synth_load_actors(struct db *db, const struct plan *p);

#endif
