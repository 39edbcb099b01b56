/*
 * feeds.c - Atom feeds (RFC 4287): new challenges, new ideas of one
 * challenge, and status changes of ideas with their official answers.
 *
 * Each feed is one query for its newest FEED_ENTRIES entries (the
 * per-challenge feed one more for the challenge).  Ids are tag: URIs
 * (RFC 4151) that never change for an entry: tag:HOST,2026:idea:42.
 * HOST and the links come from OIC_PUBLIC_URL when set (what a cluster
 * behind a proxy should do), else from the request's Host header
 * (app_site, app/site.c).  All text is XML-escaped, and characters XML
 * 1.0 forbids are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "features/discover/discover.h"
#include "features/funnel/funnel.h"
#include "templates.h"
#include "app/app.h"

enum { FEED_ENTRIES = 30, FEED_SUMMARY_CHARS = 600 };

/* The year the platform's tag: URIs are minted under (RFC 4151 date). */
#define FEED_TAG_DATE "2026"

/* Append s as XML character data or attribute value. */
static void xml_text(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default:
			/* XML 1.0 allows no C0 controls but tab, newline and return. */
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;
			buf_putc(b, (char)*p);
		}
	}
}

const char *feed_shorten(struct arena *a, const char *s, size_t n)
{
	size_t i = 0, chars = 0;
	while (s[i] != '\0' && chars < n) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (s[i] == '\0')
		return s;
	return arena_printf(a, "%.*s…", (int)i, s);
}

