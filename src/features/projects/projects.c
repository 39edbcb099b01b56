/*
 * projects.c - pilot projects: the public list and page, and the forms
 * with which the Innovation Office starts a project from a selected idea
 * and steers it (edit, milestones, status updates with progress).
 *
 * Every steering action checks project_may_manage() on the server; the
 * forms are only shown to those who pass it.  Each write is one
 * transaction: creating a project also moves its idea to "piloting", and
 * a status update with a progress value sets the project's progress in
 * the same commit.
 *
 * Queries per page: the list 1 (+1 for administrators: ideas waiting for
 * a project), the project page 5 (project with organisation and idea,
 * milestones, one page of updates, one page of the discussion and its
 * replies; 4 while nobody has commented), whatever the number of rows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/text.h"
#include "features/funnel/funnel.h"
#include "features/projects/projects.h"
#include "templates.h"
#include "view/markdown.h"
#include "app/app.h"
#include "app/forms.h"
#include "features/discussion/discussion.h"
#include "features/notifications/notifications.h"

enum {
	PROJECTS_PAGE = 20,
	PROJECT_UPDATES_PAGE = 10,
	PROJECT_ORG_OPTIONS = 500,
	PROJECT_WAITING_IDEAS = 20,
};

/* Largest key: the first page of a keyset list starts below it. */
#define KEY_MAX INT64_MAX

/*
 * Markdown of results and updates, rendered safely (view/markdown.c);
 * its headings start at <h3>, below the page's sections.
 */
static int markdown(struct arena *a, const char *text, struct html_safe *out)
{
	*out = markdown_render(a, text, 3);
	return out->html == NULL && text != NULL && text[0] != '\0' ? -1 : 0;
}

/* Strictly "<digits>" (1..18 digits, no sign): a positive id. */
static bool parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;

	if (s == NULL || *s == '0')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (*s != '\0' || digits == 0)
		return false;
	*out = v;
	return true;
}

/* A list cursor "<created>_<id>" (created may be 0). */
static bool parse_cursor(const char *s, int64_t *created, int64_t *id)
{
	const char *sep = s ? strchr(s, '_') : NULL;
	if (sep == NULL || sep == s || sep - s > 18)
		return false;
	int64_t c = 0;
	for (const char *p = s; p < sep; p++) {
		if (*p < '0' || *p > '9')
			return false;
		c = c * 10 + (*p - '0');
	}
	if (!parse_id(sep + 1, id))
		return false;
	*created = c;
	return true;
}

static const char *status_label(enum lang lang, const char *id)
{
	enum project_status s;
	return project_status_parse(id, &s) ? tr(lang, project_status_table[s].label) : id;
}

/*
 * Whether the visitor may steer projects.  Otherwise the answer is sent:
 * the login for the anonymous, 403 for the others (app_allowed).
 */
static bool require_manager(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, project_may_manage(app_role(ctx)),
			   N_("Only the Innovation Office can steer pilot projects."));
}

/* Build form errors from problems, translated. */
static struct form_error *form_errors(struct http_request *req, struct app_ctx *ctx,
				      const struct field_problem *problems, size_t n)
{
	struct form_error *e = arena_calloc(&req->arena, n, sizeof(*e));
	for (size_t i = 0; e != NULL && i < n; i++) {
		e[i].field = problems[i].field;
		e[i].message = tr(ctx->lang, problems[i].message);
	}
	return e;
}

/* The message of the first problem about field, or NULL. */
static const char *problem_for(struct app_ctx *ctx, const struct field_problem *problems, size_t n,
			       const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(problems[i].field, field) == 0)
			return tr(ctx->lang, problems[i].message);
	return NULL;
}

/* ---- the list ---- */

static int load_waiting(struct http_request *req, struct app_ctx *ctx, struct project_list_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_ideas_waiting);
	int rc;

	v->waiting = arena_calloc(&req->arena, PROJECT_WAITING_IDEAS, sizeof(*v->waiting));
	if (st == NULL || v->waiting == NULL)
		return -1;
	db_bind_i64(st, 1, PROJECT_WAITING_IDEAS);
	while ((rc = db_step(st)) == DB_ROW && v->waiting_count < PROJECT_WAITING_IDEAS) {
		struct project_idea_ref *w = &v->waiting[v->waiting_count++];
		w->id = db_col_i64(st, 0);
		w->title = db_col_dup(st, 1, &req->arena);
		w->lang = db_col_dup(st, 2, &req->arena);
		enum idea_status s;
		w->status = idea_status_parse(db_col_text(st, 3), &s)
				    ? tr(ctx->lang, idea_status_table[s].label)
				    : NULL;
	}
	db_reset(st);
	if (v->waiting_count == 0)
		v->waiting = NULL;
	return rc < 0 ? -1 : 0;
}

