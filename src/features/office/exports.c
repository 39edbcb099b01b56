/*
 * exports.c - the back office's exports for the office's researchers:
 * ideas, comments, supports and evaluations as CSV (RFC 4180, UTF-8, a header row) or
 * JSON (an array of objects with the same fields), both written from one
 * table of columns per export, streamed a thousand rows at a time from a
 * keyset (resp->stream), so that a city of any size exports in constant
 * memory.  Accounts appear
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
#include "app/json.h"

enum { EXPORT_PIECE = 1000, PSEUDONYM_CHARS = 16 };

enum export_kind {
	EXPORT_IDEAS,
	EXPORT_COMMENTS,
	EXPORT_SUPPORTS,
	EXPORT_EVALUATIONS,
	EXPORT__COUNT
};
enum export_format { FORMAT_CSV, FORMAT_JSON };

/*
 * What a column holds, and so how each format writes it.  A NULL in the
 * store is an empty CSV field and a JSON null; an account of 0 (deleted)
 * has no pseudonym.
 */
enum col_type {
	COL_INT,     /* a number */
	COL_OPT_INT, /* a number or NULL */
	COL_OPT_REAL,
	COL_TEXT,
	COL_UTC,     /* Unix seconds, written as 2026-12-07T08:00:00Z */
	COL_ACCOUNT, /* an account's id, written as its pseudonym */
	COL_FLAG,    /* 0/1: CSV 0 or 1, JSON false or true */
};

struct export_col {
	const char *name; /* the CSV header's field and the JSON member */
	enum col_type type;
};

enum { EXPORT_COLS_MAX = 13 };

/* Each export: the statement's columns in order, and its keyset. */
static const struct {
	const char *name; /* in the URL and the file name */
	enum stmt_id stmt;
	int keyset2; /* the column of the keyset's second part, or -1 (the first is column 0) */
	int keyset3; /* the third part's column ($4 in the statement), or -1 */
	struct export_col cols[EXPORT_COLS_MAX + 1];
} exports[EXPORT__COUNT] = {
	[EXPORT_IDEAS] = {"ideas",
			  STMT_export_ideas,
			  -1,
			  -1,
			  {{"id", COL_INT},
			   {"created_utc", COL_UTC},
			   {"challenge_id", COL_OPT_INT},
			   {"author", COL_ACCOUNT},
			   {"title", COL_TEXT},
			   {"body", COL_TEXT},
			   {"status", COL_TEXT},
			   {"supports", COL_INT},
			   {"comments", COL_INT},
			   {"hidden", COL_FLAG},
			   {"lang", COL_TEXT},
			   {"lat", COL_OPT_REAL},
			   {"lon", COL_OPT_REAL},
			   {NULL, COL_INT}}},
	[EXPORT_COMMENTS] = {"comments",
			     STMT_export_comments,
			     -1,
			     -1,
			     {{"id", COL_INT},
			      {"created_utc", COL_UTC},
			      {"subject_type", COL_TEXT},
			      {"subject_id", COL_INT},
			      {"parent_id", COL_OPT_INT},
			      {"author", COL_ACCOUNT},
			      {"body", COL_TEXT}, /* empty when deleted (statements.def) */
			      {"hidden", COL_FLAG},
			      {"deleted", COL_FLAG},
			      {"lang", COL_TEXT},
			      {NULL, COL_INT}}},
	[EXPORT_SUPPORTS] = {"supports",
			     STMT_export_supports,
			     2,
			     -1,
			     {{"idea_id", COL_INT},
			      {"challenge_id", COL_OPT_INT},
			      {"account", COL_ACCOUNT},
			      {"created_utc", COL_UTC},
			      {NULL, COL_INT}}},
	/* One row per score: an evaluation's comment repeats on each of its criteria. */
	[EXPORT_EVALUATIONS] = {"evaluations",
				STMT_export_evaluations,
				2,
				3,
				{{"idea_id", COL_INT},
				 {"challenge_id", COL_OPT_INT},
				 {"evaluator", COL_ACCOUNT},
				 {"criterion_id", COL_INT},
				 {"criterion", COL_TEXT},
				 {"weight", COL_INT},
				 {"score", COL_INT},
				 {"comment", COL_TEXT},
				 {"submitted_utc", COL_UTC},
				 {NULL, COL_INT}}},
};

/* What the stream carries between pieces (outlives the request). */
struct export_stream {
	enum export_kind kind;
	enum export_format format;
	int64_t after, after2, after3; /* the keyset: last id (ideas, comments), (idea, account),
					(idea, evaluator, criterion) */
	bool started;
	int64_t rows; /* sent so far */
	unsigned char key[SECURE_HASH_BYTES];
};

/* The account's pseudonym, or NULL for none (a deleted account). */
static char *pseudonym(struct arena *a, const unsigned char *key, int64_t id)
{
	if (id <= 0)
		return NULL;
	char *mac = secure_mac_text(a, key, SECURE_HASH_BYTES,
				    arena_printf(a, "account:%lld", (long long)id));
	char *hex = arena_alloc(a, 2 * SECURE_HASH_BYTES + 1);
	if (mac == NULL || hex == NULL)
		return NULL;
	/*
	 * Hex digits, not the MAC's base64url: a pseudonym that began with
	 * "-" was written with the CSV's formula guard ("'-…") and so differed
	 * between the CSV and the JSON of the same account.
	 */
	struct secure_hasher h;
	secure_hasher_init(&h);
	secure_hasher_update(&h, mac, strlen(mac));
	secure_hasher_hex(&h, hex);
	hex[PSEUDONYM_CHARS] = '\0';
	return hex;
}

