/*
 * test_content.c - the content pages' rules (features/content/rules.c):
 * a page from its path or slug, the text as it is stored, and what it
 * must be to become a version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "features/content/rules.h"

static void test_page_of_path(void **state)
{
	enum content_page p = CONTENT__COUNT;

	(void)state;
	assert_true(content_page_of_path("/admin/pages/imprint", &p));
	assert_int_equal(p, CONTENT_IMPRINT);
	assert_true(content_page_of_path("/admin/pages/accessibility/versions/12/restore", &p));
	assert_int_equal(p, CONTENT_ACCESSIBILITY);
	assert_true(content_page_of_path("/admin/pages/privacy/versions/3", &p));
	assert_int_equal(p, CONTENT_PRIVACY);
	p = CONTENT__COUNT;
	assert_false(content_page_of_path("/admin/pages", &p));
	assert_false(content_page_of_path("/admin/pages/", &p));
	assert_false(content_page_of_path("/admin/pages/imprin", &p));
	assert_false(content_page_of_path("/admin/pages/imprints", &p));
	assert_false(content_page_of_path("/imprint", &p));
	assert_false(content_page_of_path(NULL, &p));
	assert_int_equal(p, CONTENT__COUNT); /* left alone */
	assert_true(content_page_of_slug("privacy", &p));
	assert_int_equal(p, CONTENT_PRIVACY);
	assert_false(content_page_of_slug("privacy/", &p));
	assert_false(content_page_of_slug(NULL, &p));
	for (int i = 0; i < CONTENT__COUNT; i++) {
		assert_non_null(content_pages[i].slug);
		assert_non_null(content_pages[i].title);
		assert_non_null(content_pages[i].hint);
	}
}

static void test_normalise(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(content_body_normalise(&a, "a\r\nb\r\n\r\nc \r\n\t\r\n"), "a\nb\n\nc");
	assert_string_equal(content_body_normalise(&a, "old\rmac"), "old\nmac");
	assert_string_equal(content_body_normalise(&a, "  indented stays\n"), "  indented stays");
	assert_string_equal(content_body_normalise(&a, " \r\n\t "), "");
	assert_string_equal(content_body_normalise(&a, NULL), "");
	arena_free(&a);
}

static void test_body_problem(void **state)
{
	char *big = malloc(CONTENT_BODY_MAX + 2);

	(void)state;
	assert_non_null(big);
	assert_string_equal(content_body_problem(""), "Write the text of the page.");
	assert_non_null(content_body_problem(NULL));
	assert_null(content_body_problem("## Impressum\n\nStadt Beispielstadt"));
	memset(big, 'x', CONTENT_BODY_MAX);
	big[CONTENT_BODY_MAX] = '\0';
	assert_null(content_body_problem(big));
	big[CONTENT_BODY_MAX] = 'x';
	big[CONTENT_BODY_MAX + 1] = '\0';
	assert_string_equal(content_body_problem(big),
			    "The text is too long: at most 100,000 bytes.");
	free(big);
	assert_string_equal(content_body_problem("caf\xc3"),
			    "The text contains invalid characters.");
	assert_string_equal(content_body_problem("\xc3\x28"),
			    "The text contains invalid characters.");
	assert_null(content_body_problem("Barrierefreiheit: für alle"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_of_path),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_body_problem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
