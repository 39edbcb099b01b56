/*
 * edit.c - posting and editing an opportunity: /opportunities/new and
 * /opportunities/{id}/edit (GET, POST), for the representatives of an
 * organisation (for their organisations) and the office
 * (PERM_MANAGE_CONTENT, for any).
 *
 * Bad input is a 422 with the problems at their fields and nothing
 * stored; an organisation the poster does not represent is a problem at
 * the organisation field (a visitor who represents none, and is not the
 * office, gets 403).  Posting and editing are audited (opportunity.create,
 * opportunity.edit, with before and after) in the transaction that makes
 * the change.
 */
#include <stdlib.h>
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "app/sector.h"
#include "base/buf.h"
#include "base/civil.h"
#include "features/opportunities/internal.h"
#include "features/organisations/organisations.h"

enum { OPP_FORM_ORGS = 500 /* organisations offered to the office */ };

/* The values the form shows: as stored, or as sent. */
struct opp_values {
	const char *kind, *organisation, *title, *description, *topics, *deadline, *place, *link,
		*lang;
	const char **sectors;
	size_t sectors_count;
	const char **competences;
	size_t competences_count;
	bool remote, reply_link;
};

static bool among(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static int values_stored(struct app_ctx *ctx, struct arena *a, const struct opp_row *r,
			 struct opp_values *fv)
{
	struct actor_tag *topics = NULL;
	size_t n = 0;
	struct buf free_topics;

	memset(fv, 0, sizeof(*fv));
	fv->kind = fv->organisation = fv->title = fv->description = fv->topics = fv->deadline =
		fv->place = fv->link = "";
	fv->lang = i18n_code(ctx->lang);
	if (r == NULL)
		return 0;
	if (actor_tags_read(ctx->db, a, STMT_opp_topics_of, r->id, &topics, &n) != 0)
		return -1;
	fv->competences = arena_calloc(a, n ? n : 1, sizeof(*fv->competences));
	fv->sectors = arena_calloc(a, SECTOR__COUNT, sizeof(*fv->sectors));
	if (fv->competences == NULL || fv->sectors == NULL)
		return -1;
	buf_init(&free_topics, a);
	buf_puts(&free_topics, "");
	for (size_t i = 0; i < n; i++) {
		if (topics[i].curated)
			fv->competences[fv->competences_count++] = topics[i].key;
		else
			buf_printf(&free_topics, "%s%s", free_topics.len ? ", " : "",
				   topics[i].label);
	}
	for (int s = 0; s < SECTOR__COUNT; s++)
		if (r->sectors & OPP_SECTOR_BIT(s))
			fv->sectors[fv->sectors_count++] = sector_table[s].id;
	fv->topics = buf_cstr(&free_topics);
	fv->kind = r->kind;
	fv->organisation = arena_printf(a, "%lld", (long long)r->organisation_id);
	fv->title = r->title;
	fv->description = r->description;
	fv->deadline = r->deadline;
	fv->place = r->place;
	fv->remote = r->remote;
	fv->link = r->link;
	fv->reply_link = r->link[0] != '\0';
	fv->lang = r->lang;
	return free_topics.oom ? -1 : 0;
}

static int values_sent(struct http_request *req, struct opp_values *fv)
{
	enum { MAX = 64 };
	const char *v;

	memset(fv, 0, sizeof(*fv));
	fv->sectors = arena_calloc(&req->arena, MAX, sizeof(*fv->sectors));
	fv->competences = arena_calloc(&req->arena, MAX, sizeof(*fv->competences));
	if (fv->sectors == NULL || fv->competences == NULL)
		return -1;
	fv->sectors_count = app_form_all(req, "sector", fv->sectors, MAX);
	fv->competences_count = app_form_all(req, "competence", fv->competences, MAX);
	fv->kind = http_form(req, "kind");
	fv->organisation = http_form(req, "organisation");
	fv->title = http_form(req, "title");
	fv->description = http_form(req, "description");
	fv->topics = http_form(req, "topics");
	fv->deadline = http_form(req, "deadline");
	fv->place = http_form(req, "place");
	fv->link = http_form(req, "link");
	fv->lang = http_form(req, "lang");
	v = http_form(req, "remote");
	fv->remote = v != NULL && strcmp(v, "1") == 0;
	v = http_form(req, "reply");
	fv->reply_link = v != NULL && strcmp(v, "link") == 0;
	return 0;
}

/* The organisations the visitor may post for, as options (value selected). */
static int org_options(struct http_request *req, struct app_ctx *ctx, const char *selected,
		       struct field_option **out, size_t *count)
{
	struct arena *a = &req->arena;
	bool office = role_can(ctx->user->role, PERM_MANAGE_CONTENT);
	struct db_stmt *st = db_stmt(ctx->db, office ? STMT_opp_orgs_all : STMT_opp_orgs_of_user);
	int rc;

	*count = 0;
	*out = arena_calloc(a, OPP_FORM_ORGS + 1, sizeof(**out));
	if (st == NULL || *out == NULL)
		return -1;
	(*out)[(*count)++] = (struct field_option){"", tr(ctx->lang, N_("Choose an organisation")),
						   selected == NULL || !selected[0]};
	if (office) {
		db_bind_i64(st, 1, OPP_FORM_ORGS);
	} else {
		db_bind_i64(st, 1, ctx->user->id);
		db_bind_i64(st, 2, OPP_FORM_ORGS);
	}
	while ((rc = db_step(st)) == DB_ROW && *count < OPP_FORM_ORGS + 1) {
		const char *id = arena_printf(a, "%lld", (long long)db_col_i64(st, 0));
		(*out)[(*count)++] = (struct field_option){id, db_col_dup(st, 1, a),
							   selected != NULL && id != NULL &&
								   strcmp(id, selected) == 0};
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void form_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t id, const struct opp_values *fv, const struct field_problem *p,
			size_t n, int status)
{
	struct opp_form_view v;
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);
	const char *notice = http_query(req, "notice");
	enum lang ui = ctx->lang;
	struct civil_time today;

	memset(&v, 0, sizeof(v));
	v.id = id;
	v.heading = tr(ui, id ? N_("Edit the opportunity") : N_("Post an opportunity"));
	v.action = id ? arena_printf(a, "/opportunities/%lld/edit", (long long)id)
		      : "/opportunities/new";
	v.back_href = id ? arena_printf(a, "/opportunities/%lld", (long long)id) : "/opportunities";
	v.csrf = app_csrf(req, resp);
	if (org_options(req, ctx, fv->organisation, &v.organisations, &v.organisations_count) !=
	    0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.kinds = arena_calloc(a, OPP_KIND__COUNT + 1, sizeof(*v.kinds));
	v.sectors = arena_calloc(a, SECTOR__COUNT, sizeof(*v.sectors));
	v.competences = arena_calloc(a, actor_competences_count, sizeof(*v.competences));
	if (v.kinds == NULL || v.sectors == NULL || v.competences == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	v.kinds[v.kinds_count++] = (struct field_option){"", tr(ui, N_("Choose the kind")),
							 fv->kind == NULL || !fv->kind[0]};
	for (int k = 0; k < OPP_KIND__COUNT; k++)
		v.kinds[v.kinds_count++] = (struct field_option){
			opp_kinds[k].id, tr(ui, opp_kinds[k].label),
			fv->kind != NULL && strcmp(fv->kind, opp_kinds[k].id) == 0};
	for (int s = 0; s < SECTOR__COUNT; s++)
		v.sectors[v.sectors_count++] = (struct check_option){
			arena_printf(a, "sector-%s", sector_table[s].id), sector_table[s].id,
			tr(ui, sector_table[s].label),
			among(fv->sectors, fv->sectors_count, sector_table[s].id)};
	for (size_t i = 0; i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		v.competences[v.competences_count++] =
			(struct check_option){arena_printf(a, "competence-%s", c->id), c->id,
					      actor_competence_label(c, lang),
					      among(fv->competences, fv->competences_count, c->id)};
	}
	v.langs = app_lang_options(a, fv->lang);
	v.langs_count = v.langs != NULL ? LANG__MAX : 0;
	v.title = fv->title;
	v.description = fv->description;
	v.topics = fv->topics;
	v.deadline = fv->deadline;
	if (civil_local(ctx->now, &today))
		v.min_date = arena_printf(a, "%04lld-%02d-%02d", (long long)today.year, today.month,
					  today.day);
	v.place = fv->place;
	v.remote = fv->remote;
	v.reply_link = fv->reply_link;
	v.link = fv->link;
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ui, p, n);
		v.problem_list.errors_count = n;
		v.title_error = app_problem_for(ui, p, n, "title");
		v.description_error = app_problem_for(ui, p, n, "description");
		v.kind_error = app_problem_for(ui, p, n, "kind");
		v.organisation_error = app_problem_for(ui, p, n, "organisation");
		v.sectors_error = app_problem_for(ui, p, n, "sectors");
		v.competences_error = app_problem_for(ui, p, n, "competences");
		v.topics_error = app_problem_for(ui, p, n, "topics");
		v.deadline_error = app_problem_for(ui, p, n, "deadline");
		v.place_error = app_problem_for(ui, p, n, "place");
		v.reply_error = app_problem_for(ui, p, n, "reply");
		v.link_error = app_problem_for(ui, p, n, "link");
		v.lang_error = app_problem_for(ui, p, n, "lang");
	} else if (notice != NULL && strcmp(notice, "unchanged") == 0) {
		v.notice = tr(ui, N_("Nothing was changed."));
	}
	app_layout(req, resp, &v.layout,
		   id ? N_("Edit the opportunity") : N_("Post an opportunity"), "/opportunities");
	struct tpl_out out = app_html(req, resp, status);
	tpl_opp_form(&out, &v);
}

static const char *const NOT_ALLOWED =
	N_("Only the representatives of an organisation and the Innovation Office can post "
	   "and edit its opportunities.");

/* Logged in (else the login) and allowed to post at all (else 403). */
static bool may_post_any(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int may = opp_may_post(ctx, 0);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(req, resp, ctx, may == 1, NOT_ALLOWED);
}

/* The preamble of /opportunities/{id}/edit: logged in, there, allowed. */
static bool may_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		     struct opp_row *r)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int found = opp_row_load(ctx->db, &req->arena, STMT_opp_get, req->params[0], r);
	if (!app_found(req, resp, found, N_("There is no such opportunity.")))
		return false;
	int may = opp_may_post(ctx, r->organisation_id);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(req, resp, ctx, may == 1, NOT_ALLOWED);
}

