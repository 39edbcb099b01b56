/*
 * merge.c - the back office merges a duplicate idea into another
 * (/admin/ideas/{id}/merge, issue 11).  GET asks for the number of the
 * idea to merge into and, with ?target=, shows both ideas to confirm;
 * POST merges them in one transaction (funnel's idea_merge: supports
 * counted once, comments, follows and authors moved, the duplicate's
 * status merged) together with its audit row, or changes nothing.  Who
 * may: those who set the official status of ideas (FUNNEL_MERGE_IDEAS,
 * the Innovation Office's administrators), checked here on every request.
 */
#include <string.h>

#include "features/funnel/funnel.h"
#include "features/office/office.h"

static bool may_merge(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, funnel_may(app_role(ctx), FUNNEL_MERGE_IDEAS),
			   N_("Only the Innovation Office can merge ideas."));
}

/*
 * Load idea id for the page into m and, when side is not NULL, what the
 * rules need into side.  *merged_into: the idea it was merged into, or 0.
 * 1 found, 0 not, -1 on a store error.
 */
static int load_idea(struct http_request *req, struct app_ctx *ctx, int64_t id,
		     struct merge_idea *m, struct idea_merge_side *side, int64_t *merged_into)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_merge_get);
	struct idea_merge_side row = {.id = id};

	memset(m, 0, sizeof(*m));
	if (side != NULL)
		*side = row;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		idea_merge_side_read(st, &row);
		m->id = row.id;
		m->status = tr(ctx->lang, idea_status_table[row.status].label);
		m->title = db_col_dup(st, 4, &req->arena);
		m->lang = db_col_dup(st, 5, &req->arena);
		m->author = db_col_null(st, 6) ? NULL : db_col_dup(st, 6, &req->arena);
		m->challenge_title = db_col_null(st, 7) ? NULL : db_col_dup(st, 7, &req->arena);
		m->supports = db_col_i64(st, 8);
		m->comments = db_col_i64(st, 9);
		if (merged_into != NULL)
			*merged_into = db_col_i64(st, 10);
	}
	db_reset(st);
	if (side != NULL)
		*side = row;
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Accounts that support both ideas; -1 on a store error. */
static int64_t supporters_of_both(struct app_ctx *ctx, int64_t source, int64_t target)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_merge_both);
	int64_t n = 0;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, source);
	db_bind_i64(st, 2, target);
	return db_run(st, &n) < 0 ? -1 : n;
}

/*
 * The merge page of source id: the form (target_text NULL), the form
 * again with problem (a msgid) at the target field and status 422, or
 * with target_id the confirmation step.
 */
static void merge_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int64_t id, int status, const char *target_text, const char *problem,
			 int64_t target_id)
{
	struct idea_merge_view v;
	struct idea_merge_side side;

	memset(&v, 0, sizeof(v));
	int found = load_idea(req, ctx, id, &v.source, &side, &v.merged_into);
	if (!app_found(req, resp, found, N_("This idea does not exist.")))
		return;
	v.nav = office_nav(req, ctx, "");
	v.csrf = app_csrf(req, resp);
	if (side.status != IDEA_MERGED && !idea_status_change_ok(side.status, IDEA_MERGED))
		v.final_note = tr(ctx->lang, idea_merge_problem(&side, &side));
	if (problem != NULL) {
		struct field_problem one = {"target", problem};
		/* Without a form (merged or final already) the error stands alone, unlinked. */
		if (v.merged_into == 0 && v.final_note == NULL) {
			v.problem_list.errors = app_form_errors(req, ctx->lang, &one, 1);
			v.problem_list.errors_count = 1;
		}
		v.target_error = tr(ctx->lang, problem);
		v.target_value = target_text;
	} else if (target_id != 0) {
		v.confirm = true;
		v.both = supporters_of_both(ctx, id, target_id);
		if (v.both < 0 || load_idea(req, ctx, target_id, &v.target, NULL, NULL) != 1) {
			app_error(req, resp, 503, NULL);
			return;
		}
	}
	app_layout(req, resp, &v.layout, N_("Merge a duplicate idea"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_idea_merge(&out, &v);
}

static const char *const target_unreadable =
	N_("Enter the number of the idea to merge into, in digits (as in its address: "
	   "/ideas/123).");

void admin_idea_merge_form(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	int64_t id = req->params[0], target_id;
	struct idea_merge_side source, target;
	struct merge_idea shown;

	if (!may_merge(req, resp, ctx))
		return;
	const char *text = http_query(req, "target");
	if (text == NULL) {
		merge_render(req, resp, ctx, id, 200, NULL, NULL, 0);
		return;
	}
	if (!idea_merge_target_parse(text, &target_id)) {
		merge_render(req, resp, ctx, id, 422, text, target_unreadable, 0);
		return;
	}
	/* The same rules as the POST, so the confirmation offers only what it will do. */
	int found = load_idea(req, ctx, id, &shown, &source, NULL);
	if (!app_found(req, resp, found, N_("This idea does not exist.")))
		return;
	if (load_idea(req, ctx, target_id, &shown, &target, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *problem = idea_merge_problem(&source, &target);
	if (problem != NULL)
		merge_render(req, resp, ctx, id, 422, text, problem, 0);
	else
		merge_render(req, resp, ctx, id, 200, NULL, NULL, target_id);
}

void admin_idea_merge(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], target_id;
	struct idea_merge_result r;

	if (!may_merge(req, resp, ctx))
		return;
	const char *text = http_form(req, "target");
	if (!idea_merge_target_parse(text, &target_id)) {
		merge_render(req, resp, ctx, id, 422, text, target_unreadable, 0);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (idea_merge(ctx->db, ctx->user->id, id, target_id, ctx->now, &r) != DB_OK)
		goto fail_tx;
	if (r.problem != NULL) {
		db_rollback(ctx->db);
		if (!r.source.found)
			(void)app_found(req, resp, 0, r.problem);
		else
			merge_render(req, resp, ctx, id, 422, text, r.problem, 0);
		return;
	}
	const char *subject = arena_printf(&req->arena, "idea:%lld", (long long)id);
	const char *detail = arena_printf(
		&req->arena,
		"into idea:%lld; supports moved %lld, dropped %lld (accounts that supported "
		"both); comments moved %lld",
		(long long)target_id, (long long)r.supports_moved, (long long)r.supports_dropped,
		(long long)r.comments_moved);
	const char *after =
		arena_printf(&req->arena, "merged into idea:%lld", (long long)target_id);
	if (subject == NULL || detail == NULL || after == NULL ||
	    app_audit_change(ctx, "idea.merge", subject, detail,
			     idea_status_table[r.source.status].id, after) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/ideas/%lld#merged", (long long)target_id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
