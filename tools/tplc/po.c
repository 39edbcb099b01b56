/*
 * po.c - the gettext catalogues: po_parse() reads one .po file into a
 * table sorted by msgid, po_find() looks a msgid up in it, and
 * msgid_check() reports a msgid that a catalogue does not translate.
 * The catalogues given with --po live in po_files[].
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* PO catalogues                                                       */

struct po_file *po_files;
size_t po_count;

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
int po_parse(struct po_file *po)
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

const struct po_entry *po_find(const struct po_file *po, const char *msgid)
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
bool msgid_check(const char *file, int line, const char *msgid)
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
