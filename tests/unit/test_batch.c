/*
 * test_batch.c - the group committer (store/batch.c) running the real
 * support toggle (features/funnel/support_batch.c) on SQLite and, when the test
 * cluster is given in OIC_TEST_PG_URL, on PostgreSQL:
 *
 *  - 8 threads toggling concurrently: every answer is the state it left,
 *    counters equal the rows, and toggles did share commits;
 *  - a toggle that fails inside a batch (a constraint error) is undone
 *    while the others of the same batch commit;
 *  - toggles of one batch see each other: the per-challenge limit holds
 *    inside a batch, closed challenges and hidden ideas are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/batch.h"
#include "store/db.h"
#include "store/migrate.h"
#include "features/funnel/support_batch.h"

enum {
	THREADS = 8,
	TOGGLES = 150, /* per thread */
	IDEAS = 6,     /* ideas 1..6 in challenge 1 (open, no limit) */
	NOW = 1790000000,
};

struct fixture {
	char url[512];
	char sqlite_path[256];
	struct db *db;
};

static void exec_ok(struct db *db, const char *sql)
{
	int rc = db_exec_script(db, sql);
	if (rc != DB_OK)
		fprintf(stderr, "%s: %s\n", sql, db_errmsg(db));
	assert_int_equal(rc, DB_OK);
}

/*
 * Users 1..9 (9 hidden-idea moderator), challenge 1 open, 2 open with a
 * limit of 2 supports per participant, 3 closed; ideas 1..6 in challenge
 * 1, 7..9 in challenge 2, 10 in challenge 3, 11 hidden in challenge 1.
 */
static void city(struct db *db)
{
	char sql[512];

	assert_int_equal(migrate_run(db, NULL), 0);
	for (int u = 1; u <= 9; u++) {
		snprintf(
			sql, sizeof(sql),
			"INSERT INTO users (id, email, name, password_hash, sector, role, created) "
			"VALUES (%d, 'u%d@example.org', 'U', 'x', 'civil', '%s', 1)",
			u, u, u == 9 ? "moderator" : "participant");
		exec_ok(db, sql);
	}
	exec_ok(db,
		"INSERT INTO challenges (id, title, summary, phase, created) VALUES "
		"(1, 'A', 'a', 'open', 1), (2, 'B', 'b', 'open', 1), (3, 'C', 'c', 'closed', 1)");
	exec_ok(db, "UPDATE challenges SET supports_per_user = 2 WHERE id = 2");
	for (int i = 1; i <= 11; i++) {
		int challenge = i <= IDEAS || i == 11 ? 1 : i <= 9 ? 2 : 3;
		snprintf(sql, sizeof(sql),
			 "INSERT INTO ideas (id, challenge_id, author_id, title, body, hidden, "
			 "created, updated) VALUES (%d, %d, 1, 'Idee %d', 'Text', %d, 1, 1)",
			 i, challenge, i, i == 11);
		exec_ok(db, sql);
	}
}

static int make_pg_database(struct fixture *f)
{
	const char *base = getenv("OIC_TEST_PG_URL");
	char admin[512], name[64], sql[160];
	char *err = NULL;

	snprintf(name, sizeof(name), "oic_batch_%d", (int)getpid());
	snprintf(admin, sizeof(admin), "%s/postgres", base);
	struct db *a = db_open(admin, &err);
	if (a == NULL) {
		fprintf(stderr, "cannot reach %s: %s\n", admin, err ? err : "?");
		free(err);
		return -1;
	}
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	db_exec_script(a, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	int rc = db_exec_script(a, sql);
	db_close(a);
	snprintf(f->url, sizeof(f->url), "%s/%s", base, name);
	return rc == DB_OK ? 0 : -1;
}

static int setup(struct fixture *f)
{
	char *err = NULL;
	f->db = db_open(f->url, &err);
	if (f->db == NULL)
		fprintf(stderr, "open %s: %s\n", f->url, err ? err : "?");
	assert_non_null(f->db);
	city(f->db);
	/* The committer's connection comes from db_thread(). */
	assert_int_equal(db_configure(f->url), 0);
	return 0;
}

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->sqlite_path, sizeof(f->sqlite_path), "/tmp/oic-batch-%d.db", (int)getpid());
	unlink(f->sqlite_path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->sqlite_path);
	*state = f;
	return setup(f);
}

