/*
 * edit.c - editing an entry of the directory of actors:
 * /actors/{id}/edit (GET, POST) for an organisation's representatives
 * and the office (PERM_MANAGE_CONTENT), and for a person their own entry;
 * the "In the directory of actors" section of /account and its form
 * (POST /account/directory), where a person chooses to be listed and
 * which fields are public.
 *
 * Bad input is a 422 with the problems at their fields and nothing
 * changed; a form from /account that has problems comes back as the
 * edit page (the account page's other sections are not this form's).
 * A change of an organisation's entry is audited (actor.profile, with
 * before and after) in the transaction that makes it; a person's own
 * entry is their data, as their account's settings are.
 */
#include <stdlib.h>
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "base/buf.h"
#include "features/actors/internal.h"
#include "features/organisations/organisations.h"

/* The values the form shows: as stored, or as sent. */
struct actor_form_values {
	const char **competences;
	size_t competences_count;
	const char *tags;
	const char *offers;
	const char *needs;
	const char *district;
	const char *website;
	const char **languages;
	size_t languages_count;
	bool listed;
	unsigned public_fields;
};

/* The stored entry as form values (a person without an entry: all empty). */
static int values_stored(struct app_ctx *ctx, struct arena *a, const struct actor_row *r,
			 struct actor_form_values *fv)
{
	struct actor_tag *tags = NULL;
	size_t n = 0;
	struct buf free_tags;

	memset(fv, 0, sizeof(*fv));
	fv->tags = fv->offers = fv->needs = fv->district = fv->website = "";
	if (r == NULL)
		return 0;
	if (actor_tags_load(ctx->db, a, r->id, &tags, &n) != 0)
		return -1;
	fv->competences = arena_calloc(a, n ? n : 1, sizeof(*fv->competences));
	fv->languages = arena_calloc(a, actor_languages_count, sizeof(*fv->languages));
	if (fv->competences == NULL || fv->languages == NULL)
		return -1;
	buf_init(&free_tags, a);
	buf_puts(&free_tags, "");
	for (size_t i = 0; i < n; i++) {
		if (tags[i].curated)
			fv->competences[fv->competences_count++] = tags[i].key;
		else
			buf_printf(&free_tags, "%s%s", free_tags.len ? ", " : "", tags[i].label);
	}
	fv->tags = buf_cstr(&free_tags);
	fv->offers = r->offers;
	fv->needs = r->needs;
	fv->district = r->district;
	fv->website = r->website;
	for (size_t l = 0; l < actor_languages_count; l++) {
		size_t len = strlen(actor_languages[l].code);
		for (const char *p = r->languages; p != NULL && *p;) {
			if (strncmp(p, actor_languages[l].code, len) == 0 &&
			    (p[len] == ',' || p[len] == '\0'))
				fv->languages[fv->languages_count++] = actor_languages[l].code;
			p = strchr(p, ',');
			p = p != NULL ? p + 1 : NULL;
		}
	}
	fv->listed = r->listed;
	fv->public_fields = r->public_fields;
	return free_tags.oom ? -1 : 0;
}

/* The form as sent (public_fields left for the caller to parse). */
static int values_sent(struct http_request *req, struct actor_form_values *fv)
{
	enum { MAX = 64 };

	memset(fv, 0, sizeof(*fv));
	fv->competences = arena_calloc(&req->arena, MAX, sizeof(*fv->competences));
	fv->languages = arena_calloc(&req->arena, MAX, sizeof(*fv->languages));
	if (fv->competences == NULL || fv->languages == NULL)
		return -1;
	fv->competences_count = app_form_all(req, "competence", fv->competences, MAX);
	fv->languages_count = app_form_all(req, "language_spoken", fv->languages, MAX);
	fv->tags = http_form(req, "tags");
	fv->offers = http_form(req, "offers");
	fv->needs = http_form(req, "needs");
	fv->district = http_form(req, "district");
	fv->website = http_form(req, "website");
	const char *listed = http_form(req, "listed");
	fv->listed = listed != NULL && strcmp(listed, "1") == 0;
	return 0;
}

