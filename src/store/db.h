/*
 * db.h - the store API: one interface over SQLite and PostgreSQL.
 *
 * Every SQL statement lives in the catalogue (store/statements.def) under
 * an id, written once in PostgreSQL style with $1 placeholders; the SQLite
 * driver rewrites them to ?1 when it prepares the statement.  Statements
 * are prepared once per connection and reused.
 *
 * Connections: each thread has its own (db_thread()), opened on first use
 * from the URL given to db_configure(); the command line opens its own
 * with db_open().  A connection is never shared between threads.
 *
 * Typical use:
 *
 *	struct db_stmt *st = db_stmt(db, STMT_user_by_email);
 *	db_bind_text(st, 1, email);
 *	while ((rc = db_step(st)) == DB_ROW)
 *		name = db_col_text(st, 1);
 *	db_reset(st);
 *
 * Column values returned by db_col_text/blob stay valid until the next
 * db_step or db_reset of that statement: copy what must live longer into
 * the request arena.
 */
#ifndef OIC_STORE_DB_H
#define OIC_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum stmt_id {
#define STMT(name, sql)			STMT_##name,
#define STMT2(name, pg_sql, sqlite_sql) STMT_##name,
#include "store/statements.def"
#undef STMT
#undef STMT2
	STMT__COUNT
};

enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,
	DB_DONE = 2,
	DB_ERROR = -1,
	DB_CONSTRAINT = -2,  /* unique or check constraint violated */
	DB_UNAVAILABLE = -3, /* the server cannot be reached */
};

enum db_kind { DB_KIND_SQLITE, DB_KIND_POSTGRES, DB_KIND__MAX };

struct db;
struct db_stmt;

/*
 * Remember the URL for per-thread connections ("sqlite:PATH",
 * "postgres://..." or "postgresql://...").  Returns -1 on an unknown
 * scheme.  Call once before threads start.
 */
int db_configure(const char *url);

/* The configured URL's kind. */
enum db_kind db_configured_kind(void);

/*
 * Open a connection to url.  On failure returns NULL and, if err is not
 * NULL, a malloc'ed reason in *err (caller frees).
 */
struct db *db_open(const char *url, char **err);

/* Close a connection opened with db_open(). */
void db_close(struct db *db);

/*
 * This thread's connection to the configured URL, opened on first use.
 * NULL when the store cannot be reached now (answer 503).
 */
struct db *db_thread(void);

/* Close every per-thread connection (at shutdown, threads stopped). */
void db_close_all(void);

enum db_kind db_kind(const struct db *db);

/* Human-readable text of the last error on db. */
const char *db_errmsg(const struct db *db);

/* Statements run on this connection (for the per-page query budget). */
uint64_t db_query_count(const struct db *db);

/* Transactions.  db_begin_write takes the write lock at once. */
int db_begin(struct db *db);
int db_begin_write(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/* Run SQL text with several statements, no parameters (migrations). */
int db_exec_script(struct db *db, const char *sql);

/*
 * The prepared statement for id, reset and with no bindings.  NULL on
 * failure (logged).  Owned by the connection.
 */
struct db_stmt *db_stmt(struct db *db, enum stmt_id id);

/* Bind parameter idx (1-based).  Text is copied. NULL text binds NULL. */
int db_bind_i64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
int db_bind_null(struct db_stmt *st, int idx);

/* Run or advance: DB_ROW, DB_DONE, or an error code (< 0). */
int db_step(struct db_stmt *st);

/* Column getters (0-based) for the current row. */
int64_t db_col_i64(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* "" for NULL */
const void *db_col_blob(struct db_stmt *st, int col, size_t *n);
bool db_col_null(struct db_stmt *st, int col);

/* Copy a text column into the arena (NULL stays NULL). */
char *db_col_dup(struct db_stmt *st, int col, struct arena *a);

/* Finish using the statement: results freed, bindings cleared. */
void db_reset(struct db_stmt *st);

/*
 * Run a statement that returns no rows or one row with one integer:
 * binds must already be made.  *out (may be NULL) gets that integer.
 * Returns DB_OK, DB_DONE (no row) or an error.  Resets the statement.
 */
int db_run(struct db_stmt *st, int64_t *out);

/* Rows changed by the last statement run on db. */
int64_t db_changes(struct db *db);

/*
 * Rows inserted, updated or deleted on this connection since it opened
 * (rolled back ones too): compare two readings to learn whether some
 * work wrote anything.
 */
int64_t db_total_changes(struct db *db);

/* The catalogue's text of a statement for a dialect (tests, EXPLAIN). */
const char *db_stmt_sql(enum stmt_id id, enum db_kind kind);

#endif
