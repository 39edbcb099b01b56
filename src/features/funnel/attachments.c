/*
 * attachments.c - PDF attachments of ideas, and the purge of uploads
 * nothing uses any more.
 *
 * A PDF is accepted by its content only: it must start like a PDF
 * (features/funnel/attachment_rules.c) and a real parser must open it as a document
 * with pages (base/pdf.c).  Unlike pictures, a PDF is stored as it came
 * (there is no re-encoding that keeps a document intact); the form says
 * that metadata inside the file, such as an author name, stays.
 *
 * Names: pictures drop their file names, since a name can say more about
 * people than the picture.  A document's name usually is its title, and
 * a link needs a text, so the author gets a link text field prefilled with
 * the cleaned file name (features/funnel/attachment_rules.h), sees it in the preview
 * and can change it before submitting.  Only that text is kept, with the
 * attachment; the upload row keeps no name.
 *
 * Kept files travel as "ID.MAC", the MAC made with the session's form
 * token: upload ids are sequential, and without it anyone could attach a
 * hidden idea's document to an idea of their own and read it there.
 *
 * Serving: only under the idea (/ideas/{id}/attachments/{upload}), so
 * that whoever may not see the idea (hidden, or in a draft challenge)
 * does not get its files either; always as a download, with the type
 * confirmed by the bytes, nosniff, and a sandboxing CSP should a browser
 * render it anyway.
 */
#include "features/funnel/attachments.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/pdf.h"
#include "base/secure.h"
#include "features/funnel/internal.h"

/* The link text of a kept attachment (attachment_title_<id>). */
static const char *title_field(struct arena *a, const char *prefix, int64_t id)
{
	return arena_printf(a, "%s%lld", prefix, (long long)id);
}

/* "ID.MAC" for a file this session stored; NULL when out of memory. */
static const char *kept_value(struct http_request *req, int64_t id)
{
	const char *key = app_csrf(req, NULL);
	const char *msg = arena_printf(&req->arena, "attachment:%lld", (long long)id);
	if (key == NULL || msg == NULL)
		return NULL;
	const char *mac =
		secure_mac_text(&req->arena, (const unsigned char *)key, strlen(key), msg);
	return mac ? arena_printf(&req->arena, "%lld.%s", (long long)id, mac) : NULL;
}

/* The id of a kept value made by kept_value() in this session, else false. */
static bool kept_parse(struct http_request *req, const char *value, int64_t *id)
{
	const char *dot = value ? strchr(value, '.') : NULL;
	if (dot == NULL)
		return false;
	const char *digits = arena_strndup(&req->arena, value, (size_t)(dot - value));
	if (digits == NULL || !app_parse_id(digits, id))
		return false;
	const char *expected = kept_value(req, *id);
	return expected != NULL && secure_equal(expected, value);
}

static bool checked(const struct http_request *req, const char *name)
{
	const char *v = name ? http_form(req, name) : NULL;
	return v != NULL && v[0] != '\0';
}

static bool already(const struct attachment_set *s, int64_t id)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i].upload_id == id)
			return true;
	return false;
}

/* The problem of one new file, or NULL when it is a PDF we take. */
static const char *file_problem(const struct http_file *f)
{
	if (f->len == 0)
		return N_("The file is empty. Choose a PDF document with content.");
	if (f->len > ATTACHMENT_MAX_BYTES)
		return N_("The PDF file is too large. Choose one of at most 5 MB.");
	if (attachment_sniff_pdf(f->data, f->len) == NULL)
		return N_("This file is not a PDF document.");
	switch (pdf_check(f->data, f->len, NULL)) {
	case PDF_OK: return NULL;
	case PDF_ENCRYPTED:
		return N_("This PDF document is protected by a password. Choose one without.");
	case PDF_NO_PAGES: return N_("This PDF document has no pages.");
	case PDF_UNREADABLE:
	case PDF_ERROR: break;
	}
	return N_("This PDF document cannot be read. It may be damaged.");
}

/* Store a checked PDF; its id into *id.  -1 on a store error. */
static int store_pdf(struct app_ctx *ctx, const struct http_file *f, int64_t *id)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	crypto_hash_sha256(digest, f->data, f->len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	struct db_stmt *st = db_stmt(ctx->db, STMT_upload_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, hex);
	db_bind_text(st, 2, "application/pdf");
	db_bind_i64(st, 3, (int64_t)f->len);
	db_bind_null(st, 4);
	db_bind_null(st, 5);
	db_bind_blob(st, 6, f->data, f->len);
	db_bind_null(st, 7);
	db_bind_text(st, 8, ""); /* the name lives with the attachment */
	db_bind_i64(st, 9, ctx->user->id);
	db_bind_i64(st, 10, ctx->now);
	if (db_run(st, id) < 0 || *id <= 0) {
		log_warn("storing a PDF failed: %s", db_errmsg(ctx->db));
		return -1;
	}
	return 0;
}