static bool among(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static struct actor_form_fields fields_view(struct arena *a, enum lang ui,
					    const struct actor_form_values *fv, bool with_website,
					    const struct field_problem *p, size_t n)
{
	struct actor_form_fields f = {
		.tags = fv->tags,
		.offers = fv->offers,
		.needs = fv->needs,
		.district = fv->district,
		.with_website = with_website,
		.website = fv->website,
	};
	const char *lang = i18n_code(ui);

	f.competences = arena_calloc(a, actor_competences_count, sizeof(*f.competences));
	for (size_t i = 0; f.competences != NULL && i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		f.competences[f.competences_count++] =
			(struct check_option){arena_printf(a, "competence-%s", c->id), c->id,
					      actor_competence_label(c, lang),
					      among(fv->competences, fv->competences_count, c->id)};
	}
	f.languages = arena_calloc(a, actor_languages_count, sizeof(*f.languages));
	for (size_t i = 0; f.languages != NULL && i < actor_languages_count; i++) {
		const struct actor_language *l = &actor_languages[i];
		f.languages[f.languages_count++] = (struct check_option){
			arena_printf(a, "language-%s", l->code), l->code, l->name,
			among(fv->languages, fv->languages_count, l->code)};
	}
	if (n > 0) {
		f.competences_error = app_problem_for(ui, p, n, "competences");
		f.tags_error = app_problem_for(ui, p, n, "tags");
		f.offers_error = app_problem_for(ui, p, n, "offers");
		f.needs_error = app_problem_for(ui, p, n, "needs");
		f.district_error = app_problem_for(ui, p, n, "district");
		f.website_error = app_problem_for(ui, p, n, "website");
		f.languages_error = app_problem_for(ui, p, n, "languages");
	}
	return f;
}

static struct actor_listing listing_view(struct arena *a, enum lang ui,
					 const struct actor_form_values *fv,
					 const struct field_problem *p, size_t n)
{
	struct actor_listing l = {.listed = fv->listed};

	l.fields = arena_calloc(a, ACTOR_FIELD__COUNT, sizeof(*l.fields));
	for (int f = 0; l.fields != NULL && f < ACTOR_FIELD__COUNT; f++)
		l.fields[l.fields_count++] =
			(struct check_option){arena_printf(a, "public-%s", actor_fields[f].id),
					      actor_fields[f].id, tr(ui, actor_fields[f].label),
					      (fv->public_fields & ACTOR_FIELD_BIT(f)) != 0};
	if (n > 0) {
		l.listed_error = app_problem_for(ui, p, n, "listed");
		l.fields_error = app_problem_for(ui, p, n, "public");
	}
	return l;
}

int actors_account_section(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, struct actor_account_section *out)
{
	struct actor_row r;
	struct actor_form_values fv;
	const char *notice = http_query(req, "notice");

	memset(out, 0, sizeof(*out));
	if (ctx->user == NULL)
		return -1;
	int found = actor_row_load(ctx->db, &req->arena, STMT_actor_of_user, ctx->user->id, &r);
	if (found < 0 || values_stored(ctx, &req->arena, found == 1 ? &r : NULL, &fv) != 0)
		return -1;
	out->csrf = app_csrf(req, resp);
	if (notice != NULL && strcmp(notice, "directory") == 0)
		out->notice = tr(ctx->lang, N_("Your entry in the directory is saved."));
	if (found == 1 && r.listed)
		out->page_href = arena_printf(&req->arena, "/actors/%lld", (long long)r.id);
	out->listing = listing_view(&req->arena, ctx->lang, &fv, NULL, 0);
	out->fields = fields_view(&req->arena, ctx->lang, &fv, true, NULL, 0);
	return 0;
}

/* The edit page: the entry r (NULL: a person's first), the values shown, the problems. */
static void edit_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			const struct actor_row *r, bool person, const char *action,
			const struct actor_form_values *fv, const struct field_problem *problems,
			size_t n, int status)
{
	struct actor_edit_view v;
	const char *notice = http_query(req, "notice");

	memset(&v, 0, sizeof(v));
	v.id = r != NULL ? r->id : 0;
	v.name = r != NULL ? r->name : ctx->user->name;
	v.person = person;
	v.action = action;
	v.back_href = r != NULL && (r->listed || !person)
			      ? arena_printf(&req->arena, "/actors/%lld", (long long)r->id)
			      : "/account";
	v.csrf = app_csrf(req, resp);
	v.fields = fields_view(&req->arena, ctx->lang, fv, person, problems, n);
	if (person)
		v.listing = listing_view(&req->arena, ctx->lang, fv, problems, n);
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
	} else if (notice != NULL && strcmp(notice, "saved") == 0) {
		v.notice = tr(ctx->lang, N_("The entry is saved."));
	} else if (notice != NULL && strcmp(notice, "unchanged") == 0) {
		v.notice = tr(ctx->lang, N_("Nothing was changed."));
	}
	app_layout(req, resp, &v.layout, N_("Edit the entry in the directory"), "/actors");
	struct tpl_out out = app_html(req, resp, status);
	tpl_actor_edit(&out, &v);
}

