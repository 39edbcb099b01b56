/*
 * buf.c - arena-backed growable buffer; see buf.h.
 */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void buf_init(struct buf *b, struct arena *arena)
{
	b->arena = arena;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->oom = false;
}

/* Make room for n more bytes plus the terminating NUL. */
static bool buf_reserve(struct buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap && b->len + n >= b->len)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n + 1) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *d = arena_alloc(b->arena, cap);
	if (d == NULL) {
		b->oom = true;
		return false;
	}
	if (b->len > 0)
		memcpy(d, b->data, b->len);
	/* The old block stays in the arena until the request ends. */
	b->data = d;
	b->cap = cap;
	return true;
}

void buf_append(struct buf *b, const char *s, size_t n)
{
	if (n == 0 || !buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	if (!buf_reserve(b, 1))
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void buf_put_i64(struct buf *b, int64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		tmp[--i] = '-';
	buf_append(b, tmp + i, sizeof(tmp) - i);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_field_line(struct buf *b, const char *name, const char *value)
{
	if (b->len > 0)
		buf_putc(b, '\n');
	buf_puts(b, name);
	buf_puts(b, ": ");
	buf_puts(b, value);
}

void buf_field_diff(struct buf *was, struct buf *is, const char *name, const char *a, const char *b,
		    bool *changed)
{
	if (strcmp(a, b) == 0)
		return;
	*changed = true;
	buf_field_line(was, name, a);
	buf_field_line(is, name, b);
}

const char *buf_cstr(struct buf *b)
{
	return b->data != NULL ? b->data : "";
}