/* Check the form; and that the poster may post for the organisation chosen. */
static size_t check(struct http_request *req, struct app_ctx *ctx, const struct opp_values *fv,
		    struct opp_fields *f, struct field_problem *problems, bool *failed)
{
	struct opp_input in = {
		.kind = fv->kind,
		.organisation = fv->organisation,
		.sectors = fv->sectors,
		.sectors_count = fv->sectors_count,
		.competences = fv->competences,
		.competences_count = fv->competences_count,
		.topics = fv->topics,
		.title = fv->title,
		.description = fv->description,
		.deadline = fv->deadline,
		.place = fv->place,
		.remote = fv->remote ? "1" : NULL,
		.reply = fv->reply_link ? "link" : http_form(req, "reply"),
		.link = fv->link,
		.lang = fv->lang,
	};
	size_t n = opp_check(&req->arena, &in, opp_today(ctx->now), f, problems);

	*failed = false;
	if (f->organisation_id != 0 &&
	    app_problem_for(ctx->lang, problems, n, "organisation") == NULL) {
		struct org_row org;
		int found = org_load(ctx->db, &req->arena, f->organisation_id, false, &org);
		int may = found == 1 ? opp_may_post(ctx, f->organisation_id) : 0;
		if (found < 0 || may < 0)
			*failed = true;
		else if (found == 0)
			problems[n++] = (struct field_problem){
				"organisation",
				N_("Choose the organisation the opportunity is from.")};
		else if (may == 0)
			problems[n++] = (struct field_problem){
				"organisation",
				N_("You can post only for an organisation you represent.")};
	}
	return n;
}

