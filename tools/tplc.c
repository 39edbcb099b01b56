/*
 * tplc.c - compile HTML templates and gettext catalogues into C.
 *
 *   tplc --out DIR --po po/de.po --po po/en.po [--views-header H]
 *        [--check-c FILE.c ...] TEMPLATE.html ...
 *
 * writes DIR/templates.{h,c} (one function per template) and
 * DIR/i18n_catalog.{h,c} (the message tables behind base/i18n.c).  Every
 * error is printed as "FILE:LINE: message"; after any error nothing is
 * written and the exit status is 1.
 *
 * A template becomes C in four steps:
 *
 *  1. lex: the file is cut into literal text and {{ directives }}.  A
 *     comment or block directive alone on its line takes the line with
 *     it, so pages do not fill up with blank lines.
 *  2. parse: directives become a tree of text, slots, ifs, eaches and
 *     partial calls.
 *  3. walk: the literal text is fed through a small HTML tokenizer
 *     (struct html_state), the state machine a browser runs, cut down to
 *     what matters for escaping.  At each slot the state says which
 *     escaper is right, or that none is safe (inside <script>, in an
 *     unquoted value, in onclick=...), which is a build error.  Both
 *     branches of an if must end in the same state; the body of an each
 *     must come back to the state it began in.
 *  4. emit: literal text becomes tpl_raw_n() calls; slots become calls
 *     whose parameter types make a wrong field a C compile error.
 *
 * The tokenizer follows the WHATWG states for data, tags, attributes,
 * comments and the raw-text and RCDATA elements.  Where a faithful model
 * would be large (MathML, CDATA, script escapes, HTML inside SVG) the
 * compiler refuses the construct instead of guessing: a refused template
 * costs a developer a minute, a wrong guess costs an XSS.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Memory, strings, diagnostics                                        */

/* A build tool has nothing sensible to do without memory: stop. */
static void fatal_oom(void)
{
	fputs("tplc: out of memory\n", stderr);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n != 0 ? n : 1);
	if (p == NULL)
		fatal_oom();
	return p;
}

/* Zeroed array of count elements (at least one). */
static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count != 0 ? count : 1, size != 0 ? size : 1);
	if (p == NULL)
		fatal_oom();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Growable string; all generated text is built in these. */
struct sb {
	char *p;
	size_t len;
	size_t cap;
};

