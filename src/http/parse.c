/*
 * parse.c - request text parsers; see parse.h.
 *
 * Written by hand because libmicrohttpd's own decoding accepts invalid
 * percent-encoding and NUL bytes (see MACHINE-NOTES), and its
 * post-processor has no notion of our limits.  Each parser makes one pass
 * and copies into the request arena.
 */
#include "http/parse.h"

#include <string.h>
#include <strings.h>

#include "base/utf8.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum http_parse_rc http_decode(struct arena *a, const char *s, size_t n, bool plus_is_space,
			       char **out, size_t *out_len)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;

	if (d == NULL)
		return HTTP_PARSE_NOMEM;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (n - i < 3)
				return HTTP_PARSE_BAD_ENCODING;
			hi = hex_value(s[i + 1]);
			lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return HTTP_PARSE_BAD_ENCODING;
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			d[j++] = ' ';
		} else {
			d[j++] = c;
		}
	}
	d[j] = '\0';
	if (!utf8_valid(d, j))
		return HTTP_PARSE_BAD_UTF8;
	*out = d;
	*out_len = j;
	return HTTP_PARSE_OK;
}

enum http_parse_rc http_parse_urlencoded(struct arena *a, const char *s, size_t n,
					 size_t max_fields, struct http_fields *out)
{
	size_t pairs = 1;

	out->items = NULL;
	out->count = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			pairs++;
	/* Empty pairs ("a=1&&b=2") are skipped, so allow some slack. */
	if (pairs > 2 * max_fields + 1)
		return HTTP_PARSE_TOO_MANY;
	out->items = arena_calloc(a, pairs, sizeof(*out->items));
	if (out->items == NULL)
		return HTTP_PARSE_NOMEM;
	size_t start = 0;
	while (start <= n) {
		size_t end = start;
		while (end < n && s[end] != '&')
			end++;
		if (end > start) {
			const char *eq = memchr(s + start, '=', end - start);
			size_t name_len = eq ? (size_t)(eq - (s + start)) : end - start;
			char *name, *value;
			size_t len;
			enum http_parse_rc rc;

			if (out->count == max_fields)
				return HTTP_PARSE_TOO_MANY;
			rc = http_decode(a, s + start, name_len, true, &name, &len);
			if (rc != HTTP_PARSE_OK)
				return rc;
			if (eq != NULL)
				rc = http_decode(a, eq + 1, end - (size_t)(eq + 1 - s), true,
						 &value, &len);
			else {
				value = arena_strdup(a, "");
				len = 0;
				if (value == NULL)
					rc = HTTP_PARSE_NOMEM;
			}
			if (rc != HTTP_PARSE_OK)
				return rc;
			out->items[out->count].name = name;
			out->items[out->count].value = value;
			out->items[out->count].value_len = len;
			out->count++;
		}
		start = end + 1;
	}
	return HTTP_PARSE_OK;
}

enum http_parse_rc http_parse_cookies(struct arena *a, const char *header, struct http_fields *out)
{
	size_t n = strlen(header), pairs = 1;

	out->count = 0;
	for (size_t i = 0; i < n; i++)
		if (header[i] == ';')
			pairs++;
	out->items = arena_calloc(a, pairs, sizeof(*out->items));
	if (out->items == NULL)
		return HTTP_PARSE_NOMEM;
	const char *p = header, *end = header + n;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		while (p < stop && (*p == ' ' || *p == '\t'))
			p++;
		if (eq != NULL && eq > p) {
			const char *v = eq + 1, *ve = stop;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
				v++;
				ve--;
			}
			char *name = arena_strndup(a, p, (size_t)(eq - p));
			char *value = arena_strndup(a, v, (size_t)(ve - v));
			if (name == NULL || value == NULL)
				return HTTP_PARSE_NOMEM;
			if (utf8_valid(value, (size_t)(ve - v))) {
				out->items[out->count].name = name;
				out->items[out->count].value = value;
				out->items[out->count].value_len = (size_t)(ve - v);
				out->count++;
			}
		}
		p = stop + 1;
	}
	return HTTP_PARSE_OK;
}

/*
 * Find a parameter such as boundary=... or name="..." in a header value.
 * Returns an arena copy without quotes, or NULL.
 */
