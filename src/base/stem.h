/*
 * stem.h - words and their stems, for full-text search in German and
 * English.
 *
 * Search must find "Fahrrad" when someone types "Fahrräder", and "bike"
 * for "bikes", whatever language a row was written in.  Text is cut into
 * words (letters and digits; everything else separates), each word is
 * lower-cased and stemmed twice with Snowball (libstemmer): once as
 * German, once as English after folding accents ("ä" -> "a", "ß" ->
 * "ss").  A word yields one or two distinct stems; very common words of
 * either language ("und", "the") yield none.
 *
 * The same code feeds the SQLite tokenizer (store/sqlite_stem.c) and the
 * highlighter (features/discover/rules.c), so a word is marked in a snippet exactly
 * when the index would match it.
 *
 * Ownership: a struct stemmer is made and freed by its user and must not
 * be shared between threads (libstemmer keeps state per stemmer).
 */
#ifndef OIC_BASE_STEM_H
#define OIC_BASE_STEM_H

#include <stdbool.h>
#include <stddef.h>

enum {
	STEM_WORD_MAX = 64, /* bytes of a word that are stemmed; longer words are cut */
	STEM_MAX = 2,	    /* stems per word: German and English */
};

struct stemmer;

/* A stem: bytes owned by the stemmer, valid until its next call. */
struct stem {
	const char *s;
	size_t n;
};

/* A new stemmer for both languages; NULL when out of memory. */
struct stemmer *stemmer_new(void);

/* Free a stemmer (NULL is fine). */
void stemmer_free(struct stemmer *st);

/*
 * Find the next word in text[0..len) at or after *pos.  On success sets
 * *start and *end (byte offsets, end exclusive), moves *pos past the word
 * and returns true; false when no word is left.  Invalid UTF-8 bytes
 * separate words.
 */
bool stem_next_word(const char *text, size_t len, size_t *pos, size_t *start, size_t *end);

/*
 * The stems of one word (as found by stem_next_word): fills out[0..n)
 * and returns n, 0 for a stop word, else 1 or 2 (German stem first; the
 * English one only when it differs).  -1 when out of memory.
 */
int stemmer_stems(struct stemmer *st, const char *word, size_t len, struct stem out[STEM_MAX]);

/* True when the lower-cased word is a German or English stop word. */
bool stem_is_stop_word(const char *word, size_t len);

#endif
