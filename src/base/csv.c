/*
 * csv.c - CSV fields and rows; see csv.h.
 */
#include "base/csv.h"

#include <string.h>

void csv_text(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ',');
	if (s == NULL || s[0] == '\0')
		return;
	size_t len = strlen(s);
	bool formula = strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = formula || s[0] == ' ' || s[len - 1] == ' ' || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		buf_append(b, s, len);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void csv_int(struct buf *b, int64_t v, bool first)
{
	if (!first)
		buf_putc(b, ',');
	buf_put_i64(b, v);
}

void csv_end_row(struct buf *b)
{
	buf_append(b, "\r\n", 2);
}
