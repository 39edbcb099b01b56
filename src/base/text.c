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
