/*
 * test_funnel.c - the funnel's rules (features/funnel/rules.c): phases and their
 * dates, idea statuses, permissions, supports and their limit, trending,
 * the stable random order, comment depth, edit window and votes, the
 * validation of ideas, challenges, comments and answers, and the safe
 * Markdown of briefs and ideas (view/markdown.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "features/discussion/rules.h"
#include "features/funnel/rules.h"
#include "app/sector.h"
#include "view/markdown.h"

enum { T0 = 1800000000 };

static void test_phase_ids(void **state)
{
	enum challenge_phase p;
	(void)state;
	for (int i = 0; i < PHASE__COUNT; i++) {
		assert_true(phase_parse(phase_table[i].id, &p));
		assert_int_equal(p, i);
	}
	assert_false(phase_parse("Open", &p));
	assert_false(phase_parse(NULL, &p));
	assert_null(phase_table[PHASE_DRAFT].date_field);
	assert_string_equal(phase_table[PHASE_OPEN].date_field, "opens_at");
}

static void test_phase_due(void **state)
{
	struct challenge_schedule s = {0};
	(void)state;

	/* No dates: nothing moves, not even a draft. */
	for (int p = 0; p < PHASE__COUNT; p++)
		assert_int_equal(challenge_phase_due((enum challenge_phase)p, &s, T0), p);

	s.starts[PHASE_OPEN] = T0 - 10;
	s.deadline = T0 + 100;
	s.starts[PHASE_DECIDED] = T0 + 200;
	assert_int_equal(challenge_phase_due(PHASE_DRAFT, &s, T0 - 11), PHASE_DRAFT);
	assert_int_equal(challenge_phase_due(PHASE_DRAFT, &s, T0 - 10), PHASE_OPEN);
	/* Evaluation begins at the deadline when it has no date of its own. */
	assert_int_equal(challenge_phase_due(PHASE_OPEN, &s, T0 + 99), PHASE_OPEN);
	assert_int_equal(challenge_phase_due(PHASE_OPEN, &s, T0 + 100), PHASE_EVALUATION);
	/* Several dates passed at once: straight to the latest. */
	assert_int_equal(challenge_phase_due(PHASE_DRAFT, &s, T0 + 500), PHASE_DECIDED);
	/* Never backwards by date. */
	assert_int_equal(challenge_phase_due(PHASE_CLOSED, &s, T0 + 500), PHASE_CLOSED);
	assert_int_equal(challenge_phase_due(PHASE_IMPLEMENTATION, &s, T0), PHASE_IMPLEMENTATION);

	/* A draft without an opening date stays a draft whatever else passed. */
	s.starts[PHASE_OPEN] = 0;
	assert_int_equal(challenge_phase_due(PHASE_DRAFT, &s, T0 + 500), PHASE_DRAFT);
	/* ... but once open, later dates apply. */
	assert_int_equal(challenge_phase_due(PHASE_OPEN, &s, T0 + 500), PHASE_DECIDED);

	/* An explicit evaluation date wins over the deadline. */
	s.starts[PHASE_EVALUATION] = T0 + 150;
	assert_int_equal(challenge_phase_due(PHASE_OPEN, &s, T0 + 120), PHASE_OPEN);
	assert_int_equal(challenge_phase_start(&s, PHASE_EVALUATION), T0 + 150);
	assert_int_equal(challenge_phase_start(&s, PHASE_DRAFT), 0);
}

static void test_phase_next_change(void **state)
{
	struct challenge_schedule s = {0};
	(void)state;

	assert_int_equal(challenge_next_change(PHASE_OPEN, &s, T0), 0);
	s.starts[PHASE_OPEN] = T0 + 60;
	assert_int_equal(challenge_next_change(PHASE_DRAFT, &s, T0), T0 + 60);
	s.deadline = T0 + 30;		    /* before opening: odd, but the next */
	s.starts[PHASE_CLOSED] = T0 + 1000; /* change is still the opening */
	assert_int_equal(challenge_next_change(PHASE_DRAFT, &s, T0), T0 + 60);
	s.deadline = T0 + 500;
	assert_int_equal(challenge_next_change(PHASE_OPEN, &s, T0 + 100), T0 + 500);
	assert_int_equal(challenge_next_change(PHASE_OPEN, &s, T0 + 500), T0 + 1000);
	assert_int_equal(challenge_next_change(PHASE_OPEN, &s, T0 + 1000), 0);
	/* A draft that never opens by date has no next change. */
	s.starts[PHASE_OPEN] = 0;
	assert_int_equal(challenge_next_change(PHASE_DRAFT, &s, T0), 0);
}

