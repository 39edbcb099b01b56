/*
 * matching.h - what other features may use of matchmaking: the section
 * of suggestions on a challenge's page, an actor's page and /account,
 * and the rules (rules.h).
 */
#ifndef OIC_MATCHING_MATCHING_H
#define OIC_MATCHING_MATCHING_H

#include <stdint.h>

#include "app/app.h"
#include "app/json.h"
#include "features/matching/rules.h"

/*
 * A tag's label in a language (a curated competence's), or NULL to show
 * the label stored with the suggestion.  The caller that knows the
 * curated list passes it (matching itself comes before actors).
 */
typedef const char *matching_label_fn(const char *key, const char *lang);

/*
 * Fill *out with the suggestions of challenge id ("Who could help"):
 * the sponsor's representatives and the office may dismiss them.
 * Strings live in the request's arena.  0, or -1 on a store error.
 */
int matching_challenge_section(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx, int64_t id, matching_label_fn *label,
			       struct matching_section *out);

/*
 * Fill *out with the suggestions of actor id (fitting challenges, actors
 * whose offers meet its needs and the other way round); whoever may edit
 * the actor may dismiss them and switch the actor off.  mine: the
 * section of /account (headed "Suggestions for me").  0, or -1.
 */
int matching_actor_section(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, bool mine, matching_label_fn *label,
			   struct matching_section *out);

/* The suggestions of challenge id as JSON items (actors with score and explanation): 0, or -1. */
int matching_challenge_json(struct app_ctx *ctx, struct arena *a, int64_t id,
			    matching_label_fn *label, json_t *items);

#endif
