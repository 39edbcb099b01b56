/*
 * search_index.c - keeping SQLite's full-text indexes merged; see
 * search_index.h.
 */
#include "store/search_index.h"

static const struct {
	enum stmt_id segments, merge;
} indexes[] = {
#define INDEX(t)                                                \
	{                                                       \
		STMT_search_segments_##t, STMT_search_merge_##t \
	}
	INDEX(challenges), INDEX(ideas),  INDEX(comments),
	INDEX(projects),   INDEX(events), INDEX(organisations),
#undef INDEX
};

/* A bound on the steps for one index: 4 GB written. */
enum { MERGE_STEPS_MAX = 1000 };

static int count_segments(struct db *db, enum stmt_id id, int64_t *n)
{
	struct db_stmt *st = db_stmt(db, id);
	return st != NULL && db_run(st, n) >= 0 ? 0 : -1;
}

int search_index_merge(struct db *db, int64_t max_segments, int64_t *segments)
{
	int64_t total = 0;

	if (segments != NULL)
		*segments = 0;
	if (db_kind(db) != DB_KIND_SQLITE)
		return 0;
	for (size_t i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++) {
		int64_t n = 0;
		if (count_segments(db, indexes[i].segments, &n) != 0)
			return -1;
		/*
		 * A step that merged nothing changes fewer than two rows
		 * (FTS5's documentation of the 'merge' command).
		 */
		for (int step = 0; n > max_segments && step < MERGE_STEPS_MAX; step++) {
			struct db_stmt *st = db_stmt(db, indexes[i].merge);
			int64_t before = db_total_changes(db);
			if (st == NULL || db_run(st, NULL) < 0)
				return -1;
			if (db_total_changes(db) - before < 2)
				break;
		}
		if (count_segments(db, indexes[i].segments, &n) != 0)
			return -1;
		total += n;
	}
	if (segments != NULL)
		*segments = total;
	return 0;
}
