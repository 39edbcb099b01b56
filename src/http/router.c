/*
 * router.c - linear match over a short static table.
 *
 * A city platform has some dozens of routes; a scan with early literal
 * mismatches costs well under a microsecond, less than any trie would
 * save, and keeps the table readable.
 */
#include "http/router.h"

#include <string.h>

/* Match one pattern; fills params.  True on a match. */
static bool route_matches(const char *pat, const char *path, int64_t params[HTTP_MAX_PARAMS],
			  size_t *count)
{
	size_t n = 0;

	while (*pat != '\0') {
		if (pat[0] == '*' && pat[1] == '\0')
			break; /* trailing wildcard: the rest of the path */
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			int64_t v = 0;
			int digits = 0;
			if (close == NULL || n == HTTP_MAX_PARAMS)
				return false;
			if (*path == '0')
				return false;
			while (*path >= '0' && *path <= '9') {
				if (++digits > 18)
					return false;
				v = v * 10 + (*path - '0');
				path++;
			}
			if (digits == 0)
				return false;
			params[n++] = v;
			pat = close + 1;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	if (*pat == '\0' && *path != '\0')
		return false;
	*count = n;
	return true;
}

enum router_rc router_match(const struct http_route *routes, size_t count, enum http_method method,
			    const char *path, size_t *index, int64_t params[HTTP_MAX_PARAMS],
			    size_t *param_count, unsigned *allow)
{
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	int64_t scratch[HTTP_MAX_PARAMS];
	size_t scratch_count;

	*allow = 0;
	for (size_t i = 0; i < count; i++) {
		if (routes[i].method == want &&
		    route_matches(routes[i].pattern, path, params, param_count)) {
			*index = i;
			return ROUTER_FOUND;
		}
	}
	for (size_t i = 0; i < count; i++)
		if (route_matches(routes[i].pattern, path, scratch, &scratch_count))
			*allow |= 1u << routes[i].method;
	if (*allow & (1u << HTTP_GET))
		*allow |= 1u << HTTP_HEAD;
	return *allow ? ROUTER_WRONG_METHOD : ROUTER_NOT_FOUND;
}
