/*
 * subjects.c - challenges and ideas as subjects of the discussion
 * (subjects.def): whether they take comments, and their pages shown again
 * with a comment form's problem.
 */
#include "features/funnel/internal.h"

/*
 * Challenges and ideas: stmt gives (hidden, phase of the challenge,
 * merged) by id.  A hidden or merged idea is 403 with a reason, a
 * challenge the person may not see (or none) 404.
 */
static int check_in_challenge(struct app_ctx *ctx, enum stmt_id stmt, int64_t id, const char **why)
{
	struct db_stmt *st = db_stmt(ctx->db, stmt);
	int result = 0;

	*why = NULL;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		enum challenge_phase phase = PHASE_OPEN;
		phase_parse(db_col_text(st, 1), &phase);
		if (db_col_i64(st, 0) != 0) {
			result = 403;
			*why = N_("This idea has been hidden by the moderators, so it cannot "
				  "be commented on.");
		} else if (db_col_i64(st, 2) != 0) {
			result = 403;
			*why = N_("This idea has been merged into another one; its discussion "
				  "continues there.");
		}
		if (!challenge_visible(phase, app_role(ctx)))
			result = 404;
	} else if (rc == DB_DONE) {
		result = 404;
	}
	db_reset(st);
	return rc < 0 ? -1 : result;
}

int challenge_comment_check(struct app_ctx *ctx, int64_t id, const char **why)
{
	return check_in_challenge(ctx, STMT_challenge_comment_state, id, why);
}

int idea_comment_check(struct app_ctx *ctx, int64_t id, const char **why)
{
	return check_in_challenge(ctx, STMT_idea_comment_state, id, why);
}

void challenge_comment_render(struct http_request *req, struct http_response *resp,
			      struct app_ctx *ctx, int64_t id, const struct comment_problem *cp)
{
	challenge_render(req, resp, ctx, id, 422, cp);
}

void idea_comment_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int64_t id, const struct comment_problem *cp)
{
	struct idea_page_problem p = {.comment = cp};
	idea_render(req, resp, ctx, id, 422, &p);
}