/*
 * The preamble of /actors/{id}/edit: logged in (else the login), the
 * actor there (else 404; a person's entry that is not listed is there for
 * its owner), allowed (else 403).
 */
static bool may_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		     struct actor_row *r)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int found = actor_row_load(ctx->db, &req->arena, STMT_actor_get, req->params[0], r);
	if (found == 1 && r->user_id != 0 && !r->listed && r->user_id != ctx->user->id)
		found = 0;
	if (!app_found(req, resp, found, N_("There is no such actor in the directory.")))
		return false;
	int may = actor_may_edit(ctx, r);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(
		req, resp, ctx, may == 1,
		r->user_id != 0 ? N_("Only the person themselves can edit their entry.")
				: N_("Only the organisation's representatives and the Innovation "
				     "Office can edit its entry."));
}

/* Check the form; the problems (at most ACTOR_PROBLEMS_MAX + 2) counted. */
static size_t check_form(struct http_request *req, bool person, const struct actor_form_values *fv,
			 struct actor_profile *p, unsigned *public_fields,
			 struct field_problem *problems)
{
	struct actor_input in = {
		.competences = fv->competences,
		.competences_count = fv->competences_count,
		.tags = fv->tags,
		.offers = fv->offers,
		.needs = fv->needs,
		.district = fv->district,
		.website = fv->website,
		.languages = fv->languages,
		.languages_count = fv->languages_count,
		.with_website = person,
	};
	size_t n = actor_profile_check(&req->arena, &in, p, problems);

	*public_fields = ACTOR_FIELDS_ALL;
	if (person) {
		enum { MAX = ACTOR_FIELD__COUNT + 8 };
		const char *ids[MAX];
		size_t k = app_form_all(req, "public", ids, MAX);
		const char *listed = http_form(req, "listed");
		if (listed == NULL || (strcmp(listed, "0") != 0 && strcmp(listed, "1") != 0))
			problems[n++] = (struct field_problem){
				"listed", N_("Choose whether you are listed in the directory.")};
		if (!actor_public_fields_parse(ids, k, public_fields))
			problems[n++] = (struct field_problem){
				"public", N_("Choose the public fields from the list.")};
	}
	return n;
}

/* Curated first, then by key: the order of both sides of an audit line. */
static int tag_order(const void *x, const void *y)
{
	const struct actor_tag *a = x, *b = y;
	if (a->curated != b->curated)
		return a->curated ? -1 : 1;
	return strcmp(a->key, b->key);
}

/* An entry's fields as audit lines ("field: value", one per line). */
static const char *audit_lines(struct arena *a, const char *offers, const char *needs,
			       const char *district, const char *languages,
			       const struct actor_tag *stored, size_t n)
{
	struct buf b;
	struct actor_tag *tags = arena_calloc(a, n ? n : 1, sizeof(*tags));

	if (tags == NULL)
		return NULL;
	memcpy(tags, stored, n * sizeof(*tags));
	qsort(tags, n, sizeof(*tags), tag_order);
	buf_init(&b, a);
	buf_puts(&b, "competencies: ");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
			   tags[i].curated ? tags[i].key : tags[i].label);
	buf_printf(&b, "\noffers: %s\nneeds: %s\ndistrict: %s\nlanguages: %s", offers, needs,
		   district, languages);
	return b.oom ? NULL : buf_cstr(&b);
}

