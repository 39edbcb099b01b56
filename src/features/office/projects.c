/*
 * projects.c - the back office's pilot projects: the list (/admin/projects:
 * every project, filtered by status, by the challenge of its idea, by the
 * responsible organisation and a title search; recently updated, newest,
 * most progress or next milestone due first, keyset pages of 50) and a
 * project's page (/admin/projects/{id}): its status and progress, and its
 * milestones: add, edit the title and due date, mark done or open again,
 * move up or down, remove.  Administrators (project_may_manage, that is
 * PERM_MANAGE_CONTENT, as on the project's public forms).
 *
 * The tables, their statements and the rules of the forms are
 * features/projects' (projects.h); the project's other fields stay on
 * its edit form (/projects/{id}/edit), linked from here.
 *
 * Every change locks the project's row and is one transaction with its
 * audit row (subject project:ID, the milestone as detail, before and
 * after): project.status, project.progress, milestone.add, .edit, .done,
 * .undone, .move, .remove.  Bad input is a 422 at its field in the
 * visitor's language, nothing changed; a milestone of another project is
 * one too (at the list of milestones).
 */
#include <string.h>

#include "base/buf.h"
#include "base/civil.h"
#include "base/text.h"
#include "features/office/office.h"
#include "features/office/rules.h"
#include "features/projects/projects.h"

enum { PROJECT_FILTER_OPTIONS = 200 };

/* The list's orders: the statement, and whether its keyset ascends. */
enum project_sort { SORT_UPDATED, SORT_NEWEST, SORT_PROGRESS, SORT_DUE, SORT__COUNT };

static const struct {
	const char *id;
	const char *label;   /* English msgid */
	const char *caption; /* English msgid */
	enum stmt_id stmt;
	bool ascending;
} project_sorts[SORT__COUNT] = {
	[SORT_UPDATED] = {"updated", N_("Recently updated first"),
			  N_("Pilot projects, recently updated first"),
			  STMT_office_projects_updated, false},
	[SORT_NEWEST] = {"newest", N_("Newest first"), N_("Pilot projects, newest first"),
			 STMT_office_projects_newest, false},
	[SORT_PROGRESS] = {"progress", N_("Most progress first"),
			   N_("Pilot projects, most progress first"), STMT_office_projects_progress,
			   false},
	[SORT_DUE] = {"due", N_("Next milestone due first"),
		      N_("Pilot projects, next milestone due first"), STMT_office_projects_due,
		      true},
};

/* The key of a project without an open, dated milestone (the statements' coalesce). */
#define NO_DUE INT64_MAX

static bool may_manage(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, project_may_manage(app_role(ctx)),
			   N_("Only the Innovation Office can steer pilot projects."));
}

/* ---- the list ---- */

/* The list's filters, as the query has them. */
struct project_filters {
	const char *status, *challenge, *org, *sort, *q;
	enum project_status st;
	bool has_status;
	int64_t challenge_id; /* 0: any */
	int64_t org_id;	      /* 0: any */
	enum project_sort by;
};

/* false when a filter is not one the page offers (only a forged link has one). */
static bool filters_parse(struct project_filters *f)
{
	f->has_status = f->status != NULL && f->status[0] != '\0';
	if (f->has_status && !project_status_parse(f->status, &f->st))
		return false;
	if (f->challenge != NULL && f->challenge[0] != '\0' &&
	    !app_parse_id(f->challenge, &f->challenge_id))
		return false;
	if (f->org != NULL && f->org[0] != '\0' && !app_parse_id(f->org, &f->org_id))
		return false;
	f->by = SORT_UPDATED;
	if (f->sort == NULL || f->sort[0] == '\0')
		return true;
	for (int i = 0; i < SORT__COUNT; i++) {
		if (strcmp(f->sort, project_sorts[i].id) == 0) {
			f->by = (enum project_sort)i;
			return true;
		}
	}
	return false;
}

