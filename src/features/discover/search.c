/*
 * search.c - GET /search: full-text search over challenges, ideas,
 * comments, pilot projects, events, organisations and the listed actors
 * of the directory (only their public fields are indexed).
 *
 * The query is read once by features/discover/rules.c and handed to the store in
 * its dialect (FTS5 MATCH on SQLite, websearch_to_tsquery on
 * PostgreSQL).  A page costs two queries whatever the number of matches:
 * the counts per kind (shown at the kind filters, up to 100 each) and
 * one page of ranked results, continued by a cursor on (score, kind, id).
 * Only the newest SEARCH_CANDIDATES matches of each kind are ranked, so
 * neither query grows with the city.  Titles and
 * snippets are highlighted here, from plain stored text: escaped first,
 * then the matching words wrapped in <mark>.
 */
#include <string.h>

#include "base/stem.h"
#include "base/text.h"
#include "features/discover/rules.h"
#include "templates.h"
#include "app/app.h"

/* The link of a hit, or NULL when it has no page of its own. */
static const char *hit_href(struct http_request *req, enum search_kind kind, int64_t id,
			    const char *extra, int64_t subject_id)
{
	struct arena *a = &req->arena;

	switch (kind) {
	case SEARCH_CHALLENGE: return arena_printf(a, "/challenges/%lld", (long long)id);
	case SEARCH_IDEA: return arena_printf(a, "/ideas/%lld", (long long)id);
	case SEARCH_COMMENT:
		/* extra is the discussed item's type: idea, challenge or project. */
		if (strcmp(extra, "idea") != 0 && strcmp(extra, "challenge") != 0 &&
		    strcmp(extra, "project") != 0)
			return NULL;
		return arena_printf(a, "/%ss/%lld#comment-%lld", extra, (long long)subject_id,
				    (long long)id);
	case SEARCH_PROJECT: return arena_printf(a, "/projects/%lld", (long long)id);
	case SEARCH_EVENT: return arena_printf(a, "/events/%lld", (long long)id);
	case SEARCH_ORGANISATION:
		/* Its page (features/organisations); the website is linked there. */
		return arena_printf(a, "/organisations/%lld", (long long)id);
	case SEARCH_ACTOR: return arena_printf(a, "/actors/%lld", (long long)id);
	default: return NULL;
	}
}

/* "q=...&kind=...&kind=..." of the current search, for page links. */
static const char *search_params(struct http_request *req, const char *q, unsigned kinds)
{
	struct buf b;

	buf_init(&b, &req->arena);
	buf_puts(&b, "q=");
	buf_puts(&b, text_url_encode(&req->arena, q));
	for (int k = 0; k < SEARCH_KIND__COUNT; k++) {
		if (kinds != SEARCH_ALL_KINDS && (kinds & (1u << k))) {
			buf_puts(&b, "&kind=");
			buf_puts(&b, search_kinds[k].id);
		}
	}
	return b.oom ? NULL : buf_cstr(&b);
}

/* Counts stop here (features/discover/statements.def: search_counts). */
/* The LIMIT of search_counts: as many as can be paged through. */
enum { SEARCH_COUNT_CAP = SEARCH_CANDIDATES };

static int load_counts(struct app_ctx *ctx, const char *match, int64_t counts[SEARCH_KIND__COUNT])
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_search_counts);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, match);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t k = db_col_i64(st, 0);
		if (k >= 0 && k < SEARCH_KIND__COUNT)
			counts[k] = db_col_i64(st, 1);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_hits(struct http_request *req, struct app_ctx *ctx, struct stemmer *stemmer,
		     const struct search_query *q, const char *match, unsigned kinds,
		     const struct search_cursor *after, struct search_view *v,
		     struct search_cursor *last, bool *more)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_search_results);
	int rc;

	*more = false;
	v->hits = arena_calloc(&req->arena, SEARCH_PAGE_SIZE, sizeof(*v->hits));
	if (st == NULL || v->hits == NULL)
		return -1;
	db_bind_text(st, 1, match);
	db_bind_i64(st, 2, kinds);
	db_bind_i64(st, 3, after != NULL);
	db_bind_double(st, 4, after ? after->score : 0);
	db_bind_i64(st, 5, after ? after->kind : 0);
	db_bind_i64(st, 6, after ? after->id : 0);
	db_bind_i64(st, 7, SEARCH_PAGE_SIZE + 1);
	db_bind_i64(st, 8, SEARCH_CANDIDATES);
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->hits_count == SEARCH_PAGE_SIZE) {
			*more = true;
			break;
		}
		int64_t k = db_col_i64(st, 0);
		if (k < 0 || k >= SEARCH_KIND__COUNT)
			continue;
		enum search_kind kind = (enum search_kind)k;
		struct search_hit *h = &v->hits[v->hits_count++];
		int64_t id = db_col_i64(st, 1);
		h->kind = tr(ctx->lang, kind == SEARCH_COMMENT	   ? N_("Comment")
					: kind == SEARCH_CHALLENGE ? N_("Challenge")
					: kind == SEARCH_IDEA	   ? N_("Idea")
					: kind == SEARCH_PROJECT   ? N_("Pilot project")
					: kind == SEARCH_EVENT	   ? N_("Event")
					: kind == SEARCH_ACTOR	   ? N_("Actor")
								   : N_("Organisation"));
		h->title.html = search_highlight(&req->arena, stemmer, q, db_col_text(st, 2));
		h->title_lang = db_col_null(st, 3) ? NULL : db_col_dup(st, 3, &req->arena);
		h->snippet.html = search_snippet(&req->arena, stemmer, q, db_col_text(st, 4),
						 SEARCH_SNIPPET_WORDS);
		h->body_lang = db_col_null(st, 5) ? NULL : db_col_dup(st, 5, &req->arena);
		h->href = hit_href(req, kind, id, db_col_text(st, 6), db_col_i64(st, 7));
		if (kind == SEARCH_COMMENT)
			h->context = tr(ctx->lang, N_("Comment on"));
		if (h->title.html == NULL || h->snippet.html == NULL) {
			db_reset(st);
			return -1;
		}
		last->score = db_col_double(st, 8);
		last->kind = (int)kind;
		last->id = id;
	}
	db_reset(st);
	if (v->hits_count == 0)
		v->hits = NULL;
	return rc < 0 ? -1 : 0;
}

