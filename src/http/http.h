/*
 * http.h - the request and response as the application sees them.
 *
 * This header is what web/ builds on; it never mentions libmicrohttpd.
 * A request is parsed and validated completely before a handler sees it:
 * the path and every query or form value are percent-decoded, well-formed
 * UTF-8 without NUL bytes, and within the configured limits.
 *
 * Ownership: every pointer in a request or response points into the
 * request's arena (or to static data) and lives until the response has
 * been sent.
 */
#ifndef OIC_HTTP_HTTP_H
#define OIC_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP_METHOD__MAX
};

/* A name and a value; values are NUL-terminated and may be empty. */
struct http_field {
	const char *name;
	const char *value;
	size_t value_len;
};

struct http_fields {
	struct http_field *items;
	size_t count;
};

/* An uploaded file from a multipart/form-data body. */
struct http_file {
	const char *field;
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

enum { HTTP_MAX_PARAMS = 4 };

struct http_request {
	struct arena arena;
	enum http_method method;
	const char *method_name;
	const char *path;  /* decoded, validated */
	const char *query; /* raw query string without '?', or "" */
	struct http_fields query_fields;
	struct http_fields headers; /* names as sent; lookups ignore case */
	struct http_fields form;    /* urlencoded or multipart text fields */
	struct http_file *files;
	size_t file_count;
	const char *body; /* raw body (NUL-terminated), NULL when none */
	size_t body_len;
	const char *client; /* client address as text */
	bool tls;	    /* served behind TLS (from the proxy's header) */
	/* Filled by the router. */
	int route; /* index into the route table, -1 when none */
	int64_t params[HTTP_MAX_PARAMS];
	size_t param_count;
	/* Set by the server while the handler runs on a worker thread. */
	bool deferred;
	/*
	 * How many times http_cookie() was asked: a response that read a
	 * cookie the page cache's key does not hold depends on the visitor.
	 */
	unsigned cookie_reads;
	/*
	 * HTTP_PARK: the handler sets park (and park_arg) to hand the request
	 * to another thread; the server calls it once the connection is
	 * suspended.  That thread calls http_resume(req) when done (or park
	 * returns -1 and the server resumes at once); the handler is then
	 * called again on the HTTP thread with resumed set, to answer.
	 */
	int (*park)(void *arg, struct http_request *req);
	void *park_arg;
	bool resumed;
	/* Application state (session, language ...), owned by web/. */
	void *app;
};

enum { HTTP_MAX_HEADERS = 24 };

struct http_response {
	int status;
	const char *content_type;
	struct buf body;
	/* Extra headers; values point into the arena or static storage. */
	struct http_field headers[HTTP_MAX_HEADERS];
	size_t header_count;
	bool close; /* close the connection after this response */
	/*
	 * A body made piece by piece while it is sent (exports of any size
	 * in constant memory), instead of body.  The server calls stream(arg,
	 * out) on the connection's thread whenever it has sent the previous
	 * piece; it appends the next piece to out (an empty buf of its own
	 * arena, emptied between calls) and returns 1 while more follows, 0
	 * after the last piece, -1 on an error (the connection is cut, so a
	 * client sees a truncated body, never a short one that looks whole).
	 * stream_free(arg) is called exactly once when the response is done
	 * or abandoned; arg must not point into the request's arena.  Such a
	 * response is never cached.
	 */
	int (*stream)(void *arg, struct buf *out);
	void (*stream_free)(void *arg);
	void *stream_arg;
};

/* Returned by the application's handler. */
enum http_handled {
	HTTP_DONE,  /* the response is complete */
	HTTP_DEFER, /* call me again on a worker thread (slow work) */
	HTTP_PARK,  /* suspend, hand over with req->park, call me again when resumed */
};

/* The header's value, or NULL.  Case-insensitive name. */
const char *http_header(const struct http_request *req, const char *name);

/* The query parameter's first value, or NULL. */
const char *http_query(const struct http_request *req, const char *name);

/* The form field's first value, or NULL. */
const char *http_form(const struct http_request *req, const char *name);

/* The cookie's value, or NULL (parsed from the Cookie header). */
const char *http_cookie(struct http_request *req, const char *name);

/* The uploaded file of a field, or NULL. */
const struct http_file *http_file(const struct http_request *req, const char *field);

/* Add a response header (ignored past HTTP_MAX_HEADERS: a bug, asserted). */
void http_add_header(struct http_response *resp, const char *name, const char *value);

/* Answer a 303 See Other to a local path. */
void http_redirect(struct http_response *resp, const char *location);

/* Name of a method, for logs. */
const char *http_method_name(enum http_method m);

#endif
