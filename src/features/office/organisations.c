/*
 * organisations.c - the back office's organisations: the list (search
 * by name, filter by sector and verification, keyset pages) and an
 * organisation's page: its profile (name, sector, summary, website,
 * language), its verification (the badge on its name everywhere) and its
 * representatives (accounts that edit its profile at
 * /organisations/{id}/edit).  Administrators (PERM_MANAGE_CONTENT).
 * The tables and their statements are features/organisations'.
 *
 * Every change is one transaction with its audit row (before and after):
 * organisation.edit, .verify, .unverify, .representative_add,
 * .representative_remove.  Bad input is a 422 at its field, nothing
 * changed.
 */
#include <string.h>

#include "base/text.h"
#include "features/office/office.h"
#include "features/office/rules.h"
#include "features/organisations/organisations.h"

enum { ORG_REPS_MAX = 100 };

static bool may_manage(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can manage organisations."));
}

/* The sectors as options, with selected selected; empty: the label of a first option "" (or NULL). */
static struct field_option *sector_options(struct arena *a, enum lang lang, const char *selected,
					   const char *empty, size_t *count)
{
	struct field_option *o = arena_calloc(a, SECTOR__COUNT + 1, sizeof(*o));

	*count = 0;
	if (o == NULL)
		return NULL;
	if (empty != NULL)
		o[(*count)++] = (struct field_option){"", tr(lang, empty),
						      selected == NULL || selected[0] == '\0'};
	for (int i = 0; i < SECTOR__COUNT; i++)
		o[(*count)++] = (struct field_option){
			sector_table[i].id, tr(lang, sector_table[i].label),
			selected != NULL && strcmp(selected, sector_table[i].id) == 0};
	return o;
}

