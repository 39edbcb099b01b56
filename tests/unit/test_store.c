/*
 * test_store.c - the store API and migrations on SQLite and, when the test
 * cluster is given in OIC_TEST_PG_URL, on PostgreSQL with the very same
 * assertions.  Also the crypto helpers and the account rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/secure.h"
#include "features/accounts/rules.h"
#include "app/sector.h"
#include "store/db.h"
#include "store/jobq.h"
#include "store/migrate.h"
#include "store/search_index.h"
#include <pthread.h>
#include <stdatomic.h>

struct fixture {
	char url[512];
	char dbname[64];
	char sqlite_path[256];
	struct db *db;
};

/* A fresh PostgreSQL database in the test cluster, or "". */
static int make_pg_database(struct fixture *f)
{
	const char *base = getenv("OIC_TEST_PG_URL");
	char admin[512];
	char *err = NULL;

	if (base == NULL || base[0] == '\0')
		return -1;
	snprintf(f->dbname, sizeof(f->dbname), "oic_unit_%d", (int)getpid());
	snprintf(admin, sizeof(admin), "%s/postgres", base);
	struct db *a = db_open(admin, &err);
	if (a == NULL) {
		fprintf(stderr, "cannot reach %s: %s\n", admin, err ? err : "?");
		free(err);
		return -1;
	}
	char sql[160];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", f->dbname);
	db_exec_script(a, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->dbname);
	int rc = db_exec_script(a, sql);
	db_close(a);
	snprintf(f->url, sizeof(f->url), "%s/%s", base, f->dbname);
	return rc == DB_OK ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	snprintf(f->sqlite_path, sizeof(f->sqlite_path), "/tmp/oic-unit-%d.db", (int)getpid());
	unlink(f->sqlite_path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->sqlite_path);
	f->db = db_open(f->url, &err);
	assert_non_null(f->db);
	*state = f;
	return 0;
}

static int setup_postgres(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	assert_int_equal(make_pg_database(f), 0);
	f->db = db_open(f->url, &err);
	if (f->db == NULL)
		fprintf(stderr, "open %s: %s\n", f->url, err ? err : "?");
	assert_non_null(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
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

static void test_migrations(void **state)
{
	struct fixture *f = *state;
	int applied = -1;

	assert_int_equal(migrate_current(f->db), 0);
	assert_int_equal(migrate_run(f->db, &applied), 0);
	assert_true(applied >= 1);
	assert_int_equal(migrate_current(f->db), migrate_latest(db_kind(f->db)));
	assert_int_equal(migrate_run(f->db, &applied), 0);
	assert_int_equal(applied, 0); /* idempotent */
	/* A schema newer than the binary is refused. */
	struct db_stmt *st = db_stmt(f->db, STMT_schema_record);
	db_bind_i64(st, 1, 9999);
	db_bind_i64(st, 2, 0);
	assert_true(db_run(st, NULL) >= 0);
	assert_int_equal(migrate_run(f->db, &applied), -1);
}

static int64_t add_user(struct db *db, const char *email)
{
	struct db_stmt *st = db_stmt(db, STMT_user_insert);
	int64_t id = 0;
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, "Name");
	db_bind_text(st, 3, "hash");
	db_bind_text(st, 4, "civil");
	db_bind_null(st, 5);
	db_bind_text(st, 6, "participant");
	db_bind_null(st, 7);
	db_bind_i64(st, 8, 1000);
	int rc = db_run(st, &id);
	return rc == DB_OK ? id : rc;
}

static void test_statements(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(migrate_run(f->db, NULL), 0);

	int64_t id = add_user(f->db, "a@example.org");
	assert_true(id > 0);
	assert_int_equal(add_user(f->db, "a@example.org"), DB_CONSTRAINT);

	/* Text round trip with quotes, umlauts and a NULL column. */
	struct db_stmt *st = db_stmt(f->db, STMT_user_by_id);
	db_bind_i64(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 1), "a@example.org");
	assert_true(db_col_null(st, 4));
	assert_int_equal(db_col_i64(st, 7), 1000);
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);

	/* A check constraint (unknown sector) is a constraint error too. */
	st = db_stmt(f->db, STMT_user_insert);
	db_bind_text(st, 1, "b@example.org");
	db_bind_text(st, 2, "O'Brien \"Ä\"");
	db_bind_text(st, 3, "hash");
	db_bind_text(st, 4, "aliens");
	db_bind_null(st, 5);
	db_bind_text(st, 6, "participant");
	db_bind_null(st, 7);
	db_bind_i64(st, 8, 1);
	assert_int_equal(db_run(st, NULL), DB_CONSTRAINT);

	/* Blobs survive the trip (session token hashes). */
	unsigned char hash[32];
	for (int i = 0; i < 32; i++)
		hash[i] = (unsigned char)(i * 7);
	hash[3] = 0;
	st = db_stmt(f->db, STMT_session_insert);
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, 10);
	db_bind_i64(st, 4, 100);
	assert_true(db_run(st, NULL) >= 0);
	st = db_stmt(f->db, STMT_session_user);
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, 50);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_i64(st, 0), id);
	db_reset(st);
	st = db_stmt(f->db, STMT_session_user);
	db_bind_blob(st, 1, hash, sizeof(hash));
	db_bind_i64(st, 2, 100); /* expired */
	assert_int_equal(db_step(st), DB_DONE);
	db_reset(st);

	/* Rollback leaves nothing behind. */
	assert_int_equal(db_begin_write(f->db), DB_OK);
	assert_true(add_user(f->db, "c@example.org") > 0);
	assert_int_equal(db_rollback(f->db), DB_OK);
	int64_t n = 0;
	assert_int_equal(db_run(db_stmt(f->db, STMT_user_count), &n), DB_OK);
	assert_int_equal(n, 1);
	assert_true(db_query_count(f->db) > 5);
}