/* "q=..&status=..&challenge=..&org=..&sort=..&" for the pager's links, in the arena. */
static const char *filters_query(struct http_request *req, const struct project_filters *f,
				 const char *q)
{
	struct arena *a = &req->arena;
	return arena_printf(a, "q=%s&status=%s&challenge=%s&org=%s&sort=%s&", text_url_encode(a, q),
			    f->has_status ? project_status_table[f->st].id : "",
			    f->challenge_id ? arena_printf(a, "%lld", (long long)f->challenge_id)
					    : "",
			    f->org_id ? arena_printf(a, "%lld", (long long)f->org_id) : "",
			    project_sorts[f->by].id);
}

static int load_options(struct http_request *req, struct app_ctx *ctx,
			struct admin_projects_view *v, const struct project_filters *f)
{
	struct arena *a = &req->arena;
	int rc;

	v->statuses = arena_calloc(a, PROJECT_STATUS__COUNT + 1, sizeof(*v->statuses));
	v->sorts = arena_calloc(a, SORT__COUNT, sizeof(*v->sorts));
	v->challenges = arena_calloc(a, PROJECT_FILTER_OPTIONS + 1, sizeof(*v->challenges));
	v->orgs = arena_calloc(a, PROJECT_FILTER_OPTIONS + 1, sizeof(*v->orgs));
	if (v->statuses == NULL || v->sorts == NULL || v->challenges == NULL || v->orgs == NULL)
		return -1;
	v->statuses[v->statuses_count++] =
		(struct field_option){"", tr(ctx->lang, N_("Any status")), !f->has_status};
	for (int s = 0; s < PROJECT_STATUS__COUNT; s++)
		v->statuses[v->statuses_count++] = (struct field_option){
			project_status_table[s].id, tr(ctx->lang, project_status_table[s].label),
			f->has_status && (int)f->st == s};
	for (int s = 0; s < SORT__COUNT; s++)
		v->sorts[v->sorts_count++] = (struct field_option){
			project_sorts[s].id, tr(ctx->lang, project_sorts[s].label),
			(int)f->by == s};

	static const struct {
		enum stmt_id stmt;
		const char *any; /* English msgid */
	} lists[2] = {{STMT_office_challenge_options, N_("Any challenge")},
		      {STMT_office_project_orgs, N_("Any organisation")}};
	for (int l = 0; l < 2; l++) {
		struct field_option *o = l == 0 ? v->challenges : v->orgs;
		size_t *count = l == 0 ? &v->challenges_count : &v->orgs_count;
		int64_t selected = l == 0 ? f->challenge_id : f->org_id;
		struct db_stmt *st = db_stmt(ctx->db, lists[l].stmt);
		if (st == NULL)
			return -1;
		o[(*count)++] =
			(struct field_option){"", tr(ctx->lang, lists[l].any), selected == 0};
		db_bind_i64(st, 1, PROJECT_FILTER_OPTIONS);
		while ((rc = db_step(st)) == DB_ROW && *count < PROJECT_FILTER_OPTIONS + 1) {
			int64_t id = db_col_i64(st, 0);
			o[(*count)++] =
				(struct field_option){arena_printf(a, "%lld", (long long)id),
						      db_col_dup(st, 1, a), selected == id};
		}
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int load_rows(struct http_request *req, struct app_ctx *ctx, struct admin_projects_view *v,
		     const struct project_filters *f, const char *q, const struct app_cursor *cur)
{
	struct arena *a = &req->arena;
	bool up = project_sorts[f->by].ascending;
	const char *pattern = q[0] ? office_like_pattern(a, q) : "";
	struct db_stmt *st = db_stmt(ctx->db, project_sorts[f->by].stmt);
	int64_t key = 0, last_key = 0;
	int rc;

	v->rows = arena_calloc(a, OFFICE_PAGE, sizeof(*v->rows));
	if (st == NULL || v->rows == NULL || pattern == NULL)
		return -1;
	db_bind_text(st, 1, f->has_status ? project_status_table[f->st].id : "");
	db_bind_i64(st, 2, f->challenge_id);
	db_bind_i64(st, 3, f->org_id);
	db_bind_text(st, 4, pattern);
	db_bind_i64(st, 5, cur->set ? cur->key : up ? INT64_MIN : INT64_MAX);
	db_bind_i64(st, 6, cur->set ? cur->id : up ? 0 : INT64_MAX);
	db_bind_i64(st, 7, OFFICE_PAGE + 1); /* one more tells whether a next page exists */
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->rows_count == OFFICE_PAGE) {
			v->pager.next_href = arena_printf(
				a, "/admin/projects?%safter=%s", filters_query(req, f, q),
				app_cursor_i64(a, last_key, v->rows[OFFICE_PAGE - 1].id));
			break;
		}
		struct admin_project_row *r = &v->rows[v->rows_count++];
		enum project_status s;
		r->id = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, a);
		r->lang = db_col_dup(st, 2, a);
		r->status = project_status_parse(db_col_text(st, 3), &s)
				    ? tr(ctx->lang, project_status_table[s].label)
				    : db_col_dup(st, 3, a);
		r->progress = db_col_i64(st, 4);
		r->updated = db_col_i64(st, 6);
		r->org_id = db_col_i64(st, 7);
		r->org = r->org_id != 0 ? db_col_dup(st, 8, a) : NULL;
		r->org_verified = db_col_i64(st, 9) != 0;
		r->milestones_total = db_col_i64(st, 10);
		r->milestones_done = db_col_i64(st, 11);
		int64_t due = db_col_i64(st, 12);
		r->has_next_due = due != NO_DUE;
		r->next_due = r->has_next_due ? due : 0;
		/* The next open milestone is the earliest: if any is overdue, it is. */
		r->overdue = project_milestone_overdue(r->has_next_due, due, false, ctx->now);
		switch (f->by) {
		case SORT_NEWEST: key = db_col_i64(st, 5); break;
		case SORT_PROGRESS: key = r->progress; break;
		case SORT_DUE: key = due; break;
		default: key = r->updated; break;
		}
		last_key = key;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (v->rows_count == 0)
		v->rows = NULL;
	if (cur->set)
		v->pager.first_href =
			arena_printf(a, "/admin/projects?%s", filters_query(req, f, q));
	return 0;
}