void projects_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct project_list_view v;
	const char *status = http_query(req, "status");
	const char *after = http_query(req, "after");
	int64_t c_created = KEY_MAX, c_id = KEY_MAX;
	enum project_status s;
	int rc;

	if (status != NULL && status[0] != '\0' && !project_status_parse(status, &s)) {
		app_error(req, resp, 400, N_("There is no such project status."));
		return;
	}
	if (status == NULL)
		status = "";
	if (after != NULL && !parse_cursor(after, &c_created, &c_id)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	memset(&v, 0, sizeof(v));
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_list);
	v.projects = arena_calloc(&req->arena, PROJECTS_PAGE, sizeof(*v.projects));
	if (st == NULL || v.projects == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, status);
	db_bind_i64(st, 2, c_created);
	db_bind_i64(st, 3, c_id);
	db_bind_i64(st, 4, PROJECTS_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.projects_count == PROJECTS_PAGE) {
			more = true;
			break;
		}
		struct project_card *p = &v.projects[v.projects_count++];
		p->id = db_col_i64(st, 0);
		p->title = db_col_dup(st, 1, &req->arena);
		p->summary = db_col_dup(st, 2, &req->arena);
		p->status_id = db_col_dup(st, 3, &req->arena);
		p->status = status_label(ctx->lang, p->status_id);
		p->progress = db_col_i64(st, 4);
		p->lang = db_col_dup(st, 5, &req->arena);
		p->created = db_col_i64(st, 6);
		p->org = db_col_dup(st, 7, &req->arena);
		if (p->org != NULL && p->org[0] == '\0')
			p->org = NULL;
		p->org_id = db_col_null(st, 8) ? 0 : db_col_i64(st, 8);
		p->org_verified = db_col_i64(st, 9) != 0;
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.projects_count == 0)
		v.projects = NULL;
	const char *filter = status[0] ? arena_printf(&req->arena, "status=%s&", status) : "";
	if (more) {
		const struct project_card *last = &v.projects[v.projects_count - 1];
		v.next_href = arena_printf(&req->arena, "/projects?%safter=%lld_%lld", filter,
					   (long long)last->created, (long long)last->id);
	}
	if (after != NULL)
		v.first_href = status[0] ? arena_printf(&req->arena, "/projects?status=%s", status)
					 : "/projects";

	v.filters = arena_calloc(&req->arena, PROJECT_STATUS__COUNT + 1, sizeof(*v.filters));
	if (v.filters == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	v.filters[0].href = "/projects";
	v.filters[0].label = tr(ctx->lang, N_("All"));
	v.filters[0].current = status[0] == '\0' ? "page" : NULL;
	for (int i = 0; i < PROJECT_STATUS__COUNT; i++) {
		struct nav_link *f = &v.filters[i + 1];
		f->href = arena_printf(&req->arena, "/projects?status=%s",
				       project_status_table[i].id);
		f->label = tr(ctx->lang, project_status_table[i].label);
		f->current = strcmp(status, project_status_table[i].id) == 0 ? "page" : NULL;
	}
	v.filters_count = PROJECT_STATUS__COUNT + 1;

	v.can_manage = project_may_manage(ctx->user ? &ctx->user->role : NULL);
	if (v.can_manage && load_waiting(req, ctx, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Pilot projects"), "/projects");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_project_list(&out, &v);
}

/* ---- the project page ---- */

/* What a failed form on the project page sends back. */
struct project_page_form {
	struct field_problem problems[2];
	size_t count;
	const char *milestone_title, *milestone_due;
	const char *update_body, *update_progress;
};

static int load_project(struct http_request *req, struct app_ctx *ctx, int64_t id,
			struct project_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_get);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		return rc == DB_DONE ? 0 : -1;
	}
	v->id = db_col_i64(st, 0);
	v->title = db_col_dup(st, 1, &req->arena);
	v->summary = db_col_dup(st, 2, &req->arena);
	v->status = status_label(ctx->lang, db_col_text(st, 3));
	v->progress = db_col_i64(st, 4);
	v->has_budget = !db_col_null(st, 5);
	v->budget = db_col_i64(st, 5) / 100;
	const char *results = db_col_text(st, 6);
	v->has_results = results[0] != '\0';
	if (v->has_results && markdown(&req->arena, results, &v->results) != 0) {
		db_reset(st);
		return -1;
	}
	v->has_location = !db_col_null(st, 7) && !db_col_null(st, 8);
	v->address = db_col_dup(st, 9, &req->arena);
	if (v->address != NULL && v->address[0] == '\0')
		v->address = NULL;
	v->lang = db_col_dup(st, 10, &req->arena);
	v->created = db_col_i64(st, 11);
	v->updated = db_col_i64(st, 12);
	v->comments.total = db_col_i64(st, 20);
	if (!db_col_null(st, 14)) {
		v->org = db_col_dup(st, 14, &req->arena);
		v->org_id = db_col_i64(st, 13);
		v->org_verified = db_col_i64(st, 15) != 0;
	}
	/* The idea it came from, unless a moderator has hidden it. */
	if (!db_col_null(st, 16) && !db_col_null(st, 17) && db_col_i64(st, 19) == 0) {
		v->has_idea = true;
		v->idea_id = db_col_i64(st, 16);
		v->idea_title = db_col_dup(st, 17, &req->arena);
		v->idea_lang = db_col_dup(st, 18, &req->arena);
	}
	db_reset(st);
	return 1;
}

