/*
 * content.c - the content pages (imprint, privacy notice, accessibility
 * statement) as the Innovation Office edits them: /admin/pages lists
 * them, /admin/pages/<slug> holds a Markdown text per language and the
 * page's history, /admin/pages/<slug>/versions/{id} shows an old version
 * and restores it.  Administrators only (PERM_MANAGE_CONTENT), checked
 * here on every request.
 *
 * A save never rewrites: each language whose text changed gets a new
 * version (content_page_versions), audited as content.save with the ids
 * of the version before and after; a restore is a new version with the
 * old text (content.restore).  The public pages (site) read the newest
 * one; the write is a POST that succeeds, so app.c empties the page
 * cache after it and the next anonymous visitor sees the new text.
 */
#include <string.h>

#include "features/content/content.h"
#include "features/content/rules.h"
#include "features/office/office.h"
#include "view/markdown.h"

static bool may_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can edit the content pages."));
}

/* The name of a page's language, translated ("Deutsch"). */
static const char *lang_label(enum lang viewer, enum lang of)
{
	return tr(viewer, of == LANG_EN ? N_("English") : N_("German"));
}

/* The language of a stored version ("de"); German for anything else. */
static enum lang stored_lang(const char *code)
{
	enum lang l = LANG_DE;
	(void)i18n_lang_from_code(code, strlen(code), &l);
	return l;
}

/* Who saved a version (column col of st, in a): NULL when the account is gone. */
static const char *author_of(struct db_stmt *st, int col, struct arena *a)
{
	const char *name = db_col_text(st, col);
	return name[0] != '\0' ? arena_strdup(a, name) : NULL;
}

/* The page of the route, or 404 (a route routes.def has but rules.c does not know). */
static bool page_of(struct http_request *req, struct http_response *resp, enum content_page *page)
{
	if (content_page_of_path(req->path, page))
		return true;
	app_error(req, resp, 404, NULL);
	return false;
}

/* The newest version of a page in a language: id and number 0 and body "" when none. */
struct newest {
	int64_t id;
	int64_t version;
	const char *body;
};

/*
 * The newest version of page in lang into *out (its Markdown in a), and
 * its time and author into state when that is not NULL.  1 when there is
 * one, 0 when not, -1 on a store error.
 */
static int current_version(struct db *db, struct arena *a, enum content_page page, enum lang lang,
			   struct newest *out, struct content_state *state)
{
	struct db_stmt *st = db_stmt(db, STMT_content_current);

	*out = (struct newest){0, 0, ""};
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, content_pages[page].slug);
	db_bind_text(st, 2, i18n_code(lang));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_col_i64(st, 0);
		out->version = db_col_i64(st, 1);
		out->body = db_col_dup(st, 2, a);
		if (state != NULL) {
			state->version = out->version;
			state->at = db_col_i64(st, 3);
			state->author = author_of(st, 4, a);
		}
	}
	db_reset(st);
	if (rc == DB_ROW && out->body == NULL)
		return -1;
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int content_page_body(struct db *db, struct arena *a, const char *slug, enum lang lang,
		      const char **body)
{
	enum content_page page;
	struct newest cur;

	*body = NULL;
	if (!content_page_of_slug(slug, &page))
		return 0;
	int rc = current_version(db, a, page, lang, &cur, NULL);
	if (rc > 0)
		*body = cur.body;
	return rc < 0 ? -1 : 0;
}