void admin_projects(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct project_filters f = {http_query(req, "status"), http_query(req, "challenge"),
				    http_query(req, "org"), http_query(req, "sort"),
				    http_query(req, "q")};
	struct admin_projects_view v;
	struct office_account_filter q;
	struct field_problem problems[2];
	struct app_cursor cur;
	const char *after = http_query(req, "after");

	if (!may_manage(req, resp, ctx))
		return;
	app_cursor_parse(after, false, &cur);
	if (!filters_parse(&f) || (after != NULL && !cur.set)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	memset(&v, 0, sizeof(v));
	size_t n = office_account_filter_check(&req->arena, f.q, NULL, &q, problems);
	v.nav = office_nav(req, ctx, "/admin/projects");
	v.q = f.q;
	v.caption = tr(ctx->lang, project_sorts[f.by].caption);
	if (load_options(req, ctx, &v, &f) != 0 ||
	    (n == 0 && load_rows(req, ctx, &v, &f, q.query, &cur) != 0)) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.q_error = app_problem_for(ctx->lang, problems, n, "q");
	}
	app_layout(req, resp, &v.layout, N_("Pilot projects"), "/admin");
	struct tpl_out out = app_html(req, resp, n > 0 ? 422 : 200);
	tpl_admin_projects(&out, &v);
}

/* ---- a project's page ---- */

/* "YYYY-MM-DD" of a due date (the date field's value), in arena a; "" when out of range. */
static const char *due_text(struct arena *a, int64_t due_at)
{
	struct civil_time t;
	if (!civil_local(due_at, &t))
		return "";
	return arena_printf(a, "%04lld-%02d-%02d", (long long)t.year, t.month, t.day);
}

/* What a failed form sends back to the page: its problems, and what was typed. */
struct project_form {
	const struct field_problem *problems;
	size_t count;
	int64_t milestone;	       /* the milestone whose edit form failed, 0: none */
	const char *title, *due;       /* typed into that form, or into the add form */
	const char *status, *progress; /* typed into the status form */
};

