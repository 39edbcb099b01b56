/*
 * migrate.h - numbered schema migrations, compiled into the binary.
 *
 * migrations/<dialect>/NNNN_name.sql: both dialects carry the same
 * numbers.  Each migration runs in its own transaction together with its
 * row in schema_migrations, so a failed one leaves nothing behind and a
 * second run skips what is done (idempotent).
 */
#ifndef OIC_STORE_MIGRATE_H
#define OIC_STORE_MIGRATE_H

#include "store/db.h"

/* The highest migration number this binary knows. */
int migrate_latest(enum db_kind kind);

/* The schema version recorded in db (0 when none), or -1 on error. */
int migrate_current(struct db *db);

/*
 * Apply every missing migration.  *applied (may be NULL) gets how many.
 * Returns 0, or -1 with the reason logged.  Refuses (-1) when the
 * database is newer than this binary.
 */
int migrate_run(struct db *db, int *applied);

#endif
