/*
 * server.c - the libmicrohttpd adapter.
 *
 * The life of a request here:
 *
 *  1. The URI-log callback runs first, with the raw request target as the
 *     client sent it.  It creates our per-request state (with its arena)
 *     and keeps the raw target: libmicrohttpd's own unescaping accepts
 *     invalid percent-encoding and NUL bytes, so we decode ourselves.
 *  2. First call of the access handler: headers are complete.  We copy
 *     them, refuse hostile framing (Content-Length together with
 *     Transfer-Encoding, RFC 9112 section 6.1) and oversized bodies, and
 *     return without a response.  Queuing a response in this first call
 *     makes libmicrohttpd 0.9.75 answer "Connection: close" (MACHINE-NOTES),
 *     so only fatal errors are answered here.
 *  3. Further calls deliver the body, which we collect up to max_body.
 *  4. The last call (no more data): parse the query and body, route, and
 *     call the application.  If it asks to be deferred, the connection is
 *     suspended and the handler runs again on a worker thread, which then
 *     resumes the connection; the next call queues the response.
 *     If it parks (HTTP_PARK), the connection is suspended without
 *     occupying any thread: req->park hands the request to whoever does
 *     the work (the group committer of supports, features/funnel/support_batch.c),
 *     which calls http_resume(); the next call runs the handler again on
 *     this HTTP thread (req->resumed) and queues its response.
 *  5. The completion callback counts metrics, writes the access line and
 *     frees the arena.
 *
 * The page cache (page_cache.h) cuts in at step 2: when the application
 * says a GET or HEAD may be answered from it (no session, a cacheable
 * route), the key is looked up as soon as the headers are in, and a hit
 * is queued at the next call without any store or handler work.  The
 * cache holds complete libmicrohttpd responses (reference counted by
 * libmicrohttpd, so one response is queued on many connections at once).
 * On a miss the response the handler made is stored, if the application
 * allows, with the cache generation read before the handler ran.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/secure.h"
#include "base/utf8.h"
#include "base/workq.h"
#include "http/metrics.h"
#include "http/page_cache.h"
#include "http/parse.h"

enum conn_phase {
	PHASE_HEADERS, /* first call not yet seen */
	PHASE_BODY,    /* collecting the body */
	PHASE_WORKING, /* deferred to a worker */
	PHASE_READY,   /* response ready to queue */
	PHASE_SENT,
};

struct conn_state {
	struct http_request req;
	struct http_response resp;
	struct http_server *srv;
	struct MHD_Connection *conn;
	const char *raw_target;
	struct buf body;
	bool body_too_large;
	enum conn_phase phase;
	_Atomic bool ready;
	bool parked; /* suspended by HTTP_PARK: the handler answers on resume */
	struct timespec started;
	int error_status; /* set when the request was refused early */
	const char *error_msg;
	enum router_rc route_rc; /* routed as soon as the headers are in */
	unsigned allow;
	size_t max_body;
	/* Page cache: the key when the request may use it, and a hit. */
	const char *cache_key;
	size_t cache_key_len;
	uint64_t cache_generation;
	struct page_cache_entry *cached;
};

/* What the page cache holds for one response. */
struct cached_page {
	struct MHD_Response *response; /* with every header, ready to queue */
	size_t body_len;
	char etag[20]; /* "\"" + 16 hex digits + "\"" */
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct workq *workers;
	struct http_config cfg;
	const struct http_app *app;
	_Atomic int in_flight;
	uint16_t port;
};

static const char *const method_names[HTTP_METHOD__MAX] = {"GET",   "HEAD",   "POST",	 "PUT",
							   "PATCH", "DELETE", "OPTIONS", "OTHER"};

const char *http_method_name(enum http_method m)
{
	return m < HTTP_METHOD__MAX ? method_names[m] : "OTHER";
}