static int load_milestones(struct http_request *req, struct app_ctx *ctx,
			   struct admin_project_view *v, const struct project_form *form)
{
	struct arena *a = &req->arena;
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_milestones);
	int rc;

	v->milestones = arena_calloc(a, PROJECT_MILESTONES_MAX, sizeof(*v->milestones));
	if (st == NULL || v->milestones == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	db_bind_i64(st, 2, PROJECT_MILESTONES_MAX);
	while ((rc = db_step(st)) == DB_ROW && v->milestones_count < PROJECT_MILESTONES_MAX) {
		struct admin_milestone_row *m = &v->milestones[v->milestones_count++];
		m->id = db_col_i64(st, 0);
		m->number = (int64_t)v->milestones_count;
		m->title = db_col_dup(st, 1, a);
		m->has_due = !db_col_null(st, 2);
		m->due_at = db_col_i64(st, 2);
		m->due_value = m->has_due ? due_text(a, m->due_at) : "";
		m->done = !db_col_null(st, 3);
		m->done_at = db_col_i64(st, 3);
		m->overdue = project_milestone_overdue(m->has_due, m->due_at, m->done, ctx->now);
		m->first = v->milestones_count == 1;
		m->title_value = m->title;
		v->milestones_done += m->done;
		if (form != NULL && form->milestone == m->id) {
			const char *f_title = arena_printf(a, "m%lld-title", (long long)m->id);
			const char *f_due = arena_printf(a, "m%lld-due", (long long)m->id);
			const char *f_row = arena_printf(a, "m%lld", (long long)m->id);
			if (f_title == NULL || f_due == NULL || f_row == NULL) {
				db_reset(st);
				return -1;
			}
			m->title_error =
				app_problem_for(ctx->lang, form->problems, form->count, f_title);
			m->due_error =
				app_problem_for(ctx->lang, form->problems, form->count, f_due);
			m->row_error =
				app_problem_for(ctx->lang, form->problems, form->count, f_row);
			if (form->title != NULL)
				m->title_value = form->title;
			if (form->due != NULL)
				m->due_value = form->due;
		}
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (v->milestones_count == 0)
		v->milestones = NULL;
	else
		v->milestones[v->milestones_count - 1].last = true;
	v->can_add = v->milestones_count < PROJECT_MILESTONES_MAX;
	return 0;
}

/*
 * The project's page with status (200, or 422 with form's problems at
 * their fields); form NULL shows the stored values.
 */
static void project_render(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int status,
			   const struct project_form *form)
{
	struct admin_project_view v;
	struct arena *a = &req->arena;
	enum project_status current;
	const char *stored_status = "";

	memset(&v, 0, sizeof(v));
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_get);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		v.id = db_col_i64(st, 0);
		v.title = db_col_dup(st, 1, a);
		stored_status = db_col_dup(st, 3, a);
		v.status = project_status_parse(stored_status, &current)
				   ? tr(ctx->lang, project_status_table[current].label)
				   : stored_status;
		v.progress = db_col_i64(st, 4);
		v.lang = db_col_dup(st, 10, a);
		v.updated = db_col_i64(st, 12);
		if (!db_col_null(st, 14)) {
			v.org_id = db_col_i64(st, 13);
			v.org = db_col_dup(st, 14, a);
			v.org_verified = db_col_i64(st, 15) != 0;
		}
	}
	db_reset(st);
	if (!app_found(req, resp,
		       rc == DB_ROW    ? 1
		       : rc == DB_DONE ? 0
				       : -1,
		       N_("This pilot project does not exist.")))
		return;
	if (load_milestones(req, ctx, &v, form) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.nav = office_nav(req, ctx, "/admin/projects");
	v.csrf = app_csrf(req, resp);
	const char *typed_status =
		form != NULL && form->status != NULL ? form->status : stored_status;
	v.statuses = arena_calloc(a, PROJECT_STATUS__COUNT, sizeof(*v.statuses));
	for (int s = 0; v.statuses != NULL && s < PROJECT_STATUS__COUNT; s++)
		v.statuses[v.statuses_count++] = (struct field_option){
			project_status_table[s].id, tr(ctx->lang, project_status_table[s].label),
			typed_status != NULL &&
				strcmp(typed_status, project_status_table[s].id) == 0};
	v.progress_value = form != NULL && form->progress != NULL
				   ? form->progress
				   : arena_printf(a, "%lld", (long long)v.progress);
	v.history_href = arena_printf(a, "/admin/audit?subject=project%%3A%lld", (long long)id);
	if (form != NULL && form->count > 0) {
		const struct field_problem *p = form->problems;
		size_t n = form->count;
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = v.problem_list.errors != NULL ? n : 0;
		v.status_error = app_problem_for(ctx->lang, p, n, "status");
		v.progress_error = app_problem_for(ctx->lang, p, n, "progress");
		v.milestones_error = app_problem_for(ctx->lang, p, n, "milestones");
		v.milestone_title_error = app_problem_for(ctx->lang, p, n, "milestone-title");
		v.milestone_due_error = app_problem_for(ctx->lang, p, n, "milestone-due");
		if (form->milestone == 0) {
			v.milestone_title = form->title;
			v.milestone_due = form->due;
		}
	} else {
		static const struct {
			const char *key, *msgid;
		} notices[] = {
			{"saved", N_("The status and progress are saved.")},
			{"unchanged", N_("Nothing was changed.")},
			{"added", N_("The milestone is added.")},
			{"edited", N_("The milestone is saved.")},
			{"done", N_("The milestone is marked as done.")},
			{"undone", N_("The milestone is open again.")},
			{"moved", N_("The milestone is moved.")},
			{"removed", N_("The milestone is removed.")},
		};
		const char *notice = http_query(req, "notice");
		for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
			if (strcmp(notice, notices[i].key) == 0)
				v.notice = tr(ctx->lang, notices[i].msgid);
	}
	if (v.statuses == NULL || v.progress_value == NULL || v.history_href == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Pilot projects"), "/admin");
	v.layout.title = v.title;
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_project(&out, &v);
}

void admin_project(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (!may_manage(req, resp, ctx))
		return;
	project_render(req, resp, ctx, req->params[0], 200, NULL);
}

/* One problem at field: the page again with 422. */
static void one_problem(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t id, int64_t milestone, const char *field, const char *msgid)
{
	struct field_problem p = {field, msgid};
	struct project_form form = {&p, 1, milestone, NULL, NULL, NULL, NULL};
	project_render(req, resp, ctx, id, 422, &form);
}

/*
 * Begin the write and lock the project's row (its status and progress
 * into *status and *progress, either may be NULL); false with the answer
 * sent when that failed or the project is gone.
 */
static bool begin_locked(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int64_t id, const char **status, int64_t *progress)
{
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_lock);
	int rc = DB_ERROR;
	if (st != NULL) {
		db_bind_i64(st, 1, id);
		rc = db_step(st);
		if (rc == DB_ROW) {
			if (status != NULL)
				*status = db_col_dup(st, 0, &req->arena);
			if (progress != NULL)
				*progress = db_col_i64(st, 1);
		}
		db_reset(st);
	}
	if (rc != DB_ROW) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, rc == DB_DONE ? 0 : -1,
				N_("This pilot project does not exist."));
		return false;
	}
	return true;
}

