/*
 * ics.c - iCalendar content lines: escaping, folding, CRLF (ics.h says
 * why this is not libical).
 */
#include "base/ics.h"

#include <string.h>

#include "base/civil.h"

enum { ICS_LINE = 75 }; /* octets per line, CRLF not counted */

void ics_begin(struct ics_line *l, struct buf *b, const char *name, size_t max)
{
	l->b = b;
	l->left = max != 0 ? max : SIZE_MAX;
	buf_puts(b, name);
	buf_putc(b, ':');
	l->col = strlen(name) + 1;
}

/* Append n octets that must stay on one line (a character or an escape). */
static void put_unit(struct ics_line *l, const char *s, size_t n)
{
	if (l->col + n > ICS_LINE) {
		buf_append(l->b, "\r\n ", 3);
		l->col = 1;
	}
	buf_append(l->b, s, n);
	l->col += n;
}

/*
 * Octets of the UTF-8 sequence at s (n bytes left), or 0 when s does not
 * start one: the value should be valid UTF-8, but a stray byte must not
 * carry a control character into the line with it.
 */
static size_t seq_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
	for (size_t k = 1; k < len; k++)
		if (k >= n || ((unsigned char)s[k] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Printable ASCII that needs no escape (in TEXT) may fold anywhere. */
static int plain(unsigned char c, int escape)
{
	return c >= 0x20 && c < 0x7F && !(escape && (c == '\\' || c == ';' || c == ','));
}

/* Append a run of plain bytes, a line's room at a time. */
static void put_run(struct ics_line *l, const char *s, size_t n)
{
	while (n > 0) {
		if (l->col >= ICS_LINE) {
			buf_append(l->b, "\r\n ", 3);
			l->col = 1;
		}
		size_t k = ICS_LINE - l->col < n ? ICS_LINE - l->col : n;
		buf_append(l->b, s, k);
		l->col += k;
		s += k;
		n -= k;
	}
}

static void add(struct ics_line *l, const char *s, int escape)
{
	if (s == NULL)
		return;
	size_t total = strlen(s), n = total < l->left ? total : l->left;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (plain(c, escape)) {
			size_t j = i + 1;
			while (j < n && plain((unsigned char)s[j], escape))
				j++;
			put_run(l, s + i, j - i);
			i = j;
		} else if (c < 0x20 || c == 0x7F) {
			if (escape && c == '\n')
				put_unit(l, "\\n", 2);
			i++;
		} else if (c < 0x80) { /* backslash, semicolon or comma in TEXT */
			char e[2] = {'\\', (char)c};
			put_unit(l, e, 2);
			i++;
		} else {
			size_t len = seq_len(s + i, total - i);
			if (len == 0) {
				i++; /* not UTF-8: dropped */
				continue;
			}
			if (len > n - i) {
				n = i; /* a character cut by the limit is left out whole */
				break;
			}
			put_unit(l, s + i, len);
			i += len;
		}
	}
	l->left -= n;
}

void ics_add_text(struct ics_line *l, const char *s)
{
	add(l, s, 1);
}

void ics_add_raw(struct ics_line *l, const char *s)
{
	add(l, s, 0);
}

void ics_add_i64(struct ics_line *l, int64_t v)
{
	char d[24];
	char *p = d + sizeof d - 1;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	add(l, p, 0);
}

void ics_end(struct ics_line *l)
{
	buf_append(l->b, "\r\n", 2);
}

void ics_text(struct buf *b, const char *name, const char *value, size_t max)
{
	struct ics_line l;
	ics_begin(&l, b, name, max);
	ics_add_text(&l, value);
	ics_end(&l);
}

void ics_raw(struct buf *b, const char *name, const char *value)
{
	struct ics_line l;
	ics_begin(&l, b, name, 0);
	ics_add_raw(&l, value);
	ics_end(&l);
}

static void digits(char *p, int64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void ics_utc(struct buf *b, const char *name, int64_t t)
{
	/* Years 0000 to 9999 are what DATE-TIME can say; the epoch otherwise. */
	if (t < -62167219200 || t > 253402300799)
		t = 0;
	struct civil_time c;
	civil_utc(t, &c);
	char s[] = "YYYYMMDDTHHMMSSZ";
	digits(s, c.year, 4);
	digits(s + 4, c.month, 2);
	digits(s + 6, c.day, 2);
	digits(s + 9, c.hour, 2);
	digits(s + 11, c.minute, 2);
	digits(s + 13, c.second, 2);
	buf_puts(b, name);
	buf_putc(b, ':');
	buf_append(b, s, sizeof s - 1);
	buf_append(b, "\r\n", 2);
}
