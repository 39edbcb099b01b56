/*
 * parse.h - parsers for untrusted request text: percent-encoding, query
 * strings and urlencoded bodies, cookies, multipart bodies.
 *
 * Pure functions over byte strings, unit-tested and fuzzed (fuzz/).
 * Everything they return lives in the given arena.
 */
#ifndef OIC_HTTP_PARSE_H
#define OIC_HTTP_PARSE_H

#include "http/http.h"

enum http_parse_rc {
	HTTP_PARSE_OK = 0,
	HTTP_PARSE_BAD_ENCODING = -1, /* invalid %xx */
	HTTP_PARSE_BAD_UTF8 = -2,     /* ill-formed UTF-8 or NUL */
	HTTP_PARSE_TOO_MANY = -3,     /* more fields than allowed */
	HTTP_PARSE_NOMEM = -4,
	HTTP_PARSE_MALFORMED = -5, /* structure (multipart) broken */
};

/*
 * Percent-decode s[0..n) into a NUL-terminated copy.  plus_is_space turns
 * '+' into ' ' (form encoding).  The result must be valid UTF-8 without
 * NUL.  *out_len receives the decoded length.
 */
enum http_parse_rc http_decode(struct arena *a, const char *s, size_t n, bool plus_is_space,
			       char **out, size_t *out_len);

/*
 * Parse "a=1&b=2" (query strings and application/x-www-form-urlencoded
 * bodies).  Empty pairs are skipped; a name without '=' gets "".
 */
enum http_parse_rc http_parse_urlencoded(struct arena *a, const char *s, size_t n,
					 size_t max_fields, struct http_fields *out);

/*
 * Parse a Cookie header ("a=1; b=2").  Malformed pairs are skipped, not
 * fatal: a browser may hold cookies of other sites' software.
 */
enum http_parse_rc http_parse_cookies(struct arena *a, const char *header, struct http_fields *out);

/*
 * Parse a multipart/form-data body with the boundary from content_type.
 * Text parts become fields (validated UTF-8), parts with a filename become
 * files (bytes as sent).
 */
enum http_parse_rc http_parse_multipart(struct arena *a, const char *content_type, const char *body,
					size_t n, size_t max_fields, struct http_fields *fields,
					struct http_file **files, size_t *file_count);

#endif
