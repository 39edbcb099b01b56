/*
 * app.h - the web application: route table, per-request context and the
 * middleware every handler relies on (store connection, session,
 * language, CSRF), plus helpers to render pages and errors.
 *
 * Handlers live one feature per file (home.c, account.c, ops.c) and are
 * listed in routes.def.
 */
#ifndef OIC_WEB_APP_H
#define OIC_WEB_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/i18n.h"
#include "app/roles.h"
#include "http/server.h"
#include "store/db.h"
#include "view/views.h"

struct app_user {
	int64_t id;
	const char *name;
	enum role role;
	const char *lang; /* NULL: follow the browser */
	const char *sector;
	int64_t unread; /* unread notifications, for the header */
};

/* What the middleware learnt about a request. */
struct app_ctx {
	struct db *db;		   /* this thread's connection (NULL for NO_STORE routes) */
	enum lang lang;		   /* language of the response */
	struct app_user *user;	   /* NULL when anonymous */
	const char *session_token; /* the session cookie's value, if valid */
	const char *csrf;	   /* this visitor's form token, lazily made */
	int64_t now;		   /* Unix seconds when the request began */
	unsigned cookie_reads;	   /* req->cookie_reads when the handler began */
	/* Set by app_park(): who answers once the request is resumed. */
	struct app_park *park;
	/* Statements run for this request on another connection (the
	 * group committer's), for the X-Queries header. */
	uint64_t queries_elsewhere;
};

/* Route flags. */
enum {
	ROUTE_SLOW = 1 << 0,	 /* run on a worker thread (password hashing) */
	ROUTE_NO_STORE = 1 << 1, /* needs no store, no session (static, ops) */
	ROUTE_API = 1 << 2,	 /* JSON API: bearer token instead of cookies, no CSRF */
	ROUTE_UPLOAD = 1 << 3,	 /* takes files: body limit max_upload, not max_body */
	/*
	 * A public read whose anonymous response is the same for everyone
	 * with the same URL, language and host: this node may answer it from
	 * its page cache (http/page_cache.h) for OIC_PAGE_CACHE_TTL seconds.
	 * Never for pages with per-visitor content or their own caching.
	 */
	ROUTE_CACHE = 1 << 4,
};

typedef void app_handler(struct http_request *req, struct http_response *resp, struct app_ctx *ctx);

/* The application as the HTTP server sees it. */
extern const struct http_app app_http;

struct app_config {
	const char *contact_email;
	bool secure_cookies; /* always mark cookies Secure (behind TLS) */
	size_t max_upload;   /* body limit of ROUTE_UPLOAD routes; 0: 8 MiB */
};

/*
 * Prepare the application: load (or create) the server secret through db,
 * build the asset table.  -1 when the store cannot be read.
 */
int app_init(struct db *db, const struct app_config *cfg);

/*
 * A secret kept in the store under `name` (settings), made at random by
 * the first to ask, so that every node of a cluster uses the same; its
 * hash, SECURE_HASH_BYTES long, goes to key.  -1 when the store fails.
 */
int app_store_secret(struct db *db, const char *name, unsigned char *key);

/*
 * The moderators' held words (settings, one per line): a new post that
 * holds one is kept for review before it is public.  1 with *word (in a)
 * when text holds one, 0 when not, -1 when the store fails.
 */
#define APP_HELD_WORDS_KEY "moderation.held_words"
int app_held_word(struct db *db, struct arena *a, const char *text, const char **word);

/*
 * Take account user's supports and comment votes off every counter
 * (sign -1) or put them back (+1), inside the caller's transaction: when
 * the account is deleted, banned, or its ban lifted.  -1 on a store error.
 */
int app_account_counted(struct db *db, int64_t user, int sign);

/* Release what app_init() took. */
void app_free(void);

/* The context of a request (set by the middleware). */
struct app_ctx *app_ctx(struct http_request *req);

/* The visitor's CSRF token for forms; sets the anonymous cookie if new. */
const char *app_csrf(struct http_request *req, struct http_response *resp);

/* Fill the frame of a page. title_msgid is translated. */
void app_layout(struct http_request *req, struct http_response *resp, struct layout_view *layout,
		const char *title_msgid, const char *current_path);

/*
 * The platform's languages as the options of a select, each in its own
 * name ("Deutsch"), the one whose code is selected selected: LANG__MAX
 * options in arena a (NULL when out of memory).
 */
struct field_option *app_lang_options(struct arena *a, const char *selected);

