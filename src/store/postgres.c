/*
 * postgres.c - the PostgreSQL driver of the store, over libpq.
 *
 * Statements are prepared on the server under the name "s<id>" the first
 * time a connection runs them.  Parameters travel as text, except blobs
 * which travel as binary; results come back as text.
 *
 * When the server goes away (restart, failover) a step answers
 * DB_UNAVAILABLE (the request gets a 503) and the connection is reset on
 * a later use, with a back-off of up to 5 s between attempts so that an
 * outage is not hammered by every request.  A reset connection has lost
 * its prepared statements, so they are marked unprepared and prepared
 * again on first use.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/driver.h"

enum { PG_MAX_PARAMS = 32 };

struct pg_db {
	struct db base;
	PGconn *conn;
	char *error; /* last error text (malloc'ed) */
	int64_t changes;
	int64_t total_changes; /* rows written by INSERT/UPDATE/DELETE/MERGE */
	uint64_t generation;   /* bumped on every reconnect */
	struct timespec next_retry;
	unsigned backoff_ms;
};

struct pg_stmt {
	struct db_stmt base;
	const char *sql;
	uint64_t prepared_generation; /* 0 = not prepared yet */
	int nparams;
	char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS];
	int formats[PG_MAX_PARAMS];
	PGresult *result;
	int row; /* current row, -1 before the first */
	int rows;
	unsigned char *blob; /* decoded bytea of the last col_blob */
};

static struct pg_db *pg_of(const struct db *db)
{
	return (struct pg_db *)(void *)db;
}

static struct pg_stmt *st_of(struct db_stmt *st)
{
	return (struct pg_stmt *)(void *)st;
}

static void set_error(struct pg_db *db, const char *msg)
{
	free(db->error);
	db->error = strdup(msg ? msg : "unknown error");
}

/*
 * Every session: notices are not errors; times are UTC; and no parallel
 * plans.  oic's statements are short and bounded by keyset limits, and
 * starting parallel workers costs about 20 ms a statement: one page of
 * the audit log's CSV export took 37 ms with two workers and 1 ms
 * without (the planner went parallel on a LIMIT 1000 it misjudged).
 */
#define SESSION_SETUP                                              \
	"SET client_min_messages = warning; SET TIME ZONE 'UTC'; " \
	"SET max_parallel_workers_per_gather = 0"

static struct db *pg_open(const char *url, char **err)
{
	struct pg_db *db = calloc(1, sizeof(*db));

	if (db == NULL) {
		if (err)
			*err = strdup("out of memory");
		return NULL;
	}
	db->conn = PQconnectdb(url);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		if (err)
			*err = strdup(PQerrorMessage(db->conn));
		PQfinish(db->conn);
		free(db);
		return NULL;
	}
	/* Notices (e.g. "relation exists, skipping") are not errors. */
	PQsetNoticeProcessor(db->conn, NULL, NULL);
	PGresult *r = PQexec(db->conn, SESSION_SETUP);
	PQclear(r);
	db->generation = 1;
	return &db->base;
}

static void pg_close(struct db *db)
{
	PQfinish(pg_of(db)->conn);
	free(pg_of(db)->error);
	free(db);
}

static const char *pg_errmsg(const struct db *db)
{
	const struct pg_db *p = (const struct pg_db *)(const void *)db;
	if (p->error != NULL)
		return p->error;
	return PQerrorMessage(p->conn);
}

/* Check the connection, resetting it (with back-off) when it is broken. */
static bool pg_alive(struct pg_db *db)
{
	struct timespec now;

	if (PQstatus(db->conn) == CONNECTION_OK)
		return true;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < db->next_retry.tv_sec ||
	    (now.tv_sec == db->next_retry.tv_sec && now.tv_nsec < db->next_retry.tv_nsec))
		return false;
	PQreset(db->conn);
	if (PQstatus(db->conn) == CONNECTION_OK) {
		db->generation++;
		db->backoff_ms = 0;
		PGresult *r = PQexec(db->conn, SESSION_SETUP);
		PQclear(r);
		return true;
	}
	db->backoff_ms = db->backoff_ms ? db->backoff_ms * 2 : 100;
	if (db->backoff_ms > 5000)
		db->backoff_ms = 5000;
	db->next_retry = now;
	db->next_retry.tv_sec += db->backoff_ms / 1000;
	db->next_retry.tv_nsec += (long)(db->backoff_ms % 1000) * 1000000L;
	if (db->next_retry.tv_nsec >= 1000000000L) {
		db->next_retry.tv_sec++;
		db->next_retry.tv_nsec -= 1000000000L;
	}
	return false;
}

/* Map a result to a db_rc, remembering the error text. */
static int result_rc(struct pg_db *db, PGresult *r)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return DB_OK;
	set_error(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->conn));
	if (PQstatus(db->conn) != CONNECTION_OK)
		return DB_UNAVAILABLE;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state != NULL && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (state != NULL && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0))
		return DB_UNAVAILABLE;
	return DB_ERROR;
}

static int pg_exec_script(struct db *db, const char *sql)
{
	struct pg_db *p = pg_of(db);

	if (!pg_alive(p))
		return DB_UNAVAILABLE;
	PGresult *r = PQexec(p->conn, sql);
	int rc = result_rc(p, r);
	PQclear(r);
	return rc;
}

static int pg_begin(struct db *db, bool write)
{
	(void)write; /* row locks and constraints order the writers */
	return pg_exec_script(db, "BEGIN");
}