static char *header_param(struct arena *a, const char *v, size_t n, const char *param)
{
	size_t plen = strlen(param);

	for (size_t i = 0; i + plen < n; i++) {
		if ((i == 0 || v[i - 1] == ';' || v[i - 1] == ' ') &&
		    strncasecmp(v + i, param, plen) == 0 && v[i + plen] == '=') {
			const char *s = v + i + plen + 1;
			const char *e = v + n;
			if (s < e && *s == '"') {
				s++;
				const char *q = memchr(s, '"', (size_t)(e - s));
				if (q == NULL)
					return NULL;
				return arena_strndup(a, s, (size_t)(q - s));
			}
			const char *stop = s;
			while (stop < e && *stop != ';' && *stop != ' ')
				stop++;
			return arena_strndup(a, s, (size_t)(stop - s));
		}
	}
	return NULL;
}

static const char *mem_find(const char *hay, size_t n, const char *needle, size_t m)
{
	if (m == 0 || n < m)
		return NULL;
	for (size_t i = 0; i + m <= n; i++) {
		const char *p = memchr(hay + i, needle[0], n - m - i + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, m) == 0)
			return p;
		i = (size_t)(p - hay);
	}
	return NULL;
}

enum http_parse_rc http_parse_multipart(struct arena *a, const char *content_type, const char *body,
					size_t n, size_t max_fields, struct http_fields *fields,
					struct http_file **files, size_t *file_count)
{
	char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
	size_t cap = max_fields;

	fields->count = 0;
	*file_count = 0;
	if (boundary == NULL || boundary[0] == '\0' || strlen(boundary) > 70)
		return HTTP_PARSE_MALFORMED;
	fields->items = arena_calloc(a, cap, sizeof(*fields->items));
	*files = arena_calloc(a, cap, sizeof(**files));
	char *delim = arena_printf(a, "--%s", boundary);
	if (fields->items == NULL || *files == NULL || delim == NULL)
		return HTTP_PARSE_NOMEM;
	size_t dlen = strlen(delim);
	const char *end = body + n;
	const char *p = mem_find(body, n, delim, dlen);
	if (p == NULL)
		return HTTP_PARSE_MALFORMED;
	for (;;) {
		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return HTTP_PARSE_OK; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return HTTP_PARSE_MALFORMED;
		p += 2;
		const char *hend = mem_find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL)
			return HTTP_PARSE_MALFORMED;
		char *name = NULL, *filename = NULL, *ctype = NULL;
		const char *line = p;
		while (line < hend + 2) {
			const char *le = mem_find(line, (size_t)(hend + 2 - line), "\r\n", 2);
			if (le == NULL)
				break;
			size_t ll = (size_t)(le - line);
			if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				name = header_param(a, line, ll, "name");
				filename = header_param(a, line, ll, "filename");
			} else if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
				const char *v = line + 13;
				while (v < le && *v == ' ')
					v++;
				ctype = arena_strndup(a, v, (size_t)(le - v));
			}
			line = le + 2;
		}
		const char *data = hend + 4;
		char *next_delim = arena_printf(a, "\r\n%s", delim);
		if (next_delim == NULL)
			return HTTP_PARSE_NOMEM;
		const char *dend = mem_find(data, (size_t)(end - data), next_delim, dlen + 2);
		if (dend == NULL || name == NULL)
			return HTTP_PARSE_MALFORMED;
		size_t len = (size_t)(dend - data);
		if (!utf8_valid(name, strlen(name)))
			return HTTP_PARSE_BAD_UTF8;
		if (filename != NULL) {
			if (*file_count == cap)
				return HTTP_PARSE_TOO_MANY;
			if (!utf8_valid(filename, strlen(filename)))
				return HTTP_PARSE_BAD_UTF8;
			struct http_file *f = &(*files)[(*file_count)++];
			f->field = name;
			f->filename = filename;
			f->content_type = ctype;
			f->data = (const unsigned char *)data;
			f->len = len;
		} else {
			if (fields->count == cap)
				return HTTP_PARSE_TOO_MANY;
			char *value = arena_strndup(a, data, len);
			if (value == NULL)
				return HTTP_PARSE_NOMEM;
			if (!utf8_valid(value, len))
				return HTTP_PARSE_BAD_UTF8;
			fields->items[fields->count].name = name;
			fields->items[fields->count].value = value;
			fields->items[fields->count].value_len = len;
			fields->count++;
		}
		p = dend + 2;
	}
}
