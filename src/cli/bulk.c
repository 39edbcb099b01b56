/*
 * bulk.c - loading many rows fast on either back end; see bulk.h.
 */
#include "cli/bulk.h"

#include <stdio.h>
#include <string.h>

void bulk_open(struct bulk *b, struct db *db, enum stmt_id row_id, enum stmt_id batch_id, int ncols,
	       const char *extra)
{
	memset(b, 0, sizeof(*b));
	b->db = db;
	b->batched = db_kind(db) == DB_KIND_POSTGRES;
	b->row_id = row_id;
	b->batch_id = batch_id;
	b->ncols = ncols;
	b->extra = extra;
	arena_init(&b->arena);
	buf_init(&b->json, &b->arena);
}

/* JSON string: quotes, backslashes and control characters escaped. */
static void json_string(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	while (*s != '\0') {
		size_t n = 0;
		while (s[n] != '\0' && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		buf_append(out, s, n);
		s += n;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, *s);
		} else if (*s == '\n') {
			buf_puts(out, "\\n");
		} else {
			buf_printf(out, "\\u%04x", (unsigned)(unsigned char)*s);
		}
		s++;
	}
	buf_putc(out, '"');
}

/* Before each value: open the row (JSON) or fetch the statement (SQLite). */
static bool bulk_value(struct bulk *b)
{
	if (b->rc != 0)
		return false;
	if (b->batched) {
		if (b->col == 0)
			buf_puts(&b->json, b->pending > 0 ? ",[" : "[[");
		else
			buf_putc(&b->json, ',');
	} else if (b->col == 0) {
		b->st = db_stmt(b->db, b->row_id);
		if (b->st == NULL) {
			b->rc = -1;
			return false;
		}
	}
	b->col++;
	return true;
}

void bulk_i64(struct bulk *b, int64_t v)
{
	if (!bulk_value(b))
		return;
	if (b->batched)
		buf_put_i64(&b->json, v);
	else
		db_bind_i64(b->st, b->col, v);
}

/* An id column: 0 means none (NULL). */
void bulk_ref(struct bulk *b, int64_t id)
{
	if (!bulk_value(b))
		return;
	if (b->batched)
		id > 0 ? buf_put_i64(&b->json, id) : buf_puts(&b->json, "null");
	else
		id > 0 ? db_bind_i64(b->st, b->col, id) : db_bind_null(b->st, b->col);
}

void bulk_f64(struct bulk *b, double v)
{
	if (!bulk_value(b))
		return;
	if (b->batched)
		buf_printf(&b->json, "%.17g", v);
	else
		db_bind_double(b->st, b->col, v);
}

/* Text; NULL binds NULL. */
void bulk_text(struct bulk *b, const char *s)
{
	if (!bulk_value(b))
		return;
	if (b->batched)
		s != NULL ? json_string(&b->json, s) : buf_puts(&b->json, "null");
	else
		db_bind_text(b->st, b->col, s);
}

static int bulk_flush(struct bulk *b)
{
	if (b->rc != 0 || !b->batched || b->pending == 0)
		return b->rc;
	buf_putc(&b->json, ']');
	struct db_stmt *st = b->json.oom ? NULL : db_stmt(b->db, b->batch_id);
	if (st == NULL) {
		b->rc = -1;
		return -1;
	}
	db_bind_text(st, 1, buf_cstr(&b->json));
	if (b->extra != NULL)
		db_bind_text(st, 2, b->extra);
	if (db_run(st, NULL) < 0)
		b->rc = -1;
	arena_free(&b->arena);
	buf_init(&b->json, &b->arena);
	b->pending = 0;
	return b->rc;
}

/* End of a row: run it (SQLite) or queue it, flushing a full batch. */
int bulk_row(struct bulk *b)
{
	if (b->rc != 0)
		return -1;
	if (b->col != b->ncols) {
		fprintf(stderr, "oic seed: internal error: %d of %d columns\n", b->col, b->ncols);
		b->rc = -1;
		return -1;
	}
	b->col = 0;
	b->rows++;
	if (b->batched) {
		buf_putc(&b->json, ']');
		b->pending++;
		if (b->pending >= BULK_BATCH_ROWS || b->json.len >= BULK_BATCH_BYTES)
			return bulk_flush(b);
		return 0;
	}
	if (b->extra != NULL)
		db_bind_text(b->st, b->ncols + 1, b->extra);
	if (db_run(b->st, NULL) < 0)
		b->rc = -1;
	return b->rc;
}

int bulk_close(struct bulk *b)
{
	int rc = bulk_flush(b);
	arena_free(&b->arena);
	return rc;
}
