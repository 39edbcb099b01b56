/*
 * app.c - route table, middleware and page helpers; see app.h.
 *
 * Middleware order for every routed request:
 *   1. ROUTE_SLOW handlers are deferred to a worker thread first, so
 *      that none of the following runs twice;
 *   2. the thread's store connection (503 when the store is down);
 *   3. the session from its cookie (one query);
 *   4. the language: account, else cookie, else Accept-Language;
 *   5. for unsafe methods, the CSRF checks (403);
 *   6. the handler;
 *   7. after an unsafe request that succeeded, the page cache is
 *      invalidated, so that this node never shows a page older than a
 *      write it acknowledged.
 *
 * Before all of this, as soon as the headers are in, the HTTP server asks
 * app_cache_key() whether the request may be answered from the page cache
 * (ROUTE_CACHE routes, anonymous visitors); see http/page_cache.h.
 */
#include "app/app.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/secure.h"
#include "base/log.h"
#include "base/text.h"
#include "base/utf8.h"
#include "http/page_cache.h"
#include "templates.h"
#include "app/assets.h"
#include "app/json.h"

static const struct http_route app_routes[] = {
#define ROUTE(method, pattern, handler, flags) {method, pattern},
#include "features_routes.def"
#undef ROUTE
};

static const struct {
	app_handler *handler;
	int flags;
} app_route_impl[] = {
#define ROUTE(method, pattern, handler, flags) {handler, flags},
#include "features_routes.def"
#undef ROUTE
};

enum { APP_ROUTE_COUNT = sizeof(app_routes) / sizeof(app_routes[0]) };

static unsigned char app_secret[32];
static struct app_config app_cfg;
static bool app_query_header;

static const char *const lang_names[LANG__MAX] = {
	/* Each language in its own name, for the switcher. */
	[LANG_DE] = "Deutsch",
	[LANG_EN] = "English",
};

static enum http_handled app_handle(struct http_request *req, struct http_response *resp);
static void app_http_error(struct http_request *req, struct http_response *resp, int status,
			   const char *message_id);
static size_t app_route_max_body(int route);
static bool app_cache_key(struct http_request *req, struct buf *key);
static bool app_cache_store(struct http_request *req, const struct http_response *resp);
static bool api_json_form(struct http_request *req, struct http_response *resp);

const struct http_app app_http = {
	.routes = app_routes,
	.route_count = APP_ROUTE_COUNT,
	.handle = app_handle,
	.error = app_http_error,
	.finish = NULL,
	.route_max_body = app_route_max_body,
	.cache_key = app_cache_key,
	.cache_store = app_cache_store,
};

/* Forms stay under the server's max_body; routes that take files get more. */
static size_t app_route_max_body(int route)
{
	if (route < 0 || (size_t)route >= APP_ROUTE_COUNT ||
	    !(app_route_impl[route].flags & ROUTE_UPLOAD))
		return 0;
	return app_cfg.max_upload ? app_cfg.max_upload : (size_t)8 * 1024 * 1024;
}

int app_store_secret(struct db *db, const char *name, unsigned char *key)
{
	unsigned char fresh[32];
	struct arena a;
	int rc = -1;

	arena_init(&a);
	secure_random(fresh, sizeof(fresh));
	struct db_stmt *st = db_stmt(db, STMT_setting_init); /* kept if one is there already */
	const char *text = secure_base64url(&a, fresh, sizeof(fresh));
	if (st == NULL || text == NULL)
		goto out;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, text);
	if (db_run(st, NULL) < 0 || (st = db_stmt(db, STMT_setting_get)) == NULL)
		goto out;
	db_bind_text(st, 1, name);
	if (db_step(st) == DB_ROW) {
		secure_hash(db_col_text(st, 0), strlen(db_col_text(st, 0)), key);
		rc = 0;
	}
	db_reset(st);
out:
	arena_free(&a);
	return rc;
}

int app_held_word(struct db *db, struct arena *a, const char *text, const char **word)
{
	struct db_stmt *st = db_stmt(db, STMT_setting_get);

	*word = NULL;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, APP_HELD_WORDS_KEY);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*word = text_find_listed_word(a, db_col_text(st, 0), text);
	db_reset(st);
	return rc < 0 ? -1 : *word != NULL;
}

int app_account_counted(struct db *db, int64_t user, int sign)
{
	static const enum stmt_id steps[] = {STMT_user_count_supports, STMT_user_count_upvotes,
					     STMT_user_count_downvotes};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct db_stmt *st = db_stmt(db, steps[i]);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, user);
		db_bind_i64(st, 2, sign);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return 0;
}

