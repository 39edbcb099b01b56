/*
 * evaluation.c - expert evaluation (issue 11): per challenge the office
 * sets weighted criteria and assigns evaluators
 * (/admin/challenges/{id}/evaluation, PERM_MANAGE_CONTENT) and reads the
 * results: per idea the mean of the evaluators' weighted totals, the
 * ranking, the spread with a flag where they disagree strongly, the
 * evaluations missing.  An evaluator (/evaluate, PERM_EVALUATE, and
 * assigned to the challenge) scores each idea of the evaluation set 1 to
 * 5 per criterion with a comment, once; blind: the others' scores show
 * only after their own is in.  Every change audited with before and after.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "view/markdown.h"

#include "features/funnel/funnel.h"
#include "features/office/office.h"
#include "features/office/rules.h"

enum { EVAL_PAGE = 50, EVAL_RESULTS_MAX = 2000, EVAL_EVALUATORS_MAX = 200 };

static bool may_manage(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can steer the evaluation."));
}

static bool may_evaluate(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_EVALUATE),
			   N_("Only evaluators can open this."));
}

/* "3,60" in German, "3.60" in English. */
static const char *decimal(struct http_request *req, enum lang lang, double v)
{
	char *s = arena_printf(&req->arena, "%.2f", v);
	if (s != NULL && strcmp(i18n_code(lang), "de") == 0)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

struct criterion {
	int64_t id;
	const char *name;
	int64_t weight;
};

/* The challenge's criteria (at most OFFICE_EVAL_CRITERIA_MAX) into c; their number, -1 on error. */
static int criteria_load(struct http_request *req, struct db *db, int64_t challenge,
			 struct criterion c[OFFICE_EVAL_CRITERIA_MAX])
{
	struct db_stmt *st = db_stmt(db, STMT_eval_criteria);
	int n = 0, rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	while ((rc = db_step(st)) == DB_ROW && n < OFFICE_EVAL_CRITERIA_MAX) {
		c[n].id = db_col_i64(st, 0);
		c[n].name = db_col_dup(st, 1, &req->arena);
		c[n].weight = db_col_i64(st, 2);
		n++;
	}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* 1 with the title and language, 0 when there is no such challenge, -1 on error. */
static int challenge_load(struct http_request *req, struct db *db, int64_t id, const char **title,
			  const char **lang)
{
	struct db_stmt *st = db_stmt(db, STMT_eval_challenge);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*title = db_col_dup(st, 0, &req->arena);
		*lang = db_col_dup(st, 1, &req->arena);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static int64_t count_of(struct db *db, enum stmt_id id, int64_t a, int64_t b, bool two)
{
	int64_t n = -1;
	struct db_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, a);
	if (two)
		db_bind_i64(st, 2, b);
	return db_run(st, &n) == DB_OK ? n : -1;
}

/* "Impact 25, Feasibility 25" (the audit's before and after). */
static const char *criteria_text(struct http_request *req, const struct criterion *c, int n)
{
	struct buf b;
	buf_init(&b, &req->arena);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s %lld", i ? ", " : "", c[i].name, (long long)c[i].weight);
	return b.oom ? "" : buf_cstr(&b);
}

/* ---- the office's list of challenges ---- */

/*
 * A page of challenges, newest first, after id `after`: the office's
 * (all, with their evaluators) or, mine, the viewer's assigned ones (the
 * set's size and how many they evaluated).  -1 on a store error.
 */
static int challenge_list(struct http_request *req, struct app_ctx *ctx, bool mine, int64_t after,
			  struct eval_challenge_row **rows_out, size_t *count, struct pager *pager)
{
	const char *list = mine ? "/evaluate" : "/admin/evaluation";
	struct eval_challenge_row *rows = arena_calloc(&req->arena, EVAL_PAGE, sizeof(*rows));
	struct db_stmt *st = db_stmt(ctx->db, mine ? STMT_eval_mine : STMT_eval_challenges);
	size_t n = 0;
	int rc, p = 1;
	int64_t last = 0;

	if (st == NULL || rows == NULL)
		return -1;
	if (mine)
		db_bind_i64(st, p++, ctx->user->id);
	db_bind_i64(st, p++, after);
	db_bind_i64(st, p, EVAL_PAGE + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == EVAL_PAGE) {
			pager->next_href =
				arena_printf(&req->arena, "%s?after=%lld", list, (long long)last);
			break;
		}
		struct eval_challenge_row *r = &rows[n++];
		last = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		if (mine) {
			r->ideas = db_col_i64(st, 3);
			r->done = db_col_i64(st, 4);
		} else {
			r->evaluators = db_col_i64(st, 3);
		}
		r->href = mine ? arena_printf(&req->arena, "/evaluate/challenges/%lld",
					      (long long)last)
			       : arena_printf(&req->arena, "/admin/challenges/%lld/evaluation",
					      (long long)last);
	}
	db_reset(st);
	if (after != INT64_MAX)
		pager->first_href = list;
	*rows_out = n ? rows : NULL;
	*count = n;
	return rc < 0 ? -1 : 0;
}

/* The office's list (/admin/evaluation) or the evaluator's (/evaluate). */
static void challenges_page(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, bool mine)
{
	struct eval_challenges_view v;
	int64_t after;

	if (!(mine ? may_evaluate(req, resp, ctx) : may_manage(req, resp, ctx)) ||
	    !office_after(req, resp, &after))
		return;
	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, mine ? "/evaluate" : "/admin/evaluation");
	if (challenge_list(req, ctx, mine, after, &v.rows, &v.rows_count, &v.pager) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, mine ? N_("Evaluation") : N_("Expert evaluation"),
		   mine ? "/evaluate" : "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	if (mine)
		tpl_eval_home(&out, &v);
	else
		tpl_admin_evaluations(&out, &v);
}

void admin_evaluations(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	challenges_page(req, resp, ctx, false);
}

/* ---- the office's page of one challenge ---- */

/* A criteria form that came back: rows as typed and their problems. */
struct criteria_form {
	struct eval_criterion_row *rows;
	size_t n;
	bool bad;
};

/*
 * The results: per idea of the set, the evaluators' totals, ranked over
 * the whole set (at most EVAL_RESULTS_MAX ideas); v gets the page of
 * EVAL_PAGE places from place from (0 the first) and its pager.
 */
static int results_load(struct http_request *req, struct app_ctx *ctx, int64_t challenge,
			const struct criterion *c, int nc, const int64_t *assigned, size_t na,
			size_t from, struct admin_eval_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_set_ideas);
	struct eval_result_row *rows = arena_calloc(&req->arena, EVAL_RESULTS_MAX, sizeof(*rows));
	double *means = arena_calloc(&req->arena, EVAL_RESULTS_MAX, sizeof(*means));
	size_t n = 0;
	int rc;

	if (st == NULL || rows == NULL || means == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	db_bind_i64(st, 2, 0);
	db_bind_i64(st, 3, 0);
	db_bind_i64(st, 4, EVAL_RESULTS_MAX + 1); /* one more tells that the set is larger */
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == EVAL_RESULTS_MAX) {
			v->results_capped = true;
			break;
		}
		struct eval_result_row *r = &rows[n++];
		enum idea_status s;
		r->id = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		r->status = idea_status_parse(db_col_text(st, 3), &s)
				    ? tr(ctx->lang, idea_status_table[s].label)
				    : "";
		r->href = arena_printf(&req->arena, "/ideas/%lld", (long long)r->id);
		r->missing = (int64_t)na;
	}
	db_reset(st);
	if (rc < 0 || (st = db_stmt(ctx->db, STMT_eval_challenge_scores)) == NULL)
		return -1;
	/* Rows by idea, then evaluator: one evaluator's scores in criterion order. */
	double *totals = arena_calloc(&req->arena, EVAL_EVALUATORS_MAX + 1, sizeof(*totals));
	int64_t scores[OFFICE_EVAL_CRITERIA_MAX], weights[OFFICE_EVAL_CRITERIA_MAX];
	int64_t cur_idea = -1, cur_eval = -1;
	size_t idx = 0, nt = 0, ns = 0;
	if (totals == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	for (;;) {
		rc = db_step(st);
		int64_t idea = rc == DB_ROW ? db_col_i64(st, 0) : -2;
		int64_t ev = rc == DB_ROW ? db_col_i64(st, 1) : -2;
		bool new_idea = idea != cur_idea, new_eval = new_idea || ev != cur_eval;
		/* One evaluation ends: its total joins the idea's. */
		if (new_eval && ns > 0 && nt <= EVAL_EVALUATORS_MAX) {
			totals[nt++] = office_eval_total(scores, weights, ns);
			for (size_t k = 0; k < na; k++)
				if (assigned[k] == cur_eval)
					rows[idx].missing--;
		}
		/* One idea ends: its mean and spread. */
		if (new_idea && nt > 0) {
			rows[idx].submitted = (int64_t)nt;
			means[idx] = office_eval_mean(totals, nt);
			rows[idx].total = decimal(req, ctx->lang, means[idx]);
			if (nt > 1) {
				double sd = office_eval_spread(totals, nt);
				rows[idx].spread = decimal(req, ctx->lang, sd);
				rows[idx].disagree = office_eval_disagree(sd);
			}
		}
		if (rc != DB_ROW)
			break;
		if (new_idea) {
			cur_idea = idea;
			nt = 0;
			while (idx < n && rows[idx].id < idea)
				idx++;
		}
		if (new_eval) {
			cur_eval = ev;
			ns = 0;
		}
		if (idx >= n || rows[idx].id != idea)
			continue; /* an idea no longer in the set: its scores count nowhere */
		int64_t crit = db_col_i64(st, 2);
		for (int k = 0; k < nc; k++)
			if (c[k].id == crit && ns < OFFICE_EVAL_CRITERIA_MAX) {
				scores[ns] = db_col_i64(st, 3);
				weights[ns++] = c[k].weight;
			}
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	/* Rank: the best mean first, ideas without an evaluation at the end. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			struct eval_result_row *a = &rows[j - 1], *b = &rows[j];
			bool swap =
				(b->submitted > 0 && a->submitted == 0) ||
				(b->submitted > 0 && a->submitted > 0 && means[j] > means[j - 1]);
			if (!swap)
				break;
			struct eval_result_row t = *a;
			double tm = means[j - 1];
			*a = *b;
			*b = t;
			means[j - 1] = means[j];
			means[j] = tm;
		}
	for (size_t i = 0; i < n; i++)
		rows[i].rank = rows[i].submitted > 0 ? (int64_t)i + 1 : 0;
	/* The page asked for: EVAL_PAGE places from place from (0 the first). */
	size_t first = from < n ? from : n;
	size_t count = n - first < EVAL_PAGE ? n - first : EVAL_PAGE;
	v->results = count ? rows + first : NULL;
	v->results_count = count;
	const char *base = arena_printf(&req->arena, "/admin/challenges/%lld/evaluation",
					(long long)challenge);
	if (first + count < n)
		v->pager.next_href = arena_printf(&req->arena, "%s?from=%zu#results-heading", base,
						  first + count);
	if (first > 0)
		v->pager.first_href = arena_printf(&req->arena, "%s#results-heading", base);
	return 0;
}

static void eval_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t challenge, int status, const struct criteria_form *cf,
			const char *evaluator, const struct field_problem *ep)
{
	static const struct {
		const char *id;
		const char *text;
	} notices[] = {
		{"criteria", N_("The criteria are saved.")},
		{"assigned", N_("The evaluator is assigned.")},
		{"unassigned", N_("The evaluator is no longer assigned.")},
	};
	struct admin_eval_view v;
	struct criterion c[OFFICE_EVAL_CRITERIA_MAX];

	memset(&v, 0, sizeof(v));
	/* ?from=N: the results from place N + 1 (a number the pager wrote). */
	int64_t from = 0;
	const char *from_text = http_query(req, "from");
	if (from_text != NULL && (!app_parse_id(from_text, &from) || from >= EVAL_RESULTS_MAX)) {
		app_error(req, resp, 400, N_("This page link is broken."));
		return;
	}
	int found = challenge_load(req, ctx->db, challenge, &v.title, &v.lang);
	if (!app_found(req, resp, found, N_("There is no such challenge.")))
		return;
	int nc = criteria_load(req, ctx->db, challenge, c);
	int64_t submitted = count_of(ctx->db, STMT_eval_submitted_count, challenge, 0, false);
	if (nc < 0 || submitted < 0)
		goto fail;
	v.nav = office_nav(req, ctx, "/admin/evaluation");
	v.csrf = app_csrf(req, resp);
	v.challenge_href = arena_printf(&req->arena, "/challenges/%lld", (long long)challenge);
	v.criteria_action = arena_printf(&req->arena, "/admin/challenges/%lld/evaluation/criteria",
					 (long long)challenge);
	v.assign_action = arena_printf(&req->arena, "/admin/challenges/%lld/evaluation/assign",
				       (long long)challenge);
	v.fixed = submitted > 0;
	if (cf != NULL) {
		v.criteria = cf->rows;
		v.criteria_count = cf->n;
	} else {
		v.defaults = nc == 0;
		size_t rows = nc == 0 ? OFFICE_EVAL_DEFAULTS : (size_t)nc;
		size_t extra = v.fixed ? 0 : 2;
		if (rows + extra > OFFICE_EVAL_CRITERIA_MAX)
			extra = OFFICE_EVAL_CRITERIA_MAX - rows;
		v.criteria = arena_calloc(&req->arena, rows + extra, sizeof(*v.criteria));
		if (v.criteria == NULL)
			goto fail;
		for (size_t i = 0; i < rows + extra; i++) {
			struct eval_criterion_row *r = &v.criteria[v.criteria_count++];
			r->number = (int64_t)i + 1;
			r->name = i >= rows ? ""
				  : nc == 0 ? tr(ctx->lang, office_eval_default_criteria[i])
					    : c[i].name;
			r->weight = i >= rows ? ""
				    : nc == 0 ? "25"
					      : arena_printf(&req->arena, "%lld",
							     (long long)c[i].weight);
		}
	}
	for (size_t i = 0; i < v.criteria_count; i++) {
		v.criteria[i].name_field =
			arena_printf(&req->arena, "name-%lld", (long long)v.criteria[i].number);
		v.criteria[i].weight_field =
			arena_printf(&req->arena, "weight-%lld", (long long)v.criteria[i].number);
	}
	/* The evaluators. */
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_assigned);
	v.evaluators = arena_calloc(&req->arena, EVAL_EVALUATORS_MAX, sizeof(*v.evaluators));
	int64_t *assigned = arena_calloc(&req->arena, EVAL_EVALUATORS_MAX, sizeof(*assigned));
	if (st == NULL || v.evaluators == NULL || assigned == NULL)
		goto fail;
	db_bind_i64(st, 1, challenge);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && v.evaluators_count < EVAL_EVALUATORS_MAX) {
		struct eval_evaluator_row *e = &v.evaluators[v.evaluators_count];
		assigned[v.evaluators_count++] = e->id = db_col_i64(st, 0);
		e->name = db_col_dup(st, 1, &req->arena);
		e->email = db_col_dup(st, 2, &req->arena);
		e->csrf = v.csrf;
		e->action = arena_printf(&req->arena, "/admin/challenges/%lld/evaluation/unassign",
					 (long long)challenge);
	}
	db_reset(st);
	if (rc < 0 || results_load(req, ctx, challenge, c, nc < 0 ? 0 : nc, assigned,
				   v.evaluators_count, (size_t)from, &v) != 0)
		goto fail;
	if (v.evaluators_count == 0)
		v.evaluators = NULL;
	v.evaluator = evaluator;
	struct field_problem problems[2 * OFFICE_EVAL_CRITERIA_MAX + 1];
	size_t np = 0;
	if (ep != NULL) {
		v.evaluator_error = tr(ctx->lang, ep->message);
		problems[np++] = *ep;
	}
	for (size_t i = 0; cf != NULL && i < cf->n; i++) {
		if (cf->rows[i].name_error != NULL)
			problems[np++] = (struct field_problem){cf->rows[i].name_field,
								cf->rows[i].name_error};
		if (cf->rows[i].weight_error != NULL)
			problems[np++] = (struct field_problem){cf->rows[i].weight_field,
								cf->rows[i].weight_error};
	}
	for (size_t i = 0; cf != NULL && i < cf->n;
	     i++) { /* translated after the summary took the msgids */
		if (cf->rows[i].name_error != NULL)
			cf->rows[i].name_error = tr(ctx->lang, cf->rows[i].name_error);
		if (cf->rows[i].weight_error != NULL)
			cf->rows[i].weight_error = tr(ctx->lang, cf->rows[i].weight_error);
	}
	if (np > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, np);
		v.problem_list.errors_count = np;
	}
	const char *notice = http_query(req, "notice");
	for (size_t i = 0; np == 0 && notice != NULL && i < sizeof(notices) / sizeof(*notices); i++)
		if (strcmp(notice, notices[i].id) == 0)
			v.notice = tr(ctx->lang, notices[i].text);
	app_layout(req, resp, &v.layout, N_("Expert evaluation"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_eval_challenge(&out, &v);
	return;
fail:
	app_error(req, resp, 503, NULL);
}

void admin_evaluation(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (!may_manage(req, resp, ctx))
		return;
	eval_render(req, resp, ctx, req->params[0], 200, NULL, NULL, NULL);
}

/* Store the four defaults when the challenge has no criteria yet (in the caller's transaction). */
static int defaults_store(struct http_request *req, struct app_ctx *ctx, int64_t challenge, int nc)
{
	struct criterion d[OFFICE_EVAL_DEFAULTS];
	if (nc > 0)
		return 0;
	for (int i = 0; i < OFFICE_EVAL_DEFAULTS; i++) {
		struct db_stmt *st = db_stmt(ctx->db, STMT_eval_criterion_insert);
		if (st == NULL)
			return -1;
		d[i] = (struct criterion){0, tr(ctx->lang, office_eval_default_criteria[i]), 25};
		db_bind_i64(st, 1, challenge);
		db_bind_text(st, 2, d[i].name);
		db_bind_i64(st, 3, 25);
		db_bind_i64(st, 4, i + 1);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return app_audit_change(ctx, "evaluation.criteria",
				arena_printf(&req->arena, "challenge:%lld", (long long)challenge),
				"defaults", "", criteria_text(req, d, OFFICE_EVAL_DEFAULTS));
}

/* Lock the challenge's row: 1 locked, 0 no such challenge, -1 error. */
static int challenge_lock(struct app_ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_challenge_lock);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

void admin_evaluation_criteria(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx)
{
	int64_t challenge = req->params[0];
	struct criterion before[OFFICE_EVAL_CRITERIA_MAX], after[OFFICE_EVAL_CRITERIA_MAX];
	int64_t weights[OFFICE_EVAL_CRITERIA_MAX];
	struct criteria_form cf = {0};
	int na = 0;

	if (!may_manage(req, resp, ctx))
		return;
	cf.rows = arena_calloc(&req->arena, OFFICE_EVAL_CRITERIA_MAX, sizeof(*cf.rows));
	if (cf.rows == NULL)
		goto fail;
	/* Rows name-N / weight-N as typed; a row with both empty is left out. */
	for (int i = 1; i <= OFFICE_EVAL_CRITERIA_MAX; i++) {
		const char *name = http_form(req, arena_printf(&req->arena, "name-%d", i));
		const char *weight = http_form(req, arena_printf(&req->arena, "weight-%d", i));
		if (name == NULL && weight == NULL)
			continue;
		struct eval_criterion_row *r = &cf.rows[cf.n++];
		r->number = i;
		r->name = name ? name : "";
		r->weight = weight ? weight : "";
		const char *tn = text_trim_dup(&req->arena, r->name);
		const char *tw = text_trim_dup(&req->arena, r->weight);
		if (tn == NULL || tw == NULL)
			goto fail;
		if (tn[0] == '\0' && tw[0] == '\0')
			continue;
		const char *problem = NULL;
		const char *nm = text_check(
			&req->arena, tn, OFFICE_EVAL_NAME_MAX, N_("Give the criterion a name."),
			N_("The name can be at most 80 characters long."), &problem);
		if (nm == NULL) {
			r->name_error = problem;
			cf.bad = true;
		}
		r->weight_error = office_eval_weight_parse(tw, &weights[na]);
		if (r->weight_error != NULL)
			cf.bad = true;
		after[na++] = (struct criterion){0, nm, 0};
	}
	for (int i = 0; i < na; i++)
		after[i].weight = weights[i];
	if (!cf.bad && office_eval_weights_problem(weights, (size_t)na) != NULL) {
		for (size_t i = 0; i < cf.n; i++)
			if (cf.rows[i].weight[0] != '\0' || cf.rows[i].name[0] != '\0') {
				cf.rows[i].weight_error = office_eval_weights_problem(weights, 0);
				break;
			}
		if (cf.n == 0) /* nothing sent at all: the first row shows why */
			cf.rows[cf.n++] = (struct eval_criterion_row){
				.name = "",
				.weight = "",
				.number = 1,
				.weight_error = office_eval_weights_problem(weights, 0)};
		cf.bad = true;
	}
	if (cf.bad) {
		for (size_t i = 0; i < cf.n; i++) {
			cf.rows[i].name_field = arena_printf(&req->arena, "name-%lld",
							     (long long)cf.rows[i].number);
			cf.rows[i].weight_field = arena_printf(&req->arena, "weight-%lld",
							       (long long)cf.rows[i].number);
		}
		eval_render(req, resp, ctx, challenge, 422, &cf, NULL, NULL);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int locked = challenge_lock(ctx, challenge);
	if (locked <= 0) {
		db_rollback(ctx->db);
		if (locked == 0)
			app_error(req, resp, 404, N_("There is no such challenge."));
		else
			app_error(req, resp, 503, NULL);
		return;
	}
	int nb = criteria_load(req, ctx->db, challenge, before);
	int64_t submitted = count_of(ctx->db, STMT_eval_submitted_count, challenge, 0, false);
	if (nb < 0 || submitted < 0)
		goto fail_tx;
	if (submitted > 0) {
		/* Evaluations exist: the same criteria, in order; names and weights may change. */
		if (na != nb) {
			db_rollback(ctx->db);
			app_error(req, resp, 409,
				  N_("Evaluations are in: the criteria can be renamed and weighted "
				     "anew, but not added or removed."));
			return;
		}
		for (int i = 0; i < na; i++) {
			struct db_stmt *st = db_stmt(ctx->db, STMT_eval_criterion_update);
			if (st == NULL)
				goto fail_tx;
			db_bind_i64(st, 1, before[i].id);
			db_bind_i64(st, 2, challenge);
			db_bind_text(st, 3, after[i].name);
			db_bind_i64(st, 4, after[i].weight);
			if (db_run(st, NULL) < 0)
				goto fail_tx;
		}
	} else {
		struct db_stmt *st = db_stmt(ctx->db, STMT_eval_criteria_delete);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, challenge);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
		for (int i = 0; i < na; i++) {
			if ((st = db_stmt(ctx->db, STMT_eval_criterion_insert)) == NULL)
				goto fail_tx;
			db_bind_i64(st, 1, challenge);
			db_bind_text(st, 2, after[i].name);
			db_bind_i64(st, 3, after[i].weight);
			db_bind_i64(st, 4, i + 1);
			if (db_run(st, NULL) < 0)
				goto fail_tx;
		}
	}
	const char *b = criteria_text(req, before, nb), *a = criteria_text(req, after, na);
	if ((strcmp(a, b) != 0 &&
	     app_audit_change(ctx, "evaluation.criteria",
			      arena_printf(&req->arena, "challenge:%lld", (long long)challenge), "",
			      b, a) != 0) ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp,
		      arena_printf(&req->arena, "/admin/challenges/%lld/evaluation?notice=criteria",
				   (long long)challenge));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

/* The account an "evaluator" field names (an id or an e-mail address): 1 found, 0 not, -1 error. */
static int account_find(struct http_request *req, struct app_ctx *ctx, const char *typed,
			int64_t *id, enum role *role, const char **name)
{
	int64_t want = 0;
	const char *email = "";
	if (!app_parse_id(typed, &want))
		email = typed;
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_account_find);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, want);
	db_bind_text(st, 2, email);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_i64(st, 0);
		if (!role_parse(db_col_text(st, 1), role))
			*role = ROLE_PARTICIPANT;
		*name = db_col_dup(st, 2, &req->arena);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

static void assign_change(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  bool assign)
{
	int64_t challenge = req->params[0], user = 0;
	enum role role = ROLE_PARTICIPANT;
	const char *name = NULL;

	if (!may_manage(req, resp, ctx))
		return;
	const char *typed =
		text_trim_dup(&req->arena, http_form(req, assign ? "evaluator" : "user"));
	if (typed == NULL)
		goto fail;
	int found = typed[0] ? account_find(req, ctx, typed, &user, &role, &name) : 0;
	if (found < 0)
		goto fail;
	if (assign && (found == 0 || role != ROLE_EVALUATOR)) {
		struct field_problem p = {
			"evaluator",
			typed[0] == '\0' ? N_("Give the e-mail address or the account number of an "
					      "evaluator.")
			: found == 0 ? N_("There is no account with this e-mail address or number.")
				     : N_("This account does not have the role evaluator. Give it "
					  "the role first (Accounts).")};
		eval_render(req, resp, ctx, challenge, 422, NULL, typed, &p);
		return;
	}
	if (!assign && found == 0) {
		app_error(req, resp, 404, N_("There is no such account."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int locked = challenge_lock(ctx, challenge);
	if (locked <= 0) {
		db_rollback(ctx->db);
		if (locked == 0)
			app_error(req, resp, 404, N_("There is no such challenge."));
		else
			app_error(req, resp, 503, NULL);
		return;
	}
	struct criterion c[OFFICE_EVAL_CRITERIA_MAX];
	int nc = criteria_load(req, ctx->db, challenge, c);
	struct db_stmt *st = db_stmt(ctx->db, assign ? STMT_eval_assign : STMT_eval_unassign);
	if (nc < 0 || st == NULL || (assign && defaults_store(req, ctx, challenge, nc) != 0))
		goto fail_tx;
	db_bind_i64(st, 1, challenge);
	db_bind_i64(st, 2, user);
	if (assign)
		db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	if (db_changes(ctx->db) > 0 &&
	    app_audit_change(ctx, assign ? "evaluation.assign" : "evaluation.unassign",
			     arena_printf(&req->arena, "challenge:%lld", (long long)challenge),
			     arena_printf(&req->arena, "user:%lld", (long long)user),
			     assign ? "not assigned" : "assigned",
			     assign ? "assigned" : "not assigned") != 0)
		goto fail_tx;
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/admin/challenges/%lld/evaluation?notice=%s",
					 (long long)challenge, assign ? "assigned" : "unassigned"));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void admin_evaluation_assign(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx)
{
	assign_change(req, resp, ctx, true);
}

void admin_evaluation_unassign(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx)
{
	assign_change(req, resp, ctx, false);
}

/* ---- the evaluator's pages ---- */

void evaluate_home(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	challenges_page(req, resp, ctx, true);
}

/* The assignment check of every evaluator page: false with 403 (or 503) sent. */
static bool assigned_to(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t challenge)
{
	int64_t n = challenge > 0 ? count_of(ctx->db, STMT_eval_is_assigned, challenge,
					     ctx->user->id, true)
				  : 0;
	if (n < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(req, resp, ctx, n > 0,
			   N_("You are not assigned to evaluate this challenge."));
}

void evaluate_challenge(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct eval_challenge_view v;
	int64_t challenge = req->params[0], after = 0;

	if (!may_evaluate(req, resp, ctx) || !assigned_to(req, resp, ctx, challenge))
		return;
	const char *s = http_query(req, "after");
	if (s != NULL && !app_parse_id(s, &after)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	memset(&v, 0, sizeof(v));
	if (!app_found(req, resp, challenge_load(req, ctx->db, challenge, &v.title, &v.lang),
		       N_("There is no such challenge.")))
		return;
	v.nav = office_nav(req, ctx, "/evaluate");
	v.rows = arena_calloc(&req->arena, EVAL_PAGE, sizeof(*v.rows));
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_set_ideas);
	if (st == NULL || v.rows == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, challenge);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_i64(st, 3, after);
	db_bind_i64(st, 4, EVAL_PAGE + 1);
	int rc;
	int64_t last = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.rows_count == EVAL_PAGE) {
			v.pager.next_href =
				arena_printf(&req->arena, "/evaluate/challenges/%lld?after=%lld",
					     (long long)challenge, (long long)last);
			break;
		}
		struct eval_idea_row *r = &v.rows[v.rows_count++];
		last = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		r->done = db_col_i64(st, 4) != 0;
		r->href = arena_printf(&req->arena, "/evaluate/ideas/%lld", (long long)last);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.rows_count == 0)
		v.rows = NULL;
	if (after > 0)
		v.pager.first_href = arena_printf(&req->arena, "/evaluate/challenges/%lld",
						  (long long)challenge);
	app_layout(req, resp, &v.layout, N_("Evaluation"), "/evaluate");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_eval_challenge(&out, &v);
}

struct idea_info {
	const char *title, *body, *lang, *challenge_title;
	int64_t challenge;
	bool in_set;
};

/* 1 found, 0 not, -1 error. */
static int idea_load(struct http_request *req, struct app_ctx *ctx, int64_t id, struct idea_info *i)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_idea);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		i->title = db_col_dup(st, 0, &req->arena);
		i->body = db_col_dup(st, 1, &req->arena);
		i->lang = db_col_dup(st, 2, &req->arena);
		i->challenge = db_col_i64(st, 3);
		i->in_set = db_col_i64(st, 4) != 0;
		i->challenge_title = db_col_dup(st, 5, &req->arena);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* The submitted evaluations of an idea (only called once the viewer's own is in). */
static int others_load(struct http_request *req, struct app_ctx *ctx, int64_t idea,
		       const struct criterion *c, int nc, struct eval_idea_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_idea_evaluations);
	struct eval_other *o = arena_calloc(&req->arena, EVAL_EVALUATORS_MAX + 1, sizeof(*o));
	int64_t *who = arena_calloc(&req->arena, EVAL_EVALUATORS_MAX + 1, sizeof(*who));
	size_t n = 0;
	int rc;

	if (st == NULL || o == NULL || who == NULL)
		return -1;
	db_bind_i64(st, 1, idea);
	while ((rc = db_step(st)) == DB_ROW && n <= EVAL_EVALUATORS_MAX) {
		who[n] = db_col_i64(st, 0);
		o[n].name = db_col_dup(st, 1, &req->arena);
		o[n].mine = who[n] == ctx->user->id;
		o[n].comment = db_col_text(st, 2)[0] ? db_col_dup(st, 2, &req->arena) : NULL;
		o[n].scores = arena_calloc(&req->arena, (size_t)nc + 1, sizeof(*o[n].scores));
		if (o[n].scores == NULL)
			break;
		n++;
	}
	db_reset(st);
	if (rc < 0 || (st = db_stmt(ctx->db, STMT_eval_idea_scores)) == NULL)
		return -1;
	int64_t(*sc)[OFFICE_EVAL_CRITERIA_MAX] = arena_calloc(&req->arena, n + 1, sizeof(*sc));
	if (sc == NULL)
		return -1;
	db_bind_i64(st, 1, idea);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t ev = db_col_i64(st, 0), crit = db_col_i64(st, 1);
		for (size_t k = 0; k < n; k++)
			for (int j = 0; who[k] == ev && j < nc; j++)
				if (c[j].id == crit)
					sc[k][j] = db_col_i64(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	int64_t weights[OFFICE_EVAL_CRITERIA_MAX];
	for (int j = 0; j < nc; j++)
		weights[j] = c[j].weight;
	for (size_t k = 0; k < n; k++) {
		for (int j = 0; j < nc; j++)
			o[k].scores[o[k].scores_count++] = (struct eval_given){c[j].name, sc[k][j]};
		o[k].total = decimal(req, ctx->lang, office_eval_total(sc[k], weights, (size_t)nc));
	}
	v->others = n ? o : NULL;
	v->others_count = n;
	return 0;
}

/* The typed form: scores per criterion (0 none) and the comment; problems. */
struct score_form {
	int64_t scores[OFFICE_EVAL_CRITERIA_MAX];
	const char *errors[OFFICE_EVAL_CRITERIA_MAX];
	const char *comment;
	const char *comment_error;
};

static void idea_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t id, int status, const struct score_form *sf)
{
	struct eval_idea_view v;
	struct idea_info info;
	struct criterion c[OFFICE_EVAL_CRITERIA_MAX];

	if (!may_evaluate(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	memset(&info, 0, sizeof(info));
	int found = idea_load(req, ctx, id, &info);
	if (found < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	/* Not assigned: 403, whether or not the idea exists (it tells nothing). */
	if (!assigned_to(req, resp, ctx, found ? info.challenge : 0))
		return;
	if (!app_found(req, resp, info.in_set ? 1 : 0,
		       N_("This idea is not part of the evaluation (hidden or merged).")))
		return;
	int nc = criteria_load(req, ctx->db, info.challenge, c);
	int64_t mine = count_of(ctx->db, STMT_eval_is_submitted, id, ctx->user->id, true);
	if (nc < 0 || mine < 0)
		goto fail;
	v.nav = office_nav(req, ctx, "/evaluate");
	v.csrf = app_csrf(req, resp);
	v.action = arena_printf(&req->arena, "/evaluate/ideas/%lld", (long long)id);
	v.title = info.title;
	v.lang = info.lang;
	v.body = markdown_render(&req->arena, info.body, 2);
	v.challenge_title = info.challenge_title;
	v.challenge_href =
		arena_printf(&req->arena, "/evaluate/challenges/%lld", (long long)info.challenge);
	v.submitted = mine > 0;
	if (v.submitted) {
		if (others_load(req, ctx, id, c, nc, &v) != 0)
			goto fail;
		if (http_query(req, "notice") != NULL)
			v.notice =
				tr(ctx->lang, N_("Your evaluation is in. Now you see the others' "
						 "submitted evaluations too."));
	} else {
		struct field_problem problems[OFFICE_EVAL_CRITERIA_MAX + 1];
		size_t np = 0;
		v.fields = arena_calloc(&req->arena, (size_t)nc + 1, sizeof(*v.fields));
		if (v.fields == NULL)
			goto fail;
		for (int j = 0; j < nc; j++) {
			struct eval_score_field *f = &v.fields[v.fields_count++];
			f->name = c[j].name;
			f->weight = c[j].weight;
			f->field = arena_printf(&req->arena, "score-%lld", (long long)c[j].id);
			f->choices = arena_calloc(&req->arena, OFFICE_EVAL_SCORE_MAX,
						  sizeof(*f->choices));
			if (f->choices == NULL || f->field == NULL)
				goto fail;
			for (int s = OFFICE_EVAL_SCORE_MIN; s <= OFFICE_EVAL_SCORE_MAX; s++) {
				struct eval_choice *ch = &f->choices[f->choices_count++];
				ch->value = arena_printf(&req->arena, "%d", s);
				ch->id = arena_printf(&req->arena, "%s-%d", f->field, s);
				ch->checked = sf != NULL && sf->scores[j] == s;
			}
			if (sf != NULL && sf->errors[j] != NULL) {
				problems[np++] = (struct field_problem){
					arena_printf(&req->arena, "%s-1", f->field), sf->errors[j]};
				f->error = tr(ctx->lang, sf->errors[j]);
			}
		}
		if (sf != NULL) {
			v.comment = sf->comment;
			if (sf->comment_error != NULL) {
				problems[np++] =
					(struct field_problem){"comment", sf->comment_error};
				v.comment_error = tr(ctx->lang, sf->comment_error);
			}
		}
		if (np > 0) {
			v.problem_list.errors = app_form_errors(req, ctx->lang, problems, np);
			v.problem_list.errors_count = np;
		}
	}
	app_layout(req, resp, &v.layout, N_("Evaluate an idea"), "/evaluate");
	struct tpl_out out = app_html(req, resp, status);
	tpl_eval_idea(&out, &v);
	return;
fail:
	app_error(req, resp, 503, NULL);
}

void evaluate_idea(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_render(req, resp, ctx, req->params[0], 200, NULL);
}

void evaluate_idea_submit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0];
	struct idea_info info;
	struct criterion c[OFFICE_EVAL_CRITERIA_MAX];
	struct score_form sf;
	bool bad = false;

	if (!may_evaluate(req, resp, ctx))
		return;
	memset(&info, 0, sizeof(info));
	memset(&sf, 0, sizeof(sf));
	int found = idea_load(req, ctx, id, &info);
	if (found < 0)
		goto fail;
	if (!assigned_to(req, resp, ctx, found ? info.challenge : 0))
		return;
	if (!app_found(req, resp, info.in_set ? 1 : 0,
		       N_("This idea is not part of the evaluation (hidden or merged).")))
		return;
	int nc = criteria_load(req, ctx->db, info.challenge, c);
	if (nc < 0)
		goto fail;
	for (int j = 0; j < nc; j++) {
		const char *typed =
			http_form(req, arena_printf(&req->arena, "score-%lld", (long long)c[j].id));
		sf.errors[j] = office_eval_score_parse(typed, &sf.scores[j]);
		if (sf.errors[j] != NULL) {
			sf.scores[j] = 0;
			bad = true;
		}
	}
	const char *typed = http_form(req, "comment");
	sf.comment = typed ? typed : "";
	const char *comment = text_trim_dup(&req->arena, sf.comment);
	if (comment == NULL)
		goto fail;
	if (comment[0] != '\0' && text_check(&req->arena, comment, OFFICE_EVAL_COMMENT_MAX, "",
					     N_("The comment can be at most 2000 characters long."),
					     &sf.comment_error) == NULL)
		bad = true;
	if (bad) {
		idea_render(req, resp, ctx, id, 422, &sf);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	/* Under the challenge's lock: still assigned, the criteria as read. */
	struct criterion now[OFFICE_EVAL_CRITERIA_MAX];
	int locked = challenge_lock(ctx, info.challenge);
	int64_t still =
		count_of(ctx->db, STMT_eval_is_assigned, info.challenge, ctx->user->id, true);
	int nn = criteria_load(req, ctx->db, info.challenge, now);
	if (locked < 0 || still < 0 || nn < 0)
		goto fail_tx;
	if (still == 0 || nn != nc || nc == 0) {
		db_rollback(ctx->db);
		app_error(req, resp, still == 0 ? 403 : 409,
			  still == 0 ? N_("You are not assigned to evaluate this challenge.")
				     : N_("The criteria have just changed. Open the idea again."));
		return;
	}
	for (int j = 0; j < nc; j++)
		if (now[j].id != c[j].id) {
			db_rollback(ctx->db);
			app_error(req, resp, 409,
				  N_("The criteria have just changed. Open the idea again."));
			return;
		}
	struct db_stmt *st = db_stmt(ctx->db, STMT_eval_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_text(st, 3, comment);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	if (db_changes(ctx->db) == 0) {
		db_rollback(ctx->db);
		app_error(req, resp, 409,
			  N_("You have evaluated this idea already; an evaluation is final."));
		return;
	}
	struct buf b;
	buf_init(&b, &req->arena);
	int64_t weights[OFFICE_EVAL_CRITERIA_MAX];
	for (int j = 0; j < nc; j++) {
		weights[j] = c[j].weight;
		buf_printf(&b, "%s%s %lld", j ? ", " : "", c[j].name, (long long)sf.scores[j]);
		if ((st = db_stmt(ctx->db, STMT_eval_score_insert)) == NULL)
			break;
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, ctx->user->id);
		db_bind_i64(st, 3, c[j].id);
		db_bind_i64(st, 4, sf.scores[j]);
		if (db_run(st, NULL) < 0) {
			st = NULL;
			break;
		}
	}
	buf_printf(&b, "; total %.2f", office_eval_total(sf.scores, weights, (size_t)nc));
	const char *after = buf_cstr(&b);
	if (st == NULL ||
	    app_audit_change(ctx, "evaluation.submit",
			     arena_printf(&req->arena, "idea:%lld", (long long)id),
			     arena_printf(&req->arena, "challenge:%lld", (long long)info.challenge),
			     "not submitted", after) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/evaluate/ideas/%lld?notice=submitted",
					 (long long)id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
