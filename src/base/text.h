/*
 * text.h - small text helpers used across layers.
 */
#ifndef OIC_BASE_TEXT_H
#define OIC_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Percent-encode s for use as a query value (RFC 3986 unreserved kept). */
char *text_url_encode(struct arena *a, const char *s);

/* True when s starts with prefix. */
bool text_starts_with(const char *s, const char *prefix);

/* A copy of s without leading and trailing white space ("" for NULL). */
char *text_trim_dup(struct arena *a, const char *s);

/*
 * A trimmed text of 1..max characters without control characters: the
 * copy, or NULL with *problem set to empty_msg, long_msg or another msgid.
 */
char *text_check(struct arena *a, const char *text, size_t max, const char *empty_msg,
		 const char *long_msg, const char **problem);

/*
 * The first entry of list found as a word of text, or NULL.  list holds
 * one entry per line (commas also separate; blanks around are ignored);
 * an entry ending in '*' matches every word it begins ("idiot*" holds
 * "Idioten").  Case is folded for ASCII and Latin-1 letters (Ä = ä); a
 * word is a run of letters and digits, so "Idiot!" and „Idiot“ match
 * "idiot" and "Idiotie" does not.  The entry is returned in a, trimmed.
 */
const char *text_find_listed_word(struct arena *a, const char *list, const char *text);

#endif
