/*
 * lex.c - steps 1 and 2: the template tree (freeing nodes, their
 * labels for messages), the lexer that cuts a template into literal
 * text and {{ directives }}, and parse_template(), which builds the
 * tree of one template.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* Template tree                                                       */

void node_free(struct node *n)
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

const char *const slot_keywords[] = {
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
char *node_label(const struct node *n)
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

bool is_template_name(const char *s)
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
int parse_template(struct template *t)
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
