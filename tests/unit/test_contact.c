/*
 * test_contact.c - the rules of getting in touch
 * (features/contact/rules.c): who may write to whom and why not, in
 * which order, with which status; the daily limit; the message's checks;
 * who may answer and who sees an address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "features/contact/rules.h"

/* A sender who may write: logged in, one recipient, nothing against. */
static struct contact_facts fine(void)
{
	return (struct contact_facts){.logged_in = true, .recipients = 1};
}

static void test_may_send(void **state)
{
	(void)state;
	struct contact_facts f = fine();
	assert_int_equal(contact_may_send(&f), CONTACT_OK);
	f.logged_in = false;
	assert_int_equal(contact_may_send(&f), CONTACT_LOGIN);
	f = fine();
	f.self = true;
	assert_int_equal(contact_may_send(&f), CONTACT_SELF);
	f = fine();
	f.recipients = 0; /* opted out, or an organisation without representatives */
	assert_int_equal(contact_may_send(&f), CONTACT_OPTED_OUT);
	f = fine();
	f.sender_opted_out = true;
	assert_int_equal(contact_may_send(&f), CONTACT_SENDER_OFF);
	f = fine();
	f.blocked = true;
	assert_int_equal(contact_may_send(&f), CONTACT_BLOCKED);
	f = fine();
	f.open = true;
	assert_int_equal(contact_may_send(&f), CONTACT_PENDING);
	f = fine();
	f.accepted = true;
	assert_int_equal(contact_may_send(&f), CONTACT_IN_CONTACT);
}

static void test_order(void **state)
{
	(void)state;
	/* Everything against: yourself first, then nobody there, then the block, ... */
	struct contact_facts f = {.logged_in = true,
				  .self = true,
				  .recipients = 0,
				  .blocked = true,
				  .open = true,
				  .accepted = true,
				  .sent_today = CONTACT_DAILY_MAX};
	assert_int_equal(contact_may_send(&f), CONTACT_SELF);
	f.self = false;
	assert_int_equal(contact_may_send(&f), CONTACT_OPTED_OUT);
	f.recipients = 2;
	assert_int_equal(contact_may_send(&f), CONTACT_BLOCKED);
	f.blocked = false;
	assert_int_equal(contact_may_send(&f), CONTACT_IN_CONTACT);
	f.accepted = false;
	assert_int_equal(contact_may_send(&f), CONTACT_PENDING);
	f.open = false;
	assert_int_equal(contact_may_send(&f), CONTACT_LIMIT);
}

static void test_daily_limit(void **state)
{
	(void)state;
	struct contact_facts f = fine();
	assert_int_equal(CONTACT_DAILY_MAX, 10);
	f.sent_today = CONTACT_DAILY_MAX - 1; /* the 10th */
	assert_int_equal(contact_may_send(&f), CONTACT_OK);
	f.sent_today = CONTACT_DAILY_MAX; /* the 11th */
	assert_int_equal(contact_may_send(&f), CONTACT_LIMIT);
	assert_int_equal(contact_refusal_status(CONTACT_LIMIT), 429);
	assert_non_null(strstr(contact_refusal_message(CONTACT_LIMIT), "10 contact requests"));
}

static void test_statuses_and_messages(void **state)
{
	(void)state;
	assert_int_equal(contact_refusal_status(CONTACT_OPTED_OUT), 403);
	assert_int_equal(contact_refusal_status(CONTACT_BLOCKED), 403);
	assert_int_equal(contact_refusal_status(CONTACT_SENDER_OFF), 403);
	assert_int_equal(contact_refusal_status(CONTACT_PENDING), 409);
	assert_int_equal(contact_refusal_status(CONTACT_IN_CONTACT), 409);
	assert_int_equal(contact_refusal_status(CONTACT_SELF), 422);
	assert_null(contact_refusal_message(CONTACT_OK));
	for (int r = CONTACT_LOGIN; r <= CONTACT_LIMIT; r++) {
		const char *m = contact_refusal_message((enum contact_refusal)r);
		assert_non_null(m);
		assert_null(strchr(m, '@')); /* no message names an address */
	}
}

static void test_message(void **state)
{
	struct arena a;
	const char *problem;
	char big[CONTACT_MESSAGE_MAX + 2];

	(void)state;
	arena_init(&a);
	assert_string_equal(contact_message_check(&a, "  Hallo!\nWie geht's?  ", &problem),
			    "Hallo!\nWie geht's?");
	assert_null(problem);
	assert_null(contact_message_check(&a, "", &problem));
	assert_non_null(strstr(problem, "Write a short message"));
	assert_null(contact_message_check(&a, " \n\t ", &problem));
	assert_null(contact_message_check(&a, NULL, &problem));
	assert_null(contact_message_check(&a, "Hallo\x07", &problem));
	assert_non_null(strstr(problem, "not allowed"));
	memset(big, 'x', CONTACT_MESSAGE_MAX);
	big[CONTACT_MESSAGE_MAX] = '\0';
	assert_non_null(contact_message_check(&a, big, &problem));
	big[CONTACT_MESSAGE_MAX] = 'x';
	big[CONTACT_MESSAGE_MAX + 1] = '\0';
	assert_null(contact_message_check(&a, big, &problem));
	assert_non_null(strstr(problem, "1000"));
	/* Characters, not bytes: 1000 umlauts are fine. */
	char *umlauts = arena_alloc(&a, 2 * CONTACT_MESSAGE_MAX + 1);
	for (int i = 0; i < CONTACT_MESSAGE_MAX; i++)
		memcpy(umlauts + 2 * i, "\xc3\xa4", 2);
	umlauts[2 * CONTACT_MESSAGE_MAX] = '\0';
	assert_non_null(contact_message_check(&a, umlauts, &problem));
	arena_free(&a);
}

static void test_answer_and_address(void **state)
{
	enum contact_status s;

	(void)state;
	assert_true(contact_status_parse("open", &s) && s == CONTACT_OPEN);
	assert_true(contact_status_parse("accepted", &s) && s == CONTACT_ACCEPTED);
	assert_true(contact_status_parse("declined", &s) && s == CONTACT_DECLINED);
	assert_false(contact_status_parse("maybe", &s));
	assert_false(contact_status_parse(NULL, &s));
	assert_string_equal(contact_status_id(CONTACT_ACCEPTED), "accepted");
	assert_true(contact_may_answer(true, CONTACT_OPEN));
	assert_false(contact_may_answer(false, CONTACT_OPEN));
	assert_false(contact_may_answer(true, CONTACT_ACCEPTED));
	assert_false(contact_may_answer(true, CONTACT_DECLINED));
	/* An address: only of an accepted request, only to its sides. */
	assert_true(contact_shows_address(true, CONTACT_ACCEPTED));
	assert_false(contact_shows_address(true, CONTACT_OPEN));
	assert_false(contact_shows_address(true, CONTACT_DECLINED));
	assert_false(contact_shows_address(false, CONTACT_ACCEPTED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_may_send),    cmocka_unit_test(test_order),
		cmocka_unit_test(test_daily_limit), cmocka_unit_test(test_statuses_and_messages),
		cmocka_unit_test(test_message),	    cmocka_unit_test(test_answer_and_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
