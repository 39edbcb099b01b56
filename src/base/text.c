/*
 * text.c - small text helpers; see text.h.
 */
#include "base/text.h"

#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"

char *text_url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, 3 * n + 1);
	size_t j = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

bool text_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copy s without leading and trailing white space ("" for NULL). */
char *text_trim_dup(struct arena *a, const char *s)
{
	if (s == NULL)
		return arena_strdup(a, "");
	while (text_is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && text_is_space(s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* A trimmed text of 1..max characters; NULL with *problem set otherwise. */
char *text_check(struct arena *a, const char *text, size_t max, const char *empty_msg,
		 const char *long_msg, const char **problem)
{
	char *t = text_trim_dup(a, text);

	*problem = NULL;
	if (t == NULL) {
		*problem = N_("Something went wrong");
		return NULL;
	}
	size_t n = utf8_length(t, strlen(t));
	if (n == 0)
		*problem = empty_msg;
	else if (n > max)
		*problem = long_msg;
	else if (utf8_has_controls(t, strlen(t)))
		*problem = N_("The text contains characters that are not allowed.");
	return *problem ? NULL : t;
}

/*
 * The code point at s (len bytes left) and its length in bytes; a broken
 * sequence counts as one byte of U+FFFD.  Checked texts are valid UTF-8;
 * this only keeps a broken list from reading past its end.
 */
static unsigned decode_at(const unsigned char *s, size_t len, size_t *n)
{
	unsigned c = s[0];
	size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;

	if (need > len || (need > 1 && (c & 0xC0) != 0xC0)) {
		*n = 1;
		return 0xFFFD;
	}
	*n = need;
	if (need == 1)
		return c;
	c &= 0x3F >> (need - 1);
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*n = 1;
			return 0xFFFD;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	return c;
}

/* Letters and digits: ASCII ones, and every code point above Latin-1's
 * punctuation except the general punctuation block („ “ – …). */
static bool word_char(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return false;
	return !(c >= 0x2000 && c <= 0x206F) && c != 0xFFFD;
}

/* Folded for comparison: ASCII and Latin-1 capitals to small letters. */
static unsigned fold(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	return c;
}

/* Whether the words a[0..an) and b[0..bn) are equal folded (or b begins
 * with a when prefix). */
static bool folded_match(const char *a, size_t an, const char *b, size_t bn, bool prefix)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		size_t ni, nj;
		unsigned x = decode_at((const unsigned char *)a + i, an - i, &ni);
		unsigned y = decode_at((const unsigned char *)b + j, bn - j, &nj);
		if (fold(x) != fold(y))
			return false;
		i += ni;
		j += nj;
	}
	return i == an && (j == bn || prefix);
}

const char *text_find_listed_word(struct arena *a, const char *list, const char *text)
{
	if (list == NULL || text == NULL)
		return NULL;
	for (const char *e = list; *e != '\0';) {
		size_t len = strcspn(e, ",\n");
		const char *start = e, *end = e + len;
		e = *end != '\0' ? end + 1 : end;
		while (start < end && (text_is_space(*start) || *start == '\r'))
			start++;
		while (end > start && (text_is_space(end[-1]) || end[-1] == '\r'))
			end--;
		bool prefix = end > start && end[-1] == '*';
		if (prefix)
			end--;
		if (end == start)
			continue;
		size_t tlen = strlen(text);
		for (size_t i = 0; i < tlen;) {
			size_t n;
			unsigned c = decode_at((const unsigned char *)text + i, tlen - i, &n);
			if (!word_char(c)) {
				i += n;
				continue;
			}
			size_t w = i;
			while (i < tlen &&
			       word_char(decode_at((const unsigned char *)text + i, tlen - i, &n)))
				i += n;
			if (folded_match(start, (size_t)(end - start), text + w, i - w, prefix))
				return arena_strndup(a, start, (size_t)(end - start) + prefix);
		}
	}
	return NULL;
}