void admin_pages(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct content_pages_view v;
	int rc;

	if (!may_edit(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	v.pages = arena_calloc(&req->arena, CONTENT__COUNT, sizeof(*v.pages));
	struct content_state *states =
		arena_calloc(&req->arena, CONTENT__COUNT * CONTENT_LANGS, sizeof(*states));
	struct db_stmt *st = db_stmt(ctx->db, STMT_content_overview);
	if (v.pages == NULL || states == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	for (int p = 0; p < CONTENT__COUNT; p++) {
		struct content_page_row *row = &v.pages[v.pages_count++];
		row->title = tr(ctx->lang, content_pages[p].title);
		row->href = arena_printf(&req->arena, "/admin/pages/%s", content_pages[p].slug);
		row->langs = &states[p * CONTENT_LANGS];
		row->langs_count = CONTENT_LANGS;
		for (int l = 0; l < CONTENT_LANGS; l++)
			row->langs[l].lang_label = lang_label(ctx->lang, content_langs[l]);
	}
	while ((rc = db_step(st)) == DB_ROW) {
		enum content_page p;
		if (!content_page_of_slug(db_col_text(st, 0), &p))
			continue;
		enum lang lang = stored_lang(db_col_text(st, 1));
		for (int l = 0; l < CONTENT_LANGS; l++) {
			if (content_langs[l] != lang)
				continue;
			struct content_state *s = &v.pages[p].langs[l];
			s->version = db_col_i64(st, 2);
			s->at = db_col_i64(st, 3);
			s->author = author_of(st, 4, &req->arena);
		}
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.nav = office_nav(req, ctx, "/admin/pages");
	app_layout(req, resp, &v.layout, N_("Content pages"), "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_pages(&out, &v);
}

/* A page's history from the `after` cursor into v; -1 on a store error. */
static int history_load(struct http_request *req, struct app_ctx *ctx, enum content_page page,
			int64_t after, struct content_edit_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_content_history);
	const char *slug = content_pages[page].slug;
	int rc;

	v->history = arena_calloc(&req->arena, CONTENT_HISTORY_PAGE, sizeof(*v->history));
	if (st == NULL || v->history == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	db_bind_i64(st, 2, after);
	db_bind_i64(st, 3,
		    CONTENT_HISTORY_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	int64_t last = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->history_count == CONTENT_HISTORY_PAGE) {
			more = true;
			break;
		}
		struct content_version_row *r = &v->history[v->history_count++];
		last = db_col_i64(st, 0);
		r->href = arena_printf(&req->arena, "/admin/pages/%s/versions/%lld", slug,
				       (long long)last);
		r->lang_label = lang_label(ctx->lang, stored_lang(db_col_text(st, 1)));
		r->version = db_col_i64(st, 2);
		r->at = db_col_i64(st, 3);
		r->author = author_of(st, 4, &req->arena);
		r->restored_from = db_col_i64(st, 5);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (v->history_count == 0)
		v->history = NULL;
	if (more)
		v->pager.next_href = arena_printf(&req->arena, "/admin/pages/%s?after=%lld#history",
						  slug, (long long)last);
	if (after != INT64_MAX)
		v->pager.first_href = arena_printf(&req->arena, "/admin/pages/%s#history", slug);
	return 0;
}

/*
 * The form of page with status (200, or 422 with problems at their
 * fields and the texts typed, typed[l] NULL for the stored one); with
 * preview, each text also as the page would show it.
 */
static void edit_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			enum content_page page, int64_t after, int status,
			const char *const typed[CONTENT_LANGS], const struct field_problem *p,
			size_t n, bool preview)
{
	struct content_edit_view v;

	memset(&v, 0, sizeof(v));
	v.fields = arena_calloc(&req->arena, CONTENT_LANGS, sizeof(*v.fields));
	if (v.fields == NULL)
		goto fail;
	for (int l = 0; l < CONTENT_LANGS; l++) {
		struct content_field *f = &v.fields[v.fields_count++];
		struct newest cur;
		f->lang = i18n_code(content_langs[l]);
		f->id = arena_printf(&req->arena, "body-%s", f->lang);
		f->label = lang_label(ctx->lang, content_langs[l]);
		f->state.lang_label = f->label;
		if (current_version(ctx->db, &req->arena, page, content_langs[l], &cur, &f->state) <
		    0)
			goto fail;
		f->value = typed != NULL && typed[l] != NULL ? typed[l] : cur.body;
		f->error = app_problem_for(ctx->lang, p, n, f->id);
		/* Under the preview's heading and the language's. */
		if (preview)
			f->preview = markdown_render(&req->arena, f->value, 4);
	}
	v.previewing = preview;
	if (history_load(req, ctx, page, after, &v) != 0)
		goto fail;
	static const struct {
		const char *key, *msgid;
	} notices[] = {
		{"saved", N_("The new version is saved and shown on the public page.")},
		{"unchanged", N_("Nothing has changed, so no new version was saved.")},
		{"restored", N_("The old text is the page's newest version now.")},
	};
	const char *notice = http_query(req, "notice");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
	} else {
		for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
			if (strcmp(notice, notices[i].key) == 0)
				v.notice = tr(ctx->lang, notices[i].msgid);
	}
	v.nav = office_nav(req, ctx, "/admin/pages");
	v.csrf = app_csrf(req, resp);
	v.title = tr(ctx->lang, content_pages[page].title);
	v.hint = tr(ctx->lang, content_pages[page].hint);
	v.action = arena_printf(&req->arena, "/admin/pages/%s", content_pages[page].slug);
	v.public_href = arena_printf(&req->arena, "/%s", content_pages[page].slug);
	app_layout(req, resp, &v.layout, content_pages[page].title, "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_page_edit(&out, &v);
	return;
fail:
	app_error(req, resp, 503, NULL);
}

void admin_page_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	enum content_page page;
	int64_t after;

	if (!may_edit(req, resp, ctx) || !page_of(req, resp, &page) ||
	    !office_after(req, resp, &after))
		return;
	edit_render(req, resp, ctx, page, after, 200, NULL, NULL, 0, false);
}

/*
 * A new version of page in lang with body after `before` (the newest,
 * read in the caller's transaction; restored_from: the version it
 * copies, 0 for a save), audited with the ids before and after.  -1 on
 * a store error.
 */
static int version_add(struct http_request *req, struct app_ctx *ctx, enum content_page page,
		       enum lang lang, const char *body, const struct newest *before,
		       int64_t restored_from)
{
	int64_t version = before->version + 1, id = 0;
	struct db_stmt *st = db_stmt(ctx->db, STMT_content_insert);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, content_pages[page].slug);
	db_bind_text(st, 2, i18n_code(lang));
	db_bind_i64(st, 3, version);
	db_bind_text(st, 4, body);
	db_bind_i64(st, 5, ctx->user->id);
	if (restored_from > 0)
		db_bind_i64(st, 6, restored_from);
	else
		db_bind_null(st, 6);
	db_bind_i64(st, 7, ctx->now);
	if (db_run(st, &id) < 0 || id <= 0)
		return -1;
	struct arena *a = &req->arena;
	const char *subject =
		arena_printf(a, "content:%s:%s", content_pages[page].slug, i18n_code(lang));
	const char *detail = restored_from > 0
				     ? arena_printf(a, "version %lld, from version %lld",
						    (long long)version, (long long)restored_from)
				     : arena_printf(a, "version %lld", (long long)version);
	const char *from = before->id > 0 ? arena_printf(a, "%lld", (long long)before->id) : "";
	const char *to = arena_printf(a, "%lld", (long long)id);
	if (subject == NULL || detail == NULL || from == NULL || to == NULL)
		return -1;
	return app_audit_change(ctx, restored_from > 0 ? "content.restore" : "content.save",
				subject, detail, from, to);
}

void admin_page_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	enum content_page page;
	const char *typed[CONTENT_LANGS], *text[CONTENT_LANGS];
	struct field_problem problems[CONTENT_LANGS];
	size_t n = 0;
	int saved = 0;

	if (!may_edit(req, resp, ctx) || !page_of(req, resp, &page))
		return;
	for (int l = 0; l < CONTENT_LANGS; l++) {
		const char *id = arena_printf(&req->arena, "body-%s", i18n_code(content_langs[l]));
		typed[l] = id ? http_form(req, id) : NULL;
		/* A field the form did not send is left as it is. */
		text[l] = typed[l] ? content_body_normalise(&req->arena, typed[l]) : NULL;
		if (id == NULL || (typed[l] != NULL && text[l] == NULL)) {
			app_error(req, resp, 500, NULL);
			return;
		}
	}
	/* The preview button: the texts as the page would show them, nothing stored. */
	if (http_form(req, "preview") != NULL) {
		edit_render(req, resp, ctx, page, INT64_MAX, 200, typed, NULL, 0, true);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct newest before[CONTENT_LANGS];
	bool changed[CONTENT_LANGS];
	for (int l = 0; l < CONTENT_LANGS; l++) {
		if (current_version(ctx->db, &req->arena, page, content_langs[l], &before[l],
				    NULL) < 0)
			goto fail_tx;
		changed[l] = text[l] != NULL && strcmp(text[l], before[l].body) != 0;
		const char *why = changed[l] ? content_body_problem(text[l]) : NULL;
		if (why != NULL)
			problems[n++] = (struct field_problem){
				arena_printf(&req->arena, "body-%s", i18n_code(content_langs[l])),
				why};
	}
	if (n > 0) {
		db_rollback(ctx->db);
		edit_render(req, resp, ctx, page, INT64_MAX, 422, typed, problems, n, false);
		return;
	}
	for (int l = 0; l < CONTENT_LANGS; l++) {
		if (!changed[l])
			continue;
		if (version_add(req, ctx, page, content_langs[l], text[l], &before[l], 0) != 0)
			goto fail_tx;
		saved++;
	}
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/admin/pages/%s?notice=%s",
					 content_pages[page].slug, saved ? "saved" : "unchanged"));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

/*
 * Version id of page: 1 with its columns in the row of st (the caller
 * resets it), 0 when the page has no such version, -1 on a store error.
 */
static int version_find(struct app_ctx *ctx, enum content_page page, int64_t id,
			struct db_stmt **out)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_content_version);

	*out = st;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, content_pages[page].slug);
	int rc = db_step(st);
	if (rc != DB_ROW)
		db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

