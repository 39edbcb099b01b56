/*
 * batch.c - group commit; see batch.h for what it promises.
 *
 * The queue is a singly linked FIFO under one mutex.  The committer
 * sleeps on a condition variable while the queue is empty; a submit
 * signals it.  It detaches up to max_items from the head, runs them
 * outside the lock (so submitters never wait for the disk), commits,
 * and then calls each item's done().  Nothing here sleeps on a timer.
 */
#include "store/batch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "base/log.h"

enum { BATCH_DEFAULT_MAX = 64 };

struct db_batch {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct db_batch_item *head, *tail;
	bool stopping;
	unsigned max_items;
	uint64_t batches, items; /* committed; under lock */
	pthread_t thread;
};

/* Run one statement of the savepoint trio; < 0 on failure. */
static int batch_exec(struct db *db, enum stmt_id id)
{
	struct db_stmt *st = db_stmt(db, id);
	return st == NULL ? DB_ERROR : db_run(st, NULL);
}

/*
 * One item in its own savepoint.  Returns < 0 when the transaction can
 * no longer be trusted (a savepoint statement failed): the whole batch
 * must then be rolled back.  The item's own failure is in item->rc.
 */
static int batch_apply_saved(struct db *db, struct db_batch_item *item)
{
	int rc = batch_exec(db, STMT_batch_savepoint);
	if (rc < 0)
		return rc;
	item->rc = item->apply(db, item->arg);
	if (item->rc < 0) {
		log_warn("a write of a batch failed and was undone: %s", db_errmsg(db));
		rc = batch_exec(db, STMT_batch_rollback_to);
		if (rc < 0)
			return rc;
	}
	/* After ROLLBACK TO the savepoint is still open: release it too. */
	rc = batch_exec(db, STMT_batch_release);
	return rc < 0 ? rc : DB_OK;
}

/* Write items[0..n) in one transaction and set each item's rc. */
static void batch_write(struct db_batch_item **items, size_t n)
{
	struct db *db = db_thread();
	int rc = db != NULL ? db_begin_write(db) : DB_UNAVAILABLE;

	if (rc == DB_OK) {
		for (size_t i = 0; i < n && rc == DB_OK; i++) {
			if (n == 1) {
				/* Alone: its failure may take the transaction along. */
				items[i]->rc = items[i]->apply(db, items[i]->arg);
				rc = items[i]->rc < 0 ? items[i]->rc : DB_OK;
			} else {
				rc = batch_apply_saved(db, items[i]);
			}
		}
		if (rc == DB_OK)
			rc = db_commit(db);
		if (rc != DB_OK) {
			log_warn("a batch of %zu writes failed: %s", n, db_errmsg(db));
			db_rollback(db);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (rc != DB_OK)
			items[i]->rc = n == 1 && items[i]->rc < 0 ? items[i]->rc : rc;
		else if (items[i]->rc > 0)
			items[i]->rc = DB_OK; /* DB_DONE: a write that returned no row */
	}
}

static void *batch_main(void *arg)
{
	struct db_batch *b = arg;
	struct db_batch_item **items = calloc(b->max_items, sizeof(struct db_batch_item *));

	for (;;) {
		size_t n = 0;
		pthread_mutex_lock(&b->lock);
		while (b->head == NULL && !b->stopping)
			pthread_cond_wait(&b->more, &b->lock);
		if (b->head == NULL) {
			pthread_mutex_unlock(&b->lock);
			break; /* stopping, and every item answered */
		}
		size_t max = items != NULL ? b->max_items : 1;
		struct db_batch_item *one = NULL;
		while (b->head != NULL && n < max) {
			struct db_batch_item *it = b->head;
			b->head = it->next;
			it->next = NULL;
			if (items != NULL)
				items[n] = it;
			else
				one = it; /* out of memory at start: one at a time */
			n++;
		}
		if (b->head == NULL)
			b->tail = NULL;
		pthread_mutex_unlock(&b->lock);

		struct db_batch_item **todo = items != NULL ? items : &one;
		batch_write(todo, n);
		size_t ok = 0;
		for (size_t i = 0; i < n; i++)
			ok += todo[i]->rc == DB_OK;
		pthread_mutex_lock(&b->lock);
		if (ok > 0)
			b->batches++;
		b->items += ok;
		pthread_mutex_unlock(&b->lock);
		/* Last: done() may free the item or wake its owner. */
		for (size_t i = 0; i < n; i++)
			todo[i]->done(todo[i]);
	}
	free(items);
	return NULL;
}

struct db_batch *db_batch_start(unsigned max_items)
{
	struct db_batch *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->max_items = max_items ? max_items : BATCH_DEFAULT_MAX;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->more, NULL);
	if (pthread_create(&b->thread, NULL, batch_main, b) != 0) {
		pthread_cond_destroy(&b->more);
		pthread_mutex_destroy(&b->lock);
		free(b);
		return NULL;
	}
	return b;
}

int db_batch_submit(struct db_batch *b, struct db_batch_item *item)
{
	item->next = NULL;
	item->rc = DB_UNAVAILABLE;
	pthread_mutex_lock(&b->lock);
	if (b->stopping) {
		pthread_mutex_unlock(&b->lock);
		return -1;
	}
	if (b->tail != NULL)
		b->tail->next = item;
	else
		b->head = item;
	b->tail = item;
	pthread_cond_signal(&b->more);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

/* db_batch_run's item: its owner sleeps on the condition variable. */
struct batch_waiter {
	struct db_batch_item item;
	pthread_mutex_t lock;
	pthread_cond_t done_cv;
	bool done;
};

static void batch_waiter_done(struct db_batch_item *item)
{
	struct batch_waiter *w = (struct batch_waiter *)item;
	pthread_mutex_lock(&w->lock);
	w->done = true;
	pthread_cond_signal(&w->done_cv);
	pthread_mutex_unlock(&w->lock);
}

int db_batch_run(struct db_batch *b, db_batch_apply_fn *apply, void *arg)
{
	struct batch_waiter w = {.item = {.apply = apply, .done = batch_waiter_done, .arg = arg}};
	int rc;

	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.done_cv, NULL);
	if (db_batch_submit(b, &w.item) != 0) {
		rc = DB_UNAVAILABLE;
	} else {
		pthread_mutex_lock(&w.lock);
		while (!w.done)
			pthread_cond_wait(&w.done_cv, &w.lock);
		pthread_mutex_unlock(&w.lock);
		rc = w.item.rc;
	}
	pthread_cond_destroy(&w.done_cv);
	pthread_mutex_destroy(&w.lock);
	return rc;
}

int db_batch_alone(struct db *db, db_batch_apply_fn *apply, void *arg)
{
	int rc = db_begin_write(db);

	if (rc != DB_OK)
		return rc;
	rc = apply(db, arg);
	if (rc >= 0)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc < 0 ? rc : DB_ERROR;
	}
	return DB_OK;
}

void db_batch_counts(struct db_batch *b, uint64_t *batches, uint64_t *items)
{
	pthread_mutex_lock(&b->lock);
	if (batches != NULL)
		*batches = b->batches;
	if (items != NULL)
		*items = b->items;
	pthread_mutex_unlock(&b->lock);
}

void db_batch_stop(struct db_batch *b)
{
	if (b == NULL)
		return;
	pthread_mutex_lock(&b->lock);
	b->stopping = true;
	pthread_cond_broadcast(&b->more);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->more);
	pthread_mutex_destroy(&b->lock);
	free(b);
}
