/*
 * analytics_days.c - the daily aggregates of participation analytics
 * (migration 0020) and the job analytics.days that keeps them.
 *
 * A long period of /admin/analytics counted from its rows costs what
 * happened in it (3 s for a year of the 100,000-idea benchmark city).
 * The job writes, for every complete day of the platform's zone, the
 * day's counts per challenge (analytics_days) and each account's posts
 * and supports per challenge (analytics_account_days); the page reads
 * the complete days of a period from there and only the rest (today, and
 * a day the job has not reached yet) from the rows.  Sums per account
 * over the period give the distinct active participants and the Gini
 * coefficient exactly: distinct counts do not add up from daily totals,
 * account-days do.
 *
 * Corrections: every run writes every day again, from the first day that
 * has a row to yesterday, a batch of days per transaction (crash-safe:
 * a batch is all there or as before; idempotent: a batch deletes its
 * days and writes them again), so what changes old rows (a withdrawn
 * support, a hidden or deleted post, a merge, a deleted account) is in
 * the figures after the next run: 1,095 days of the 100,000-idea city
 * take 30 to 35 s on SQLite, 36 to 47 s on PostgreSQL.  Bans show at once: the aggregates
 * keep the supports of banned accounts apart, and the page takes off
 * those of the accounts banned at the time it reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/civil.h"
#include "base/log.h"
#include "store/jobq.h"
#include "features/office/analytics_days.h"

enum {
	DAYS_BATCH = 7,	     /* days written again per transaction */
	DAYS_MIN = -1000000, /* a day before any row: "from the beginning" */
	DAYS_RUN_S = 40,     /* seconds a run writes before it queues the rest */
};

int64_t analytics_day_start(int64_t day)
{
	int64_t y;
	int m, d;
	civil_from_days(day, &y, &m, &d);
	return civil_local_seconds(y, m, d, 0, 0);
}

int64_t analytics_day_of(int64_t t)
{
	struct civil_time c;
	if (!civil_local(t, &c))
		civil_utc(t, &c);
	return civil_days(c.year, c.month, c.day);
}

/* The segments of the days first .. last (NULL when out of memory). */
static struct office_day_segment *segments(struct arena *a, int64_t first, int64_t last, size_t *n)
{
	size_t days = (size_t)(last - first + 1);
	int64_t *midnights = arena_alloc(a, (days + 1) * sizeof(*midnights));
	struct office_day_segment *seg = arena_alloc(a, days * sizeof(*seg));

	*n = 0;
	if (midnights == NULL || seg == NULL)
		return NULL;
	for (size_t i = 0; i <= days; i++)
		midnights[i] = analytics_day_start(first + (int64_t)i);
	*n = office_day_segments(midnights, days, first, seg);
	return seg;
}

/* The statement of the rows' counts per (day, challenge) for segment s. */
static struct db_stmt *day_counts(struct db *db, const struct office_day_segment *s,
				  int64_t challenge, bool without_banned)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_day_counts);
	if (st == NULL)
		return NULL;
	db_bind_i64(st, 1, s->start);
	db_bind_i64(st, 2, s->end);
	db_bind_i64(st, 3, challenge);
	db_bind_i64(st, 4, s->divisor);
	db_bind_i64(st, 5, s->first_day);
	db_bind_i64(st, 6, without_banned ? 1 : 0);
	return st;
}