static void test_rate_limit_window(void **state)
{
	struct fixture *f = *state;
	int64_t hits = 0;
	assert_int_equal(migrate_run(f->db, NULL), 0);
	for (int i = 1; i <= 3; i++) {
		struct db_stmt *st = db_stmt(f->db, STMT_rate_hit);
		db_bind_text(st, 1, "k");
		db_bind_i64(st, 2, 1000 + i);
		db_bind_i64(st, 3, 1000 + i - 60);
		assert_int_equal(db_run(st, &hits), DB_OK);
		assert_int_equal(hits, i);
	}
	/* After the window the count starts again. */
	struct db_stmt *st = db_stmt(f->db, STMT_rate_hit);
	db_bind_text(st, 1, "k");
	db_bind_i64(st, 2, 2000);
	db_bind_i64(st, 3, 2000 - 60);
	assert_int_equal(db_run(st, &hits), DB_OK);
	assert_int_equal(hits, 1);
}

enum { JOBS = 300, WORKERS = 4 };
static _Atomic int claimed[JOBS + 1];

struct worker_arg {
	const char *url;
	char who[16];
	int done;
	int errors;
};

static void *claim_worker(void *p)
{
	struct worker_arg *w = p;
	char *err = NULL;
	struct db *db = db_open(w->url, &err);
	struct jobq_job job;
	int rc;

	if (db == NULL) {
		w->errors++;
		free(err);
		return NULL;
	}
	while ((rc = jobq_claim(db, w->who, 5000, 60, &job)) != 0) {
		if (rc < 0) {
			w->errors++;
			continue;
		}
		if (job.id >= 1 && job.id <= JOBS)
			atomic_fetch_add(&claimed[job.id], 1);
		if (jobq_done(db, &job, w->who, 5001) != DB_OK)
			w->errors++;
		w->done++;
		jobq_job_free(&job);
	}
	db_close(db);
	return NULL;
}