static void test_phase_by_hand(void **state)
{
	struct challenge_schedule s = {0};
	(void)state;

	s.starts[PHASE_OPEN] = T0 - 100;
	s.deadline = T0 - 50;
	s.starts[PHASE_DECIDED] = T0 + 100;
	s.starts[PHASE_CLOSED] = T0 - 10;
	/* Reopened by hand: the passed deadline and closing would undo it. */
	challenge_set_phase_by_hand(&s, PHASE_OPEN, T0);
	assert_int_equal(s.starts[PHASE_OPEN], T0 - 100);
	assert_int_equal(s.deadline, 0);
	assert_int_equal(s.starts[PHASE_CLOSED], 0);
	assert_int_equal(s.starts[PHASE_DECIDED], T0 + 100); /* future dates stay */
	assert_int_equal(challenge_phase_due(PHASE_OPEN, &s, T0), PHASE_OPEN);

	/* Back to draft: the passed opening date goes too. */
	challenge_set_phase_by_hand(&s, PHASE_DRAFT, T0);
	assert_int_equal(s.starts[PHASE_OPEN], 0);
	assert_int_equal(challenge_phase_due(PHASE_DRAFT, &s, T0 + 10000), PHASE_DRAFT);
}

static void test_accepts_and_visible(void **state)
{
	enum role participant = ROLE_PARTICIPANT, admin = ROLE_ADMIN, mod = ROLE_MODERATOR;
	(void)state;

	assert_true(challenge_accepts_ideas(PHASE_OPEN, 0, T0));
	assert_true(challenge_accepts_ideas(PHASE_OPEN, T0, T0));
	assert_false(challenge_accepts_ideas(PHASE_OPEN, T0 - 1, T0));
	assert_false(challenge_accepts_ideas(PHASE_EVALUATION, 0, T0));
	assert_false(challenge_accepts_ideas(PHASE_DRAFT, 0, T0));

	assert_false(challenge_visible(PHASE_DRAFT, NULL));
	assert_false(challenge_visible(PHASE_DRAFT, &participant));
	assert_false(challenge_visible(PHASE_DRAFT, &mod));
	assert_true(challenge_visible(PHASE_DRAFT, &admin));
	assert_true(challenge_visible(PHASE_OPEN, NULL));
	assert_true(challenge_visible(PHASE_CLOSED, &participant));
}

static void test_permissions(void **state)
{
	enum role r;
	(void)state;

	for (int i = 0; i < FUNNEL_ACTION__COUNT; i++)
		assert_false(funnel_may(NULL, (enum funnel_action)i));
	r = ROLE_PARTICIPANT;
	assert_false(funnel_may(&r, FUNNEL_MANAGE_CHALLENGES));
	assert_false(funnel_may(&r, FUNNEL_SET_IDEA_STATUS));
	assert_false(funnel_may(&r, FUNNEL_MODERATE));
	r = ROLE_EVALUATOR;
	assert_false(funnel_may(&r, FUNNEL_SET_IDEA_STATUS));
	r = ROLE_MODERATOR;
	assert_true(funnel_may(&r, FUNNEL_MODERATE));
	assert_false(funnel_may(&r, FUNNEL_MANAGE_CHALLENGES));
	r = ROLE_ADMIN;
	assert_true(funnel_may(&r, FUNNEL_MANAGE_CHALLENGES));
	assert_true(funnel_may(&r, FUNNEL_SET_IDEA_STATUS));
	assert_true(funnel_may(&r, FUNNEL_MODERATE));
	/* Merging is an official answer too: administrators, not moderators. */
	assert_true(funnel_may(&r, FUNNEL_MERGE_IDEAS));
	for (int i = 0; i < ROLE__COUNT; i++) {
		r = (enum role)i;
		assert_int_equal(funnel_may(&r, FUNNEL_MERGE_IDEAS), i == ROLE_ADMIN);
	}
}

