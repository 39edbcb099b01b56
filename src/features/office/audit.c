/*
 * audit.c - the audit log: /admin/audit filtered by actor, action,
 * subject and days, newest first, a page at a time; /admin/audit.csv and
 * /admin/audit.json the same rows as CSV (RFC 4180) or as a JSON array of
 * objects with the same fields, streamed a page at a time, so that an export of any
 * length takes the memory of one page.  Administrators only
 * (PERM_READ_AUDIT: the log names accounts).
 */
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/csv.h"
#include "base/log.h"
#include "base/text.h"
#include "features/office/office.h"
#include "app/json.h"
#include "features/office/rules.h"

enum { AUDIT_CSV_PAGE = 1000 };

/* The filter's time range [from, to) in seconds. */
static void filter_range(const struct office_audit_filter *f, int64_t *from, int64_t *to)
{
	*from = f->has_from ? civil_local_seconds(f->from_y, f->from_m, f->from_d, 0, 0)
			    : INT64_MIN;
	*to = f->has_to ? civil_local_seconds(f->to_y, f->to_m, f->to_d + 1, 0, 0) : INT64_MAX;
}

static void bind_filter(struct db_stmt *st, const struct office_audit_filter *f, int64_t after,
			int64_t limit)
{
	int64_t from, to;

	filter_range(f, &from, &to);
	db_bind_i64(st, 1, f->actor);
	db_bind_text(st, 2, f->action);
	db_bind_text(st, 3, f->subject);
	db_bind_i64(st, 4, from);
	db_bind_i64(st, 5, to);
	db_bind_i64(st, 6, after);
	db_bind_i64(st, 7, limit);
}

static bool may_read(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_READ_AUDIT),
			   N_("Only administrators can read the audit log."));
}

/* The filter's query string ("actor=..&action=.."), every value encoded. */
static const char *filter_query(struct http_request *req, const struct audit_view *v)
{
	struct arena *a = &req->arena;
	return arena_printf(a, "actor=%s&action=%s&subject=%s&from=%s&to=%s",
			    text_url_encode(a, v->actor), text_url_encode(a, v->action),
			    text_url_encode(a, v->subject), text_url_encode(a, v->dates.from),
			    text_url_encode(a, v->dates.to));
}

void admin_audit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct audit_view v;
	struct office_audit_filter f;
	struct field_problem problems[OFFICE_AUDIT_FIELDS];
	int64_t after;
	int rc;

	if (!may_read(req, resp, ctx))
		return;
	if (!office_after(req, resp, &after))
		return;
	memset(&v, 0, sizeof(v));
#define Q(name) (http_query(req, name) ? http_query(req, name) : "")
	v.actor = Q("actor");
	v.action = Q("action");
	v.subject = Q("subject");
	v.dates.from = Q("from");
	v.dates.to = Q("to");