int app_init(struct db *db, const struct app_config *cfg)
{
	app_cfg = *cfg;
	if (app_cfg.contact_email == NULL)
		app_cfg.contact_email = "innovation@example.org";
	app_query_header = getenv("OIC_QUERY_HEADER") != NULL;
	/* The secret that signs CSRF tokens: every node of a cluster signs alike. */
	_Static_assert(sizeof(app_secret) == SECURE_HASH_BYTES, "the secret is a hash");
	if (app_store_secret(db, "csrf_secret", app_secret) != 0)
		return -1;
	return assets_init() != 0 ? -1 : 0;
}

void app_free(void)
{
	assets_free();
}

const char *app_contact_email(void)
{
	return app_cfg.contact_email;
}

static struct app_ctx *ctx_new(struct http_request *req)
{
	struct app_ctx *ctx = arena_calloc(&req->arena, 1, sizeof(*ctx));
	if (ctx == NULL)
		return NULL;
	ctx->lang = LANG_DE;
	ctx->now = (int64_t)time(NULL);
	req->app = ctx;
	return ctx;
}

struct app_ctx *app_ctx(struct http_request *req)
{
	return req->app != NULL ? req->app : ctx_new(req);
}

static bool use_secure_cookies(const struct http_request *req)
{
	return app_cfg.secure_cookies || req->tls;
}

/* Cookie names: with TLS the __Host- prefix pins them to this origin. */
static const char *session_cookie_name(const struct http_request *req)
{
	return use_secure_cookies(req) ? "__Host-oic_session" : "oic_session";
}

static const char *csrf_cookie_name(const struct http_request *req)
{
	return use_secure_cookies(req) ? "__Host-oic_csrf" : "oic_csrf";
}

static void set_cookie(struct http_request *req, struct http_response *resp, const char *name,
		       const char *value, long max_age, bool http_only)
{
	char *header = arena_printf(
		&req->arena, "%s=%s; Path=/%s%s; SameSite=Lax%s", name, value,
		max_age >= 0 ? arena_printf(&req->arena, "; Max-Age=%ld", max_age) : "",
		http_only ? "; HttpOnly" : "", use_secure_cookies(req) ? "; Secure" : "");
	if (header != NULL)
		http_add_header(resp, "Set-Cookie", header);
}

void app_set_lang_cookie(struct http_request *req, struct http_response *resp, enum lang lang)
{
	set_cookie(req, resp, "lang", i18n_code(lang), 365L * 24 * 3600, false);
}

/* The language from the cookie, else the browser's preference. */
static enum lang visitor_lang(struct http_request *req)
{
	const char *c = http_cookie(req, "lang");
	enum lang lang;

	if (c != NULL && i18n_lang_from_code(c, strlen(c), &lang))
		return lang;
	return i18n_negotiate(http_header(req, "Accept-Language"));
}

/* Load the session named by the cookie; leaves ctx->user NULL if none. */
static int load_session(struct http_request *req, struct app_ctx *ctx)
{
	const char *token = http_cookie(req, session_cookie_name(req));
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];

	if (token == NULL || !secure_token_decode(token, raw))
		return 0;
	secure_hash(raw, sizeof(raw), hash);
	struct db_stmt *st = db_stmt(ctx->db, STMT_session_user);
	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, ctx->now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct app_user *u = arena_calloc(&req->arena, 1, sizeof(*u));
		if (u == NULL) {
			db_reset(st);
			return -1;
		}
		u->id = db_col_i64(st, 0);
		u->name = db_col_dup(st, 1, &req->arena);
		if (!role_parse(db_col_text(st, 2), &u->role))
			u->role = ROLE_PARTICIPANT;
		u->lang = db_col_dup(st, 3, &req->arena);
		u->sector = db_col_dup(st, 4, &req->arena);
		u->unread = db_col_i64(st, 5);
		ctx->user = u;
		ctx->session_token = token;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

