/*
 * jobq.c - the job queue and the job thread; see jobq.h.
 */
#include "store/jobq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/secure.h"

enum {
	JOBQ_LEASE_S = 60,
	JOBQ_MAX_ATTEMPTS = 8,
	JOBQ_IDLE_MS = 1000, /* how long the thread sleeps when nothing is due */
};

int jobq_enqueue(struct db *db, const char *kind, const char *payload, int64_t run_at,
		 const char *unique_key)
{
	struct db_stmt *st = db_stmt(db, STMT_job_enqueue);
	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, payload ? payload : "");
	db_bind_i64(st, 3, run_at);
	db_bind_text(st, 4, unique_key);
	int rc = db_run(st, NULL);
	return rc < 0 ? rc : DB_OK;
}

int jobq_claim(struct db *db, const char *who, int64_t now, int64_t lease_s, struct jobq_job *job)
{
	struct db_stmt *st = db_stmt(db, STMT_job_claim);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, who);
	db_bind_i64(st, 2, now + lease_s);
	db_bind_i64(st, 3, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		job->id = db_col_i64(st, 0);
		snprintf(job->kind, sizeof(job->kind), "%s", db_col_text(st, 1));
		job->payload = strdup(db_col_text(st, 2));
		job->attempts = db_col_i64(st, 3);
	}
	db_reset(st);
	if (rc == DB_ROW)
		return job->payload != NULL ? 1 : -1;
	return rc == DB_DONE ? 0 : -1;
}

int jobq_done(struct db *db, const struct jobq_job *job, const char *who, int64_t now)
{
	struct db_stmt *st = db_stmt(db, STMT_job_done);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, job->id);
	db_bind_i64(st, 2, now);
	db_bind_text(st, 3, who);
	int rc = db_run(st, NULL);
	return rc < 0 ? rc : DB_OK;
}

int jobq_retry(struct db *db, const struct jobq_job *job, const char *who, int64_t run_at,
	       const char *error)
{
	bool give_up = job->attempts >= JOBQ_MAX_ATTEMPTS;
	struct db_stmt *st = db_stmt(db, give_up ? STMT_job_give_up : STMT_job_retry);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, job->id);
	db_bind_i64(st, 2, run_at);
	db_bind_text(st, 3, error);
	db_bind_text(st, 4, who);
	if (give_up)
		log_error("job %lld (%s) failed %lld times, giving up: %s", (long long)job->id,
			  job->kind, (long long)job->attempts, error);
	int rc = db_run(st, NULL);
	return rc < 0 ? rc : DB_OK;
}

void jobq_job_free(struct jobq_job *job)
{
	free(job->payload);
	job->payload = NULL;
}

struct jobq_runner {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	const struct jobq_kind *kinds;
	char who[96];
};

static const struct jobq_kind *kind_find(const struct jobq_kind *kinds, const char *kind)
{
	for (; kinds->kind != NULL; kinds++)
		if (strcmp(kinds->kind, kind) == 0)
			return kinds;
	return NULL;
}

/* Make sure each periodic kind has its next run queued. */
static void schedule_periodic(struct db *db, const struct jobq_kind *kinds, int64_t now)
{
	for (; kinds->kind != NULL; kinds++)
		if (kinds->every_s > 0 && jobq_enqueue(db, kinds->kind, "", now, kinds->kind) < 0)
			log_warn("cannot schedule %s", kinds->kind);
}

static void (*jobq_after_run)(void);

void jobq_set_after_run(void (*fn)(void))
{
	jobq_after_run = fn;
}

/* Run one due job, if any.  Returns 1 when one ran, 0 when none, -1 on error. */
static int run_one(struct jobq_runner *r, struct db *db)
{
	struct jobq_job job = {0};
	int64_t now = (int64_t)time(NULL);
	int got = jobq_claim(db, r->who, now, JOBQ_LEASE_S, &job);

	if (got <= 0)
		return got;
	const struct jobq_kind *k = kind_find(r->kinds, job.kind);
	int64_t changes_before = db_total_changes(db);
	int rc = k != NULL ? k->run(db, job.payload, now) : -1;
	bool wrote = db_total_changes(db) != changes_before;
	now = (int64_t)time(NULL);
	if (rc == 0) {
		if (jobq_done(db, &job, r->who, now) != DB_OK)
			log_warn("job %lld done but not recorded", (long long)job.id);
		if (k->every_s > 0)
			jobq_enqueue(db, k->kind, "", now + k->every_s, k->kind);
	} else {
		/* Exponential back-off: 10 s, 20 s, 40 s ... */
		int64_t delay = (int64_t)10 << (job.attempts < 10 ? job.attempts - 1 : 9);
		jobq_retry(db, &job, r->who, now + delay,
			   k == NULL ? "no handler for this kind" : "handler failed");
	}
	jobq_job_free(&job);
	if (wrote && k != NULL && k->changes_pages && jobq_after_run != NULL)
		jobq_after_run();
	return 1;
}

static void *runner_main(void *arg)
{
	struct jobq_runner *r = arg;
	bool scheduled = false;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		bool stop = r->stopping;
		pthread_mutex_unlock(&r->lock);
		if (stop)
			break;
		struct db *db = db_thread();
		int rc = -1;
		if (db != NULL) {
			if (!scheduled) {
				schedule_periodic(db, r->kinds, (int64_t)time(NULL));
				scheduled = true;
			}
			rc = run_one(r, db);
		}
		if (rc == 1)
			continue; /* more may be due */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += JOBQ_IDLE_MS / 1000;
		pthread_mutex_lock(&r->lock);
		if (!r->stopping)
			pthread_cond_timedwait(&r->wake, &r->lock, &until);
		pthread_mutex_unlock(&r->lock);
	}
	return NULL;
}

struct jobq_runner *jobq_start(const struct jobq_kind *kinds)
{
	struct jobq_runner *r = calloc(1, sizeof(*r));
	char host[64] = "node";
	unsigned char rnd[4];

	if (r == NULL)
		return NULL;
	gethostname(host, sizeof(host) - 1);
	secure_random(rnd, sizeof(rnd));
	snprintf(r->who, sizeof(r->who), "%s:%d:%02x%02x%02x%02x", host, (int)getpid(), rnd[0],
		 rnd[1], rnd[2], rnd[3]);
	r->kinds = kinds;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->wake, NULL);
	if (pthread_create(&r->thread, NULL, runner_main, r) != 0) {
		pthread_cond_destroy(&r->wake);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return NULL;
	}
	return r;
}

void jobq_stop(struct jobq_runner *r)
{
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->lock);
	r->stopping = true;
	pthread_cond_signal(&r->wake);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_cond_destroy(&r->wake);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
