/*
 * search_index.h - keeping SQLite's full-text indexes merged.
 *
 * FTS5 adds a segment to an index with every transaction that changes it
 * and merges segments a few at a time (automerge); a search looks each
 * word up in every segment, and reads a doclist backwards per segment for
 * "newest first".  A city grown by many small writes, or loaded in bulk,
 * had 11 to 17 segments per index: merged into one, a search of the
 * 100,000-idea city executed a fifth fewer instructions (callgrind: 9.3
 * -> 7.3 million per request).  The job search.merge (app/jobs.c) and the synthetic
 * seeder call this; on PostgreSQL it does nothing.
 */
#ifndef OIC_STORE_SEARCH_INDEX_H
#define OIC_STORE_SEARCH_INDEX_H

#include <stdint.h>

#include "store/db.h"

/*
 * Merge every index that has more than max_segments segments into one,
 * in steps of its own transaction each (at most 4 MB written per step,
 * so writers wait for one step, not for the whole index).  *segments
 * (may be NULL) gets the number of segments of all indexes afterwards.
 * 0, or -1 when the store failed.
 */
int search_index_merge(struct db *db, int64_t max_segments, int64_t *segments);

#endif