/* Several workers, each with its own connection, share one queue. */
static void test_job_claims_exactly_once(void **state)
{
	struct fixture *f = *state;
	pthread_t threads[WORKERS];
	struct worker_arg args[WORKERS];

	assert_int_equal(migrate_run(f->db, NULL), 0);
	assert_int_equal(db_begin_write(f->db), DB_OK);
	for (int i = 0; i < JOBS; i++)
		assert_int_equal(jobq_enqueue(f->db, "test.count", "x", 1000 + i % 7, NULL), DB_OK);
	/* Not yet due: must not be claimed. */
	assert_int_equal(jobq_enqueue(f->db, "test.later", "", 999999, NULL), DB_OK);
	assert_int_equal(db_commit(f->db), DB_OK);
	/* A unique key admits one pending job only. */
	assert_int_equal(jobq_enqueue(f->db, "test.periodic", "", 999999, "test.periodic"), DB_OK);
	assert_int_equal(jobq_enqueue(f->db, "test.periodic", "", 999999, "test.periodic"), DB_OK);
	int64_t pending = 0;
	assert_int_equal(db_run(db_stmt(f->db, STMT_job_pending_count), &pending), DB_OK);
	assert_int_equal(pending, JOBS + 2);

	memset((void *)claimed, 0, sizeof(claimed));
	for (int i = 0; i < WORKERS; i++) {
		args[i] = (struct worker_arg){.url = f->url};
		snprintf(args[i].who, sizeof(args[i].who), "w%d", i);
		assert_int_equal(pthread_create(&threads[i], NULL, claim_worker, &args[i]), 0);
	}
	int total = 0;
	for (int i = 0; i < WORKERS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(args[i].errors, 0);
		total += args[i].done;
	}
	assert_int_equal(total, JOBS);
	for (int i = 1; i <= JOBS; i++)
		assert_int_equal(claimed[i], 1);
	assert_int_equal(db_run(db_stmt(f->db, STMT_job_pending_count), &pending), DB_OK);
	assert_int_equal(pending, 2);

	/* A lease that ran out lets another worker take the job over. */
	struct jobq_job a, b;
	assert_int_equal(jobq_enqueue(f->db, "test.lease", "", 100, NULL), DB_OK);
	assert_int_equal(jobq_claim(f->db, "dead-node", 200, 60, &a), 1);
	assert_int_equal(jobq_claim(f->db, "other", 230, 60, &b), 0);
	assert_int_equal(jobq_claim(f->db, "other", 261, 60, &b), 1);
	assert_int_equal(a.id, b.id);
	assert_int_equal(b.attempts, 2);
	assert_int_equal(jobq_done(f->db, &b, "other", 262), DB_OK);
	jobq_job_free(&a);
	jobq_job_free(&b);
}

/* Matches of word among the comments, as search counts them (up to 100). */
static int64_t comment_matches(struct db *db, const char *word)
{
	struct db_stmt *st = db_stmt(db, STMT_search_counts);
	int64_t n = -1;

	assert_non_null(st);
	db_bind_text(st, 1, word);
	while (db_step(st) == DB_ROW)
		if (db_col_i64(st, 0) == 2)
			n = db_col_i64(st, 1);
	db_reset(st);
	return n;
}

/*
 * Comments written one transaction each leave the full-text index in
 * several segments; search_index_merge makes it one and finds the same.
 * On PostgreSQL there is nothing to merge.
 */
static void test_search_index_merge(void **state)
{
	struct fixture *f = *state;
	int64_t before = 0, after = -1;

	assert_int_equal(migrate_run(f->db, NULL), 0);
	for (int i = 0; i < 40; i++)
		assert_int_equal(db_exec_script(f->db, "INSERT INTO comments (subject_type, "
						       "subject_id, body, created) VALUES "
						       "('idea', 1, 'Ein Fahrradweg mehr', 0)"),
				 DB_OK);
	assert_int_equal(comment_matches(f->db, "Fahrradweg"), 40);
	assert_int_equal(search_index_merge(f->db, 1000, &before), 0);
	assert_int_equal(search_index_merge(f->db, 1, &after), 0);
	if (db_kind(f->db) == DB_KIND_SQLITE) {
		/* 40 commits left several segments (the other indexes are empty). */
		assert_true(before > 2);
		/* One: the comments' index merged, the empty ones have none. */
		assert_int_equal(after, 1);
	} else {
		assert_int_equal(before, 0);
		assert_int_equal(after, 0);
	}
	assert_int_equal(comment_matches(f->db, "Fahrradweg"), 40);
	/* A merged index takes new rows as before. */
	assert_int_equal(db_exec_script(f->db,
					"INSERT INTO comments (subject_type, subject_id, "
					"body, created) VALUES ('idea', 1, 'Fahrradweg', 0)"),
			 DB_OK);
	assert_int_equal(comment_matches(f->db, "Fahrradweg"), 41);
}