/* The anchor of a milestone's row. */
static const char *row_anchor(struct http_request *req, int64_t milestone)
{
	return arena_printf(&req->arena, "m%lld", (long long)milestone);
}

/* Back to the project's page with notice, at anchor. */
static void back(struct http_request *req, struct http_response *resp, int64_t id,
		 const char *notice, const char *anchor)
{
	http_redirect(resp, arena_printf(&req->arena, "/admin/projects/%lld?notice=%s#%s",
					 (long long)id, notice, anchor));
}

/*
 * The project's "updated" moves on, the audit rows are written, the
 * transaction commits and the visitor goes back to the page with
 * notice (at anchor); 503, rolled back, on failure.  actions[i],
 * befores[i], afters[i]: n audit rows (n 1 or 2), detail the same.
 */
static void finish(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   int64_t id, size_t n, const char *const *actions, const char *detail,
		   const char *const *befores, const char *const *afters, const char *notice,
		   const char *anchor)
{
	const char *subject = arena_printf(&req->arena, "project:%lld", (long long)id);
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_touch);
	if (subject == NULL || st == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (app_audit_change(ctx, actions[i], subject, detail, befores[i], afters[i]) != 0)
			goto fail;
	if (db_commit(ctx->db) != DB_OK)
		goto fail;
	back(req, resp, id, notice, anchor);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/*
 * finish() with one audit row about milestone (its detail), back at the
 * milestone's row (at_row) or at the list's heading; before and after
 * NULL (out of memory) roll back with 503.
 */
static void finish_milestone(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx, int64_t id, int64_t milestone, const char *action,
			     const char *before, const char *after, const char *notice, bool at_row)
{
	const char *detail = arena_printf(&req->arena, "milestone:%lld", (long long)milestone);
	const char *anchor = at_row ? row_anchor(req, milestone) : "milestones-heading";
	if (detail == NULL || anchor == NULL || before == NULL || after == NULL) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	finish(req, resp, ctx, id, 1, &action, detail, &before, &after, notice, anchor);
}

void admin_project_status(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], progress = 0, was_progress = 0;
	enum project_status to;
	struct field_problem problems[2];
	const char *was = NULL;

	if (!may_manage(req, resp, ctx))
		return;
	struct project_form form = {
		problems, 0, 0, NULL, NULL, http_form(req, "status"), http_form(req, "progress")};
	form.count = project_status_check(form.status, form.progress, &to, &progress, problems);
	if (form.count > 0) {
		project_render(req, resp, ctx, id, 422, &form);
		return;
	}
	if (!begin_locked(req, resp, ctx, id, &was, &was_progress))
		return;
	const char *is = project_status_table[to].id;
	bool status_changes = strcmp(was, is) != 0, progress_changes = was_progress != progress;
	if (!status_changes && !progress_changes) {
		db_rollback(ctx->db);
		back(req, resp, id, "unchanged", "status-heading");
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_set_status);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, is);
	db_bind_i64(st, 3, progress);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail;
	const char *actions[2], *befores[2], *afters[2];
	size_t n = 0;
	if (status_changes) {
		actions[n] = "project.status";
		befores[n] = was;
		afters[n++] = is;
	}
	if (progress_changes) {
		actions[n] = "project.progress";
		befores[n] = arena_printf(&req->arena, "%lld", (long long)was_progress);
		afters[n] = arena_printf(&req->arena, "%lld", (long long)progress);
		if (befores[n] == NULL || afters[n] == NULL)
			goto fail;
		n++;
	}
	finish(req, resp, ctx, id, n, actions, "", befores, afters, "saved", "status-heading");
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/*
 * A milestone as the audit log keeps it: "title: ...", "due: YYYY-MM-DD"
 * (or "none") and "done: YYYY-MM-DD" (or "no") lines.
 */
