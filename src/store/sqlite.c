/*
 * sqlite.c - the SQLite driver of the store.
 *
 * Settings, and why:
 *  - WAL: readers never block the writer and vice versa.
 *  - synchronous=FULL: a commit is on disk when acknowledged, so nothing
 *    acknowledged is lost even on power failure (measured here: ~9,500
 *    single-row commits/s, enough for the write paths' targets).
 *  - a busy handler: writers from other threads wait instead of failing
 *    (busy_wait() below says why not SQLite's own busy_timeout).
 *  - foreign_keys=ON: SQLite leaves them off by default.
 *  - writes use BEGIN IMMEDIATE, taking the write lock at the start, so
 *    that a read-then-write transaction cannot fail with SQLITE_BUSY in
 *    the middle (a deferred transaction cannot wait for the lock once it
 *    has read).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/driver.h"
#include "store/sqlite_stem.h"

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *handle;
};

static sqlite3 *handle_of(const struct db *db)
{
	return ((const struct sqlite_db *)(const void *)db)->handle;
}

static sqlite3_stmt *stmt_of(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)(void *)st)->handle;
}

/*
 * Waiting for the write lock held by another connection.  SQLite's own
 * busy_timeout sleeps 1, 2, 5, 10, ... up to 100 ms between attempts;
 * a write transaction here holds the lock for about 0.1 ms, so those
 * sleeps idled a server thread, and every connection it serves, for
 * milliseconds at a time (make bench: 1,800 supports/s, p99 1.8 s, with
 * 250 sleeps of 5 ms on average in 5 s).  Sleeping 20 us, then 100 us,
 * tries again about when the lock is free; after about 10 s the
 * statement fails with SQLITE_BUSY as before.
 */
static int busy_wait(void *arg, int tries)
{
	struct timespec pause = {0, tries < 10 ? 20000 : 100000};

	(void)arg;
	if (tries >= 100000)
		return 0;
	nanosleep(&pause, NULL);
	return 1;
}

static struct db *sqlite_open(const char *url, char **err)
{
	const char *path = url + strlen("sqlite:");
	struct sqlite_db *db = calloc(1, sizeof(*db));
	/*
	 * cache_size: 8 MiB of pages per connection instead of SQLite's 2 MiB.
	 * In the 100,000-idea city (a 280 MB file) a search reads its doclists
	 * and a few hundred rows; with 2 MiB they were read again from the
	 * kernel on every request (perf: ~10 % in copy_to_user, pread).  Pages
	 * are cached only as they are used; RSS stayed under 40 MB.
	 */
	static const char *const pragmas = "PRAGMA journal_mode=WAL;"
					   "PRAGMA synchronous=FULL;"
					   "PRAGMA foreign_keys=ON;"
					   "PRAGMA temp_store=MEMORY;"
					   "PRAGMA cache_size=-8192;";

	if (db == NULL) {
		if (err)
			*err = strdup("out of memory");
		return NULL;
	}
	int rc = sqlite3_open_v2(path, &db->handle,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_handler(db->handle, busy_wait, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->handle, pragmas, NULL, NULL, NULL);
	if (rc == SQLITE_OK) /* the search index's triggers need it on every write */
		rc = sqlite_stem_register(db->handle);
	if (rc != SQLITE_OK) {
		if (err)
			*err = strdup(db->handle ? sqlite3_errmsg(db->handle) : "cannot open");
		sqlite3_close(db->handle);
		free(db);
		return NULL;
	}
	return &db->base;
}

static void sqlite_close(struct db *db)
{
	sqlite3_close(handle_of(db));
	free(db);
}

static const char *sqlite_errmsg(const struct db *db)
{
	return sqlite3_errmsg(handle_of(db));
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL: return DB_UNAVAILABLE;
	default: return DB_ERROR;
	}
}

static int sqlite_exec_script(struct db *db, const char *sql)
{
	return map_rc(sqlite3_exec(handle_of(db), sql, NULL, NULL, NULL));
}

static int sqlite_begin(struct db *db, bool write)
{
	return sqlite_exec_script(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int sqlite_commit(struct db *db)
{
	return sqlite_exec_script(db, "COMMIT");
}

static int sqlite_rollback(struct db *db)
{
	return sqlite_exec_script(db, "ROLLBACK");
}

/*
 * The catalogue is written with PostgreSQL's $N placeholders; SQLite
 * reads ?N the same way.  Quoted strings and identifiers are left alone.
 */
static char *rewrite_placeholders(const char *sql)
{
	char *out = strdup(sql);
	char quote = 0;

	if (out == NULL)
		return NULL;
	for (char *p = out; *p != '\0'; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			*p = '?';
		}
	}
	return out;
}

static struct db_stmt *sqlite_prepare(struct db *db, enum stmt_id id, const char *sql)
{
	struct sqlite_stmt *st = calloc(1, sizeof(*st));
	char *text = rewrite_placeholders(sql);
	(void)id;

	if (st == NULL || text == NULL)
		goto fail;
	if (sqlite3_prepare_v3(handle_of(db), text, -1, SQLITE_PREPARE_PERSISTENT, &st->handle,
			       NULL) != SQLITE_OK)
		goto fail;
	free(text);
	return &st->base;
fail:
	free(text);
	free(st);
	return NULL;
}

static void sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(stmt_of(st));
	free(st);
}

static int sqlite_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(stmt_of(st), idx, v));
}

static int sqlite_bind_double(struct db_stmt *st, int idx, double v)
{
	return map_rc(sqlite3_bind_double(stmt_of(st), idx, v));
}

static int sqlite_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return map_rc(sqlite3_bind_text(stmt_of(st), idx, s, -1, SQLITE_TRANSIENT));
}

static int sqlite_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return map_rc(sqlite3_bind_blob64(stmt_of(st), idx, p, n, SQLITE_TRANSIENT));
}

static int sqlite_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(stmt_of(st), idx));
}

static int sqlite_step(struct db_stmt *st)
{
	return map_rc(sqlite3_step(stmt_of(st)));
}

static int64_t sqlite_col_i64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_of(st), col);
}

static double sqlite_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(stmt_of(st), col);
}

static const char *sqlite_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt_of(st), col);
	return t ? (const char *)t : "";
}

static const void *sqlite_col_blob(struct db_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(stmt_of(st), col);
	*n = (size_t)sqlite3_column_bytes(stmt_of(st), col);
	return p;
}

static bool sqlite_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(stmt_of(st), col) == SQLITE_NULL;
}

static void sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(stmt_of(st));
	sqlite3_clear_bindings(stmt_of(st));
}

static int64_t sqlite_changes(struct db *db)
{
	return sqlite3_changes64(handle_of(db));
}

static int64_t sqlite_total_changes(struct db *db)
{
	return sqlite3_total_changes64(handle_of(db));
}

const struct db_driver db_sqlite_driver = {
	.kind = DB_KIND_SQLITE,
	.open = sqlite_open,
	.close = sqlite_close,
	.errmsg = sqlite_errmsg,
	.exec_script = sqlite_exec_script,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.bind_i64 = sqlite_bind_i64,
	.bind_double = sqlite_bind_double,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_i64 = sqlite_col_i64,
	.col_double = sqlite_col_double,
	.col_text = sqlite_col_text,
	.col_blob = sqlite_col_blob,
	.col_null = sqlite_col_null,
	.reset = sqlite_reset,
	.changes = sqlite_changes,
	.total_changes = sqlite_total_changes,
};
