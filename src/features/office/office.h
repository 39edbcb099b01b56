/*
 * office.h - what the back office's pages share: office/ itself, and the
 * features whose pages are part of the back office (content, events):
 * the navigation, the lists' cursor and page size, the search filter and
 * its LIKE pattern (rules.h).
 */
#ifndef OIC_OFFICE_OFFICE_H
#define OIC_OFFICE_OFFICE_H

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "app/sector.h"
#include "features/office/rules.h"

/* The back office's navigation for the visitor (links they may open), current marked. */
struct admin_nav office_nav(struct http_request *req, const struct app_ctx *ctx,
			    const char *current);

/*
 * The "after" query parameter of a list (the last id shown) into *after,
 * INT64_MAX when absent; false, with 400 sent, when it is malformed.
 */
bool office_after(struct http_request *req, struct http_response *resp, int64_t *after);

/* The settings key of a sector's target share ("helix_target.civil"), in a. */
const char *office_target_key(struct arena *a, enum sector s);

/*
 * The target shares of the sectors in percent (settings; 25 each until
 * the office sets them); -1 on a store error.
 */
int office_targets_load(struct db *db, struct arena *a, int pct[SECTOR__COUNT]);

/* The days the audit log keeps its rows (settings; 0, the default: for ever). */
int office_retention_load(struct db *db, int *days);

#endif
