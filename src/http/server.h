/*
 * server.h - the HTTP server: libmicrohttpd behind our own API.
 *
 * Only this module and http/server.c include microhttpd.h.  The server
 * validates and parses each request, routes it with the application's
 * table, calls the application's handler (on a worker thread when the
 * handler asks for it), adds the security headers, counts metrics and
 * writes the access line.
 */
#ifndef OIC_HTTP_SERVER_H
#define OIC_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "http/router.h"

struct http_app {
	const struct http_route *routes;
	size_t route_count;
	/* Answer a routed request; may return HTTP_DEFER once, or HTTP_PARK
	 * (from an HTTP thread, not from deferred work). */
	enum http_handled (*handle)(struct http_request *req, struct http_response *resp);
	/*
	 * Render an error found before or instead of a handler (400, 404,
	 * 405, 413 ...).  message_id is an English msgid for the cause.
	 */
	void (*error)(struct http_request *req, struct http_response *resp, int status,
		      const char *message_id);
	/* Called when a request is done (after the response), may be NULL. */
	void (*finish)(struct http_request *req);
	/*
	 * The largest body a route accepts, or 0 for the server's max_body
	 * (uploads take more than forms); may be NULL.  Asked as soon as the
	 * headers are in, so a body too large is refused before it is read.
	 */
	size_t (*route_max_body)(int route);
	/*
	 * The page cache (http/page_cache.h), may be NULL.  cache_key is
	 * asked when the headers are in and the request is routed, before
	 * any handler: true (with the key appended to key) when a GET or
	 * HEAD may be answered from the cache.  cache_store is asked after
	 * the handler of such a request: whether its response may be kept.
	 */
	bool (*cache_key)(struct http_request *req, struct buf *key);
	bool (*cache_store)(struct http_request *req, const struct http_response *resp);
};

struct http_config {
	const char *bind; /* IPv4 or IPv6 literal, default 127.0.0.1 */
	uint16_t port;
	unsigned threads;	    /* HTTP threads; 0 = number of cores */
	unsigned workers;	    /* threads for deferred work; 0 = cores */
	size_t max_body;	    /* bytes, default 1 MiB */
	size_t max_fields;	    /* form fields, default 200 */
	unsigned timeout_s;	    /* idle connection timeout, default 30 */
	unsigned per_ip_limit;	    /* connections per address, default 256 */
	bool trust_proxy;	    /* believe X-Real-IP / X-Forwarded-Proto */
	uint32_t page_cache_ttl_ms; /* 0: no page cache */
	size_t page_cache_bytes;    /* memory limit of the page cache */
};

struct http_server;

/*
 * Listen and serve.  Returns NULL (with a logged reason) when the port
 * cannot be bound or threads cannot be started.
 */
struct http_server *http_server_start(const struct http_config *cfg, const struct http_app *app);

/* The port actually bound (useful with port 0). */
uint16_t http_server_port(const struct http_server *srv);

/*
 * Graceful stop: stop accepting, let requests in flight finish (up to
 * grace_s seconds), then close every connection and free the server.
 */
void http_server_stop(struct http_server *srv, unsigned grace_s);

/*
 * Wake a parked request (HTTP_PARK): any thread, exactly once per park.
 * The handler is then called again on the HTTP thread to answer.
 */
void http_resume(struct http_request *req);

/* Append the Prometheus text of the HTTP metrics. */
void http_metrics_write(struct buf *out);

#endif
