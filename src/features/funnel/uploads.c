/*
 * uploads.c - pictures of ideas: taken from a form, checked by their
 * content (never by their name or declared type), re-encoded without
 * metadata (base/image.c), stored under their content hash, and served
 * with their type and a year of caching (an id never changes content).
 */
#include <string.h>

#include "base/image.h"
#include "base/log.h"
#include "features/funnel/internal.h"

int uploads_store_image(struct http_request *req, struct app_ctx *ctx, const struct http_file *f,
			int64_t *id, const char **problem)
{
	struct image_result img;

	*id = 0;
	*problem = NULL;
	if (f->len > UPLOAD_IMAGE_MAX_BYTES) {
		*problem = N_("The picture is too large. Choose one of at most 5 MB.");
		return 1;
	}
	const char *type = upload_sniff_image(f->data, f->len);
	if (type == NULL) {
		*problem = N_("This file is not a PNG, JPEG or WebP picture.");
		return 1;
	}
	switch (image_reencode(&req->arena, type, f->data, f->len, UPLOAD_IMAGE_MAX_PIXELS,
			       UPLOAD_IMAGE_MAX_SIDE, UPLOAD_THUMB_SIDE, &img)) {
	case IMAGE_OK: break;
	case IMAGE_TOO_LARGE:
		*problem =
			N_("The picture has too many pixels. Choose one of at most 40 megapixels.");
		return 1;
	case IMAGE_UNREADABLE:
		*problem = N_("This picture cannot be read. It may be damaged.");
		return 1;
	case IMAGE_ERROR: return -1;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_upload_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, img.sha256);
	db_bind_text(st, 2, type);
	db_bind_i64(st, 3, (int64_t)img.len);
	db_bind_i64(st, 4, img.width);
	db_bind_i64(st, 5, img.height);
	db_bind_blob(st, 6, img.data, img.len);
	db_bind_blob(st, 7, img.thumb, img.thumb_len);
	/* No file name: names can say more about people than the picture. */
	db_bind_text(st, 8, "");
	db_bind_i64(st, 9, ctx->user->id);
	db_bind_i64(st, 10, ctx->now);
	if (db_run(st, id) < 0 || *id <= 0) {
		log_warn("storing an upload failed: %s", db_errmsg(ctx->db));
		return -1;
	}
	return 0;
}

int uploads_image_exists(struct app_ctx *ctx, int64_t id)
{
	int64_t found = 0;
	struct db_stmt *st = db_stmt(ctx->db, STMT_upload_is_image);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_run(st, &found);
	return rc < 0 ? -1 : found == id;
}

static void serve(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		  enum stmt_id id)
{
	struct db_stmt *st = db_stmt(ctx->db, id);
	size_t n = 0;

	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		app_error(req, resp, rc < 0 ? 503 : 404, N_("This picture does not exist."));
		return;
	}
	const void *data = db_col_blob(st, 1, &n);
	const char *type = upload_sniff_image(data, n);
	/* The stored type, confirmed by the bytes themselves. */
	if (type == NULL || strcmp(type, db_col_text(st, 0)) != 0) {
		db_reset(st);
		app_error(req, resp, 404, N_("This picture does not exist."));
		return;
	}
	buf_append(&resp->body, data, n);
	db_reset(st);
	resp->status = 200;
	resp->content_type = type; /* a static string of upload_sniff_image() */
	http_add_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
	http_add_header(resp, "Content-Disposition", "inline");
}

void uploads_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	serve(req, resp, ctx, STMT_upload_data);
}

void uploads_thumb(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	serve(req, resp, ctx, STMT_upload_thumb);
}