static int setup_postgres(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_int_equal(make_pg_database(f), 0);
	*state = f;
	return setup(f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close_all(); /* the committer's connection */
	db_close(f->db);
	if (f->sqlite_path[0]) {
		char p[300];
		unlink(f->sqlite_path);
		snprintf(p, sizeof(p), "%s-wal", f->sqlite_path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", f->sqlite_path);
		unlink(p);
	}
	free(f);
	return 0;
}

/* The idea's counter and its rows (supports_count, count(*)). */
static void counts(struct db *db, int64_t idea, int64_t *counter, int64_t *rows)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_support_tally);
	assert_non_null(st);
	db_bind_i64(st, 1, idea);
	assert_int_equal(db_step(st), DB_ROW);
	*counter = db_col_i64(st, 0);
	*rows = db_col_i64(st, 1);
	db_reset(st);
}

static bool supports(struct db *db, int64_t idea, int64_t user)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_support_state);
	db_bind_i64(st, 1, idea);
	db_bind_i64(st, 2, user);
	assert_int_equal(db_step(st), DB_ROW);
	bool yes = db_col_i64(st, 4) != 0;
	db_reset(st);
	return yes;
}

static struct support_toggle toggle_of(int64_t user, int64_t idea, enum role role)
{
	struct support_toggle t = {.idea_id = idea, .user_id = user, .role = role, .now = NOW};
	return t;
}

/* ---- 8 threads ---- */

struct worker {
	struct db_batch *batch;
	int64_t user;
	bool state[IDEAS + 1]; /* what this user's toggles should have left */
	int wrong;	       /* answers that were not the state left */
	int failed;
};

static void *toggler(void *arg)
{
	struct worker *w = arg;
	unsigned seed = (unsigned)w->user * 7919u;

	for (int i = 0; i < TOGGLES; i++) {
		int64_t idea = 1 + rand_r(&seed) % IDEAS;
		struct support_toggle t = toggle_of(w->user, idea, ROLE_PARTICIPANT);
		int rc = db_batch_run(w->batch, support_toggle_apply, &t);
		if (rc != DB_OK || t.outcome != SUPPORT_TOGGLED) {
			w->failed++;
			continue;
		}
		w->state[idea] = !w->state[idea];
		if (t.supported != w->state[idea])
			w->wrong++;
	}
	return NULL;
}