/* Begin an HTML response: status, type, caching headers; returns out. */
struct tpl_out app_html(struct http_request *req, struct http_response *resp, int status);

/*
 * Answer later, without holding an HTTP thread meanwhile: once the
 * handler returns, the connection is suspended and hand_over(arg, req)
 * passes the request to another thread (return 0), which calls
 * http_resume(req) when its work is done; then answer(req, resp, ctx)
 * runs on an HTTP thread with the same context (and this thread's store
 * connection) and writes the response.  When hand_over returns -1,
 * answer runs at once.  arg must live in the request arena.  Not for
 * ROUTE_SLOW handlers.  Returns -1 (nothing parked) when out of memory.
 */
int app_park(struct http_request *req, int (*hand_over)(void *arg, struct http_request *req),
	     void *arg, app_handler *answer);

/* The argument given to app_park(), for the answering handler. */
void *app_park_arg(struct app_ctx *ctx);

/* Render an error page (or JSON under /api) in the visitor's language. */
void app_error(struct http_request *req, struct http_response *resp, int status,
	       const char *message_id);

/* Whether the request is for the JSON API (path under /api/). */
bool app_is_api(const struct http_request *req);

/*
 * Answer 201 Created with {"id": id, "url": url, "held": held} for an API
 * request that made something (url: its page; held: it waits for the
 * moderators, who hold posts with one of their words, and is public only
 * once they let it through).
 */
void app_api_created(struct http_response *resp, int64_t id, const char *url, bool held);

/* Redirect to the login page, coming back to the current path after
 * (for the API: 401 with a JSON error). */
void app_require_login(struct http_request *req, struct http_response *resp);

/*
 * The preamble of every steering and back-office handler: true when the
 * visitor is logged in and allowed (what the feature's rules said, from
 * role_can).  Otherwise the answer is sent: the login for the anonymous,
 * 403 with why (a msgid) for the others.  The check is on the server,
 * whatever the page showed.
 */
bool app_allowed(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		 bool allowed, const char *why);

/*
 * After loading what the route names (found: 1, 0 when it is not there,
 * -1 when the store failed): true when found; otherwise 404 with why (a
 * msgid) or 503 is sent.
 */
bool app_found(struct http_request *req, struct http_response *resp, int found, const char *why);

/*
 * Count a hit on a fixed-window rate limit; true when key has had more
 * than limit hits within window_s seconds (then answer 429).
 */
bool app_rate_exceeded(struct app_ctx *ctx, const char *key, int64_t limit, int64_t window_s);

/* Whether key is already at or above limit, without counting a hit. */
bool app_rate_reached(struct app_ctx *ctx, const char *key, int64_t limit, int64_t window_s);

/* Forget a rate-limit key (after a successful login). */
void app_rate_clear(struct app_ctx *ctx, const char *key);

/* Start a session for user_id: store it, set the cookie, rotate the old. */
int app_session_start(struct http_request *req, struct http_response *resp, int64_t user_id);

/* End the current session (if any) and clear the cookie. */
void app_session_end(struct http_request *req, struct http_response *resp);

/* Set the language cookie. */
void app_set_lang_cookie(struct http_request *req, struct http_response *resp, enum lang lang);

/*
 * The user of an API request from its "Authorization: Bearer TOKEN"
 * header, or NULL (no header).  Returns -1 when a token is given but is
 * not valid (answer 401), 0 otherwise.
 */
int app_api_user(struct http_request *req, struct app_ctx *ctx);

/*
 * Write an audit-log row for the visitor's action, inside the caller's
 * transaction; -1 when it could not be written (logged): a back-office
 * action rolls back rather than go unrecorded.  app_audit_change also
 * records the value before and after (a role, a status).
 */
int app_audit(struct app_ctx *ctx, const char *action, const char *subject, const char *detail);
int app_audit_change(struct app_ctx *ctx, const char *action, const char *subject,
		     const char *detail, const char *before, const char *after);

/* A local path safe to redirect to (else "/"). */
const char *app_safe_next(const char *next);

/* The configured contact address for legal pages. */
const char *app_contact_email(void);

/*
 * The platform's address for absolute links (app/site.c): base without a
 * trailing slash ("https://oic.example.org"), and the bare host name.
 */
struct app_site {
	const char *base;
	const char *host;
};
void app_site(struct http_request *req, struct app_site *site);

/* Handlers (routes.def). */
#define ROUTE(method, pattern, handler, flags) app_handler handler;
#include "features_routes.def"
#undef ROUTE

#endif
