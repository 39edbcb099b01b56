/*
 * test_attachments.c - files on ideas and challenges: the rules of
 * features/funnel/attachment_rules.c (PDF sniffing, link texts, download names, sizes,
 * cover descriptions), the structural PDF check of base/pdf.c with
 * poppler, and the orphan purge job (uploads.purge) on SQLite and, when
 * OIC_TEST_PG_URL names a test cluster, on PostgreSQL with the very same
 * assertions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/pdf.h"
#include "features/funnel/attachment_rules.h"
#include "store/db.h"
#include "store/migrate.h"
#include "features/funnel/attachments.h"
#include "app/jobs.h"

/* ---- rules ---- */

static void test_sniff_pdf(void **state)
{
	(void)state;
	assert_string_equal(attachment_sniff_pdf((const unsigned char *)"%PDF-1.7\n", 9),
			    "application/pdf");
	assert_string_equal(attachment_sniff_pdf((const unsigned char *)"%PDF-2.0\n", 9),
			    "application/pdf");
	assert_null(attachment_sniff_pdf((const unsigned char *)"%PDF-1.", 7));
	assert_null(attachment_sniff_pdf((const unsigned char *)"%PDF-3.0\n", 9));
	assert_null(attachment_sniff_pdf((const unsigned char *)"%PDF-1x0\n", 9));
	assert_null(attachment_sniff_pdf((const unsigned char *)" %PDF-1.4", 9));
	assert_null(attachment_sniff_pdf((const unsigned char *)"\x7f"
								"ELF\2\1\1\0\0",
					 9));
	assert_null(attachment_sniff_pdf((const unsigned char *)"\x89PNG\r\n\x1a\n", 8));
	assert_null(attachment_sniff_pdf(NULL, 0));
}

static void test_name_clean(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	assert_string_equal(attachment_name_clean(&a, "C:\\Users\\anna\\Plan.pdf"), "Plan.pdf");
	assert_string_equal(attachment_name_clean(&a, "/home/x/Bericht 2026.pdf"),
			    "Bericht 2026.pdf");
	assert_string_equal(attachment_name_clean(&a, "  Kosten \t  übersicht\n "),
			    "Kosten übersicht");
	/* Right-to-left override, isolates, BOM and controls are dropped. */
	assert_string_equal(attachment_name_clean(&a, "Kosten\xe2\x80\xae"
						      "fdp.exe\x07.pdf"),
			    "Kostenfdp.exe.pdf");
	assert_string_equal(attachment_name_clean(&a, "\xef\xbb\xbf\xe2\x81\xa6"
						      "a\xe2\x81\xa9"),
			    "a");
	/* Invalid UTF-8 bytes go, the rest stays. */
	assert_string_equal(attachment_name_clean(&a, "ok\xff\xc0\xafok"), "okok");
	assert_string_equal(attachment_name_clean(&a, ""), "");
	assert_string_equal(attachment_name_clean(&a, NULL), "");
	assert_string_equal(attachment_name_clean(&a, "dir/"), "");
	/* Cut to 100 characters, not bytes: 150 x "ä" keeps 100 of them. */
	char longname[301];
	for (int i = 0; i < 150; i++)
		memcpy(longname + 2 * i, "\xc3\xa4", 2);
	longname[300] = '\0';
	char *cut = attachment_name_clean(&a, longname);
	assert_int_equal(strlen(cut), 200);
	arena_free(&a);
}

static void test_disposition(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	assert_string_equal(attachment_disposition(&a, "Plan.pdf"),
			    "attachment; filename=\"Plan.pdf\"; filename*=UTF-8''Plan.pdf");
	assert_string_equal(attachment_disposition(&a, "Plan.PDF"),
			    "attachment; filename=\"Plan.PDF\"; filename*=UTF-8''Plan.PDF");
	assert_string_equal(attachment_disposition(&a, "Kostenübersicht 2027"),
			    "attachment; filename=\"Kosten_bersicht 2027.pdf\"; "
			    "filename*=UTF-8''Kosten%C3%BCbersicht%202027.pdf");
	/* Quotes, backslashes and semicolons never reach the quoted name. */
	assert_string_equal(
		attachment_disposition(&a, "a\"b\\c;d"),
		"attachment; filename=\"a_b_c_d.pdf\"; filename*=UTF-8''a%22b%5Cc%3Bd.pdf");
	assert_string_equal(attachment_disposition(&a, ""),
			    "attachment; filename=\"document.pdf\"; filename*=UTF-8''document.pdf");
	arena_free(&a);
}