static void feed_begin(struct buf *b, struct app_ctx *ctx, const struct app_site *site,
		       const char *id, const char *title, const char *self, const char *alternate,
		       int64_t updated)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	buf_puts(b, i18n_code(ctx->lang));
	buf_puts(b, "\">\n<id>tag:");
	xml_text(b, site->host);
	buf_puts(b, "," FEED_TAG_DATE ":");
	xml_text(b, id);
	buf_puts(b, "</id>\n<title>");
	xml_text(b, title);
	buf_puts(b, "</title>\n<updated>");
	civil_put_rfc3339(b, updated);
	buf_puts(b, "</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	xml_text(b, site->base);
	xml_text(b, self);
	buf_puts(b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_text(b, site->base);
	xml_text(b, alternate);
	buf_puts(b, "\"/>\n<author><name>");
	xml_text(b, tr(ctx->lang, N_("Open Innovation City")));
	buf_puts(b, "</name></author>\n<generator>oic</generator>\n");
}

static void feed_entry(struct buf *b, const struct app_site *site, const struct feed_entry *e)
{
	buf_puts(b, "<entry>\n<id>tag:");
	xml_text(b, site->host);
	buf_puts(b, "," FEED_TAG_DATE ":");
	xml_text(b, e->id);
	buf_puts(b, "</id>\n<title type=\"text\" xml:lang=\"");
	xml_text(b, e->lang);
	buf_puts(b, "\">");
	xml_text(b, e->title);
	buf_puts(b, "</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_text(b, site->base);
	xml_text(b, e->href);
	buf_puts(b, "\"/>\n<published>");
	civil_put_rfc3339(b, e->published);
	buf_puts(b, "</published>\n<updated>");
	civil_put_rfc3339(b, e->updated > e->published ? e->updated : e->published);
	buf_puts(b, "</updated>\n");
	if (e->author != NULL && e->author[0] != '\0') {
		buf_puts(b, "<author><name>");
		xml_text(b, e->author);
		buf_puts(b, "</name></author>\n");
	}
	if (e->summary != NULL && e->summary[0] != '\0') {
		buf_puts(b, "<summary type=\"text\" xml:lang=\"");
		xml_text(b, e->lang);
		buf_puts(b, "\">");
		xml_text(b, e->summary);
		buf_puts(b, "</summary>\n");
	}
	buf_puts(b, "</entry>\n");
}

/*
 * Send the feed: head, entries, tail.  updated is the newest entry's
 * time; an empty feed says when it was made.
 */
void feed_send(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
	       const struct app_site *site, const char *id, const char *title, const char *self,
	       const char *alternate, const struct feed_entry *entries, size_t n)
{
	int64_t updated = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t u = entries[i].updated > entries[i].published ? entries[i].updated
								      : entries[i].published;
		if (u > updated)
			updated = u;
	}
	if (n == 0)
		updated = ctx->now;
	feed_begin(&resp->body, ctx, site, id, title, self, alternate, updated);
	for (size_t i = 0; i < n; i++)
		feed_entry(&resp->body, site, &entries[i]);
	buf_puts(&resp->body, "</feed>\n");
	(void)req;
	resp->status = 200;
	resp->content_type = "application/atom+xml; charset=utf-8";
	http_add_header(resp, "Cache-Control", "no-cache");
	http_add_header(resp, "Vary", "Accept-Language");
}

void feeds_challenges(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct app_site site;
	struct feed_entry *e = arena_calloc(&req->arena, FEED_ENTRIES, sizeof(*e));
	struct db_stmt *st = db_stmt(ctx->db, STMT_feed_challenges);
	size_t n = 0;
	int rc;

	if (e == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_site(req, &site);
	db_bind_i64(st, 1, FEED_ENTRIES);
	while ((rc = db_step(st)) == DB_ROW && n < FEED_ENTRIES) {
		struct feed_entry *x = &e[n++];
		int64_t id = db_col_i64(st, 0);
		x->id = arena_printf(&req->arena, "challenge:%lld", (long long)id);
		x->href = arena_printf(&req->arena, "/challenges/%lld", (long long)id);
		x->title = db_col_dup(st, 1, &req->arena);
		x->summary = db_col_dup(st, 2, &req->arena);
		x->lang = db_col_dup(st, 3, &req->arena);
		x->published = db_col_i64(st, 4);
		x->updated = db_col_i64(st, 5);
		x->author = db_col_dup(st, 6, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	feed_send(req, resp, ctx, &site, "challenges",
		  arena_printf(&req->arena, "%s – %s", tr(ctx->lang, N_("New challenges")),
			       tr(ctx->lang, N_("Open Innovation City"))),
		  "/feeds/challenges.atom", "/challenges", e, n);
}

void feeds_challenge_ideas(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	struct app_site site;
	int64_t challenge = req->params[0];
	struct db_stmt *st = db_stmt(ctx->db, STMT_feed_challenge);
	const char *title = NULL;
	int rc;

	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, challenge);
	rc = db_step(st);
	if (rc == DB_ROW)
		title = db_col_dup(st, 1, &req->arena);
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (title == NULL) {
		app_error(req, resp, 404, N_("This challenge does not exist."));
		return;
	}
	struct feed_entry *e = arena_calloc(&req->arena, FEED_ENTRIES, sizeof(*e));
	st = db_stmt(ctx->db, STMT_feed_challenge_ideas);
	size_t n = 0;
	if (e == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_site(req, &site);
	db_bind_i64(st, 1, challenge);
	db_bind_i64(st, 2, FEED_ENTRIES);
	while ((rc = db_step(st)) == DB_ROW && n < FEED_ENTRIES) {
		struct feed_entry *x = &e[n++];
		int64_t id = db_col_i64(st, 0);
		x->id = arena_printf(&req->arena, "idea:%lld", (long long)id);
		x->href = arena_printf(&req->arena, "/ideas/%lld", (long long)id);
		x->title = db_col_dup(st, 1, &req->arena);
		x->summary = feed_shorten(&req->arena, db_col_text(st, 2), FEED_SUMMARY_CHARS);
		x->summary = arena_strdup(&req->arena, x->summary);
		x->lang = db_col_dup(st, 3, &req->arena);
		x->published = db_col_i64(st, 4);
		x->updated = db_col_i64(st, 5);
		x->author = db_col_dup(st, 6, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	feed_send(req, resp, ctx, &site,
		  arena_printf(&req->arena, "challenge:%lld:ideas", (long long)challenge),
		  arena_printf(&req->arena, "%s: %s", tr(ctx->lang, N_("New ideas")), title),
		  arena_printf(&req->arena, "/challenges/%lld/ideas.atom", (long long)challenge),
		  arena_printf(&req->arena, "/challenges/%lld", (long long)challenge), e, n);
}

void feeds_status(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct app_site site;
	struct feed_entry *e = arena_calloc(&req->arena, FEED_ENTRIES, sizeof(*e));
	struct db_stmt *st = db_stmt(ctx->db, STMT_feed_status_changes);
	size_t n = 0;
	int rc;

	if (e == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_site(req, &site);
	db_bind_i64(st, 1, FEED_ENTRIES);
	while ((rc = db_step(st)) == DB_ROW && n < FEED_ENTRIES) {
		struct feed_entry *x = &e[n++];
		int64_t change = db_col_i64(st, 0), idea = db_col_i64(st, 1);
		enum idea_status s;
		const char *status = idea_status_parse(db_col_text(st, 2), &s)
					     ? tr(ctx->lang, idea_status_table[s].label)
					     : db_col_text(st, 2);
		x->id = arena_printf(&req->arena, "idea-status:%lld", (long long)change);
		x->href = arena_printf(&req->arena, "/ideas/%lld", (long long)idea);
		x->summary = db_col_null(st, 3) ? NULL : db_col_dup(st, 3, &req->arena);
		x->published = x->updated = db_col_i64(st, 4);
		/* "Title: Selected" mixes the idea's language and the feed's. */
		x->title = arena_printf(&req->arena, "%s: %s", db_col_text(st, 5), status);
		x->lang = db_col_dup(st, 6, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	feed_send(req, resp, ctx, &site, "idea-status",
		  arena_printf(&req->arena, "%s – %s", tr(ctx->lang, N_("Decisions on ideas")),
			       tr(ctx->lang, N_("Open Innovation City"))),
		  "/feeds/status.atom", "/challenges", e, n);
}
