/*
 * actors.h - what other features and the command line may use of the
 * directory of actors: the rules (rules.h), the /account section of a
 * person's entry, and storing a profile (the demo seed).
 */
#ifndef OIC_ACTORS_ACTORS_H
#define OIC_ACTORS_ACTORS_H

#include <stdint.h>

#include "app/app.h"
#include "features/actors/rules.h"

/*
 * Fill *out, the "In the directory of actors" section of /account, for
 * the logged-in person: their entry (or an empty form), the form's
 * token, a notice after a save (?notice=directory).  Strings live in the
 * request's arena.  0, or -1 on a store error.
 */
int actors_account_section(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, struct actor_account_section *out);

/*
 * Store a checked profile for actor id in the caller's write
 * transaction: its fields, listed and public_fields (an organisation's
 * are always listed with every field public, whatever is passed), the
 * words it is found by, and its competencies (replacing the old ones).
 * 0, or -1 on a store error.
 */
int actors_store(struct db *db, struct arena *a, int64_t id, bool listed, unsigned public_fields,
		 const struct actor_profile *p, int64_t now);

/*
 * A curated competence's label in a language ("de" German, else
 * English) by its id, or NULL for another tag: how matchmaking's
 * explanations name a shared competence (features/matching).
 */
const char *actor_competence_label_of(const char *key, const char *lang);

/* The actor of organisation org (every organisation has one): its id, 0 none, -1 store error. */
int64_t actors_of_organisation(struct db *db, int64_t org);

/* A person's entry, made (not listed) if they have none: its id, or -1 on a store error. */
int64_t actors_of_person(struct db *db, int64_t user, int64_t now);

/*
 * Read the competencies stmt gives for id ($1 the id, $2 the limit;
 * columns key, label, curated), at most the curated list and ten free
 * ones: the directory's (actor_tags_of) and the topics of another
 * feature's table that uses the same list (opportunities).  0, or -1.
 */
int actor_tags_read(struct db *db, struct arena *a, enum stmt_id stmt, int64_t id,
		    struct actor_tag **tags, size_t *count);

/* A competence's label in a language (a curated one's, or a free one as written). */
const char *actor_tag_label(const struct actor_tag *t, const char *lang);

/*
 * Competencies given as lines ("*id" for a curated one, the label for a
 * free one) as labels joined by " · ", the curated ones first, at most
 * max (then " …"); NULL for none.
 */
const char *actor_tag_lines(struct arena *a, const char *lines, const char *lang, size_t max);

#endif