static void test_threads_counted_exactly(void **state)
{
	struct fixture *f = *state;
	struct db_batch *b = db_batch_start(64);
	struct worker w[THREADS];
	pthread_t threads[THREADS];
	uint64_t batches = 0, items = 0;

	assert_non_null(b);
	memset(w, 0, sizeof(w));
	for (int i = 0; i < THREADS; i++) {
		w[i].batch = b;
		w[i].user = i + 1;
		assert_int_equal(pthread_create(&threads[i], NULL, toggler, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	db_batch_counts(b, &batches, &items);
	db_batch_stop(b);

	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(w[i].failed, 0);
		assert_int_equal(w[i].wrong, 0);
	}
	assert_int_equal(items, THREADS * TOGGLES);
	/* Toggles shared commits: far fewer transactions than toggles. */
	printf("  %llu toggles in %llu transactions\n", (unsigned long long)items,
	       (unsigned long long)batches);
	assert_true(batches < items / 2);
	for (int64_t idea = 1; idea <= IDEAS; idea++) {
		int64_t counter, rows, expected = 0;
		counts(f->db, idea, &counter, &rows);
		for (int i = 0; i < THREADS; i++) {
			expected += w[i].state[idea];
			assert_int_equal(supports(f->db, idea, w[i].user), w[i].state[idea]);
		}
		assert_int_equal(counter, rows);
		assert_int_equal(rows, expected);
	}
}

/* ---- one batch with a failure, a limit and refusals ---- */

/* Holds the committer inside a batch of its own until released. */
struct gate {
	struct db_batch_item item;
	pthread_mutex_t lock;
	pthread_cond_t cv;
	bool entered, open, done;
};

static int gate_apply(struct db *db, void *arg)
{
	struct gate *g = arg;
	(void)db;
	pthread_mutex_lock(&g->lock);
	g->entered = true;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return DB_OK;
}

struct waiting {
	struct support_toggle t; /* first: item.arg is both */
	struct db_batch_item item;
	pthread_mutex_t *lock;
	pthread_cond_t *cv;
	int *left;
};

static void item_done(struct db_batch_item *item)
{
	struct waiting *w = item->arg;
	w->t.rc = item->rc;
	pthread_mutex_lock(w->lock);
	(*w->left)--;
	pthread_cond_broadcast(w->cv);
	pthread_mutex_unlock(w->lock);
}

static void gate_done(struct db_batch_item *item)
{
	struct gate *g = item->arg;
	pthread_mutex_lock(&g->lock);
	g->done = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->lock);
}

static void test_one_batch_isolates_failures(void **state)
{
	struct fixture *f = *state;
	struct db_batch *b = db_batch_start(64);
	struct gate g = {.item = {.apply = gate_apply, .done = gate_done}};
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
	uint64_t batches = 0, items = 0;
	enum { N = 9 };
	struct waiting w[N];
	int left = N;

	assert_non_null(b);
	g.item.arg = &g;
	pthread_mutex_init(&g.lock, NULL);
	pthread_cond_init(&g.cv, NULL);
	assert_int_equal(db_batch_submit(b, &g.item), 0);
	pthread_mutex_lock(&g.lock);
	while (!g.entered)
		pthread_cond_wait(&g.cv, &g.lock);
	pthread_mutex_unlock(&g.lock);

	/* While the gate holds the committer, these queue up for one batch. */
	struct support_toggle asks[N] = {
		toggle_of(1, 1, ROLE_PARTICIPANT),    /* 0: given */
		toggle_of(4242, 2, ROLE_PARTICIPANT), /* 1: no such user: FK error */
		toggle_of(2, 1, ROLE_PARTICIPANT),    /* 2: given */
		toggle_of(3, 7, ROLE_PARTICIPANT),    /* 3: limit 2: first */
		toggle_of(3, 8, ROLE_PARTICIPANT),    /* 4: second */
		toggle_of(3, 9, ROLE_PARTICIPANT),    /* 5: third: over the limit */
		toggle_of(4, 10, ROLE_PARTICIPANT),   /* 6: closed challenge */
		toggle_of(4, 11, ROLE_PARTICIPANT),   /* 7: hidden: not found */
		toggle_of(9, 11, ROLE_MODERATOR),     /* 8: hidden, but a moderator */
	};
	for (int i = 0; i < N; i++) {
		w[i].t = asks[i];
		w[i].lock = &lock;
		w[i].cv = &cv;
		w[i].left = &left;
		w[i].item.apply = support_toggle_apply;
		w[i].item.done = item_done;
		w[i].item.arg = &w[i];
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(db_batch_submit(b, &w[i].item), 0);
	pthread_mutex_lock(&g.lock);
	g.open = true;
	pthread_cond_broadcast(&g.cv);
	pthread_mutex_unlock(&g.lock);
	pthread_mutex_lock(&lock);
	while (left > 0)
		pthread_cond_wait(&cv, &lock);
	pthread_mutex_unlock(&lock);
	db_batch_counts(b, &batches, &items);
	db_batch_stop(b);

	/* The gate's transaction, then ONE for all nine toggles. */
	assert_int_equal(batches, 2);
	assert_int_equal(items, 1 + N - 1);
	assert_int_equal(w[0].item.rc, DB_OK);
	assert_true(w[1].item.rc < 0);
	for (int i = 2; i < N; i++)
		assert_int_equal(w[i].item.rc, DB_OK);
	assert_int_equal(w[0].t.outcome, SUPPORT_TOGGLED);
	assert_true(w[0].t.supported);
	assert_int_equal(w[2].t.supports, 2); /* saw toggle 0 of its batch */
	assert_int_equal(w[3].t.outcome, SUPPORT_TOGGLED);
	assert_int_equal(w[4].t.outcome, SUPPORT_TOGGLED);
	assert_int_equal(w[5].t.outcome, SUPPORT_REFUSED);
	assert_int_equal(w[5].t.verdict, SUPPORT_LIMIT);
	assert_int_equal(w[6].t.outcome, SUPPORT_REFUSED);
	assert_int_equal(w[6].t.verdict, SUPPORT_CLOSED);
	assert_int_equal(w[7].t.outcome, SUPPORT_NOT_FOUND);
	assert_int_equal(w[8].t.outcome, SUPPORT_REFUSED);
	assert_int_equal(w[8].t.verdict, SUPPORT_HIDDEN);

	/* Committed: the others' rows; undone: the failed one's. */
	assert_true(supports(f->db, 1, 1));
	assert_true(supports(f->db, 1, 2));
	assert_false(supports(f->db, 2, 4242));
	assert_true(supports(f->db, 7, 3));
	assert_true(supports(f->db, 8, 3));
	assert_false(supports(f->db, 9, 3));
	for (int64_t idea = 1; idea <= 11; idea++) {
		int64_t counter, rows;
		counts(f->db, idea, &counter, &rows);
		assert_int_equal(counter, rows);
	}
	pthread_cond_destroy(&g.cv);
	pthread_mutex_destroy(&g.lock);
}

/* A lone toggle without a batcher, and a batcher that stopped. */
static void test_alone_and_stopped(void **state)
{
	struct fixture *f = *state;
	struct support_toggle t = toggle_of(5, 3, ROLE_PARTICIPANT);

	support_toggle_alone(f->db, &t);
	assert_int_equal(t.rc, DB_OK);
	assert_true(t.supported);
	assert_int_equal(t.supports, 1);
	struct support_toggle bad = toggle_of(4242, 3, ROLE_PARTICIPANT);
	support_toggle_alone(f->db, &bad);
	assert_true(bad.rc < 0);

	struct db_batch *b = db_batch_start(0);
	assert_non_null(b);
	t = toggle_of(5, 3, ROLE_PARTICIPANT);
	assert_int_equal(db_batch_run(b, support_toggle_apply, &t), DB_OK);
	assert_false(t.supported);
	assert_int_equal(t.supports, 0);
	db_batch_stop(b);
	assert_false(supports(f->db, 3, 5));
}

int main(void)
{
	const struct CMUnitTest sqlite[] = {
		cmocka_unit_test_setup_teardown(test_threads_counted_exactly, setup_sqlite,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_batch_isolates_failures, setup_sqlite,
						teardown),
		cmocka_unit_test_setup_teardown(test_alone_and_stopped, setup_sqlite, teardown),
	};
	const struct CMUnitTest postgres[] = {
		cmocka_unit_test_setup_teardown(test_threads_counted_exactly, setup_postgres,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_batch_isolates_failures, setup_postgres,
						teardown),
		cmocka_unit_test_setup_teardown(test_alone_and_stopped, setup_postgres, teardown),
	};
	int failed = cmocka_run_group_tests_name("group commit (sqlite)", sqlite, NULL, NULL);
	if (getenv("OIC_TEST_PG_URL") != NULL && getenv("OIC_TEST_PG_URL")[0] != '\0')
		failed += cmocka_run_group_tests_name("group commit (postgres)", postgres, NULL,
						      NULL);
	else
		printf("group commit (postgres): OIC_TEST_PG_URL not set, run by scripts/test.sh\n");
	return failed;
}
