/*
 * migrate_data.c - `oic migrate-data --from URL --to URL`: move a city
 * from one store to another (typically SQLite to PostgreSQL when it
 * outgrows one machine).
 *
 * The target is migrated to this binary's schema and must be empty.  Every
 * table of store/tables.def is copied in key order inside one transaction
 * on the target; each row is hashed as it is read from the source, the
 * target is read back inside the same transaction and hashed again, and
 * only when every table has the same row count and checksum on both sides
 * is the transaction committed.  A failure leaves the target as it was.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/secure.h"
#include "cli/cli.h"
#include "store/migrate.h"

struct copy_table {
	const char *name;
	const char *columns;
	const char *types;
	bool identity;
	enum stmt_id read, write, count, seq, clear;
};

/*
 * Reference tables that migrations fill (the curated topics), and tables
 * that triggers fill (actors: every organisation copied gets its actor
 * row; the districts' counts and analytics' generation, migration 0026,
 * follow the rows copied before them; matching_state, the one row migration
 * 0027 made): a freshly migrated target holds their rows already, so they do
 * not count against "empty" and are replaced by the source's rows.
 */
static const char *const reference_tables[] = {"topics", "actors", "analytics_generation",
					       "actor_districts", "matching_state"};

static bool is_reference(const char *name)
{
	for (size_t i = 0; i < sizeof(reference_tables) / sizeof(reference_tables[0]); i++)
		if (strcmp(reference_tables[i], name) == 0)
			return true;
	return false;
}

static const struct copy_table copy_tables[] = {
/* Designated fields: a field added to the struct cannot be filled by position. */
#define TABLE(tname, cols, params, ctypes, key, has_identity) \
	{.name = #tname,                                      \
	 .columns = cols,                                     \
	 .types = ctypes,                                     \
	 .identity = has_identity,                            \
	 .read = STMT_copy_read_##tname,                      \
	 .write = STMT_copy_write_##tname,                    \
	 .count = STMT_copy_count_##tname,                    \
	 .seq = STMT_copy_seq_##tname,                        \
	 .clear = STMT_copy_clear_##tname},
#include "store/tables.def"
#undef TABLE
};

enum { COPY_TABLE_COUNT = sizeof(copy_tables) / sizeof(copy_tables[0]) };

/* Hash one column value with its type, so "1" and 1 and NULL differ. */
static void hash_value(struct secure_hasher *h, struct db_stmt *st, int col, char type)
{
	char tag[2] = {type, 0};
	char num[40];
	const void *p;
	size_t n;

	if (db_col_null(st, col)) {
		secure_hasher_update(h, "N", 1);
		return;
	}
	secure_hasher_update(h, tag, 1);
	switch (type) {
	case 'i':
		n = (size_t)snprintf(num, sizeof(num), "%lld", (long long)db_col_i64(st, col));
		p = num;
		break;
	case 'r':
		n = (size_t)snprintf(num, sizeof(num), "%.17g", db_col_double(st, col));
		p = num;
		break;
	case 'b': p = db_col_blob(st, col, &n); break;
	default:
		p = db_col_text(st, col);
		n = strlen(p);
		break;
	}
	uint64_t len = n;
	secure_hasher_update(h, &len, sizeof(len));
	secure_hasher_update(h, p, n);
}

/* Copy the current row of src into the bound parameters of dst. */
static void bind_row(struct db_stmt *dst, struct db_stmt *src, const char *types)
{
	for (int c = 0; types[c] != '\0'; c++) {
		if (db_col_null(src, c)) {
			db_bind_null(dst, c + 1);
			continue;
		}
		size_t n;
		const void *p;
		switch (types[c]) {
		case 'i': db_bind_i64(dst, c + 1, db_col_i64(src, c)); break;
		case 'r': db_bind_double(dst, c + 1, db_col_double(src, c)); break;
		case 'b':
			p = db_col_blob(src, c, &n);
			db_bind_blob(dst, c + 1, p, n);
			break;
		default: db_bind_text(dst, c + 1, db_col_text(src, c)); break;
		}
	}
}

/*
 * Read a whole table from db, hashing every row; with `into`, also insert
 * each row there.  Returns 0 and fills *rows and hex, or -1.
 */
static int scan_table(struct db *db, const struct copy_table *t, struct db *into, int64_t *rows,
		      char hex[2 * SECURE_HASH_BYTES + 1])
{
	struct secure_hasher h;
	struct db_stmt *st = db_stmt(db, t->read);
	int rc;

	*rows = 0;
	if (st == NULL)
		return -1;
	secure_hasher_init(&h);
	while ((rc = db_step(st)) == DB_ROW) {
		for (int c = 0; t->types[c] != '\0'; c++)
			hash_value(&h, st, c, t->types[c]);
		(*rows)++;
		if (into != NULL) {
			struct db_stmt *w = db_stmt(into, t->write);
			if (w == NULL)
				break;
			bind_row(w, st, t->types);
			if (db_run(w, NULL) < 0) {
				fprintf(stderr, "oic migrate-data: %s: %s\n", t->name,
					db_errmsg(into));
				rc = DB_ERROR;
				break;
			}
		}
	}
	db_reset(st);
	secure_hasher_hex(&h, hex);
	return rc == DB_DONE ? 0 : -1;
}

/* Names of db's tables that hold data (derived *_fts* tables left out). */
static bool table_known(const char *name)
{
	if (strcmp(name, "schema_migrations") == 0 || strstr(name, "_fts") != NULL)
		return true;
	for (size_t i = 0; i < COPY_TABLE_COUNT; i++)
		if (strcmp(copy_tables[i].name, name) == 0)
			return true;
	return false;
}

/*
 * The store must hold no table and no column that the copy would miss:
 * "copies everything" is checked, not hoped for.
 */
static int check_schema_known(struct db *db, const char *which)
{
	struct db_stmt *st = db_stmt(db, STMT_schema_tables);
	int rc, bad = 0;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW)
		if (!table_known(db_col_text(st, 0))) {
			fprintf(stderr, "oic migrate-data: %s has table %s, unknown to this oic\n",
				which, db_col_text(st, 0));
			bad++;
		}
	db_reset(st);
	if (rc != DB_DONE)
		return -1;
	for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
		const struct copy_table *t = &copy_tables[i];
		char cols[1024] = "";
		size_t len = 0;
		st = db_stmt(db, STMT_schema_columns);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, t->name);
		while ((rc = db_step(st)) == DB_ROW) {
			int k = snprintf(cols + len, sizeof(cols) - len, "%s%s", len ? ", " : "",
					 db_col_text(st, 0));
			if (k > 0 && (size_t)k < sizeof(cols) - len)
				len += (size_t)k;
		}
		db_reset(st);
		if (rc != DB_DONE)
			return -1;
		if (strcmp(cols, t->columns) != 0) {
			fprintf(stderr,
				"oic migrate-data: %s: table %s has columns (%s), this oic copies (%s)\n",
				which, t->name, cols, t->columns);
			bad++;
		}
	}
	return bad ? -1 : 0;
}