static void test_idea_status(void **state)
{
	enum idea_status s;
	(void)state;

	for (int i = 0; i < IDEA_STATUS__COUNT; i++) {
		assert_true(idea_status_parse(idea_status_table[i].id, &s));
		assert_int_equal(s, i);
	}
	assert_false(idea_status_parse("done", &s));
	assert_true(idea_status_change_ok(IDEA_SUBMITTED, IDEA_IN_REVIEW));
	assert_true(
		idea_status_change_ok(IDEA_SUBMITTED, IDEA_SELECTED)); /* steps may be skipped */
	assert_true(idea_status_change_ok(IDEA_PILOTING, IDEA_IMPLEMENTED));
	assert_false(idea_status_change_ok(IDEA_SELECTED, IDEA_IN_REVIEW));  /* no way back */
	assert_false(idea_status_change_ok(IDEA_IN_REVIEW, IDEA_IN_REVIEW)); /* no change */
	assert_true(idea_status_change_ok(IDEA_SHORTLISTED, IDEA_NOT_PURSUED));
	assert_true(idea_status_change_ok(IDEA_SUBMITTED, IDEA_MERGED));
	assert_true(idea_status_change_ok(IDEA_NOT_PURSUED, IDEA_IN_REVIEW)); /* taken up again */
	assert_false(idea_status_change_ok(IDEA_NOT_PURSUED, IDEA_SELECTED));
	assert_false(idea_status_change_ok(IDEA_IMPLEMENTED, IDEA_NOT_PURSUED)); /* final */
	assert_false(idea_status_change_ok(IDEA_MERGED, IDEA_IN_REVIEW));	 /* final */
	assert_false(idea_status_change_ok(IDEA_STATUS__COUNT, IDEA_IN_REVIEW));
}

static void test_support_rules(void **state)
{
	struct support_state s = {.in_challenge = true, .phase = PHASE_OPEN};
	(void)state;

	assert_int_equal(support_decide(&s), SUPPORT_ADD);
	s.already = true;
	assert_int_equal(support_decide(&s), SUPPORT_WITHDRAW);
	/* The limit: reached means no new support, but withdrawing works. */
	s.limit = 3;
	s.used = 3;
	assert_int_equal(support_decide(&s), SUPPORT_WITHDRAW);
	s.already = false;
	assert_int_equal(support_decide(&s), SUPPORT_LIMIT);
	s.used = 2;
	assert_int_equal(support_decide(&s), SUPPORT_ADD);
	/* Not open: frozen both ways. */
	for (int p = 0; p < PHASE__COUNT; p++) {
		if (p == PHASE_OPEN)
			continue;
		s.phase = (enum challenge_phase)p;
		s.already = false;
		assert_int_equal(support_decide(&s), SUPPORT_CLOSED);
		s.already = true;
		assert_int_equal(support_decide(&s), SUPPORT_CLOSED);
	}
	/* The idea box has no phase and no limit. */
	struct support_state box = {
		.in_challenge = false, .phase = PHASE_CLOSED, .used = 9, .limit = 1};
	assert_int_equal(support_decide(&box), SUPPORT_ADD);
	box.hidden = true;
	assert_int_equal(support_decide(&box), SUPPORT_HIDDEN);
	assert_non_null(support_refusal(SUPPORT_LIMIT));
	assert_non_null(support_refusal(SUPPORT_CLOSED));
	assert_non_null(support_refusal(SUPPORT_HIDDEN));
	assert_null(support_refusal(SUPPORT_ADD));
	/* A merged idea takes no support, not even in an open challenge, and none back. */
	struct support_state merged = {.in_challenge = true, .phase = PHASE_OPEN, .merged = true};
	assert_int_equal(support_decide(&merged), SUPPORT_MERGED);
	merged.already = true;
	assert_int_equal(support_decide(&merged), SUPPORT_MERGED);
	merged.in_challenge = false;
	assert_int_equal(support_decide(&merged), SUPPORT_MERGED);
	assert_non_null(support_refusal(SUPPORT_MERGED));
}

