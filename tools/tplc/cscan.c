/*
 * cscan.c - --check-c: a small scanner over C sources that finds
 * tr(lang, "literal") and N_("literal"), decodes the literal and
 * checks the msgid against the catalogues (msgid_check, po.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

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
void check_c_file(const char *path)
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