static enum http_method method_parse(const char *s)
{
	for (int m = 0; m < HTTP_OTHER; m++)
		if (strcmp(s, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

static int64_t elapsed_us(const struct timespec *from)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - from->tv_sec) * 1000000 +
	       (now.tv_nsec - from->tv_nsec) / 1000;
}

/* ---- request accessors (declared in http.h) ---- */

static const char *fields_find(const struct http_fields *f, const char *name, bool ignore_case)
{
	for (size_t i = 0; i < f->count; i++)
		if ((ignore_case ? strcasecmp(f->items[i].name, name)
				 : strcmp(f->items[i].name, name)) == 0)
			return f->items[i].value;
	return NULL;
}

const char *http_header(const struct http_request *req, const char *name)
{
	return fields_find(&req->headers, name, true);
}

const char *http_query(const struct http_request *req, const char *name)
{
	return fields_find(&req->query_fields, name, false);
}

const char *http_form(const struct http_request *req, const char *name)
{
	return fields_find(&req->form, name, false);
}

const char *http_cookie(struct http_request *req, const char *name)
{
	const char *header = http_header(req, "Cookie");
	struct http_fields cookies;

	req->cookie_reads++;
	/* Parsed per call: a handler asks for one or two cookies at most. */
	if (header == NULL || http_parse_cookies(&req->arena, header, &cookies) != HTTP_PARSE_OK)
		return NULL;
	return fields_find(&cookies, name, false);
}

const struct http_file *http_file(const struct http_request *req, const char *field)
{
	for (size_t i = 0; i < req->file_count; i++)
		if (strcmp(req->files[i].field, field) == 0)
			return &req->files[i];
	return NULL;
}

void http_add_header(struct http_response *resp, const char *name, const char *value)
{
	if (resp->header_count == HTTP_MAX_HEADERS) {
		log_error("too many response headers, dropped %s", name);
		return;
	}
	resp->headers[resp->header_count].name = name;
	resp->headers[resp->header_count].value = value;
	resp->header_count++;
}

void http_redirect(struct http_response *resp, const char *location)
{
	resp->status = 303;
	http_add_header(resp, "Location", location);
}

/* ---- libmicrohttpd callbacks ---- */

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct conn_state *st = cls;
	struct http_fields *h = &st->req.headers;
	(void)kind;

	if (h->count == 64)
		return MHD_NO; /* more would be abuse; the rest is ignored */
	h->items[h->count].name = key;
	h->items[h->count].value = value ? value : "";
	h->items[h->count].value_len = value ? strlen(value) : 0;
	h->count++;
	return MHD_YES;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct http_server *srv = cls;
	struct conn_state *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	arena_init(&st->req.arena);
	st->srv = srv;
	st->conn = conn;
	st->req.route = -1;
	st->resp.status = 200;
	buf_init(&st->resp.body, &st->req.arena);
	buf_init(&st->body, &st->req.arena);
	st->raw_target = arena_strdup(&st->req.arena, uri);
	clock_gettime(CLOCK_MONOTONIC, &st->started);
	atomic_fetch_add(&srv->in_flight, 1);
	return st;
}

static void set_error(struct conn_state *st, int status, const char *msg)
{
	st->error_status = status;
	st->error_msg = msg;
}

/* Client address as text, trusting the proxy's header only if told to. */
static const char *client_address(struct conn_state *st)
{
	if (st->srv->cfg.trust_proxy) {
		const char *real = http_header(&st->req, "X-Real-IP");
		if (real != NULL && strlen(real) < 64)
			return real;
	}
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(st->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "-";
	if (info != NULL && info->client_addr != NULL) {
		const struct sockaddr *sa = info->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
				  sizeof(text));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
				  sizeof(text));
	}
	return arena_strdup(&st->req.arena, text);
}