/* An opportunity's fields as audit lines ("field: value", one per line). */
static const char *audit_lines(struct arena *a, const struct opp_fields *f)
{
	struct buf b;

	buf_init(&b, a);
	buf_printf(&b,
		   "kind: %s\norganisation: %lld\nsectors: %u\ntitle: %s\ndeadline: %s\nplace: %s\n"
		   "remote: %s\nlink: %s\nlang: %s\ntopics: ",
		   f->kind, (long long)f->organisation_id, f->sectors, f->title, f->deadline,
		   f->place, f->remote ? "yes" : "no", f->link, f->lang);
	for (size_t i = 0; i < f->topics_count; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
			   f->topics[i].curated ? f->topics[i].key : f->topics[i].label);
	buf_printf(&b, "\ndescription: %s", f->description);
	return b.oom ? NULL : buf_cstr(&b);
}

/* The stored row as checked fields (for the audit's before). */
static int row_fields(struct app_ctx *ctx, struct arena *a, const struct opp_row *r,
		      struct opp_fields *f)
{
	memset(f, 0, sizeof(*f));
	if (actor_tags_read(ctx->db, a, STMT_opp_topics_of, r->id, &f->topics, &f->topics_count) !=
	    0)
		return -1;
	f->kind = r->kind;
	f->organisation_id = r->organisation_id;
	f->sectors = r->sectors;
	f->title = r->title;
	f->description = r->description;
	f->deadline = r->deadline;
	f->place = r->place;
	f->remote = r->remote;
	f->link = r->link;
	f->lang = r->lang;
	return 0;
}

