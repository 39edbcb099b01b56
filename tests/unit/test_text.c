/*
 * test_text.c - the held words' matcher (base/text.c,
 * text_find_listed_word): whole words, case folded for ASCII and Latin-1,
 * prefixes with '*', the list's separators and blanks, punctuation of
 * German texts as word boundaries, and broken UTF-8 in the list; and the
 * audit log's "field: value" lines (base/buf.c, buf_field_line and
 * buf_field_diff).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/text.h"

static struct arena a;

static const char *find(const char *list, const char *text)
{
	return text_find_listed_word(&a, list, text);
}

static void test_whole_words_folded(void **state)
{
	(void)state;
	assert_string_equal(find("idiot", "Du bist ein Idiot!"), "idiot");
	assert_string_equal(find("idiot", "„IDIOT“"), "idiot");
	assert_null(find("idiot", "Idiotie ist kein Wort hier"));
	assert_null(find("idiot", "Ein freundlicher Text"));
	/* Latin-1 capitals fold: Ä = ä, Ö = ö, Ü = ü; ß stays itself. */
	assert_string_equal(find("dämlich", "DÄMLICH ist das"), "dämlich");
	assert_string_equal(find("Übel", "ganz übel"), "Übel");
	assert_null(find("strasse", "Straße"));
}

static void test_prefix_and_list(void **state)
{
	(void)state;
	assert_string_equal(find("idiot*", "Lauter Idioten"), "idiot*");
	assert_null(find("idiot*", "Ein Halbidiot"));
	/* Lines, commas, blanks and CRLF separate; empty entries are skipped. */
	const char *list = " spam ,\r\n\n  kaufen*  \r\nbetrug";
	assert_string_equal(find(list, "Jetzt KAUFEN!!!"), "kaufen*");
	assert_string_equal(find(list, "Das ist Betrug."), "betrug");
	assert_string_equal(find(list, "spam"), "spam");
	assert_null(find(list, "Ein Vorschlag für den Radweg"));
	assert_null(find("", "spam"));
	assert_null(find(" , \n*", "spam"));
	assert_null(find(NULL, "spam"));
	assert_null(find("spam", NULL));
}

static void test_boundaries_and_broken_input(void **state)
{
	(void)state;
	/* Dashes and quotes of the general punctuation block end words. */
	assert_string_equal(find("mist", "So ein Mist–wirklich"), "mist");
	assert_string_equal(find("mist", "…Mist…"), "mist");
	/* Digits are part of a word. */
	assert_null(find("mist", "mist2"));
	assert_string_equal(find("b2b", "Reines B2B-Angebot"), "b2b");
	/* A list with a broken sequence neither matches everything nor reads past its end. */
	assert_null(find("\xC3", "Ä"));
	assert_null(find("ab\xE2\x82", "ab"));
	assert_string_equal(find("\xE2\x82,ok", "ok"), "ok");
}

static void test_field_lines(void **state)
{
	(void)state;
	struct buf was, is, one;
	bool changed = false;

	buf_init(&was, &a);
	buf_init(&is, &a);
	buf_field_diff(&was, &is, "title", "Alt", "Alt", &changed);
	assert_false(changed);
	assert_string_equal(buf_cstr(&was), "");
	buf_field_diff(&was, &is, "title", "Alt", "Neu", &changed);
	buf_field_diff(&was, &is, "lang", "de", "de", &changed);
	buf_field_diff(&was, &is, "lat", "52.0", "", &changed);
	assert_true(changed);
	/* Only the fields that differ, one line each, no line break after the last. */
	assert_string_equal(buf_cstr(&was), "title: Alt\nlat: 52.0");
	assert_string_equal(buf_cstr(&is), "title: Neu\nlat: ");
	buf_init(&one, &a);
	buf_field_line(&one, "due", "none");
	assert_string_equal(buf_cstr(&one), "due: none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_words_folded),
		cmocka_unit_test(test_prefix_and_list),
		cmocka_unit_test(test_boundaries_and_broken_input),
		cmocka_unit_test(test_field_lines),
	};
	arena_init(&a);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(&a);
	return rc;
}
