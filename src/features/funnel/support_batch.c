/*
 * support_batch.c - supports go to the disk in groups (issue 4).
 *
 * Why: with synchronous=FULL each COMMIT waits for an fsync, and one
 * transaction per support capped the support route near 3,800/s here,
 * although a toggle writes two rows.  Sharing one COMMIT among all the
 * toggles that arrive while the previous COMMIT is on its way to the disk
 * pays the fsync once per batch (store/batch.c: one writer thread, BEGIN
 * IMMEDIATE, one SAVEPOINT per toggle, COMMIT, then answers).
 *
 * How a request waits: libmicrohttpd runs one HTTP thread per core (two
 * here), and the ROUTE_SLOW worker pool is as small.  Had the handler
 * blocked until its batch committed (a single writer it waits for, or
 * leader/follower among the waiting handlers), at most two toggles could
 * ever be waiting - batches of two - and every other connection of a
 * waiting thread, page views included, would stall behind the disk.  So
 * no thread waits: the handler checks the session and CSRF as usual,
 * puts the toggle (in the request's arena) on the committer's queue and
 * parks the request (app_park, HTTP_PARK): the connection is suspended
 * and the HTTP thread goes on serving others.  After COMMIT returned the
 * committer resumes each connection of the batch; the answer (JSON, the
 * redirect, or the idea page with a refusal) is written on the HTTP
 * thread again.  So every connection can have a toggle waiting, batches
 * grow with the load (up to 64), and a lone toggle is committed at once:
 * no timer waits for company.  A response leaves only after its COMMIT,
 * so an acknowledged support is on disk.
 *
 * The toggle itself keeps the rules of one transaction per support: the
 * supporter's row is locked first (PostgreSQL; SQLite's write lock is
 * the batch's), then the state is read and decided inside the batch, so
 * a toggle sees every toggle before it (same account, same challenge
 * limit) exactly as after their commits.  A toggle that fails on a store
 * error has its savepoint rolled back and is answered 503; the others of
 * its batch commit.
 */
#include "features/funnel/support_batch.h"

#include "base/log.h"
#include "features/funnel/internal.h"

static struct db_batch *support_batcher;

int support_toggle_apply(struct db *db, void *arg)
{
	struct support_toggle *t = arg;
	struct support_state s = {0};
	enum challenge_phase phase = PHASE_OPEN;
	int64_t challenge_id = 0;
	uint64_t queries = db_query_count(db);
	int rc;

	/* The supporter's row first: the limit is counted once, exactly. */
	struct db_stmt *st = db_stmt(db, STMT_funnel_user_lock);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, t->user_id);
	if ((rc = db_run(st, NULL)) < 0)
		goto out;
	st = db_stmt(db, STMT_idea_support_state);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, t->idea_id);
	db_bind_i64(st, 2, t->user_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		challenge_id = db_col_null(st, 0) ? 0 : db_col_i64(st, 0);
		if (challenge_id != 0 && !phase_parse(db_col_text(st, 1), &phase))
			phase = PHASE_DRAFT;
		s.in_challenge = challenge_id != 0;
		s.phase = phase;
		s.hidden = db_col_i64(st, 2) != 0;
		s.limit = db_col_i64(st, 3);
		s.already = db_col_i64(st, 4) != 0;
		s.used = db_col_i64(st, 5);
		s.merged = db_col_i64(st, 6) != 0;
	}
	db_reset(st);
	if (rc < 0)
		goto out;
	bool visible = rc == DB_ROW && (!s.hidden || funnel_may(&t->role, FUNNEL_MODERATE)) &&
		       (challenge_id == 0 || challenge_visible(phase, &t->role));
	if (!visible) {
		t->outcome = SUPPORT_NOT_FOUND;
		rc = DB_OK;
		goto out;
	}
	t->verdict = support_decide(&s);
	t->supported = s.already;
	if (t->verdict != SUPPORT_ADD && t->verdict != SUPPORT_WITHDRAW) {
		t->outcome = SUPPORT_REFUSED;
		rc = DB_OK;
		goto out;
	}
	int64_t delta = 0;
	double weight = 0;
	if (t->verdict == SUPPORT_ADD) {
		st = db_stmt(db, STMT_support_insert);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, t->idea_id);
		db_bind_i64(st, 2, t->user_id);
		if (challenge_id)
			db_bind_i64(st, 3, challenge_id);
		else
			db_bind_null(st, 3);
		db_bind_i64(st, 4, t->now);
		if ((rc = db_run(st, NULL)) < 0)
			goto out;
		if (db_changes(db) == 1) {
			delta = 1;
			weight = funnel_trend_weight(t->now);
		}
	} else {
		int64_t given = 0;
		st = db_stmt(db, STMT_support_delete);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, t->idea_id);
		db_bind_i64(st, 2, t->user_id);
		if ((rc = db_run(st, &given)) < 0)
			goto out;
		if (rc == DB_OK) {
			delta = -1;
			weight = -funnel_trend_weight(given); /* what this support once added */
		}
	}
	st = db_stmt(db, STMT_idea_support_count);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, t->idea_id);
	db_bind_i64(st, 2, delta);
	db_bind_double(st, 3, weight);
	if ((rc = db_run(st, &t->supports)) < 0)
		goto out;
	t->outcome = SUPPORT_TOGGLED;
	t->supported = t->verdict == SUPPORT_ADD;
	rc = DB_OK;
	goto out;