static void test_size_text(void **state)
{
	char b[32];
	(void)state;
	attachment_size_text(b, sizeof(b), 0, '.');
	assert_string_equal(b, "1 KB");
	attachment_size_text(b, sizeof(b), 812, '.');
	assert_string_equal(b, "1 KB");
	attachment_size_text(b, sizeof(b), 1025, '.');
	assert_string_equal(b, "2 KB");
	attachment_size_text(b, sizeof(b), 500 * 1024, ',');
	assert_string_equal(b, "500 KB");
	attachment_size_text(b, sizeof(b), 1024 * 1024, '.');
	assert_string_equal(b, "1.0 MB");
	attachment_size_text(b, sizeof(b), 1258291, ','); /* 1.2 MiB */
	assert_string_equal(b, "1,2 MB");
	attachment_size_text(b, sizeof(b), 5 * 1024 * 1024, '.');
	assert_string_equal(b, "5.0 MB");
}

static void test_cover_alt(void **state)
{
	char longalt[260];
	(void)state;
	assert_null(cover_alt_problem(false, NULL, false));
	assert_null(cover_alt_problem(true, "Kinder im Park", false));
	assert_null(cover_alt_problem(true, "", true));
	assert_non_null(cover_alt_problem(true, "", false));
	assert_non_null(cover_alt_problem(true, NULL, false));
	assert_non_null(cover_alt_problem(true, " \t\n", false));
	memset(longalt, 'x', 251);
	longalt[251] = '\0';
	assert_string_equal(cover_alt_problem(true, longalt, false),
			    "The description of the picture can have at most 250 characters.");
	longalt[250] = '\0';
	assert_null(cover_alt_problem(true, longalt, false));
	assert_non_null(cover_alt_problem(true, "a\xff", false));
}

/* ---- the PDF check ---- */

