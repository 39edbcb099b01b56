/*
 * ideas.c - the back office's list of ideas (/admin/ideas): every idea,
 * hidden and held ones marked, filtered by challenge (or the open idea
 * box), status and the author's sector, newest or most supported first,
 * 50 a page (keyset); and a status change with the official answer for
 * the ideas ticked on the page (POST /admin/ideas/status), all of them or
 * none.  Administrators (FUNNEL_SET_IDEA_STATUS, as on the idea page).
 */
#include <string.h>

#include "base/text.h"

#include "features/funnel/funnel.h"
#include "features/office/office.h"
#include "features/office/rules.h"

enum { CHALLENGE_OPTIONS = 200 };

/* The list's filters, as typed (from the query, or kept by the bulk form). */
struct idea_filters {
	const char *challenge, *state, *sector, *sort;
	int64_t challenge_id; /* -1 all, 0 the box */
	enum idea_status status;
	bool has_status;
	enum sector sec;
	bool has_sector;
	bool by_supports;
};

/* false when a filter is not one the page offers (only a forged link has one). */
static bool filters_parse(struct idea_filters *f)
{
	f->challenge_id = -1;
	f->has_status = f->state != NULL && f->state[0] != '\0';
	f->has_sector = f->sector != NULL && f->sector[0] != '\0';
	f->by_supports = f->sort != NULL && strcmp(f->sort, "supports") == 0;
	if (f->challenge != NULL && f->challenge[0] != '\0' && strcmp(f->challenge, "box") == 0)
		f->challenge_id = 0;
	else if (f->challenge != NULL && f->challenge[0] != '\0' &&
		 !app_parse_id(f->challenge, &f->challenge_id))
		return false;
	if (f->has_status && !idea_status_parse(f->state, &f->status))
		return false;
	if (f->has_sector && !sector_parse(f->sector, &f->sec))
		return false;
	return f->sort == NULL || f->sort[0] == '\0' || strcmp(f->sort, "newest") == 0 ||
	       f->by_supports;
}

/* "challenge=3&state=submitted&sector=&sort=supports&" for page links, in the arena. */
static const char *filters_query(struct http_request *req, const struct idea_filters *f)
{
	return arena_printf(&req->arena, "challenge=%s&state=%s&sector=%s&sort=%s&",
			    text_url_encode(&req->arena, f->challenge ? f->challenge : ""),
			    text_url_encode(&req->arena, f->state ? f->state : ""),
			    text_url_encode(&req->arena, f->sector ? f->sector : ""),
			    f->by_supports ? "supports" : "newest");
}

static bool is_checked(const char *const *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		if (app_parse_id(ids[i], &v) && v == id)
			return true;
	}
	return false;
}

static int load_options(struct http_request *req, struct app_ctx *ctx, struct office_ideas_view *v,
			const struct idea_filters *f)
{
	v->challenges = arena_calloc(&req->arena, CHALLENGE_OPTIONS + 2, sizeof(*v->challenges));
	v->states = arena_calloc(&req->arena, IDEA_STATUS__COUNT, sizeof(*v->states));
	v->targets = arena_calloc(&req->arena, IDEA_STATUS__COUNT, sizeof(*v->targets));
	v->sectors = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v->sectors));
	v->sorts = arena_calloc(&req->arena, 2, sizeof(*v->sorts));
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_challenge_options);
	if (v->challenges == NULL || v->states == NULL || v->targets == NULL ||
	    v->sectors == NULL || v->sorts == NULL || st == NULL)
		return -1;
	v->challenges[v->challenges_count++] = (struct field_option){
		"box", tr(ctx->lang, N_("Open idea box")), f->challenge_id == 0};
	db_bind_i64(st, 1, CHALLENGE_OPTIONS);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		v->challenges[v->challenges_count++] = (struct field_option){
			arena_printf(&req->arena, "%lld", (long long)id),
			db_col_dup(st, 1, &req->arena), f->challenge_id == id};
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	const char *to = http_form(req, "to");
	for (int s = 0; s < IDEA_STATUS__COUNT; s++) {
		const char *id = idea_status_table[s].id,
			   *label = tr(ctx->lang, idea_status_table[s].label);
		v->states[v->states_count++] =
			(struct field_option){id, label, f->has_status && (int)f->status == s};
		/* Merging has its own page, where the idea to merge into is chosen. */
		if (s != IDEA_MERGED && s != IDEA_SUBMITTED)
			v->targets[v->targets_count++] =
				(struct field_option){id, label, to != NULL && strcmp(to, id) == 0};
	}
	for (int s = 0; s < SECTOR__COUNT; s++)
		v->sectors[v->sectors_count++] = (struct field_option){
			sector_table[s].id, tr(ctx->lang, sector_table[s].label),
			f->has_sector && (int)f->sec == s};
	v->sorts[v->sorts_count++] =
		(struct field_option){"newest", tr(ctx->lang, N_("Newest first")), !f->by_supports};
	v->sorts[v->sorts_count++] = (struct field_option){
		"supports", tr(ctx->lang, N_("Most supported first")), f->by_supports};
	return 0;
}

