/*
 * sqlite_rank.h - the FTS5 ranking function "oic_rank" (store-internal).
 *
 * oic_rank(table, w1, w2, ...) is FTS5's bm25() with one difference: the
 * number of rows that contain a phrase, which bm25's inverse document
 * frequency needs, is counted only up to SQLITE_RANK_DF_CAP.  bm25()
 * counts every row of the phrase's doclist once per query, so a query
 * for a word in 10,000 comments walked 10,000 doclist entries even when
 * only the 100 newest are scored (features/discover/statements.def: search).  For
 * a phrase in fewer rows than the cap the score is bm25's exactly; for a
 * more common one the frequency is taken as the cap, which weighs that
 * phrase a little more than bm25 would (idf log((N-200)/200) instead of
 * log((N-n)/n)): ranking among rows that all contain it does not change,
 * only its weight against rarer words of the same query.  The cap is
 * twice the candidates a search ranks per kind (SEARCH_CANDIDATES); at
 * 1,000 the count was a fifth of a search for a common word at 100,000
 * ideas (callgrind), and the first thing that grew with the city.  Lower
 * is better, as with bm25().
 *
 * Registered with the tokenizer (sqlite_stem_register), on every
 * connection and in the shell extension.
 */
#ifndef OIC_STORE_SQLITE_RANK_H
#define OIC_STORE_SQLITE_RANK_H

#ifdef OIC_STEM_EXTENSION
#include <sqlite3ext.h>
#else
#include <sqlite3.h>
#endif

enum { SQLITE_RANK_DF_CAP = 200 };

/* Register "oic_rank" with the FTS5 API api.  SQLITE_OK or an error code. */
int sqlite_rank_register(fts5_api *api);

#endif
