/*
 * organisations.h - what other features may use of organisations: the
 * rules of a profile (rules.h) and the loading of one organisation (the
 * office's page edits the same rows; this feature owns the tables and
 * their statements).
 */
#ifndef OIC_ORGANISATIONS_ORGANISATIONS_H
#define OIC_ORGANISATIONS_ORGANISATIONS_H

#include <stdint.h>

#include "app/app.h"
#include "features/organisations/rules.h"

/* One organisation's row. */
struct org_row {
	int64_t id;
	const char *name;
	const char *sector; /* the sector id */
	const char *summary;
	const char *website; /* "" when none */
	const char *lang;
	int64_t created;
	int64_t verified_at;	 /* 0: not verified */
	const char *verified_by; /* the verifier's name; "" when unknown (org_load only) */
	int64_t actor_id;	 /* its entry in the directory of actors; 0 when locked */
};

/*
 * Load organisation id into *r (strings in a); lock: in a write
 * transaction, lock the row (then verified_by is "").  1 found, 0 not
 * there, -1 store error.
 */
int org_load(struct db *db, struct arena *a, int64_t id, bool lock, struct org_row *r);

/*
 * What organisation id sponsors (challenges not in draft), is
 * responsible for (projects) and organises (events): the newest ten of
 * each, in arena a, for the org_links partial.  Three queries; 0, or -1
 * on a store error.
 */
int org_links_load(struct db *db, struct arena *a, int64_t id, struct org_links *out);

/* Whether account user represents organisation id: 1 yes, 0 no, -1 store error. */
int org_represents(struct db *db, int64_t id, int64_t user);

/*
 * The fields both profile forms have (the org_profile_fields partial):
 * the values shown, the language options (lang selected) and the
 * problems at their fields, translated into ui (the page's language).
 */
struct org_profile_fields org_profile_fields(struct arena *a, enum lang ui, const char *summary,
					     const char *website, const char *lang,
					     const struct field_problem *problems, size_t n);

/*
 * What a change did to a profile, for the audit log: the fields of
 * before that after changes, as "field: value" lines (before and after
 * each get the lines of their own values); false when nothing changed.
 * office: name and sector count too.
 */
bool org_profile_diff(struct arena *a, const struct org_row *before,
		      const struct org_profile *after, bool office, const char **was,
		      const char **is);

#endif