/* The kinds asked for (kind=idea&kind=event); all when none.  -1 for an unknown kind. */
static int read_kinds(const struct http_request *req, unsigned *kinds)
{
	*kinds = 0;
	for (size_t i = 0; i < req->query_fields.count; i++) {
		const struct http_field *f = &req->query_fields.items[i];
		enum search_kind k;
		if (strcmp(f->name, "kind") != 0)
			continue;
		if (!search_kind_parse(f->value, &k))
			return -1;
		*kinds |= 1u << k;
	}
	if (*kinds == 0)
		*kinds = SEARCH_ALL_KINDS;
	return 0;
}

static void render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   struct search_view *v, unsigned kinds, const int64_t *counts, int status)
{
	v->kinds = arena_calloc(&req->arena, SEARCH_KIND__COUNT, sizeof(*v->kinds));
	if (v->kinds == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (int k = 0; k < SEARCH_KIND__COUNT; k++) {
		v->kinds[k].id = search_kinds[k].id;
		v->kinds[k].label = tr(ctx->lang, search_kinds[k].label);
		v->kinds[k].count = counts ? counts[k] : 0;
		v->kinds[k].more = v->kinds[k].count >= SEARCH_COUNT_CAP;
		/* No choice means everything; then no box is ticked. */
		v->kinds[k].checked = kinds != SEARCH_ALL_KINDS && (kinds & (1u << k));
	}
	v->kinds_count = SEARCH_KIND__COUNT;
	app_layout(req, resp, &v->layout, N_("Search"), "/search");
	struct tpl_out out = app_html(req, resp, status);
	tpl_search(&out, v);
}

void search_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct search_view v;
	struct search_query q;
	struct search_cursor after, last = {0};
	int64_t counts[SEARCH_KIND__COUNT] = {0};
	const char *text = http_query(req, "q");
	const char *after_text = http_query(req, "after");
	unsigned kinds;
	bool more = false;

	memset(&v, 0, sizeof(v));
	v.q = text;
	if (read_kinds(req, &kinds) != 0) {
		app_error(req, resp, 400, N_("There is no such kind of result."));
		return;
	}
	if (after_text != NULL && !search_cursor_parse(after_text, &after)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	struct stemmer *stemmer = stemmer_new();
	if (stemmer == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	int rc = search_query_parse(&req->arena, stemmer, text, &q);
	if (rc != SEARCH_OK) {
		stemmer_free(stemmer);
		if (rc < 0) {
			app_error(req, resp, 500, NULL);
			return;
		}
		if (rc == SEARCH_TOO_LONG)
			v.error = tr(ctx->lang, N_("A search can have at most 200 characters."));
		else if (rc == SEARCH_NO_TERMS)
			v.error = tr(ctx->lang, N_("Enter at least one word to search for; very "
						   "common words like “and” are not searched."));
		render(req, resp, ctx, &v, kinds, NULL, rc == SEARCH_EMPTY ? 200 : 422);
		return;
	}
	const char *match = db_kind(ctx->db) == DB_KIND_POSTGRES ? q.websearch : q.fts5;
	if (load_counts(ctx, match, counts) != 0 ||
	    load_hits(req, ctx, stemmer, &q, match, kinds, after_text ? &after : NULL, &v, &last,
		      &more) != 0) {
		stemmer_free(stemmer);
		app_error(req, resp, 503, NULL);
		return;
	}
	stemmer_free(stemmer);
	v.searched = true;
	for (int k = 0; k < SEARCH_KIND__COUNT; k++)
		if (kinds & (1u << k)) {
			v.total += counts[k];
			v.total_more = v.total_more || counts[k] >= SEARCH_COUNT_CAP;
		}
	const char *params = search_params(req, text, kinds);
	if (more && params != NULL)
		v.next_href = arena_printf(&req->arena, "/search?%s&after=%s", params,
					   search_cursor_format(&req->arena, &last));
	if (after_text != NULL && params != NULL)
		v.first_href = arena_printf(&req->arena, "/search?%s", params);
	render(req, resp, ctx, &v, kinds, counts, 200);
}