static void test_merge_rules(void **state)
{
	struct idea_merge_side source = {
		.id = 7, .challenge_id = 3, .status = IDEA_SUBMITTED, .found = true};
	struct idea_merge_side target = {
		.id = 9, .challenge_id = 3, .status = IDEA_SHORTLISTED, .found = true};
	int64_t id = 0;
	(void)state;

	/* The number as typed. */
	assert_true(idea_merge_target_parse("42", &id));
	assert_int_equal(id, 42);
	assert_true(idea_merge_target_parse("  #17 ", &id));
	assert_int_equal(id, 17);
	assert_false(idea_merge_target_parse(NULL, &id));
	assert_false(idea_merge_target_parse("", &id));
	assert_false(idea_merge_target_parse("   ", &id));
	assert_false(idea_merge_target_parse("0", &id));
	assert_false(idea_merge_target_parse("-5", &id));
	assert_false(idea_merge_target_parse("12abc", &id));
	assert_false(idea_merge_target_parse("1 2", &id));
	assert_false(idea_merge_target_parse("zwölf", &id));
	assert_false(idea_merge_target_parse("1234567890123456", &id)); /* 16 digits */
	assert_true(idea_merge_target_parse("123456789012345", &id));

	/* Two ideas of one challenge merge, whatever the target's status. */
	assert_null(idea_merge_problem(&source, &target));
	target.status = IDEA_IMPLEMENTED;
	assert_null(idea_merge_problem(&source, &target));
	target.status = IDEA_NOT_PURSUED;
	assert_null(idea_merge_problem(&source, &target));
	source.status = IDEA_NOT_PURSUED; /* not pursued: may still be merged */
	assert_null(idea_merge_problem(&source, &target));
	/* Both in the open idea box. */
	struct idea_merge_side box_a = source, box_b = target;
	box_a.challenge_id = box_b.challenge_id = 0;
	assert_null(idea_merge_problem(&box_a, &box_b));

	/* Refused: each with its own message. */
	const char *seen[8];
	size_t n = 0;
	struct idea_merge_side s = source, t = target;
	s.status = IDEA_MERGED;
	seen[n++] = idea_merge_problem(&s, &t);
	s = source;
	s.status = IDEA_IMPLEMENTED;
	seen[n++] = idea_merge_problem(&s, &t);
	s = source;
	t.found = false;
	seen[n++] = idea_merge_problem(&s, &t);
	t = source; /* into itself */
	seen[n++] = idea_merge_problem(&s, &t);
	t = target;
	t.status = IDEA_MERGED;
	seen[n++] = idea_merge_problem(&s, &t);
	t = target;
	t.hidden = true;
	seen[n++] = idea_merge_problem(&s, &t);
	t = target;
	t.challenge_id = 4;
	seen[n++] = idea_merge_problem(&s, &t);
	seen[n++] = idea_merge_problem(&s, &box_b); /* from a challenge into the box */
	for (size_t i = 0; i < n; i++) {
		assert_non_null(seen[i]);
		for (size_t j = 0; j < i && j < 6; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
	assert_string_equal(seen[6], seen[7]);
	/* A merged source is told so before anything about the target. */
	s.status = IDEA_MERGED;
	t.found = false;
	assert_string_equal(idea_merge_problem(&s, &t), seen[0]);
}

static void test_trend(void **state)
{
	(void)state;
	assert_true(fabs(funnel_trend_weight(FUNNEL_TREND_EPOCH) - 1.0) < 1e-12);
	assert_true(fabs(funnel_trend_weight(FUNNEL_TREND_EPOCH + 259200) - 2.0) < 1e-12);
	assert_true(fabs(funnel_trend_weight(FUNNEL_TREND_EPOCH - 259200) - 0.5) < 1e-12);
	/* Three supports six days ago weigh less than one support today. */
	double old = 3 * funnel_trend_weight(T0 - 6 * 86400);
	assert_true(old < funnel_trend_weight(T0));
	assert_true(4 * funnel_trend_weight(T0 - 6 * 86400) <= funnel_trend_weight(T0) * 1.0000001);
	/* Finite until well after 2030. */
	assert_true(isfinite(funnel_trend_weight(1924992000 /* 2031-01-01 */)));
}

static void test_random_order(void **state)
{
	(void)state;
	struct funnel_random a = funnel_random_params(12345), b = funnel_random_params(987654321);
	struct funnel_random z = funnel_random_params(0), neg = funnel_random_params(-5);

	assert_true(a.mult >= 1 && a.mult < FUNNEL_RANDOM_P);
	assert_true(a.add >= 0 && a.add < FUNNEL_RANDOM_P);
	assert_true(a.mult2 >= 1 && a.mult2 < FUNNEL_RANDOM_P);
	assert_true(z.mult >= 1 && neg.mult >= 1);
	/* Deterministic per seed. */
	struct funnel_random a2 = funnel_random_params(12345);
	assert_memory_equal(&a, &a2, sizeof(a));
	/* The formula, spelled out: what the SQL must compute too. */
	int64_t k = (77 * a.mult + a.add) % FUNNEL_RANDOM_P;
	assert_int_equal(funnel_random_key(77, &a),
			 ((k * k) % FUNNEL_RANDOM_P * a.mult2 + k) % FUNNEL_RANDOM_P);
	/* Largest ids keep every product below 2^63. */
	int64_t big = funnel_random_key(2147483646, &b);
	assert_true(big >= 0 && big < FUNNEL_RANDOM_P);

	/* Two seeds order 1..50 differently, and not as a rotation. */
	int64_t pos_a[51], pos_b[51];
	for (int id = 1; id <= 50; id++) {
		pos_a[id] = 0;
		pos_b[id] = 0;
		for (int j = 1; j <= 50; j++) {
			pos_a[id] += funnel_random_key(j, &a) < funnel_random_key(id, &a);
			pos_b[id] += funnel_random_key(j, &b) < funnel_random_key(id, &b);
		}
	}
	int same = 0, ascending = 0;
	for (int id = 1; id <= 50; id++) {
		same += pos_a[id] == pos_b[id];
		ascending += pos_a[id] == id - 1;
	}
	assert_true(same < 10);
	assert_true(ascending < 10); /* not just the id order */
	int rotations = 0;
	for (int id = 1; id < 50; id++)
		rotations += (pos_a[id + 1] - pos_a[id] + 50) % 50 ==
			     (pos_b[id + 1] - pos_b[id] + 50) % 50;
	assert_true(rotations < 25);
}

static void test_comment_rules(void **state)
{
	struct comment_facts c = {.author_id = 7, .created = T0, .deleted = false};
	(void)state;

	assert_int_equal(comment_reply_depth(0), 1);
	assert_int_equal(comment_reply_depth(1), 2);
	assert_int_equal(comment_reply_depth(2), -1); /* three levels at most */
	assert_int_equal(comment_reply_depth(-1), -1);

	assert_true(comment_may_edit(&c, 7, T0));
	assert_true(comment_may_edit(&c, 7, T0 + 900)); /* 15 minutes exactly */
	assert_false(comment_may_edit(&c, 7, T0 + 901));
	assert_false(comment_may_edit(&c, 8, T0 + 1)); /* someone else */
	assert_false(comment_may_edit(&c, 0, T0 + 1)); /* anonymous */
	assert_false(comment_may_edit(&c, 7, T0 - 5)); /* clock behind: refuse */
	assert_true(comment_may_delete(&c, 7));
	assert_false(comment_may_delete(&c, 8));
	assert_false(comment_may_vote(&c, 7)); /* not on one's own */
	assert_true(comment_may_vote(&c, 8));
	assert_false(comment_may_vote(&c, 0));
	c.deleted = true;
	assert_false(comment_may_edit(&c, 7, T0 + 1));
	assert_false(comment_may_delete(&c, 7));
	assert_false(comment_may_vote(&c, 8));
	/* An account that is gone (author 0) cannot be impersonated. */
	struct comment_facts orphan = {.author_id = 0, .created = T0};
	assert_false(comment_may_edit(&orphan, 0, T0));
	assert_false(comment_may_delete(&orphan, 0));
}

static void test_votes(void **state)
{
	(void)state;
	struct vote_change v = comment_vote_apply(0, 1);
	assert_int_equal(v.value, 1);
	assert_int_equal(v.up_delta, 1);
	assert_int_equal(v.down_delta, 0);
	v = comment_vote_apply(1, 1);
	assert_int_equal(v.value, 0);
	assert_int_equal(v.up_delta, -1);
	assert_int_equal(v.down_delta, 0);
	v = comment_vote_apply(1, -1);
	assert_int_equal(v.value, -1);
	assert_int_equal(v.up_delta, -1);
	assert_int_equal(v.down_delta, 1);
	v = comment_vote_apply(-1, -1);
	assert_int_equal(v.value, 0);
	assert_int_equal(v.down_delta, -1);
	v = comment_vote_apply(0, -7);
	assert_int_equal(v.value, -1);
	assert_int_equal(v.down_delta, 1);
}

static const char *problem_of(const struct field_problem *p, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].field, field) == 0)
			return p[i].message;
	return NULL;
}

