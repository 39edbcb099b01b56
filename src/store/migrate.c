/*
 * migrate.c - apply the embedded migrations; see migrate.h.
 */
#include "store/migrate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/embedded.h"
#include "base/log.h"

static const struct embedded_file *migrations_for(enum db_kind kind, size_t *count)
{
	if (kind == DB_KIND_POSTGRES) {
		*count = embedded_migrations_postgres_count;
		return embedded_migrations_postgres;
	}
	*count = embedded_migrations_sqlite_count;
	return embedded_migrations_sqlite;
}

/* "0007_events.sql" -> 7; the build guarantees the NNNN_ prefix. */
static int migration_number(const char *name)
{
	const char *base = strrchr(name, '/');
	return atoi(base ? base + 1 : name);
}

int migrate_latest(enum db_kind kind)
{
	size_t count;
	const struct embedded_file *m = migrations_for(kind, &count);
	int latest = 0;

	for (size_t i = 0; i < count; i++)
		if (migration_number(m[i].name) > latest)
			latest = migration_number(m[i].name);
	return latest;
}

int migrate_current(struct db *db)
{
	struct db_stmt *st = db_stmt(db, STMT_schema_create);
	int64_t version = 0;

	if (st == NULL || db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(db, STMT_schema_version);
	if (st == NULL || db_run(st, &version) < 0)
		return -1;
	return (int)version;
}

/* Apply one migration inside its own transaction. */
static int apply_one(struct db *db, const struct embedded_file *m, int number)
{
	struct db_stmt *st;
	int64_t version = 0;

	if (db_begin_write(db) != DB_OK)
		return -1;
	/* Several nodes may start at once: take a lock, then look again. */
	if (db_kind(db) == DB_KIND_POSTGRES &&
	    db_exec_script(db, "SELECT pg_advisory_xact_lock(7428001)") != DB_OK)
		goto fail;
	st = db_stmt(db, STMT_schema_version);
	if (st == NULL || db_run(st, &version) < 0)
		goto fail;
	if (version >= number) {
		db_rollback(db);
		return 0;
	}
	if (db_exec_script(db, (const char *)m->data) != DB_OK) {
		log_error("migration %s failed: %s", m->name, db_errmsg(db));
		goto fail;
	}
	st = db_stmt(db, STMT_schema_record);
	if (st == NULL || db_bind_i64(st, 1, number) != DB_OK ||
	    db_bind_i64(st, 2, (int64_t)time(NULL)) != DB_OK || db_run(st, NULL) < 0)
		goto fail;
	if (db_commit(db) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(db);
	return -1;
}

int migrate_run(struct db *db, int *applied)
{
	size_t count;
	const struct embedded_file *m = migrations_for(db_kind(db), &count);
	int current = migrate_current(db);
	int done = 0;

	if (applied != NULL)
		*applied = 0;
	if (current < 0) {
		log_error("cannot read the schema version: %s", db_errmsg(db));
		return -1;
	}
	if (current > migrate_latest(db_kind(db))) {
		log_error("the database schema (version %d) is newer than this "
			  "program (version %d); use a newer oic",
			  current, migrate_latest(db_kind(db)));
		return -1;
	}
	/* The embedded table is sorted by name, hence by number. */
	for (size_t i = 0; i < count; i++) {
		int number = migration_number(m[i].name);
		if (number <= current)
			continue;
		int rc = apply_one(db, &m[i], number);
		if (rc < 0)
			return -1;
		done += rc;
	}
	if (applied != NULL)
		*applied = done;
	return 0;
}
