/*
 * test_i18n.c - catalogue lookup and Accept-Language negotiation.
 *
 * Runs against the catalogue tplc generates from tests/unit/tpl/de.po
 * and en.po (de first, so LANG_DE is the default), not the production
 * one, so that the tests do not change whenever a page gets a string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/i18n.h"

static void test_generated_catalogue(void **state)
{
	(void)state;
	assert_int_equal(LANG__MAX, 2);
	assert_int_equal(I18N_DEFAULT_LANG, LANG_DE);
	assert_string_equal(i18n_lang_codes[LANG_DE], "de");
	assert_string_equal(i18n_lang_codes[LANG_EN], "en");
	/* sorted and NULL-terminated, as tr() relies on */
	for (size_t i = 1; i < i18n_msg_count; i++)
		assert_true(strcmp(i18n_msgids[i - 1], i18n_msgids[i]) < 0);
	assert_null(i18n_msgids[i18n_msg_count]);
	for (int l = 0; l < LANG__MAX; l++)
		assert_null(i18n_msgstrs[l][i18n_msg_count]);
}

static void test_tr(void **state)
{
	(void)state;
	assert_string_equal(tr(LANG_DE, "Save"), "Speichern");
	assert_string_equal(tr(LANG_EN, "Save"), "Save");
	assert_string_equal(tr(LANG_DE, "Ideas"), "Ideen & <Vorschläge>");
	/* first and last entries of the sorted table */
	assert_string_equal(tr(LANG_DE, i18n_msgids[0]), i18n_msgstrs[LANG_DE][0]);
	assert_string_equal(tr(LANG_EN, i18n_msgids[i18n_msg_count - 1]),
			    i18n_msgstrs[LANG_EN][i18n_msg_count - 1]);

	/* unknown msgid: the msgid itself, the very pointer */
	const char *unknown = "No such message";
	assert_ptr_equal(tr(LANG_DE, unknown), unknown);
	assert_ptr_equal(tr(LANG_DE, ""), tr(LANG_DE, ""));
	assert_string_equal(tr(LANG_DE, ""), "");
	assert_null(tr(LANG_DE, NULL));
	/* an out-of-range language cannot read past the table */
	assert_ptr_equal(tr((enum lang)LANG__MAX, unknown), unknown);
	assert_string_equal(tr((enum lang)99, "Save"), "Save");
}

static void test_lang_from_code(void **state)
{
	enum lang l = LANG_EN;

	(void)state;
	assert_true(i18n_lang_from_code("de", 2, &l));
	assert_int_equal(l, LANG_DE);
	assert_true(i18n_lang_from_code("EN", 2, &l));
	assert_int_equal(l, LANG_EN);
	/* length counts, not the NUL */
	assert_true(i18n_lang_from_code("dex", 2, &l));
	assert_int_equal(l, LANG_DE);

	l = LANG_EN;
	assert_false(i18n_lang_from_code("d", 1, &l));
	assert_false(i18n_lang_from_code("deu", 3, &l));
	assert_false(i18n_lang_from_code("de-DE", 5, &l));
	assert_false(i18n_lang_from_code("", 0, &l));
	assert_false(i18n_lang_from_code(NULL, 0, &l));
	assert_false(i18n_lang_from_code("fr", 2, &l));
	assert_int_equal(l, LANG_EN); /* left alone */
}

static void test_code(void **state)
{
	(void)state;
	assert_string_equal(i18n_code(LANG_DE), "de");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_string_equal(i18n_code((enum lang)42), "de");
}

struct negotiation {
	const char *header;
	enum lang want;
};

static void test_negotiate(void **state)
{
	static const struct negotiation cases[] = {
		{NULL, LANG_DE},
		{"", LANG_DE},
		{"en", LANG_EN},
		{"de", LANG_DE},
		{"EN", LANG_EN},
		{"en-US", LANG_EN},
		{"en-GB-oxendict", LANG_EN},
		{"de-DE,de;q=0.9,en;q=0.8", LANG_DE},
		{"en-US,en;q=0.9,de;q=0.8", LANG_EN},
		{"fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", LANG_EN},
		{"de;q=0.5, en;q=0.8", LANG_EN},
		{"de;q=0.8, en;q=0.8", LANG_DE}, /* tie: earlier wins */
		{"en;q=0.8, de;q=0.8", LANG_EN},
		{"en;q=0, de;q=0.1", LANG_DE},
		{"en;q=0", LANG_DE}, /* excluded, default */
		{"en;q=0.000", LANG_DE},
		{"fr, en;q=0.001", LANG_EN},
		{"fr", LANG_DE},
		{"*", LANG_DE},
		{"fr, *;q=0.1", LANG_DE},
		{"  en  ;  q=0.5  ", LANG_EN},
		{"en;Q=1.000", LANG_EN},
		{"en;q=1.0001, de;q=0.2", LANG_DE}, /* 4 decimals: bad */
		{"en;q=2, de;q=0.2", LANG_DE},	    /* q > 1: bad */
		{"en;q=1.5", LANG_DE},
		{"en;q=, de", LANG_DE},
		{"en;level=1, de;q=0.1", LANG_DE}, /* only q is a weight */
		{"e n, en;q=0.3", LANG_EN},
		{"!!!garbage!!!", LANG_DE},
		{",,,", LANG_DE},
		{";q=1, en", LANG_EN},
		{"english", LANG_DE}, /* not a prefix match */
		{"enx-US", LANG_DE},
		{"toolonglang, en;q=0.5", LANG_EN}, /* >8 alpha: bad */
		{"de-\xc3\xa4, en;q=0.5", LANG_EN},
		{"en-", LANG_DE},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lang got = i18n_negotiate(cases[i].header);
		if (got != cases[i].want) {
			print_error("Accept-Language \"%s\": got %s, want %s\n",
				    cases[i].header != NULL ? cases[i].header : "(null)",
				    i18n_code(got), i18n_code(cases[i].want));
			fail();
		}
	}
}

static void test_n_macro(void **state)
{
	static const char *const labels[] = {N_("Sector"), N_("Save")};

	(void)state;
	assert_string_equal(labels[0], "Sector");
	assert_string_equal(tr(LANG_DE, labels[0]), "Sektor");
	assert_string_equal(tr(LANG_DE, labels[1]), "Speichern");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_catalogue), cmocka_unit_test(test_tr),
		cmocka_unit_test(test_lang_from_code),	    cmocka_unit_test(test_code),
		cmocka_unit_test(test_negotiate),	    cmocka_unit_test(test_n_macro),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
