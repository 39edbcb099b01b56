/*
 * admin.c - the Innovation Office's back office.  Every handler checks
 * the permission on the server; hiding the link is only convenience.
 */
#include <string.h>

#include "features/office/office.h"

enum { ADMIN_AUDIT_ROWS = 20 };

struct admin_nav office_nav(struct http_request *req, const struct app_ctx *ctx,
			    const char *current)
{
	static const struct {
		const char *href;
		const char *label;
		enum permission perm;
	} pages[] = {
		{"/admin", N_("Overview"), PERM_BACK_OFFICE},
		{"/admin/analytics", N_("Analytics"), PERM_BACK_OFFICE},
		{"/admin/challenges", N_("Challenges"), PERM_MANAGE_CONTENT},
		{"/admin/ideas", N_("Ideas"), PERM_MANAGE_CONTENT},
		{"/admin/projects", N_("Pilot projects"), PERM_MANAGE_CONTENT},
		{"/admin/events", N_("Events"), PERM_MANAGE_CONTENT},
		{"/admin/moderation", N_("Moderation"), PERM_MODERATE},
		{"/admin/accounts", N_("Accounts"), PERM_MANAGE_ACCOUNTS},
		{"/admin/organisations", N_("Organisations"), PERM_MANAGE_CONTENT},
		{"/admin/audit", N_("Audit log"), PERM_READ_AUDIT},
		{"/admin/evaluation", N_("Expert evaluation"), PERM_MANAGE_CONTENT},
		{"/evaluate", N_("Evaluation"), PERM_EVALUATE},
		{"/admin/exports", N_("Exports"), PERM_MANAGE_CONTENT},
		{"/admin/pages", N_("Content pages"), PERM_MANAGE_CONTENT},
		{"/admin/settings", N_("Settings"), PERM_MANAGE_CONTENT},
	};
	enum { PAGES = sizeof(pages) / sizeof(pages[0]) };
	struct admin_nav nav = {arena_calloc(&req->arena, PAGES, sizeof(*nav.links)), 0};

	for (size_t i = 0; nav.links != NULL && i < PAGES; i++) {
		if (ctx->user == NULL || !role_can(ctx->user->role, pages[i].perm))
			continue;
		struct nav_link *l = &nav.links[nav.links_count++];
		l->href = pages[i].href;
		l->label = tr(ctx->lang, pages[i].label);
		l->current = strcmp(current, pages[i].href) == 0 ? "page" : NULL;
	}
	return nav;
}

bool office_after(struct http_request *req, struct http_response *resp, int64_t *after)
{
	const char *s = http_query(req, "after");

	*after = INT64_MAX;
	if (s == NULL || app_parse_id(s, after))
		return true;
	app_error(req, resp, 400,
		  N_("This page link is not valid. Start again from the first page."));
	return false;
}

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
	/* What waits for the moderators: every back-office role has PERM_MODERATE or none. */
	v.can_moderate = role_can(ctx->user->role, PERM_MODERATE);
	st = v.can_moderate ? db_stmt(ctx->db, STMT_moderation_counts) : NULL;
	if (v.can_moderate && (st == NULL || db_step(st) != DB_ROW)) {
		if (st)
			db_reset(st);
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.can_moderate) {
		v.reported = db_col_i64(st, 0);
		v.held = db_col_i64(st, 1) + db_col_i64(st, 2);
		db_reset(st);
	}
	v.nav = office_nav(req, ctx, "/admin");
	v.can_read_audit = role_can(ctx->user->role, PERM_READ_AUDIT);
	if (!v.can_read_audit)
		goto render;
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
render:
	app_layout(req, resp, &v.layout, N_("Back office"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin(&out, &v);
}
