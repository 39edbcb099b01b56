/*
 * fuzz_http_parse.c - every request parser on arbitrary bytes:
 * percent-decoding, query strings / urlencoded forms, cookies, multipart
 * bodies, UTF-8 validation and Accept-Language negotiation.
 *
 * The first byte picks the parser, the rest is its input.  Built with
 * libFuzzer by `make fuzz` (clang), and with fuzz/driver.c (gcc + ASan)
 * for the replay and random runs of `make test`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct http_fields f;
	struct http_file *files;
	size_t nfiles, n;
	char *out;

	if (size < 1)
		return 0;
	arena_init(&a);
	const char *s = (const char *)data + 1;
	size_t len = size - 1;
	/* Parsers that take C strings get a NUL-terminated copy. */
	char *cstr = arena_strndup(&a, s, len);
	switch (data[0] % 6) {
	case 0:
		if (http_decode(&a, s, len, data[0] & 8, &out, &n) == HTTP_PARSE_OK &&
		    !utf8_valid(out, n))
			abort(); /* decode promises valid UTF-8 */
		break;
	case 1:
		if (http_parse_urlencoded(&a, s, len, 50, &f) == HTTP_PARSE_OK)
			for (size_t i = 0; i < f.count; i++)
				if (strlen(f.items[i].value) != f.items[i].value_len)
					abort(); /* no NUL inside a value */
		break;
	case 2:
		if (cstr != NULL)
			http_parse_cookies(&a, cstr, &f);
		break;
	case 3:
		http_parse_multipart(&a, "multipart/form-data; boundary=b", s, len, 20, &f, &files,
				     &nfiles);
		break;
	case 4:
		utf8_valid(s, len);
		utf8_length(s, len);
		break;
	case 5:
		if (cstr != NULL && i18n_negotiate(cstr) >= LANG__MAX)
			abort();
		break;
	}
	arena_free(&a);
	return 0;
}