/* Split and decode the request target; sets an error on bad input. */
static void parse_target(struct conn_state *st)
{
	const char *t = st->raw_target;
	struct http_request *req = &st->req;
	char *path;
	size_t len;

	if (t == NULL || t[0] != '/') {
		set_error(st, 400, N_("The request is malformed."));
		return;
	}
	const char *q = strchr(t, '?');
	size_t plen = q ? (size_t)(q - t) : strlen(t);
	const char *hash = memchr(t, '#', plen);
	if (hash != NULL)
		plen = (size_t)(hash - t);
	enum http_parse_rc rc = http_decode(&req->arena, t, plen, false, &path, &len);
	if (rc != HTTP_PARSE_OK) {
		set_error(st, 400,
			  rc == HTTP_PARSE_BAD_UTF8 ? N_("The address contains invalid characters.")
						    : N_("The address is malformed."));
		return;
	}
	req->path = path;
	req->query = q ? q + 1 : "";
	rc = http_parse_urlencoded(&req->arena, req->query, strlen(req->query),
				   st->srv->cfg.max_fields, &req->query_fields);
	if (rc == HTTP_PARSE_TOO_MANY)
		set_error(st, 400, N_("Too many parameters."));
	else if (rc == HTTP_PARSE_BAD_UTF8)
		set_error(st, 400, N_("The address contains invalid characters."));
	else if (rc != HTTP_PARSE_OK)
		set_error(st, 400, N_("The address is malformed."));
}

/* First call: headers are in.  Decide whether to accept the body. */
static void on_headers(struct conn_state *st, const char *method)
{
	struct http_request *req = &st->req;
	size_t cap = 64;

	req->method = method_parse(method);
	req->method_name = http_method_name(req->method);
	req->headers.items = arena_calloc(&req->arena, cap, sizeof(*req->headers.items));
	if (req->headers.items == NULL) {
		set_error(st, 500, N_("Internal error."));
		return;
	}
	MHD_get_connection_values(st->conn, MHD_HEADER_KIND, collect_header, st);
	req->client = client_address(st);
	if (st->srv->cfg.trust_proxy) {
		const char *proto = http_header(req, "X-Forwarded-Proto");
		req->tls = proto != NULL && strcmp(proto, "https") == 0;
	}
	parse_target(st);
	if (st->error_status)
		return;
	/* Route now: the route decides how large a body may be. */
	size_t index;
	st->route_rc = router_match(st->srv->app->routes, st->srv->app->route_count, req->method,
				    req->path, &index, req->params, &req->param_count, &st->allow);
	st->max_body = st->srv->cfg.max_body;
	if (st->route_rc == ROUTER_FOUND) {
		req->route = (int)index;
		size_t own =
			st->srv->app->route_max_body ? st->srv->app->route_max_body(req->route) : 0;
		if (own > 0)
			st->max_body = own;
	}
	const char *te = http_header(req, "Transfer-Encoding");
	const char *cl = http_header(req, "Content-Length");
	if (te != NULL && cl != NULL) {
		set_error(st, 400, N_("The request is malformed."));
		return;
	}
	if (te != NULL && strcasecmp(te, "chunked") != 0) {
		set_error(st, 400, N_("The request is malformed."));
		return;
	}
	if (cl != NULL) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end != '\0' || cl[0] == '-') {
			set_error(st, 400, N_("The request is malformed."));
			return;
		}
		if (n > st->max_body) {
			set_error(st, 413, N_("The upload is too large."));
			return;
		}
	}
	if (req->method == HTTP_OTHER) {
		/* Routed later to a 405 with the allowed methods. */
	}
	if (st->route_rc == ROUTER_FOUND && (req->method == HTTP_GET || req->method == HTTP_HEAD) &&
	    page_cache_enabled() && st->srv->app->cache_key != NULL) {
		struct buf key;
		buf_init(&key, &req->arena);
		if (st->srv->app->cache_key(req, &key) && !key.oom && key.len > 0) {
			st->cache_key = key.data;
			st->cache_key_len = key.len;
			/* Read before the handler could read the store. */
			st->cache_generation = page_cache_generation();
			st->cached = page_cache_get(key.data, key.len);
		}
	}
}

