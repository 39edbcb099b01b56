/*
 * exports.c - the back office's exports for the office's researchers:
 * ideas, comments and supports as CSV (RFC 4180, UTF-8, a header row),
 * streamed a thousand rows at a time from a keyset (resp->stream), so
 * that a city of any size exports in constant memory.  Accounts appear
 * as pseudonyms: a keyed hash (HMAC-SHA-256) of the account's id under a
 * secret kept in the store, the same in every export (a support and an
 * idea of one account carry the same pseudonym) and not reversible
 * without the store.  Pseudonymised data is still personal data (GDPR
 * Art. 4(5)); names and e-mail addresses never leave.  Administrators
 * only (PERM_MANAGE_CONTENT); every export is recorded in the audit log.
 */
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/csv.h"
#include "base/secure.h"
#include "features/office/office.h"

enum { EXPORT_PIECE = 1000, PSEUDONYM_CHARS = 16 };

enum export_kind { EXPORT_IDEAS, EXPORT_COMMENTS, EXPORT_SUPPORTS, EXPORT__COUNT };

static const struct {
	const char *name;   /* in the URL and the file name */
	const char *header; /* the CSV's first row */
	enum stmt_id stmt;
} exports[EXPORT__COUNT] = {
	[EXPORT_IDEAS] = {"ideas",
			  "id,created_utc,challenge_id,author,title,body,status,supports,comments,"
			  "hidden,lang,lat,lon",
			  STMT_export_ideas},
	[EXPORT_COMMENTS] = {"comments",
			     "id,created_utc,subject_type,subject_id,parent_id,author,body,hidden,"
			     "deleted,lang",
			     STMT_export_comments},
	[EXPORT_SUPPORTS] = {"supports", "idea_id,challenge_id,account,created_utc",
			     STMT_export_supports},
};

/* What the stream carries between pieces (outlives the request). */
struct export_stream {
	enum export_kind kind;
	int64_t after, after2; /* the keyset: last id (ideas, comments) or (idea, account) */
	bool header_done;
	unsigned char key[SECURE_HASH_BYTES];
};

static void put_utc(struct buf *b, int64_t t)
{
	struct civil_time c;
	civil_utc(t, &c);
	buf_printf(b, ",%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)c.year, c.month, c.day, c.hour,
		   c.minute, c.second);
}

/* The account's pseudonym, or an empty field for none (a deleted account). */
static void put_pseudonym(struct buf *b, struct arena *a, const unsigned char *key, int64_t id)
{
	if (id <= 0) {
		csv_text(b, "", false);
		return;
	}
	char *mac = secure_mac_text(a, key, SECURE_HASH_BYTES,
				    arena_printf(a, "account:%lld", (long long)id));
	if (mac != NULL && strlen(mac) > PSEUDONYM_CHARS)
		mac[PSEUDONYM_CHARS] = '\0';
	csv_text(b, mac, false);
}

/* A nullable number column: empty when NULL. */
static void put_opt_int(struct buf *b, struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		csv_text(b, "", false);
	else
		csv_int(b, db_col_i64(st, col), false);
}

static void put_opt_real(struct buf *b, struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		csv_text(b, "", false);
	else
		buf_printf(b, ",%.6f", db_col_double(st, col));
}