static int load_milestones(struct http_request *req, struct app_ctx *ctx, struct project_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_milestones);
	int rc;

	v->milestones = arena_calloc(&req->arena, PROJECT_MILESTONES_MAX, sizeof(*v->milestones));
	if (st == NULL || v->milestones == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	db_bind_i64(st, 2, PROJECT_MILESTONES_MAX);
	while ((rc = db_step(st)) == DB_ROW && v->milestones_count < PROJECT_MILESTONES_MAX) {
		struct milestone_row *m = &v->milestones[v->milestones_count++];
		m->id = db_col_i64(st, 0);
		m->title = db_col_dup(st, 1, &req->arena);
		m->has_due = !db_col_null(st, 2);
		m->due_at = db_col_i64(st, 2);
		m->done = !db_col_null(st, 3);
		m->done_at = db_col_i64(st, 3);
		m->overdue = project_milestone_overdue(m->has_due, m->due_at, m->done, ctx->now);
		v->milestones_done += m->done;
	}
	db_reset(st);
	if (v->milestones_count == 0)
		v->milestones = NULL;
	return rc < 0 ? -1 : 0;
}

static int load_updates(struct http_request *req, struct app_ctx *ctx, struct project_view *v,
			int64_t before)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_updates_page);
	bool more = false;
	int rc;

	v->updates = arena_calloc(&req->arena, PROJECT_UPDATES_PAGE, sizeof(*v->updates));
	if (st == NULL || v->updates == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	db_bind_i64(st, 2, before);
	db_bind_i64(st, 3, PROJECT_UPDATES_PAGE + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->updates_count == PROJECT_UPDATES_PAGE) {
			more = true;
			break;
		}
		struct project_update_row *u = &v->updates[v->updates_count++];
		u->id = db_col_i64(st, 0);
		if (markdown(&req->arena, db_col_text(st, 1), &u->body) != 0) {
			db_reset(st);
			return -1;
		}
		u->has_progress = !db_col_null(st, 2);
		u->progress = db_col_i64(st, 2);
		u->created = db_col_i64(st, 3);
		u->author = db_col_dup(st, 4, &req->arena);
		if (u->author != NULL && u->author[0] == '\0')
			u->author = NULL;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (more)
		v->older_href = arena_printf(
			&req->arena, "/projects/%lld?before=%lld#updates-heading", (long long)v->id,
			(long long)v->updates[v->updates_count - 1].id);
	if (before != KEY_MAX)
		v->newest_href = arena_printf(&req->arena, "/projects/%lld#updates-heading",
					      (long long)v->id);
	if (v->updates_count == 0)
		v->updates = NULL;
	return 0;
}

