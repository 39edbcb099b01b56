/*
 * router.h - match a method and a decoded path against a route table.
 *
 * Patterns are literal paths with integer parameters: "/ideas/{id}",
 * "/events/{id}.ics".  A parameter matches 1 to 18 decimal digits without
 * a leading zero, so handlers receive a positive int64 and never parse.
 * A pattern ending in an asterisk matches any rest of the path.
 * The table is the application's (app/app.c), one line per route.
 */
#ifndef OIC_HTTP_ROUTER_H
#define OIC_HTTP_ROUTER_H

#include "http/http.h"

struct http_route {
	enum http_method method;
	const char *pattern;
};

enum router_rc {
	ROUTER_FOUND,
	ROUTER_NOT_FOUND,    /* 404 */
	ROUTER_WRONG_METHOD, /* 405: the path exists with another method */
};

/*
 * Find the first route matching method and path.  HEAD matches GET
 * routes.  On ROUTER_FOUND, *index is the route's position and params /
 * *param_count its parameters.  On ROUTER_WRONG_METHOD, *allow receives a
 * bit per method (1 << enum http_method) allowed on the path.
 */
enum router_rc router_match(const struct http_route *routes, size_t count, enum http_method method,
			    const char *path, size_t *index, int64_t params[HTTP_MAX_PARAMS],
			    size_t *param_count, unsigned *allow);

#endif
