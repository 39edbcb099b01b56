/*
 * synthetic_opportunities.h - the synthetic city's opportunities board
 * (`oic seed --synthetic`): one opportunity for every other organisation
 * (at most 2,000), of every kind, three in four open and the rest
 * archived, so that /opportunities and an opportunity's page are
 * measured with realistic content.
 */
#ifndef OIC_CLI_SYNTHETIC_OPPORTUNITIES_H
#define OIC_CLI_SYNTHETIC_OPPORTUNITIES_H

#include "cli/synthetic_plan.h"
#include "store/db.h"

/*
 * Post them for organisations 1..p->o.organisations (loaded), inside the
 * loader's transaction, through the board's rules (opp_check) and store
 * (opp_store).  0, or -1 (the store's message is in db_errmsg).
 */
int synth_load_opportunities(struct db *db, const struct plan *p);

#endif