static void test_idea_validation(void **state)
{
	struct arena a;
	struct idea_fields out;
	struct field_problem p[FUNNEL_MAX_PROBLEMS];
	(void)state;
	arena_init(&a);

	struct idea_input ok = {.title = "  Mehr Bänke  ",
				.body = "Im Park fehlen Sitzplätze für ältere Menschen.",
				.lat = "",
				.lon = "",
				.address = "  "};
	assert_int_equal(idea_check(&a, &ok, &out, p), 0);
	assert_string_equal(out.title, "Mehr Bänke");
	assert_null(out.address);
	assert_false(out.has_location);

	/* Characters, not bytes: five umlauts make a title of five. */
	struct idea_input five = ok;
	five.title = "äöüßé";
	assert_int_equal(idea_check(&a, &five, &out, p), 0);
	five.title = "äöüß";
	assert_int_equal(idea_check(&a, &five, &out, p), 1);
	assert_string_equal(p[0].field, "title");

	char long_title[200];
	memset(long_title, 'x', 151);
	long_title[151] = '\0';
	struct idea_input bad = {.title = long_title,
				 .body = "too short",
				 .lat = "91",
				 .lon = "abc",
				 .address = NULL};
	size_t n = idea_check(&a, &bad, &out, p);
	assert_int_equal(n, 4);
	assert_non_null(problem_of(p, n, "title"));
	assert_non_null(problem_of(p, n, "body"));
	assert_non_null(problem_of(p, n, "lat"));
	assert_non_null(problem_of(p, n, "lon"));
	long_title[150] = '\0';
	bad.title = long_title;
	bad.body = "01234567890123456789";
	bad.lat = "52.52";
	bad.lon = "";
	n = idea_check(&a, &bad, &out, p);
	assert_int_equal(n, 1); /* half a location is refused */
	assert_string_equal(p[0].field, "lon");
	bad.lon = "13.405";
	assert_int_equal(idea_check(&a, &bad, &out, p), 0);
	assert_true(out.has_location);
	assert_true(fabs(out.lat - 52.52) < 1e-9);
	bad.lat = "nan";
	assert_int_equal(idea_check(&a, &bad, &out, p), 1);
	bad.lat = "-90";
	bad.lon = "180";
	assert_int_equal(idea_check(&a, &bad, &out, p), 0);
	bad.lon = "180.0001";
	assert_int_equal(idea_check(&a, &bad, &out, p), 1);

	/* Line breaks in a title, controls in a body, a long address. */
	struct idea_input ctl = ok;
	ctl.title = "Zwei\nZeilen";
	ctl.body = "Zwanzig Zeichen und \x01 ein Steuerzeichen";
	char addr[260];
	memset(addr, 'a', 201);
	addr[201] = '\0';
	ctl.address = addr;
	n = idea_check(&a, &ctl, &out, p);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].field, "title");
	assert_string_equal(p[1].field, "body");
	assert_string_equal(p[2].field, "address");
	/* Missing fields are problems, not crashes. */
	struct idea_input none = {0};
	assert_int_equal(idea_check(&a, &none, &out, p), 2);
	arena_free(&a);
}

