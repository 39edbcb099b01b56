/*
 * challenges.c - the back office's list of challenges (/admin/challenges):
 * every challenge, drafts too, filtered by phase, newest first, 50 a page
 * (keyset), each with its figures and the ways on: its page (where the
 * phase is set), its form, its ideas in the ideas list.  Creating and
 * editing stay the funnel's forms (/challenges/new, /challenges/{id}/edit).
 * Administrators (FUNNEL_MANAGE_CHALLENGES).
 */
#include <string.h>

#include "features/funnel/funnel.h"
#include "features/office/office.h"
#include "features/office/rules.h"

void admin_challenges(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct office_challenges_view v;
	enum challenge_phase phase = PHASE_DRAFT;
	int64_t after;

	if (!app_allowed(req, resp, ctx, funnel_may(app_role(ctx), FUNNEL_MANAGE_CHALLENGES),
			 N_("Only the Innovation Office can manage challenges.")))
		return;
	const char *typed = http_query(req, "phase");
	bool any = typed == NULL || typed[0] == '\0';
	if (!any && !phase_parse(typed, &phase)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	if (!office_after(req, resp, &after))
		return;
	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/challenges");
	v.phases = arena_calloc(&req->arena, PHASE__COUNT, sizeof(*v.phases));
	v.rows = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v.rows));
	struct db_stmt *st = db_stmt(ctx->db, STMT_office_challenges);
	if (v.phases == NULL || v.rows == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	for (int p = 0; p < PHASE__COUNT; p++)
		v.phases[v.phases_count++] = (struct field_option){
			phase_table[p].id, tr(ctx->lang, phase_table[p].label),
			!any && (int)phase == p};
	db_bind_text(st, 1, any ? "" : phase_table[phase].id);
	db_bind_i64(st, 2, after);
	db_bind_i64(st, 3, OFFICE_PAGE + 1);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.rows_count == OFFICE_PAGE) {
			v.pager.next_href =
				arena_printf(&req->arena, "/admin/challenges?phase=%s&after=%lld",
					     any ? "" : phase_table[phase].id,
					     (long long)v.rows[OFFICE_PAGE - 1].id);
			break;
		}
		struct office_challenge_row *r = &v.rows[v.rows_count++];
		enum challenge_phase p;
		r->id = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		r->phase = phase_parse(db_col_text(st, 3), &p) ? tr(ctx->lang, phase_table[p].label)
							       : db_col_dup(st, 3, &req->arena);
		r->opens_at = db_col_i64(st, 4);
		r->deadline = db_col_i64(st, 5);
		r->ideas = db_col_i64(st, 6);
		r->comments = db_col_i64(st, 7);
		r->followers = db_col_i64(st, 8);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (after != INT64_MAX)
		v.pager.first_href = any ? "/admin/challenges"
					 : arena_printf(&req->arena, "/admin/challenges?phase=%s",
							phase_table[phase].id);
	app_layout(req, resp, &v.layout, N_("Challenges"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_challenges(&out, &v);
}
