/*
 * jobs.c - job kinds of the application: the kernel's own and every
 * feature's.
 *
 * maintenance.purge (every 10 minutes): drops expired sessions, rate-limit
 * windows older than a day and finished jobs older than a week, so that
 * these tables stay small however long the platform runs.
 *
 * Features add theirs in their jobs.def, JOB(kind, function, period in
 * seconds), collected by the build in the order of FEATURES:
 * funnel.phases and uploads.purge (features/funnel/jobs.def).
 *
 * search.merge (every 10 minutes, SQLite): merges a full-text index into
 * one segment once it has more than SEARCH_SEGMENTS_MAX segments, so that
 * a search does not look each word up in a growing number of them
 * (store/search_index.h).
 */
#include "app/jobs.h"

#include "base/log.h"
#include "store/search_index.h"

static int purge_with(struct db *db, enum stmt_id id, int64_t before)
{
	struct db_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, before);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

static int maintenance_purge(struct db *db, const char *payload, int64_t now)
{
	(void)payload;
	if (purge_with(db, STMT_session_purge, now) != 0 ||
	    purge_with(db, STMT_rate_purge, now - 24 * 3600) != 0 ||
	    purge_with(db, STMT_job_purge, now - 7 * 24 * 3600) != 0) {
		log_warn("maintenance: purge failed: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

/* FTS5's automerge keeps up to about 4 per level; a few more wait. */
enum { SEARCH_SEGMENTS_MAX = 8 };

static int search_merge(struct db *db, const char *payload, int64_t now)
{
	(void)payload;
	(void)now;
	if (search_index_merge(db, SEARCH_SEGMENTS_MAX, NULL) != 0) {
		log_warn("maintenance: merging the search indexes failed: %s", db_errmsg(db));
		return -1;
	}
	return 0;
}

const struct jobq_kind app_job_kinds[] = {
	{"maintenance.purge", maintenance_purge, 600, false},
	{"search.merge", search_merge, 600, false},
#define JOB(kind, run, period_s, changes_pages) {kind, run, period_s, changes_pages},
#include "features_jobs.def"
#undef JOB
	{NULL, NULL, 0, false},
};