/*
 * Store the checked entry of actor id (0: make a person's first), in one
 * transaction; an organisation's change is audited.  Then redirect to
 * done (with "?notice=unchanged" instead when an organisation's entry
 * did not change).
 */
static void store(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		  int64_t id, bool person, const struct actor_profile *p, bool listed,
		  unsigned public_fields, const char *done, const char *unchanged)
{
	struct actor_row now;
	struct arena *a = &req->arena;

	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (id == 0) {
		id = actors_of_person(ctx->db, ctx->user->id, ctx->now);
		if (id < 0)
			goto fail_tx;
	}
	int found = actor_row_load(ctx->db, a, STMT_actor_lock, id, &now);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such actor in the directory."));
		return;
	}
	if (!person) {
		struct actor_tag *tags;
		size_t n;
		if (actor_tags_load(ctx->db, a, id, &tags, &n) != 0)
			goto fail_tx;
		const char *was =
			audit_lines(a, now.offers, now.needs, now.district, now.languages, tags, n);
		const char *is = audit_lines(a, p->offers, p->needs, p->district, p->languages,
					     p->tags, p->tags_count);
		const char *subject = arena_printf(a, "actor:%lld", (long long)id);
		if (was == NULL || is == NULL || subject == NULL)
			goto fail_tx;
		if (strcmp(was, is) == 0) {
			db_rollback(ctx->db);
			http_redirect(resp, unchanged);
			return;
		}
		bool office = ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT) &&
			      org_represents(ctx->db, now.organisation_id, ctx->user->id) != 1;
		if (app_audit_change(ctx, "actor.profile", subject,
				     office ? "by the office" : "by a representative", was,
				     is) != 0)
			goto fail_tx;
	}
	if (actors_store(ctx->db, a, id, listed, public_fields, p, ctx->now) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, done);
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void actor_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct actor_row r;
	struct actor_form_values fv;

	if (!may_edit(req, resp, ctx, &r))
		return;
	if (values_stored(ctx, &req->arena, &r, &fv) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	edit_render(req, resp, ctx, &r, r.user_id != 0,
		    arena_printf(&req->arena, "/actors/%lld/edit", (long long)r.id), &fv, NULL, 0,
		    200);
}

void actor_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct actor_row r;
	struct actor_form_values fv;
	struct actor_profile p;
	struct field_problem problems[ACTOR_PROBLEMS_MAX + 2];
	unsigned pub;

	if (!may_edit(req, resp, ctx, &r))
		return;
	bool person = r.user_id != 0;
	const char *action = arena_printf(&req->arena, "/actors/%lld/edit", (long long)r.id);
	if (values_sent(req, &fv) != 0 || action == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	size_t n = check_form(req, person, &fv, &p, &pub, problems);
	if (n > 0) {
		fv.public_fields = pub;
		edit_render(req, resp, ctx, &r, person, action, &fv, problems, n, 422);
		return;
	}
	store(req, resp, ctx, r.id, person, &p, person ? fv.listed : true, pub,
	      arena_printf(&req->arena, "%s?notice=saved", action),
	      arena_printf(&req->arena, "%s?notice=unchanged", action));
}

void actor_account_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct actor_row r;
	struct actor_form_values fv;
	struct actor_profile p;
	struct field_problem problems[ACTOR_PROBLEMS_MAX + 2];
	unsigned pub;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	int found = actor_row_load(ctx->db, &req->arena, STMT_actor_of_user, ctx->user->id, &r);
	if (found < 0 || values_sent(req, &fv) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	size_t n = check_form(req, true, &fv, &p, &pub, problems);
	if (n > 0) {
		fv.public_fields = pub;
		edit_render(req, resp, ctx, found == 1 ? &r : NULL, true, "/account/directory", &fv,
			    problems, n, 422);
		return;
	}
	store(req, resp, ctx, found == 1 ? r.id : 0, true, &p, fv.listed, pub,
	      "/account?notice=directory#directory-heading", "/account");
}
