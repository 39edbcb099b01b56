/*
 * test_event.c - the kinds of events (features/events/rules.c): every stored id
 * parses back to its kind, and nothing else does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "features/events/rules.h"

static void test_kinds_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < EVENT_KIND__COUNT; i++) {
		enum event_kind k = EVENT_KIND__COUNT;
		assert_true(event_kind_parse(event_kind_table[i].id, &k));
		assert_int_equal(k, i);
		assert_string_equal(event_kind_label(event_kind_table[i].id),
				    event_kind_table[i].label);
	}
	enum event_kind k;
	assert_true(event_kind_parse("lab", &k));
	assert_int_equal(k, EVENT_LAB);
	assert_string_equal(event_kind_label("lab"), "Innovation lab");
}

static void test_unknown_kinds(void **state)
{
	(void)state;
	enum event_kind k = EVENT_MEETUP;
	const char *bad[] = {NULL, "", "Workshop", "workshop ", "rave", "lab\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(event_kind_parse(bad[i], &k));
		assert_int_equal(k, EVENT_MEETUP); /* untouched */
	}
	assert_string_equal(event_kind_label("rave"), "rave");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_round_trip),
		cmocka_unit_test(test_unknown_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
