/*
 * jobq.h - the job queue: work that must not block a request.
 *
 * Jobs are rows in the store, so every node of a cluster sees the same
 * queue and nothing is lost when a node dies.  Each node runs one job
 * thread (jobq_start); it claims a due job with a lease (60 s), runs its
 * handler with the thread's own store connection, and marks it done, or
 * schedules a retry with back-off.  A job whose node died is claimed again
 * when its lease runs out, so handlers must be idempotent (at least once).
 *
 * Periodic jobs (maintenance, phase changes) are ordinary jobs with a
 * unique key: at most one is pending per kind; when it is done the thread
 * enqueues the next run.
 */
#ifndef OIC_STORE_JOBQ_H
#define OIC_STORE_JOBQ_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* A handler: 0 when done, -1 to retry later.  now: Unix seconds. */
typedef int jobq_fn(struct db *db, const char *payload, int64_t now);

struct jobq_kind {
	const char *kind; /* "maintenance.purge" */
	jobq_fn *run;
	int64_t every_s; /* > 0: periodic, run every every_s seconds */
	/* True when what it writes can change a page an anonymous visitor
	 * reads: only then does a run that wrote empty the page cache
	 * (jobq_set_after_run).  A job that keeps back-office tables (the
	 * analytics snapshot, the audit log's retention) leaves it alone. */
	bool changes_pages;
};

/* A claimed job. */
struct jobq_job {
	int64_t id;
	char kind[64];
	char *payload; /* malloc'ed; jobq_job_free() */
	int64_t attempts;
};

/*
 * Enqueue a job to run at run_at.  unique_key (may be NULL): while a job
 * with that key is pending, another is not added.  Returns DB_OK or an
 * error.  Runs inside the caller's transaction, if any, so a job is
 * queued exactly when the change that asks for it commits.
 */
int jobq_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
		 const char *unique_key);

/*
 * Claim the next due job for worker `who` with a lease of lease_s
 * seconds.  Returns 1 and fills job, 0 when nothing is due, -1 on error.
 */
int jobq_claim(struct db *db, const char *who, int64_t now, int64_t lease_s, struct jobq_job *job);

/* Mark a claimed job done (only if `who` still holds it). */
int jobq_done(struct db *db, const struct jobq_job *job, const char *who, int64_t now);

/* Give a claimed job back to run again at run_at, remembering why. */
int jobq_retry(struct db *db, const struct jobq_job *job, const char *who, int64_t run_at,
	       const char *error);

/* Free what a claim allocated. */
void jobq_job_free(struct jobq_job *job);

struct jobq_runner;

/*
 * Start the job thread of this node for the given kinds (table ends with
 * a NULL kind; it must outlive the runner).  Uses db_thread() for its
 * store connection.  NULL when the thread cannot be started.
 */
struct jobq_runner *jobq_start(const struct jobq_kind *kinds);

/*
 * Call fn after every job this node's thread runs that wrote to the
 * store (whether it succeeded or not), e.g. to drop in-memory copies of
 * what the job changed.  Set it before jobq_start(); NULL for none.
 */
void jobq_set_after_run(void (*fn)(void));

/* Stop after the job in hand (if any) and join the thread. */
void jobq_stop(struct jobq_runner *r);

#endif