struct milestone_state {
	const char *title;
	bool has_due;
	int64_t due_at;
	bool done;
	int64_t done_at;
};

/*
 * The lines of m that differ from other (every line when other is NULL),
 * in arena a; done only when with_done.  NULL when out of memory.
 */
static const char *milestone_lines(struct arena *a, const struct milestone_state *m,
				   const struct milestone_state *other, bool with_done)
{
	struct buf b;

	buf_init(&b, a);
	if (other == NULL || strcmp(m->title, other->title) != 0)
		buf_field_line(&b, "title", m->title);
	if (other == NULL || m->has_due != other->has_due ||
	    (m->has_due && m->due_at != other->due_at))
		buf_field_line(&b, "due", m->has_due ? due_text(a, m->due_at) : "none");
	if (with_done)
		buf_field_line(&b, "done", m->done ? due_text(a, m->done_at) : "no");
	return b.oom ? NULL : buf_cstr(&b);
}

void admin_milestone_add(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], milestone = 0;
	struct field_problem problems[2];
	char *title = NULL;
	bool has_due = false;
	int y = 0, m = 0, d = 0;

	if (!may_manage(req, resp, ctx))
		return;
	struct project_form form = {
		problems, 0, 0, http_form(req, "title"), http_form(req, "due"), NULL, NULL};
	form.count = project_milestone_check(&req->arena, form.title, form.due, &title, &has_due,
					     &y, &m, &d, problems);
	if (form.count > 0) {
		project_render(req, resp, ctx, id, 422, &form);
		return;
	}
	if (!begin_locked(req, resp, ctx, id, NULL, NULL))
		return;
	struct milestone_state now = {title, has_due, has_due ? project_due_time(y, m, d) : 0,
				      false, 0};
	int added = project_milestone_insert(ctx->db, id, title, has_due, now.due_at, &milestone);
	if (added < 0)
		goto fail;
	if (added == 0) {
		db_rollback(ctx->db);
		problems[0] = (struct field_problem){
			"milestone-title", N_("A project can have at most 100 milestones.")};
		form.count = 1;
		project_render(req, resp, ctx, id, 422, &form);
		return;
	}
	finish_milestone(req, resp, ctx, id, milestone, "milestone.add", "",
			 milestone_lines(&req->arena, &now, NULL, false), "added", false);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/* Milestone milestone of project id into *m: DB_ROW, DB_DONE (not this project's) or an error. */