static int load_rows(struct http_request *req, struct app_ctx *ctx, struct office_ideas_view *v,
		     const struct idea_filters *f, const char *const *ids, size_t ids_n)
{
	struct app_cursor cur;

	app_cursor_parse(http_query(req, "after"), false, &cur);
	struct db_stmt *st = db_stmt(ctx->db, f->by_supports ? STMT_office_ideas_supported
							     : STMT_office_ideas_newest);
	v->rows = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v->rows));
	if (st == NULL || v->rows == NULL)
		return -1;
	db_bind_i64(st, 1, f->challenge_id);
	db_bind_text(st, 2, f->has_status ? idea_status_table[f->status].id : "");
	db_bind_text(st, 3, f->has_sector ? sector_table[f->sec].id : "");
	db_bind_i64(st, 4, cur.set ? cur.key : INT64_MAX);
	db_bind_i64(st, 5, OFFICE_PAGE + 1);
	if (f->by_supports)
		db_bind_i64(st, 6, cur.set ? cur.id : INT64_MAX);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->rows_count == OFFICE_PAGE) {
			const struct office_idea_row *last = &v->rows[OFFICE_PAGE - 1];
			v->pager.next_href = arena_printf(
				&req->arena, "/admin/ideas?%safter=%s", filters_query(req, f),
				app_cursor_i64(&req->arena,
					       f->by_supports ? last->supports : last->id,
					       last->id));
			break;
		}
		struct office_idea_row *r = &v->rows[v->rows_count++];
		enum idea_status s;
		enum sector sec;
		r->id = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		r->status = idea_status_parse(db_col_text(st, 3), &s)
				    ? tr(ctx->lang, idea_status_table[s].label)
				    : db_col_dup(st, 3, &req->arena);
		r->created = db_col_i64(st, 4);
		r->supports = db_col_i64(st, 5);
		r->comments = db_col_i64(st, 6);
		r->author = db_col_text(st, 7)[0] ? db_col_dup(st, 7, &req->arena) : NULL;
		r->sector = sector_parse(db_col_text(st, 8), &sec)
				    ? tr(ctx->lang, sector_table[sec].label)
				    : NULL;
		r->challenge = db_col_text(st, 9)[0] ? db_col_dup(st, 9, &req->arena) : NULL;
		r->challenge_id = db_col_i64(st, 10);
		r->hidden = db_col_i64(st, 11) != 0;
		r->checked = is_checked(ids, ids_n, r->id);
		r->check_id = arena_printf(&req->arena, "pick-%lld", (long long)r->id);
	}
	db_reset(st);
	if (cur.set)
		v->pager.first_href =
			arena_printf(&req->arena, "/admin/ideas?%s", filters_query(req, f));
	return rc < 0 ? -1 : 0;
}