/* The days the job computed, as office_days_split takes them. */
static int day_runs(struct db *db, int64_t *first, int64_t *last, int64_t *count)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_day_runs_span);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	*count = 0;
	if (rc == DB_ROW && !db_col_null(st, 0)) {
		*first = db_col_i64(st, 0);
		*last = db_col_i64(st, 1);
		*count = db_col_i64(st, 2);
		/* Computed in another zone (or with other rules): not used. */
		if (db_col_i64(st, 3) != analytics_day_start(*first) ||
		    db_col_i64(st, 4) != analytics_day_start(*last + 1)) {
			log_warn(
				"analytics: the daily aggregates do not fit the zone; counting rows");
			*count = 0;
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void add_day(struct analytics_day *days, int64_t first, int64_t last, int64_t day,
		    const struct analytics_day *v)
{
	if (day < first || day > last)
		return;
	struct analytics_day *d = &days[day - first];
	d->ideas += v->ideas;
	d->comments += v->comments;
	d->supports += v->supports;
	d->accounts += v->accounts;
	d->registrations += v->registrations;
}

static int load_aggregates(struct db *db, int64_t first, int64_t last,
			   const struct office_days_split *split, int64_t challenge,
			   struct analytics_day *days)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_days_sum);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, split->agg_from);
	db_bind_i64(st, 2, split->agg_to);
	db_bind_i64(st, 3, challenge);
	while ((rc = db_step(st)) == DB_ROW) {
		struct analytics_day v = {db_col_i64(st, 1), db_col_i64(st, 2), db_col_i64(st, 3),
					  db_col_i64(st, 4), db_col_i64(st, 5)};
		add_day(days, first, last, db_col_i64(st, 0), &v);
	}
	db_reset(st);
	if (rc < 0 || (st = db_stmt(db, STMT_analytics_days_banned)) == NULL)
		return -1;
	db_bind_i64(st, 1, split->agg_from);
	db_bind_i64(st, 2, split->agg_to);
	db_bind_i64(st, 3, challenge);
	while ((rc = db_step(st)) == DB_ROW) {
		struct analytics_day v = {.supports = -db_col_i64(st, 1)};
		add_day(days, first, last, db_col_i64(st, 0), &v);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The days from .. to of the period first .. last counted from the rows. */
static int load_rows(struct db *db, struct arena *a, int64_t first, int64_t last, int64_t from,
		     int64_t to, int64_t challenge, struct analytics_day *days)
{
	size_t n;
	struct office_day_segment *seg = segments(a, from, to, &n);

	if (seg == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = day_counts(db, &seg[i], challenge, true);
		int rc;
		if (st == NULL)
			return -1;
		while ((rc = db_step(st)) == DB_ROW) {
			struct analytics_day v = {db_col_i64(st, 2), db_col_i64(st, 3),
						  db_col_i64(st, 4), db_col_i64(st, 5),
						  db_col_i64(st, 6)};
			add_day(days, first, last, db_col_i64(st, 0), &v);
		}
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int analytics_days_load(struct db *db, struct arena *a, int64_t first, int64_t last, int64_t today,
			int64_t challenge, struct analytics_day *days,
			struct office_days_split *split)
{
	int64_t runs_first = 0, runs_last = 0, runs = 0;

	if (day_runs(db, &runs_first, &runs_last, &runs) != 0)
		return -1;
	office_days_split(first, last, today, runs_first, runs_last, runs, split);
	if (split->agg_from <= split->agg_to &&
	    load_aggregates(db, first, last, split, challenge, days) != 0)
		return -1;
	if (split->head_to >= first &&
	    load_rows(db, a, first, last, first, split->head_to, challenge, days) != 0)
		return -1;
	return split->raw_from <= last
		       ? load_rows(db, a, first, last, split->raw_from, last, challenge, days)
		       : 0;
}

/* ---- the job ---- */

/* One row of analytics_days, between reading and writing. */
struct day_row {
	int64_t day, challenge;
	struct analytics_day v;
};

static int clear_days(struct db *db, int64_t from, int64_t to)
{
	static const enum stmt_id clear[] = {STMT_analytics_days_clear,
					     STMT_analytics_account_days_clear,
					     STMT_analytics_day_runs_clear};
	for (size_t i = 0; i < sizeof(clear) / sizeof(clear[0]); i++) {
		struct db_stmt *st = db_stmt(db, clear[i]);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, from);
		db_bind_i64(st, 2, to);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	/* The figures kept of long periods (analytics.c) were counted from the days before. */
	struct db_stmt *st = db_stmt(db, STMT_analytics_kept_forget);
	return st != NULL && db_run(st, NULL) >= 0 ? 0 : -1;
}

/* The counts of segment s into rows (grown in a); -1 on an error. */
static int read_day_rows(struct db *db, struct arena *a, const struct office_day_segment *s,
			 struct day_row **rows, size_t *n, size_t *cap)
{
	struct db_stmt *st = day_counts(db, s, 0, false);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		if (*n == *cap) {
			size_t ncap = *cap ? 2 * *cap : 256;
			struct day_row *nr = arena_alloc(a, ncap * sizeof(*nr));
			if (nr == NULL) {
				rc = -1;
				break;
			}
			if (*n > 0)
				memcpy(nr, *rows, *n * sizeof(*nr));
			*rows = nr;
			*cap = ncap;
		}
		(*rows)[(*n)++] =
			(struct day_row){db_col_i64(st, 0),
					 db_col_i64(st, 1),
					 {db_col_i64(st, 2), db_col_i64(st, 3), db_col_i64(st, 4),
					  db_col_i64(st, 5), db_col_i64(st, 6)}};
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int write_day_rows(struct db *db, const struct day_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_stmt(db, STMT_analytics_days_put);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, rows[i].day);
		db_bind_i64(st, 2, rows[i].challenge);
		db_bind_i64(st, 3, rows[i].v.ideas);
		db_bind_i64(st, 4, rows[i].v.comments);
		db_bind_i64(st, 5, rows[i].v.supports);
		db_bind_i64(st, 6, rows[i].v.accounts);
		db_bind_i64(st, 7, rows[i].v.registrations);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return 0;
}

static int fill_account_days(struct db *db, const struct office_day_segment *s)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_account_days_fill);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, s->start);
	db_bind_i64(st, 2, s->end);
	db_bind_i64(st, 3, s->divisor);
	db_bind_i64(st, 4, s->first_day);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

/* Within the transaction: the days first .. last (and from clear_from on) written again. */
static int write_days(struct db *db, struct arena *a, int64_t clear_from, int64_t first,
		      int64_t last, int64_t now)
{
	struct day_row *rows = NULL;
	size_t n = 0, cap = 0, nseg;
	struct office_day_segment *seg = segments(a, first, last, &nseg);

	if (seg == NULL || clear_days(db, clear_from, last) != 0)
		return -1;
	for (size_t i = 0; i < nseg; i++)
		if (read_day_rows(db, a, &seg[i], &rows, &n, &cap) != 0 ||
		    fill_account_days(db, &seg[i]) != 0)
			return -1;
	if (write_day_rows(db, rows, n) != 0)
		return -1;
	for (int64_t day = first; day <= last; day++) {
		struct db_stmt *st = db_stmt(db, STMT_analytics_day_run_put);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, day);
		db_bind_i64(st, 2, analytics_day_start(day));
		db_bind_i64(st, 3, analytics_day_start(day + 1));
		db_bind_i64(st, 4, now);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return 0;
}

/*
 * Write the days first .. last again in one transaction (clear_from <
 * first: the days from clear_from on are cleared too, for days before
 * the first row).
 */
static int write_batch(struct db *db, int64_t clear_from, int64_t first, int64_t last, int64_t now)
{
	struct arena a;
	int rc = -1;

	arena_init(&a);
	if (db_begin_write(db) == DB_OK) {
		if (write_days(db, &a, clear_from, first, last, now) == 0 && db_commit(db) == DB_OK)
			rc = 0;
		else
			db_rollback(db);
	}
	arena_free(&a);
	return rc;
}

/*
 * analytics.days (daily; first when a store is new): every complete day
 * from the first day that has a row to yesterday, written again.  A run
 * stops after DAYS_RUN_S seconds (the job's lease is 60) and queues the
 * rest at once, payload "from=DAY"; each batch is complete on its own.
 */
int analytics_days_job(struct db *db, const char *payload, int64_t now)
{
	struct timespec t0, t1;
	int64_t yesterday = analytics_day_of(now) - 1, origin, start;
	char *end = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct db_stmt *st = db_stmt(db, STMT_analytics_first_row);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	bool none = rc != DB_ROW || db_col_null(st, 0);
	origin = none ? yesterday + 1 : analytics_day_of(db_col_i64(st, 0));
	db_reset(st);
	if (rc < 0)
		return -1;
	if (origin > yesterday) {
		/* Nothing complete yet: no aggregates (the rows are all there is). */
		if (db_begin_write(db) != DB_OK)
			return -1;
		if (clear_days(db, DAYS_MIN, yesterday) != 0 || db_commit(db) != DB_OK) {
			db_rollback(db);
			return -1;
		}
		return 0;
	}
	start = origin;
	if (payload != NULL && strncmp(payload, "from=", 5) == 0) {
		long long from = strtoll(payload + 5, &end, 10);
		if (end != payload + 5 && *end == '\0' && from > origin)
			start = from;
	}
	for (int64_t first = start; first <= yesterday; first += DAYS_BATCH) {
		int64_t last =
			first + DAYS_BATCH - 1 < yesterday ? first + DAYS_BATCH - 1 : yesterday;
		if (write_batch(db, first == origin ? DAYS_MIN : first, first, last, now) != 0) {
			log_warn("analytics: writing the days %lld to %lld failed: %s",
				 (long long)first, (long long)last, db_errmsg(db));
			return -1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (last < yesterday && t1.tv_sec - t0.tv_sec >= DAYS_RUN_S) {
			/* The key names the day: this run's own key is still taken. */
			char more[32], key[64];
			int64_t next = last + 1;
			(void)snprintf(more, sizeof(more), "from=%lld", (long long)next);
			(void)snprintf(key, sizeof(key), "analytics.days.%s", more);
			log_info("analytics: days %lld to %lld aggregated; the rest follows",
				 (long long)start, (long long)last);
			return jobq_enqueue(db, "analytics.days", more, now, key) < 0 ? -1 : 0;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("analytics: days %lld to %lld aggregated in %.1f s", (long long)start,
		 (long long)yesterday,
		 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
