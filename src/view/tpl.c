/*
 * tpl.c - escapers and formatters behind the compiled templates.
 *
 * Escaping runs over every value of every page, so it scans for the
 * five special bytes and copies the runs between them with one append
 * each; most values contain no special byte and cost one append.
 *
 * Number and date formats are chosen by language code, not by enum
 * value, because enum lang is generated from whichever catalogues the
 * build has: a new catalogue gets the neutral formats below until it
 * is added to lang_formats[].
 */
#include "view/tpl.h"

#include "base/civil.h"

/* Entity for each byte that needs one; NULL for the rest. */
static const char *const entity[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

void tpl_escape_text(struct buf *b, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = entity[(unsigned char)s[i]];
		if (e == NULL)
			continue;
		buf_append(b, s + run, i - run);
		buf_append(b, e, strlen(e));
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

/* NUL-terminated variant: strcspn finds the specials fast. */
static void escape_cstr(struct buf *b, const char *s)
{
	while (*s != '\0') {
		size_t run = strcspn(s, "&<>\"'");
		buf_append(b, s, run);
		s += run;
		if (*s == '\0')
			break;
		const char *e = entity[(unsigned char)*s];
		buf_append(b, e, strlen(e));
		s++;
	}
}

void tpl_text(struct tpl_out *out, const char *s)
{
	if (s != NULL)
		escape_cstr(out->buf, s);
}

void tpl_attr(struct tpl_out *out, const char *s)
{
	if (s != NULL)
		escape_cstr(out->buf, s);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool tpl_url_allowed(const char *s)
{
	static const char *const schemes[] = {"http", "https", "mailto", "tel"};

	/* Browsers strip leading C0 controls and spaces before parsing. */
	while (*s != '\0' && (unsigned char)*s <= 0x20)
		s++;
	size_t n = strcspn(s, ":/?#");
	if (s[n] != ':')
		return true; /* relative: no scheme of its own */
	for (size_t k = 0; k < sizeof(schemes) / sizeof(schemes[0]); k++) {
		const char *want = schemes[k];
		size_t i = 0;
		while (i < n && want[i] != '\0' && lower(s[i]) == want[i])
			i++;
		if (i == n && want[i] == '\0')
			return true;
	}
	return false;
}

void tpl_url(struct tpl_out *out, const char *s)
{
	if (s == NULL)
		return;
	if (tpl_url_allowed(s))
		escape_cstr(out->buf, s);
	else
		buf_putc(out->buf, '#');
}

void tpl_html(struct tpl_out *out, struct html_safe h)
{
	buf_puts(out->buf, h.html);
}

/* How one language writes numbers and dates. */
struct lang_format {
	const char *code;
	char group_sep;	      /* thousands separator */
	bool day_month_names; /* "26 Nov 2026" rather than "26.11.2026" */
};

static const struct lang_format lang_formats[] = {
	{"de", '.', false},
	{"en", ',', true},
};

/* Unknown languages: a thin space would be nicer, but stays ASCII. */
static const struct lang_format neutral_format = {"", ',', true};

static const struct lang_format *format_of(enum lang lang)
{
	const char *code = i18n_code(lang);

	for (size_t i = 0; i < sizeof(lang_formats) / sizeof(lang_formats[0]); i++)
		if (strcmp(lang_formats[i].code, code) == 0)
			return &lang_formats[i];
	return &neutral_format;
}

void tpl_num(struct tpl_out *out, int64_t v)
{
	/* 19 digits, 6 separators, a sign */
	char tmp[32];
	size_t i = sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char sep = format_of(out->lang)->group_sep;
	int digits = 0;

	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[--i] = sep;
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
		digits++;
	} while (u != 0);
	if (v < 0)
		tmp[--i] = '-';
	buf_append(out->buf, tmp + i, sizeof(tmp) - i);
}

void tpl_int(struct tpl_out *out, int64_t v)
{
	buf_put_i64(out->buf, v);
}

/* Append v as exactly two digits (0..99). */
static void put2(struct buf *b, int v)
{
	char d[2] = {(char)('0' + v / 10 % 10), (char)('0' + v % 10)};

	buf_append(b, d, 2);
}

/* A year, at least four digits wide when positive. */
static void put_year(struct buf *b, int64_t year)
{
	if (year >= 0 && year < 1000) {
		put2(b, (int)(year / 100));
		put2(b, (int)(year % 100));
	} else {
		buf_put_i64(b, year);
	}
}

static const char month_abbr[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static void put_date(struct buf *b, const struct lang_format *f, const struct civil_time *tm)
{
	if (f->day_month_names) {
		buf_put_i64(b, tm->day);
		buf_putc(b, ' ');
		buf_append(b, month_abbr[(tm->month + 11) % 12], 3);
		buf_putc(b, ' ');
	} else {
		put2(b, tm->day);
		buf_putc(b, '.');
		put2(b, tm->month);
		buf_putc(b, '.');
	}
	put_year(b, tm->year);
}

void tpl_date(struct tpl_out *out, int64_t t)
{
	struct civil_time tm;

	if (civil_local(t, &tm))
		put_date(out->buf, format_of(out->lang), &tm);
}

void tpl_datetime(struct tpl_out *out, int64_t t)
{
	struct civil_time tm;

	if (!civil_local(t, &tm))
		return;
	put_date(out->buf, format_of(out->lang), &tm);
	buf_append(out->buf, ", ", 2);
	put2(out->buf, tm.hour);
	buf_putc(out->buf, ':');
	put2(out->buf, tm.minute);
}

void tpl_isotime(struct tpl_out *out, int64_t t)
{
	struct civil_time tm;

	if (!civil_local(t, &tm))
		return;
	struct buf *b = out->buf;
	long off = tm.gmtoff / 60;
	put_year(b, tm.year);
	buf_putc(b, '-');
	put2(b, tm.month);
	buf_putc(b, '-');
	put2(b, tm.day);
	buf_putc(b, 'T');
	put2(b, tm.hour);
	buf_putc(b, ':');
	put2(b, tm.minute);
	buf_putc(b, ':');
	put2(b, tm.second);
	buf_putc(b, off < 0 ? '-' : '+');
	if (off < 0)
		off = -off;
	put2(b, (int)(off / 60));
	buf_putc(b, ':');
	put2(b, (int)(off % 60));
}