static void sb_reserve(struct sb *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap != 0 ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void sb_add(struct sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_putc(struct sb *b, char c)
{
	sb_add(b, &c, 1);
}

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sb *b, const char *fmt, ...)
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

static const char *sb_str(const struct sb *b)
{
	return b->p != NULL ? b->p : "";
}

static void sb_free(struct sb *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

static int error_count;

static void error_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Report "FILE:LINE: message"; the run fails at the end. */
static void error_at(const char *file, int line, const char *fmt, ...)
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
static char *quoted(const char *s)
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
static char *read_file(const char *path, size_t *len)
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
static int line_of(const char *s, size_t off)
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
static size_t utf8_invalid_at(const char *str, size_t n)
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

static bool is_ident_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool is_ident_char(int c)
{
	return isalnum(c) || c == '_';
}

static bool is_ident(const char *s)
{
	if (!is_ident_start((unsigned char)*s))
		return false;
	for (s++; *s != '\0'; s++)
		if (!is_ident_char((unsigned char)*s))
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* PO catalogues                                                       */

struct po_entry {
	char *msgid;
	char *msgstr;
	int line;
};

struct po_file {
	const char *path;
	char *code;		  /* BCP 47 spelling: "de", "pt-BR" */
	char *enum_name;	  /* "LANG_DE", "LANG_PT_BR" */
	struct po_entry *entries; /* sorted by msgid (strcmp) */
	size_t n;
};

static struct po_file *po_files;
static size_t po_count;

/*
 * Parse one "..." string at *pp (which points at the quote), appending
 * the unescaped bytes to out.  Only blanks may follow on the line.
 */
static int po_string(const char *path, int line, const char **pp, struct sb *out)
{
	const char *p = *pp + 1;

	for (;;) {
		char c = *p;
		if (c == '\0' || c == '\n') {
			error_at(path, line, "unterminated string");
			return -1;
		}
		p++;
		if (c == '"')
			break;
		if (c != '\\') {
			sb_putc(out, c);
			continue;
		}
		c = *p++;
		switch (c) {
		case 'n': sb_putc(out, '\n'); break;
		case 't': sb_putc(out, '\t'); break;
		case 'r': sb_putc(out, '\r'); break;
		case '"': sb_putc(out, '"'); break;
		case '\\': sb_putc(out, '\\'); break;
		default:
			error_at(path, line, "unknown escape '\\%c' in string",
				 c != '\0' && c != '\n' ? c : ' ');
			return -1;
		}
	}
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	if (*p != '\0' && *p != '\n') {
		error_at(path, line, "unexpected text after string");
		return -1;
	}
	*pp = p;
	return 0;
}

static int po_entry_cmp(const void *a, const void *b)
{
	const struct po_entry *x = a, *y = b;
	int c = strcmp(x->msgid, y->msgid);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Code "de" / "pt_BR" from "po/pt_BR.po"; -1 when it is no language. */
static int po_code_from_path(struct po_file *po)
{
	if (po->path == NULL) /* argv entries never are; for the analyzer */
		return -1;
	const char *base = strrchr(po->path, '/');
	size_t n;

	base = base != NULL ? base + 1 : po->path;
	n = strlen(base);
	if (n < 4 || strcmp(base + n - 3, ".po") != 0) {
		error_at(po->path, 0, "catalogue file name must end in .po");
		return -1;
	}
	n -= 3;
	/* [A-Za-z]+ followed by [_-][A-Za-z0-9]+ parts */
	bool ok = n > 0 && isalpha((unsigned char)base[0]);
	for (size_t i = 0; ok && i < n; i++) {
		unsigned char c = (unsigned char)base[i];
		if (c == '_' || c == '-')
			ok = i + 1 < n && base[i + 1] != '_' && base[i + 1] != '-';
		else
			ok = isalnum(c);
	}
	if (!ok) {
		error_at(po->path, 0, "language code must look like de or pt_BR");
		return -1;
	}
	po->code = xstrndup(base, n);
	po->enum_name = xrealloc(NULL, n + 6);
	memcpy(po->enum_name, "LANG_", 5);
	for (size_t i = 0; i < n; i++) {
		char c = base[i];
		po->code[i] = c == '_' ? '-' : c;
		po->enum_name[5 + i] = c == '-' ? '_' : (char)toupper((unsigned char)c);
	}
	po->enum_name[5 + n] = '\0';
	return 0;
}

struct po_pending {
	struct sb id;
	struct sb str;
	bool have_id;
	bool have_str;
	bool fuzzy;
	int line;
};

static void po_finish(struct po_file *po, struct po_pending *e, size_t *cap)
{
	if (!e->have_id)
		return;
	e->have_id = false;
	if (!e->have_str) {
		error_at(po->path, e->line, "msgid without msgstr");
		return;
	}
	/* msgid "" is the header entry: metadata, not a message. */
	if (e->id.len == 0)
		return;
	char *q = quoted(sb_str(&e->id));
	if (e->str.len == 0)
		error_at(po->path, e->line, "missing translation for msgid %s", q);
	else if (e->fuzzy)
		error_at(po->path, e->line,
			 "fuzzy translation for msgid %s (review it and "
			 "remove the fuzzy flag)",
			 q);
	free(q);
	if (e->str.len == 0 || e->fuzzy)
		return;
	if (strlen(sb_str(&e->id)) != e->id.len || strlen(sb_str(&e->str)) != e->str.len) {
		error_at(po->path, e->line, "NUL byte in string");
		return;
	}
	if (po->n == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 64;
		po->entries = xrealloc(po->entries, *cap * sizeof(*po->entries));
	}
	po->entries[po->n].msgid = xstrndup(sb_str(&e->id), e->id.len);
	po->entries[po->n].msgstr = xstrndup(sb_str(&e->str), e->str.len);
	po->entries[po->n].line = e->line;
	po->n++;
}

static bool po_keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);
	return strncmp(p, kw, n) == 0 && (p[n] == ' ' || p[n] == '\t' || p[n] == '"');
}

/*
 * Parse a gettext catalogue: comments, msgid / msgstr with continuation
 * strings.  Plural forms and contexts are refused, fuzzy entries and
 * empty translations are errors: a page must never show a guess.
 */
static int po_parse(struct po_file *po)
{
	size_t len, cap = 0;
	char *text;
	struct po_pending e = {0};
	struct sb *field = NULL;
	bool fuzzy_next = false;
	int errors_before = error_count;

	if (po_code_from_path(po) < 0)
		return -1;
	text = read_file(po->path, &len);
	if (text == NULL)
		return -1;
	size_t bad = utf8_invalid_at(text, len);
	if (bad != len) {
		error_at(po->path, line_of(text, bad), "invalid UTF-8");
		goto out;
	}
	int line = 0;
	for (const char *p = text; *p != '\0';) {
		const char *eol = strchr(p, '\n');
		const char *next = eol != NULL ? eol + 1 : p + strlen(p);
		line++;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\n' || *p == '\0') {
			field = NULL;
		} else if (*p == '#') {
			/* "#, fuzzy, c-format" flags the entry that follows */
			if (p[1] == ',') {
				const char *f = strstr(p, "fuzzy");
				if (f != NULL && (eol == NULL || f < eol))
					fuzzy_next = true;
			}
		} else if (strncmp(p, "msgctxt", 7) == 0) {
			error_at(po->path, line, "msgctxt is not supported");
		} else if (strncmp(p, "msgid_plural", 12) == 0 || strncmp(p, "msgstr[", 7) == 0) {
			error_at(po->path, line, "plural forms are not supported");
		} else if (po_keyword(p, "msgid")) {
			po_finish(po, &e, &cap);
			e.have_id = true;
			e.have_str = false;
			e.fuzzy = fuzzy_next;
			e.line = line;
			fuzzy_next = false;
			e.id.len = 0;
			e.str.len = 0;
			field = &e.id;
			p += 5;
			while (*p == ' ' || *p == '\t')
				p++;
			if (po_string(po->path, line, &p, field) < 0)
				field = NULL;
		} else if (po_keyword(p, "msgstr")) {
			if (!e.have_id || e.have_str) {
				error_at(po->path, line, "msgstr without msgid");
				field = NULL;
			} else {
				e.have_str = true;
				field = &e.str;
				p += 6;
				while (*p == ' ' || *p == '\t')
					p++;
				if (po_string(po->path, line, &p, field) < 0)
					field = NULL;
			}
		} else if (*p == '"') {
			if (field == NULL)
				error_at(po->path, line, "string outside msgid / msgstr");
			else
				po_string(po->path, line, &p, field);
		} else {
			error_at(po->path, line, "syntax error");
		}
		p = next;
	}
	po_finish(po, &e, &cap);
	if (po->n > 1)
		qsort(po->entries, po->n, sizeof(*po->entries), po_entry_cmp);
	for (size_t i = 1; i < po->n; i++) {
		if (strcmp(po->entries[i - 1].msgid, po->entries[i].msgid) != 0)
			continue;
		char *q = quoted(po->entries[i].msgid);
		error_at(po->path, po->entries[i].line, "duplicate msgid %s (first at line %d)", q,
			 po->entries[i - 1].line);
		free(q);
	}
out:
	sb_free(&e.id);
	sb_free(&e.str);
	free(text);
	return error_count == errors_before ? 0 : -1;
}

static const struct po_entry *po_find(const struct po_file *po, const char *msgid)
{
	size_t lo = 0, hi = po->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(msgid, po->entries[mid].msgid);
		if (c == 0)
			return &po->entries[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * Every msgid the code uses must be in every catalogue; the message
 * points at the use, which is where the fix usually goes.
 */
static bool msgid_check(const char *file, int line, const char *msgid)
{
	bool ok = true;

	for (size_t i = 0; i < po_count; i++) {
		if (po_find(&po_files[i], msgid) != NULL)
			continue;
		char *q = quoted(msgid);
		error_at(file, line, "msgid %s missing from %s", q, po_files[i].path);
		free(q);
		ok = false;
	}
	return ok;
}

/* ------------------------------------------------------------------ */
/* --check-c: find tr(lang, "literal") and N_("literal") in C sources  */

struct cscan {
	const char *path;
	const char *p;
	const char *end;
	int line;
};

/* Skip white space, comments and line continuations. */
static void cs_skip_space(struct cscan *c)
{
	while (c->p < c->end) {
		if (*c->p == '\n') {
			c->line++;
			c->p++;
		} else if (isspace((unsigned char)*c->p)) {
			c->p++;
		} else if (*c->p == '\\' && c->p + 1 < c->end && c->p[1] == '\n') {
			c->line++;
			c->p += 2;
		} else if (c->p + 1 < c->end && c->p[0] == '/' && c->p[1] == '*') {
			c->p += 2;
			while (c->p + 1 < c->end && !(c->p[0] == '*' && c->p[1] == '/')) {
				if (*c->p == '\n')
					c->line++;
				c->p++;
			}
			c->p = c->p + 2 <= c->end ? c->p + 2 : c->end;
		} else if (c->p + 1 < c->end && c->p[0] == '/' && c->p[1] == '/') {
			while (c->p < c->end && *c->p != '\n')
				c->p++;
		} else {
			break;
		}
	}
}

/* Skip a "string" or 'c' literal starting at c->p, without decoding. */
static void cs_skip_quoted(struct cscan *c)
{
	char q = *c->p++;

	while (c->p < c->end && *c->p != q && *c->p != '\n') {
		if (*c->p == '\\' && c->p + 1 < c->end) {
			if (c->p[1] == '\n')
				c->line++;
			c->p++;
		}
		c->p++;
	}
	if (c->p < c->end && *c->p == q)
		c->p++;
}

static unsigned hex_value(char c)
{
	if (isdigit((unsigned char)c))
		return (unsigned)(c - '0');
	return (unsigned)(tolower((unsigned char)c) - 'a' + 10);
}

static void put_utf8(struct sb *out, uint32_t cp)
{
	if (cp < 0x80) {
		sb_putc(out, (char)cp);
	} else if (cp < 0x800) {
		sb_putc(out, (char)(0xc0 | (cp >> 6)));
		sb_putc(out, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_putc(out, (char)(0xe0 | (cp >> 12)));
		sb_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(out, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_putc(out, (char)(0xf0 | (cp >> 18)));
		sb_putc(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_putc(out, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * Decode one or more adjacent C string literals at c->p into out.
 * Returns 1 when there was one, 0 when c->p is no literal, -1 on error.
 */
static int cs_literal(struct cscan *c, struct sb *out)
{
	int found = 0;

	while (c->p < c->end && *c->p == '"') {
		c->p++;
		found = 1;
		while (c->p < c->end && *c->p != '"') {
			char ch = *c->p++;
			if (ch == '\n') {
				error_at(c->path, c->line, "unterminated string literal");
				return -1;
			}
			if (ch != '\\') {
				sb_putc(out, ch);
				continue;
			}
			if (c->p >= c->end)
				break;
			ch = *c->p++;
			switch (ch) {
			case 'n': sb_putc(out, '\n'); break;
			case 't': sb_putc(out, '\t'); break;
			case 'r': sb_putc(out, '\r'); break;
			case 'a': sb_putc(out, '\a'); break;
			case 'b': sb_putc(out, '\b'); break;
			case 'f': sb_putc(out, '\f'); break;
			case 'v': sb_putc(out, '\v'); break;
			case '\\':
			case '"':
			case '\'':
			case '?': sb_putc(out, ch); break;
			case '\n': c->line++; break;
			case 'x': {
				unsigned v = 0;
				int k = 0;
				while (c->p < c->end && isxdigit((unsigned char)*c->p)) {
					v = v * 16 + hex_value(*c->p++);
					k++;
				}
				if (k == 0 || v > 0xff) {
					error_at(c->path, c->line, "bad \\x escape");
					return -1;
				}
				sb_putc(out, (char)v);
				break;
			}
			case 'u':
			case 'U': {
				int k = ch == 'u' ? 4 : 8;
				uint32_t v = 0;
				for (int i = 0; i < k; i++) {
					if (c->p >= c->end || !isxdigit((unsigned char)*c->p)) {
						error_at(c->path, c->line, "bad \\%c escape", ch);
						return -1;
					}
					v = v * 16 + hex_value(*c->p++);
				}
				put_utf8(out, v);
				break;
			}
			default:
				if (ch >= '0' && ch <= '7') {
					unsigned v = (unsigned)(ch - '0');
					for (int i = 0;
					     i < 2 && c->p < c->end && *c->p >= '0' && *c->p <= '7';
					     i++)
						v = v * 8 + (unsigned)(*c->p++ - '0');
					sb_putc(out, (char)v);
					break;
				}
				error_at(c->path, c->line, "unknown escape '\\%c'", ch);
				return -1;
			}
		}
		if (c->p >= c->end) {
			error_at(c->path, c->line, "unterminated string literal");
			return -1;
		}
		c->p++;
		cs_skip_space(c);
	}
	return found;
}

/* After "N_" or the comma of "tr(": a literal and ')' make a use. */
static void cs_take_literal(struct cscan *c)
{
	struct sb msg = {0};

	cs_skip_space(c);
	int line = c->line;
	int r = cs_literal(c, &msg);
	if (r == 1 && c->p < c->end && *c->p == ')') {
		if (strlen(sb_str(&msg)) != msg.len)
			error_at(c->path, line, "NUL byte in msgid");
		else
			msgid_check(c->path, line, sb_str(&msg));
	}
	sb_free(&msg);
}

/* At the '(' of tr(...): move past the first argument and its comma. */
static bool cs_skip_first_arg(struct cscan *c)
{
	int depth = 0;

	c->p++;
	while (c->p < c->end) {
		cs_skip_space(c);
		if (c->p >= c->end)
			break;
		char ch = *c->p;
		if (ch == '"' || ch == '\'') {
			cs_skip_quoted(c);
			continue;
		}
		c->p++;
		if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (depth-- == 0)
				return false;
		} else if (ch == ';') {
			return false;
		} else if (ch == ',' && depth == 0) {
			return true;
		}
	}
	return false;
}

/* Check every literal msgid of one C file against the catalogues. */
static void check_c_file(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);

	if (text == NULL)
		return;
	struct cscan c = {path, text, text + len, 1};
	while (c.p < c.end) {
		char ch = *c.p;
		if (ch == '\n' || ch == '/' || isspace((unsigned char)ch)) {
			const char *before = c.p;
			cs_skip_space(&c);
			if (c.p == before)
				c.p++;
		} else if (ch == '"' || ch == '\'') {
			cs_skip_quoted(&c);
		} else if (isdigit((unsigned char)ch)) {
			/* 0x1fULL: digits may hide identifier letters */
			while (c.p < c.end && (is_ident_char((unsigned char)*c.p) || *c.p == '.'))
				c.p++;
		} else if (is_ident_start((unsigned char)ch)) {
			const char *s = c.p;
			while (c.p < c.end && is_ident_char((unsigned char)*c.p))
				c.p++;
			size_t n = (size_t)(c.p - s);
			bool is_tr = n == 2 && memcmp(s, "tr", 2) == 0;
			bool is_n = n == 2 && memcmp(s, "N_", 2) == 0;
			if (!is_tr && !is_n)
				continue;
			/* Look ahead, then resume right after the name, so
			 * that calls nested in the arguments are found too. */
			struct cscan look = c;
			cs_skip_space(&look);
			if (look.p >= look.end || *look.p != '(')
				continue;
			if (is_n) {
				look.p++;
				cs_take_literal(&look);
			} else if (cs_skip_first_arg(&look)) {
				cs_take_literal(&look);
			}
		} else {
			c.p++;
		}
	}
	free(text);
}

/* ------------------------------------------------------------------ */
/* Template tree                                                       */

enum node_kind { NODE_TEXT, NODE_SLOT, NODE_COND, NODE_EACH, NODE_PARTIAL };

enum slot_kind {
	SLOT_TEXT, /* {{ path }} */
	SLOT_NUM,
	SLOT_INT,
	SLOT_DATE,
	SLOT_DATETIME,
	SLOT_ISOTIME,
	SLOT_HTML,
	SLOT_T,
	SLOT_ASSET,
	SLOT_LANG, /* {{@lang}} */
};

enum cond_kind { COND_IF, COND_UNLESS, COND_EQ };

struct node {
	enum node_kind kind;
	int line;
	struct node *next;
	const char *text; /* NODE_TEXT: points into the template source */
	size_t len;
	enum slot_kind slot;
	enum cond_kind cond;
	char *path;	   /* slot, cond, each; partial (may be NULL) */
	char *str;	   /* t / asset argument, eq literal */
	char *var;	   /* each */
	char *name;	   /* partial */
	struct node *body; /* cond "then", each body */
	struct node *alt;  /* cond "else" */
};

struct template
{
	const char *path;
	char *name;
	char *type; /* from {{@struct TYPE}} */
	char *src;
	size_t len;
	struct node *root;
	int last_line;
	bool ok;
};

static struct template *templates;
static size_t template_count;

static void node_free(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;
		free(n->path);
		free(n->str);
		free(n->var);
		free(n->name);
		node_free(n->body);
		node_free(n->alt);
		free(n);
		n = next;
	}
}

static const char *const slot_keywords[] = {
	[SLOT_NUM] = "num",
	[SLOT_INT] = "int",
	[SLOT_DATE] = "date",
	[SLOT_DATETIME] = "datetime",
	[SLOT_ISOTIME] = "isotime",
	[SLOT_HTML] = "html",
	[SLOT_T] = "t",
	[SLOT_ASSET] = "asset",
};

/* Directive as written, for messages: "{{ num count }}". */
static char *node_label(const struct node *n)
{
	struct sb b = {0};

	switch (n->kind) {
	case NODE_SLOT:
		if (n->slot == SLOT_TEXT) {
			sb_printf(&b, "{{ %s }}", n->path);
		} else if (n->slot == SLOT_LANG) {
			sb_puts(&b, "{{@lang}}");
		} else if (n->slot == SLOT_T || n->slot == SLOT_ASSET) {
			char *q = quoted(n->str);
			sb_printf(&b, "{{ %s %s }}", slot_keywords[n->slot], q);
			free(q);
		} else {
			sb_printf(&b, "{{ %s %s }}", slot_keywords[n->slot], n->path);
		}
		break;
	case NODE_COND:
		sb_printf(&b, "{{#%s}}",
			  n->cond == COND_IF	   ? "if"
			  : n->cond == COND_UNLESS ? "unless"
						   : "eq");
		break;
	case NODE_EACH: sb_puts(&b, "{{#each}}"); break;
	case NODE_PARTIAL: sb_printf(&b, "{{> %s}}", n->name); break;
	case NODE_TEXT: sb_puts(&b, "text"); break;
	}
	return b.p;
}

/* ------------------------------------------------------------------ */
/* Lexing and parsing                                                  */

enum dir_kind {
	DIR_COMMENT,
	DIR_STRUCT,
	DIR_SLOT,
	DIR_OPEN,
	DIR_ELSE,
	DIR_CLOSE,
	DIR_PARTIAL,
};

enum block_kind { BLOCK_IF, BLOCK_UNLESS, BLOCK_EQ, BLOCK_EACH };

static const char *const block_names[] = {"if", "unless", "eq", "each"};

struct dir_token {
	bool is_string;
	char *text;
};

enum { DIR_MAX_TOKENS = 4 };

struct directive {
	enum dir_kind kind;
	enum block_kind block;
	enum slot_kind slot;
	char sigil;
	struct dir_token tok[DIR_MAX_TOKENS];
	int ntok;
};

static void directive_free(struct directive *d)
{
	for (int i = 0; i < d->ntok; i++)
		free(d->tok[i].text);
	d->ntok = 0;
}

/* path = ident ( "." ident )* */
static bool is_path(const char *s)
{
	for (;;) {
		if (!is_ident_start((unsigned char)*s))
			return false;
		while (is_ident_char((unsigned char)*s))
			s++;
		if (*s == '\0')
			return true;
		if (*s != '.')
			return false;
		s++;
	}
}

static bool is_template_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

static int block_from_word(const char *w)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(w, block_names[i]) == 0)
			return i;
	return -1;
}

/*
 * Read the directive that starts after "{{" at src[*pos]; on success
 * *pos is just past "}}".  Tokens are words (paths, keywords) and
 * "strings" with \" \\ \n \t escapes.
 */
static int lex_directive(struct template *t, size_t *pos, int line, struct directive *d)
{
	const char *s = t->src;
	size_t i = *pos, n = t->len;

	memset(d, 0, sizeof(*d));
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '!') {
		/* {{!-- may contain "}}" and ends at --}} */
		bool long_form = strncmp(s + i, "!--", 3) == 0;
		const char *close = long_form ? "--}}" : "}}";
		const char *end = strstr(s + i + (long_form ? 3 : 1), close);
		if (end == NULL) {
			error_at(t->path, line, "'{{!%s' comment without '%s'",
				 long_form ? "--" : "", close);
			return -1;
		}
		d->kind = DIR_COMMENT;
		*pos = (size_t)(end - s) + strlen(close);
		return 0;
	}
	d->kind = DIR_SLOT; /* classify_directive() decides */
	if (i < n && strchr("#/@>", s[i]) != NULL && s[i] != '\0')
		d->sigil = s[i++];
	for (;;) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (i >= n) {
			error_at(t->path, line, "'{{' without '}}'");
			return -1;
		}
		if (s[i] == '}' && i + 1 < n && s[i + 1] == '}') {
			i += 2;
			break;
		}
		if (d->ntok == DIR_MAX_TOKENS) {
			error_at(t->path, line, "too many words in directive");
			return -1;
		}
		struct dir_token *tk = &d->tok[d->ntok];
		if (s[i] == '"') {
			struct sb b = {0};
			i++;
			while (i < n && s[i] != '"' && s[i] != '\n') {
				char c = s[i++];
				if (c == '\\' && i < n) {
					c = s[i++];
					if (c == 'n')
						c = '\n';
					else if (c == 't')
						c = '\t';
					else if (c != '"' && c != '\\') {
						error_at(t->path, line, "unknown escape '\\%c'", c);
						sb_free(&b);
						return -1;
					}
				}
				sb_putc(&b, c);
			}
			if (i >= n || s[i] != '"') {
				error_at(t->path, line, "unterminated string in directive");
				sb_free(&b);
				return -1;
			}
			i++;
			tk->is_string = true;
			tk->text = b.p != NULL ? b.p : xstrdup("");
		} else if (is_ident_char((unsigned char)s[i]) || s[i] == '.') {
			size_t b = i;
			while (i < n && (is_ident_char((unsigned char)s[i]) || s[i] == '.'))
				i++;
			tk->text = xstrndup(s + b, i - b);
		} else {
			error_at(t->path, line, "unexpected '%c' in directive (missing '}}'?)",
				 s[i]);
			return -1;
		}
		d->ntok++;
	}
	*pos = i;
	return 0;
}

static bool tok_word(const struct directive *d, int i)
{
	return i < d->ntok && !d->tok[i].is_string;
}

static bool tok_path(const struct directive *d, int i)
{
	return tok_word(d, i) && is_path(d->tok[i].text);
}

/* Give a lexed directive its meaning; -1 after reporting. */
static int classify_directive(struct template *t, int line, struct directive *d)
{
	const char *w0 = tok_word(d, 0) ? d->tok[0].text : "";

	switch (d->sigil) {
	case '@':
		if (d->ntok == 2 && strcmp(w0, "struct") == 0 && tok_word(d, 1) &&
		    is_ident(d->tok[1].text)) {
			d->kind = DIR_STRUCT;
			return 0;
		}
		if (d->ntok == 1 && strcmp(w0, "lang") == 0) {
			d->kind = DIR_SLOT;
			d->slot = SLOT_LANG;
			return 0;
		}
		break;
	case '#': {
		int b = block_from_word(w0);
		if (b < 0)
			break;
		d->block = (enum block_kind)b;
		d->kind = DIR_OPEN;
		if ((b == BLOCK_IF || b == BLOCK_UNLESS) && d->ntok == 2 && tok_path(d, 1))
			return 0;
		if (b == BLOCK_EQ && d->ntok == 3 && tok_path(d, 1) && d->tok[2].is_string)
			return 0;
		if (b == BLOCK_EACH && d->ntok == 4 && tok_path(d, 1) && tok_word(d, 2) &&
		    strcmp(d->tok[2].text, "as") == 0 && tok_word(d, 3) && is_ident(d->tok[3].text))
			return 0;
		error_at(t->path, line, "malformed {{#%s}}: expected %s", w0,
			 b == BLOCK_EQ	   ? "{{#eq path \"literal\"}}"
			 : b == BLOCK_EACH ? "{{#each path as name}}"
					   : "one path");
		return -1;
	}
	case '/': {
		int b = block_from_word(w0);
		if (b < 0 || d->ntok != 1)
			break;
		d->block = (enum block_kind)b;
		d->kind = DIR_CLOSE;
		return 0;
	}
	case '>':
		if (d->ntok >= 1 && d->ntok <= 2 && tok_word(d, 0) &&
		    (d->ntok == 1 || tok_path(d, 1))) {
			if (!is_template_name(w0)) {
				error_at(t->path, line, "bad partial name '%s'", w0);
				return -1;
			}
			d->kind = DIR_PARTIAL;
			return 0;
		}
		break;
	default:
		if (d->ntok == 1 && strcmp(w0, "else") == 0) {
			d->kind = DIR_ELSE;
			return 0;
		}
		if (d->ntok == 1 && tok_path(d, 0)) {
			d->kind = DIR_SLOT;
			d->slot = SLOT_TEXT;
			return 0;
		}
		if (d->ntok != 2 || !tok_word(d, 0))
			break;
		for (int k = SLOT_NUM; k <= SLOT_ASSET; k++) {
			if (strcmp(w0, slot_keywords[k]) != 0)
				continue;
			bool want_string = k == SLOT_T || k == SLOT_ASSET;
			if (want_string ? !d->tok[1].is_string : !tok_path(d, 1)) {
				error_at(t->path, line, "{{ %s }} takes %s", w0,
					 want_string ? "a \"string\"" : "a path");
				return -1;
			}
			d->kind = DIR_SLOT;
			d->slot = (enum slot_kind)k;
			return 0;
		}
		break;
	}
	/* as written: "{{#with x}}", "{{ raw x }}" */
	struct sb b = {0};
	for (int i = 0; i < d->ntok; i++) {
		char *q = d->tok[i].is_string ? quoted(d->tok[i].text) : NULL;
		sb_printf(&b, "%s%s", i > 0 ? " " : "", q != NULL ? q : d->tok[i].text);
		free(q);
	}
	if (d->sigil != '\0')
		error_at(t->path, line, "unknown directive {{%c%s}}", d->sigil, sb_str(&b));
	else
		error_at(t->path, line, "unknown directive {{ %s }}", sb_str(&b));
	sb_free(&b);
	return -1;
}

/*
 * Comments, {{@struct}} and block directives alone on a line are
 * "standalone": the line's indentation and newline go with them.
 */
static bool standalone_kind(const struct directive *d)
{
	return d->kind == DIR_COMMENT || d->kind == DIR_STRUCT || d->kind == DIR_OPEN ||
	       d->kind == DIR_ELSE || d->kind == DIR_CLOSE;
}

struct open_block {
	struct node *node;
	struct node **tail; /* where the next node of this block goes */
	enum block_kind kind;
	bool in_else;
	int line;
};

static struct node *node_new(enum node_kind kind, int line)
{
	struct node *n = xrealloc(NULL, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = line;
	return n;
}

/* Lex and parse t->src into t->root; -1 after reporting the error. */
static int parse_template(struct template *t)
{
	struct open_block *stack = NULL;
	size_t depth = 0, cap = 0;
	struct node **tail = &t->root;
	struct node *last_text = NULL;
	size_t pos = 0;
	int line = 1, rc = -1;
	bool output_seen = false;
	struct directive d = {0};

	while (pos < t->len) {
		const char *open = strstr(t->src + pos, "{{");
		size_t q = open != NULL ? (size_t)(open - t->src) : t->len;
		last_text = NULL;
		if (q > pos) {
			struct node *n = node_new(NODE_TEXT, line);
			n->text = t->src + pos;
			n->len = q - pos;
			*tail = n;
			tail = &n->next;
			last_text = n;
			for (size_t i = pos; i < q; i++)
				if (t->src[i] == '\n')
					line++;
		}
		if (open == NULL)
			break;
		int dline = line;
		size_t end = q + 2;
		if (lex_directive(t, &end, dline, &d) < 0)
			goto out;
		if (d.kind != DIR_COMMENT && classify_directive(t, dline, &d) < 0)
			goto out;
		for (size_t i = q; i < end; i++)
			if (t->src[i] == '\n')
				line++;
		if (standalone_kind(&d)) {
			size_t k = q, e = end;
			while (k > 0 && (t->src[k - 1] == ' ' || t->src[k - 1] == '\t'))
				k--;
			while (e < t->len && (t->src[e] == ' ' || t->src[e] == '\t'))
				e++;
			if (e < t->len && t->src[e] == '\r')
				e++;
			bool back = k == 0 || t->src[k - 1] == '\n';
			bool fwd = e == t->len || t->src[e] == '\n';
			/* only when the blanks before belong to this line's
			 * text, not to a directive on the same line */
			if (back && fwd && (k >= pos || k == 0)) {
				if (last_text != NULL)
					last_text->len -= q - k;
				if (e < t->len) {
					e++;
					line++;
				}
				end = e;
			}
		}
		pos = end;

		if (d.kind != DIR_COMMENT && d.kind != DIR_STRUCT && t->type == NULL) {
			error_at(t->path, dline,
				 "{{@struct TYPE}} must come before any "
				 "output directive");
			goto out;
		}
		switch (d.kind) {
		case DIR_COMMENT: break;
		case DIR_STRUCT:
			if (t->type != NULL || output_seen) {
				error_at(t->path, dline,
					 t->type != NULL ? "second {{@struct}}"
							 : "{{@struct TYPE}} must come "
							   "before "
							   "any output directive");
				goto out;
			}
			t->type = d.tok[1].text;
			d.tok[1].text = NULL;
			break;
		case DIR_SLOT: {
			struct node *n = node_new(NODE_SLOT, dline);
			n->slot = d.slot;
			if (d.slot == SLOT_TEXT) {
				n->path = d.tok[0].text;
				d.tok[0].text = NULL;
			} else if (d.slot == SLOT_T || d.slot == SLOT_ASSET) {
				n->str = d.tok[1].text;
				d.tok[1].text = NULL;
			} else if (d.slot != SLOT_LANG) {
				n->path = d.tok[1].text;
				d.tok[1].text = NULL;
			}
			*tail = n;
			tail = &n->next;
			break;
		}
		case DIR_PARTIAL: {
			struct node *n = node_new(NODE_PARTIAL, dline);
			n->name = d.tok[0].text;
			d.tok[0].text = NULL;
			if (d.ntok == 2) {
				n->path = d.tok[1].text;
				d.tok[1].text = NULL;
			}
			*tail = n;
			tail = &n->next;
			break;
		}
		case DIR_OPEN: {
			struct node *n =
				node_new(d.block == BLOCK_EACH ? NODE_EACH : NODE_COND, dline);
			n->cond = d.block == BLOCK_UNLESS ? COND_UNLESS
				  : d.block == BLOCK_EQ	  ? COND_EQ
							  : COND_IF;
			n->path = d.tok[1].text;
			d.tok[1].text = NULL;
			if (d.block == BLOCK_EQ) {
				n->str = d.tok[2].text;
				d.tok[2].text = NULL;
			} else if (d.block == BLOCK_EACH) {
				n->var = d.tok[3].text;
				d.tok[3].text = NULL;
			}
			*tail = n;
			if (depth == cap) {
				cap = cap != 0 ? cap * 2 : 16;
				stack = xrealloc(stack, cap * sizeof(*stack));
			}
			stack[depth].node = n;
			stack[depth].tail = &n->next;
			stack[depth].kind = d.block;
			stack[depth].in_else = false;
			stack[depth].line = dline;
			depth++;
			tail = &n->body;
			break;
		}
		case DIR_ELSE: {
			struct open_block *b = depth > 0 ? &stack[depth - 1] : NULL;
			if (b == NULL || b->kind == BLOCK_EACH || b->in_else) {
				error_at(t->path, dline,
					 b == NULL    ? "{{else}} outside a block"
					 : b->in_else ? "second {{else}} in a block"
						      : "{{else}} is not allowed in "
							"{{#each}}");
				goto out;
			}
			b->in_else = true;
			tail = &b->node->alt;
			break;
		}
		case DIR_CLOSE: {
			struct open_block *b = depth > 0 ? &stack[depth - 1] : NULL;
			if (b == NULL) {
				error_at(t->path, dline, "stray {{/%s}}", block_names[d.block]);
				goto out;
			}
			if (b->kind != d.block) {
				error_at(t->path, dline,
					 "{{/%s}} closes {{#%s}} opened at "
					 "line %d",
					 block_names[d.block], block_names[b->kind], b->line);
				goto out;
			}
			tail = b->tail;
			depth--;
			break;
		}
		}
		if (d.kind != DIR_COMMENT && d.kind != DIR_STRUCT)
			output_seen = true;
		directive_free(&d);
	}
	if (depth > 0) {
		error_at(t->path, stack[depth - 1].line, "unclosed {{#%s}}",
			 block_names[stack[depth - 1].kind]);
		goto out;
	}
	if (t->type == NULL) {
		error_at(t->path, 1, "missing {{@struct TYPE}}");
		goto out;
	}
	/* the line of the last character, not the empty one after it */
	t->last_line = t->len > 0 && t->src[t->len - 1] == '\n' ? line - 1 : line;
	rc = 0;
out:
	directive_free(&d);
	free(stack);
	return rc;
}

/* ------------------------------------------------------------------ */
/* HTML context                                                        */

enum hs {
	HS_DATA,
	HS_RCDATA,  /* <textarea>, <title>: text until the end tag */
	HS_RAWTEXT, /* <script>, <style> ...: no slots at all */
	HS_TAG_OPEN,
	HS_END_TAG_OPEN,
	HS_TAG_NAME,
	HS_BEFORE_ATTR, /* in a tag, where an attribute name may start */
	HS_ATTR_NAME,
	HS_AFTER_ATTR_NAME,
	HS_BEFORE_VALUE, /* after '=' */
	HS_VALUE_DQ,
	HS_VALUE_SQ,
	HS_VALUE_UQ,
	HS_SELF_CLOSING,
	/* Join states, where the branches of an if ended in different
	 * but compatible places between attributes: */
	HS_TAG_NO_EQ,	 /* '=' would mean different things */
	HS_TAG_NEED_SEP, /* a branch ended inside an attribute name */
	HS_MARKUP_OPEN,	 /* "<!" */
	HS_MARKUP_DASH,	 /* "<!-" */
	HS_COMMENT_START,
	HS_COMMENT_START_DASH,
	HS_COMMENT,
	HS_COMMENT_END_DASH,
	HS_COMMENT_END,
	HS_COMMENT_END_BANG,
	HS_BOGUS_COMMENT, /* <!doctype>, <?...>, </3 ... up to '>' */
};

static const char *const hs_names[] = {
	[HS_DATA] = "text",
	[HS_RCDATA] = "element text",
	[HS_RAWTEXT] = "raw text",
	[HS_TAG_OPEN] = "tag name",
	[HS_END_TAG_OPEN] = "end tag name",
	[HS_TAG_NAME] = "tag name",
	[HS_BEFORE_ATTR] = "tag, between attributes",
	[HS_ATTR_NAME] = "attribute name",
	[HS_AFTER_ATTR_NAME] = "tag, after an attribute name",
	[HS_BEFORE_VALUE] = "tag, after '='",
	[HS_VALUE_DQ] = "double-quoted attribute value",
	[HS_VALUE_SQ] = "single-quoted attribute value",
	[HS_VALUE_UQ] = "unquoted attribute value",
	[HS_SELF_CLOSING] = "tag, after '/'",
	[HS_TAG_NO_EQ] = "tag, between attributes",
	[HS_TAG_NEED_SEP] = "tag, after an attribute name",
	[HS_MARKUP_OPEN] = "<! declaration",
	[HS_MARKUP_DASH] = "<! declaration",
	[HS_COMMENT_START] = "HTML comment",
	[HS_COMMENT_START_DASH] = "HTML comment",
	[HS_COMMENT] = "HTML comment",
	[HS_COMMENT_END_DASH] = "HTML comment",
	[HS_COMMENT_END] = "HTML comment",
	[HS_COMMENT_END_BANG] = "HTML comment",
	[HS_BOGUS_COMMENT] = "<! declaration",
};

enum attr_kind {
	AK_PLAIN,
	AK_URL,
	AK_JS, /* on* */
	AK_STYLE,
	AK_SRCSET,   /* a list of URLs: no scheme check can cover it */
	AK_SRCDOC,   /* a whole HTML document */
	AK_SVG_ANIM, /* <animate attributeName=href values=...> */
	AK_META_CONTENT,
};

/*
 * Where a URL value stands.  The scheme of a URL is what decides
 * whether it runs script, so the compiler tracks whether the literal
 * text has settled it yet.
 */
enum url_state {
	URL_REST,	/* ':' '/' '?' or '#' in the literal: settled */
	URL_START,	/* nothing but literal text without those so far */
	URL_AFTER_SLOT, /* a slot was output before the scheme was settled */
};

enum { NAME_MAX_LEN = 63 };

struct html_state {
	enum hs st;
	char tag[NAME_MAX_LEN + 1]; /* lower case */
	bool end_tag;
	char attr[NAME_MAX_LEN + 1]; /* lower case */
	enum attr_kind ak;
	enum url_state us;
	unsigned raw_match; /* chars of "</tag" matched in raw text */
	unsigned esc_match; /* chars of "<!--" matched in <script> */
	unsigned svg_depth;
	bool svg_text; /* inside an svg <title> or <desc> */
	bool meta_http_equiv;
	bool meta_content_slot;
};

static bool hs_equal(const struct html_state *a, const struct html_state *b)
{
	return a->st == b->st && strcmp(a->tag, b->tag) == 0 && a->end_tag == b->end_tag &&
	       strcmp(a->attr, b->attr) == 0 && a->ak == b->ak && a->us == b->us &&
	       a->raw_match == b->raw_match && a->esc_match == b->esc_match &&
	       a->svg_depth == b->svg_depth && a->svg_text == b->svg_text &&
	       a->meta_http_equiv == b->meta_http_equiv &&
	       a->meta_content_slot == b->meta_content_slot;
}

/* "double-quoted attribute value of href", "raw text of <script>" */
static char *hs_describe(const struct html_state *s)
{
	struct sb b = {0};

	sb_puts(&b, hs_names[s->st]);
	if (s->st == HS_RCDATA || s->st == HS_RAWTEXT)
		sb_printf(&b, " of <%s>", s->tag);
	else if (s->st == HS_VALUE_DQ || s->st == HS_VALUE_SQ)
		sb_printf(&b, " of \"%s\"%s", s->attr,
			  s->ak != AK_URL      ? ""
			  : s->us == URL_REST  ? " (URL)"
			  : s->us == URL_START ? " (URL, scheme not yet known)"
					       : " (URL, after a slot)");
	if (s->svg_depth > 0)
		sb_puts(&b, " inside <svg>");
	return b.p;
}

static bool is_html_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static const char *const url_attrs[] = {
	"href",	   "src",	 "action",   "formaction", "poster",   "cite",	   "background",
	"data",	   "xlink:href", "longdesc", "usemap",	   "codebase", "manifest", "icon",
	"profile", "classid",	 "archive",  "ping",	   NULL};

static const char *const raw_text_tags[] = {"script",  "style",	   "xmp", "iframe",
					    "noembed", "noframes", NULL};

static const char *const rcdata_tags[] = {"textarea", "title", NULL};

/* HTML start tags that end foreign content when met inside <svg>. */
static const char *const svg_breakout_tags[] = {
	"b",   "big",  "blockquote", "body",  "br",	 "center", "code",   "dd",   "div", "dl",
	"dt",  "em",   "embed",	     "h1",    "h2",	 "h3",	   "h4",     "h5",   "h6",  "head",
	"hr",  "i",    "img",	     "li",    "listing", "menu",   "meta",   "nobr", "ol",  "p",
	"pre", "ruby", "s",	     "small", "span",	 "strong", "strike", "sub",  "sup", "table",
	"tt",  "u",    "ul",	     "var",   "font",	 NULL};

static const char *const svg_anim_attrs[] = {"attributename", "values", "from", "to", "by", NULL};

static enum attr_kind attr_kind_of(const struct html_state *s)
{
	const char *a = s->attr;

	if (a[0] == 'o' && a[1] == 'n')
		return AK_JS;
	if (strcmp(a, "style") == 0)
		return AK_STYLE;
	if (strcmp(a, "srcset") == 0 || strcmp(a, "imagesrcset") == 0)
		return AK_SRCSET;
	if (strcmp(a, "srcdoc") == 0)
		return AK_SRCDOC;
	if (s->svg_depth > 0 && in_list(a, svg_anim_attrs))
		return AK_SVG_ANIM;
	if (in_list(a, url_attrs))
		return AK_URL;
	if (strcmp(s->tag, "meta") == 0 && strcmp(a, "content") == 0)
		return AK_META_CONTENT;
	return AK_PLAIN;
}

/* The code generator; also what the tokenizer reports errors through. */
struct gen {
	struct template *t;
	struct sb *out; /* function body, or a scratch buffer */
	struct sb lit;	/* literal text not yet emitted */
	int indent;
	const char **vars; /* loop variables in scope, innermost last */
	size_t nvars;
	size_t cap_vars;
};

static int name_append(struct gen *g, char *name, int c, int line)
{
	size_t n = strlen(name);

	if (n >= NAME_MAX_LEN) {
		error_at(g->t->path, line, "tag or attribute name too long");
		return -1;
	}
	name[n] = (char)tolower(c);
	name[n + 1] = '\0';
	return 0;
}

static void attr_start(struct html_state *s)
{
	memset(s->attr, 0, sizeof(s->attr));
	s->ak = AK_PLAIN;
	s->us = URL_REST;
}

/* An attribute name is complete. */
static int attr_name_done(struct gen *g, struct html_state *s, int line)
{
	if (strcmp(s->tag, "meta") == 0 && strcmp(s->attr, "http-equiv") == 0) {
		if (s->meta_content_slot) {
			error_at(g->t->path, line,
				 "http-equiv on a <meta> whose content has a "
				 "slot (it could become a refresh URL)");
			return -1;
		}
		s->meta_http_equiv = true;
	}
	return 0;
}

static void tag_clear(struct html_state *s)
{
	memset(s->tag, 0, sizeof(s->tag));
	s->end_tag = false;
	attr_start(s);
	s->raw_match = 0;
	s->esc_match = 0;
	s->meta_http_equiv = false;
	s->meta_content_slot = false;
}

/* A tag is complete at its '>': decide what the text after it is. */
static int tag_done(struct gen *g, struct html_state *s, bool self_closing, int line)
{
	const char *t = s->tag;
	const char *file = g->t->path;

	s->st = HS_DATA;
	if (s->end_tag) {
		if (s->svg_depth > 0) {
			if (strcmp(t, "svg") == 0) {
				s->svg_depth--;
				s->svg_text = false;
			} else if (s->svg_text &&
				   (strcmp(t, "title") == 0 || strcmp(t, "desc") == 0)) {
				s->svg_text = false;
			} else if (strcmp(t, "p") == 0 || strcmp(t, "br") == 0) {
				error_at(file, line, "</%s> inside <svg>", t);
				return -1;
			}
		}
		tag_clear(s);
		return 0;
	}
	if (strcmp(t, "math") == 0 || strcmp(t, "plaintext") == 0) {
		error_at(file, line, "<%s> is not supported in templates", t);
		return -1;
	}
	if (s->svg_depth > 0) {
		/* Foreign content: no raw text, but HTML elements would
		 * silently leave the svg, so they are refused. */
		if (s->svg_text) {
			error_at(file, line,
				 "<%s> inside svg <title>/<desc> is not "
				 "supported (text only)",
				 t);
			return -1;
		}
		if (in_list(t, svg_breakout_tags) || strcmp(t, "script") == 0 ||
		    strcmp(t, "style") == 0 || strcmp(t, "foreignobject") == 0) {
			error_at(file, line, "<%s> inside <svg> is not supported", t);
			return -1;
		}
		if (!self_closing && strcmp(t, "svg") == 0) {
			if (s->svg_depth >= 100) {
				error_at(file, line, "<svg> nested too deep");
				return -1;
			}
			s->svg_depth++;
		}
		if (!self_closing && (strcmp(t, "title") == 0 || strcmp(t, "desc") == 0))
			s->svg_text = true;
		tag_clear(s);
		return 0;
	}
	/* HTML elements ignore a self-closing '/': <script/> opens. */
	if (strcmp(t, "svg") == 0) {
		if (!self_closing)
			s->svg_depth = 1;
	} else if (in_list(t, raw_text_tags)) {
		s->st = HS_RAWTEXT;
	} else if (in_list(t, rcdata_tags)) {
		s->st = HS_RCDATA;
	}
	char keep[sizeof(s->tag)];
	memcpy(keep, s->tag, sizeof(keep));
	tag_clear(s);
	if (s->st != HS_DATA)
		memcpy(s->tag, keep, sizeof(keep));
	return 0;
}

/* One character of a quoted URL value: has it settled the scheme? */
static int url_char(struct gen *g, struct html_state *s, const char *p, size_t n, size_t *i,
		    int line)
{
	char c = p[*i];

	if (s->us == URL_REST)
		return 0;
	if (c == '&') {
		/* A character reference could spell ':' or '/'; only &amp;
		 * is plain enough to allow before the scheme is known. */
		if (n - *i >= 5 && memcmp(p + *i, "&amp;", 5) == 0) {
			*i += 4;
			return 0;
		}
		error_at(g->t->path, line,
			 "character reference in URL attribute \"%s\" before "
			 "its scheme is known",
			 s->attr);
		return -1;
	}
	if (c == '/' || c == '?' || c == '#') {
		s->us = URL_REST;
	} else if (c == ':') {
		if (s->us == URL_AFTER_SLOT) {
			error_at(g->t->path, line,
				 "':' after a slot in URL attribute \"%s\" "
				 "could complete a scheme such as javascript:",
				 s->attr);
			return -1;
		}
		s->us = URL_REST;
	}
	return 0;
}

/* Raw text and RCDATA end only at "</tag" + space, '/' or '>'. */
static int raw_char(struct gen *g, struct html_state *s, int c, int line)
{
	size_t tl = strlen(s->tag);

	if (s->st == HS_RAWTEXT && strcmp(s->tag, "script") == 0) {
		static const char open[] = "<!--";
		if (c == open[s->esc_match]) {
			if (++s->esc_match == 4) {
				error_at(g->t->path, line,
					 "'<!--' inside <script> is not "
					 "supported");
				return -1;
			}
		} else {
			s->esc_match = c == '<';
		}
	}
	if (s->raw_match == tl + 2) {
		s->raw_match = 0;
		if (is_html_space(c) || c == '/' || c == '>') {
			s->end_tag = true;
			s->esc_match = 0;
			if (c == '>')
				return tag_done(g, s, false, line);
			s->st = c == '/' ? HS_SELF_CLOSING : HS_BEFORE_ATTR;
			return 0;
		}
	}
	if (s->raw_match == 0)
		s->raw_match = c == '<';
	else if (s->raw_match == 1)
		s->raw_match = c == '/' ? 2 : c == '<';
	else if (tolower(c) == s->tag[s->raw_match - 2])
		s->raw_match++;
	else
		s->raw_match = c == '<';
	return 0;
}

/*
 * Run literal text through the tokenizer.  line is the line of p[0];
 * returns -1 after reporting an error.
 */
static int html_feed(struct gen *g, struct html_state *s, const char *p, size_t n, int line)
{
	const char *file = g->t->path;
	size_t i = 0;

	while (i < n) {
		int c = (unsigned char)p[i];
		bool again = false; /* look at c again in the new state */

		switch (s->st) {
		case HS_DATA:
			if (c == '<')
				s->st = HS_TAG_OPEN;
			break;
		case HS_RCDATA:
		case HS_RAWTEXT:
			if (raw_char(g, s, c, line) < 0)
				return -1;
			break;
		case HS_TAG_OPEN:
			tag_clear(s);
			if (c == '!') {
				s->st = HS_MARKUP_OPEN;
			} else if (c == '/') {
				s->st = HS_END_TAG_OPEN;
			} else if (c == '?') {
				s->st = HS_BOGUS_COMMENT;
			} else if (isalpha(c)) {
				s->st = HS_TAG_NAME;
				again = true;
			} else {
				s->st = HS_DATA;
				again = true;
			}
			break;
		case HS_END_TAG_OPEN:
			if (isalpha(c)) {
				s->st = HS_TAG_NAME;
				s->end_tag = true;
				again = true;
			} else if (c == '>') {
				s->st = HS_DATA;
			} else {
				s->st = HS_BOGUS_COMMENT;
			}
			break;
		case HS_TAG_NAME:
			if (is_html_space(c))
				s->st = HS_BEFORE_ATTR;
			else if (c == '/')
				s->st = HS_SELF_CLOSING;
			else if (c == '>') {
				if (tag_done(g, s, false, line) < 0)
					return -1;
			} else if (name_append(g, s->tag, c, line) < 0)
				return -1;
			break;
		case HS_BEFORE_ATTR:
		case HS_TAG_NO_EQ:
		case HS_AFTER_ATTR_NAME:
		case HS_TAG_NEED_SEP:
			if (is_html_space(c)) {
				if (s->st == HS_TAG_NEED_SEP)
					s->st = HS_TAG_NO_EQ;
			} else if (c == '/') {
				s->st = HS_SELF_CLOSING;
			} else if (c == '>') {
				if (tag_done(g, s, false, line) < 0)
					return -1;
			} else if (c == '=' && s->st == HS_AFTER_ATTR_NAME) {
				s->ak = attr_kind_of(s);
				s->us = URL_START;
				s->st = HS_BEFORE_VALUE;
			} else if (s->st == HS_TAG_NEED_SEP ||
				   (c == '=' && s->st == HS_TAG_NO_EQ)) {
				error_at(file, line,
					 "'%c' right after a conditional "
					 "attribute; put a space before it",
					 c);
				return -1;
			} else {
				/* a new attribute; '=' may start its name */
				attr_start(s);
				s->st = HS_ATTR_NAME;
				if (name_append(g, s->attr, c, line) < 0)
					return -1;
			}
			break;
		case HS_ATTR_NAME:
			if (is_html_space(c) || c == '/' || c == '>' || c == '=') {
				if (attr_name_done(g, s, line) < 0)
					return -1;
				if (c == '=') {
					s->ak = attr_kind_of(s);
					s->us = URL_START;
					s->st = HS_BEFORE_VALUE;
				} else {
					s->st = HS_AFTER_ATTR_NAME;
					again = true;
				}
			} else if (name_append(g, s->attr, c, line) < 0) {
				return -1;
			}
			break;
		case HS_BEFORE_VALUE:
			if (is_html_space(c))
				break;
			if (c == '"') {
				s->st = HS_VALUE_DQ;
			} else if (c == '\'') {
				s->st = HS_VALUE_SQ;
			} else if (c == '>') {
				if (tag_done(g, s, false, line) < 0)
					return -1;
			} else {
				s->st = HS_VALUE_UQ;
				again = true;
			}
			break;
		case HS_VALUE_DQ:
		case HS_VALUE_SQ:
			if (c == (s->st == HS_VALUE_DQ ? '"' : '\'')) {
				/* "after attribute value (quoted)" behaves
				 * like "before attribute name" for us */
				attr_start(s);
				s->st = HS_BEFORE_ATTR;
			} else if (s->ak == AK_URL && url_char(g, s, p, n, &i, line) < 0) {
				return -1;
			}
			break;
		case HS_VALUE_UQ:
			if (is_html_space(c)) {
				attr_start(s);
				s->st = HS_BEFORE_ATTR;
			} else if (c == '>') {
				if (tag_done(g, s, false, line) < 0)
					return -1;
			}
			break;
		case HS_SELF_CLOSING:
			if (c == '>') {
				if (tag_done(g, s, true, line) < 0)
					return -1;
			} else {
				s->st = HS_BEFORE_ATTR;
				again = true;
			}
			break;
		case HS_MARKUP_OPEN:
			if (c == '-') {
				s->st = HS_MARKUP_DASH;
			} else if (c == '[') {
				error_at(file, line, "'<![' (CDATA) is not supported");
				return -1;
			} else {
				s->st = HS_BOGUS_COMMENT;
				again = true;
			}
			break;
		case HS_MARKUP_DASH:
			if (c == '-') {
				s->st = HS_COMMENT_START;
			} else {
				s->st = HS_BOGUS_COMMENT;
				again = true;
			}
			break;
		case HS_COMMENT_START:
		case HS_COMMENT_START_DASH:
			if (c == '-') {
				s->st = s->st == HS_COMMENT_START ? HS_COMMENT_START_DASH
								  : HS_COMMENT_END;
			} else if (c == '>') {
				s->st = HS_DATA; /* "<!-->" and "<!--->" */
			} else {
				s->st = HS_COMMENT;
				again = true;
			}
			break;
		case HS_COMMENT:
			if (c == '-')
				s->st = HS_COMMENT_END_DASH;
			break;
		case HS_COMMENT_END_DASH:
			if (c == '-') {
				s->st = HS_COMMENT_END;
			} else {
				s->st = HS_COMMENT;
				again = true;
			}
			break;
		case HS_COMMENT_END:
			if (c == '>') {
				s->st = HS_DATA;
			} else if (c == '!') {
				s->st = HS_COMMENT_END_BANG;
			} else if (c != '-') {
				s->st = HS_COMMENT;
				again = true;
			}
			break;
		case HS_COMMENT_END_BANG:
			if (c == '-') {
				s->st = HS_COMMENT_END_DASH;
			} else if (c == '>') {
				s->st = HS_DATA;
			} else {
				s->st = HS_COMMENT;
				again = true;
			}
			break;
		case HS_BOGUS_COMMENT:
			if (c == '>')
				s->st = HS_DATA;
			break;
		}
		if (!again) {
			if (p[i] == '\n')
				line++;
			i++;
		}
	}
	return 0;
}

enum { HS_JOIN_RANK_BEFORE = 0, HS_JOIN_RANK_NO_EQ, HS_JOIN_RANK_NEED_SEP };

static int between_rank(enum hs st)
{
	switch (st) {
	case HS_BEFORE_ATTR: return HS_JOIN_RANK_BEFORE;
	case HS_TAG_NO_EQ: return HS_JOIN_RANK_NO_EQ;
	case HS_TAG_NEED_SEP: return HS_JOIN_RANK_NEED_SEP;
	default: return -1;
	}
}

/*
 * Two paths meet (the branches of an if, or an each body and the
 * state before it).  Identical states join trivially; a few harmless
 * differences join to the more careful state; anything else is an
 * error, because the code after the join can be escaped only one way.
 */
static int hs_join(struct gen *g, struct html_state *out, const struct html_state *a,
		   const struct html_state *b, int line, const char *what)
{
	struct html_state x = *a, y = *b;
	struct html_state *both[2] = {&x, &y};

	if (hs_equal(&x, &y)) {
		*out = x;
		return 0;
	}
	for (int k = 0; k < 2; k++) {
		struct html_state *s = both[k];
		if (s->st == HS_ATTR_NAME) {
			if (attr_name_done(g, s, line) < 0)
				return -1;
			s->st = HS_TAG_NEED_SEP;
			attr_start(s);
		} else if (s->st == HS_AFTER_ATTR_NAME) {
			s->st = HS_TAG_NO_EQ;
			attr_start(s);
		}
	}
	int rx = between_rank(x.st), ry = between_rank(y.st);
	if (rx >= 0 && ry >= 0)
		x.st = y.st = rx > ry ? x.st : y.st;
	if ((x.st == HS_VALUE_DQ || x.st == HS_VALUE_SQ) && x.st == y.st)
		x.us = y.us = x.us > y.us ? x.us : y.us;
	x.meta_http_equiv = y.meta_http_equiv = x.meta_http_equiv || y.meta_http_equiv;
	x.meta_content_slot = y.meta_content_slot = x.meta_content_slot || y.meta_content_slot;
	if (!hs_equal(&x, &y)) {
		char *da = hs_describe(a), *db = hs_describe(b);
		error_at(g->t->path, line, "%s: paths end in different HTML contexts (%s / %s)",
			 what, da, db);
		free(da);
		free(db);
		return -1;
	}
	*out = x;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Code generation                                                     */

/*
 * Append s as a C string literal.  Non-ASCII and control bytes become
 * three-digit octal escapes (never ambiguous with a following digit),
 * a '?' after a '?' is escaped so no trigraph can form, and after each
 * "\n" the literal continues on a new line when indent >= 0.
 */
static void c_literal(struct sb *o, const char *s, size_t n, int indent)
{
	bool prev_q = false;

	sb_putc(o, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\n':
			sb_puts(o, "\\n");
			if (indent >= 0 && i + 1 < n) {
				sb_puts(o, "\"\n");
				for (int k = 0; k < indent; k++)
					sb_putc(o, '\t');
				sb_putc(o, '"');
			}
			break;
		case '\t': sb_puts(o, "\\t"); break;
		case '\r': sb_puts(o, "\\r"); break;
		case '"': sb_puts(o, "\\\""); break;
		case '\\': sb_puts(o, "\\\\"); break;
		case '?': sb_puts(o, prev_q ? "\\?" : "?"); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				sb_printf(o, "\\%03o", c);
			else
				sb_putc(o, (char)c);
		}
		prev_q = c == '?';
	}
	sb_putc(o, '"');
}

static void emit_indent(struct gen *g)
{
	for (int i = 0; i < g->indent; i++)
		sb_putc(g->out, '\t');
}

static void emit_line(struct gen *g, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One statement, preceded by a #line that names the template, so that
 * a C error about a field points at the template line that used it.
 */
static void emit_line(struct gen *g, int line, const char *fmt, ...)
{
	va_list ap;

	if (line > 0) {
		sb_printf(g->out, "#line %d ", line);
		c_literal(g->out, g->t->path, strlen(g->t->path), -1);
		sb_putc(g->out, '\n');
	}
	emit_indent(g);
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal_oom();
	sb_reserve(g->out, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(g->out->p + g->out->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	g->out->len += (size_t)n;
	sb_putc(g->out, '\n');
}

static void flush_lit(struct gen *g)
{
	if (g->lit.len == 0)
		return;
	emit_indent(g);
	sb_puts(g->out, "tpl_raw_n(out, ");
	c_literal(g->out, g->lit.p, g->lit.len, g->indent + 1);
	sb_printf(g->out, ", %zu);\n", g->lit.len);
	g->lit.len = 0;
}

/* Translations used by templates: one table per msgid. */
struct msg_table {
	char *msgid;
	int id;
};

static struct msg_table *msg_tables;
static size_t msg_table_count;
static struct sb msg_code; /* the static tables, emitted before functions */

static void html_escape_into(struct sb *o, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': sb_puts(o, "&amp;"); break;
		case '<': sb_puts(o, "&lt;"); break;
		case '>': sb_puts(o, "&gt;"); break;
		case '"': sb_puts(o, "&quot;"); break;
		case '\'': sb_puts(o, "&#39;"); break;
		default: sb_putc(o, *s);
		}
	}
}

/*
 * The table of a msgid, created on first use: every language's
 * translation, HTML-escaped now so the page only copies it.  The same
 * escaping is right in text and in quoted attributes.
 */
static int msg_table_for(const char *msgid)
{
	for (size_t i = 0; i < msg_table_count; i++)
		if (strcmp(msg_tables[i].msgid, msgid) == 0)
			return msg_tables[i].id;
	msg_tables = xrealloc(msg_tables, (msg_table_count + 1) * sizeof(*msg_tables));
	int id = (int)msg_table_count + 1;
	msg_tables[msg_table_count].msgid = xstrdup(msgid);
	msg_tables[msg_table_count].id = id;
	msg_table_count++;

	char *q = quoted(msgid);
	sb_printf(&msg_code, "/* %s */\n", q);
	free(q);
	sb_printf(&msg_code, "static const struct tpl_str tplc_msg_%d[LANG__MAX] = {\n", id);
	for (size_t l = 0; l < po_count; l++) {
		const struct po_entry *e = po_find(&po_files[l], msgid);
		struct sb esc = {0};
		html_escape_into(&esc, e->msgstr);
		sb_printf(&msg_code, "\t[%s] = { ", po_files[l].enum_name);
		c_literal(&msg_code, sb_str(&esc), esc.len, -1);
		sb_printf(&msg_code, ", %zu },\n", esc.len);
		sb_free(&esc);
	}
	sb_puts(&msg_code, "};\n\n");
	return id;
}

static bool var_in_scope(const struct gen *g, const char *name, size_t n)
{
	for (size_t i = 0; i < g->nvars; i++)
		if (strlen(g->vars[i]) == n && memcmp(g->vars[i], name, n) == 0)
			return true;
	return false;
}

/*
 * The C expression of a path: "a.b" is v->a.b, or x->b when a is a
 * loop variable; a loop variable alone is (*x), or x when want_ptr.
 * The caller frees the result.
 */
static char *path_expr(const struct gen *g, const char *path, bool want_ptr, bool *is_var)
{
	const char *dot = strchr(path, '.');
	size_t n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	struct sb b = {0};

	*is_var = dot == NULL && var_in_scope(g, path, n);
	if (!var_in_scope(g, path, n))
		sb_printf(&b, "v->%s", path);
	else if (dot != NULL)
		sb_printf(&b, "%.*s->%s", (int)n, path, dot + 1);
	else if (want_ptr)
		sb_puts(&b, path);
	else
		sb_printf(&b, "(*%s)", path);
	return b.p;
}

static int walk_list(struct gen *g, const struct node *n, struct html_state *s);

enum escaper { ESC_TEXT, ESC_ATTR, ESC_URL, ESC_URL_REST };

/* Which escaper fits a slot here; -1 (reported) when none is safe. */
static int slot_escaper(struct gen *g, struct html_state *s, const struct node *n, enum escaper *e)
{
	const char *file = g->t->path;
	char *what = node_label(n);
	int rc = -1;

	switch (s->st) {
	case HS_DATA:
		*e = ESC_TEXT;
		rc = 0;
		break;
	case HS_RCDATA:
		if (s->raw_match > 0) {
			error_at(file, n->line, "%s right after '<' inside <%s>", what, s->tag);
			break;
		}
		*e = ESC_TEXT;
		rc = 0;
		break;
	case HS_RAWTEXT:
		error_at(file, n->line, "%s inside <%s> (no slots in raw text)", what, s->tag);
		break;
	case HS_TAG_OPEN:
	case HS_END_TAG_OPEN:
	case HS_TAG_NAME: error_at(file, n->line, "%s in tag name position", what); break;
	case HS_BEFORE_ATTR:
	case HS_AFTER_ATTR_NAME:
	case HS_SELF_CLOSING:
	case HS_TAG_NO_EQ:
	case HS_TAG_NEED_SEP:
		error_at(file, n->line,
			 "%s inside tag <%s> where an attribute name is "
			 "expected",
			 what, s->tag);
		break;
	case HS_ATTR_NAME: error_at(file, n->line, "%s in attribute name", what); break;
	case HS_BEFORE_VALUE:
	case HS_VALUE_UQ:
		error_at(file, n->line,
			 "%s in unquoted attribute value of \"%s\" (quote the "
			 "value)",
			 what, s->attr);
		break;
	case HS_MARKUP_OPEN:
	case HS_MARKUP_DASH:
	case HS_COMMENT_START:
	case HS_COMMENT_START_DASH:
	case HS_COMMENT:
	case HS_COMMENT_END_DASH:
	case HS_COMMENT_END:
	case HS_COMMENT_END_BANG:
	case HS_BOGUS_COMMENT:
		error_at(file, n->line, "%s inside HTML comment or <!...>", what);
		break;
	case HS_VALUE_DQ:
	case HS_VALUE_SQ:
		switch (s->ak) {
		case AK_JS:
			error_at(file, n->line, "%s in event-handler attribute \"%s\"", what,
				 s->attr);
			break;
		case AK_STYLE: error_at(file, n->line, "%s in style attribute", what); break;
		case AK_SRCSET:
			error_at(file, n->line,
				 "%s in \"%s\" attribute (a list of URLs "
				 "cannot be checked; use src)",
				 what, s->attr);
			break;
		case AK_SRCDOC: error_at(file, n->line, "%s in srcdoc attribute", what); break;
		case AK_SVG_ANIM:
			error_at(file, n->line, "%s in svg animation attribute \"%s\"", what,
				 s->attr);
			break;
		case AK_META_CONTENT:
			if (s->meta_http_equiv) {
				error_at(file, n->line, "%s in content of <meta http-equiv>", what);
				break;
			}
			s->meta_content_slot = true;
			*e = ESC_ATTR;
			rc = 0;
			break;
		case AK_URL:
			*e = s->us == URL_REST ? ESC_URL_REST : ESC_URL;
			rc = 0;
			break;
		case AK_PLAIN:
			*e = ESC_ATTR;
			rc = 0;
			break;
		}
		break;
	}
	free(what);
	return rc;
}

static int walk_slot(struct gen *g, const struct node *n, struct html_state *s)
{
	const char *file = g->t->path;
	enum escaper e;
	char *expr = NULL, *what = NULL, *where = NULL;
	bool is_var;
	int rc = -1;

	if (slot_escaper(g, s, n, &e) < 0)
		return -1;
	what = node_label(n);
	where = hs_describe(s);
	if (n->path != NULL)
		expr = path_expr(g, n->path, false, &is_var);
	flush_lit(g);
	switch (n->slot) {
	case SLOT_TEXT:
		emit_line(g, n->line, "%s(out, %s);",
			  e == ESC_TEXT	 ? "tpl_text"
			  : e == ESC_URL ? "tpl_url"
					 : "tpl_attr",
			  expr);
		break;
	case SLOT_NUM:
	case SLOT_INT:
	case SLOT_DATE:
	case SLOT_DATETIME:
	case SLOT_ISOTIME:
		/* digits, '.', ',', ':', '-', '+', spaces, month names:
		 * nothing any context needs escaped */
		emit_line(g, n->line, "tpl_%s(out, TPL_INTEGER(%s));", slot_keywords[n->slot],
			  expr);
		break;
	case SLOT_LANG:
		/* codes are [A-Za-z0-9-], checked when the catalogue was
		 * read */
		emit_line(g, n->line, "tpl_raw(out, i18n_code(out->lang));");
		break;
	case SLOT_HTML:
		if (e != ESC_TEXT || s->st != HS_DATA || s->svg_depth > 0) {
			error_at(file, n->line,
				 "%s is only allowed in text context (here: "
				 "%s)",
				 what, where);
			goto out;
		}
		emit_line(g, n->line, "tpl_html(out, %s);", expr);
		break;
	case SLOT_T:
		if (e == ESC_URL || e == ESC_URL_REST) {
			error_at(file, n->line, "%s in URL attribute \"%s\"", what, s->attr);
			goto out;
		}
		if (!msgid_check(file, n->line, n->str))
			goto out;
		emit_line(g, n->line, "tpl_msg(out, tplc_msg_%d);", msg_table_for(n->str));
		break;
	case SLOT_ASSET: {
		if (e != ESC_URL && e != ESC_URL_REST) {
			error_at(file, n->line, "%s outside a URL attribute (here: %s)", what,
				 where);
			goto out;
		}
		struct sb lit = {0};
		c_literal(&lit, n->str, strlen(n->str), -1);
		emit_line(g, n->line, "tpl_raw(out, tpl_asset_url(%s));", lit.p);
		sb_free(&lit);
		/* the asset URL is ours: it settles the scheme */
		if (s->us == URL_START)
			s->us = URL_REST;
		rc = 0;
		goto out;
	}
	}
	if (e == ESC_URL)
		s->us = URL_AFTER_SLOT;
	rc = 0;
out:
	free(expr);
	free(what);
	free(where);
	return rc;
}

/* Blocks cannot be followed inside raw text or comments. */
static int block_allowed(struct gen *g, const struct html_state *s, const struct node *n)
{
	switch (s->st) {
	case HS_RAWTEXT:
	case HS_MARKUP_OPEN:
	case HS_MARKUP_DASH:
	case HS_COMMENT_START:
	case HS_COMMENT_START_DASH:
	case HS_COMMENT:
	case HS_COMMENT_END_DASH:
	case HS_COMMENT_END:
	case HS_COMMENT_END_BANG:
	case HS_BOGUS_COMMENT: {
		char *what = node_label(n), *where = hs_describe(s);
		error_at(g->t->path, n->line, "%s inside %s", what, where);
		free(what);
		free(where);
		return -1;
	}
	default: return 0;
	}
}

static int walk_cond(struct gen *g, const struct node *n, struct html_state *s)
{
	bool is_var;
	int rc = -1;

	if (block_allowed(g, s, n) < 0)
		return -1;
	char *expr = path_expr(g, n->path, false, &is_var);
	flush_lit(g);
	if (n->cond == COND_IF) {
		emit_line(g, n->line, "if (%s) {", expr);
	} else if (n->cond == COND_UNLESS) {
		emit_line(g, n->line, "if (!(%s)) {", expr);
	} else {
		struct sb lit = {0};
		c_literal(&lit, n->str, strlen(n->str), -1);
		emit_line(g, n->line, "if (tpl_eq(%s, %s)) {", expr, lit.p);
		sb_free(&lit);
	}
	struct html_state a = *s, b = *s;
	g->indent++;
	if (walk_list(g, n->body, &a) < 0)
		goto out;
	flush_lit(g);
	g->indent--;
	if (n->alt != NULL) {
		emit_line(g, 0, "} else {");
		g->indent++;
		if (walk_list(g, n->alt, &b) < 0)
			goto out;
		flush_lit(g);
		g->indent--;
	}
	emit_line(g, 0, "}");
	char *what = node_label(n);
	rc = hs_join(g, s, &a, &b, n->line, what);
	free(what);
out:
	free(expr);
	return rc;
}

static int walk_each(struct gen *g, const struct node *n, struct html_state *s)
{
	const char *file = g->t->path;
	bool is_var;
	int rc = -1;
	char *expr = NULL, *what = node_label(n);

	if (block_allowed(g, s, n) < 0)
		goto out;
	expr = path_expr(g, n->path, false, &is_var);
	if (is_var) {
		error_at(file, n->line, "{{#each %s}}: needs a field path, not a loop variable",
			 n->path);
		goto out;
	}
	if (var_in_scope(g, n->var, strlen(n->var))) {
		error_at(file, n->line, "loop variable '%s' shadows another", n->var);
		goto out;
	}
	if (strcmp(n->var, "v") == 0 || strcmp(n->var, "out") == 0 ||
	    strncmp(n->var, "tpl", 3) == 0) {
		error_at(file, n->line, "loop variable name '%s' is reserved", n->var);
		goto out;
	}
	flush_lit(g);
	if (g->nvars == g->cap_vars) {
		g->cap_vars = g->cap_vars != 0 ? g->cap_vars * 2 : 8;
		g->vars = xrealloc(g->vars, g->cap_vars * sizeof(*g->vars));
	}
	g->vars[g->nvars++] = n->var;

	/*
	 * The body may run any number of times, so it must be compiled
	 * for a state that is stable under one more run: join the start
	 * with the end of a trial run until nothing changes.  Trial runs
	 * write into a scratch buffer.
	 */
	struct html_state cur = *s;
	for (int round = 0;; round++) {
		struct sb scratch = {0}, *real = g->out;
		struct sb lit = g->lit;
		int indent = g->indent;
		struct html_state end = cur, joined;
		g->out = &scratch;
		g->lit = (struct sb){0};
		int r = walk_list(g, n->body, &end);
		sb_free(&scratch);
		sb_free(&g->lit);
		g->out = real;
		g->lit = lit;
		g->indent = indent;
		if (r < 0)
			goto pop;
		if (hs_join(g, &joined, &cur, &end, n->line, what) < 0)
			goto pop;
		if (hs_equal(&joined, &cur))
			break;
		if (round == 8) {
			error_at(file, n->line,
				 "{{#each}}: body never returns to a stable "
				 "HTML context");
			goto pop;
		}
		cur = joined;
	}
	size_t depth = g->nvars;
	emit_line(g, n->line, "for (size_t tpl_i%zu = 0; tpl_i%zu < %s_count; tpl_i%zu++) {", depth,
		  depth, expr, depth);
	g->indent++;
	emit_line(g, n->line, "const __typeof__(*(%s)) *%s = &(%s)[tpl_i%zu];", expr, n->var, expr,
		  depth);
	emit_line(g, 0, "(void)%s;", n->var);
	struct html_state body = cur;
	if (walk_list(g, n->body, &body) < 0)
		goto pop;
	flush_lit(g);
	g->indent--;
	emit_line(g, 0, "}");
	*s = cur;
	rc = 0;
pop:
	g->nvars--;
out:
	free(expr);
	free(what);
	return rc;
}

static const struct template *template_by_name(const char *name)
{
	for (size_t i = 0; i < template_count; i++)
		if (templates[i].name != NULL && strcmp(templates[i].name, name) == 0)
			return &templates[i];
	return NULL;
}

static int walk_partial(struct gen *g, const struct node *n, struct html_state *s)
{
	bool is_var;

	if (s->st != HS_DATA || s->svg_depth > 0) {
		char *where = hs_describe(s);
		error_at(g->t->path, n->line, "{{> %s}} is only allowed in text context (here: %s)",
			 n->name, where);
		free(where);
		return -1;
	}
	if (template_by_name(n->name) == NULL) {
		error_at(g->t->path, n->line, "unknown partial '%s'", n->name);
		return -1;
	}
	flush_lit(g);
	if (n->path == NULL) {
		emit_line(g, n->line, "tpl_%s(out, v);", n->name);
		return 0;
	}
	char *expr = path_expr(g, n->path, true, &is_var);
	if (is_var)
		emit_line(g, n->line, "tpl_%s(out, %s);", n->name, expr);
	else
		emit_line(g, n->line, "tpl_%s(out, &(%s));", n->name, expr);
	free(expr);
	/* a partial starts and ends in text, checked when it compiled */
	return 0;
}

static int walk_list(struct gen *g, const struct node *n, struct html_state *s)
{
	for (; n != NULL; n = n->next) {
		int r = 0;
		switch (n->kind) {
		case NODE_TEXT:
			r = html_feed(g, s, n->text, n->len, n->line);
			sb_add(&g->lit, n->text, n->len);
			break;
		case NODE_SLOT: r = walk_slot(g, n, s); break;
		case NODE_COND: r = walk_cond(g, n, s); break;
		case NODE_EACH: r = walk_each(g, n, s); break;
		case NODE_PARTIAL: r = walk_partial(g, n, s); break;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Compile one parsed template into the function body buffer. */
static int compile_template(struct template *t, struct sb *code)
{
	struct gen g = {0};
	struct html_state s;
	struct sb body = {0};
	int rc = -1;

	memset(&s, 0, sizeof(s));
	s.st = HS_DATA;
	tag_clear(&s);
	g.t = t;
	g.out = &body;
	g.indent = 1;
	if (walk_list(&g, t->root, &s) < 0)
		goto out;
	flush_lit(&g);
	if (s.st != HS_DATA || s.svg_depth > 0) {
		char *where = hs_describe(&s);
		error_at(t->path, t->last_line, "template ends inside %s (it must end in text)",
			 where);
		free(where);
		goto out;
	}
	sb_printf(code, "/* %s */\n", t->path);
	sb_printf(code,
		  "void tpl_%s(struct tpl_out *out, const struct %s *v)\n{\n"
		  "\t(void)out;\n\t(void)v;\n",
		  t->name, t->type);
	sb_add(code, sb_str(&body), body.len);
	sb_puts(code, "}\n\n");
	rc = 0;
out:
	sb_free(&body);
	sb_free(&g.lit);
	free(g.vars);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static const char generated_note[] = "/* Generated by tools/tplc; do not edit. */\n";

static void write_templates_h(struct sb *o, const char *views_header)
{
	sb_puts(o, generated_note);
	sb_puts(o, "#ifndef OIC_GEN_TEMPLATES_H\n#define OIC_GEN_TEMPLATES_H\n\n");
	sb_puts(o, "#include \"view/tpl.h\"\n#include ");
	c_literal(o, views_header, strlen(views_header), -1);
	sb_puts(o, "\n\n");
	for (size_t i = 0; i < template_count; i++) {
		size_t k = 0;
		while (k < i && strcmp(templates[k].type, templates[i].type) != 0)
			k++;
		if (k == i)
			sb_printf(o, "struct %s;\n", templates[i].type);
	}
	sb_putc(o, '\n');
	for (size_t i = 0; i < template_count; i++)
		sb_printf(o,
			  "/* %s */\n"
			  "void tpl_%s(struct tpl_out *out, const struct %s "
			  "*v);\n",
			  templates[i].path, templates[i].name, templates[i].type);
	sb_puts(o, "\n#endif\n");
}

static void write_catalog_h(struct sb *o)
{
	sb_puts(o, generated_note);
	sb_puts(o, "#ifndef OIC_GEN_I18N_CATALOG_H\n"
		   "#define OIC_GEN_I18N_CATALOG_H\n\n"
		   "#include <stddef.h>\n\n"
		   "/* One per catalogue, in the order given to tplc; the first "
		   "is the default. */\n"
		   "enum lang {\n");
	for (size_t i = 0; i < po_count; i++)
		sb_printf(o, "\t%s,\n", po_files[i].enum_name);
	sb_printf(o, "\tLANG__MAX\n};\n\n#define I18N_DEFAULT_LANG %s\n\n", po_files[0].enum_name);
	sb_puts(o, "/* BCP 47 codes (\"de\", \"en\"), indexed by enum lang. */\n"
		   "extern const char *const i18n_lang_codes[LANG__MAX];\n\n"
		   "/* Number of msgids; i18n_msgids[] is sorted by strcmp() and "
		   "NULL-terminated. */\n"
		   "extern const size_t i18n_msg_count;\n"
		   "extern const char *const i18n_msgids[];\n\n"
		   "/* i18n_msgstrs[lang][i] translates i18n_msgids[i]. */\n"
		   "extern const char *const *const i18n_msgstrs[LANG__MAX];\n\n"
		   "#endif\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void write_catalog_c(struct sb *o)
{
	size_t n = 0;
	for (size_t l = 0; l < po_count; l++)
		n += po_files[l].n;
	const char **ids = xrealloc(NULL, (n + 1) * sizeof(*ids));
	n = 0;
	for (size_t l = 0; l < po_count; l++)
		for (size_t i = 0; i < po_files[l].n; i++)
			ids[n++] = po_files[l].entries[i].msgid;
	if (n > 1)
		qsort(ids, n, sizeof(*ids), cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
			ids[u++] = ids[i];

	sb_puts(o, generated_note);
	sb_puts(o, "#include \"i18n_catalog.h\"\n\n");
	sb_puts(o, "const char *const i18n_lang_codes[LANG__MAX] = {\n");
	for (size_t l = 0; l < po_count; l++)
		sb_printf(o, "\t[%s] = \"%s\",\n", po_files[l].enum_name, po_files[l].code);
	sb_printf(o, "};\n\nconst size_t i18n_msg_count = %zu;\n\n", u);
	sb_puts(o, "const char *const i18n_msgids[] = {\n");
	for (size_t i = 0; i < u; i++) {
		sb_putc(o, '\t');
		c_literal(o, ids[i], strlen(ids[i]), 2);
		sb_puts(o, ",\n");
	}
	sb_puts(o, "\tNULL\n};\n");
	for (size_t l = 0; l < po_count; l++) {
		sb_printf(o,
			  "\n/* %s */\nstatic const char *const "
			  "i18n_msgstrs_%zu[] = {\n",
			  po_files[l].path, l);
		for (size_t i = 0; i < u; i++) {
			/* a msgid missing here falls back to its source
			 * text, which is English */
			const struct po_entry *e = po_find(&po_files[l], ids[i]);
			const char *s = e != NULL ? e->msgstr : ids[i];
			sb_putc(o, '\t');
			c_literal(o, s, strlen(s), 2);
			sb_puts(o, ",\n");
		}
		sb_puts(o, "\tNULL\n};\n");
	}
	sb_puts(o, "\nconst char *const *const i18n_msgstrs[LANG__MAX] = {\n");
	for (size_t l = 0; l < po_count; l++)
		sb_printf(o, "\t[%s] = i18n_msgstrs_%zu,\n", po_files[l].enum_name, l);
	sb_puts(o, "};\n");
	free(ids);
}

struct out_file {
	const char *name;
	struct sb text;
	char *final;
	char *tmp;
};

/* Does path hold exactly text?  (Unreadable or missing: no.) */
static bool same_content(const char *path, const struct sb *text)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n, off = 0;
	bool same = f != NULL;

	while (same && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		same = off + n <= text->len && memcmp(chunk, sb_str(text) + off, n) == 0;
		off += n;
	}
	if (f != NULL) {
		same = same && !ferror(f) && off == text->len;
		fclose(f);
	}
	return same;
}

/*
 * An output whose content has not changed is left alone, so that its
 * timestamp does not make every file that includes it recompile.
 *
 * Write every output to a temporary file first and rename them only
 * when all are written, so a failed run leaves the old outputs alone.
 */
static int write_outputs(const char *dir, struct out_file *files, size_t n)
{
	int rc = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		struct sb p = {0};
		sb_printf(&p, "%s/%s", dir, files[i].name);
		files[i].final = p.p;
		if (same_content(files[i].final, &files[i].text))
			continue;
		p = (struct sb){0};
		sb_printf(&p, "%s/.%s.XXXXXX", dir, files[i].name);
		files[i].tmp = p.p;
		int fd = mkstemp(files[i].tmp);
		if (fd < 0) {
			fprintf(stderr, "%s:0: cannot create: %s\n", files[i].tmp, strerror(errno));
			free(files[i].tmp);
			files[i].tmp = NULL;
			goto out;
		}
		FILE *f = fdopen(fd, "w");
		if (f == NULL) {
			close(fd);
			goto io_error;
		}
		size_t len = files[i].text.len;
		bool ok = fwrite(sb_str(&files[i].text), 1, len, f) == len;
		if (fclose(f) != 0 || !ok)
			goto io_error;
		/* mkstemp makes 0600; generated sources are ordinary files */
		if (chmod(files[i].tmp, 0644) != 0)
			goto io_error;
	}
	for (i = 0; i < n; i++) {
		if (files[i].tmp == NULL)
			continue;
		if (rename(files[i].tmp, files[i].final) != 0)
			goto io_error;
		free(files[i].tmp);
		files[i].tmp = NULL;
	}
	rc = 0;
	goto out;
io_error:
	fprintf(stderr, "%s:0: cannot write: %s\n", files[i].final, strerror(errno));
out:
	for (i = 0; i < n; i++) {
		if (files[i].tmp != NULL) {
			unlink(files[i].tmp);
			free(files[i].tmp);
		}
		free(files[i].final);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Driver                                                              */

/* Names of src/view/tpl.h that a template function must not take. */
static const char *const runtime_names[] = {
	"raw",	       "raw_n",	    "msg", "eq",   "text",     "attr",	  "url",
	"url_allowed", "num",	    "int", "date", "datetime", "isotime", "html",
	"escape_text", "asset_url", "out", "str",  NULL};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void usage(void)
{
	fputs("usage: tplc --out DIR --po FILE.po [--po FILE.po ...]\n"
	      "            [--views-header H] [--check-c FILE.c ...] "
	      "TEMPLATE.html ...\n",
	      stderr);
	exit(1);
}

/* Name, source and tree of one template; -1 after reporting. */
static int load_template(struct template *t)
{
	if (t->path == NULL)
		return -1;
	const char *base = strrchr(t->path, '/');
	size_t n;

	base = base != NULL ? base + 1 : t->path;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".html") != 0) {
		error_at(t->path, 1, "template file name must end in .html");
		return -1;
	}
	t->name = xstrndup(base, n - 5);
	if (!is_template_name(t->name)) {
		error_at(t->path, 1, "template name '%s' must match [a-z0-9_]+", t->name);
		return -1;
	}
	if (in_list(t->name, runtime_names)) {
		error_at(t->path, 1,
			 "template name '%s' is reserved: tpl_%s is a runtime "
			 "function",
			 t->name, t->name);
		return -1;
	}
	for (struct template *o = templates; o < t; o++) {
		if (o->name != NULL && strcmp(o->name, t->name) == 0) {
			error_at(t->path, 1, "second template named '%s' (%s)", t->name, o->path);
			return -1;
		}
	}
	t->src = read_file(t->path, &t->len);
	if (t->src == NULL)
		return -1;
	if (strlen(t->src) != t->len) {
		error_at(t->path, line_of(t->src, strlen(t->src)), "NUL byte in template");
		return -1;
	}
	size_t bad = utf8_invalid_at(t->src, t->len);
	if (bad != t->len) {
		error_at(t->path, line_of(t->src, bad), "invalid UTF-8");
		return -1;
	}
	return parse_template(t);
}

int main(int argc, char **argv)
{
	const char *out_dir = NULL;
	const char *views_header = "view/views.h";
	const char **check_c = xcalloc((size_t)argc, sizeof(char *));
	size_t check_c_count = 0;
	struct sb code = {0};
	struct out_file files[4] = {
		{.name = "templates.h"},
		{.name = "templates.c"},
		{.name = "i18n_catalog.h"},
		{.name = "i18n_catalog.c"},
	};
	int rc = 1;

	po_files = xcalloc((size_t)argc, sizeof(*po_files));
	templates = xcalloc((size_t)argc, sizeof(*templates));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_arg = i + 1 < argc;
		if (strcmp(a, "--out") == 0 && has_arg) {
			out_dir = argv[++i];
		} else if (strcmp(a, "--po") == 0 && has_arg) {
			memset(&po_files[po_count], 0, sizeof(*po_files));
			po_files[po_count++].path = argv[++i];
		} else if (strcmp(a, "--views-header") == 0 && has_arg) {
			views_header = argv[++i];
		} else if (strcmp(a, "--check-c") == 0 && has_arg) {
			/* "--check-c a.c b.c x.html": C files up to the
			 * next option or template */
			check_c[check_c_count++] = argv[++i];
			while (i + 1 < argc &&
			       (ends_with(argv[i + 1], ".c") || ends_with(argv[i + 1], ".h")))
				check_c[check_c_count++] = argv[++i];
		} else if (a[0] == '-') {
			usage();
		} else {
			memset(&templates[template_count], 0, sizeof(*templates));
			templates[template_count++].path = a;
		}
	}
	if (out_dir == NULL || po_count == 0)
		usage();

	for (size_t i = 0; i < po_count; i++) {
		if (po_parse(&po_files[i]) < 0)
			continue;
		for (size_t k = 0; k < i; k++) {
			if (po_files[k].code != NULL &&
			    strcmp(po_files[k].code, po_files[i].code) == 0)
				error_at(po_files[i].path, 0, "second catalogue for language '%s'",
					 po_files[i].code);
		}
	}
	/* Without sound catalogues every msgid check would be noise. */
	if (error_count > 0)
		goto out;
	for (size_t i = 0; i < check_c_count; i++)
		check_c_file(check_c[i]);
	for (size_t i = 0; i < template_count; i++)
		templates[i].ok = load_template(&templates[i]) == 0;
	for (size_t i = 0; i < template_count; i++)
		if (templates[i].ok)
			compile_template(&templates[i], &code);
	if (error_count > 0)
		goto out;

	write_templates_h(&files[0].text, views_header);
	sb_puts(&files[1].text, generated_note);
	sb_puts(&files[1].text, "#include \"templates.h\"\n\n");
	sb_add(&files[1].text, sb_str(&msg_code), msg_code.len);
	sb_add(&files[1].text, sb_str(&code), code.len);
	write_catalog_h(&files[2].text);
	write_catalog_c(&files[3].text);
	if (write_outputs(out_dir, files, 4) == 0)
		rc = 0;
out:
	for (size_t i = 0; i < 4; i++)
		sb_free(&files[i].text);
	for (size_t i = 0; i < template_count; i++) {
		free(templates[i].name);
		free(templates[i].type);
		free(templates[i].src);
		node_free(templates[i].root);
	}
	for (size_t i = 0; i < po_count; i++) {
		for (size_t k = 0; k < po_files[i].n; k++) {
			free(po_files[i].entries[k].msgid);
			free(po_files[i].entries[k].msgstr);
		}
		free(po_files[i].entries);
		free(po_files[i].code);
		free(po_files[i].enum_name);
	}
	for (size_t i = 0; i < msg_table_count; i++)
		free(msg_tables[i].msgid);
	free(msg_tables);
	sb_free(&msg_code);
	sb_free(&code);
	free(templates);
	free(po_files);
	free(check_c);
	return error_count > 0 ? 1 : rc;
}