fail:
	rc = DB_ERROR;
out:
	if (rc < 0)
		log_warn("support of idea %lld failed: %s", (long long)t->idea_id, db_errmsg(db));
	t->queries = db_query_count(db) - queries;
	return rc;
}

int support_batch_start(bool on)
{
	if (!on)
		return 0;
	support_batcher = db_batch_start(64);
	return support_batcher != NULL ? 0 : -1;
}

void support_batch_stop(void)
{
	db_batch_stop(support_batcher);
	support_batcher = NULL;
}

/* On the committer thread, after COMMIT (or the batch's failure). */
static void support_committed(struct db_batch_item *item)
{
	struct support_toggle *t = item->arg;
	t->rc = item->rc;
	/* Last touch of t: the request may be answered and freed from here. */
	http_resume(t->req);
}

/* On the HTTP thread, once the connection is suspended (app_park). */
static int support_hand_over(void *arg, struct http_request *req)
{
	struct support_toggle *t = arg;
	t->req = req;
	t->elsewhere = true;
	t->item.apply = support_toggle_apply;
	t->item.done = support_committed;
	t->item.arg = t;
	return db_batch_submit(support_batcher, &t->item);
}

int support_toggle_park(struct http_request *req, struct support_toggle *t, app_handler *answer)
{
	if (support_batcher == NULL)
		return -1;
	t->rc = DB_UNAVAILABLE; /* until the committer says otherwise */
	return app_park(req, support_hand_over, t, answer);
}

void support_toggle_alone(struct db *db, struct support_toggle *t)
{
	t->elsewhere = false;
	t->rc = db != NULL ? db_batch_alone(db, support_toggle_apply, t) : DB_UNAVAILABLE;
}

void support_batch_metrics(struct buf *out)
{
	uint64_t batches = 0, items = 0;

	if (support_batcher == NULL)
		return;
	db_batch_counts(support_batcher, &batches, &items);
	buf_printf(out,
		   "# HELP oic_support_commits_total Transactions of the group committer of "
		   "supports.\n"
		   "# TYPE oic_support_commits_total counter\n"
		   "oic_support_commits_total %llu\n"
		   "# HELP oic_support_group_committed_total Supports committed by the group "
		   "committer.\n"
		   "# TYPE oic_support_group_committed_total counter\n"
		   "oic_support_group_committed_total %llu\n",
		   (unsigned long long)batches, (unsigned long long)items);
}