/* A PDF with `pages` empty pages and a correct cross-reference table. */
static size_t make_pdf(char *out, size_t cap, int pages)
{
	char objs[8][160];
	size_t n = 0, off[8];
	int count = 0;
	char kids[64] = "";

	for (int i = 0; i < pages; i++) {
		char k[16];
		snprintf(k, sizeof(k), "%s%d 0 R", i ? " " : "", 3 + 2 * i);
		strncat(kids, k, sizeof(kids) - strlen(kids) - 1);
	}
	snprintf(objs[count++], sizeof(objs[0]), "<< /Type /Catalog /Pages 2 0 R >>");
	snprintf(objs[count++], sizeof(objs[0]), "<< /Type /Pages /Kids [%s] /Count %d >>", kids,
		 pages);
	for (int i = 0; i < pages; i++) {
		snprintf(objs[count++], sizeof(objs[0]),
			 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents %d 0 R >>",
			 4 + 2 * i);
		snprintf(objs[count++], sizeof(objs[0]),
			 "<< /Length 18 >>\nstream\n0 0 m 100 100 l S\nendstream");
	}
	n += (size_t)snprintf(out + n, cap - n, "%%PDF-1.4\n");
	for (int i = 0; i < count; i++) {
		off[i] = n;
		n += (size_t)snprintf(out + n, cap - n, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	size_t xref = n;
	n += (size_t)snprintf(out + n, cap - n, "xref\n0 %d\n0000000000 65535 f \n", count + 1);
	for (int i = 0; i < count; i++)
		n += (size_t)snprintf(out + n, cap - n, "%010zu 00000 n \n", off[i]);
	n += (size_t)snprintf(out + n, cap - n,
			      "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
			      count + 1, xref);
	return n;
}

static void test_pdf_check(void **state)
{
	char doc[4096];
	int pages = -1;
	(void)state;

	size_t n = make_pdf(doc, sizeof(doc), 2);
	assert_int_equal(pdf_check(doc, n, &pages), PDF_OK);
	assert_int_equal(pages, 2);
	n = make_pdf(doc, sizeof(doc), 0);
	assert_int_equal(pdf_check(doc, n, &pages), PDF_NO_PAGES);
	/* A header and nothing a parser can use. */
	static const char junk[] = "%PDF-1.7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n%%EOF\n";
	assert_int_equal(pdf_check(junk, sizeof(junk) - 1, NULL), PDF_UNREADABLE);
	/* Cut in half: the catalogue is still found (readers repair), or refused. */
	n = make_pdf(doc, sizeof(doc), 1);
	enum pdf_rc half = pdf_check(doc, 40, NULL);
	assert_true(half == PDF_UNREADABLE || half == PDF_NO_PAGES);
	assert_int_equal(pdf_check("", 0, NULL), PDF_UNREADABLE);
}

/* ---- the orphan purge, on both stores ---- */

struct fixture {
	char url[512];
	char dbname[64];
	char sqlite_path[256];
	struct db *db;
};

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *err = NULL;
	snprintf(f->sqlite_path, sizeof(f->sqlite_path), "/tmp/oic-unit-attach-%d.db",
		 (int)getpid());
	unlink(f->sqlite_path);
	snprintf(f->url, sizeof(f->url), "sqlite:%s", f->sqlite_path);
	f->db = db_open(f->url, &err);
	assert_non_null(f->db);
	*state = f;
	return 0;
}

static int setup_postgres(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *base = getenv("OIC_TEST_PG_URL");
	char admin[512], sql[160];
	char *err = NULL;

	snprintf(f->dbname, sizeof(f->dbname), "oic_unit_attach_%d", (int)getpid());
	snprintf(admin, sizeof(admin), "%s/postgres", base);
	struct db *a = db_open(admin, &err);
	assert_non_null(a);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", f->dbname);
	db_exec_script(a, sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->dbname);
	assert_int_equal(db_exec_script(a, sql), DB_OK);
	db_close(a);
	snprintf(f->url, sizeof(f->url), "%s/%s", base, f->dbname);
	f->db = db_open(f->url, &err);
	assert_non_null(f->db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	if (f->sqlite_path[0]) {
		char p[300];
		unlink(f->sqlite_path);
		snprintf(p, sizeof(p), "%s-wal", f->sqlite_path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", f->sqlite_path);
		unlink(p);
	} else {
		const char *base = getenv("OIC_TEST_PG_URL");
		char admin[512], sql[160];
		char *err = NULL;
		snprintf(admin, sizeof(admin), "%s/postgres", base);
		struct db *a = db_open(admin, &err);
		if (a != NULL) {
			snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", f->dbname);
			db_exec_script(a, sql);
			db_close(a);
		}
		free(err);
	}
	free(f);
	return 0;
}

enum { NOW = 2000000000 };

/* Store an upload like the application does; returns its id. */
static int64_t add_upload(struct db *db, const char *hash, int64_t created)
{
	static const unsigned char bytes[] = {'%', 'P', 'D', 'F', '-', '1', '.', '4', 0, 1, 2};
	struct db_stmt *st = db_stmt(db, STMT_upload_insert);
	int64_t id = 0;
	db_bind_text(st, 1, hash);
	db_bind_text(st, 2, "application/pdf");
	db_bind_i64(st, 3, (int64_t)sizeof(bytes));
	db_bind_null(st, 4);
	db_bind_null(st, 5);
	db_bind_blob(st, 6, bytes, sizeof(bytes));
	db_bind_null(st, 7);
	db_bind_text(st, 8, "");
	db_bind_null(st, 9);
	db_bind_i64(st, 10, created);
	assert_int_equal(db_run(st, &id), DB_OK);
	assert_true(id > 0);
	return id;
}

static bool exists(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, STMT_upload_pdf_size);
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	assert_true(rc >= 0);
	return rc == DB_ROW;
}

static jobq_fn *purge_job(void)
{
	for (const struct jobq_kind *k = app_job_kinds; k->kind != NULL; k++)
		if (strcmp(k->kind, "uploads.purge") == 0)
			return k->run;
	return NULL;
}

static void test_purge(void **state)
{
	struct fixture *f = *state;
	char sql[512], hash[80];
	int64_t old = NOW - UPLOAD_PURGE_GRACE - 1;

	assert_int_equal(migrate_run(f->db, NULL), 0);
	jobq_fn *run = purge_job();
	assert_non_null(run); /* registered with the job thread */

	int64_t orphan = add_upload(f->db, "orphan", old);
	int64_t fresh = add_upload(f->db, "fresh", NOW - 3600);
	int64_t edge = add_upload(f->db, "edge", NOW - UPLOAD_PURGE_GRACE);
	int64_t picture = add_upload(f->db, "picture", old);
	int64_t attached = add_upload(f->db, "attached", old);
	int64_t cover = add_upload(f->db, "cover", old);
	int64_t again = add_upload(f->db, "again", old);
	/* Sent once more just now: the same row, its time renewed. */
	assert_int_equal(add_upload(f->db, "again", NOW - 10), again);
	/* More orphans than one statement deletes. */
	int64_t many[UPLOAD_PURGE_BATCH + 30];
	for (int i = 0; i < UPLOAD_PURGE_BATCH + 30; i++) {
		snprintf(hash, sizeof(hash), "many-%d", i);
		many[i] = add_upload(f->db, hash, old - i);
	}
	snprintf(sql, sizeof(sql),
		 "INSERT INTO challenges (title, summary, created, cover_upload_id, cover_alt) "
		 "VALUES ('C', 'S', 1, %lld, 'Ein Bild');"
		 "INSERT INTO ideas (title, body, created, updated, image_id) "
		 "VALUES ('I', 'B', 1, 1, %lld);"
		 "INSERT INTO ideas (title, body, created, updated) VALUES ('J', 'B', 1, 1);",
		 (long long)cover, (long long)picture);
	assert_int_equal(db_exec_script(f->db, sql), DB_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO idea_attachments (idea_id, upload_id, position, name) "
		 "SELECT max(id), %lld, 0, 'Plan.pdf' FROM ideas;",
		 (long long)attached);
	assert_int_equal(db_exec_script(f->db, sql), DB_OK);

	assert_int_equal(run(f->db, "", NOW), 0);
	assert_false(exists(f->db, orphan));
	for (int i = 0; i < UPLOAD_PURGE_BATCH + 30; i++)
		assert_false(exists(f->db, many[i]));
	assert_true(exists(f->db, fresh));    /* a form in progress */
	assert_true(exists(f->db, edge));     /* exactly a day: not yet */
	assert_true(exists(f->db, picture));  /* an idea's picture */
	assert_true(exists(f->db, attached)); /* an idea's PDF */
	assert_true(exists(f->db, cover));    /* a challenge's cover */
	assert_true(exists(f->db, again));    /* sent again recently */

	/* Idempotent; and a day later the unused fresh ones go too. */
	assert_int_equal(run(f->db, "", NOW), 0);
	assert_true(exists(f->db, fresh));
	assert_int_equal(run(f->db, "", NOW + UPLOAD_PURGE_GRACE), 0);
	assert_false(exists(f->db, fresh));
	assert_false(exists(f->db, edge));
	assert_false(exists(f->db, again));
	assert_true(exists(f->db, picture) && exists(f->db, attached) && exists(f->db, cover));
	/* A cover removed is an orphan from then on. */
	assert_int_equal(db_exec_script(f->db, "UPDATE challenges SET cover_upload_id = NULL;"),
			 DB_OK);
	assert_int_equal(run(f->db, "", NOW + UPLOAD_PURGE_GRACE), 0);
	assert_false(exists(f->db, cover));
	assert_true(exists(f->db, picture) && exists(f->db, attached));
}

int main(void)
{
	const struct CMUnitTest rules[] = {
		cmocka_unit_test(test_sniff_pdf),
		cmocka_unit_test(test_name_clean),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test(test_size_text),
		cmocka_unit_test(test_cover_alt),
		cmocka_unit_test(test_pdf_check),
		cmocka_unit_test_setup_teardown(test_purge, setup_sqlite, teardown),
	};
	const struct CMUnitTest postgres[] = {
		cmocka_unit_test_setup_teardown(test_purge, setup_postgres, teardown),
	};
	int failed = cmocka_run_group_tests_name("attachments (sqlite)", rules, NULL, NULL);
	if (getenv("OIC_TEST_PG_URL") != NULL && getenv("OIC_TEST_PG_URL")[0] != '\0')
		failed +=
			cmocka_run_group_tests_name("attachments (postgres)", postgres, NULL, NULL);
	else
		printf("attachments (postgres): OIC_TEST_PG_URL not set, run by scripts/test.sh\n");
	return failed;
}