static void test_challenge_validation(void **state)
{
	struct arena a;
	struct challenge_fields out;
	struct field_problem p[FUNNEL_MAX_PROBLEMS];
	(void)state;
	arena_init(&a);

	struct challenge_input in = {.title = "Saubere Luft",
				     .summary = "Wie wird die Luft in der Stadt besser?",
				     .brief = "## Hintergrund",
				     .supports_per_user = "",
				     .sectors = 1u << SECTOR_CIVIL};
	assert_int_equal(challenge_check(&a, &in, &out, p), 0);
	assert_int_equal(out.supports_per_user, 0);
	in.supports_per_user = " 5 ";
	assert_int_equal(challenge_check(&a, &in, &out, p), 0);
	assert_int_equal(out.supports_per_user, 5);

	in.supports_per_user = "0";
	in.sectors = 0;
	in.summary = "kurz";
	in.schedule.starts[PHASE_OPEN] = T0;
	in.schedule.starts[PHASE_DECIDED] = T0 - 1;
	size_t n = challenge_check(&a, &in, &out, p);
	assert_int_equal(n, 4);
	assert_non_null(problem_of(p, n, "summary"));
	assert_non_null(problem_of(p, n, "sectors"));
	assert_non_null(problem_of(p, n, "supports_per_user"));
	assert_non_null(problem_of(p, n, "decided_at"));

	in.summary = "Wie wird die Luft in der Stadt besser?";
	in.supports_per_user = "1001";
	in.sectors = 15;
	in.schedule.starts[PHASE_DECIDED] = T0 + 10;
	in.schedule.deadline = T0 - 1;
	n = challenge_check(&a, &in, &out, p);
	assert_int_equal(n, 2);
	assert_non_null(problem_of(p, n, "supports_per_user"));
	assert_non_null(problem_of(p, n, "deadline"));
	arena_free(&a);
}