int cli_migrate_data(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL;
	struct db *src = NULL, *dst = NULL;
	int c, rc = CLI_FAIL;
	bool in_tx = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		default: cli_usage(stderr); return CLI_USAGE;
		}
	}
	if (optind != argc || from == NULL || to == NULL) {
		fprintf(stderr, "oic migrate-data: --from URL and --to URL are required\n");
		return CLI_USAGE;
	}
	if (strcmp(from, to) == 0) {
		fprintf(stderr, "oic migrate-data: source and target are the same store\n");
		return CLI_USAGE;
	}
	src = cli_open_store(from, false);
	if (src == NULL)
		goto out;
	dst = cli_open_store(to, true);
	if (dst == NULL)
		goto out;
	if (check_schema_known(src, "the source") != 0 ||
	    check_schema_known(dst, "the target") != 0)
		goto out;
	for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
		int64_t n = 0;
		if (is_reference(copy_tables[i].name))
			continue;
		if (db_run(db_stmt(dst, copy_tables[i].count), &n) < 0)
			goto out;
		if (n > 0) {
			fprintf(stderr,
				"oic migrate-data: the target is not empty (%s has %lld rows); "
				"nothing was written\n",
				copy_tables[i].name, (long long)n);
			goto out;
		}
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_begin_write(dst) != DB_OK || db_begin(src) != DB_OK)
		goto out;
	in_tx = true;
	/* Self references (ideas.merged_into) may point forward. */
	if (db_kind(dst) == DB_KIND_SQLITE &&
	    db_exec_script(dst, "PRAGMA defer_foreign_keys = ON") != DB_OK)
		goto out;
	int64_t rows_src[COPY_TABLE_COUNT], rows_dst;
	char sum_src[COPY_TABLE_COUNT][2 * SECURE_HASH_BYTES + 1],
		sum_dst[2 * SECURE_HASH_BYTES + 1];
	for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
		/*
		 * Cleared just before its copy: the triggers of the tables
		 * before it (organisations) have filled it by now, and the
		 * tables that refer to it come after it.
		 */
		if (is_reference(copy_tables[i].name) &&
		    db_run(db_stmt(dst, copy_tables[i].clear), NULL) < 0)
			goto out;
		if (scan_table(src, &copy_tables[i], dst, &rows_src[i], sum_src[i]) != 0)
			goto out;
		if (copy_tables[i].identity && db_kind(dst) == DB_KIND_POSTGRES &&
		    rows_src[i] > 0 && db_run(db_stmt(dst, copy_tables[i].seq), NULL) < 0)
			goto out;
	}
	int mismatches = 0;
	printf("%-20s %10s  %s\n", "table", "rows", "checksum (BLAKE2b-256)");
	for (size_t i = 0; i < COPY_TABLE_COUNT; i++) {
		if (scan_table(dst, &copy_tables[i], NULL, &rows_dst, sum_dst) != 0)
			goto out;
		bool same = rows_dst == rows_src[i] && strcmp(sum_dst, sum_src[i]) == 0;
		printf("%-20s %10lld  %.16s…  %s\n", copy_tables[i].name, (long long)rows_dst,
		       sum_dst, same ? "ok" : "MISMATCH");
		if (!same)
			mismatches++;
	}
	if (mismatches > 0) {
		fprintf(stderr,
			"oic migrate-data: %d table(s) differ after copying; nothing was written\n",
			mismatches);
		goto out;
	}
	if (db_commit(dst) != DB_OK) {
		fprintf(stderr, "oic migrate-data: commit failed: %s\n", db_errmsg(dst));
		goto out;
	}
	in_tx = false;
	db_rollback(src);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("copied %d tables, counts and checksums verified, in %.2f s\n", COPY_TABLE_COUNT,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = CLI_OK;
out:
	if (in_tx) {
		db_rollback(dst);
		db_rollback(src);
	}
	if (src != NULL)
		db_close(src);
	if (dst != NULL)
		db_close(dst);
	db_close_all();
	return rc;
}
