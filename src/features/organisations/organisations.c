/*
 * organisations.c - an organisation's public page (/organisations/{id}:
 * its profile with the office's verification, what it sponsors, runs and
 * organises) and the profile form of its representatives
 * (/organisations/{id}/edit: summary, website, language; the name, the
 * sector and the verification are the office's, features/office/
 * organisations.c).
 *
 * Queries per page: the organisation, and one bounded list each of its
 * challenges, projects and events; one more for a logged-in visitor
 * (whether they represent it).
 */
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "app/sector.h"
#include "base/buf.h"
#include "features/organisations/organisations.h"
#include "view/markdown.h"

enum { ORG_LIST_MAX = 10 };

int org_load(struct db *db, struct arena *a, int64_t id, bool lock, struct org_row *r)
{
	struct db_stmt *st = db_stmt(db, lock ? STMT_org_lock : STMT_org_get);

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_i64(st, 0);
		r->name = db_col_dup(st, 1, a);
		r->sector = db_col_dup(st, 2, a);
		r->summary = db_col_dup(st, 3, a);
		r->website = db_col_dup(st, 4, a);
		r->lang = db_col_dup(st, 5, a);
		r->created = db_col_i64(st, 6);
		r->verified_at = db_col_i64(st, 7);
		r->verified_by = lock ? "" : db_col_dup(st, 8, a);
		r->actor_id = lock ? 0 : db_col_i64(st, 9);
		if (r->name == NULL || r->sector == NULL || r->summary == NULL ||
		    r->website == NULL || r->lang == NULL || r->verified_by == NULL)
			rc = -1;
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

struct org_profile_fields org_profile_fields(struct arena *a, enum lang ui, const char *summary,
					     const char *website, const char *lang,
					     const struct field_problem *problems, size_t n)
{
	struct org_profile_fields f = {.summary = summary, .website = website};

	f.langs = app_lang_options(a, lang);
	f.langs_count = f.langs != NULL ? LANG__MAX : 0;
	if (n > 0) {
		f.summary_error = app_problem_for(ui, problems, n, "summary");
		f.website_error = app_problem_for(ui, problems, n, "website");
		f.lang_error = app_problem_for(ui, problems, n, "lang");
	}
	return f;
}

bool org_profile_diff(struct arena *a, const struct org_row *before,
		      const struct org_profile *after, bool office, const char **was,
		      const char **is)
{
	struct buf w, i;
	bool changed = false;

	buf_init(&w, a);
	buf_init(&i, a);
	if (office) {
		buf_field_diff(&w, &i, "name", before->name, after->name, &changed);
		buf_field_diff(&w, &i, "sector", before->sector, after->sector, &changed);
	}
	buf_field_diff(&w, &i, "summary", before->summary, after->summary, &changed);
	buf_field_diff(&w, &i, "website", before->website, after->website, &changed);
	buf_field_diff(&w, &i, "lang", before->lang, after->lang, &changed);
	*was = buf_cstr(&w);
	*is = buf_cstr(&i);
	return changed;
}

int org_represents(struct db *db, int64_t id, int64_t user)
{
	if (user == 0)
		return 0;
	struct db_stmt *st = db_stmt(db, STMT_org_is_representative);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, user);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

/* Whether the visitor represents organisation id: 1 yes, 0 no, -1 store error. */
static int represents(struct app_ctx *ctx, int64_t id)
{
	return org_represents(ctx->db, id, app_user_id(ctx));
}

/* One of the page's lists (id, title, time, lang) into *out; -1 on a store error. */
static int load_links(struct db *db, struct arena *a, enum stmt_id stmt, const char *path,
		      int64_t id, struct org_link **out, size_t *count)
{
	struct db_stmt *st = db_stmt(db, stmt);
	int rc;

	*count = 0;
	*out = arena_calloc(a, ORG_LIST_MAX, sizeof(**out));
	if (st == NULL || *out == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ORG_LIST_MAX);
	while ((rc = db_step(st)) == DB_ROW && *count < ORG_LIST_MAX) {
		struct org_link *l = &(*out)[(*count)++];
		l->href = arena_printf(a, "%s/%lld", path, (long long)db_col_i64(st, 0));
		l->title = db_col_dup(st, 1, a);
		l->at = db_col_i64(st, 2);
		l->lang = db_col_dup(st, 3, a);
	}
	db_reset(st);
	if (*count == 0)
		*out = NULL;
	return rc < 0 ? -1 : 0;
}

int org_links_load(struct db *db, struct arena *a, int64_t id, struct org_links *out)
{
	memset(out, 0, sizeof(*out));
	if (load_links(db, a, STMT_org_challenges, "/challenges", id, &out->challenges,
		       &out->challenges_count) != 0 ||
	    load_links(db, a, STMT_org_projects, "/projects", id, &out->projects,
		       &out->projects_count) != 0 ||
	    load_links(db, a, STMT_org_events, "/events", id, &out->events, &out->events_count) !=
		    0)
		return -1;
	return 0;
}

void organisation_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct organisation_view v;
	struct org_row o;
	int64_t id = req->params[0];

	memset(&v, 0, sizeof(v));
	if (!app_found(req, resp, org_load(ctx->db, &req->arena, id, false, &o),
		       N_("There is no such organisation.")))
		return;
	v.id = o.id;
	v.name = o.name;
	v.sector = tr(ctx->lang, sector_label(o.sector));
	v.lang = o.lang;
	v.summary = markdown_render(&req->arena, o.summary, 2);
	v.website = o.website != NULL && o.website[0] ? o.website : NULL;
	v.verified = o.verified_at != 0;
	v.verified_at = o.verified_at;
	int rep = represents(ctx, id);
	if (rep < 0 || org_links_load(ctx->db, &req->arena, id, &v.links) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.can_edit = rep == 1;
	v.edit_href = arena_printf(&req->arena, "/organisations/%lld/edit", (long long)id);
	if (o.actor_id > 0)
		v.actor_href = arena_printf(&req->arena, "/actors/%lld", (long long)o.actor_id);
	app_layout(req, resp, &v.layout, N_("Organisation"), "/organisations");
	v.layout.title = o.name;
	struct tpl_out out = app_html(req, resp, 200);
	tpl_organisation_page(&out, &v);
}

/*
 * The representative's preamble: logged in (else the login) and a
 * representative of organisation id (else 403), *o loaded (else 404).
 */
static bool may_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		     int64_t id, struct org_row *o)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	if (!app_found(req, resp, org_load(ctx->db, &req->arena, id, false, o),
		       N_("There is no such organisation.")))
		return false;
	int rep = represents(ctx, id);
	if (rep < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(req, resp, ctx, rep == 1,
			   N_("Only the organisation's representatives can edit its profile."));
}