void admin_organisations(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct admin_orgs_view v;
	struct office_account_filter f;
	struct field_problem problems[2];
	enum sector sec;
	int64_t after;
	int rc;

	if (!may_manage(req, resp, ctx))
		return;
	if (!office_after(req, resp, &after))
		return;
	memset(&v, 0, sizeof(v));
	size_t n =
		office_account_filter_check(&req->arena, http_query(req, "q"), NULL, &f, problems);
	const char *sector = http_query(req, "sector");
	if (!sector_parse(sector, &sec))
		sector = "";
	else
		sector = sector_table[sec].id;
	const char *verified = http_query(req, "verified");
	int64_t vf = verified == NULL		    ? 0
		     : strcmp(verified, "yes") == 0 ? 1
		     : strcmp(verified, "no") == 0  ? 2
						    : 0;
	v.q = http_query(req, "q");
	v.sectors =
		sector_options(&req->arena, ctx->lang, sector, N_("Any sector"), &v.sectors_count);
	v.verified = arena_calloc(&req->arena, 3, sizeof(*v.verified));
	if (v.verified != NULL) {
		v.verified[0] =
			(struct field_option){"", tr(ctx->lang, N_("Verified or not")), vf == 0};
		v.verified[1] =
			(struct field_option){"yes", tr(ctx->lang, N_("Verified")), vf == 1};
		v.verified[2] =
			(struct field_option){"no", tr(ctx->lang, N_("Not verified")), vf == 2};
		v.verified_count = 3;
	}
	v.nav = office_nav(req, ctx, "/admin/organisations");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.q_error = app_problem_for(ctx->lang, problems, n, "q");
		app_layout(req, resp, &v.layout, N_("Organisations"), "/admin");
		struct tpl_out out = app_html(req, resp, 422);
		tpl_admin_orgs(&out, &v);
		return;
	}
	const char *pattern = f.query[0] ? office_like_pattern(&req->arena, f.query) : "";
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_office_list);
	v.orgs = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v.orgs));
	if (st == NULL || v.orgs == NULL || pattern == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, sector);
	db_bind_i64(st, 2, vf);
	db_bind_text(st, 3, pattern);
	db_bind_i64(st, 4, after);
	db_bind_i64(st, 5, OFFICE_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.orgs_count == OFFICE_PAGE) {
			more = true;
			break;
		}
		struct admin_org_row *o = &v.orgs[v.orgs_count++];
		o->id = db_col_i64(st, 0);
		o->name = db_col_dup(st, 1, &req->arena);
		o->sector = tr(ctx->lang, sector_label(db_col_text(st, 2)));
		o->verified = db_col_i64(st, 3) != 0;
		o->representatives = db_col_i64(st, 4);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.orgs_count == 0)
		v.orgs = NULL;
	v.filtered = f.query[0] != '\0' || sector[0] != '\0' || vf != 0;
	const char *filter = arena_printf(&req->arena, "q=%s&sector=%s&verified=%s",
					  text_url_encode(&req->arena, f.query), sector,
					  vf == 1   ? "yes"
					  : vf == 2 ? "no"
						    : "");
	if (more)
		v.pager.next_href = arena_printf(&req->arena, "/admin/organisations?%s&after=%lld",
						 filter, (long long)v.orgs[v.orgs_count - 1].id);
	if (after != INT64_MAX)
		v.pager.first_href = arena_printf(&req->arena, "/admin/organisations?%s", filter);
	app_layout(req, resp, &v.layout, N_("Organisations"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_orgs(&out, &v);
}

/* The profile form's fields with values name, sector, summary, website, lang and the problems. */
static struct admin_org_fields profile_fields(struct http_request *req, struct app_ctx *ctx,
					      const char *name, const char *sector,
					      const char *summary, const char *website,
					      const char *lang,
					      const struct field_problem *problems, size_t n)
{
	struct admin_org_fields f = {.name = name};

	f.sectors =
		sector_options(&req->arena, ctx->lang, sector,
			       sector == NULL || sector[0] == '\0' ? N_("Choose a sector") : NULL,
			       &f.sectors_count);
	f.fields = org_profile_fields(&req->arena, ctx->lang, summary, website, lang, problems, n);
	f.name_error = app_problem_for(ctx->lang, problems, n, "name");
	f.sector_error = app_problem_for(ctx->lang, problems, n, "sector");
	return f;
}

/* The fields as posted, with the problems found in them. */
static struct admin_org_fields posted_fields(struct http_request *req, struct app_ctx *ctx,
					     const struct field_problem *problems, size_t n)
{
	return profile_fields(req, ctx, http_form(req, "name"), http_form(req, "sector"),
			      http_form(req, "summary"), http_form(req, "website"),
			      http_form(req, "lang"), problems, n);
}

/* The fields as organisation o has them. */
static struct admin_org_fields fields_of(struct http_request *req, struct app_ctx *ctx,
					 const struct org_row *o)
{
	return profile_fields(req, ctx, o->name, o->sector, o->summary, o->website, o->lang, NULL,
			      0);
}

/*
 * The organisation's page, with status (200, or 422 with the problems at
 * their fields: the profile form's, "email" or "verify").  form: show
 * the profile form's posted values rather than the stored ones.
 */
static void org_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		       int64_t id, int status, const struct field_problem *problems, size_t n,
		       bool form)
{
	struct admin_org_view v;
	struct org_row o;
	int rc;

	memset(&v, 0, sizeof(v));
	if (!app_found(req, resp, org_load(ctx->db, &req->arena, id, false, &o),
		       N_("There is no such organisation.")))
		return;
	v.nav = office_nav(req, ctx, "/admin/organisations");
	v.csrf = app_csrf(req, resp);
	v.id = o.id;
	v.current_name = o.name;
	v.verified = o.verified_at != 0;
	v.verified_at = o.verified_at;
	v.verified_by = o.verified_by != NULL && o.verified_by[0] ? o.verified_by : NULL;
	v.form = form ? posted_fields(req, ctx, problems, n) : fields_of(req, ctx, &o);
	v.email = http_form(req, "email");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.email_error = app_problem_for(ctx->lang, problems, n, "email");
		v.verify_error = app_problem_for(ctx->lang, problems, n, "verify");
	} else {
		static const struct {
			const char *key, *msgid;
		} notices[] = {
			{"created", N_("The organisation is created. Add its representatives "
				       "below.")},
			{"saved", N_("The profile is saved.")},
			{"unchanged", N_("Nothing was changed.")},
			{"verified", N_("The organisation is verified: its name carries the badge "
					"everywhere.")},
			{"unverified", N_("The verification is withdrawn.")},
			{"added", N_("The representative is added.")},
			{"removed", N_("The representative is removed.")},
		};
		const char *notice = http_query(req, "notice");
		for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
			if (strcmp(notice, notices[i].key) == 0)
				v.notice = tr(ctx->lang, notices[i].msgid);
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_representatives);
	v.reps = arena_calloc(&req->arena, ORG_REPS_MAX, sizeof(*v.reps));
	if (st == NULL || v.reps == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ORG_REPS_MAX);
	while ((rc = db_step(st)) == DB_ROW && v.reps_count < ORG_REPS_MAX) {
		struct admin_org_rep *r = &v.reps[v.reps_count++];
		r->id = db_col_i64(st, 0);
		r->name = db_col_dup(st, 1, &req->arena);
		r->email = db_col_dup(st, 2, &req->arena);
		r->added_at = db_col_i64(st, 3);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.reps_count == 0)
		v.reps = NULL;
	v.history_href = arena_printf(&req->arena, "/admin/audit?subject=organisation%%3A%lld",
				      (long long)id);
	app_layout(req, resp, &v.layout, N_("Organisation"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_org(&out, &v);
}

static void one_problem(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t id, const char *field, const char *msgid)
{
	struct field_problem p = {field, msgid};
	org_render(req, resp, ctx, id, 422, &p, 1, false);
}

void admin_organisation(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (!may_manage(req, resp, ctx))
		return;
	org_render(req, resp, ctx, req->params[0], 200, NULL, 0, false);
}

/* Begin the write and lock the row; false with the answer sent when it failed or is gone. */
static bool begin_locked(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int64_t id, struct org_row *o)
{
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	int found = org_load(ctx->db, &req->arena, id, true, o);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such organisation."));
		return false;
	}
	return true;
}

