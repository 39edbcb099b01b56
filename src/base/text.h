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

#endif
