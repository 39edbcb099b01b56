/*
 * internal.h - what the files of the opportunities board share (not for
 * other features: they use opportunities.h).
 */
#ifndef OIC_OPPORTUNITIES_INTERNAL_H
#define OIC_OPPORTUNITIES_INTERNAL_H

#include "features/opportunities/opportunities.h"

/* One row of opportunities, as opp_get / opp_lock read it. */
struct opp_row {
	int64_t id;
	const char *kind;
	int64_t organisation_id;
	unsigned sectors;
	const char *title;
	const char *description;
	const char *deadline;
	int64_t closes_at;
	const char *place;
	bool remote;
	const char *link;
	const char *lang;
	int64_t created;
	int64_t updated;
	const char *organisation;
	const char *organisation_lang;
	int64_t verified_at;
	int64_t actor_id; /* the organisation's entry in the directory */
};

/* Load opportunity key by stmt (opp_get, opp_lock): 1 found, 0 not, -1 store error. */
int opp_row_load(struct db *db, struct arena *a, enum stmt_id stmt, int64_t key, struct opp_row *r);

/*
 * Whether the visitor may post for organisation org (0: for any, i.e.
 * whether they may post at all): the office (PERM_MANAGE_CONTENT) for
 * every one, a representative for theirs.  1 yes, 0 no, -1 store error.
 */
int opp_may_post(struct app_ctx *ctx, int64_t org);

/* Noon of a "YYYY-MM-DD" day in the city's time (for {{ date }}); 0 when it is none. */
int64_t opp_day_noon(const char *deadline);

/* The sectors of a bit set, translated and joined by ", "; "" for none. */
const char *opp_sectors_text(struct arena *a, enum lang ui, unsigned sectors);

#endif