const char *app_csrf(struct http_request *req, struct http_response *resp)
{
	struct app_ctx *ctx = app_ctx(req);

	if (ctx->csrf != NULL)
		return ctx->csrf;
	if (ctx->session_token != NULL) {
		char *msg = arena_printf(&req->arena, "s:%s", ctx->session_token);
		ctx->csrf = msg ? secure_mac_text(&req->arena, app_secret, sizeof(app_secret), msg)
				: NULL;
		return ctx->csrf;
	}
	/* Anonymous forms (login, register): a cookie bound token. */
	unsigned char raw[SECURE_TOKEN_BYTES];
	const char *cookie = http_cookie(req, csrf_cookie_name(req));
	if (cookie == NULL || !secure_token_decode(cookie, raw)) {
		cookie = secure_token(&req->arena);
		if (cookie == NULL)
			return NULL;
		if (resp != NULL)
			set_cookie(req, resp, csrf_cookie_name(req), cookie, -1, true);
	}
	char *msg = arena_printf(&req->arena, "a:%s", cookie);
	ctx->csrf = msg ? secure_mac_text(&req->arena, app_secret, sizeof(app_secret), msg) : NULL;
	return ctx->csrf;
}

/*
 * Unsafe methods must come from our own pages: the browser's
 * Sec-Fetch-Site and Origin headers, where sent, must say so, and the
 * form must carry the visitor's token.
 */