/* Last call: the body is complete; parse it according to its type. */
static void on_body_complete(struct conn_state *st)
{
	struct http_request *req = &st->req;
	const char *ctype = http_header(req, "Content-Type");
	enum http_parse_rc rc = HTTP_PARSE_OK;

	if (st->body_too_large) {
		set_error(st, 413, N_("The upload is too large."));
		return;
	}
	if (st->body.len == 0 && st->body.data == NULL)
		return;
	req->body = buf_cstr(&st->body);
	req->body_len = st->body.len;
	if (ctype == NULL)
		return;
	if (strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0)
		rc = http_parse_urlencoded(&req->arena, req->body, req->body_len,
					   st->srv->cfg.max_fields, &req->form);
	else if (strncasecmp(ctype, "multipart/form-data", 19) == 0)
		rc = http_parse_multipart(&req->arena, ctype, req->body, req->body_len,
					  st->srv->cfg.max_fields, &req->form, &req->files,
					  &req->file_count);
	switch (rc) {
	case HTTP_PARSE_OK: break;
	case HTTP_PARSE_TOO_MANY: set_error(st, 413, N_("The form has too many fields.")); break;
	case HTTP_PARSE_BAD_UTF8:
		set_error(st, 400, N_("The form contains invalid characters."));
		break;
	case HTTP_PARSE_NOMEM: set_error(st, 500, N_("Internal error.")); break;
	default: set_error(st, 400, N_("The form is malformed.")); break;
	}
}

static void add_allow_header(struct conn_state *st, unsigned allow)
{
	struct buf b;
	buf_init(&b, &st->req.arena);
	for (int m = 0; m < HTTP_OTHER; m++) {
		if (!(allow & (1u << m)))
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, method_names[m]);
	}
	http_add_header(&st->resp, "Allow", buf_cstr(&b));
}

static void run_error(struct conn_state *st, int status, const char *msg)
{
	st->resp.status = status;
	st->srv->app->error(&st->req, &st->resp, status, msg);
	if (status == 400 || status == 413)
		st->resp.close = true;
}

/* Route and call the application, or produce the error page. */
static enum http_handled dispatch(struct conn_state *st)
{
	struct http_server *srv = st->srv;
	struct http_request *req = &st->req;

	if (st->error_status) {
		run_error(st, st->error_status, st->error_msg);
		return HTTP_DONE;
	}
	if (!req->deferred) {
		if (st->route_rc == ROUTER_NOT_FOUND) {
			run_error(st, 404, N_("This page does not exist."));
			return HTTP_DONE;
		}
		if (st->route_rc == ROUTER_WRONG_METHOD) {
			add_allow_header(st, st->allow);
			run_error(st, 405, N_("This method is not allowed here."));
			return HTTP_DONE;
		}
	}
	return srv->app->handle(req, &st->resp);
}

static void deferred_job(void *arg)
{
	struct conn_state *st = arg;

	st->req.deferred = true;
	if (dispatch(st) != HTTP_DONE) {
		log_error("handler deferred twice: %s", st->req.path);
		st->resp.status = 500;
	}
	atomic_store(&st->ready, true);
	MHD_resume_connection(st->conn);
}

void http_resume(struct http_request *req)
{
	/* req is the first member of its conn_state. */
	struct conn_state *st = (struct conn_state *)(void *)req;

	atomic_store(&st->ready, true);
	MHD_resume_connection(st->conn);
}

static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
				    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
				    "object-src 'none'; base-uri 'none'; form-action 'self'; "
				    "frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(self)"},
};

static void cached_page_free(void *value)
{
	struct cached_page *page = value;
	MHD_destroy_response(page->response);
	free(page);
}

/* Whether an If-None-Match header names etag (or is "*"). */
static bool etag_matches(const char *if_none_match, const char *etag)
{
	if (if_none_match == NULL)
		return false;
	return strcmp(if_none_match, "*") == 0 || strstr(if_none_match, etag + 1) != NULL;
}

/* Answer from the page cache: the stored response, or 304 Not Modified. */
static enum MHD_Result queue_cached(struct conn_state *st)
{
	const struct cached_page *page = page_cache_value(st->cached);
	enum MHD_Result ret;