static void csv_header(struct buf *out, enum export_kind kind)
{
	for (const struct export_col *c = exports[kind].cols; c->name != NULL; c++)
		csv_text(out, c->name, c == exports[kind].cols);
	csv_end_row(out);
}

static void csv_cell(struct export_stream *x, struct db_stmt *st, int i, struct buf *out)
{
	bool first = i == 0;
	switch (exports[x->kind].cols[i].type) {
	case COL_INT:
	case COL_FLAG: csv_int(out, db_col_i64(st, i), first); break;
	case COL_OPT_INT:
		if (db_col_null(st, i))
			csv_text(out, "", first);
		else
			csv_int(out, db_col_i64(st, i), first);
		break;
	case COL_OPT_REAL:
		if (db_col_null(st, i))
			csv_text(out, "", first);
		else
			buf_printf(out, "%s%.6f", first ? "" : ",", db_col_double(st, i));
		break;
	case COL_TEXT: csv_text(out, db_col_text(st, i), first); break;
	case COL_UTC:
		/* A date is not a formula: written as it is, never with an apostrophe. */
		if (!first)
			buf_putc(out, ',');
		civil_put_rfc3339(out, db_col_i64(st, i));
		break;
	case COL_ACCOUNT:
		csv_text(out, pseudonym(out->arena, x->key, db_col_i64(st, i)), first);
		break;
	}
}

static json_t *json_cell(struct export_stream *x, struct db_stmt *st, int i, struct arena *a)
{
	switch (exports[x->kind].cols[i].type) {
	case COL_INT: return json_integer(db_col_i64(st, i));
	case COL_FLAG: return json_boolean(db_col_i64(st, i) != 0);
	case COL_OPT_INT: return db_col_null(st, i) ? json_null() : json_integer(db_col_i64(st, i));
	case COL_OPT_REAL:
		return db_col_null(st, i) ? json_null() : json_real(db_col_double(st, i));
	case COL_TEXT: return json_string(db_col_text(st, i));
	case COL_UTC: {
		struct buf t;
		buf_init(&t, a);
		civil_put_rfc3339(&t, db_col_i64(st, i));
		return t.oom ? json_null() : json_string(t.data);
	}
	case COL_ACCOUNT: {
		const char *p = pseudonym(a, x->key, db_col_i64(st, i));
		return p != NULL ? json_string(p) : json_null();
	}
	}
	return json_null();
}

static void write_row(struct export_stream *x, struct db_stmt *st, struct buf *out)
{
	const struct export_col *cols = exports[x->kind].cols;

	x->after = db_col_i64(st, 0);
	if (exports[x->kind].keyset2 >= 0)
		x->after2 = db_col_i64(st, exports[x->kind].keyset2);
	if (exports[x->kind].keyset3 >= 0)
		x->after3 = db_col_i64(st, exports[x->kind].keyset3);
	if (x->format == FORMAT_CSV) {
		for (int i = 0; cols[i].name != NULL; i++)
			csv_cell(x, st, i, out);
		csv_end_row(out);
	} else {
		json_t *o = json_object();
		for (int i = 0; cols[i].name != NULL; i++)
			json_object_set_new(o, cols[i].name, json_cell(x, st, i, out->arena));
		buf_puts(out, x->rows > 0 ? ",\n" : "\n");
		app_json_append(out, o);
		json_decref(o);
	}
	x->rows++;
}

/* One piece: the next EXPORT_PIECE rows after the keyset, from a fresh query. */
static int export_fill(void *arg, struct buf *out)
{
	struct export_stream *x = arg;
	struct db *db = db_thread();
	int rc, rows = 0;

	if (!x->started) {
		if (x->format == FORMAT_CSV)
			csv_header(out, x->kind);
		else
			buf_puts(out, "[");
		x->started = true;
	}
	struct db_stmt *st = db ? db_stmt(db, exports[x->kind].stmt) : NULL;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, x->after);
	db_bind_i64(st, 2, x->after2);
	db_bind_i64(st, 3, EXPORT_PIECE);
	if (exports[x->kind].keyset3 >= 0)
		db_bind_i64(st, 4, x->after3);
	while ((rc = db_step(st)) == DB_ROW) {
		write_row(x, st, out);
		rows++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rows == EXPORT_PIECE)
		return 1;
	if (x->format == FORMAT_JSON)
		buf_puts(out, "\n]\n");
	return 0;
}

static bool may_export(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can export the platform's data."));
}

/* /admin/exports/NAME.csv or NAME.json (the routes name each file). */
void admin_export(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *file = strrchr(req->path, '/') + 1;
	size_t n = strcspn(file, ".");
	int kind = 0;

	if (!may_export(req, resp, ctx))
		return;
	while (kind < EXPORT__COUNT &&
	       !(strncmp(file, exports[kind].name, n) == 0 && exports[kind].name[n] == '\0'))
		kind++;
	if (kind == EXPORT__COUNT) { /* routes.def names a file exports[] does not know */
		app_error(req, resp, 404, NULL);
		return;
	}
	bool csv = strcmp(file + n, ".csv") == 0; /* else .json: the routes allow no other */
	struct export_stream *x = calloc(1, sizeof(*x));
	if (x == NULL || app_store_secret(ctx->db, "export_pseudonym_secret", x->key) != 0 ||
	    app_audit(ctx, csv ? "export.csv" : "export.json", exports[kind].name, "") != 0) {
		free(x);
		app_error(req, resp, 503, NULL);
		return;
	}
	x->kind = (enum export_kind)kind;
	x->format = csv ? FORMAT_CSV : FORMAT_JSON;
	app_download_stream(req, resp, arena_printf(&req->arena, "oic-%s", file), export_fill, x);
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