static bool csrf_ok(struct http_request *req)
{
	const char *site = http_header(req, "Sec-Fetch-Site");
	const char *origin = http_header(req, "Origin");
	const char *host = http_header(req, "Host");

	if (site != NULL && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	if (origin != NULL) {
		const char *rest = NULL;
		if (text_starts_with(origin, "http://"))
			rest = origin + 7;
		else if (text_starts_with(origin, "https://"))
			rest = origin + 8;
		if (rest == NULL || host == NULL || strcmp(rest, host) != 0)
			return false;
	}
	const char *sent = http_form(req, "_csrf");
	struct app_ctx *ctx = app_ctx(req);
	/* Anonymous: the cookie must already exist; never mint one here. */
	if (ctx->session_token == NULL && http_cookie(req, csrf_cookie_name(req)) == NULL)
		return false;
	const char *want = app_csrf(req, NULL);
	return sent != NULL && want != NULL && secure_equal(sent, want);
}

static bool is_unsafe(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

struct app_park {
	int (*hand_over)(void *arg, struct http_request *req);
	void *arg;
	app_handler *answer;
	uint64_t queries; /* run on this thread's connection before parking */
};

int app_park(struct http_request *req, int (*hand_over)(void *arg, struct http_request *req),
	     void *arg, app_handler *answer)
{
	struct app_ctx *ctx = app_ctx(req);
	struct app_park *p = arena_calloc(&req->arena, 1, sizeof(*p));

	if (ctx == NULL || p == NULL)
		return -1;
	p->hand_over = hand_over;
	p->arg = arg;
	p->answer = answer;
	ctx->park = p;
	return 0;
}

void *app_park_arg(struct app_ctx *ctx)
{
	return ctx->park != NULL ? ctx->park->arg : NULL;
}

static void add_query_header(struct http_request *req, struct http_response *resp, uint64_t n)
{
	char *text = arena_printf(&req->arena, "%llu", (unsigned long long)n);
	if (text != NULL)
		http_add_header(resp, "X-Queries", text);
}

/* After the handler: hand a parked request to the server. */
static enum http_handled app_parked(struct http_request *req, struct app_ctx *ctx,
				    uint64_t queries_before)
{
	if (ctx->db != NULL)
		ctx->park->queries = db_query_count(ctx->db) - queries_before;
	req->park = ctx->park->hand_over;
	req->park_arg = ctx->park->arg;
	return HTTP_PARK;
}

static enum http_handled app_handle(struct http_request *req, struct http_response *resp)
{
	int flags = app_route_impl[req->route].flags;
	struct app_ctx *ctx;

	if ((flags & ROUTE_SLOW) && !req->deferred)
		return HTTP_DEFER;
	ctx = app_ctx(req);
	if (ctx == NULL) {
		resp->status = 500;
		return HTTP_DONE;
	}
	if (req->resumed && ctx->park != NULL) {
		/* Session, language and CSRF were settled before parking. */
		ctx->db = db_thread();
		uint64_t before = ctx->db ? db_query_count(ctx->db) : 0;
		ctx->park->answer(req, resp, ctx);
		/* The committer has committed before resuming: see below. */
		if (is_unsafe(req->method) && resp->status < 400)
			page_cache_invalidate();
		if (app_query_header)
			add_query_header(req, resp,
					 ctx->park->queries + ctx->queries_elsewhere +
						 (ctx->db ? db_query_count(ctx->db) - before : 0));
		return HTTP_DONE;
	}
	if (flags & ROUTE_NO_STORE) {
		ctx->lang = visitor_lang(req);
		ctx->cookie_reads = req->cookie_reads;
		app_route_impl[req->route].handler(req, resp, ctx);
		return HTTP_DONE;
	}
	ctx->db = db_thread();
	uint64_t queries_before = ctx->db ? db_query_count(ctx->db) : 0;
	if (flags & ROUTE_API) {
		/*
		 * The API ignores cookies: it is authenticated by bearer
		 * tokens only, so a browser cannot be made to write through
		 * it (no CSRF), and its language comes from Accept-Language.
		 */
		ctx->lang = i18n_negotiate(http_header(req, "Accept-Language"));
		int rc = ctx->db == NULL ? -2 : app_api_user(req, ctx);
		if (rc == -2)
			app_error(
				req, resp, 503,
				N_("The platform is briefly unavailable. Please try again in a moment."));
		else if (rc < 0)
			app_error(req, resp, 401, N_("The access token is not valid."));
		else if (api_json_form(req, resp)) {
			ctx->cookie_reads = req->cookie_reads;
			app_route_impl[req->route].handler(req, resp, ctx);
		}
		if (ctx->park != NULL)
			return app_parked(req, ctx, queries_before);
		goto out;
	}
	if (ctx->db == NULL || load_session(req, ctx) != 0) {
		ctx->lang = visitor_lang(req);
		app_error(req, resp, 503,
			  N_("The platform is briefly unavailable. Please try again in a moment."));
		return HTTP_DONE;
	}
	enum lang lang;
	if (ctx->user != NULL && ctx->user->lang != NULL &&
	    i18n_lang_from_code(ctx->user->lang, strlen(ctx->user->lang), &lang))
		ctx->lang = lang;
	else
		ctx->lang = visitor_lang(req);
	if (is_unsafe(req->method) && !csrf_ok(req)) {
		app_error(
			req, resp, 403,
			N_("This form has expired or was sent from another site. Please reload the page and try again."));
		return HTTP_DONE;
	}
	ctx->cookie_reads = req->cookie_reads;
	app_route_impl[req->route].handler(req, resp, ctx);
	if (ctx->park != NULL)
		return app_parked(req, ctx, queries_before);
out:
	/*
	 * A write that succeeded (errors change nothing) makes every cached
	 * page of this node stale; the handler has committed by now, and the
	 * writer gets its answer only after this.
	 */
	if (is_unsafe(req->method) && resp->status < 400)
		page_cache_invalidate();
	if (app_query_header && ctx->db != NULL)
		add_query_header(req, resp,
				 db_query_count(ctx->db) - queries_before + ctx->queries_elsewhere);
	return HTTP_DONE;
}

/* Field order for the cache key: by name, keeping repeated names in order. */
static void fields_sort(const struct http_field **items, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		const struct http_field *f = items[i];
		size_t j = i;
		while (j > 0 && strcmp(items[j - 1]->name, f->name) > 0) {
			items[j] = items[j - 1];
			j--;
		}
		items[j] = f;
	}
}

enum { CACHE_MAX_QUERY_FIELDS = 32 };

/*
 * Whether a GET or HEAD may come from the page cache, and its key.  Asked
 * by the HTTP server before any middleware: it needs no store.
 *
 * Only ROUTE_CACHE routes, and only anonymous requests: no session cookie
 * (valid or not) and no API token.  The key holds everything else an
 * anonymous response varies on: the method (HEAD has no body), the scheme
 * and Host (Atom feeds link to them), the response language (the cookie,
 * else Accept-Language; the API only follows Accept-Language), the path,
 * and the query with its fields sorted by name, so that the same question
 * asked in another order is the same page.  Every part is free of NUL
 * bytes (the server checked), so NUL separates them unambiguously.
 *
 * Whatever else a handler reads from the visitor -- the random order's
 * seed cookie, an anonymous form's CSRF cookie -- is counted by
 * http_cookie() and keeps its response out of the cache (app_cache_store).
 */
static bool app_cache_key(struct http_request *req, struct buf *key)
{
	int flags = app_route_impl[req->route].flags;
	const struct http_field *sorted[CACHE_MAX_QUERY_FIELDS];
	size_t n = req->query_fields.count;

	if (!(flags & ROUTE_CACHE) || n > CACHE_MAX_QUERY_FIELDS)
		return false;
	if (http_header(req, "Authorization") != NULL || http_cookie(req, "oic_session") != NULL ||
	    http_cookie(req, "__Host-oic_session") != NULL)
		return false;
	enum lang lang = (flags & ROUTE_API) ? i18n_negotiate(http_header(req, "Accept-Language"))
					     : visitor_lang(req);
	const char *host = http_header(req, "Host");
	const char *parts[] = {req->method_name, req->tls ? "https" : "http", i18n_code(lang),
			       host != NULL ? host : "", req->path};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		buf_append(key, parts[i], strlen(parts[i]) + 1);
	for (size_t i = 0; i < n; i++)
		sorted[i] = &req->query_fields.items[i];
	fields_sort(sorted, n);
	for (size_t i = 0; i < n; i++) {
		buf_append(key, sorted[i]->name, strlen(sorted[i]->name) + 1);
		buf_append(key, sorted[i]->value, sorted[i]->value_len + 1);
	}
	return true;
}

/*
 * Whether the response to a request that app_cache_key() admitted may be
 * stored: the visitor turned out anonymous, the handler read no cookie
 * beyond those the key holds, set none, and did not forbid caching.
 * (The server itself keeps only status 200 without "Connection: close".)
 */
static bool app_cache_store(struct http_request *req, const struct http_response *resp)
{
	const struct app_ctx *ctx = req->app;

	if (ctx == NULL || ctx->user != NULL || req->cookie_reads != ctx->cookie_reads)
		return false;
	for (size_t i = 0; i < resp->header_count; i++) {
		const struct http_field *h = &resp->headers[i];
		if (strcasecmp(h->name, "Set-Cookie") == 0)
			return false;
		if (strcasecmp(h->name, "Cache-Control") == 0 &&
		    (strstr(h->value, "no-store") != NULL || strstr(h->value, "private") != NULL))
			return false;
	}
	return true;
}

const char *app_safe_next(const char *next)
{
	/* Only local absolute paths: no "//host", no "/\host", no scheme. */
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/";
	return next;
}

static const struct {
	const char *code;
	const char *msgid;
} app_notices[] = {
	{"welcome", N_("Welcome! Your account has been created.")},
	{"login", N_("You are logged in.")},
	{"logout", N_("You are logged out.")},
	{"saved", N_("Your settings have been saved.")},
	{"deleted", N_("Your account has been deleted.")},
	{"token-deleted", N_("The token has been deleted.")},
	{"event-registered", N_("You are registered for this event.")},
	{"event-waitlisted",
	 N_("All places are taken: you are on the waitlist and get a notification if a place "
	    "becomes free.")},
	{"event-cancelled", N_("Your registration has been cancelled.")},
	{"event-already-registered",
	 N_("You were already registered for this event. Nothing has changed.")},
	{"event-already-waitlisted",
	 N_("You were already on the waitlist of this event. Nothing has changed.")},
};

/* A section is current for its own page and the pages below it. */
static bool nav_matches(const char *path, const char *href)
{
	size_t n = strlen(href);
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

struct field_option *app_lang_options(struct arena *a, const char *selected)
{
	struct field_option *o = arena_calloc(a, LANG__MAX, sizeof(*o));

	for (int i = 0; o != NULL && i < LANG__MAX; i++)
		o[i] = (struct field_option){
			i18n_code((enum lang)i), lang_names[i],
			selected != NULL && strcmp(selected, i18n_code((enum lang)i)) == 0};
	return o;
}

void app_layout(struct http_request *req, struct http_response *resp, struct layout_view *layout,
		const char *title_msgid, const char *current_path)
{
	struct app_ctx *ctx = app_ctx(req);
	static const struct {
		const char *href;
		const char *label;
	} nav[] = {
		{"/", N_("Home")},
		{"/challenges", N_("Challenges")},
		{"/projects", N_("Pilot projects")},
		{"/events", N_("Events")},
		{"/actors", N_("Actors")},
		{"/opportunities", N_("Opportunities")},
		{"/map", N_("Map")},
		{"/search", N_("Search")},
	};
	size_t nav_count = sizeof(nav) / sizeof(nav[0]);
	bool admin = ctx->user != NULL && role_can(ctx->user->role, PERM_BACK_OFFICE);

	memset(layout, 0, sizeof(*layout));
	layout->title = tr(ctx->lang, title_msgid);
	layout->lang = i18n_code(ctx->lang);
	if (ctx->user != NULL) {
		layout->user_name = ctx->user->name;
		layout->is_admin = admin;
		layout->csrf = app_csrf(req, resp);
		layout->unread = ctx->user->unread;
	}
	layout->nav = arena_calloc(&req->arena, nav_count + 1, sizeof(*layout->nav));
	layout->langs = arena_calloc(&req->arena, LANG__MAX, sizeof(*layout->langs));
	if (layout->nav == NULL || layout->langs == NULL)
		return;
	for (size_t i = 0; i < nav_count; i++) {
		struct nav_link *l = &layout->nav[layout->nav_count++];
		l->href = nav[i].href;
		l->label = tr(ctx->lang, nav[i].label);
		l->current = current_path && nav_matches(current_path, nav[i].href) ? "page" : NULL;
	}
	if (admin) {
		struct nav_link *l = &layout->nav[layout->nav_count++];
		l->href = "/admin";
		l->label = tr(ctx->lang, N_("Back office"));
		l->current = current_path && strcmp(current_path, "/admin") == 0 ? "page" : NULL;
	}
	if (!admin && ctx->user != NULL && role_can(ctx->user->role, PERM_EVALUATE)) {
		struct nav_link *l = &layout->nav[layout->nav_count++];
		l->href = "/evaluate";
		l->label = tr(ctx->lang, N_("Evaluation"));
		l->current = current_path && nav_matches(current_path, "/evaluate") ? "page" : NULL;
	}
	/* A request refused by the HTTP layer may have no valid path. */
	const char *here = req->path == NULL ? "/"
			   : req->query != NULL && req->query[0]
				   ? arena_printf(&req->arena, "%s?%s", req->path, req->query)
				   : req->path;
	const char *next = here ? text_url_encode(&req->arena, here) : NULL;
	for (int i = 0; i < LANG__MAX; i++) {
		struct lang_link *l = &layout->langs[layout->langs_count++];
		l->code = i18n_code((enum lang)i);
		l->label = lang_names[i];
		l->href = arena_printf(&req->arena, "/lang?to=%s&next=%s", l->code,
				       next ? next : "%2F");
		l->current = (enum lang)i == ctx->lang ? "true" : NULL;
	}
	const char *notice = http_query(req, "notice");
	for (size_t i = 0; notice && i < sizeof(app_notices) / sizeof(app_notices[0]); i++)
		if (strcmp(notice, app_notices[i].code) == 0)
			layout->notice = tr(ctx->lang, app_notices[i].msgid);
}

struct tpl_out app_html(struct http_request *req, struct http_response *resp, int status)
{
	struct app_ctx *ctx = app_ctx(req);
	struct tpl_out out = {.buf = &resp->body, .lang = ctx->lang};

	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	http_add_header(resp, "Cache-Control",
			ctx->user != NULL ? "private, no-store" : "no-cache");
	http_add_header(resp, "Vary", "Cookie, Accept-Language");
	http_add_header(resp, "Content-Language", i18n_code(ctx->lang));
	return out;
}

static const struct {
	int status;
	const char *code;    /* API error code */
	const char *heading; /* msgid */
} app_statuses[] = {
	{400, "bad_request", N_("The request could not be understood")},
	{401, "unauthorized", N_("Authentication required")},
	{403, "forbidden", N_("Access denied")},
	{404, "not_found", N_("Page not found")},
	{405, "method_not_allowed", N_("Method not allowed")},
	{409, "conflict", N_("This cannot be done now")},
	{413, "too_large", N_("Too large")},
	{422, "invalid", N_("Please check your input")},
	{429, "rate_limited", N_("Too many attempts")},
	{500, "internal", N_("Something went wrong")},
	{503, "unavailable", N_("Temporarily unavailable")},
};

void app_error(struct http_request *req, struct http_response *resp, int status,
	       const char *message_id)
{
	struct app_ctx *ctx = app_ctx(req);
	size_t i = 0, n = sizeof(app_statuses) / sizeof(app_statuses[0]);

	while (i < n && app_statuses[i].status != status)
		i++;
	if (i == n) {
		/* A status the table does not know is answered as a 500. */
		status = 500;
		for (i = 0; app_statuses[i].status != 500; i++)
			;
	}
	resp->status = status;
	if (ctx == NULL)
		return;
	const char *message = tr(ctx->lang, message_id ? message_id : app_statuses[i].heading);
	if (req->path != NULL && text_starts_with(req->path, "/api/")) {
		app_json_error(resp, status, app_statuses[i].code, message, NULL);
		return;
	}
	struct error_view v;
	app_layout(req, resp, &v.layout, app_statuses[i].heading, NULL);
	v.status = status;
	v.heading = tr(ctx->lang, app_statuses[i].heading);
	v.message = message;
	struct tpl_out out = app_html(req, resp, status);
	tpl_error(&out, &v);
}

/* Errors found by the HTTP layer, before any middleware ran. */
static void app_http_error(struct http_request *req, struct http_response *resp, int status,
			   const char *message_id)
{
	struct app_ctx *ctx = app_ctx(req);
	if (ctx != NULL)
		ctx->lang = visitor_lang(req);
	app_error(req, resp, status, message_id);
}

bool app_is_api(const struct http_request *req)
{
	return req->path != NULL && text_starts_with(req->path, "/api/");
}

void app_api_created(struct http_response *resp, int64_t id, const char *url, bool held)
{
	app_json(resp, 201,
		 json_pack("{s:I,s:s,s:b}", "id", (json_int_t)id, "url", url ? url : "", "held",
			   held),
		 NULL, 0, NULL);
	if (url != NULL)
		http_add_header(resp, "Location", url);
}

/*
 * API writes may send JSON objects; their top-level strings, numbers and
 * arrays of strings become form fields, so that the handlers of the HTML
 * forms read them alike.  Returns false (400 answered) for bad JSON.
 */
static bool api_json_form(struct http_request *req, struct http_response *resp)
{
	const char *ctype = http_header(req, "Content-Type");
	json_error_t err;

	if (ctype == NULL || strncasecmp(ctype, "application/json", 16) != 0 || req->body == NULL)
		return true;
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
	size_t cap = 64, n = 0;
	struct http_field *items = arena_calloc(&req->arena, cap, sizeof(*items));
	if (j == NULL || !json_is_object(j) || items == NULL) {
		json_decref(j);
		app_error(req, resp, 400, N_("The request body is not a JSON object."));
		return false;
	}
	const char *key;
	json_t *value;
	json_object_foreach(j, key, value)
	{
		json_t *one[1] = {value};
		json_t **vals = one;
		size_t count = 1;
		if (json_is_array(value)) {
			count = json_array_size(value);
			vals = arena_calloc(&req->arena, count ? count : 1, sizeof(json_t *));
			for (size_t i = 0; vals != NULL && i < count; i++)
				vals[i] = json_array_get(value, i);
		}
		for (size_t i = 0; vals != NULL && i < count && n < cap; i++) {
			char *text = NULL;
			if (json_is_string(vals[i]))
				text = arena_strdup(&req->arena, json_string_value(vals[i]));
			else if (json_is_integer(vals[i]))
				text = arena_printf(&req->arena, "%lld",
						    (long long)json_integer_value(vals[i]));
			else if (json_is_real(vals[i]))
				text = arena_printf(&req->arena, "%.10g", json_real_value(vals[i]));
			if (text == NULL || !utf8_valid(text, strlen(text)))
				continue;
			items[n].name = arena_strdup(&req->arena, key);
			items[n].value = text;
			items[n].value_len = strlen(text);
			n++;
		}
	}
	json_decref(j);
	req->form.items = items;
	req->form.count = n;
	return true;
}

void app_require_login(struct http_request *req, struct http_response *resp)
{
	if (app_is_api(req)) {
		app_error(req, resp, 401,
			  N_("Send a personal access token: Authorization: Bearer <token>."));
		return;
	}
	const char *next = text_url_encode(&req->arena, req->path);
	http_redirect(resp,
		      arena_printf(&req->arena, "/account/login?next=%s", next ? next : "%2F"));
}

bool app_allowed(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		 bool allowed, const char *why)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	if (!allowed) {
		app_error(req, resp, 403, why);
		return false;
	}
	return true;
}

bool app_found(struct http_request *req, struct http_response *resp, int found, const char *why)
{
	if (found > 0)
		return true;
	app_error(req, resp, found == 0 ? 404 : 503, found == 0 ? why : NULL);
	return false;
}

bool app_rate_exceeded(struct app_ctx *ctx, const char *key, int64_t limit, int64_t window_s)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_rate_hit);
	int64_t hits = 0;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->now - window_s);
	if (db_run(st, &hits) < 0)
		return false; /* a broken limiter must not lock people out */
	return hits > limit;
}

