/*
 * test_organisations.c - the rules of an organisation's profile
 * (features/organisations/rules.c): the website, and what the office's
 * form and the representatives' form check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "features/organisations/rules.h"

static void test_website(void **state)
{
	(void)state;
	assert_true(org_website_ok("https://example.org"));
	assert_true(org_website_ok("http://example.org/a?b=c#d"));
	assert_true(org_website_ok("https://xn--bcher-kva.example/ü"));
	assert_false(org_website_ok(NULL));
	assert_false(org_website_ok(""));
	assert_false(org_website_ok("example.org"));
	assert_false(org_website_ok("ftp://example.org"));
	assert_false(org_website_ok("javascript:alert(1)"));
	assert_false(org_website_ok("HTTPS://example.org")); /* as typed: lower case */
	assert_false(org_website_ok("https://"));
	assert_false(org_website_ok("https:///path"));
	assert_false(org_website_ok("https://exa mple.org"));
	assert_false(org_website_ok("https://example.org/\"><script>"));
	assert_false(org_website_ok("https://example.org/\x01"));
	assert_false(org_website_ok("https://example.org/\xc3"));
	char *big = malloc(ORG_WEBSITE_MAX + 2);
	assert_non_null(big);
	memcpy(big, "https://", 8);
	memset(big + 8, 'a', ORG_WEBSITE_MAX - 7);
	big[ORG_WEBSITE_MAX + 1] = '\0';
	assert_false(org_website_ok(big));
	big[ORG_WEBSITE_MAX] = '\0';
	assert_true(org_website_ok(big));
	free(big);
}

static void test_profile_check(void **state)
{
	struct arena a;
	struct org_profile p;
	struct field_problem problems[5];

	(void)state;
	arena_init(&a);
	/* The office's form: all five fields, trimmed. */
	assert_int_equal(org_profile_check(&a, true, "  Verein  ", "civil", " Text ", "", "en", &p,
					   problems),
			 0);
	assert_string_equal(p.name, "Verein");
	assert_string_equal(p.sector, "civil");
	assert_string_equal(p.summary, "Text");
	assert_string_equal(p.website, "");
	assert_string_equal(p.lang, "en");
	/* Every field wrong. */
	char name[ORG_NAME_MAX + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(
		org_profile_check(&a, true, name, "church", NULL, "www.x.org", "fr", &p, problems),
		4);
	assert_string_equal(problems[0].field, "name");
	assert_string_equal(problems[0].message, "The name can be at most 200 characters long.");
	assert_string_equal(problems[1].field, "sector");
	assert_string_equal(problems[2].field, "website");
	assert_string_equal(problems[3].field, "lang");
	assert_int_equal(org_profile_check(&a, true, "   ", "civil", "", "", "de", &p, problems),
			 1);
	assert_string_equal(problems[0].message, "Enter the organisation's name.");
	/* 200 characters of two bytes each are fine. */
	char umlauts[2 * ORG_NAME_MAX + 1];
	for (int i = 0; i < ORG_NAME_MAX; i++)
		memcpy(umlauts + 2 * i, "\xc3\xbc", 2);
	umlauts[2 * ORG_NAME_MAX] = '\0';
	assert_int_equal(org_profile_check(&a, true, umlauts, "civil", "", "", "de", &p, problems),
			 0);
	/* The representatives' form: name and sector are not theirs. */
	assert_int_equal(org_profile_check(&a, false, "ignored", "church", "Text",
					   "https://example.org", "de", &p, problems),
			 0);
	assert_null(p.name);
	assert_null(p.sector);
	char *summary = malloc(ORG_SUMMARY_MAX + 2);
	assert_non_null(summary);
	memset(summary, 's', ORG_SUMMARY_MAX + 1);
	summary[ORG_SUMMARY_MAX + 1] = '\0';
	assert_int_equal(org_profile_check(&a, false, NULL, NULL, summary, "", "de", &p, problems),
			 1);
	assert_string_equal(problems[0].field, "summary");
	summary[ORG_SUMMARY_MAX] = '\0';
	assert_int_equal(org_profile_check(&a, false, NULL, NULL, summary, "", "de", &p, problems),
			 0);
	free(summary);
	assert_int_equal(org_profile_check(&a, false, NULL, NULL, "", "", "deu", &p, problems), 1);
	assert_string_equal(problems[0].field, "lang");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_website),
		cmocka_unit_test(test_profile_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