/* The files a form sent in "attachments", without the empty part a
 * browser sends when none was chosen. */
static size_t new_files(const struct http_request *req, const struct http_file **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < req->file_count; i++) {
		const struct http_file *f = &req->files[i];
		if (strcmp(f->field, "attachments") != 0)
			continue;
		if (f->len == 0 && (f->filename == NULL || f->filename[0] == '\0'))
			continue;
		if (n < max)
			out[n] = f;
		n++; /* counted beyond max: "too many" needs the number */
	}
	return n;
}

int attachments_from_form(struct http_request *req, struct app_ctx *ctx, struct attachment_set *out,
			  const char **problem)
{
	const char *kept[ATTACHMENT_MAX_PER_IDEA * 2];
	const struct http_file *files[ATTACHMENT_MAX_PER_IDEA];
	int rc;

	out->count = 0;
	*problem = NULL;
	/* Kept files first, in the order the form lists them. */
	size_t kn = app_form_all(req, "attachment_id", kept, ATTACHMENT_MAX_PER_IDEA * 2);
	for (size_t i = 0; i < kn; i++) {
		int64_t id;
		if (!kept_parse(req, kept[i], &id)) {
			*problem = N_(
				"An attached file is no longer available. Please choose it again.");
			continue;
		}
		if (already(out, id))
			continue;
		if (checked(req, title_field(&req->arena, "attachment_remove_", id)))
			continue;
		if (out->count == ATTACHMENT_MAX_PER_IDEA) {
			*problem = N_("You can attach at most 5 PDF files.");
			return 0;
		}
		struct db_stmt *st = db_stmt(ctx->db, STMT_upload_pdf_size);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		rc = db_step(st);
		int64_t size = rc == DB_ROW ? db_col_i64(st, 0) : 0;
		db_reset(st);
		if (rc < 0)
			return -1;
		if (rc != DB_ROW) {
			*problem = N_(
				"An attached file is no longer available. Please choose it again.");
			continue;
		}
		const char *title =
			http_form(req, title_field(&req->arena, "attachment_title_", id));
		struct attachment_in *a = &out->items[out->count++];
		a->upload_id = id;
		a->size = size;
		a->name = attachment_name_clean(&req->arena, title);
		if (a->name == NULL)
			return -1;
	}
	if (*problem != NULL)
		return 0;

	/* New files: all pass, or none is stored. */
	size_t fn = new_files(req, files, ATTACHMENT_MAX_PER_IDEA);
	if (fn == 0)
		return 0;
	if (out->count + fn > ATTACHMENT_MAX_PER_IDEA) {
		*problem = N_("You can attach at most 5 PDF files.");
		return 0;
	}
	for (size_t i = 0; i < fn; i++) {
		*problem = file_problem(files[i]);
		if (*problem != NULL)
			return 0;
	}
	for (size_t i = 0; i < fn; i++) {
		int64_t id = 0;
		if (store_pdf(ctx, files[i], &id) != 0)
			return -1;
		if (already(out, id))
			continue; /* the same document twice */
		struct attachment_in *a = &out->items[out->count++];
		a->upload_id = id;
		a->size = (int64_t)files[i]->len;
		a->name = attachment_name_clean(&req->arena, files[i]->filename);
		if (a->name == NULL)
			return -1;
	}
	return 0;
}

int attachments_insert(struct db *db, int64_t idea_id, const struct attachment_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		struct db_stmt *st = db_stmt(db, STMT_idea_attachment_add);
		if (st == NULL)
			return DB_ERROR;
		db_bind_i64(st, 1, idea_id);
		db_bind_i64(st, 2, set->items[i].upload_id);
		db_bind_i64(st, 3, (int64_t)i);
		db_bind_text(st, 4, set->items[i].name);
		int rc = db_run(st, NULL);
		if (rc < 0)
			return rc;
	}
	return DB_OK;
}

/* "1.2 MB" with the decimal separator of the page's language. */
static const char *size_text(struct arena *a, enum lang lang, int64_t bytes)
{
	char buf[32];
	attachment_size_text(buf, sizeof(buf), bytes, lang == LANG_DE ? ',' : '.');
	return arena_strdup(a, buf);
}

/* A name to show: the link text, or "PDF document" when it is empty. */
static const char *shown_name(enum lang lang, const char *name)
{
	return name != NULL && name[0] != '\0' ? name : tr(lang, N_("PDF document"));
}