bool app_rate_reached(struct app_ctx *ctx, const char *key, int64_t limit, int64_t window_s)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_rate_get);
	int64_t hits = 0;

	if (st == NULL)
		return false;
	db_bind_text(st, 1, key);
	db_bind_i64(st, 2, ctx->now - window_s);
	if (db_run(st, &hits) < 0)
		return false;
	return hits >= limit;
}

void app_rate_clear(struct app_ctx *ctx, const char *key)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_rate_clear);
	if (st != NULL) {
		db_bind_text(st, 1, key);
		db_run(st, NULL);
	}
}

enum { SESSION_SECONDS = 30 * 24 * 3600 };

int app_session_start(struct http_request *req, struct http_response *resp, int64_t user_id)
{
	struct app_ctx *ctx = app_ctx(req);
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];

	/* Rotation: a session id known before login is never reused. */
	app_session_end(req, NULL);
	char *token = secure_token(&req->arena);
	if (token == NULL || !secure_token_decode(token, raw))
		return -1;
	secure_hash(raw, sizeof(raw), hash);
	struct db_stmt *st = db_stmt(ctx->db, STMT_session_insert);
	if (st == NULL)
		return -1;
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, user_id);
	db_bind_i64(st, 3, ctx->now);
	db_bind_i64(st, 4, ctx->now + SESSION_SECONDS);
	if (db_run(st, NULL) < 0)
		return -1;
	set_cookie(req, resp, session_cookie_name(req), token, SESSION_SECONDS, true);
	ctx->session_token = token;
	ctx->csrf = NULL;
	return 0;
}