static int pg_commit(struct db *db)
{
	return pg_exec_script(db, "COMMIT");
}

static int pg_rollback(struct db *db)
{
	return pg_exec_script(db, "ROLLBACK");
}

static int count_params(const char *sql)
{
	int max = 0;
	char quote = 0;

	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int n = atoi(p + 1);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static struct db_stmt *pg_prepare(struct db *db, enum stmt_id id, const char *sql)
{
	struct pg_stmt *st = calloc(1, sizeof(*st));
	(void)db;
	(void)id;

	if (st == NULL)
		return NULL;
	st->sql = sql;
	st->nparams = count_params(sql);
	if (st->nparams > PG_MAX_PARAMS) {
		set_error(pg_of(db), "too many parameters");
		free(st);
		return NULL;
	}
	st->row = -1;
	return &st->base;
}

static void clear_params(struct pg_stmt *st)
{
	for (int i = 0; i < PG_MAX_PARAMS; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 0;
	}
}

static void pg_reset(struct db_stmt *base)
{
	struct pg_stmt *st = st_of(base);
	PQclear(st->result);
	st->result = NULL;
	st->row = -1;
	st->rows = 0;
	free(st->blob);
	st->blob = NULL;
	clear_params(st);
}

static void pg_finalize(struct db_stmt *st)
{
	pg_reset(st);
	free(st);
}

static int set_param(struct db_stmt *base, int idx, char *value, int len, int format)
{
	struct pg_stmt *st = st_of(base);
	if (idx < 1 || idx > PG_MAX_PARAMS) {
		free(value);
		return DB_ERROR;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = value;
	st->lengths[idx - 1] = len;
	st->formats[idx - 1] = format;
	return DB_OK;
}

static int pg_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	return set_param(st, idx, strdup(tmp), n, 0);
}

static int pg_bind_double(struct db_stmt *st, int idx, double v)
{
	char tmp[40];
	int n = snprintf(tmp, sizeof(tmp), "%.17g", v);
	return set_param(st, idx, strdup(tmp), n, 0);
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return set_param(st, idx, strdup(s), (int)strlen(s), 0);
}

static int pg_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	char *copy = malloc(n ? n : 1);
	if (copy == NULL)
		return DB_ERROR;
	if (n)
		memcpy(copy, p, n);
	return set_param(st, idx, copy, (int)n, 1);
}

static int pg_bind_null(struct db_stmt *st, int idx)
{
	return set_param(st, idx, NULL, 0, 0);
}

static int pg_step(struct db_stmt *base)
{
	struct pg_stmt *st = st_of(base);
	struct pg_db *db = pg_of(base->db);

	if (st->result == NULL) {
		char name[16];
		if (!pg_alive(db)) {
			set_error(db, "database unavailable");
			return DB_UNAVAILABLE;
		}
		snprintf(name, sizeof(name), "s%d", (int)base->id);
		if (st->prepared_generation != db->generation) {
			PGresult *r = PQprepare(db->conn, name, st->sql, st->nparams, NULL);
			int rc = result_rc(db, r);
			PQclear(r);
			if (rc != DB_OK)
				return rc;
			st->prepared_generation = db->generation;
		}
		st->result =
			PQexecPrepared(db->conn, name, st->nparams, (const char *const *)st->values,
				       st->lengths, st->formats, 0);
		int rc = result_rc(db, st->result);
		if (rc != DB_OK) {
			PQclear(st->result);
			st->result = NULL;
			/* A result-less step must not be retried as "started". */
			return rc;
		}
		st->rows = PQntuples(st->result);
		const char *tuples = PQcmdTuples(st->result);
		db->changes = tuples && *tuples ? atoll(tuples) : 0;
		const char *status = PQcmdStatus(st->result);
		if (status != NULL &&
		    (strncmp(status, "INSERT", 6) == 0 || strncmp(status, "UPDATE", 6) == 0 ||
		     strncmp(status, "DELETE", 6) == 0 || strncmp(status, "MERGE", 5) == 0))
			db->total_changes += db->changes;
		st->row = -1;
	}
	if (st->row + 1 < st->rows) {
		st->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int64_t pg_col_i64(struct db_stmt *st, int col)
{
	return atoll(PQgetvalue(st_of(st)->result, st_of(st)->row, col));
}

static double pg_col_double(struct db_stmt *st, int col)
{
	return atof(PQgetvalue(st_of(st)->result, st_of(st)->row, col));
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	return PQgetvalue(st_of(st)->result, st_of(st)->row, col);
}

static const void *pg_col_blob(struct db_stmt *base, int col, size_t *n)
{
	struct pg_stmt *st = st_of(base);
	const char *text = PQgetvalue(st->result, st->row, col);
	free(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)text, n);
	return st->blob;
}

static bool pg_col_null(struct db_stmt *st, int col)
{
	return PQgetisnull(st_of(st)->result, st_of(st)->row, col) != 0;
}

static int64_t pg_changes(struct db *db)
{
	return pg_of(db)->changes;
}

static int64_t pg_total_changes(struct db *db)
{
	return pg_of(db)->total_changes;
}

const struct db_driver db_postgres_driver = {
	.kind = DB_KIND_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.errmsg = pg_errmsg,
	.exec_script = pg_exec_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_i64 = pg_bind_i64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_i64 = pg_col_i64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_null = pg_col_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.total_changes = pg_total_changes,
};