static void render_project(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int64_t before,
			   const struct project_page_form *form,
			   const struct comment_problem *comment, int status)
{
	struct project_view v;

	memset(&v, 0, sizeof(v));
	int found = load_project(req, ctx, id, &v);
	if (found == 0) {
		app_error(req, resp, 404, N_("This pilot project does not exist."));
		return;
	}
	const char *path = arena_printf(&req->arena, "/projects/%lld", (long long)id);
	int64_t total = v.comments.total;
	if (found < 0 || path == NULL || load_milestones(req, ctx, &v) != 0 ||
	    load_updates(req, ctx, &v, before) != 0 ||
	    comments_load(req, ctx, COMMENT_ON_PROJECT, id, path, NULL, comment, &v.comments) !=
		    0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.comments.total = total;
	v.can_manage = project_may_manage(ctx->user ? &ctx->user->role : NULL);
	if (v.can_manage)
		v.csrf = app_csrf(req, resp);
	if (form != NULL) {
		v.problem_list.errors = form_errors(req, ctx, form->problems, form->count);
		v.problem_list.errors_count = v.problem_list.errors ? form->count : 0;
		v.milestone_title = form->milestone_title;
		v.milestone_due = form->milestone_due;
		v.update_body = form->update_body;
		v.update_progress = form->update_progress;
		v.milestone_title_error =
			problem_for(ctx, form->problems, form->count, "milestone-title");
		v.milestone_due_error =
			problem_for(ctx, form->problems, form->count, "milestone-due");
		v.update_body_error = problem_for(ctx, form->problems, form->count, "update-body");
		v.update_progress_error =
			problem_for(ctx, form->problems, form->count, "update-progress");
	}
	app_layout(req, resp, &v.layout, N_("Pilot projects"), "/projects");
	v.layout.title = v.title;
	struct tpl_out out = app_html(req, resp, status);
	tpl_project_page(&out, &v);
}

void projects_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *before_text = http_query(req, "before");
	int64_t before = KEY_MAX;

	if (before_text != NULL && !parse_id(before_text, &before)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	render_project(req, resp, ctx, req->params[0], before, NULL, NULL, 200);
}

static void project_render(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, int status,
			   const struct comment_problem *problem)
{
	render_project(req, resp, ctx, id, KEY_MAX, NULL, problem, status);
}

/* ---- creating and editing ---- */

struct idea_for_project {
	int64_t id;
	const char *title;
	const char *status;
	const char *lang;
	const char *address;
	bool has_location;
	double lat, lon;
	bool hidden;
	int64_t project_id; /* 0: none yet */
};

/* 1 found, 0 missing, -1 store error. */
static int load_idea(struct http_request *req, struct app_ctx *ctx, int64_t id,
		     struct idea_for_project *idea)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_idea);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		idea->id = db_col_i64(st, 0);
		idea->title = db_col_dup(st, 1, &req->arena);
		idea->status = db_col_dup(st, 2, &req->arena);
		idea->has_location = !db_col_null(st, 3) && !db_col_null(st, 4);
		idea->lat = db_col_double(st, 3);
		idea->lon = db_col_double(st, 4);
		idea->address = db_col_dup(st, 5, &req->arena);
		idea->lang = db_col_dup(st, 6, &req->arena);
		idea->hidden = db_col_i64(st, 7) != 0;
		idea->project_id = db_col_null(st, 8) ? 0 : db_col_i64(st, 8);
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int load_org_options(struct http_request *req, struct app_ctx *ctx, const char *selected,
			    struct project_form_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_org_options);
	int rc;

	v->orgs = arena_calloc(&req->arena, PROJECT_ORG_OPTIONS, sizeof(*v->orgs));
	if (st == NULL || v->orgs == NULL)
		return -1;
	db_bind_i64(st, 1, PROJECT_ORG_OPTIONS);
	while ((rc = db_step(st)) == DB_ROW && v->orgs_count < PROJECT_ORG_OPTIONS) {
		struct field_option *o = &v->orgs[v->orgs_count++];
		o->value = db_col_dup(st, 0, &req->arena);
		o->label = db_col_dup(st, 1, &req->arena);
		o->selected =
			selected != NULL && o->value != NULL && strcmp(selected, o->value) == 0;
	}
	db_reset(st);
	if (v->orgs_count == 0)
		v->orgs = NULL;
	return rc < 0 ? -1 : 0;
}