void app_session_end(struct http_request *req, struct http_response *resp)
{
	struct app_ctx *ctx = app_ctx(req);
	const char *token = http_cookie(req, session_cookie_name(req));
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];

	if (token != NULL && secure_token_decode(token, raw)) {
		secure_hash(raw, sizeof(raw), hash);
		struct db_stmt *st = db_stmt(ctx->db, STMT_session_delete);
		if (st != NULL) {
			db_bind_blob(st, 1, hash, sizeof(hash));
			db_run(st, NULL);
		}
	}
	ctx->session_token = NULL;
	ctx->csrf = NULL;
	if (resp != NULL)
		set_cookie(req, resp, session_cookie_name(req), "", 0, true);
}

int app_api_user(struct http_request *req, struct app_ctx *ctx)
{
	const char *auth = http_header(req, "Authorization");
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];

	if (auth == NULL)
		return 0;
	if (strncasecmp(auth, "Bearer ", 7) != 0 || !secure_token_decode(auth + 7, raw))
		return -1;
	secure_hash(raw, sizeof(raw), hash);
	struct db_stmt *st = db_stmt(ctx->db, STMT_token_user);
	if (st == NULL)
		return -2;
	db_bind_blob(st, 1, hash, sizeof(hash));
	int rc = db_step(st);
	int64_t token_id = 0;
	if (rc == DB_ROW) {
		struct app_user *u = arena_calloc(&req->arena, 1, sizeof(*u));
		if (u != NULL) {
			u->id = db_col_i64(st, 0);
			u->name = db_col_dup(st, 1, &req->arena);
			if (!role_parse(db_col_text(st, 2), &u->role))
				u->role = ROLE_PARTICIPANT;
			u->lang = db_col_dup(st, 3, &req->arena);
			u->sector = db_col_dup(st, 4, &req->arena);
			ctx->user = u;
		}
		token_id = db_col_i64(st, 5);
	}
	db_reset(st);
	if (rc < 0)
		return -2;
	if (rc != DB_ROW || ctx->user == NULL)
		return -1;
	/* "Last used", to the hour: no write per request. */
	st = db_stmt(ctx->db, STMT_token_touch);
	if (st != NULL) {
		db_bind_i64(st, 1, token_id);
		db_bind_i64(st, 2, ctx->now);
		db_bind_i64(st, 3, ctx->now - 3600);
		db_run(st, NULL);
	}
	return 0;
}

int app_audit_change(struct app_ctx *ctx, const char *action, const char *subject,
		     const char *detail, const char *before, const char *after)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_audit_insert);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->now);
	if (ctx->user != NULL)
		db_bind_i64(st, 2, ctx->user->id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, subject);
	db_bind_text(st, 5, detail ? detail : "");
	db_bind_text(st, 6, before ? before : "");
	db_bind_text(st, 7, after ? after : "");
	if (db_run(st, NULL) < 0) {
		log_error("audit write failed: %s %s", action, subject);
		return -1;
	}
	return 0;
}

int app_audit(struct app_ctx *ctx, const char *action, const char *subject, const char *detail)
{
	return app_audit_change(ctx, action, subject, detail, "", "");
}
