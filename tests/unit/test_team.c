/*
 * test_team.c - the rules of an idea's team (features/funnel/team_rules.c): who may
 * invite, join, remove and leave, the limit of ten co-authors, and what
 * the invite form accepts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "features/funnel/team_rules.h"

enum { AUTHOR = 7, COAUTHOR = 8, STRANGER = 9, OTHER = 10 };

static void test_members(void **state)
{
	struct team_facts f = {.author_id = AUTHOR};
	(void)state;
	assert_true(team_is_member(&f, AUTHOR));
	assert_false(team_is_member(&f, STRANGER));
	assert_false(team_is_member(&f, 0)); /* nobody, even when the author is gone */
	f.is_coauthor = true;
	assert_true(team_is_member(&f, COAUTHOR));
	f.author_id = 0; /* the original author deleted the account */
	f.is_coauthor = false;
	assert_false(team_is_member(&f, 0));
}

static void test_invite(void **state)
{
	struct team_facts f = {.author_id = AUTHOR, .coauthors = 3};
	(void)state;
	assert_int_equal(team_may_invite(&f, AUTHOR, 0, false, false), TEAM_OK);
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, false, false), TEAM_OK);
	assert_int_equal(team_may_invite(&f, STRANGER, OTHER, false, false), TEAM_NOT_MEMBER);
	assert_int_equal(team_may_invite(&f, AUTHOR, AUTHOR, false, false), TEAM_SELF);
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, true, false), TEAM_ALREADY);
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, false, true), TEAM_INVITED);
	/* A co-author invites, and cannot invite the original author. */
	struct team_facts c = f;
	c.is_coauthor = true;
	assert_int_equal(team_may_invite(&c, COAUTHOR, OTHER, false, false), TEAM_OK);
	assert_int_equal(team_may_invite(&c, COAUTHOR, AUTHOR, false, false), TEAM_ALREADY);
	/* The limit: nine leave room for one more, ten do not. */
	f.coauthors = TEAM_MAX_COAUTHORS - 1;
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, false, false), TEAM_OK);
	f.coauthors = TEAM_MAX_COAUTHORS;
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, false, false), TEAM_FULL);
	assert_int_equal(team_may_invite(&f, AUTHOR, 0, false, false), TEAM_FULL);
	/* Hidden ideas keep their team as it is. */
	f.coauthors = 0;
	f.hidden = true;
	assert_int_equal(team_may_invite(&f, AUTHOR, OTHER, false, false), TEAM_HIDDEN);
}

static void test_join_remove_leave(void **state)
{
	struct team_facts f = {.author_id = AUTHOR, .coauthors = TEAM_MAX_COAUTHORS - 1};
	(void)state;
	assert_int_equal(team_may_join(&f), TEAM_OK);
	f.coauthors = TEAM_MAX_COAUTHORS;
	assert_int_equal(team_may_join(&f), TEAM_FULL);
	f.is_coauthor = true; /* accepting twice changes nothing */
	assert_int_equal(team_may_join(&f), TEAM_OK);

	struct team_facts target = {.author_id = AUTHOR, .coauthors = 2, .is_coauthor = true};
	assert_int_equal(team_may_remove(&target, AUTHOR), TEAM_OK);
	assert_int_equal(team_may_remove(&target, COAUTHOR), TEAM_NOT_AUTHOR);
	assert_int_equal(team_may_remove(&target, 0), TEAM_NOT_AUTHOR);
	target.is_coauthor = false;
	assert_int_equal(team_may_remove(&target, AUTHOR), TEAM_NOT_COAUTHOR);
	target.author_id = 0; /* nobody removes once the original author is gone */
	target.is_coauthor = true;
	assert_int_equal(team_may_remove(&target, 0), TEAM_NOT_AUTHOR);

	struct team_facts me = {.author_id = AUTHOR, .is_coauthor = true, .hidden = true};
	assert_int_equal(team_may_leave(&me), TEAM_OK);
	me.is_coauthor = false;
	assert_int_equal(team_may_leave(&me), TEAM_NOT_COAUTHOR);
}

static void test_messages(void **state)
{
	(void)state;
	for (int v = 1; v < TEAM_VERDICT__COUNT; v++)
		assert_true(strlen(team_verdict_message((enum team_verdict)v)) > 10);
	assert_int_equal(team_verdict_status(TEAM_NOT_MEMBER), 403);
	assert_int_equal(team_verdict_status(TEAM_NOT_AUTHOR), 403);
	assert_int_equal(team_verdict_status(TEAM_NOT_COAUTHOR), 404);
	assert_int_equal(team_verdict_status(TEAM_FULL), 422);
	assert_int_equal(team_verdict_status(TEAM_SELF), 422);
}

static void test_who(void **state)
{
	struct arena a;
	const char *problem;
	bool is_email;
	char big[300];
	(void)state;
	arena_init(&a);
	assert_string_equal(team_who_check(&a, "  Clara Coautorin \n", &is_email, &problem),
			    "Clara Coautorin");
	assert_false(is_email);
	assert_string_equal(team_who_check(&a, "clara@example.org", &is_email, &problem),
			    "clara@example.org");
	assert_true(is_email);
	assert_null(team_who_check(&a, "   ", &is_email, &problem));
	assert_non_null(problem);
	assert_null(team_who_check(&a, NULL, &is_email, &problem));
	assert_null(team_who_check(&a, "Clara\x01", &is_email, &problem));
	assert_null(team_who_check(&a, "\xff\xfe", &is_email, &problem));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(team_who_check(&a, big, &is_email, &problem));
	big[TEAM_WHO_MAX] = '\0'; /* exactly the limit */
	assert_non_null(team_who_check(&a, big, &is_email, &problem));
	/* Characters, not bytes: 254 umlauts are 508 bytes. */
	char umlauts[2 * TEAM_WHO_MAX + 1];
	for (int i = 0; i < TEAM_WHO_MAX; i++)
		memcpy(umlauts + 2 * i, "\xc3\xa4", 2);
	umlauts[2 * TEAM_WHO_MAX] = '\0';
	assert_non_null(team_who_check(&a, umlauts, &is_email, &problem));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_invite),
		cmocka_unit_test(test_join_remove_leave),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_who),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
