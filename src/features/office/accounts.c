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
		read_account(st, req, ctx->lang, &v.accounts[v.accounts_count]);
		v.accounts[v.accounts_count++].banned = db_col_i64(st, 7) != 0;
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
 * The account page, with status (200, or 422 with problem, a msgid,
 * shown at the form field `field`: "role", "reason" or "ban").
 */
static void account_render(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int status, const char *field,
			   const char *problem)
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
		v.banned_at = db_col_i64(st, 10);
		v.banned = v.banned_at != 0;
		v.ban_reason = db_col_dup(st, 11, &req->arena);
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
	/* What a form's redirect (?notice=) says happened. */
	static const struct {
		const char *key, *msgid;
	} notices[] = {
		{"role", N_("The role is saved.")},
		{"ban", N_("The account is banned. Its supports and votes no longer count, and it "
			   "is logged out everywhere.")},
		{"unban", N_("The ban is lifted. The account's supports and votes count again.")},
	};
	const char *notice = http_query(req, "notice");
	if (problem != NULL) {
		struct field_problem one = {field, problem};
		v.problem_list.errors = app_form_errors(req, ctx->lang, &one, 1);
		v.problem_list.errors_count = 1;
		const char *text = tr(ctx->lang, problem);
		if (strcmp(field, "role") == 0)
			v.role_error = text;
		else if (strcmp(field, "reason") == 0)
			v.reason_error = text;
		else
			v.ban_error = text;
		v.reason = http_form(req, "reason");
	} else {
		for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
			if (strcmp(notice, notices[i].key) == 0)
				v.notice = tr(ctx->lang, notices[i].msgid);
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
	account_render(req, resp, ctx, req->params[0], 200, NULL, NULL);
}

/*
 * Lock the administrators who are not banned and the account (see
 * office_admins_lock); *other_admins: how many of them are not the
 * account.  found: 1 with its role in *role and whether it is banned in
 * *banned, 0 when it is gone; -1 on a store error.
 */
static int lock_account(struct app_ctx *ctx, int64_t id, enum role *role, bool *banned,
			int64_t *other_admins)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_admins_lock);
	int rc;

	if (st == NULL)
		return -1;
	*other_admins = 0;
	while ((rc = db_step(st)) == DB_ROW)
		*other_admins += db_col_i64(st, 0) != id;
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
	*banned = rc == DB_ROW && db_col_i64(st, 1) != 0;
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

void admin_account_role(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], other_admins;
	enum role to, from;
	bool banned;

	if (!may_manage(req, resp, ctx))
		return;
	if (!role_parse(http_form(req, "role"), &to)) {
		account_render(req, resp, ctx, id, 422, "role",
			       N_("Choose one of the offered roles."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int found = lock_account(ctx, id, &from, &banned, &other_admins);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such account."));
		return;
	}
	const char *problem = office_role_change_problem(ctx->user->id, id, from, to, other_admins);
	if (problem != NULL) {
		db_rollback(ctx->db);
		account_render(req, resp, ctx, id, 422, "role", problem);
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

/*
 * POST /admin/accounts/{id}/ban and /unban: in one transaction the
 * account's state, its supports and comment votes on every counter, its
 * sessions (a ban ends them) and the audit row, or nothing.
 */
static void ban_change(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		       bool ban)
{
	int64_t id = req->params[0], other_admins;
	enum role role;
	bool banned;
	const char *reason, *field;

	if (!may_manage(req, resp, ctx))
		return;
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int found = lock_account(ctx, id, &role, &banned, &other_admins);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such account."));
		return;
	}
	const char *problem =
		office_ban_problem(&req->arena, ctx->user->id, id, ban, banned, role, other_admins,
				   http_form(req, "reason"), &reason, &field);
	if (problem != NULL) {
		db_rollback(ctx->db);
		account_render(req, resp, ctx, id, 422, field, problem);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, ban ? STMT_office_ban : STMT_office_unban);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	if (ban) {
		db_bind_i64(st, 2, ctx->now);
		db_bind_text(st, 3, reason);
	}
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail_tx;
	if (app_account_counted(ctx->db, id, ban ? -1 : 1) != 0)
		goto fail_tx;
	if (ban) {
		st = db_stmt(ctx->db, STMT_office_ban_sessions);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, id);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
	}
	const char *subject = arena_printf(&req->arena, "account:%lld", (long long)id);
	if (subject == NULL ||
	    app_audit_change(ctx, ban ? "account.ban" : "account.unban", subject, ban ? reason : "",
			     ban ? "active" : "banned", ban ? "banned" : "active") != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/admin/accounts/%lld?notice=%s#ban-heading",
					 (long long)id, ban ? "ban" : "unban"));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void admin_account_ban(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	ban_change(req, resp, ctx, true);
}

void admin_account_unban(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	ban_change(req, resp, ctx, false);
}
