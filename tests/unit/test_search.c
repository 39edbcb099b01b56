/*
 * test_search.c - full-text search without a server: words and stems
 * (base/stem.c), the FTS5 tokenizer oic_stem and the ranking function
 * oic_rank on a real SQLite database (store/sqlite_stem.c, sqlite_rank.c),
 * reading queries, highlighting and snippets, and
 * the cursor of ranked pages (features/discover/rules.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "base/buf.h"
#include "base/stem.h"
#include "features/discover/rules.h"
#include "store/sqlite_rank.h"
#include "store/sqlite_stem.h"

struct fixture {
	struct stemmer *st;
	struct arena a;
};

static int setup(void **state)
{
	static struct fixture f;
	f.st = stemmer_new();
	arena_init(&f.a);
	*state = &f;
	return f.st == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	stemmer_free(f->st);
	arena_free(&f->a);
	return 0;
}

/* The words of text, joined by '|'. */
static const char *words(struct arena *a, const char *text)
{
	struct buf b;
	size_t pos = 0, start, end, len = strlen(text);
	buf_init(&b, a);
	while (stem_next_word(text, len, &pos, &start, &end)) {
		if (b.len > 0)
			buf_putc(&b, '|');
		buf_append(&b, text + start, end - start);
	}
	return buf_cstr(&b);
}

/* The stems of one word, joined by '|'; "" for a stop word. */
static const char *stems(struct fixture *f, const char *word)
{
	struct stem s[STEM_MAX];
	struct buf b;
	int n = stemmer_stems(f->st, word, strlen(word), s);
	buf_init(&b, &f->a);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '|');
		buf_append(&b, s[i].s, s[i].n);
	}
	return buf_cstr(&b);
}

static void test_words(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(words(&f->a, "Fahrräder, E-Bikes & co2-Bilanz 2035!"),
			    "Fahrräder|E|Bikes|co2|Bilanz|2035");
	assert_string_equal(words(&f->a, "  «Straße» — Ærø; naïve…"), "Straße|Ærø|naïve");
	/* Emoji and symbols separate; invalid UTF-8 separates too. */
	assert_string_equal(words(&f->a, "Rad😀weg a\xff"
					 "b \xe2\x82"),
			    "Rad|weg|a|b");
	assert_string_equal(words(&f->a, ""), "");
	assert_string_equal(words(&f->a, "—…!"), "");
}

