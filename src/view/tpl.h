/*
 * tpl.h - runtime of the compiled templates.
 *
 * tools/tplc turns templates/NAME.html into
 *	void tpl_NAME(struct tpl_out *out, const struct TYPE *v);
 * whose body is a sequence of calls to the functions below.  The
 * compiler has already decided, from the HTML around each slot, which
 * escaper a value needs; these functions only carry it out, quickly.
 *
 * Everything appends to out->buf, whose memory is the request's arena;
 * an allocation failure is remembered in buf->oom and checked once by
 * whoever owns the buffer.
 */
#ifndef OIC_VIEW_TPL_H
#define OIC_VIEW_TPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"

/* Where a template writes, and in which language. */
struct tpl_out {
	struct buf *buf; /* not owned */
	enum lang lang;
};

/*
 * Trusted HTML, output without escaping.  Only the Markdown renderer
 * and rendered templates create these; never wrap user input in one.
 */
struct html_safe {
	const char *html; /* NULL renders nothing */
};

/* A string with its length: the translation tables tplc generates. */
struct tpl_str {
	const char *s;
	size_t n;
};

/* Append bytes that need no escaping: template text, asset URLs. */
static inline void tpl_raw_n(struct tpl_out *out, const char *s, size_t n)
{
	buf_append(out->buf, s, n);
}

/* Append a trusted NUL-terminated string (NULL appends nothing). */
static inline void tpl_raw(struct tpl_out *out, const char *s)
{
	buf_puts(out->buf, s);
}

/* Append the translation for out->lang from a generated table. */
static inline void tpl_msg(struct tpl_out *out, const struct tpl_str *table)
{
	buf_append(out->buf, table[out->lang].s, table[out->lang].n);
}

/* {{#eq path "literal"}}: s is set and equal to lit. */
static inline bool tpl_eq(const char *s, const char *lit)
{
	return s != NULL && strcmp(s, lit) == 0;
}

/*
 * Accept any integer type and nothing else: {{ num x }} on a double or
 * a pointer must be a compile error, not a silent conversion.
 */
/* clang-format off */
#define TPL_INTEGER(x)                                                  \
	_Generic((x),                                                   \
		_Bool: (x), char: (x), signed char: (x),                \
		unsigned char: (x), short: (x), unsigned short: (x),    \
		int: (x), unsigned int: (x), long: (x),                 \
		unsigned long: (x), long long: (x),                     \
		unsigned long long: (x))
/* clang-format on */

/*
 * Escape n bytes of s for HTML text or a quoted attribute value:
 * & < > " ' become entities, everything else is copied as is.
 */
void tpl_escape_text(struct buf *b, const char *s, size_t n);

/* {{ x }} in text or RCDATA: escaped; NULL renders nothing. */
void tpl_text(struct tpl_out *out, const char *s);

/* {{ x }} in a quoted attribute value: escaped; NULL renders nothing. */
void tpl_attr(struct tpl_out *out, const char *s);

/*
 * {{ x }} where it decides the scheme of a URL attribute (href, src,
 * action, ...).  A value whose scheme is not http, https, mailto or tel
 * (case-insensitive, after leading blanks and control characters)
 * becomes "#"; relative URLs pass.  Then it is escaped like tpl_attr().
 */
void tpl_url(struct tpl_out *out, const char *s);

/* True when tpl_url() would keep s (exposed for tests and forms). */
bool tpl_url_allowed(const char *s);

/* {{ num x }}: grouped digits, "1.234.567" (de) or "1,234,567" (en). */
void tpl_num(struct tpl_out *out, int64_t v);

/* {{ int x }}: plain decimal digits, for ids in URLs and attributes. */
void tpl_int(struct tpl_out *out, int64_t v);

/*
 * Dates of unix time t in local time (the server runs with
 * TZ=Europe/Berlin):
 *	tpl_date      "26.11.2026"         / "26 Nov 2026"
 *	tpl_datetime  "26.11.2026, 14:05"  / "26 Nov 2026, 14:05"
 *	tpl_isotime   "2026-11-26T14:05:00+01:00" (any language)
 * A time localtime_r() cannot represent renders nothing.
 */
void tpl_date(struct tpl_out *out, int64_t t);
void tpl_datetime(struct tpl_out *out, int64_t t);
void tpl_isotime(struct tpl_out *out, int64_t t);

/* {{ html x }}: trusted markup, unescaped. */
void tpl_html(struct tpl_out *out, struct html_safe h);

/*
 * URL of a static asset by its source name ("app.css"), with the
 * content hash that allows long caching.  Defined by the static file
 * registry, not here; the returned string lives for the program.
 */
const char *tpl_asset_url(const char *name);

#endif
