/*
 * accounts.c - the back office's accounts: find an account by name or
 * e-mail address, see it, give it a role.  Administrators only
 * (PERM_MANAGE_ACCOUNTS), checked here on every request.
 */
#include <string.h>

#include "base/text.h"
#include "features/office/office.h"
#include "features/office/rules.h"

static bool may_manage(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_ACCOUNTS),
			   N_("Only administrators can manage accounts."));
}

/* The role radio buttons or options, selected one marked. */
static struct field_option *role_options(struct http_request *req, enum lang lang,
					 const enum role *selected)
{
	struct field_option *o = arena_calloc(&req->arena, ROLE__COUNT, sizeof(*o));
	for (int i = 0; o != NULL && i < ROLE__COUNT; i++) {
		o[i].value = role_id((enum role)i);
		o[i].label = tr(lang, role_label((enum role)i));
		o[i].selected = selected != NULL && *selected == (enum role)i;
	}
	return o;
}

/* Row columns 0..6 of office_accounts / office_account into r. */
static void read_account(struct db_stmt *st, struct http_request *req, enum lang lang,
			 struct account_row *r)
{
	enum role role = ROLE_PARTICIPANT;

	r->id = db_col_i64(st, 0);
	r->name = db_col_dup(st, 1, &req->arena);
	r->email = db_col_dup(st, 2, &req->arena);
	r->sector = tr(lang, sector_label(db_col_text(st, 3)));
	r->organisation = db_col_dup(st, 4, &req->arena);
	if (r->organisation != NULL && r->organisation[0] == '\0')
		r->organisation = NULL;
	(void)role_parse(db_col_text(st, 5), &role);
	r->role = tr(lang, role_label(role));
	r->created = db_col_i64(st, 6);
}