static void ideas_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int status, struct idea_filters *f, const struct field_problem *p,
			 size_t n)
{
	struct office_ideas_view v;
	const char *ids[OFFICE_PAGE];
	size_t ids_n = app_form_all(req, "ids", ids, OFFICE_PAGE);

	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/ideas");
	v.csrf = app_csrf(req, resp);
	v.challenge = f->challenge;
	v.state = f->state;
	v.sector = f->sector;
	v.sort = f->by_supports ? "supports" : "newest";
	v.can_set = funnel_may(app_role(ctx), FUNNEL_SET_IDEA_STATUS);
	if (load_options(req, ctx, &v, f) != 0 || load_rows(req, ctx, &v, f, ids, ids_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
		v.ids_error = app_problem_for(ctx->lang, p, n, "ids");
		v.to_error = app_problem_for(ctx->lang, p, n, "to");
		v.answer_error = app_problem_for(ctx->lang, p, n, "answer");
		v.answer = http_form(req, "answer");
	} else if (http_query(req, "changed") != NULL) {
		v.notice = tr(ctx->lang, N_("The status is changed and the answer sent."));
	}
	app_layout(req, resp, &v.layout, N_("Ideas"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_ideas(&out, &v);
}

static bool may_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, funnel_may(app_role(ctx), FUNNEL_SET_IDEA_STATUS),
			   N_("Only the Innovation Office can set the status of an idea."));
}

void admin_ideas(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_filters f = {http_query(req, "challenge"), http_query(req, "state"),
				 http_query(req, "sector"), http_query(req, "sort")};
	if (!may_list(req, resp, ctx))
		return;
	if (!filters_parse(&f)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	ideas_render(req, resp, ctx, 200, &f, NULL, 0);
}

void admin_ideas_status(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_filters f = {http_form(req, "challenge"), http_form(req, "state"),
				 http_form(req, "sector"), http_form(req, "sort")};
	struct field_problem p[3];
	size_t n = 0;
	const char *ids[OFFICE_PAGE + 1], *problem = NULL;
	int64_t picked[OFFICE_PAGE];
	enum idea_status to, from[OFFICE_PAGE];

	if (!may_list(req, resp, ctx))
		return;
	if (!filters_parse(&f)) { /* a forged form: the list comes back unfiltered */
		f = (struct idea_filters){0};
		(void)filters_parse(&f);
	}
	size_t ids_n = app_form_all(req, "ids", ids, OFFICE_PAGE + 1);
	size_t k = 0;
	size_t typed = 0;
	for (size_t i = 0; i < ids_n && i < OFFICE_PAGE; i++) {
		int64_t id;
		if (!app_parse_id(ids[i], &id))
			continue;
		typed++;
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = picked[j] == id;
		if (!seen)
			picked[k++] = id;
	}
	if (ids_n == 0 || ids_n > OFFICE_PAGE || typed != ids_n)
		p[n++] = (struct field_problem){"ids", N_("Tick the ideas whose status you set.")};
	const char *status = http_form(req, "to");
	if (!idea_status_parse(status, &to) || to == IDEA_MERGED || to == IDEA_SUBMITTED)
		p[n++] = (struct field_problem){"to", N_("Choose the new status.")};
	char *answer = idea_answer_check(&req->arena, http_form(req, "answer"), &problem);
	if (answer == NULL)
		p[n++] = (struct field_problem){"answer", problem};
	if (n > 0) {
		ideas_render(req, resp, ctx, 422, &f, p, n);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	/* Every idea first: all of them may move, or none does. */
	for (size_t i = 0; i < k; i++) {
		int found = funnel_idea_status_of(ctx->db, picked[i], &from[i]);
		if (found < 0)
			goto fail_tx;
		if (found == 0 || !idea_status_change_ok(from[i], to)) {
			db_rollback(ctx->db);
			p[0] = (struct field_problem){
				"ids",
				found == 0 ? N_("One of the ticked ideas no longer exists.")
					   : N_("One of the ticked ideas cannot take this status "
						"after its current one; nothing was changed.")};
			ideas_render(req, resp, ctx, 422, &f, p, 1);
			return;
		}
	}
	for (size_t i = 0; i < k; i++) {
		int done = funnel_idea_answer(ctx->db, ctx->user->id, picked[i], from[i], to,
					      answer, ctx->now);
		char *subject = arena_printf(&req->arena, "idea:%lld", (long long)picked[i]);
		if (done < 0)
			goto fail_tx;
		if (done == 0) {
			/* Someone changed one of them in between: nothing changes. */
			db_rollback(ctx->db);
			p[0] = (struct field_problem){
				"ids", N_("The status was changed by someone else in the meantime. "
					  "Please check it and try again.")};
			ideas_render(req, resp, ctx, 409, &f, p, 1);
			return;
		}
		if (app_audit_change(ctx, "idea.status", subject ? subject : "", "bulk",
				     idea_status_table[from[i]].id, idea_status_table[to].id) != 0)
			goto fail_tx;
	}
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/admin/ideas?%schanged=%zu",
					 filters_query(req, &f), k));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