	st->phase = PHASE_SENT;
	if (etag_matches(http_header(&st->req, "If-None-Match"), page->etag)) {
		struct MHD_Response *r =
			MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (r == NULL)
			return MHD_NO;
		MHD_add_response_header(r, "ETag", page->etag);
		st->resp.status = 304;
		ret = MHD_queue_response(st->conn, 304, r);
		MHD_destroy_response(r);
		return ret;
	}
	st->resp.status = 200;
	return MHD_queue_response(st->conn, 200, page->response);
}

/*
 * Whether this response goes into the page cache: only for a request
 * that asked for it and missed, and only what the application allows.
 */
static bool cacheable(struct conn_state *st)
{
	const struct http_response *resp = &st->resp;
	return st->cache_key != NULL && st->cached == NULL && resp->status == 200 && !resp->close &&
	       !resp->body.oom && st->srv->app->cache_store != NULL &&
	       st->srv->app->cache_store(&st->req, resp);
}

/* A streamed body (see struct http_response): the pieces and where we are in one. */
struct body_stream {
	int (*fill)(void *arg, struct buf *out);
	void (*release)(void *arg);
	void *arg;
	struct arena arena; /* one piece's memory, freed before the next */
	struct buf piece;
	size_t off;
	bool last; /* the piece held is the last one */
};

static ssize_t body_stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct body_stream *s = cls;
	(void)pos;

	while (s->off == s->piece.len) {
		if (s->last)
			return MHD_CONTENT_READER_END_OF_STREAM;
		arena_free(&s->arena);
		arena_init(&s->arena);
		buf_init(&s->piece, &s->arena);
		s->off = 0;
		int rc = s->fill(s->arg, &s->piece);
		if (rc < 0 || s->piece.oom) {
			log_error("streamed response failed after %llu bytes",
				  (unsigned long long)pos);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		s->last = rc == 0;
	}
	size_t n = s->piece.len - s->off;
	if (n > max)
		n = max;
	memcpy(out, s->piece.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void body_stream_free(void *cls)
{
	struct body_stream *s = cls;
	if (s->release != NULL)
		s->release(s->arg);
	arena_free(&s->arena);
	free(s);
}

/* A streamed body that will not be sent after all. */
static void drop_stream(struct http_response *resp)
{
	if (resp->stream_free != NULL)
		resp->stream_free(resp->stream_arg);
	resp->stream = NULL;
	resp->stream_free = NULL;
	resp->stream_arg = NULL;
}

/* The libmicrohttpd response for a streamed body; it owns resp->stream_arg from here. */
static struct MHD_Response *stream_response(struct http_response *resp)
{
	struct body_stream *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		drop_stream(resp);
		return NULL;
	}
	s->fill = resp->stream;
	s->release = resp->stream_free;
	s->arg = resp->stream_arg;
	arena_init(&s->arena);
	buf_init(&s->piece, &s->arena);
	resp->stream = NULL;
	resp->stream_free = NULL;
	resp->stream_arg = NULL;
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, 64 * 1024, body_stream_read, s, body_stream_free);
	if (r == NULL)
		body_stream_free(s);
	return r;
}