static void write_row(struct export_stream *x, struct db_stmt *st, struct buf *out)
{
	switch (x->kind) {
	case EXPORT_IDEAS:
		x->after = db_col_i64(st, 0);
		csv_int(out, x->after, true);
		put_utc(out, db_col_i64(st, 1));
		put_opt_int(out, st, 2);
		put_pseudonym(out, out->arena, x->key, db_col_i64(st, 3));
		csv_text(out, db_col_text(st, 4), false);
		csv_text(out, db_col_text(st, 5), false);
		csv_text(out, db_col_text(st, 6), false);
		csv_int(out, db_col_i64(st, 7), false);
		csv_int(out, db_col_i64(st, 8), false);
		csv_int(out, db_col_i64(st, 9), false);
		csv_text(out, db_col_text(st, 10), false);
		put_opt_real(out, st, 11);
		put_opt_real(out, st, 12);
		break;
	case EXPORT_COMMENTS:
		x->after = db_col_i64(st, 0);
		csv_int(out, x->after, true);
		put_utc(out, db_col_i64(st, 1));
		csv_text(out, db_col_text(st, 2), false);
		csv_int(out, db_col_i64(st, 3), false);
		put_opt_int(out, st, 4);
		put_pseudonym(out, out->arena, x->key, db_col_i64(st, 5));
		/* A deleted comment's text is gone for everyone, here too. */
		csv_text(out, db_col_i64(st, 8) ? "" : db_col_text(st, 6), false);
		csv_int(out, db_col_i64(st, 7), false);
		csv_int(out, db_col_i64(st, 8), false);
		csv_text(out, db_col_text(st, 9), false);
		break;
	case EXPORT_SUPPORTS:
		x->after = db_col_i64(st, 0);
		x->after2 = db_col_i64(st, 2);
		csv_int(out, x->after, true);
		put_opt_int(out, st, 1);
		put_pseudonym(out, out->arena, x->key, x->after2);
		put_utc(out, db_col_i64(st, 3));
		break;
	case EXPORT__COUNT:
		break;
	}
	csv_end_row(out);
}

/* One piece: the next EXPORT_PIECE rows after the keyset, from a fresh query. */
static int export_fill(void *arg, struct buf *out)
{
	struct export_stream *x = arg;
	struct db *db = db_thread();
	int rc, rows = 0;

	if (!x->header_done) {
		buf_puts(out, exports[x->kind].header);
		csv_end_row(out);
		x->header_done = true;
	}
	struct db_stmt *st = db ? db_stmt(db, exports[x->kind].stmt) : NULL;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, x->after);
	db_bind_i64(st, 2, x->after2);
	db_bind_i64(st, 3, EXPORT_PIECE);
	while ((rc = db_step(st)) == DB_ROW) {
		write_row(x, st, out);
		rows++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rows == EXPORT_PIECE ? 1 : 0;
}

/* The pseudonyms' key, made by the first export and kept in the store. */
static int pseudonym_key(struct app_ctx *ctx, struct arena *a, unsigned char key[SECURE_HASH_BYTES])
{
	unsigned char fresh[32];

	secure_random(fresh, sizeof(fresh));
	struct db_stmt *st = db_stmt(ctx->db, STMT_setting_init);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, "export_pseudonym_secret");
	db_bind_text(st, 2, secure_base64url(a, fresh, sizeof(fresh)));
	if (db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_setting_get);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, "export_pseudonym_secret");
	int rc = db_step(st);
	if (rc == DB_ROW)
		secure_hash(db_col_text(st, 0), strlen(db_col_text(st, 0)), key);
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

static bool may_export(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can export the platform's data."));
}

static void export_send(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			enum export_kind kind)
{
	if (!may_export(req, resp, ctx))
		return;
	struct export_stream *x = calloc(1, sizeof(*x));
	if (x == NULL || pseudonym_key(ctx, &req->arena, x->key) != 0 ||
	    app_audit(ctx, "export.csv", exports[kind].name, "") != 0) {
		free(x);
		app_error(req, resp, 503, NULL);
		return;
	}
	x->kind = kind;
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8; header=present";
	http_add_header(resp, "Content-Disposition",
			arena_printf(&req->arena, "attachment; filename=\"oic-%s.csv\"",
				     exports[kind].name));
	http_add_header(resp, "Cache-Control", "no-store");
	resp->stream = export_fill;
	resp->stream_free = free;
	resp->stream_arg = x;
}

void admin_export_ideas(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	export_send(req, resp, ctx, EXPORT_IDEAS);
}

void admin_export_comments(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	export_send(req, resp, ctx, EXPORT_COMMENTS);
}

void admin_export_supports(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	export_send(req, resp, ctx, EXPORT_SUPPORTS);
}

void admin_exports(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct exports_view v;

	if (!may_export(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/exports");
	app_layout(req, resp, &v.layout, N_("Exports"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_exports(&out, &v);
}
