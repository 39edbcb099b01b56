/*
 * util.c - what every stage of tplc uses: allocation that stops the
 * run when memory is out, the string builder (struct sb, sb_*), the
 * diagnostics (error_at, error_count, quoted), reading a whole file,
 * line numbers, the UTF-8 check and the C identifier tests.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* Memory, strings, diagnostics                                        */

/* A build tool has nothing sensible to do without memory: stop. */
void fatal_oom(void)
{
	fputs("tplc: out of memory\n", stderr);
	exit(1);
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n != 0 ? n : 1);
	if (p == NULL)
		fatal_oom();
	return p;
}

/* Zeroed array of count elements (at least one). */
void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count != 0 ? count : 1, size != 0 ? size : 1);
	if (p == NULL)
		fatal_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void sb_reserve(struct sb *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap != 0 ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void sb_add(struct sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sb_puts(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_putc(struct sb *b, char c)
{
	sb_add(b, &c, 1);
}

void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal_oom();
	sb_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *sb_str(const struct sb *b)
{
	return b->p != NULL ? b->p : "";
}

void sb_free(struct sb *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

int error_count;

/* Report "FILE:LINE: message"; the run fails at the end. */
void error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	error_count++;
}

/* s as a C-style quoted string for messages; the caller frees it. */
char *quoted(const char *s)
{
	struct sb b = {0};

	sb_putc(&b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sb_printf(&b, "\\%c", c);
		else if (c == '\n')
			sb_puts(&b, "\\n");
		else if (c == '\t')
			sb_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			sb_printf(&b, "\\%03o", c);
		else
			sb_putc(&b, (char)c);
	}
	sb_putc(&b, '"');
	return b.p;
}

/* Read a whole file; NULL after printing why. */
char *read_file(const char *path, size_t *len)
{
	struct sb b = {0};
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		fprintf(stderr, "%s:0: cannot open: %s\n", path, strerror(errno));
		error_count++;
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_add(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "%s:0: cannot read: %s\n", path, strerror(errno));
		error_count++;
		fclose(f);
		sb_free(&b);
		return NULL;
	}
	fclose(f);
	sb_reserve(&b, 0);
	b.p[b.len] = '\0';
	*len = b.len;
	return b.p;
}

/* 1-based line number of offset off in s. */
int line_of(const char *s, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/*
 * Offset of the first byte that is not valid UTF-8 (overlong forms,
 * surrogates and code points past U+10FFFF included), or n if all is.
 */
size_t utf8_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += len;
	}
	return n;
}

bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

bool is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

bool is_ident(const char *s)
{
	if (!is_ident_start((unsigned char)*s))
		return false;
	for (s++; *s != '\0'; s++)
		if (!is_ident_char((unsigned char)*s))
			return false;
	return true;
}
