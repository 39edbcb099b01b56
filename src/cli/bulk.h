/*
 * bulk.h - loading many rows fast, the same calls on either back end.
 *
 * SQLite is fastest with one prepared single-row INSERT run many times in
 * one transaction: a library call, no round trip.  On PostgreSQL every
 * statement is a round trip, so rows are queued as a JSON array of row
 * arrays and sent in batches of BULK_BATCH_ROWS to a statement that
 * unpacks them (jsonb_array_elements).  Each table has both statements
 * in the catalogue; the caller names them and adds values column by
 * column, then ends the row.
 *
 *	struct bulk b;
 *	bulk_open(&b, db, STMT_bench_support_row, STMT_bench_support_batch, 4, NULL);
 *	for (...) {
 *		bulk_i64(&b, idea); bulk_i64(&b, user); bulk_ref(&b, challenge);
 *		bulk_i64(&b, created);
 *		if (bulk_row(&b) != 0) break;
 *	}
 *	rc = bulk_close(&b);
 *
 * Errors stick: after a failure every call does nothing and bulk_row /
 * bulk_close return -1 (the store's message is in db_errmsg()).
 */
#ifndef OIC_CLI_BULK_H
#define OIC_CLI_BULK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "store/db.h"

enum { BULK_BATCH_ROWS = 2000, BULK_BATCH_BYTES = 4 << 20 };

/* A table being loaded; its fields are the writer's own. */
struct bulk {
	struct db *db;
	bool batched;
	enum stmt_id row_id, batch_id;
	int ncols, col;
	const char *extra; /* a text bound once per statement (the users' hash) */
	struct db_stmt *st;
	struct arena arena; /* the pending batch's JSON */
	struct buf json;
	int64_t pending, rows;
	int rc;
};

/*
 * Start loading with row_id (SQLite) or batch_id (PostgreSQL), ncols
 * values per row.  extra, if not NULL, is bound after the columns (the
 * row statement's $ncols+1, the batch statement's $2): a value shared by
 * every row.  It must live until bulk_close().
 */
void bulk_open(struct bulk *b, struct db *db, enum stmt_id row_id, enum stmt_id batch_id, int ncols,
	       const char *extra);

/* The next column's value: an integer; an id (0 binds NULL); a double. */
void bulk_i64(struct bulk *b, int64_t v);
void bulk_ref(struct bulk *b, int64_t id);
void bulk_f64(struct bulk *b, double v);

/* The next column's value as text (copied); NULL binds NULL. */
void bulk_text(struct bulk *b, const char *s);

/* End of a row: run it (SQLite) or queue it and send a full batch.  0 or -1. */
int bulk_row(struct bulk *b);

/* Send what is queued and release the writer.  0 or -1. */
int bulk_close(struct bulk *b);

#endif
