/*
 * driver.h - what a database driver provides to db.c (store-internal).
 *
 * db.c owns the catalogue, the per-thread connections and the query
 * counter; a driver turns those calls into its library's.  Each driver
 * embeds struct db / struct db_stmt at the start of its own structs.
 */
#ifndef OIC_STORE_DRIVER_H
#define OIC_STORE_DRIVER_H

#include "store/db.h"

struct db_driver {
	enum db_kind kind;
	struct db *(*open)(const char *url, char **err);
	void (*close)(struct db *db);
	const char *(*errmsg)(const struct db *db);
	int (*exec_script)(struct db *db, const char *sql);
	int (*begin)(struct db *db, bool write);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	struct db_stmt *(*prepare)(struct db *db, enum stmt_id id, const char *sql);
	void (*finalize)(struct db_stmt *st);
	int (*bind_i64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_double)(struct db_stmt *st, int idx, double v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t n);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int64_t (*col_i64)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *n);
	bool (*col_null)(struct db_stmt *st, int col);
	void (*reset)(struct db_stmt *st);
	int64_t (*changes)(struct db *db);
	int64_t (*total_changes)(struct db *db);
};

struct db {
	const struct db_driver *drv;
	struct db_stmt *stmts[STMT__COUNT];
	uint64_t queries;
	struct db *next_thread; /* registry of per-thread connections */
};

struct db_stmt {
	struct db *db;
	enum stmt_id id;
	bool started; /* stepped since the last reset */
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_postgres_driver;

#endif
