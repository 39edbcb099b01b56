/*
 * html.c - the HTML-context tracker of step 3: html_feed() runs
 * literal text through a cut-down WHATWG tokenizer (struct
 * html_state), hs_describe() names a state for messages, and
 * hs_join() merges the states of two paths that meet.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* HTML context                                                        */

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

bool hs_equal(const struct html_state *a, const struct html_state *b)
{
	return a->st == b->st && strcmp(a->tag, b->tag) == 0 && a->end_tag == b->end_tag &&
	       strcmp(a->attr, b->attr) == 0 && a->ak == b->ak && a->us == b->us &&
	       a->raw_match == b->raw_match && a->esc_match == b->esc_match &&
	       a->svg_depth == b->svg_depth && a->svg_text == b->svg_text &&
	       a->meta_http_equiv == b->meta_http_equiv &&
	       a->meta_content_slot == b->meta_content_slot;
}

/* "double-quoted attribute value of href", "raw text of <script>" */
char *hs_describe(const struct html_state *s)
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

bool in_list(const char *s, const char *const *list)
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

void tag_clear(struct html_state *s)
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
int html_feed(struct gen *g, struct html_state *s, const char *p, size_t n, int line)
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
int hs_join(struct gen *g, struct html_state *out, const struct html_state *a,
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
