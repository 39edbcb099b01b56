/*
 * support_batch.h - supporting an idea, written by the group committer.
 *
 * A support toggle is the busiest write of the platform.  Its rules (one
 * support per account and idea, the per-challenge limit, closed
 * challenges, hidden ideas, counters and trend in the same transaction)
 * live in support_toggle_apply(), which writes inside a transaction it
 * does not own.  The server runs it through a group committer
 * (store/batch.h) so that many toggles share one COMMIT; see the comment
 * at the top of support_batch.c for how the request waits meanwhile.
 */
#ifndef OIC_WEB_SUPPORT_BATCH_H
#define OIC_WEB_SUPPORT_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "features/funnel/rules.h"
#include "store/batch.h"
#include "app/app.h"

enum support_outcome {
	SUPPORT_TOGGLED,   /* given or withdrawn: supported, supports */
	SUPPORT_NOT_FOUND, /* no such idea, or not visible to this account */
	SUPPORT_REFUSED,   /* verdict says why (closed, limit); nothing written */
	SUPPORT_OUTCOME__MAX
};

/* One toggle: what is asked, and (when rc == DB_OK) what came of it. */
struct support_toggle {
	int64_t idea_id;
	int64_t user_id;
	enum role role; /* the supporter's, for hidden ideas and challenges */
	int64_t now;	/* Unix seconds: the support's time and trend weight */

	int rc; /* DB_OK: committed (or nothing to write); < 0: not written */
	enum support_outcome outcome;
	enum support_verdict verdict;
	bool supported;	  /* after the toggle */
	int64_t supports; /* the idea's count after the toggle */
	uint64_t queries; /* statements run by the toggle */
	bool elsewhere;	  /* run on the committer's connection */

	struct db_batch_item item; /* the batcher's */
	struct http_request *req;  /* to resume after the commit */
};

/*
 * The toggle's writes, inside a write transaction on db that the caller
 * begins and commits (db_batch_apply_fn; arg is a struct support_toggle).
 * Refusals are DB_OK with nothing written; < 0 on a store error.
 */
int support_toggle_apply(struct db *db, void *arg);

/*
 * Start the group committer of supports (on: batch; off: each toggle in
 * a transaction of its own on its HTTP thread, as before).  -1 when the
 * committer thread cannot be started.  Call once, before serving.
 */
int support_batch_start(bool on);

/* Finish the queued toggles and stop the committer (after serving). */
void support_batch_stop(void);

/*
 * Hand t to the committer and park the request (app_park): once its
 * batch is committed, answer(req, resp, ctx) runs on an HTTP thread with
 * app_park_arg(ctx) == t and t->rc set.  Returns -1 when group commit is
 * off (or out of memory): then run support_toggle_alone() instead.
 */
int support_toggle_park(struct http_request *req, struct support_toggle *t, app_handler *answer);

/* Append the committer's counters to the Prometheus text of /metrics. */
void support_batch_metrics(struct buf *out);

/* Without the committer: t in a transaction of its own on db (sets t->rc). */
void support_toggle_alone(struct db *db, struct support_toggle *t);

#endif
