/*
 * batch.h - group commit: many small write transactions share one COMMIT.
 *
 * With synchronous=FULL every SQLite COMMIT waits for the disk (fsync);
 * on this kind of machine that caps one-transaction-per-request writes
 * near 4,000/s however little each one writes.  A batcher owns one
 * committer thread with its own store connection.  Callers hand it items
 * (a function that writes, and its argument); the committer takes every
 * item waiting (at most max_items), runs them in ONE write transaction,
 * each inside its own SAVEPOINT, commits once, and only then tells each
 * item its fate.  So:
 *
 *  - an item whose function fails (< 0) has its savepoint rolled back:
 *    its writes are undone, the other items of the batch still commit;
 *  - when BEGIN, a savepoint or COMMIT itself fails, nothing of the batch
 *    is written and every item is told so (rc < 0);
 *  - rc == DB_OK is told only after COMMIT returned: the item is durable
 *    when its caller hears of it;
 *  - no timer waits for company: an idle committer takes a lone item at
 *    once (and runs it without a savepoint, which it would not need).
 *    Items arriving while a batch commits wait for the next one, which is
 *    where the batches come from.
 *
 * Items run one after another in the order they were submitted, on the
 * committer's connection, so an item sees the writes of the items before
 * it in the same batch exactly as it would after their commits: checks
 * made inside an item (limits, "already done") hold as with one
 * transaction each.
 */
#ifndef OIC_STORE_BATCH_H
#define OIC_STORE_BATCH_H

#include <stdint.h>

#include "store/db.h"

struct db_batch;
struct db_batch_item;

/*
 * Write inside the batch's transaction on db (the committer's connection;
 * do not begin or commit).  Return DB_OK (or DB_DONE) to keep what was
 * written, an error (< 0) to have it undone.  Runs on the committer
 * thread: it must not touch memory its submitter may change meanwhile.
 */
typedef int db_batch_apply_fn(struct db *db, void *arg);

/*
 * Called on the committer thread once the item's fate is sealed (after
 * COMMIT returned, or after the batch failed), with item->rc set.  The
 * batcher does not touch the item afterwards: done may free or wake it.
 */
typedef void db_batch_done_fn(struct db_batch_item *item);

struct db_batch_item {
	db_batch_apply_fn *apply;
	db_batch_done_fn *done;
	void *arg;
	/* Set before done(): DB_OK when committed, else < 0 (nothing of the
	 * item was written): its own error, or the batch's. */
	int rc;
	struct db_batch_item *next; /* the batcher's queue */
};

/*
 * Start a batcher whose committer takes at most max_items per
 * transaction (0: 64).  Its connection comes from db_thread() on the
 * committer thread, so db_configure() must have been called.  NULL when
 * the thread cannot be started.
 */
struct db_batch *db_batch_start(unsigned max_items);

/*
 * Queue item (apply, done and arg set; the batcher owns it until done()).
 * Returns 0, or -1 when the batcher is stopping: then done() is not
 * called and the caller still owns the item.
 */
int db_batch_submit(struct db_batch *b, struct db_batch_item *item);

/*
 * Submit apply(arg) and wait until its batch is committed.  Returns
 * DB_OK, the item's error, or DB_UNAVAILABLE when the batcher is
 * stopping.  For threads that may block (tests, jobs).
 */
int db_batch_run(struct db_batch *b, db_batch_apply_fn *apply, void *arg);

/*
 * Without a batcher: apply(arg) in a write transaction of its own on db.
 * Returns DB_OK once committed, else the error (rolled back).
 */
int db_batch_alone(struct db *db, db_batch_apply_fn *apply, void *arg);

/* Transactions committed and items told DB_OK so far (tests, metrics). */
void db_batch_counts(struct db_batch *b, uint64_t *batches, uint64_t *items);

/* Finish every queued item, stop the committer thread, free b. */
void db_batch_stop(struct db_batch *b);

#endif
