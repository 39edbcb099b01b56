/*
 * internal.h - what the files of the actors feature share (not for
 * other features: they use actors.h).
 */
#ifndef OIC_ACTORS_INTERNAL_H
#define OIC_ACTORS_INTERNAL_H

#include "features/actors/actors.h"

/* One row of actors, as actor_get / actor_of_user / actor_lock read it. */
struct actor_row {
	int64_t id;
	int64_t organisation_id; /* 0: a person */
	int64_t user_id;	 /* 0: an organisation */
	const char *name;
	const char *sector;
	bool listed;
	unsigned public_fields;
	const char *offers;
	const char *needs;
	const char *district;
	const char *website; /* a person's own */
	const char *languages;
	const char *lang;
	int64_t verified_at;
	const char *org_website;
	const char *org_summary;
	const char *district_key;
};

/* Load the actor of stmt (by $1 = key) into *r: 1 found, 0 not, -1 store error. */
int actor_row_load(struct db *db, struct arena *a, enum stmt_id stmt, int64_t key,
		   struct actor_row *r);

/* Its competencies (at most the curated list and ten free ones): 0, or -1. */
int actor_tags_load(struct db *db, struct arena *a, int64_t id, struct actor_tag **tags,
		    size_t *count);

/* Whether the visitor may edit actor r: 1 yes, 0 no, -1 store error. */
int actor_may_edit(struct app_ctx *ctx, const struct actor_row *r);

/* Whether field f of r is public (an organisation's all are). */
bool actor_shows(const struct actor_row *r, enum actor_field f);

#endif