void admin_accounts(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct accounts_view v;
	struct office_account_filter f;
	struct field_problem problems[2];
	int64_t after;
	int rc;

	if (!may_manage(req, resp, ctx))
		return;
	if (!office_after(req, resp, &after))
		return;
	memset(&v, 0, sizeof(v));
	size_t n = office_account_filter_check(&req->arena, http_query(req, "q"),
					       http_query(req, "role"), &f, problems);
	v.q = http_query(req, "q");
	v.roles = role_options(req, ctx->lang, f.has_role ? &f.role : NULL);
	v.roles_count = v.roles ? ROLE__COUNT : 0;
	v.nav = office_nav(req, ctx, "/admin/accounts");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.q_error = app_problem_for(ctx->lang, problems, n, "q");
		v.role_error = app_problem_for(ctx->lang, problems, n, "role");
		app_layout(req, resp, &v.layout, N_("Accounts"), "/admin");
		struct tpl_out out = app_html(req, resp, 422);
		tpl_admin_accounts(&out, &v);
		return;
	}
	const char *pattern = f.query[0] ? office_like_pattern(&req->arena, f.query) : "";
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_accounts);
	v.accounts = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v.accounts));
	if (st == NULL || v.accounts == NULL || pattern == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, f.has_role ? role_id(f.role) : "");
	db_bind_text(st, 2, pattern);
	db_bind_i64(st, 3, after);
	db_bind_i64(st, 4, OFFICE_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.accounts_count == OFFICE_PAGE) {
			more = true;
			break;
		}
		read_account(st, req, ctx->lang, &v.accounts[v.accounts_count++]);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.accounts_count == 0)
		v.accounts = NULL;
	v.filtered = f.query[0] != '\0' || f.has_role;
	const char *filter =
		arena_printf(&req->arena, "q=%s&role=%s", text_url_encode(&req->arena, f.query),
			     f.has_role ? role_id(f.role) : "");
	if (more)
		v.pager.next_href =
			arena_printf(&req->arena, "/admin/accounts?%s&after=%lld", filter,
				     (long long)v.accounts[v.accounts_count - 1].id);
	if (after != INT64_MAX)
		v.pager.first_href = arena_printf(&req->arena, "/admin/accounts?%s", filter);
	app_layout(req, resp, &v.layout, N_("Accounts"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_accounts(&out, &v);
}

/*
 * The account page, with status (200, or 422 / 409 with role_problem,
 * a msgid, shown at the role field) and the role the form offers.
 */
static void account_render(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int status, const char *role_problem)
{
	struct account_admin_view v;
	enum role role = ROLE_PARTICIPANT;

	memset(&v, 0, sizeof(v));
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_account);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_account(st, req, ctx->lang, &v.account);
		(void)role_parse(db_col_text(st, 5), &role);
		v.lang = db_col_dup(st, 7, &req->arena);
		v.ideas = db_col_i64(st, 8);
		v.comments = db_col_i64(st, 9);
	}
	db_reset(st);
	if (!app_found(req, resp,
		       rc == DB_ROW ? 1
		       : rc < 0	    ? -1
				    : 0,
		       N_("There is no such account.")))
		return;
	v.nav = office_nav(req, ctx, "/admin/accounts");
	v.csrf = app_csrf(req, resp);
	v.is_self = ctx->user->id == id;
	v.roles = role_options(req, ctx->lang, &role);
	v.roles_count = v.roles ? ROLE__COUNT : 0;
	if (role_problem != NULL) {
		struct field_problem one = {"role", role_problem};
		v.problem_list.errors = app_form_errors(req, ctx->lang, &one, 1);
		v.problem_list.errors_count = 1;
		v.role_error = tr(ctx->lang, role_problem);
	} else if (http_query(req, "notice") != NULL &&
		   strcmp(http_query(req, "notice"), "role") == 0) {
		v.notice = tr(ctx->lang, N_("The role is saved."));
	}
	v.actions_href = arena_printf(&req->arena, "/admin/audit?actor=%lld", (long long)id);
	v.history_href =
		arena_printf(&req->arena, "/admin/audit?subject=account%%3A%lld", (long long)id);
	app_layout(req, resp, &v.layout, N_("Account"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_account(&out, &v);
}

void admin_account(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (!may_manage(req, resp, ctx))
		return;
	account_render(req, resp, ctx, req->params[0], 200, NULL);
}

/*
 * Lock the administrators and the account (see office_admins_lock);
 * found: 1 with its role in *role, 0 when it is gone; -1 on a store error.
 */
static int lock_for_role_change(struct app_ctx *ctx, int64_t id, enum role *role, int64_t *admins)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_admins_lock);
	int rc;

	if (st == NULL)
		return -1;
	*admins = 0;
	while ((rc = db_step(st)) == DB_ROW)
		(*admins)++;
	db_reset(st);
	if (rc < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_office_account_lock);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW && !role_parse(db_col_text(st, 0), role))
		*role = ROLE_PARTICIPANT;
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

void admin_account_role(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], admins;
	enum role to, from;

	if (!may_manage(req, resp, ctx))
		return;
	if (!role_parse(http_form(req, "role"), &to)) {
		account_render(req, resp, ctx, id, 422, N_("Choose one of the offered roles."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int found = lock_for_role_change(ctx, id, &from, &admins);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such account."));
		return;
	}
	const char *problem = office_role_change_problem(ctx->user->id, id, from, to, admins);
	if (problem != NULL) {
		db_rollback(ctx->db);
		account_render(req, resp, ctx, id, 422, problem);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_set_role);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, role_id(to));
	db_bind_text(st, 3, role_id(from));
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail_tx;
	const char *subject = arena_printf(&req->arena, "account:%lld", (long long)id);
	if (subject == NULL ||
	    app_audit_change(ctx, "account.role", subject, "", role_id(from), role_id(to)) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp,
		      arena_printf(&req->arena, "/admin/accounts/%lld?notice=role#role-heading",
				   (long long)id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