/* Audit, commit and redirect to the page with notice; 503 (rolled back) on failure. */
static void finish(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   int64_t id, const char *action, const char *detail, const char *before,
		   const char *after, const char *notice, const char *anchor)
{
	const char *subject = arena_printf(&req->arena, "organisation:%lld", (long long)id);
	if (subject == NULL || app_audit_change(ctx, action, subject, detail, before, after) != 0 ||
	    db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, arena_printf(&req->arena, "/admin/organisations/%lld?notice=%s#%s",
					 (long long)id, notice, anchor));
}

/* The posted profile checked by the office's rules into *p: the number of problems. */
static size_t posted_profile(struct http_request *req, struct org_profile *p,
			     struct field_problem problems[5])
{
	return org_profile_check(&req->arena, true, http_form(req, "name"),
				 http_form(req, "sector"), http_form(req, "summary"),
				 http_form(req, "website"), http_form(req, "lang"), p, problems);
}

/* The form for a new organisation: empty (status 200) or as posted with its problems (422). */
static void org_new_render(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, const struct field_problem *problems, size_t n)
{
	struct admin_org_new_view v;

	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/organisations");
	v.csrf = app_csrf(req, resp);
	if (n > 0) {
		v.form = posted_fields(req, ctx, problems, n);
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
	} else {
		v.form = profile_fields(req, ctx, "", "", "", "", i18n_code(ctx->lang), NULL, 0);
	}
	app_layout(req, resp, &v.layout, N_("New organisation"), "/admin");
	struct tpl_out out = app_html(req, resp, n > 0 ? 422 : 200);
	tpl_admin_org_new(&out, &v);
}

void admin_organisation_new_form(struct http_request *req, struct http_response *resp,
				 struct app_ctx *ctx)
{
	if (!may_manage(req, resp, ctx))
		return;
	org_new_render(req, resp, ctx, NULL, 0);
}

/*
 * Create the organisation from the form: the same rules as the profile
 * form; one transaction with its audit row (organisation.create, after:
 * the fields as "field: value" lines); then its page, where the office
 * adds representatives and verifies it.
 */