struct attachment_item *attachments_form_items(struct http_request *req, struct app_ctx *ctx,
					       const struct attachment_set *set)
{
	if (set->count == 0)
		return NULL;
	struct attachment_item *items = arena_calloc(&req->arena, set->count, sizeof(*items));
	for (size_t i = 0; items != NULL && i < set->count; i++) {
		items[i].upload_id = set->items[i].upload_id;
		items[i].kept = kept_value(req, items[i].upload_id);
		/* The form shows what was typed, even if empty. */
		items[i].name = set->items[i].name;
		items[i].size = size_text(&req->arena, ctx->lang, set->items[i].size);
	}
	return items;
}

int attachments_load(struct http_request *req, struct app_ctx *ctx, int64_t idea_id,
		     struct attachment_item **out, size_t *count)
{
	int rc;

	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_attachments_of);
	struct attachment_item *items =
		arena_calloc(&req->arena, ATTACHMENT_MAX_PER_IDEA, sizeof(*items));
	if (st == NULL || items == NULL)
		return -1;
	db_bind_i64(st, 1, idea_id);
	db_bind_i64(st, 2, ATTACHMENT_MAX_PER_IDEA);
	while ((rc = db_step(st)) == DB_ROW && *count < ATTACHMENT_MAX_PER_IDEA) {
		struct attachment_item *a = &items[(*count)++];
		a->upload_id = db_col_i64(st, 0);
		a->name = shown_name(ctx->lang, db_col_dup(st, 1, &req->arena));
		a->size = size_text(&req->arena, ctx->lang, db_col_i64(st, 2));
		a->href = arena_printf(&req->arena, "/ideas/%lld/attachments/%lld",
				       (long long)idea_id, (long long)a->upload_id);
	}
	db_reset(st);
	if (*count > 0)
		*out = items;
	return rc < 0 ? -1 : 0;
}

void idea_attachment_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_attachment_get);
	size_t n = 0;

	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	db_bind_i64(st, 2, req->params[1]);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		app_error(req, resp, rc < 0 ? 503 : 404, N_("This file does not exist."));
		return;
	}
	const enum role *role = app_role(ctx);
	bool hidden = db_col_i64(st, 3) != 0;
	bool in_challenge = !db_col_null(st, 4);
	enum challenge_phase phase = PHASE_DRAFT;
	if (in_challenge && !phase_parse(db_col_text(st, 5), &phase))
		phase = PHASE_DRAFT;
	/* Whoever may not see the idea gets its files no more than the page. */
	if ((hidden && !funnel_may(role, FUNNEL_MODERATE)) ||
	    (in_challenge && !challenge_visible(phase, role))) {
		db_reset(st);
		app_error(req, resp, 404, N_("This file does not exist."));
		return;
	}
	const char *name = db_col_dup(st, 0, &req->arena);
	const void *data = db_col_blob(st, 2, &n);
	/* The stored type, confirmed by the bytes themselves. */
	if (strcmp(db_col_text(st, 1), "application/pdf") != 0 ||
	    attachment_sniff_pdf(data, n) == NULL) {
		db_reset(st);
		app_error(req, resp, 404, N_("This file does not exist."));
		return;
	}
	buf_append(&resp->body, data, n);
	db_reset(st);
	const char *disposition = attachment_disposition(&req->arena, name);
	if (disposition == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/pdf";
	http_add_header(resp, "Content-Disposition", disposition);
	/* Should a browser show it anyway: no scripts, no plugins, no origin. */
	http_add_header(resp, "Content-Security-Policy",
			"default-src 'none'; object-src 'none'; sandbox; frame-ancestors 'none'");
	/*
	 * The bytes behind this address never change, so a year; but private:
	 * the idea may be hidden later, and no shared cache should keep
	 * serving what the platform withholds.
	 */
	http_add_header(resp, "Cache-Control", "private, max-age=31536000, immutable");
}

/* ---- the orphan purge ---- */

int uploads_purge_job(struct db *db, const char *payload, int64_t now)
{
	int64_t total = 0;
	(void)payload;

	for (int round = 0; round < UPLOAD_PURGE_ROUNDS; round++) {
		struct db_stmt *st = db_stmt(db, STMT_upload_purge);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, now - UPLOAD_PURGE_GRACE);
		db_bind_i64(st, 2, UPLOAD_PURGE_BATCH);
		if (db_run(st, NULL) < 0) {
			log_warn("uploads.purge failed: %s", db_errmsg(db));
			return -1;
		}
		int64_t n = db_changes(db);
		total += n;
		if (n < UPLOAD_PURGE_BATCH)
			break;
	}
	if (total > 0)
		log_info("uploads.purge: %lld unused uploads deleted", (long long)total);
	return 0;
}
