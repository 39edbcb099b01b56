/*
 * test_ics.c - iCalendar content lines (base/ics.c): escaping, folding at
 * 75 octets without splitting a character or an escape, CRLF, limits,
 * and UTC times across the calendar's edges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/ics.h"
#include "base/utf8.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static const char *text(const char *name, const char *value, size_t max)
{
	struct buf b;
	buf_init(&b, &arena);
	ics_text(&b, name, value, max);
	return buf_cstr(&b);
}

/* Undo folding (CRLF + space) and check every physical line's length. */
static const char *unfold(const char *s)
{
	struct buf b;
	size_t col = 0;
	buf_init(&b, &arena);
	for (const char *p = s; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			assert_true(col <= 75);
			col = 0;
			p++;
			if (p[1] == ' ') {
				p++;
				col = 1;
			} else {
				buf_puts(&b, "\r\n");
			}
			continue;
		}
		buf_putc(&b, *p);
		col++;
	}
	assert_int_equal(col, 0); /* ends in CRLF */
	return buf_cstr(&b);
}

static void test_escapes(void **state)
{
	(void)state;
	assert_string_equal(text("SUMMARY", "a,b;c\\d\ne", 0), "SUMMARY:a\\,b\\;c\\\\d\\ne\r\n");
	/* Control characters other than the line break are dropped; CR too. */
	assert_string_equal(text("SUMMARY",
				 "a\r\nb\tc\x01\x7f"
				 "d",
				 0),
			    "SUMMARY:a\\nbcd\r\n");
	assert_string_equal(text("SUMMARY", NULL, 0), "SUMMARY:\r\n");
	/* Bytes that start no UTF-8 sequence are dropped, and never carry a
	 * control character with them (found by fuzz_ics). */
	assert_string_equal(text("S",
				 "a\xf0\x11"
				 "b\x80"
				 "c\xc3",
				 0),
			    "S:abc\r\n");
	/* Raw values are not escaped (URIs keep their commas). */
	struct buf b;
	buf_init(&b, &arena);
	ics_raw(&b, "URL", "https://x.example/a,b;c");
	assert_string_equal(buf_cstr(&b), "URL:https://x.example/a,b;c\r\n");
}

static void test_folding(void **state)
{
	(void)state;
	char value[400];
	memset(value, 'x', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	const char *s = text("DESCRIPTION", value, 0);
	/* 12 octets of name and colon, then 63 x, then 74 per line. */
	assert_memory_equal(s + 75, "\r\n x", 4);
	const char *u = unfold(s);
	assert_int_equal(strlen(u), strlen("DESCRIPTION:") + 399 + 2);

	/* Umlauts and a four-byte character: never split, lines stay valid UTF-8. */
	struct buf v, want;
	buf_init(&v, &arena);
	buf_init(&want, &arena);
	buf_puts(&want, "SUMMARY:");
	for (int i = 0; i < 60; i++) {
		buf_puts(&v, i % 3 == 0 ? "ä" : i % 3 == 1 ? "😀" : "x,");
		buf_puts(&want, i % 3 == 0 ? "ä" : i % 3 == 1 ? "😀" : "x\\,");
	}
	buf_puts(&want, "\r\n");
	s = text("SUMMARY", buf_cstr(&v), 0);
	for (const char *line = s; *line != '\0';) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 75);
		assert_true(utf8_valid(line, (size_t)(end - line)));
		/* an escape is never split: no line ends in a lone backslash */
		assert_false(end > line && end[-1] == '\\' && (end - line < 2 || end[-2] != '\\'));
		line = end + 2;
	}
	assert_string_equal(unfold(s), buf_cstr(&want));
}

static void test_limit(void **state)
{
	(void)state;
	/* At most max bytes of the value, cut before a character, not inside it. */
	assert_string_equal(text("S", "abcdef", 3), "S:abc\r\n");
	assert_string_equal(text("S", "abä", 3), "S:ab\r\n");
	assert_string_equal(text("S", "a,b", 2), "S:a\\,\r\n");

	/* The limit spans the pieces of one line. */
	struct buf b;
	struct ics_line l;
	buf_init(&b, &arena);
	ics_begin(&l, &b, "S", 5);
	ics_add_text(&l, "abc");
	ics_add_i64(&l, -42);
	ics_add_text(&l, "zzz");
	ics_end(&l);
	assert_string_equal(buf_cstr(&b), "S:abc-4\r\n");

	buf_init(&b, &arena);
	ics_begin(&l, &b, "UID", 0);
	ics_add_raw(&l, "event-");
	ics_add_i64(&l, INT64_MAX);
	ics_add_i64(&l, INT64_MIN);
	ics_add_i64(&l, 0);
	ics_end(&l);
	assert_string_equal(buf_cstr(&b), "UID:event-9223372036854775807-92233720368547758080\r\n");
}

static void test_utc(void **state)
{
	(void)state;
	struct {
		int64_t t;
		const char *want;
	} cases[] = {
		{0, "T:19700101T000000Z\r\n"},
		{1795687199, "T:20261126T095959Z\r\n"},
		{951782400, "T:20000229T000000Z\r\n"},	  /* a leap day of a century */
		{1709251199, "T:20240229T235959Z\r\n"},	  /* the last second of one */
		{-1, "T:19691231T235959Z\r\n"},		  /* before the epoch */
		{-62167219200, "T:00000101T000000Z\r\n"}, /* the first DATE-TIME */
		{253402300799, "T:99991231T235959Z\r\n"}, /* the last one */
		{253402300800, "T:19700101T000000Z\r\n"}, /* beyond: the epoch */
		{INT64_MIN, "T:19700101T000000Z\r\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b;
		buf_init(&b, &arena);
		ics_utc(&b, "T", cases[i].t);
		assert_string_equal(buf_cstr(&b), cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_utc),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