/* The form, with the values shown and the problems at their fields. */
static void edit_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			const struct org_row *o, const char *summary, const char *website,
			const char *lang, const struct field_problem *problems, size_t n,
			int status)
{
	struct organisation_edit_view v;

	memset(&v, 0, sizeof(v));
	v.id = o->id;
	v.name = o->name;
	v.verified = o->verified_at != 0;
	v.csrf = app_csrf(req, resp);
	v.fields = org_profile_fields(&req->arena, ctx->lang, summary, website, lang, problems, n);
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
	} else if (http_query(req, "notice") != NULL &&
		   strcmp(http_query(req, "notice"), "saved") == 0) {
		v.notice = tr(ctx->lang, N_("The profile is saved."));
	} else if (http_query(req, "notice") != NULL &&
		   strcmp(http_query(req, "notice"), "unchanged") == 0) {
		v.notice = tr(ctx->lang, N_("Nothing was changed."));
	}
	app_layout(req, resp, &v.layout, N_("Edit the profile"), "/organisations");
	struct tpl_out out = app_html(req, resp, status);
	tpl_organisation_edit(&out, &v);
}

void organisation_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct org_row o;

	if (!may_edit(req, resp, ctx, req->params[0], &o))
		return;
	edit_render(req, resp, ctx, &o, o.summary, o.website, o.lang, NULL, 0, 200);
}

void organisation_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct org_row o, now;
	struct org_profile p;
	struct field_problem problems[5];
	int64_t id = req->params[0];
	const char *was, *is;

	if (!may_edit(req, resp, ctx, id, &o))
		return;
	size_t n =
		org_profile_check(&req->arena, false, NULL, NULL, http_form(req, "summary"),
				  http_form(req, "website"), http_form(req, "lang"), &p, problems);
	if (n > 0) {
		edit_render(req, resp, ctx, &o, http_form(req, "summary"),
			    http_form(req, "website"), http_form(req, "lang"), problems, n, 422);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int found = org_load(ctx->db, &req->arena, id, true, &now);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such organisation."));
		return;
	}
	if (!org_profile_diff(&req->arena, &now, &p, false, &was, &is)) {
		db_rollback(ctx->db);
		http_redirect(resp,
			      arena_printf(&req->arena, "/organisations/%lld/edit?notice=unchanged",
					   (long long)id));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_profile_update);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, p.summary);
	db_bind_text(st, 3, p.website);
	db_bind_text(st, 4, p.lang);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail_tx;
	const char *subject = arena_printf(&req->arena, "organisation:%lld", (long long)id);
	if (subject == NULL ||
	    app_audit_change(ctx, "organisation.profile", subject, "by a representative", was,
			     is) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/organisations/%lld/edit?notice=saved",
					 (long long)id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
