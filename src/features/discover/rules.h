/*
 * search.h - the rules of full-text search: what a query means, how a
 * hit is highlighted, and how a page of ranked results continues.  No I/O.
 *
 * A query is read like a web search engine's (and like PostgreSQL's
 * websearch_to_tsquery): words must all occur, "quoted words" must occur
 * as a phrase, "or" between two terms lets either do, and -word excludes.
 * search_query_parse() turns it into one normalised list of terms and
 * renders that list for each back end: an FTS5 MATCH expression for
 * SQLite and websearch text for PostgreSQL, so both see the same terms.
 * Every term is quoted in the FTS5 expression, so no input can inject
 * FTS5 syntax.
 *
 * Highlighting works on stems (base/stem.h): a word of the text is marked
 * when one of its stems equals a stem of a query word, which is exactly
 * when the index matched it.  The output is HTML made by escaping the
 * text first and only then wrapping matches in <mark>; stored text is
 * never trusted as markup.
 */
#ifndef OIC_DOMAIN_SEARCH_H
#define OIC_DOMAIN_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/stem.h"

/* The kinds of things search finds, in the order results are tied. */
enum search_kind {
	SEARCH_CHALLENGE,
	SEARCH_IDEA,
	SEARCH_COMMENT,
	SEARCH_PROJECT,
	SEARCH_EVENT,
	SEARCH_ORGANISATION,
	SEARCH_ACTOR, /* a listed entry of the directory of actors (features/actors) */
	SEARCH_KIND__COUNT
};

struct search_kind_info {
	const char *id;	   /* "idea": URL parameter and the store's kind column */
	const char *label; /* msgid of the plural: "Ideas" */
};

extern const struct search_kind_info search_kinds[SEARCH_KIND__COUNT];

/* All kinds, as a bit set (bit k = 1 << k). */
#define SEARCH_ALL_KINDS ((1u << SEARCH_KIND__COUNT) - 1)

/* The kind with id, or false. */
bool search_kind_parse(const char *id, enum search_kind *out);

enum {
	SEARCH_QUERY_MAX = 200, /* characters of a query */
	SEARCH_TERMS_MAX = 16,	/* terms used; the rest are ignored */
	SEARCH_PAGE_SIZE = 20,
	/*
	 * Matches of each kind that are scored: the newest ones.  A page
	 * costs O(kinds x SEARCH_CANDIDATES), not O(matches); a word found
	 * in more items of one kind is ranked among its most recent
	 * SEARCH_CANDIDATES of that kind (features/discover/statements.def).
	 */
	SEARCH_CANDIDATES = 100,
};

enum search_parse_rc {
	SEARCH_OK,
	SEARCH_EMPTY,	 /* nothing but blanks: show the empty form */
	SEARCH_TOO_LONG, /* more than SEARCH_QUERY_MAX characters */
	SEARCH_NO_TERMS, /* only very common words, punctuation or exclusions */
};

struct search_memo;

struct search_query {
	const char *fts5;      /* MATCH expression for SQLite's FTS5 */
	const char *websearch; /* text for websearch_to_tsquery */
	char **stems;	       /* stems of the wanted words, for highlighting */
	size_t stem_count;
	struct search_memo *memo; /* words already judged (search.c) */
};

/*
 * Read the query text q (valid UTF-8) into *out; all memory from a.
 * Returns SEARCH_OK when there is something to search for; otherwise
 * *out is left empty.  -1 when out of memory.
 */
int search_query_parse(struct arena *a, struct stemmer *st, const char *q,
		       struct search_query *out);

/*
 * The whole of text as HTML: escaped, with the words that match q inside
 * <mark>...</mark>.  NULL text gives "".  NULL when out of memory.
 */
char *search_highlight(struct arena *a, struct stemmer *st, const struct search_query *q,
		       const char *text);

/*
 * An excerpt of text as HTML, like search_highlight(): the window of
 * `words` words with the most matches (the earliest of equals; the start
 * when nothing matches), with "…" where text was left out.  Line breaks
 * and Markdown marks (# * _ ` ~) are flattened to single spaces.
 * Only the first SEARCH_SNIPPET_SCAN bytes are read.
 */
enum { SEARCH_SNIPPET_SCAN = 16384, SEARCH_SNIPPET_WORDS = 30 };
char *search_snippet(struct arena *a, struct stemmer *st, const struct search_query *q,
		     const char *text, size_t words);

/*
 * Where the next page of ranked results begins: after the result with
 * this score (ascending: lower is better, as bm25 and our negated
 * ts_rank give it), kind and id.
 */
struct search_cursor {
	double score;
	int kind; /* enum search_kind */
	int64_t id;
};

/* The cursor as URL-safe text ("-1.25_1_42"); NULL when out of memory. */
char *search_cursor_format(struct arena *a, const struct search_cursor *c);

/* Read a cursor made by search_cursor_format(); false for anything else. */
bool search_cursor_parse(const char *s, struct search_cursor *out);

#endif
