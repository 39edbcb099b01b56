/*
 * gen.c - the code generator, steps 3 and 4: walks the tree of a
 * template, feeds its text to the HTML-context tracker, picks the
 * escaper of each slot and emits the C function; also the message
 * tables behind {{ t "..." }} (msg_code).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* Code generation                                                     */

/*
 * Append s as a C string literal.  Non-ASCII and control bytes become
 * three-digit octal escapes (never ambiguous with a following digit),
 * a '?' after a '?' is escaped so no trigraph can form, and after each
 * "\n" the literal continues on a new line when indent >= 0.
 */
void c_literal(struct sb *o, const char *s, size_t n, int indent)
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

struct msg_table *msg_tables;
size_t msg_table_count;
struct sb msg_code; /* the static tables, emitted before functions */

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
int compile_template(struct template *t, struct sb *code)
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