static void test_stems(void **state)
{
	struct fixture *f = *state;

	/* German stems fold umlauts; English sees the word without accents. */
	assert_string_equal(stems(f, "Fahrräder"), "fahrrad");
	assert_string_equal(stems(f, "Fahrrad"), "fahrrad");
	assert_string_equal(stems(f, "FAHRRÄDER"), "fahrrad");
	assert_string_equal(stems(f, "bikes"), "bik|bike");
	assert_string_equal(stems(f, "Bike"), "bik|bike");
	assert_string_equal(stems(f, "Straße"), "strass");
	assert_string_equal(stems(f, "Strasse"), "strass");
	assert_string_equal(stems(f, "Mobilität"), "mobilitat");
	assert_string_equal(stems(f, "cities"), "citi");
	assert_string_equal(stems(f, "city"), "city|citi");
	/* Stop words of either language give nothing. */
	assert_string_equal(stems(f, "und"), "");
	assert_string_equal(stems(f, "The"), "");
	assert_string_equal(stems(f, "für"), "");
	assert_string_equal(stems(f, "ÜBER"), "");
	assert_true(stem_is_stop_word("Die", 3));
	assert_false(stem_is_stop_word("Rad", 3));
	/* A very long word is cut, not refused. */
	char longword[300];
	memset(longword, 'a', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	assert_true(strlen(stems(f, longword)) > 0);
	assert_true(strlen(stems(f, longword)) <= STEM_WORD_MAX);
}

/* Rows of an FTS5 table with the tokenizer matching q, as "1,3". */
static const char *fts_match(struct arena *a, sqlite3 *db, const char *q)
{
	sqlite3_stmt *st = NULL;
	struct buf b;
	buf_init(&b, a);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (b.len > 0)
			buf_putc(&b, ',');
		buf_put_i64(&b, sqlite3_column_int64(st, 0));
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	return buf_cstr(&b);
}

static void test_fts5_tokenizer(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite_stem_register(db), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(db,
			     "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='oic_stem');"
			     "INSERT INTO t (rowid, body) VALUES "
			     "(1, 'Ein sicheres Fahrrad für jedes Kind'),"
			     "(2, 'More bike lanes for the city'),"
			     "(3, 'Grüne Straßen und Bäume in der Innenstadt'),"
			     "(4, 'Sharing cities: a report');",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_string_equal(fts_match(&f->a, db, "\"Fahrräder\""), "1");
	assert_string_equal(fts_match(&f->a, db, "\"bikes\""), "2");
	assert_string_equal(fts_match(&f->a, db, "\"Strasse\""), "3");
	assert_string_equal(fts_match(&f->a, db, "\"baum\""), "3");
	assert_string_equal(fts_match(&f->a, db, "\"city\""), "2,4");
	/* Phrases keep working with both stems at one position. */
	assert_string_equal(fts_match(&f->a, db, "\"bike lanes\""), "2");
	assert_string_equal(fts_match(&f->a, db, "\"lanes bike\""), "");
	/* Stop words are not indexed: "in der" between words is no gap. */
	assert_string_equal(fts_match(&f->a, db, "\"Bäume Innenstadt\""), "3");
	assert_string_equal(fts_match(&f->a, db, "\"fahrrad\" OR \"bike\""), "1,2");
	assert_string_equal(fts_match(&f->a, db, "\"city\" NOT \"report\""), "2");
	/* The tokenizer takes no options. */
	assert_int_not_equal(
		sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='oic_stem de')",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
}

/*
 * The rows of `match` with bm25() and oic_rank() side by side (weights 3
 * and 1 for the two columns): *equal counts the rows where both agree to
 * 1e-12, *total the rows, *higher those where oic_rank scores better.
 */
static void rank_against_bm25(sqlite3 *db, const char *match, int *equal, int *total, int *better)
{
	sqlite3_stmt *st = NULL;
	*equal = *total = *better = 0;
	assert_int_equal(
		sqlite3_prepare_v2(db,
				   "SELECT bm25(t, 3.0, 1.0), oic_rank(t, 3.0, 1.0) FROM t "
				   "WHERE t MATCH ?1 ORDER BY rowid",
				   -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		double bm25 = sqlite3_column_double(st, 0), ours = sqlite3_column_double(st, 1);
		(*total)++;
		*equal += fabs(bm25 - ours) < 1e-12;
		*better += ours < bm25 - 1e-12;
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
}

static void test_fts5_rank(void **state)
{
	sqlite3 *db = NULL;
	int equal, total, better;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite_stem_register(db), SQLITE_OK);
	/*
	 * 3,000 rows: "Zisterne" in 1,200 of them (more than the cap of
	 * 200), "Brunnen" in 30, "Rathaus" in 150, lengths varying.
	 */
	assert_int_equal(
		sqlite3_exec(
			db,
			"CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='oic_stem');"
			"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n "
			"WHERE k < 3000) INSERT INTO t (rowid, title, body) SELECT k, "
			"CASE WHEN k % 5 < 2 THEN 'Zisterne ' ELSE 'Garten ' END || "
			"CASE WHEN k % 100 = 0 THEN 'Brunnen' ELSE 'Beet' END, "
			"CASE WHEN k % 20 = 0 THEN 'Rathaus ' ELSE 'Hof ' END || "
			"substr('Wasser sammeln im Sommer und im Winter für alle', 1, 5 + k % 40) "
			"FROM n;",
			NULL, NULL, NULL),
		SQLITE_OK);
	/* Phrases in fewer rows than the cap: bm25 exactly. */
	rank_against_bm25(db, "\"Brunnen\"", &equal, &total, &better);
	assert_int_equal(total, 30);
	assert_int_equal(equal, 30);
	rank_against_bm25(db, "\"Rathaus\" OR \"Brunnen\"", &equal, &total, &better);
	assert_int_equal(total, 150);
	assert_int_equal(equal, 150);
	/*
	 * A phrase in more rows than the cap counts as in SQLITE_RANK_DF_CAP
	 * rows: a larger idf, every row scores better than with bm25, and the
	 * order of the rows among themselves is bm25's.
	 */
	rank_against_bm25(db, "\"Zisterne\"", &equal, &total, &better);
	assert_int_equal(total, 1200);
	assert_int_equal(better, 1200);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(
				 db,
				 "SELECT (SELECT group_concat(rowid) FROM (SELECT rowid FROM t "
				 "WHERE t MATCH 'Zisterne' ORDER BY bm25(t, 3.0, 1.0), rowid)) = "
				 "(SELECT group_concat(rowid) FROM (SELECT rowid FROM t "
				 "WHERE t MATCH 'Zisterne' ORDER BY oic_rank(t, 3.0, 1.0), rowid))",
				 -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	/* The capped idf, by hand: log((N - cap + 0.5) / (cap + 0.5)) for row 5. */
	assert_int_equal(
		sqlite3_prepare_v2(db,
				   "SELECT bm25(t, 3.0, 1.0), oic_rank(t, 3.0, 1.0) FROM t "
				   "WHERE t MATCH 'Zisterne' AND rowid = 5",
				   -1, &st, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	double ratio = sqlite3_column_double(st, 1) / sqlite3_column_double(st, 0);
	double want = log((3000 - SQLITE_RANK_DF_CAP + 0.5) / (SQLITE_RANK_DF_CAP + 0.5)) /
		      log((3000 - 1200 + 0.5) / (1200 + 0.5));
	assert_true(fabs(ratio - want) < 1e-9 * want);
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	sqlite3_close(db);
}

static void test_query_parse(void **state)
{
	struct fixture *f = *state;
	struct search_query q;

	assert_int_equal(search_query_parse(&f->a, f->st, "Fahrräder  Köln", &q), SEARCH_OK);
	assert_string_equal(q.fts5, "\"Fahrräder\" \"Köln\"");
	assert_string_equal(q.websearch, "Fahrräder Köln");

	/* Phrases, or, exclusions (moved behind), stop words dropped. */
	assert_int_equal(
		search_query_parse(&f->a, f->st, "-teuer \"grüne Straße\" OR Radweg die and", &q),
		SEARCH_OK);
	assert_string_equal(q.fts5, "\"grüne Straße\" OR \"Radweg\" NOT \"teuer\"");
	assert_string_equal(q.websearch, "\"grüne Straße\" or Radweg -teuer");

	/* Quotes inside a word cannot break out of the FTS5 string. */
	assert_int_equal(search_query_parse(&f->a, f->st, "Rad\"b OR) NEAR(x", &q), SEARCH_OK);
	assert_string_equal(q.fts5, "\"Rad\" \"b OR) NEAR(x\"");
	assert_int_equal(search_query_parse(&f->a, f->st, "Rad* col:x ^y", &q), SEARCH_OK);
	assert_string_equal(q.fts5, "\"Rad*\" \"col:x\" \"^y\"");
	assert_int_equal(search_query_parse(&f->a, f->st, "\"unclosed phrase", &q), SEARCH_OK);
	assert_string_equal(q.fts5, "\"unclosed phrase\"");
	assert_string_equal(q.websearch, "\"unclosed phrase\"");

	/* A leading or trailing "or" joins nothing. */
	assert_int_equal(search_query_parse(&f->a, f->st, "or Rad or", &q), SEARCH_OK);
	assert_string_equal(q.fts5, "\"Rad\"");

	assert_int_equal(search_query_parse(&f->a, f->st, "   ", &q), SEARCH_EMPTY);
	assert_int_equal(search_query_parse(&f->a, f->st, NULL, &q), SEARCH_EMPTY);
	assert_int_equal(search_query_parse(&f->a, f->st, "die und the", &q), SEARCH_NO_TERMS);
	assert_int_equal(search_query_parse(&f->a, f->st, "-Rad", &q), SEARCH_NO_TERMS);
	assert_int_equal(search_query_parse(&f->a, f->st, "!!! ???", &q), SEARCH_NO_TERMS);
	assert_null(q.fts5);

	char longq[SEARCH_QUERY_MAX + 2];
	memset(longq, 'x', sizeof(longq) - 1);
	longq[sizeof(longq) - 1] = '\0';
	assert_int_equal(search_query_parse(&f->a, f->st, longq, &q), SEARCH_TOO_LONG);
	/* Characters, not bytes: 200 umlauts are 400 bytes and fine. */
	char umlauts[2 * SEARCH_QUERY_MAX + 1];
	for (int i = 0; i < SEARCH_QUERY_MAX; i++)
		memcpy(umlauts + 2 * i, "ä", 2);
	umlauts[2 * SEARCH_QUERY_MAX] = '\0';
	assert_int_equal(search_query_parse(&f->a, f->st, umlauts, &q), SEARCH_OK);

	/* At most SEARCH_TERMS_MAX terms are used. */
	assert_int_equal(
		search_query_parse(&f->a, f->st,
				   "a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12 a13 a14 a15 a16 "
				   "a17 a18",
				   &q),
		SEARCH_OK);
	assert_null(strstr(q.fts5, "a17"));
	assert_non_null(strstr(q.fts5, "a16"));
}

/*
 * A query remembers the words it has judged (search.c's memo): the same
 * word, seen again, gets the same answer, and once the memo is full the
 * words after it are still judged, not taken for a match or a miss.
 */
static void test_highlight_memo(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	struct buf text, want;

	assert_int_equal(search_query_parse(&f->a, f->st, "Fahrrad", &q), SEARCH_OK);
	buf_init(&text, &f->a);
	buf_init(&want, &f->a);
	for (int i = 0; i < 1200; i++) { /* more distinct words than the memo keeps */
		buf_printf(&text, "wort%d Fahrräder ", i);
		buf_printf(&want, "wort%d <mark>Fahrräder</mark> ", i);
	}
	buf_puts(&text, "Fahrrad Auto");
	buf_puts(&want, "<mark>Fahrrad</mark> Auto");
	assert_string_equal(search_highlight(&f->a, f->st, &q, buf_cstr(&text)), buf_cstr(&want));
	/* And again with the memo full: the same answers. */
	assert_string_equal(search_highlight(&f->a, f->st, &q, buf_cstr(&text)), buf_cstr(&want));
	assert_string_equal(search_highlight(&f->a, f->st, &q, "wort1199x fahrrads"),
			    "wort1199x <mark>fahrrads</mark>");
}

static void test_highlight(void **state)
{
	struct fixture *f = *state;
	struct search_query q;

	assert_int_equal(search_query_parse(&f->a, f->st, "Fahrrad bikes", &q), SEARCH_OK);
	/* Escaped first, then marked: stored text is never markup. */
	assert_string_equal(
		search_highlight(&f->a, f->st, &q,
				 "<b>Fahrräder</b> & \"Bike\"-Wege <script>alert(1)</script>"),
		"&lt;b&gt;<mark>Fahrräder</mark>&lt;/b&gt; &amp; &quot;<mark>Bike</mark>&quot;-Wege "
		"&lt;script&gt;alert(1)&lt;/script&gt;");
	/* Excluded words are not marked. */
	assert_int_equal(search_query_parse(&f->a, f->st, "Rad -Auto", &q), SEARCH_OK);
	assert_string_equal(search_highlight(&f->a, f->st, &q, "Rad statt Auto"),
			    "<mark>Rad</mark> statt Auto");
	assert_string_equal(search_highlight(&f->a, f->st, &q, NULL), "");
	assert_string_equal(search_highlight(&f->a, f->st, &q, "it's <Rad>"),
			    "it&#39;s &lt;<mark>Rad</mark>&gt;");
}

static void test_snippet(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	const char *text = "## Worum es geht\n\nDie Stadt will bis 2035 die Hälfte aller Wege zu "
			   "Fuß, mit dem Rad oder mit Bus und Bahn zurücklegen lassen. Gesucht "
			   "sind **Ideen** für Quartiere, Pendelwege und Lieferverkehr.";

	assert_int_equal(search_query_parse(&f->a, f->st, "Lieferverkehr", &q), SEARCH_OK);
	/* The window ends with the text here; the cut-off start is marked with "…". */
	assert_string_equal(search_snippet(&f->a, f->st, &q, text, 6),
			    "… Ideen für Quartiere, Pendelwege und <mark>Lieferverkehr</mark>.");
	/* No match in the text: its beginning, Markdown marks flattened. */
	assert_int_equal(search_query_parse(&f->a, f->st, "Zeppelin", &q), SEARCH_OK);
	assert_string_equal(search_snippet(&f->a, f->st, &q, text, 5), "Worum es geht Die Stadt …");
	/* The densest window wins, with a little context before the first match. */
	assert_int_equal(search_query_parse(&f->a, f->st, "Rad Bahn", &q), SEARCH_OK);
	assert_string_equal(search_snippet(&f->a, f->st, &q, text, 8),
			    "… mit dem <mark>Rad</mark> oder mit Bus und <mark>Bahn</mark> …");
	/* "**Ideen**" loses its marks, not its words; "foo_bar" stays two words. */
	assert_int_equal(search_query_parse(&f->a, f->st, "Ideen", &q), SEARCH_OK);
	assert_string_equal(search_snippet(&f->a, f->st, &q, "Gute **Ideen** foo_bar", 10),
			    "Gute <mark>Ideen</mark> foo bar");
	/* Hostile text stays text. */
	assert_string_equal(
		search_snippet(&f->a, f->st, &q, "Ideen <img src=x onerror=alert(1)> & \"mehr\"",
			       10),
		"<mark>Ideen</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &quot;mehr&quot;");
	assert_string_equal(search_snippet(&f->a, f->st, &q, "", 10), "");
	/* Long texts are read only so far, and say so. */
	static char big[SEARCH_SNIPPET_SCAN * 2];
	for (size_t i = 0; i + 6 < sizeof(big); i += 6)
		memcpy(big + i, "Wort. ", 6);
	big[sizeof(big) - 1] = '\0';
	const char *s = search_snippet(&f->a, f->st, &q, big, 4);
	assert_string_equal(s, "Wort. Wort. Wort. Wort …");
}

static void test_cursor(void **state)
{
	struct fixture *f = *state;
	struct search_cursor c = {-12.345678901234567, SEARCH_PROJECT, 4242}, d;

	const char *text = search_cursor_format(&f->a, &c);
	assert_non_null(text);
	assert_int_equal(strspn(text, "0123456789abcdef_"), strlen(text)); /* URL-safe */
	assert_true(search_cursor_parse(text, &d));
	assert_true(d.score == c.score); /* exactly the same double */
	assert_int_equal(d.kind, SEARCH_PROJECT);
	assert_int_equal(d.id, 4242);

	assert_false(search_cursor_parse(NULL, &d));
	assert_false(search_cursor_parse("", &d));
	assert_false(search_cursor_parse("c028b0fcd32f707a_3", &d));
	assert_false(search_cursor_parse("c028b0fcd32f707a_7_1", &d));	/* no kind 7 */
	assert_false(search_cursor_parse("c028b0fcd32f707a_3_0", &d));	/* id 0 */
	assert_false(search_cursor_parse("c028b0fcd32f707a_3_1x", &d)); /* trailing */
	assert_false(search_cursor_parse("C028B0FCD32F707A_3_1", &d));	/* upper case */
	assert_false(search_cursor_parse("7ff8000000000000_3_1", &d));	/* NaN */
	assert_false(search_cursor_parse("c028b0fcd32f707a_3_1234567890123456789", &d));
}

static void test_kinds(void **state)
{
	enum search_kind k;
	(void)state;
	for (int i = 0; i < SEARCH_KIND__COUNT; i++) {
		assert_true(search_kind_parse(search_kinds[i].id, &k));
		assert_int_equal(k, i);
	}
	assert_false(search_kind_parse("ideas", &k));
	assert_false(search_kind_parse(NULL, &k));
	assert_int_equal(SEARCH_ALL_KINDS, 127); /* seven kinds: actor is the seventh */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fts5_tokenizer, setup, teardown),
		cmocka_unit_test(test_fts5_rank),
		cmocka_unit_test_setup_teardown(test_highlight_memo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_highlight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor, setup, teardown),
		cmocka_unit_test(test_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