static void test_texts(void **state)
{
	struct arena a;
	const char *problem;
	(void)state;
	arena_init(&a);

	char *c = comment_check(&a, "  Gute Idee!\n", &problem);
	assert_non_null(c);
	assert_null(problem);
	assert_string_equal(c, "Gute Idee!");
	assert_null(comment_check(&a, " \n ", &problem));
	assert_non_null(problem);
	assert_null(comment_check(&a, NULL, &problem));
	static char big[5100];
	memset(big, 'x', 5001);
	assert_null(comment_check(&a, big, &problem));
	assert_non_null(problem);
	big[5000] = '\0';
	assert_non_null(comment_check(&a, big, &problem));
	assert_null(comment_check(&a, "a\x07", &problem));
	assert_non_null(idea_answer_check(&a, "Wir prüfen das.", &problem));
	assert_null(idea_answer_check(&a, "", &problem));
	assert_non_null(problem);
	arena_free(&a);
}

static void test_title_words(void **state)
{
	struct arena a;
	char *w[FUNNEL_SIMILAR_WORDS];
	(void)state;
	arena_init(&a);

	size_t n = funnel_title_words(&a, "Mehr ÖFFENTLICHE Bänke im Park, mehr Bäume!", w, 4);
	assert_int_equal(n, 4);
	assert_string_equal(w[0], "öffentliche"); /* longest first, lower-cased */
	/* "mehr" appears twice, counted once; "im" is too short. */
	int mehr = 0;
	for (size_t i = 0; i < n; i++) {
		mehr += strcmp(w[i], "mehr") == 0;
		assert_true(strcmp(w[i], "im") != 0);
	}
	assert_true(mehr <= 1);
	assert_int_equal(funnel_title_words(&a, "a b c", w, 4), 0);
	assert_int_equal(funnel_title_words(&a, NULL, w, 4), 0);
	/* Wildcards of LIKE never get into a word. */
	n = funnel_title_words(&a, "100%_sicher", w, 4);
	for (size_t i = 0; i < n; i++)
		assert_null(strpbrk(w[i], "%_"));
	arena_free(&a);
}