static enum MHD_Result queue(struct conn_state *st)
{
	struct http_response *resp = &st->resp;
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (resp->body.oom) {
		resp->status = 500;
		resp->body.len = 0;
		drop_stream(resp);
	}
	bool store = resp->stream == NULL && cacheable(st);
	/* A stored response outlives the arena: its body is copied. */
	if (resp->stream != NULL)
		r = stream_response(resp);
	else
		r = MHD_create_response_from_buffer(
			resp->body.len, resp->body.len ? resp->body.data : (void *)"",
			store ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++) {
		/* A handler may set its own (the map page widens img-src for tiles). */
		bool own = false;
		for (size_t k = 0; k < resp->header_count && !own; k++)
			own = strcasecmp(resp->headers[k].name, security_headers[i][0]) == 0;
		if (!own)
			MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
	}
	if (resp->content_type != NULL)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	for (size_t i = 0; i < resp->header_count; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (resp->close)
		MHD_add_response_header(r, "Connection", "close");
	struct cached_page *page = store ? calloc(1, sizeof(*page)) : NULL;
	if (page != NULL) {
		unsigned char hash[SECURE_HASH_BYTES];
		static const char hex[] = "0123456789abcdef";
		secure_hash(resp->body.data ? resp->body.data : "", resp->body.len, hash);
		page->etag[0] = '"';
		for (int i = 0; i < 8; i++) {
			page->etag[1 + 2 * i] = hex[hash[i] >> 4];
			page->etag[2 + 2 * i] = hex[hash[i] & 15];
		}
		page->etag[17] = '"';
		page->etag[18] = '\0';
		MHD_add_response_header(r, "ETag", page->etag);
		page->response = r;
		page->body_len = resp->body.len;
	}
	ret = MHD_queue_response(st->conn, (unsigned)resp->status, r);
	if (page != NULL) {
		/* The cache takes our reference; libmicrohttpd holds its own. */
		size_t bytes = resp->body.len + 1024;
		for (size_t i = 0; i < resp->header_count; i++)
			bytes += strlen(resp->headers[i].name) + strlen(resp->headers[i].value);
		page_cache_put(st->cache_key, st->cache_key_len, st->cache_generation, page, bytes,
			       cached_page_free);
	} else {
		MHD_destroy_response(r);
	}
	st->phase = PHASE_SENT;
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **req_cls)
{
	struct conn_state *st = *req_cls;
	(void)cls;
	(void)url;
	(void)version;
	(void)conn;

	if (st == NULL)
		return MHD_NO; /* out of memory in on_uri */
	switch (st->phase) {
	case PHASE_HEADERS:
		on_headers(st, method);
		st->phase = PHASE_BODY;
		if (st->error_status) {
			/* Fatal framing errors: answer now and close. */
			run_error(st, st->error_status, st->error_msg);
			st->resp.close = true;
			return queue(st);
		}
		return MHD_YES;
	case PHASE_BODY:
		if (*upload_data_size > 0) {
			size_t n = *upload_data_size;
			if (!st->body_too_large && st->body.len + n <= st->max_body)
				buf_append(&st->body, upload_data, n);
			else
				st->body_too_large = true;
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (st->cached != NULL && !st->error_status)
			return queue_cached(st);
		on_body_complete(st);
		switch (dispatch(st)) {
		case HTTP_DONE: break;
		case HTTP_DEFER:
			st->phase = PHASE_WORKING;
			MHD_suspend_connection(st->conn);
			if (workq_submit(st->srv->workers, deferred_job, st) != 0) {
				MHD_resume_connection(st->conn);
				st->resp.status = 503;
				atomic_store(&st->ready, true);
			}
			return MHD_YES;
		case HTTP_PARK:
			/* Suspended before the hand-over: a resume cannot come first. */
			st->phase = PHASE_WORKING;
			st->parked = true;
			MHD_suspend_connection(st->conn);
			if (st->req.park == NULL || st->req.park(st->req.park_arg, &st->req) != 0)
				http_resume(&st->req);
			return MHD_YES;
		}
		return queue(st);
	case PHASE_WORKING:
		if (!atomic_load(&st->ready))
			return MHD_YES;
		if (st->parked) {
			st->parked = false;
			st->req.resumed = true;
			if (dispatch(st) != HTTP_DONE) {
				log_error("handler parked twice: %s", st->req.path);
				st->resp.status = 500;
			}
		}
		return queue(st);
	case PHASE_READY: return queue(st);
	case PHASE_SENT: return MHD_YES;
	}
	return MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct conn_state *st = *req_cls;
	(void)conn;
	(void)toe;

	if (st == NULL)
		return;
	int64_t us = elapsed_us(&st->started);
	int status = st->phase == PHASE_SENT ? st->resp.status : 0;
	size_t sent = st->resp.body.len;
	if (st->cached != NULL && status == 200)
		sent = ((const struct cached_page *)page_cache_value(st->cached))->body_len;
	if (st->phase == PHASE_SENT || st->req.path != NULL) {
		http_metrics_request(st->req.route, status, us);
		log_access(st->req.method_name, st->raw_target, status, us, sent, st->req.client,
			   st->req.route >= 0 ? srv->app->routes[st->req.route].pattern : NULL);
	}
	if (srv->app->finish != NULL)
		srv->app->finish(&st->req);
	drop_stream(&st->resp); /* a stream never queued (the client left first) */
	page_cache_release(st->cached);
	arena_free(&st->req.arena);
	free(st);
	*req_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)conn;
	(void)socket_context;
	http_metrics_connection(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	if (n > 0 && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	log_debug("libmicrohttpd: %s", msg);
}

struct http_server *http_server_start(const struct http_config *cfg, const struct http_app *app)
{
	struct http_server *srv = calloc(1, sizeof(*srv));
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct sockaddr_storage addr;
	socklen_t addr_len;

	if (srv == NULL)
		return NULL;
	srv->cfg = *cfg;
	srv->app = app;
	if (srv->cfg.threads == 0)
		srv->cfg.threads = cores > 0 ? (unsigned)cores : 1;
	if (srv->cfg.workers == 0)
		srv->cfg.workers = cores > 0 ? (unsigned)cores : 1;
	if (srv->cfg.max_body == 0)
		srv->cfg.max_body = 1024 * 1024;
	if (srv->cfg.max_fields == 0)
		srv->cfg.max_fields = 200;
	if (srv->cfg.timeout_s == 0)
		srv->cfg.timeout_s = 30;
	if (srv->cfg.per_ip_limit == 0)
		srv->cfg.per_ip_limit = 256;
	memset(&addr, 0, sizeof(addr));
	const char *bind_to = cfg->bind ? cfg->bind : "127.0.0.1";
	struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)&addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)&addr;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (inet_pton(AF_INET, bind_to, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(cfg->port);
		addr_len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, bind_to, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(cfg->port);
		addr_len = sizeof(*in6);
		flags |= MHD_USE_IPv6;
	} else {
		log_error("cannot listen on %s: not an IP address", bind_to);
		free(srv);
		return NULL;
	}
	(void)addr_len;
	if (http_metrics_init(app->routes, app->route_count) != 0) {
		free(srv);
		return NULL;
	}
	if (page_cache_init(srv->cfg.page_cache_bytes, srv->cfg.page_cache_ttl_ms) != 0) {
		log_error("cannot allocate the page cache");
		http_metrics_free();
		free(srv);
		return NULL;
	}
	srv->workers = workq_start(srv->cfg.workers);
	if (srv->workers == NULL) {
		log_error("cannot start worker threads");
		page_cache_free();
		http_metrics_free();
		free(srv);
		return NULL;
	}
	srv->daemon = MHD_start_daemon(
		flags, cfg->port, NULL, NULL, on_access, srv, MHD_OPTION_THREAD_POOL_SIZE,
		srv->cfg.threads, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
		srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.timeout_s,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->cfg.per_ip_limit,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
		MHD_OPTION_END);
	if (srv->daemon == NULL) {
		log_error("cannot listen on %s port %u (in use?)", bind_to, (unsigned)cfg->port);
		workq_stop(srv->workers);
		page_cache_free();
		http_metrics_free();
		free(srv);
		return NULL;
	}
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : cfg->port;
	return srv;
}

uint16_t http_server_port(const struct http_server *srv)
{
	return srv->port;
}

void http_server_stop(struct http_server *srv, unsigned grace_s)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	unsigned waited_ms = 0;

	if (srv == NULL)
		return;
	/* Stop accepting; connections already open carry on. */
	MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	while (atomic_load(&srv->in_flight) > 0 && waited_ms < grace_s * 1000) {
		nanosleep(&pause, NULL);
		waited_ms += 10;
	}
	if (atomic_load(&srv->in_flight) > 0)
		log_warn("stopping with %d requests still in flight", atomic_load(&srv->in_flight));
	MHD_stop_daemon(srv->daemon);
	workq_stop(srv->workers);
	page_cache_free();
	http_metrics_free();
	free(srv);
}
