/*
 * buf.h - growable byte buffer backed by an arena.
 *
 * Templates and JSON writers append into a buf; the bytes live in the
 * request's arena, so nothing is freed by hand.  A buf remembers an
 * allocation failure ("oom") instead of returning an error from every
 * append: writers append freely and the owner checks buf->oom once,
 * turning it into a 500.
 */
#ifndef OIC_BASE_BUF_H
#define OIC_BASE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

struct buf {
	struct arena *arena; /* not owned */
	char *data;	     /* always NUL-terminated when len > 0 or cap > 0 */
	size_t len;
	size_t cap;
	bool oom;
};

/* Start an empty buffer whose memory comes from arena. */
void buf_init(struct buf *b, struct arena *arena);

/* Append n bytes. */
void buf_append(struct buf *b, const char *s, size_t n);

/* Append a NUL-terminated string (NULL appends nothing). */
void buf_puts(struct buf *b, const char *s);

/* Append one byte. */
void buf_putc(struct buf *b, char c);

/* Append a signed decimal number. */
void buf_put_i64(struct buf *b, int64_t v);

/* printf-style append; the length is measured first, never truncated. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Append "name: value" as one line of a record such as an audit row's
 * before or after: after a line break unless b is empty, so that the
 * last line has none.
 */
void buf_field_line(struct buf *b, const char *name, const char *value);

/*
 * The two sides of a change, field by field: when a and b differ,
 * "name: a" goes to was and "name: b" to is, and *changed becomes true.
 */
void buf_field_diff(struct buf *was, struct buf *is, const char *name, const char *a, const char *b,
		    bool *changed);

/* The contents as a NUL-terminated string ("" when empty). */
const char *buf_cstr(struct buf *b);

#endif
