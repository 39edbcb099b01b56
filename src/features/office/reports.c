/*
 * reports.c - anyone logged in reports an idea, a comment or an account
 * to the moderators: /ideas/{id}/report, /comments/{id}/report,
 * /accounts/{id}/report (a form, then its thanks).  A reason is chosen
 * (spam, insult, personal data, off topic, other with a description);
 * nobody reports their own, or the same twice while the first report is
 * open (reports_open_once).  Each report counts in report_subjects, the
 * queue's index (moderation.c).
 */
#include <string.h>

#include "features/office/office.h"
#include "features/office/rules.h"

enum report_kind { REPORT_IDEA, REPORT_COMMENT, REPORT_ACCOUNT };

static const struct {
	const char *type; /* reports.subject_type */
	const char *path; /* "/ideas": the form's path */
	enum stmt_id stmt;
	const char *heading;
	const char *own;
} kinds[] = {
	[REPORT_IDEA] = {"idea", "/ideas", STMT_report_idea, N_("Report an idea"),
			 N_("You cannot report your own idea.")},
	[REPORT_COMMENT] = {"comment", "/comments", STMT_report_comment, N_("Report a comment"),
			    N_("You cannot report your own comment.")},
	[REPORT_ACCOUNT] = {"account", "/accounts", STMT_report_account, N_("Report an account"),
			    N_("You cannot report your own account.")},
};

/* What is reported, as the form shows it. */
struct reported {
	int64_t author; /* the account itself for REPORT_ACCOUNT; 0 when gone */
	const char *what;
	const char *lang;
	const char *back_href;
};

/* 1 found (and reportable), 0 not there or already hidden, -1 store error. */
static int load_reported(struct http_request *req, struct app_ctx *ctx, enum report_kind kind,
			 int64_t id, struct reported *r)
{
	struct db_stmt *st = db_stmt(ctx->db, kinds[kind].stmt);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st), found = 0;
	if (rc == DB_ROW && db_col_i64(st, 2) == 0) {
		found = 1;
		r->author = db_col_i64(st, 0);
		r->what = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_text(st, 3)[0] != '\0' ? db_col_dup(st, 3, &req->arena) : NULL;
		if (kind == REPORT_IDEA)
			r->back_href = arena_printf(&req->arena, "/ideas/%lld", (long long)id);
		else if (kind == REPORT_COMMENT)
			r->back_href = arena_printf(&req->arena, "/%ss/%lld#comment-%lld",
						    db_col_text(st, 4),
						    (long long)db_col_i64(st, 5), (long long)id);
		else
			r->back_href = NULL;
	}
	db_reset(st);
	return rc < 0 ? -1 : found;
}

static void report_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  enum report_kind kind, int64_t id, const struct reported *r, int status,
			  const char *reason, const char *details, const struct field_problem *p,
			  size_t n, bool sent)
{
	struct report_view v;

	memset(&v, 0, sizeof(v));
	v.csrf = app_csrf(req, resp);
	v.heading = tr(ctx->lang, kinds[kind].heading);
	v.action = arena_printf(&req->arena, "%s/%lld/report", kinds[kind].path, (long long)id);
	v.what = r->what;
	v.what_lang = r->lang;
	v.back_href = r->back_href;
	if (kind != REPORT_ACCOUNT && r->author > 0)
		v.author_href =
			arena_printf(&req->arena, "/accounts/%lld/report", (long long)r->author);
	v.reasons = arena_calloc(&req->arena, OFFICE_REPORT_REASONS, sizeof(*v.reasons));
	for (int i = 0; v.reasons != NULL && i < OFFICE_REPORT_REASONS; i++)
		v.reasons[v.reasons_count++] = (struct field_option){
			office_report_reasons[i].id, tr(ctx->lang, office_report_reasons[i].label),
			reason != NULL && strcmp(reason, office_report_reasons[i].id) == 0};
	v.details = details;
	v.reason_error = app_problem_for(ctx->lang, p, n, "reason");
	v.details_error = app_problem_for(ctx->lang, p, n, "details");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
	}
	v.sent = sent;
	app_layout(req, resp, &v.layout, kinds[kind].heading, req->path);
	struct tpl_out out = app_html(req, resp, status);
	tpl_report_form(&out, &v);
}

/* The route's subject for a logged-in visitor; answers itself otherwise. */
static bool report_subject(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, enum report_kind kind, struct reported *r)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int found = load_reported(req, ctx, kind, req->params[0], r);
	if (found <= 0) {
		if (found < 0)
			app_error(req, resp, 503, NULL);
		else
			app_error(req, resp, 404,
				  N_("There is nothing to report here: it does not exist or the "
				     "moderators have hidden it already."));
		return false;
	}
	return true;
}

static void report_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			enum report_kind kind)
{
	struct reported r;

	if (!report_subject(req, resp, ctx, kind, &r))
		return;
	if (r.author == ctx->user->id) {
		app_error(req, resp, 403, kinds[kind].own);
		return;
	}
	report_render(req, resp, ctx, kind, req->params[0], &r, 200, NULL, NULL, NULL, 0, false);
}

static void report_send(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			enum report_kind kind)
{
	struct reported r;
	struct field_problem problem;
	const char *reason = http_form(req, "reason"), *typed = http_form(req, "details");
	const char *details = NULL;
	int64_t id = req->params[0], report_id = 0;

	if (!report_subject(req, resp, ctx, kind, &r))
		return;
	problem.message = office_report_check(&req->arena, reason, typed, &details, &problem.field);
	if (problem.message == NULL && r.author == ctx->user->id) {
		problem.field = "reason";
		problem.message = kinds[kind].own;
	}
	if (problem.message != NULL) {
		report_render(req, resp, ctx, kind, id, &r, 422, reason, typed, &problem, 1, false);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_report_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_text(st, 1, kinds[kind].type);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->user->id);
	db_bind_text(st, 4, reason);
	db_bind_text(st, 5, details);
	db_bind_i64(st, 6, ctx->now);
	int rc = db_step(st);
	if (rc == DB_ROW)
		report_id = db_col_i64(st, 0);
	db_reset(st);
	if (rc < 0)
		goto fail_tx;
	if (report_id == 0) {
		db_rollback(ctx->db);
		problem.field = "reason";
		problem.message = N_("You have reported this already. The moderators will look "
				     "at your report.");
		report_render(req, resp, ctx, kind, id, &r, 422, reason, typed, &problem, 1, false);
		return;
	}
	st = db_stmt(ctx->db, STMT_report_subject_bump);
	if (st == NULL)
		goto fail_tx;
	db_bind_text(st, 1, kinds[kind].type);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	report_render(req, resp, ctx, kind, id, &r, 200, NULL, NULL, NULL, 0, true);
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void report_idea_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_form(req, resp, ctx, REPORT_IDEA);
}

void report_idea(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_send(req, resp, ctx, REPORT_IDEA);
}

void report_comment_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_form(req, resp, ctx, REPORT_COMMENT);
}

void report_comment(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_send(req, resp, ctx, REPORT_COMMENT);
}

void report_account_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_form(req, resp, ctx, REPORT_ACCOUNT);
}

void report_account(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	report_send(req, resp, ctx, REPORT_ACCOUNT);
}
