/*
 * site.c - the platform's own address for links that leave the page:
 * Atom feeds, iCalendar files.  OIC_PUBLIC_URL when it is set (what a
 * cluster behind a proxy should do), else the request's Host header when
 * it looks like a host, else "localhost".
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

static bool host_ok(const char *h)
{
	return h != NULL && h[0] != '\0' &&
	       strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
		       strlen(h);
}

void app_site(struct http_request *req, struct app_site *site)
{
	const char *pub = getenv("OIC_PUBLIC_URL");
	const char *host = http_header(req, "Host");

	if (pub != NULL && (strncmp(pub, "https://", 8) == 0 || strncmp(pub, "http://", 7) == 0) &&
	    host_ok(strchr(pub, '/') + 2)) {
		size_t n = strlen(pub);
		site->base = arena_strndup(&req->arena, pub, n);
		host = strchr(pub, '/') + 2;
	} else {
		if (!host_ok(host))
			host = "localhost";
		site->base =
			arena_printf(&req->arena, "%s://%s", req->tls ? "https" : "http", host);
	}
	/* A bare host name: without port or brackets (tag: URIs, UIDs). */
	size_t n = strcspn(host, ":");
	if (host[0] == '[')
		n = strcspn(host, "]") + 1;
	site->host = arena_strndup(&req->arena, host, n);
}