static void test_crypto(void **state)
{
	struct arena a;
	unsigned char raw[SECURE_TOKEN_BYTES];
	char hash[SECURE_PWHASH_MAX];
	(void)state;
	arena_init(&a);
	assert_int_equal(secure_init(), 0);
	char *t1 = secure_token(&a), *t2 = secure_token(&a);
	assert_int_equal(strlen(t1), SECURE_TOKEN_TEXT);
	assert_string_not_equal(t1, t2);
	assert_true(secure_token_decode(t1, raw));
	assert_false(secure_token_decode("short", raw));
	assert_false(secure_token_decode("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", raw));
	assert_int_equal(secure_password_hash("correct horse battery", hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(secure_password_verify(hash, "correct horse battery"));
	assert_false(secure_password_verify(hash, "correct horse batterY"));
	assert_false(secure_password_verify("garbage", "x"));
	unsigned char key[32] = {1};
	char *m1 = secure_mac_text(&a, key, sizeof(key), "s:abc");
	char *m2 = secure_mac_text(&a, key, sizeof(key), "s:abd");
	assert_string_not_equal(m1, m2);
	assert_true(secure_equal(m1, secure_mac_text(&a, key, sizeof(key), "s:abc")));
	assert_false(secure_equal(m1, NULL));
	arena_free(&a);
}

static void test_account_rules(void **state)
{
	struct arena a;
	struct registration ok;
	struct field_problem p[ACCOUNT_MAX_PROBLEMS];
	(void)state;
	arena_init(&a);
	struct registration good = {" Erika@Example.ORG ", " Erika ", "zehn zeichen", "civil", " "};
	assert_int_equal(account_check_registration(&a, &good, &ok, p), 0);
	assert_string_equal(ok.email, "erika@example.org");
	assert_string_equal(ok.name, "Erika");
	assert_null(ok.organisation);
	assert_string_equal(ok.sector, "civil");

	struct registration bad = {"a@b", "", "kurz", "none", NULL};
	size_t n = account_check_registration(&a, &bad, &ok, p);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].field, "email");
	assert_string_equal(p[1].field, "name");
	assert_string_equal(p[2].field, "password");
	assert_string_equal(p[3].field, "sector");

	assert_null(account_normalise_email(&a, "two@@example.org"));
	assert_null(account_normalise_email(&a, "a b@example.org"));
	assert_null(account_normalise_email(&a, "nobody@localhost"));
	assert_non_null(account_normalise_email(&a, "x@sub.example.org"));
	assert_false(account_password_ok("neun zchn"));
	assert_true(account_password_ok("zehn zchen"));

	enum role r;
	assert_true(role_parse("admin", &r));
	assert_true(role_can(r, PERM_BACK_OFFICE));
	assert_false(role_can(ROLE_PARTICIPANT, PERM_BACK_OFFICE));
	assert_false(role_can(ROLE_EVALUATOR, PERM_MANAGE_CONTENT));
	assert_false(role_parse("root", &r));
	enum sector s;
	assert_true(sector_parse("research", &s));
	assert_false(sector_parse("Research", &s));
	assert_null(sector_label("x"));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_crypto),
		cmocka_unit_test(test_account_rules),
		cmocka_unit_test_setup_teardown(test_migrations, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_statements, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_search_index_merge, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_window, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(test_job_claims_exactly_once, setup_sqlite,
						teardown),
	};
	const struct CMUnitTest postgres[] = {
		cmocka_unit_test_setup_teardown(test_migrations, setup_postgres, teardown),
		cmocka_unit_test_setup_teardown(test_statements, setup_postgres, teardown),
		cmocka_unit_test_setup_teardown(test_search_index_merge, setup_postgres, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_window, setup_postgres, teardown),
		cmocka_unit_test_setup_teardown(test_job_claims_exactly_once, setup_postgres,
						teardown),
	};
	int failed = cmocka_run_group_tests_name("store and rules (sqlite)", common, NULL, NULL);
	if (getenv("OIC_TEST_PG_URL") != NULL && getenv("OIC_TEST_PG_URL")[0] != '\0')
		failed += cmocka_run_group_tests_name("store (postgres)", postgres, NULL, NULL);
	else
		printf("store (postgres): OIC_TEST_PG_URL not set, run by scripts/test.sh\n");
	return failed;
}