static int load_milestone(struct http_request *req, struct app_ctx *ctx, int64_t id,
			  int64_t milestone, struct milestone_state *m)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_milestone_of_project);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, milestone);
	db_bind_i64(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		m->title = db_col_dup(st, 1, &req->arena);
		m->has_due = !db_col_null(st, 2);
		m->due_at = db_col_i64(st, 2);
		m->done = !db_col_null(st, 3);
		m->done_at = db_col_i64(st, 3);
		if (m->title == NULL)
			rc = DB_ERROR;
	}
	db_reset(st);
	return rc;
}

/*
 * The milestone the form names ("milestone"), locked with its project:
 * 1 with *m filled, or 0 with the answer sent (422 at the list when it is
 * not this project's, 404 or 503); the transaction is open on 1 only.
 */
static int begin_milestone(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int64_t *milestone,
			   struct milestone_state *m)
{
	int rc = DB_DONE;

	if (!app_parse_id(http_form(req, "milestone"), milestone))
		*milestone = 0;
	else if (!begin_locked(req, resp, ctx, id, NULL, NULL))
		return 0;
	else
		rc = load_milestone(req, ctx, id, *milestone, m);
	if (rc == DB_ROW)
		return 1;
	if (*milestone != 0)
		db_rollback(ctx->db);
	if (rc != DB_DONE)
		app_error(req, resp, 503, NULL);
	else
		one_problem(req, resp, ctx, id, 0, "milestones",
			    N_("This milestone is not one of this project's. Choose one from its "
			       "list."));
	return 0;
}

void admin_milestone_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0], milestone = 0;
	struct milestone_state was, is;
	struct field_problem problems[2];
	char *title = NULL;
	bool has_due = false;
	int y = 0, mo = 0, d = 0;

	if (!may_manage(req, resp, ctx))
		return;
	if (begin_milestone(req, resp, ctx, id, &milestone, &was) != 1)
		return;
	struct project_form form = {
		problems, 0, milestone, http_form(req, "title"), http_form(req, "due"), NULL, NULL};
	form.count = project_milestone_check(&req->arena, form.title, form.due, &title, &has_due,
					     &y, &mo, &d, problems);
	if (form.count > 0) {
		db_rollback(ctx->db);
		/* The rules name the add form's fields: these are the row's. */
		for (size_t i = 0; i < form.count; i++)
			problems[i].field = arena_printf(
				&req->arena, "m%lld-%s", (long long)milestone,
				strcmp(problems[i].field, "milestone-due") == 0 ? "due" : "title");
		project_render(req, resp, ctx, id, 422, &form);
		return;
	}
	is = (struct milestone_state){title, has_due, has_due ? project_due_time(y, mo, d) : 0,
				      was.done, was.done_at};
	const char *before = milestone_lines(&req->arena, &was, &is, false);
	const char *anchor = row_anchor(req, milestone);
	if (before == NULL || anchor == NULL)
		goto fail;
	if (before[0] == '\0') {
		db_rollback(ctx->db);
		back(req, resp, id, "unchanged", anchor);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_milestone_update);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, milestone);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, is.title);
	if (is.has_due)
		db_bind_i64(st, 4, is.due_at);
	else
		db_bind_null(st, 4);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail;
	finish_milestone(req, resp, ctx, id, milestone, "milestone.edit", before,
			 milestone_lines(&req->arena, &is, &was, false), "edited", true);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

