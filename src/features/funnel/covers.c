/*
 * covers.c - cover pictures of challenges, set, replaced and removed on
 * the admins' challenge forms.
 *
 * The picture goes through the same pipeline as ideas' pictures
 * (uploads.c: sniffed by content, re-encoded by libvips without metadata,
 * with a thumbnail for lists).  Every picture that carries meaning needs
 * a text alternative (WCAG 1.1.1): the form asks for one unless the
 * admin marks the picture as decorative, which is stored as the empty
 * text and shown as alt="".
 *
 * Once stored, a new picture travels through corrections of the form as
 * "cover_id", as the current cover does, so nobody chooses it twice.
 */
#include <string.h>

#include "features/funnel/attachments.h"
#include "features/funnel/internal.h"

/* s without white space at either end, in arena a ("" for NULL). */
static const char *trim(struct arena *a, const char *s)
{
	if (s == NULL)
		return "";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	const char *t = arena_strndup(a, s, n);
	return t ? t : "";
}

int covers_from_form(struct http_request *req, struct app_ctx *ctx, struct cover_state *c,
		     struct field_problem *problems, size_t *n)
{
	const struct http_file *file = http_file(req, "cover");
	const char *kept = http_form(req, "cover_id");
	const char *remove = http_form(req, "cover_remove");
	const char *decorative = http_form(req, "cover_decorative");
	const char *problem = NULL;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->alt = trim(&req->arena, http_form(req, "cover_alt"));
	c->decorative = decorative != NULL && decorative[0] != '\0';
	if (file != NULL && file->len > 0) {
		/* A new picture replaces the old one, even with "remove" ticked. */
		rc = uploads_store_image(req, ctx, file, &c->id, &problem);
	} else if (file != NULL && file->filename != NULL && file->filename[0] != '\0') {
		problem = N_("The file is empty. Choose a PNG, JPEG or WebP picture.");
	} else if (remove != NULL && remove[0] != '\0') {
		c->id = 0;
	} else if (kept != NULL && kept[0] != '\0') {
		rc = app_parse_id(kept, &c->id) ? uploads_image_exists(ctx, c->id) : 0;
		if (rc == 0) {
			c->id = 0;
			problem = N_("The picture is no longer available. Please choose it again.");
		}
		rc = rc < 0 ? -1 : 0;
	}
	if (rc < 0)
		return -1;
	if (problem != NULL) {
		problems[*n].field = "cover";
		problems[*n].message = problem;
		(*n)++;
		/* A refused file leaves the cover as it was. */
		int64_t old;
		if (kept != NULL && app_parse_id(kept, &old) && uploads_image_exists(ctx, old) == 1)
			c->id = old;
		return 0;
	}
	const char *alt_problem = cover_alt_problem(c->id != 0, c->alt, c->decorative);
	if (alt_problem != NULL) {
		problems[*n].field = "cover_alt";
		problems[*n].message = alt_problem;
		(*n)++;
	}
	return 0;
}

int covers_save(struct db *db, int64_t id, const struct cover_state *c)
{
	struct db_stmt *st = db_stmt(db, STMT_challenge_cover_set);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, id);
	if (c->id > 0)
		db_bind_i64(st, 2, c->id);
	else
		db_bind_null(st, 2);
	/* Decorative (or no picture): the empty text, shown as alt="". */
	db_bind_text(st, 3, c->id > 0 && !c->decorative && c->alt != NULL ? c->alt : "");
	int rc = db_run(st, NULL);
	return rc < 0 ? rc : DB_OK;
}
