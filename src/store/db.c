/*
 * db.c - driver-independent part of the store: URL dispatch, the
 * statement catalogue, per-thread connections.
 */
#include "store/db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "store/driver.h"

static const char *const stmt_sql[DB_KIND__MAX][STMT__COUNT] = {
	[DB_KIND_POSTGRES] =
		{
#define STMT(name, sql)			[STMT_##name] = sql,
#define STMT2(name, pg_sql, sqlite_sql) [STMT_##name] = pg_sql,
#include "store/statements.def"
#undef STMT
#undef STMT2
		},
	[DB_KIND_SQLITE] =
		{
#define STMT(name, sql)			[STMT_##name] = sql,
#define STMT2(name, pg_sql, sqlite_sql) [STMT_##name] = sqlite_sql,
#include "store/statements.def"
#undef STMT
#undef STMT2
		},
};

static char *configured_url;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *registry;
static _Thread_local struct db *thread_db;

const char *db_stmt_sql(enum stmt_id id, enum db_kind kind)
{
	return id < STMT__COUNT && kind < DB_KIND__MAX ? stmt_sql[kind][id] : NULL;
}

static const struct db_driver *driver_for(const char *url)
{
	if (strncmp(url, "sqlite:", 7) == 0)
		return &db_sqlite_driver;
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return &db_postgres_driver;
	return NULL;
}

int db_configure(const char *url)
{
	if (url == NULL || driver_for(url) == NULL)
		return -1;
	free(configured_url);
	configured_url = strdup(url);
	return configured_url == NULL ? -1 : 0;
}

enum db_kind db_configured_kind(void)
{
	const struct db_driver *drv = configured_url ? driver_for(configured_url) : NULL;
	return drv ? drv->kind : DB_KIND_SQLITE;
}

struct db *db_open(const char *url, char **err)
{
	const struct db_driver *drv = url ? driver_for(url) : NULL;

	if (drv == NULL) {
		if (err != NULL)
			*err = strdup("unknown database URL (use sqlite:PATH "
				      "or postgres://...)");
		return NULL;
	}
	struct db *db = drv->open(url, err);
	if (db != NULL) {
		db->drv = drv;
		memset(db->stmts, 0, sizeof(db->stmts));
		db->queries = 0;
		db->next_thread = NULL;
	}
	return db;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < STMT__COUNT; i++)
		if (db->stmts[i] != NULL)
			db->drv->finalize(db->stmts[i]);
	db->drv->close(db);
}

struct db *db_thread(void)
{
	char *err = NULL;

	if (thread_db != NULL)
		return thread_db;
	if (configured_url == NULL)
		return NULL;
	thread_db = db_open(configured_url, &err);
	if (thread_db == NULL) {
		log_error("store unavailable: %s", err ? err : "unknown");
		free(err);
		return NULL;
	}
	pthread_mutex_lock(&registry_lock);
	thread_db->next_thread = registry;
	registry = thread_db;
	pthread_mutex_unlock(&registry_lock);
	return thread_db;
}

void db_close_all(void)
{
	pthread_mutex_lock(&registry_lock);
	struct db *db = registry;
	registry = NULL;
	pthread_mutex_unlock(&registry_lock);
	while (db != NULL) {
		struct db *next = db->next_thread;
		db_close(db);
		db = next;
	}
	thread_db = NULL;
	free(configured_url);
	configured_url = NULL;
}

enum db_kind db_kind(const struct db *db)
{
	return db->drv->kind;
}

const char *db_errmsg(const struct db *db)
{
	return db->drv->errmsg(db);
}

uint64_t db_query_count(const struct db *db)
{
	return db->queries;
}

int db_begin(struct db *db)
{
	return db->drv->begin(db, false);
}

int db_begin_write(struct db *db)
{
	return db->drv->begin(db, true);
}

int db_commit(struct db *db)
{
	return db->drv->commit(db);
}

int db_rollback(struct db *db)
{
	return db->drv->rollback(db);
}

int db_exec_script(struct db *db, const char *sql)
{
	return db->drv->exec_script(db, sql);
}

struct db_stmt *db_stmt(struct db *db, enum stmt_id id)
{
	struct db_stmt *st;

	if (id >= STMT__COUNT)
		return NULL;
	st = db->stmts[id];
	if (st == NULL) {
		st = db->drv->prepare(db, id, stmt_sql[db->drv->kind][id]);
		if (st == NULL) {
			log_error("prepare %d failed: %s", (int)id, db->drv->errmsg(db));
			return NULL;
		}
		st->db = db;
		st->id = id;
		db->stmts[id] = st;
	} else if (st->started) {
		db->drv->reset(st);
	}
	st->started = false;
	return st;
}

int db_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->drv->bind_i64(st, idx, v);
}

int db_bind_double(struct db_stmt *st, int idx, double v)
{
	return st->db->drv->bind_double(st, idx, v);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return s == NULL ? st->db->drv->bind_null(st, idx) : st->db->drv->bind_text(st, idx, s);
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return st->db->drv->bind_blob(st, idx, p, n);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->drv->bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
	if (!st->started) {
		st->started = true;
		st->db->queries++;
	}
	int rc = st->db->drv->step(st);
	if (rc < 0 && rc != DB_CONSTRAINT)
		log_error("statement %d failed: %s", (int)st->id, st->db->drv->errmsg(st->db));
	return rc;
}

int64_t db_col_i64(struct db_stmt *st, int col)
{
	return st->db->drv->col_i64(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return st->db->drv->col_double(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return st->db->drv->col_text(st, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *n)
{
	return st->db->drv->col_blob(st, col, n);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return st->db->drv->col_null(st, col);
}

char *db_col_dup(struct db_stmt *st, int col, struct arena *a)
{
	if (st->db->drv->col_null(st, col))
		return NULL;
	return arena_strdup(a, st->db->drv->col_text(st, col));
}

void db_reset(struct db_stmt *st)
{
	if (st->started)
		st->db->drv->reset(st);
	st->started = false;
}

int db_run(struct db_stmt *st, int64_t *out)
{
	int rc = db_step(st);

	if (rc == DB_ROW) {
		if (out != NULL)
			*out = db_col_i64(st, 0);
		rc = DB_OK;
	}
	db_reset(st);
	return rc;
}

int64_t db_changes(struct db *db)
{
	return db->drv->changes(db);
}

int64_t db_total_changes(struct db *db)
{
	return db->drv->total_changes(db);
}