/* Store f as opportunity id (0: new) with its audit line, in one transaction; redirect. */
static void store(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		  int64_t id, const struct opp_fields *f)
{
	struct arena *a = &req->arena;
	const char *was = "";
	const char *is = audit_lines(a, f);
	bool office = role_can(ctx->user->role, PERM_MANAGE_CONTENT) &&
		      org_represents(ctx->db, f->organisation_id, ctx->user->id) != 1;

	if (is == NULL || db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (id != 0) {
		struct opp_row now;
		struct opp_fields before;
		int found = opp_row_load(ctx->db, a, STMT_opp_lock, id, &now);
		if (found <= 0) {
			db_rollback(ctx->db);
			(void)app_found(req, resp, found, N_("There is no such opportunity."));
			return;
		}
		if (row_fields(ctx, a, &now, &before) != 0 ||
		    (was = audit_lines(a, &before)) == NULL)
			goto fail_tx;
		if (strcmp(was, is) == 0) {
			db_rollback(ctx->db);
			http_redirect(resp,
				      arena_printf(a, "/opportunities/%lld/edit?notice=unchanged",
						   (long long)id));
			return;
		}
	}
	int64_t made = opp_store(ctx->db, a, id, f, ctx->user->id, ctx->now);
	const char *subject = arena_printf(a, "opportunity:%lld", (long long)made);
	if (made <= 0 || subject == NULL ||
	    app_audit_change(ctx, id ? "opportunity.edit" : "opportunity.create", subject,
			     office ? "by the office" : "by a representative", was, is) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(a, "/opportunities/%lld?notice=saved", (long long)made));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void opp_new(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct opp_values fv;

	if (!may_post_any(req, resp, ctx))
		return;
	(void)values_stored(ctx, &req->arena, NULL, &fv);
	fv.reply_link = false;
	form_render(req, resp, ctx, 0, &fv, NULL, 0, 200);
}

/* The form sent: checked, then stored or shown again with its problems. */
static void save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		 int64_t id)
{
	struct opp_values fv;
	struct opp_fields f;
	struct field_problem problems[OPP_PROBLEMS_MAX + 2];
	bool failed;

	if (values_sent(req, &fv) != 0) {
		app_error(req, resp, 500, NULL);
		return;
	}
	size_t n = check(req, ctx, &fv, &f, problems, &failed);
	if (failed) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		form_render(req, resp, ctx, id, &fv, problems, n, 422);
		return;
	}
	store(req, resp, ctx, id, &f);
}

void opp_create(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (may_post_any(req, resp, ctx))
		save(req, resp, ctx, 0);
}

void opp_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct opp_row r;
	struct opp_values fv;

	if (!may_edit(req, resp, ctx, &r))
		return;
	if (values_stored(ctx, &req->arena, &r, &fv) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	form_render(req, resp, ctx, r.id, &fv, NULL, 0, 200);
}

void opp_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct opp_row r;

	if (may_edit(req, resp, ctx, &r))
		save(req, resp, ctx, r.id);
}