/* Fill the choices of the form and render it. */
static void render_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			struct project_form_view *v, const char *org, const char *status,
			const char *lang, const struct field_problem *problems, size_t n,
			int http_status)
{
	if (load_org_options(req, ctx, org, v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v->statuses = arena_calloc(&req->arena, PROJECT_STATUS__COUNT, sizeof(*v->statuses));
	v->langs = app_lang_options(&req->arena, lang);
	if (v->statuses == NULL || v->langs == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (int i = 0; i < PROJECT_STATUS__COUNT; i++) {
		v->statuses[i].value = project_status_table[i].id;
		v->statuses[i].label = tr(ctx->lang, project_status_table[i].label);
		v->statuses[i].selected =
			status != NULL && strcmp(status, project_status_table[i].id) == 0;
	}
	v->statuses_count = PROJECT_STATUS__COUNT;
	v->langs_count = LANG__MAX;
	if (n > 0) {
		v->problem_list.errors = form_errors(req, ctx, problems, n);
		v->problem_list.errors_count = v->problem_list.errors ? n : 0;
		v->title_error = problem_for(ctx, problems, n, "title");
		v->summary_error = problem_for(ctx, problems, n, "summary");
		v->org_error = problem_for(ctx, problems, n, "org");
		v->budget_error = problem_for(ctx, problems, n, "budget");
		v->status_error = problem_for(ctx, problems, n, "status");
		v->lang_error = problem_for(ctx, problems, n, "lang");
		v->results_error = problem_for(ctx, problems, n, "results");
		v->location_error = problem_for(ctx, problems, n, "location");
		v->address_error = problem_for(ctx, problems, n, "address");
	}
	v->csrf = app_csrf(req, resp);
	app_layout(req, resp, &v->layout,
		   v->is_new ? N_("Start a pilot project") : N_("Edit pilot project"), "/projects");
	struct tpl_out out = app_html(req, resp, http_status);
	tpl_project_form(&out, v);
}

/* The idea of the request, checked to be ready for a project; NULL when answered. */
static bool idea_for_new_project(struct http_request *req, struct http_response *resp,
				 struct app_ctx *ctx, struct idea_for_project *idea)
{
	int found = load_idea(req, ctx, req->params[0], idea);
	if (found < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	if (found == 0 || idea->hidden) {
		app_error(req, resp, 404, N_("This idea does not exist."));
		return false;
	}
	if (idea->project_id != 0) {
		http_redirect(resp, arena_printf(&req->arena, "/projects/%lld",
						 (long long)idea->project_id));
		return false;
	}
	if (!project_idea_ready(idea->status)) {
		app_error(req, resp, 422,
			  N_("Only ideas the city has selected can become a pilot project."));
		return false;
	}
	return true;
}

static char *coord_text(struct http_request *req, double v)
{
	return arena_printf(&req->arena, "%.6f", v);
}

void projects_new_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_for_project idea;
	struct project_form_view v;

	if (!require_manager(req, resp, ctx))
		return;
	memset(&idea, 0, sizeof(idea));
	if (!idea_for_new_project(req, resp, ctx, &idea))
		return;
	memset(&v, 0, sizeof(v));
	v.is_new = true;
	v.action = arena_printf(&req->arena, "/ideas/%lld/project", (long long)idea.id);
	v.idea_id = idea.id;
	v.idea_title = idea.title;
	v.idea_lang = idea.lang;
	v.title = idea.title;
	v.address = idea.address;
	if (idea.has_location) {
		v.lat = coord_text(req, idea.lat);
		v.lon = coord_text(req, idea.lon);
	}
	render_form(req, resp, ctx, &v, NULL, "planned", idea.lang, NULL, 0, 200);
}

static void read_project_form(struct http_request *req, struct project_input *in)
{
	in->title = http_form(req, "title");
	in->summary = http_form(req, "summary");
	in->org = http_form(req, "org");
	in->budget = http_form(req, "budget");
	in->status = http_form(req, "status");
	in->lang = http_form(req, "lang");
	in->results = http_form(req, "results");
	in->lat = http_form(req, "lat");
	in->lon = http_form(req, "lon");
	in->address = http_form(req, "address");
}

/* Keep what was typed when the form comes back with errors. */
static void keep_input(struct project_form_view *v, const struct project_input *in)
{
	v->title = in->title;
	v->summary = in->summary;
	v->budget = in->budget;
	v->results = in->results;
	v->lat = in->lat;
	v->lon = in->lon;
	v->address = in->address;
}

/* Validate the form and check the organisation exists; problems count. */
static size_t check_project(struct http_request *req, struct app_ctx *ctx,
			    const struct project_input *in, struct project_fields *f,
			    struct field_problem problems[PROJECT_MAX_PROBLEMS], bool *store_error)
{
	size_t n = project_check(&req->arena, in, f, problems);

	*store_error = false;
	if (f->org_id != 0) {
		struct db_stmt *st = db_stmt(ctx->db, STMT_project_org_exists);
		int rc = DB_ERROR;
		if (st != NULL) {
			db_bind_i64(st, 1, f->org_id);
			rc = db_run(st, NULL);
		}
		if (rc == DB_DONE && n < PROJECT_MAX_PROBLEMS) {
			problems[n].field = "org";
			problems[n].message = N_("Choose one of the listed organisations.");
			n++;
		} else if (rc < 0) {
			*store_error = true;
		}
	}
	return n;
}

static void bind_project(struct db_stmt *st, const struct project_fields *f, int first)
{
	/* title, summary, org, budget, status: the shared head of insert and update. */
	db_bind_text(st, first, f->title);
	db_bind_text(st, first + 1, f->summary);
	if (f->org_id != 0)
		db_bind_i64(st, first + 2, f->org_id);
	else
		db_bind_null(st, first + 2);
	if (f->has_budget)
		db_bind_i64(st, first + 3, f->budget_cents);
	else
		db_bind_null(st, first + 3);
	db_bind_text(st, first + 4, project_status_table[f->status].id);
}

static void bind_location(struct db_stmt *st, const struct project_fields *f, int first)
{
	if (f->has_location) {
		db_bind_double(st, first, f->lat);
		db_bind_double(st, first + 1, f->lon);
	} else {
		db_bind_null(st, first);
		db_bind_null(st, first + 1);
	}
	db_bind_text(st, first + 2, f->address);
}

void projects_create(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_for_project idea;
	struct project_input in;
	struct project_fields f;
	struct field_problem problems[PROJECT_MAX_PROBLEMS];
	bool store_error;
	int64_t id = 0;

	if (!require_manager(req, resp, ctx))
		return;
	memset(&idea, 0, sizeof(idea));
	if (!idea_for_new_project(req, resp, ctx, &idea))
		return;
	read_project_form(req, &in);
	size_t n = check_project(req, ctx, &in, &f, problems, &store_error);
	if (store_error) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		struct project_form_view v;
		memset(&v, 0, sizeof(v));
		keep_input(&v, &in);
		v.is_new = true;
		v.action = arena_printf(&req->arena, "/ideas/%lld/project", (long long)idea.id);
		v.idea_id = idea.id;
		v.idea_title = idea.title;
		v.idea_lang = idea.lang;
		render_form(req, resp, ctx, &v, in.org, in.status, in.lang, problems, n, 422);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_insert);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, idea.id);
	bind_project(st, &f, 2);
	bind_location(st, &f, 7);
	db_bind_text(st, 10, f.lang);
	db_bind_i64(st, 11, ctx->now);
	int rc = db_run(st, &id);
	if (rc == DB_CONSTRAINT) {
		/* Another administrator was faster: that project stands. */
		db_rollback(ctx->db);
		app_error(req, resp, 422, N_("This idea already has a pilot project."));
		return;
	}
	if (rc < 0)
		goto fail;
	/* The idea moves on in the same commit; its status may have changed meanwhile. */
	st = db_stmt(ctx->db, STMT_project_idea_to_piloting);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, idea.id);
	db_bind_i64(st, 2, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	if (db_changes(ctx->db) != 1) {
		db_rollback(ctx->db);
		app_error(req, resp, 422,
			  N_("Only ideas the city has selected can become a pilot project."));
		return;
	}
	if (app_audit(ctx, "project.create",
		      arena_printf(&req->arena, "project:%lld", (long long)id),
		      arena_printf(&req->arena, "idea:%lld", (long long)idea.id)) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	http_redirect(resp, arena_printf(&req->arena, "/projects/%lld", (long long)id));
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/* The current values of a project for its edit form; 1, 0 missing, -1 error. */
static int load_for_edit(struct http_request *req, struct app_ctx *ctx, int64_t id,
			 struct project_form_view *v, const char **org, const char **status,
			 const char **lang)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_get);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		v->id = db_col_i64(st, 0);
		v->title = db_col_dup(st, 1, &req->arena);
		v->summary = db_col_dup(st, 2, &req->arena);
		*status = db_col_dup(st, 3, &req->arena);
		v->budget = db_col_null(st, 5) ? NULL
					       : arena_printf(&req->arena, "%lld",
							      (long long)(db_col_i64(st, 5) / 100));
		v->results = db_col_dup(st, 6, &req->arena);
		if (!db_col_null(st, 7) && !db_col_null(st, 8)) {
			v->lat = coord_text(req, db_col_double(st, 7));
			v->lon = coord_text(req, db_col_double(st, 8));
		}
		v->address = db_col_dup(st, 9, &req->arena);
		*lang = db_col_dup(st, 10, &req->arena);
		*org = db_col_dup(st, 13, &req->arena);
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

void projects_edit_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct project_form_view v;
	const char *org = NULL, *status = NULL, *lang = NULL;

	if (!require_manager(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	if (!app_found(req, resp, load_for_edit(req, ctx, req->params[0], &v, &org, &status, &lang),
		       N_("This pilot project does not exist.")))
		return;
	v.action = arena_printf(&req->arena, "/projects/%lld/edit", (long long)v.id);
	render_form(req, resp, ctx, &v, org, status, lang, NULL, 0, 200);
}

/* Whether project id exists: 1, 0, or -1 on a store error. */
static int project_exists(struct app_ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_exists);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_run(st, NULL);
	return rc == DB_OK ? 1 : rc == DB_DONE ? 0 : -1;
}

/*
 * What an edit changes, for the audit log: the fields of the project as
 * the form shows them (old: load_for_edit's view, org, status and lang)
 * that f sets differently, as "field: value" lines into *was and *is.
 */
static void edit_lines(struct http_request *req, const struct project_form_view *old,
		       const char *org, const char *status, const char *lang,
		       const struct project_fields *f, const char **was, const char **is)
{
	struct arena *a = &req->arena;
	struct buf w, i;
	bool changed = false;
	const char *new_org = f->org_id ? arena_printf(a, "%lld", (long long)f->org_id) : "";
	const char *new_budget =
		f->has_budget ? arena_printf(a, "%lld", (long long)(f->budget_cents / 100)) : "";

	buf_init(&w, a);
	buf_init(&i, a);
	buf_field_diff(&w, &i, "title", old->title, f->title, &changed);
	buf_field_diff(&w, &i, "summary", old->summary, f->summary, &changed);
	buf_field_diff(&w, &i, "organisation", org ? org : "", new_org ? new_org : "", &changed);
	buf_field_diff(&w, &i, "budget", old->budget ? old->budget : "",
		       new_budget ? new_budget : "", &changed);
	buf_field_diff(&w, &i, "status", status, project_status_table[f->status].id, &changed);
	buf_field_diff(&w, &i, "results", old->results, f->results, &changed);
	buf_field_diff(&w, &i, "lat", old->lat ? old->lat : "",
		       f->has_location ? coord_text(req, f->lat) : "", &changed);
	buf_field_diff(&w, &i, "lon", old->lon ? old->lon : "",
		       f->has_location ? coord_text(req, f->lon) : "", &changed);
	buf_field_diff(&w, &i, "address", old->address, f->address, &changed);
	buf_field_diff(&w, &i, "lang", lang, f->lang, &changed);
	*was = buf_cstr(&w);
	*is = buf_cstr(&i);
}

void projects_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct project_input in;
	struct project_fields f;
	struct field_problem problems[PROJECT_MAX_PROBLEMS];
	bool store_error;
	int64_t id = req->params[0];

	if (!require_manager(req, resp, ctx))
		return;
	if (!app_found(req, resp, project_exists(ctx, id),
		       N_("This pilot project does not exist.")))
		return;
	read_project_form(req, &in);
	size_t n = check_project(req, ctx, &in, &f, problems, &store_error);
	if (store_error) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		struct project_form_view v;
		memset(&v, 0, sizeof(v));
		keep_input(&v, &in);
		v.id = id;
		v.action = arena_printf(&req->arena, "/projects/%lld/edit", (long long)id);
		render_form(req, resp, ctx, &v, in.org, in.status, in.lang, problems, n, 422);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	/* The project as it was, read in the transaction: the audit row's before. */
	struct project_form_view old;
	const char *old_org = NULL, *old_status = NULL, *old_lang = NULL, *was = NULL, *is = NULL;
	memset(&old, 0, sizeof(old));
	int found = load_for_edit(req, ctx, id, &old, &old_org, &old_status, &old_lang);
	if (found == 0) {
		db_rollback(ctx->db);
		app_error(req, resp, 404, N_("This pilot project does not exist."));
		return;
	}
	if (found < 0)
		goto fail;
	edit_lines(req, &old, old_org, old_status, old_lang, &f, &was, &is);
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_update);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	bind_project(st, &f, 2);
	db_bind_text(st, 7, f.results);
	bind_location(st, &f, 8);
	db_bind_text(st, 11, f.lang);
	db_bind_i64(st, 12, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	if (app_audit_change(ctx, "project.edit",
			     arena_printf(&req->arena, "project:%lld", (long long)id),
			     project_status_table[f.status].id, was, is) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	http_redirect(resp, arena_printf(&req->arena, "/projects/%lld", (long long)id));
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/* ---- milestones and updates ---- */

int64_t project_due_time(int y, int m, int d)
{
	return civil_local_seconds(y, m, d, 0, 0);
}

static int touch_project(struct app_ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_touch);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->now);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

int project_milestone_insert(struct db *db, int64_t project, const char *title, bool has_due,
			     int64_t due_at, int64_t *id)
{
	int64_t count = 0;
	struct db_stmt *st = db_stmt(db, STMT_project_milestone_count);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, project);
	if (db_run(st, &count) < 0)
		return -1;
	if (count >= PROJECT_MILESTONES_MAX)
		return 0;
	st = db_stmt(db, STMT_milestone_insert);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, project);
	db_bind_text(st, 2, title);
	if (has_due)
		db_bind_i64(st, 3, due_at);
	else
		db_bind_null(st, 3);
	return db_run(st, id) < 0 ? -1 : 1;
}

