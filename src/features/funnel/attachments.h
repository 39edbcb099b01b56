/*
 * attachments.h - files on ideas and challenges: PDF attachments of ideas
 * (attachments.c), cover pictures of challenges (covers.c) and the purge
 * of uploads nothing uses any more (attachments.c, job uploads.purge).
 *
 * Files are taken once and then travel through a form's preview and
 * corrections as upload ids, so nobody chooses a file twice; an upload no
 * idea, attachment or challenge came to use is deleted a day later.
 */
#ifndef OIC_WEB_ATTACHMENTS_H
#define OIC_WEB_ATTACHMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "features/funnel/attachment_rules.h"
#include "app/app.h"

/* ---- PDF attachments of ideas (attachments.c) ---- */

/* One attachment an idea form carries: stored already, not yet attached. */
struct attachment_in {
	int64_t upload_id;
	const char *name; /* the link text, cleaned; "" for none */
	int64_t size;	  /* bytes */
};

struct attachment_set {
	struct attachment_in items[ATTACHMENT_MAX_PER_IDEA];
	size_t count;
};

/*
 * The attachments of an idea form: the kept ones (fields attachment_id,
 * attachment_title_<id>, attachment_remove_<id>) and new files of the
 * file field "attachments".  New files are stored only when all of them
 * pass (a PDF by content and by structure, not empty, not too large,
 * not too many in all); otherwise none is and *problem names why (a
 * msgid).  Returns 0 (check *problem) or -1 when the store failed.
 */
int attachments_from_form(struct http_request *req, struct app_ctx *ctx, struct attachment_set *out,
			  const char **problem);

/* Attach set to idea_id, inside the caller's transaction: DB_OK or an error. */
int attachments_insert(struct db *db, int64_t idea_id, const struct attachment_set *set);

/* View items of set for the form (no links); NULL when empty. */
struct attachment_item *attachments_form_items(struct http_request *req, struct app_ctx *ctx,
					       const struct attachment_set *set);

/* The attachments of an idea for its page, with links: one query. */
int attachments_load(struct http_request *req, struct app_ctx *ctx, int64_t idea_id,
		     struct attachment_item **out, size_t *count);

/* GET /ideas/{id}/attachments/{upload}: the PDF, as a download. */
void idea_attachment_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx);

/* ---- cover pictures of challenges (covers.c) ---- */

/* What the challenge form says about the cover. */
struct cover_state {
	int64_t id;	 /* the cover's upload after this form; 0: none */
	const char *alt; /* as typed (shown again in the form) */
	bool decorative;
};

/*
 * Read the cover fields of a challenge form (file "cover", kept
 * "cover_id", "cover_remove", "cover_alt", "cover_decorative") into c;
 * a new picture is checked, re-encoded and stored.  Problems are added
 * at problems[*n] (fields "cover" and "cover_alt").  0, or -1 when the
 * store or the image library failed.
 */
int covers_from_form(struct http_request *req, struct app_ctx *ctx, struct cover_state *c,
		     struct field_problem *problems, size_t *n);

/* Save c as the cover of challenge id, inside the caller's transaction. */
int covers_save(struct db *db, int64_t id, const struct cover_state *c);

/* ---- the orphan purge (attachments.c) ---- */

enum {
	UPLOAD_PURGE_GRACE = 24 * 3600, /* a form in progress keeps its files a day */
	UPLOAD_PURGE_BATCH = 200,	/* uploads per statement */
	UPLOAD_PURGE_ROUNDS = 50,	/* statements per run, at most */
};

/*
 * Job "uploads.purge": delete uploads older than the grace period that no
 * idea picture, attachment or challenge cover uses.  Idempotent; 0, or
 * -1 to retry.
 */
int uploads_purge_job(struct db *db, const char *payload, int64_t now);

#endif