#undef Q
	v.nav = office_nav(req, ctx, "/admin/audit");
	size_t n = office_audit_filter_check(v.actor, v.action, v.subject, v.dates.from, v.dates.to,
					     &f, problems);
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.actor_error = app_problem_for(ctx->lang, problems, n, "actor");
		v.action_error = app_problem_for(ctx->lang, problems, n, "action");
		v.subject_error = app_problem_for(ctx->lang, problems, n, "subject");
		v.dates.from_error = app_problem_for(ctx->lang, problems, n, "from");
		v.dates.to_error = app_problem_for(ctx->lang, problems, n, "to");
		app_layout(req, resp, &v.layout, N_("Audit log"), "/admin");
		struct tpl_out out = app_html(req, resp, 422);
		tpl_admin_audit(&out, &v);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_audit);
	v.rows = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v.rows));
	if (st == NULL || v.rows == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	bind_filter(st, &f, after, OFFICE_PAGE + 1);
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.rows_count == OFFICE_PAGE) {
			more = true;
			break;
		}
		struct audit_row *a = &v.rows[v.rows_count++];
		a->id = db_col_i64(st, 0);
		a->at = db_col_i64(st, 1);
		a->actor_id = db_col_i64(st, 2);
		a->actor = db_col_dup(st, 3, &req->arena);
		a->action = db_col_dup(st, 4, &req->arena);
		a->subject = db_col_dup(st, 5, &req->arena);
		a->detail = db_col_dup(st, 6, &req->arena);
		a->before = db_col_dup(st, 7, &req->arena);
		a->after = db_col_dup(st, 8, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.rows_count == 0)
		v.rows = NULL;
	v.filtered = f.actor != 0 || f.action[0] || f.subject[0] || f.has_from || f.has_to;
	const char *query = filter_query(req, &v);
	v.csv_href = arena_printf(&req->arena, "/admin/audit.csv?%s", query);
	v.json_href = arena_printf(&req->arena, "/admin/audit.json?%s", query);
	if (more)
		v.pager.next_href = arena_printf(&req->arena, "/admin/audit?%s&after=%lld", query,
						 (long long)v.rows[v.rows_count - 1].id);
	if (after != INT64_MAX)
		v.pager.first_href = arena_printf(&req->arena, "/admin/audit?%s", query);
	app_layout(req, resp, &v.layout, N_("Audit log"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_audit(&out, &v);
}

/* ---- the CSV export ---- */

/*
 * What the stream needs between pieces; it outlives the request's arena,
 * so the filter's texts are copied in.
 */
struct audit_export {
	struct office_audit_filter filter;
	char action[OFFICE_ACTION_MAX + 1];
	char subject[OFFICE_SUBJECT_MAX + 1];
	int64_t after; /* the last id written */
	bool header_done;
	bool json;    /* /admin/audit.json: an array of objects with the CSV's fields */
	int64_t rows; /* written so far */
};

/* The CSV's fields, and the JSON's members, in order. */
static const char *const audit_fields[] = {"id",	 "time_utc", "actor_id",
					   "actor_name", "action",   "subject",
					   "detail",	 "before",   "after"};

/* One row of STMT_office_audit as a JSON object, after a comma unless it is the first. */
static void audit_json_row(struct audit_export *x, struct db_stmt *st, struct buf *out)
{
	json_t *o = json_object();
	struct buf t;

	buf_init(&t, out->arena);
	civil_put_rfc3339(&t, db_col_i64(st, 1));
	json_object_set_new(o, audit_fields[0], json_integer(db_col_i64(st, 0)));
	json_object_set_new(o, audit_fields[1], t.oom ? json_null() : json_string(t.data));
	json_object_set_new(o, audit_fields[2],
			    db_col_i64(st, 2) != 0 ? json_integer(db_col_i64(st, 2)) : json_null());
	for (int c = 3; c <= 8; c++)
		json_object_set_new(o, audit_fields[c], json_string(db_col_text(st, c)));
	buf_puts(out, x->rows > 0 ? ",\n" : "\n");
	app_json_append(out, o);
	json_decref(o);
}

/*
 * One piece: the next AUDIT_CSV_PAGE rows, from a fresh query that
 * starts after the last id written (no statement stays open between
 * pieces, so the connection serves other requests meanwhile).  Rows
 * written after the export began have larger ids and may appear; the
 * export is the log as it was page by page, which for an append-only
 * log is the log at its start plus what came since.
 */
static int audit_export_fill(void *arg, struct buf *out)
{
	struct audit_export *x = arg;
	struct db *db = db_thread();
	int rc, rows = 0;

	if (!x->header_done) {
		if (x->json) {
			buf_putc(out, '[');
		} else {
			for (size_t i = 0; i < sizeof(audit_fields) / sizeof(audit_fields[0]); i++)
				csv_text(out, audit_fields[i], i == 0);
			csv_end_row(out);
		}
		x->header_done = true;
	}
	struct db_stmt *st = db ? db_stmt(db, STMT_office_audit) : NULL;
	if (st == NULL)
		return -1;
	bind_filter(st, &x->filter, x->after, AUDIT_CSV_PAGE);
	while ((rc = db_step(st)) == DB_ROW) {
		x->after = db_col_i64(st, 0);
		rows++;
		if (x->json) {
			audit_json_row(x, st, out);
			x->rows++;
			continue;
		}
		csv_int(out, x->after, true);
		buf_putc(out, ',');
		civil_put_rfc3339(out, db_col_i64(st, 1));
		if (db_col_i64(st, 2) != 0)
			csv_int(out, db_col_i64(st, 2), false);
		else
			csv_text(out, "", false);
		for (int c = 3; c <= 8; c++)
			csv_text(out, db_col_text(st, c), false);
		csv_end_row(out);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rows == AUDIT_CSV_PAGE)
		return 1;
	if (x->json)
		buf_puts(out, x->rows > 0 ? "\n]\n" : "]\n");
	return 0;
}

void admin_audit_csv(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct field_problem problems[OFFICE_AUDIT_FIELDS];
	struct office_audit_filter f;

	if (!may_read(req, resp, ctx))
		return;
	size_t n = office_audit_filter_check(http_query(req, "actor"), http_query(req, "action"),
					     http_query(req, "subject"), http_query(req, "from"),
					     http_query(req, "to"), &f, problems);
	if (n > 0) {
		app_error(req, resp, 400, problems[0].message);
		return;
	}
	struct audit_export *x = calloc(1, sizeof(*x));
	if (x == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	x->filter = f;
	memcpy(x->action, f.action, strlen(f.action) + 1);
	memcpy(x->subject, f.subject, strlen(f.subject) + 1);
	x->filter.action = x->action;
	x->filter.subject = x->subject;
	x->after = INT64_MAX;
	/* /admin/audit.csv or /admin/audit.json: routes.def names no other. */
	x->json = strcmp(strrchr(req->path, '.'), ".json") == 0;
	app_download_stream(req, resp, x->json ? "oic-audit.json" : "oic-audit.csv",
			    audit_export_fill, x);
	log_info("audit export (%s) by account %lld", x->json ? "JSON" : "CSV",
		 (long long)ctx->user->id);
}

/* ---- retention ---- */

enum { AUDIT_PURGE_BATCH = 5000 };

/*
 * audit.purge (daily, jobs.def): deletes the rows older than the
 * retention the office set (none while it is 0), a batch per
 * transaction so that the write lock is never held long, and records
 * how many it deleted.
 */
int audit_purge_job(struct db *db, const char *payload, int64_t now)
{
	int days;
	int64_t total = 0, changed;
	(void)payload;

	if (office_retention_load(db, &days) != 0)
		return -1;
	if (days <= 0)
		return 0;
	int64_t before = now - (int64_t)days * 86400;
	do {
		struct db_stmt *st = db_stmt(db, STMT_audit_purge_batch);
		if (st == NULL || db_begin_write(db) != DB_OK)
			return -1;
		db_bind_i64(st, 1, before);
		db_bind_i64(st, 2, AUDIT_PURGE_BATCH);
		if (db_run(st, NULL) < 0) {
			db_rollback(db);
			return -1;
		}
		changed = db_changes(db);
		if (db_commit(db) != DB_OK) {
			db_rollback(db);
			return -1;
		}
		total += changed;
	} while (changed == AUDIT_PURGE_BATCH);
	if (total == 0)
		return 0;
	struct arena a;
	arena_init(&a);
	struct db_stmt *st = db_stmt(db, STMT_audit_insert);
	int rc = -1;
	if (st != NULL) {
		db_bind_i64(st, 1, now);
		db_bind_null(st, 2);
		db_bind_text(st, 3, "audit.purge");
		db_bind_text(st, 4, "audit_log");
		db_bind_text(
			st, 5,
			arena_printf(&a, "%lld rows older than %d days", (long long)total, days));
		db_bind_text(st, 6, "");
		db_bind_text(st, 7, "");
		rc = db_run(st, NULL) < 0 ? -1 : 0;
	}
	arena_free(&a);
	return rc;
}