void projects_add_milestone(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	struct project_page_form form;
	char *title = NULL;
	bool has_due = false;
	int y = 0, m = 0, d = 0;
	int64_t id = req->params[0];

	if (!require_manager(req, resp, ctx))
		return;
	if (!app_found(req, resp, project_exists(ctx, id),
		       N_("This pilot project does not exist.")))
		return;
	memset(&form, 0, sizeof(form));
	form.milestone_title = http_form(req, "title");
	form.milestone_due = http_form(req, "due");
	form.count = project_milestone_check(&req->arena, form.milestone_title, form.milestone_due,
					     &title, &has_due, &y, &m, &d, form.problems);
	if (form.count > 0) {
		render_project(req, resp, ctx, id, KEY_MAX, &form, NULL, 422);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	int added = project_milestone_insert(ctx->db, id, title, has_due,
					     has_due ? project_due_time(y, m, d) : 0, NULL);
	if (added < 0)
		goto fail;
	if (added == 0) {
		db_rollback(ctx->db);
		form.problems[0].field = "milestone-title";
		form.problems[0].message = N_("A project can have at most 100 milestones.");
		form.count = 1;
		render_project(req, resp, ctx, id, KEY_MAX, &form, NULL, 422);
		return;
	}
	if (touch_project(ctx, id) != 0)
		goto fail;
	/* As the back office's milestone.add records it: the new milestone's lines. */
	struct buf after;
	buf_init(&after, &req->arena);
	buf_field_line(&after, "title", title);
	buf_field_line(&after, "due",
		       has_due ? arena_printf(&req->arena, "%04d-%02d-%02d", y, m, d) : "none");
	if (after.oom ||
	    app_audit_change(ctx, "milestone.add",
			     arena_printf(&req->arena, "project:%lld", (long long)id), title, "",
			     buf_cstr(&after)) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	http_redirect(resp, arena_printf(&req->arena, "/projects/%lld#milestones-heading",
					 (long long)id));
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void projects_milestone_done(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx)
{
	int64_t project = 0;

	if (!require_manager(req, resp, ctx))
		return;
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_milestone_done);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, req->params[0]);
	db_bind_i64(st, 2, ctx->now);
	int rc = db_run(st, &project);
	if (rc == DB_DONE) {
		/* Reached already (nothing to record), or no such milestone. */
		st = db_stmt(ctx->db, STMT_milestone_project);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, req->params[0]);
		rc = db_run(st, &project);
		db_rollback(ctx->db);
		if (rc == DB_OK)
			http_redirect(resp,
				      arena_printf(&req->arena, "/projects/%lld#milestones-heading",
						   (long long)project));
		else
			app_error(req, resp, rc == DB_DONE ? 404 : 503,
				  rc == DB_DONE ? N_("This milestone does not exist.") : NULL);
		return;
	}
	if (rc < 0 || touch_project(ctx, project) != 0)
		goto fail;
	if (app_audit_change(ctx, "milestone.done",
			     arena_printf(&req->arena, "project:%lld", (long long)project),
			     arena_printf(&req->arena, "milestone:%lld", (long long)req->params[0]),
			     "done: no", "done: yes") != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	http_redirect(resp, arena_printf(&req->arena, "/projects/%lld#milestones-heading",
					 (long long)project));
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void projects_add_update(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct project_page_form form;
	char *body = NULL;
	bool has_progress = false;
	int64_t id = req->params[0], progress = 0;

	if (!require_manager(req, resp, ctx))
		return;
	if (!app_found(req, resp, project_exists(ctx, id),
		       N_("This pilot project does not exist.")))
		return;
	memset(&form, 0, sizeof(form));
	form.update_body = http_form(req, "body");
	form.update_progress = http_form(req, "progress");
	form.count = project_update_check(&req->arena, form.update_body, form.update_progress,
					  &body, &has_progress, &progress, form.problems);
	if (form.count > 0) {
		render_project(req, resp, ctx, id, KEY_MAX, &form, NULL, 422);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_update_insert);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_text(st, 3, body);
	if (has_progress)
		db_bind_i64(st, 4, progress);
	else
		db_bind_null(st, 4);
	db_bind_i64(st, 5, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	if (has_progress) {
		st = db_stmt(ctx->db, STMT_project_set_progress);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, progress);
		db_bind_i64(st, 3, ctx->now);
		if (db_run(st, NULL) < 0)
			goto fail;
	} else if (touch_project(ctx, id) != 0) {
		goto fail;
	}
	if (app_audit(ctx, "project.update",
		      arena_printf(&req->arena, "project:%lld", (long long)id),
		      has_progress ? arena_printf(&req->arena, "progress %lld", (long long)progress)
				   : "") != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail;
	http_redirect(resp,
		      arena_printf(&req->arena, "/projects/%lld#updates-heading", (long long)id));
	return;
fail:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

/* ---- pilot projects as a subject of the discussion (subjects.def) ---- */

/* Every pilot project is public (projects.c shows them all). */
int project_comment_check(struct app_ctx *ctx, int64_t id, const char **why)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_project_exists);

	*why = NULL;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	if (rc == DB_DONE)
		*why = N_("This pilot project does not exist.");
	return rc < 0 ? -1 : rc == DB_ROW ? 0 : 404;
}

void project_comment_render(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, int64_t id, const struct comment_problem *cp)
{
	project_render(req, resp, ctx, id, 422, cp);
}

/* A comment on a project: its followers and the people behind it. */
int project_comment_notify(struct db *db, const char *type, int64_t actor, int64_t id,
			   int64_t comment_id, int64_t except_user, int64_t now)
{
	(void)type;
	return notify_project_people(db, actor, id, comment_id, except_user, now);
}