static void test_sniff(void **state)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10};
	static const unsigned char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";
	static const unsigned char elf[] = "\x7f"
					   "ELF\2\1\1\0\0\0\0\0";
	static const unsigned char svg[] = "<svg xmlns='http://www.w3.org/2000/svg'/>";
	static const unsigned char gif[] = "GIF89a\1\0\1\0";
	(void)state;

	assert_string_equal(upload_sniff_image(png, sizeof(png)), "image/png");
	assert_string_equal(upload_sniff_image(jpeg, sizeof(jpeg)), "image/jpeg");
	assert_string_equal(upload_sniff_image(webp, sizeof(webp) - 1), "image/webp");
	assert_null(upload_sniff_image(elf, sizeof(elf) - 1));
	assert_null(upload_sniff_image(svg, sizeof(svg) - 1));
	assert_null(upload_sniff_image(gif, sizeof(gif) - 1));
	assert_null(upload_sniff_image(png, 7)); /* cut short */
	assert_null(upload_sniff_image(webp, 11));
	assert_null(upload_sniff_image(NULL, 0));
	/* RIFF alone is also WAV and AVI. */
	assert_null(upload_sniff_image((const unsigned char *)"RIFF\0\0\0\0WAVEfmt ", 16));
}

static void test_markdown(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);

	assert_null(markdown_render(&a, NULL, 2).html);
	assert_null(markdown_render(&a, "", 2).html);
	struct html_safe h = markdown_render(&a, "Hallo *Welt*", 2);
	assert_string_equal(h.html, "<p>Hallo <em>Welt</em></p>\n");

	/* No raw HTML, no script URLs: what people write cannot run. */
	h = markdown_render(&a,
			    "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
			    "[a](javascript:alert(1)) [b](JAVASCRIPT:x) ![c](data:text/html,x) "
			    "<a href=\"https://evil\">d</a>",
			    2);
	assert_null(strstr(h.html, "<script"));
	assert_null(strstr(h.html, "onerror"));
	assert_null(strstr(h.html, "<img src=\"x\""));
	assert_null(strstr(h.html, "javascript:"));
	assert_null(strstr(h.html, "JAVASCRIPT:"));
	assert_null(strstr(h.html, "data:text/html"));
	assert_null(strstr(h.html, "<a href=\"https://evil\""));
	h = markdown_render(&a, "[ok](https://example.org/a?b=1&c=2)", 2);
	assert_string_equal(h.html,
			    "<p><a href=\"https://example.org/a?b=1&amp;c=2\">ok</a></p>\n");

	/* Headings fit under the page: the first at base, no level skipped. */
	h = markdown_render(&a, "# A\n\n#### B\n\n## C\n\n# D\n\n###### E", 3);
	assert_string_equal(h.html, "<h3>A</h3>\n<h4>B</h4>\n<h3>C</h3>\n<h3>D</h3>\n<h4>E</h4>\n");
	h = markdown_render(&a, "## Worum es geht\n\n### Details", 3);
	assert_string_equal(h.html, "<h3>Worum es geht</h3>\n<h4>Details</h4>\n");
	h = markdown_render(&a, "# 1\n## 2\n### 3\n#### 4\n##### 5", 5);
	assert_string_equal(h.html, "<h5>1</h5>\n<h6>2</h6>\n<h6>3</h6>\n<h6>4</h6>\n<h6>5</h6>\n");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phase_ids),
		cmocka_unit_test(test_phase_due),
		cmocka_unit_test(test_phase_next_change),
		cmocka_unit_test(test_phase_by_hand),
		cmocka_unit_test(test_accepts_and_visible),
		cmocka_unit_test(test_permissions),
		cmocka_unit_test(test_idea_status),
		cmocka_unit_test(test_support_rules),
		cmocka_unit_test(test_merge_rules),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_random_order),
		cmocka_unit_test(test_comment_rules),
		cmocka_unit_test(test_votes),
		cmocka_unit_test(test_idea_validation),
		cmocka_unit_test(test_challenge_validation),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_title_words),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_markdown),
	};
	return cmocka_run_group_tests_name("funnel rules", tests, NULL, NULL);
}
