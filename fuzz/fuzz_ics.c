/*
 * fuzz_ics.c - iCalendar content lines (base/ics.c) from arbitrary bytes:
 * the first byte picks the limit, the rest is the value.
 *
 * Invariants checked, for any input: every physical line ends in CRLF, is
 * at most 75 octets and holds no control character; a continuation line
 * starts with one space.  For valid UTF-8 input also: every physical line
 * is valid UTF-8 (no character is split), and unfolding and unescaping
 * gives back the input without its control characters (line breaks kept),
 * cut to the limit at a character boundary.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ics.h"
#include "base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What TEXT should carry of in: controls other than LF dropped, at most max bytes. */
static void expected(struct buf *b, const char *in, size_t n, size_t max)
{
	if (max != 0 && n > max) {
		n = max;
		while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
			n--; /* in[n] starts the first character left out */
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if ((c < 0x20 && c != '\n') || c == 0x7F)
			continue;
		buf_putc(b, (char)c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf out, plain, want;

	if (size == 0)
		return 0;
	arena_init(&a);
	size_t max = data[0] < 16 ? 0 : data[0];
	char *in = arena_strndup(&a, (const char *)data + 1, size - 1);
	if (in == NULL)
		goto done;
	size_t n = strlen(in); /* up to the first NUL, as C strings go */
	bool valid = utf8_valid(in, n);
	buf_init(&out, &a);
	ics_text(&out, "DESCRIPTION", in, max);
	if (out.oom)
		goto done;

	/* Physical lines, then unfolded and unescaped. */
	buf_init(&plain, &a);
	const char *s = buf_cstr(&out), *end = s + out.len;
	bool first = true;
	while (s < end) {
		const char *crlf = strstr(s, "\r\n");
		if (crlf == NULL)
			abort(); /* every line ends in CRLF */
		size_t len = (size_t)(crlf - s);
		if (len > 75)
			abort();
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
				abort();
		if (valid && !utf8_valid(s, len))
			abort(); /* a character split by folding */
		if (first) {
			if (strncmp(s, "DESCRIPTION:", 12) != 0)
				abort();
			buf_append(&plain, s + 12, len - 12);
		} else {
			if (len == 0 || s[0] != ' ')
				abort();
			buf_append(&plain, s + 1, len - 1);
		}
		first = false;
		s = crlf + 2;
		if (s < end && s[0] != ' ')
			abort(); /* one property, one logical line */
	}
	if (!valid)
		goto done;
	buf_init(&want, &a);
	expected(&want, in, n, max);
	struct buf back;
	buf_init(&back, &a);
	const char *p = buf_cstr(&plain);
	for (size_t i = 0; i < plain.len; i++) {
		if (p[i] != '\\') {
			buf_putc(&back, p[i]);
			continue;
		}
		char e = i + 1 < plain.len ? p[++i] : '\0';
		if (e == 'n')
			buf_putc(&back, '\n');
		else if (e == '\\' || e == ';' || e == ',')
			buf_putc(&back, e);
		else
			abort(); /* no other escape */
	}
	if (want.oom || back.oom)
		goto done;
	if (back.len != want.len || memcmp(buf_cstr(&back), buf_cstr(&want), want.len) != 0)
		abort();
done:
	arena_free(&a);
	return 0;
}