void admin_organisation_create(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx)
{
	struct org_profile p;
	struct field_problem problems[5];
	const struct org_row none = {
		.name = "", .sector = "", .summary = "", .website = "", .lang = ""};
	const char *was, *is;
	int64_t id = 0;

	if (!may_manage(req, resp, ctx))
		return;
	size_t n = posted_profile(req, &p, problems);
	if (n > 0) {
		org_new_render(req, resp, ctx, problems, n);
		return;
	}
	(void)org_profile_diff(&req->arena, &none, &p, true, &was, &is);
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_office_create);
	if (st == NULL)
		goto fail_tx;
	db_bind_text(st, 1, p.name);
	db_bind_text(st, 2, p.sector);
	db_bind_text(st, 3, p.summary);
	db_bind_text(st, 4, p.website);
	db_bind_text(st, 5, p.lang);
	db_bind_i64(st, 6, ctx->now);
	if (db_run(st, &id) < 0 || id <= 0)
		goto fail_tx;
	finish(req, resp, ctx, id, "organisation.create", "", "", is, "created", "profile-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void admin_organisation_save(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx)
{
	int64_t id = req->params[0];
	struct org_profile p;
	struct field_problem problems[5];
	struct org_row o;
	const char *was, *is;

	if (!may_manage(req, resp, ctx))
		return;
	size_t n = posted_profile(req, &p, problems);
	if (n > 0) {
		org_render(req, resp, ctx, id, 422, problems, n, true);
		return;
	}
	if (!begin_locked(req, resp, ctx, id, &o))
		return;
	if (!org_profile_diff(&req->arena, &o, &p, true, &was, &is)) {
		db_rollback(ctx->db);
		http_redirect(
			resp,
			arena_printf(&req->arena,
				     "/admin/organisations/%lld?notice=unchanged#profile-heading",
				     (long long)id));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_office_update);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, p.name);
	db_bind_text(st, 3, p.sector);
	db_bind_text(st, 4, p.summary);
	db_bind_text(st, 5, p.website);
	db_bind_text(st, 6, p.lang);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail_tx;
	finish(req, resp, ctx, id, "organisation.edit", "", was, is, "saved", "profile-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

static void verify_change(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  bool verify)
{
	int64_t id = req->params[0];
	struct org_row o;

	if (!may_manage(req, resp, ctx))
		return;
	if (!begin_locked(req, resp, ctx, id, &o))
		return;
	if ((o.verified_at != 0) == verify) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, "verify",
			    verify ? N_("This organisation is verified already.")
				   : N_("This organisation is not verified."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, verify ? STMT_org_verify : STMT_org_unverify);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	if (verify) {
		db_bind_i64(st, 2, ctx->now);
		db_bind_i64(st, 3, ctx->user->id);
	}
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
		goto fail_tx;
	finish(req, resp, ctx, id, verify ? "organisation.verify" : "organisation.unverify", "",
	       verify ? "unverified" : "verified", verify ? "verified" : "unverified",
	       verify ? "verified" : "unverified", "verify-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void admin_organisation_verify(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx)
{
	verify_change(req, resp, ctx, true);
}

void admin_organisation_unverify(struct http_request *req, struct http_response *resp,
				 struct app_ctx *ctx)
{
	verify_change(req, resp, ctx, false);
}

/* The account of an e-mail address: its id, 0 when there is none, -1 on a store error. */
static int64_t account_by_email(struct app_ctx *ctx, const char *email)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_account_by_email);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, email);
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_col_i64(st, 0) : rc < 0 ? -1 : 0;
	db_reset(st);
	return id;
}

void admin_organisation_rep_add(struct http_request *req, struct http_response *resp,
				struct app_ctx *ctx)
{
	int64_t id = req->params[0];
	struct org_row o;

	if (!may_manage(req, resp, ctx))
		return;
	const char *email = text_trim_dup(&req->arena, http_form(req, "email"));
	if (email == NULL || email[0] == '\0') {
		one_problem(req, resp, ctx, id, "email",
			    N_("Enter the e-mail address of the representative's account."));
		return;
	}
	if (!begin_locked(req, resp, ctx, id, &o))
		return;
	int64_t user = account_by_email(ctx, email);
	if (user < 0)
		goto fail_tx;
	if (user == 0) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, "email",
			    N_("There is no account with this e-mail address."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_representative_add);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, user);
	db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	if (db_changes(ctx->db) != 1) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, "email",
			    N_("This account represents the organisation already."));
		return;
	}
	const char *account = arena_printf(&req->arena, "account:%lld", (long long)user);
	if (account == NULL)
		goto fail_tx;
	finish(req, resp, ctx, id, "organisation.representative_add", account, "", account, "added",
	       "representatives-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}

void admin_organisation_rep_remove(struct http_request *req, struct http_response *resp,
				   struct app_ctx *ctx)
{
	int64_t id = req->params[0], user;
	struct org_row o;

	if (!may_manage(req, resp, ctx))
		return;
	if (!app_parse_id(http_form(req, "user"), &user)) {
		one_problem(req, resp, ctx, id, "email",
			    N_("This account does not represent the organisation."));
		return;
	}
	if (!begin_locked(req, resp, ctx, id, &o))
		return;
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_representative_remove);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, user);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	if (db_changes(ctx->db) != 1) {
		db_rollback(ctx->db);
		one_problem(req, resp, ctx, id, "email",
			    N_("This account does not represent the organisation."));
		return;
	}
	const char *account = arena_printf(&req->arena, "account:%lld", (long long)user);
	if (account == NULL)
		goto fail_tx;
	finish(req, resp, ctx, id, "organisation.representative_remove", account, account, "",
	       "removed", "representatives-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
	app_error(req, resp, 503, NULL);
}
