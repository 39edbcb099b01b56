/*
 * tplc.h - what the files of tplc, the template compiler, share.
 *
 * tplc compiles HTML templates and gettext catalogues into C: it writes
 * DIR/templates.{h,c} (one function per template) and
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
 *
 * The files, in the order data flows through them:
 *
 *   main.c    command line; runs the stages below in order
 *   po.c      --po FILE: po_parse() fills po_files[]
 *   cscan.c   --check-c FILE: msgids of tr() / N_() against po_files[]
 *   lex.c     template source -> tree of struct node (lexer, parser)
 *   html.c    literal text -> struct html_state (the HTML-context tracker)
 *   gen.c     tree + HTML context -> C function text, msg_code tables
 *   output.c  templates.h, i18n_catalog.{h,c}; writes all four files
 *   util.c    allocation, struct sb, error_at and the rest every file uses
 *
 * Diagnostics: every stage reports through error_at(), which prints
 * "FILE:LINE: message" and counts error_count; a stage returns -1 (or
 * false) after reporting, and main() writes nothing once error_count is
 * not 0.
 */
#ifndef TPLC_H
#define TPLC_H

#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* Memory, strings, diagnostics (util.c)                               */

void fatal_oom(void);
void *xrealloc(void *p, size_t n);
void *xcalloc(size_t count, size_t size);
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

/* Growable string; all generated text is built in these. */
struct sb {
	char *p;
	size_t len;
	size_t cap;
};

void sb_reserve(struct sb *b, size_t n);
void sb_add(struct sb *b, const char *s, size_t n);
void sb_puts(struct sb *b, const char *s);
void sb_putc(struct sb *b, char c);
void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_str(const struct sb *b);
void sb_free(struct sb *b);

/* Errors reported so far; any at all fails the run. */
extern int error_count;

void error_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *quoted(const char *s);
char *read_file(const char *path, size_t *len);
int line_of(const char *s, size_t off);
size_t utf8_invalid_at(const char *str, size_t n);
bool is_ident_start(int c);
bool is_ident_char(int c);
bool is_ident(const char *s);

/* ------------------------------------------------------------------ */
/* PO catalogues (po.c)                                                */

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

/* The --po catalogues in command-line order; the first is the default. */
extern struct po_file *po_files;
extern size_t po_count;

int po_parse(struct po_file *po);
const struct po_entry *po_find(const struct po_file *po, const char *msgid);
bool msgid_check(const char *file, int line, const char *msgid);

/* ------------------------------------------------------------------ */
/* --check-c (cscan.c)                                                 */

void check_c_file(const char *path);

/* ------------------------------------------------------------------ */
/* Template tree (lex.c)                                               */

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

/* Every template on the command line (main.c fills them in). */
extern struct template *templates;
extern size_t template_count;

/* Keyword of each slot kind that has one: "num", "t", ... */
extern const char *const slot_keywords[];

void node_free(struct node *n);
char *node_label(const struct node *n);

/* ------------------------------------------------------------------ */
/* Lexing and parsing (lex.c)                                          */

bool is_template_name(const char *s);
int parse_template(struct template *t);

/* ------------------------------------------------------------------ */
/* HTML context (html.c)                                               */

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

bool hs_equal(const struct html_state *a, const struct html_state *b);
char *hs_describe(const struct html_state *s);
bool in_list(const char *s, const char *const *list);
void tag_clear(struct html_state *s);
int html_feed(struct gen *g, struct html_state *s, const char *p, size_t n, int line);
int hs_join(struct gen *g, struct html_state *out, const struct html_state *a,
	    const struct html_state *b, int line, const char *what);

/* ------------------------------------------------------------------ */
/* Code generation (gen.c)                                             */

/* Translations used by templates: one table per msgid. */
struct msg_table {
	char *msgid;
	int id;
};

extern struct msg_table *msg_tables;
extern size_t msg_table_count;
extern struct sb msg_code; /* the static tables, emitted before functions */

void c_literal(struct sb *o, const char *s, size_t n, int indent);
int compile_template(struct template *t, struct sb *code);

/* ------------------------------------------------------------------ */
/* Output (output.c)                                                   */

extern const char generated_note[];

struct out_file {
	const char *name;
	struct sb text;
	char *final;
	char *tmp;
};

void write_templates_h(struct sb *o, const char *views_header);
void write_catalog_h(struct sb *o);
void write_catalog_c(struct sb *o);
int write_outputs(const char *dir, struct out_file *files, size_t n);

#endif