static void done_change(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			bool done)
{
	int64_t id = req->params[0], milestone = 0;
	struct milestone_state m;

	if (!may_manage(req, resp, ctx))
		return;
	if (begin_milestone(req, resp, ctx, id, &milestone, &m) != 1)
		return;
	const char *anchor = row_anchor(req, milestone);
	if (anchor == NULL)
		goto fail;
	if (m.done == done) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, milestone, anchor,
			    done ? N_("This milestone is done already.")
				 : N_("This milestone is not done."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_milestone_set_done);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, milestone);
	db_bind_i64(st, 2, id);
	if (done)
		db_bind_i64(st, 3, ctx->now);
	else
		db_bind_null(st, 3);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail;
	/* Open, or done on a day: the value before and after. */
	const char *was =
		m.done ? arena_printf(&req->arena, "done: %s", due_text(&req->arena, m.done_at))
		       : "open";
	const char *is =
		done ? arena_printf(&req->arena, "done: %s", due_text(&req->arena, ctx->now))
		     : "open";
	finish_milestone(req, resp, ctx, id, milestone,
			 done ? "milestone.done" : "milestone.undone", was, is,
			 done ? "done" : "undone", true);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void admin_milestone_done(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	done_change(req, resp, ctx, true);
}

void admin_milestone_undone(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	done_change(req, resp, ctx, false);
}

/*
 * Move a milestone one place up or down: the project's milestones are
 * numbered again 1..n in their order (positions may repeat: the public
 * form's rows began at 0), with the two swapped.
 */
static void move(struct http_request *req, struct http_response *resp, struct app_ctx *ctx, bool up)
{
	int64_t id = req->params[0], milestone = 0, ids[PROJECT_MILESTONES_MAX];
	struct milestone_state m;
	size_t n = 0, at = 0;
	int rc;

	if (!may_manage(req, resp, ctx))
		return;
	if (begin_milestone(req, resp, ctx, id, &milestone, &m) != 1)
		return;
	const char *anchor = row_anchor(req, milestone);
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_milestones);
	if (st == NULL || anchor == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, PROJECT_MILESTONES_MAX);
	while ((rc = db_step(st)) == DB_ROW && n < PROJECT_MILESTONES_MAX) {
		if (db_col_i64(st, 0) == milestone)
			at = n;
		ids[n++] = db_col_i64(st, 0);
	}
	db_reset(st);
	if (rc < 0)
		goto fail;
	if ((up && at == 0) || (!up && at + 1 >= n)) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, milestone, anchor,
			    up ? N_("This milestone is the first already.")
			       : N_("This milestone is the last already."));
		return;
	}
	size_t to = up ? at - 1 : at + 1;
	ids[at] = ids[to];
	ids[to] = milestone;
	for (size_t i = 0; i < n; i++) {
		st = db_stmt(ctx->db, STMT_milestone_set_position);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, ids[i]);
		db_bind_i64(st, 2, id);
		db_bind_i64(st, 3, (int64_t)i + 1);
		if (db_run(st, NULL) < 0)
			goto fail;
	}
	finish_milestone(req, resp, ctx, id, milestone, "milestone.move",
			 arena_printf(&req->arena, "position: %zu", at + 1),
			 arena_printf(&req->arena, "position: %zu", to + 1), "moved", true);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void admin_milestone_up(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	move(req, resp, ctx, true);
}

void admin_milestone_down(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	move(req, resp, ctx, false);
}

void admin_milestone_remove(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	int64_t id = req->params[0], milestone = 0;
	struct milestone_state m;

	if (!may_manage(req, resp, ctx))
		return;
	if (begin_milestone(req, resp, ctx, id, &milestone, &m) != 1)
		return;
	struct db_stmt *st = db_stmt(ctx->db, STMT_milestone_delete);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, milestone);
	db_bind_i64(st, 2, id);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail;
	finish_milestone(req, resp, ctx, id, milestone, "milestone.remove",
			 milestone_lines(&req->arena, &m, NULL, true), "", "removed", false);
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}