void admin_page_version(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct content_version_view v;
	enum content_page page;
	struct db_stmt *st;
	int64_t id = req->params[0];

	if (!may_edit(req, resp, ctx) || !page_of(req, resp, &page))
		return;
	memset(&v, 0, sizeof(v));
	int found = version_find(ctx, page, id, &st);
	if (found == 1) {
		enum lang lang = stored_lang(db_col_text(st, 0));
		v.lang = i18n_code(lang);
		v.lang_label = lang_label(ctx->lang, lang);
		v.version = db_col_i64(st, 1);
		v.body_md = db_col_dup(st, 2, &req->arena);
		v.at = db_col_i64(st, 3);
		v.author = author_of(st, 4, &req->arena);
		v.restored_from = db_col_i64(st, 5);
		v.is_current = db_col_i64(st, 6) == v.version;
		db_reset(st);
		if (v.body_md == NULL)
			found = -1;
	}
	if (!app_found(req, resp, found, N_("This page has no such version.")))
		return;
	const char *slug = content_pages[page].slug;
	v.body = markdown_render(&req->arena, v.body_md, 3);
	v.nav = office_nav(req, ctx, "/admin/pages");
	v.csrf = app_csrf(req, resp);
	v.title = tr(ctx->lang, content_pages[page].title);
	v.back_href = arena_printf(&req->arena, "/admin/pages/%s", slug);
	v.restore_action = arena_printf(&req->arena, "/admin/pages/%s/versions/%lld/restore", slug,
					(long long)id);
	app_layout(req, resp, &v.layout, content_pages[page].title, "/admin");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_page_version(&out, &v);
}

void admin_page_restore(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	enum content_page page;
	struct db_stmt *st;
	int64_t id = req->params[0];
	struct newest current;

	if (!may_edit(req, resp, ctx) || !page_of(req, resp, &page))
		return;
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int found = version_find(ctx, page, id, &st);
	if (found != 1) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("This page has no such version."));
		return;
	}
	enum lang lang = stored_lang(db_col_text(st, 0));
	int64_t version = db_col_i64(st, 1);
	const char *body = db_col_dup(st, 2, &req->arena);
	db_reset(st);
	if (body == NULL || current_version(ctx->db, &req->arena, page, lang, &current, NULL) < 0)
		goto fail_tx;
	/* The newest text already: a restore would store the same again. */
	bool same = strcmp(body, current.body) == 0;
	if (!same && version_add(req, ctx, page, lang, body, &current, version) != 0)
		goto fail_tx;
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp,
		      arena_printf(&req->arena, "/admin/pages/%s?notice=%s",
				   content_pages[page].slug, same ? "unchanged" : "restored"));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
