/*
 * rules.h - the pure rules of matchmaking (issue 12, item 3): stemmed
 * TF-IDF vectors of documents, cosine similarity plus a weight for shared
 * tags and a small one for the same district, an inverted index per
 * source, and the explanation of a suggestion (the shared tags and terms
 * that weigh most).  No I/O; unit-tested in tests/unit/test_matching.c
 * and measured by bench/matching.c.
 *
 * A document belongs to a source (a number the caller chooses: the
 * actors' profiles, their offers, their needs, the open challenges, the
 * open opportunities).  Every document of every source is added, then the
 * corpus is built once (IDF over all documents), then each subject is
 * asked for its best targets of another source.  Memory is proportional
 * to the non-zero terms: each document keeps its sparse vector, and each
 * source an inverted index of the same entries.
 */
#ifndef OIC_MATCHING_RULES_H
#define OIC_MATCHING_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	MATCHING_SOURCES_MAX = 8, /* sources of one corpus */
	MATCHING_REASONS_MAX = 3, /* tags and terms an explanation names */
};

/* The weights: cosine of the texts + TAG x cosine of the tags + DISTRICT when the same. */
#define MATCHING_W_TAG	    0.5
#define MATCHING_W_DISTRICT 0.05

/* A tag: its key (a curated id or a folded free tag) and how it is shown. */
struct matching_tag {
	const char *key;
	const char *label;
};

/* One document: its id in its source, its words, its tags, its district (folded, "" none). */
struct matching_doc {
	int64_t id;
	const char *text;
	const struct matching_tag *tags;
	size_t tags_count;
	const char *district;
};

struct matching;

/* A new corpus; NULL when out of memory.  Not for sharing between threads. */
struct matching *matching_new(void);
void matching_free(struct matching *m);

/* Add a document of source (< MATCHING_SOURCES_MAX): its index, or -1 when out of memory. */
long matching_add(struct matching *m, unsigned source, const struct matching_doc *d);

/* Weigh every document (TF-IDF, normalised) and index each source: 0, or -1. */
int matching_build(struct matching *m);

/* The id of document doc. */
int64_t matching_doc_id(const struct matching *m, size_t doc);

/* A target found for a subject. */
struct matching_hit {
	size_t doc; /* index of the target document */
	int64_t id; /* its id */
	double score;
};

/*
 * The best targets of source for document subject (after matching_build):
 * at most n, best first, score at least min_score, none with id
 * exclude_id (0: none).  Returns how many; -1 when out of memory.
 */
long matching_top(struct matching *m, size_t subject, unsigned source, int64_t exclude_id,
		  double min_score, struct matching_hit *out, size_t n);

/* One reason of a suggestion: a shared tag (key and label) or a shared term (a word as written). */
struct matching_reason {
	bool tag;
	const char *key;  /* a tag's key; for a term, the word too */
	const char *word; /* a tag's label, or the word as it was written */
};

/*
 * Why documents a and b match: the shared tags, then the shared terms,
 * that weigh most, each word once.  Returns how many (at most n).
 */
size_t matching_explain(const struct matching *m, size_t a, size_t b, struct matching_reason *out,
			size_t n);

/*
 * An explanation as stored: one reason per line, "#key<TAB>label" for a
 * tag, the word for a term.  NULL when out of memory.
 */
char *matching_reasons_encode(struct arena *a, const struct matching_reason *r, size_t n);

/* Back from the stored form into out (at most n): how many. */
size_t matching_reasons_decode(struct arena *a, const char *s, struct matching_reason *out,
			       size_t n);

/*
 * The shown explanation: the reasons' words joined by ", "; a tag's label
 * through label(key, lang) when it gives one (a curated competence in the
 * reader's language), else as stored.  NULL when out of memory.
 */
char *matching_reasons_text(struct arena *a, const char *stored, const char *lang,
			    const char *(*label)(const char *key, const char *lang));

/* What the corpus holds: documents, distinct terms, non-zero entries, bytes allocated. */
struct matching_stats {
	size_t docs;
	size_t terms;
	size_t nonzeros;
	size_t bytes;
};
void matching_stats(const struct matching *m, struct matching_stats *out);

#endif
