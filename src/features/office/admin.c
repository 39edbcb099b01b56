/*
 * admin.c - the Innovation Office's back office.  Every handler checks
 * the permission on the server; hiding the link is only convenience.
 */
#include <string.h>

#include "templates.h"
#include "app/app.h"

enum { ADMIN_AUDIT_ROWS = 20 };

void admin_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct admin_view v;
	int rc;

	if (!app_allowed(req, resp, ctx, ctx->user && role_can(ctx->user->role, PERM_BACK_OFFICE),
			 N_("Only the Innovation Office can open the back office.")))
		return;
	memset(&v, 0, sizeof(v));
	struct db_stmt *st = db_stmt(ctx->db, STMT_home_figures);
	if (st == NULL || db_step(st) != DB_ROW) {
		if (st)
			db_reset(st);
		app_error(req, resp, 503, NULL);
		return;
	}
	v.accounts = db_col_i64(st, 0);
	v.organisations = db_col_i64(st, 1);
	v.challenges = db_col_i64(st, 2);
	db_reset(st);
	st = db_stmt(ctx->db, STMT_audit_recent);
	v.audit = arena_calloc(&req->arena, ADMIN_AUDIT_ROWS, sizeof(*v.audit));
	if (st == NULL || v.audit == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ADMIN_AUDIT_ROWS);
	while ((rc = db_step(st)) == DB_ROW && v.audit_count < ADMIN_AUDIT_ROWS) {
		struct audit_row *a = &v.audit[v.audit_count++];
		a->at = db_col_i64(st, 0);
		a->actor = db_col_dup(st, 1, &req->arena);
		a->action = db_col_dup(st, 2, &req->arena);
		a->subject = db_col_dup(st, 3, &req->arena);
		a->detail = db_col_dup(st, 4, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.audit_count == 0)
		v.audit = NULL;
	app_layout(req, resp, &v.layout, N_("Back office"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin(&out, &v);
}
