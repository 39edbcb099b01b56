/*
 * test_opportunities.c - the rules of the opportunities board
 * (features/opportunities/rules.c): the kinds, the form's checks (each
 * field's problem, a deadline in the past, a topic of 200 characters, a
 * bad link, the directory's topics and their limits), when an
 * opportunity is open, a reply's text, sectors and search words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/civil.h"
#include "features/opportunities/rules.h"

static const char *const SECTORS[] = {"business", "research"};
static const char *const COMPETENCES[] = {"sensor-data", "energy"};

/* A valid form; a test changes one field. */
static struct opp_input valid(void)
{
	return (struct opp_input){
		.kind = "pilot-partners",
		.organisation = "7",
		.sectors = SECTORS,
		.sectors_count = 2,
		.competences = COMPETENCES,
		.competences_count = 2,
		.topics = "Luftqualität, #Mobilität",
		.title = "  Pilotpartner gesucht ",
		.description = "Wir suchen **Partner**.\nZeile zwei.",
		.deadline = "2026-12-24",
		.place = "Nordstadt",
		.remote = NULL,
		.reply = "platform",
		.link = "",
		.lang = "de",
	};
}

static const int64_t TODAY_Y = 2026;

static int64_t today(void)
{
	return civil_days(TODAY_Y, 12, 7);
}

/* The one problem of a form, or NULL when none (fails when more than one). */
static const char *only_problem(struct arena *a, const struct opp_input *in, const char **field)
{
	struct opp_fields f;
	struct field_problem p[OPP_PROBLEMS_MAX];
	size_t n = opp_check(a, in, today(), &f, p);

	assert_true(n <= 1);
	if (n == 0)
		return NULL;
	*field = p[0].field;
	return p[0].message;
}

static void test_kinds(void **state)
{
	enum opp_kind k;

	(void)state;
	for (int i = 0; i < OPP_KIND__COUNT; i++) {
		assert_non_null(opp_kinds[i].id);
		assert_true(opp_kind_parse(opp_kinds[i].id, &k));
		assert_int_equal(k, i);
		assert_string_equal(opp_kind_label(opp_kinds[i].id), opp_kinds[i].label);
	}
	assert_false(opp_kind_parse("party", &k));
	assert_false(opp_kind_parse(NULL, &k));
	assert_false(opp_kind_parse("", &k));
	assert_string_equal(opp_kind_label("party"), "party");
}

static void test_valid_form(void **state)
{
	struct arena a;
	struct opp_fields f;
	struct field_problem p[OPP_PROBLEMS_MAX];

	(void)state;
	arena_init(&a);
	struct opp_input in = valid();
	assert_int_equal(opp_check(&a, &in, today(), &f, p), 0);
	assert_string_equal(f.title, "Pilotpartner gesucht");
	assert_string_equal(f.kind, "pilot-partners");
	assert_int_equal(f.organisation_id, 7);
	assert_int_equal(f.sectors,
			 OPP_SECTOR_BIT(SECTOR_BUSINESS) | OPP_SECTOR_BIT(SECTOR_RESEARCH));
	assert_string_equal(f.deadline, "2026-12-24");
	assert_int_equal(f.deadline_day, 24);
	assert_string_equal(f.place, "Nordstadt");
	assert_false(f.remote);
	assert_string_equal(f.link, "");
	assert_string_equal(f.lang, "de");
	/* Two curated, one free, and "#Mobilität" became the curated "mobility". */
	assert_int_equal(f.topics_count, 4);
	size_t curated = 0;
	for (size_t i = 0; i < f.topics_count; i++)
		curated += f.topics[i].curated;
	assert_int_equal(curated, 3);
	const char *words = opp_search_text(&a, &f, "Stadtwerke");
	assert_non_null(strstr(words, "Stadtwerke"));
	assert_non_null(strstr(words, "Sensordaten"));
	assert_non_null(strstr(words, "Sensor data"));
	assert_non_null(strstr(words, "Luftqualität"));
	assert_non_null(strstr(words, "Nordstadt"));
	/* A link instead of replies; remote without a place; today's deadline. */
	in.reply = "link";
	in.link = " https://example.org/call ";
	in.place = "";
	in.remote = "1";
	in.deadline = "2026-12-07";
	assert_int_equal(opp_check(&a, &in, today(), &f, p), 0);
	assert_string_equal(f.link, "https://example.org/call");
	assert_string_equal(f.place, "");
	assert_true(f.remote);
	arena_free(&a);
}

static void test_bad_fields(void **state)
{
	struct arena a;
	const char *field = NULL;
	char long_topic[201];
	char long_title[OPP_TITLE_MAX + 2];

	(void)state;
	arena_init(&a);
	memset(long_topic, 't', 200);
	long_topic[200] = '\0';
	memset(long_title, 'x', OPP_TITLE_MAX + 1);
	long_title[OPP_TITLE_MAX + 1] = '\0';
	struct {
		struct opp_input in;
		const char *field;
		const char *message;
	} cases[] = {
		{valid(), "deadline", "The deadline is in the past: choose today or a later day."},
		{valid(), "deadline", "Enter the deadline as a date (year-month-day)."},
		{valid(), "deadline", "Enter the deadline, the last day to apply."},
		{valid(), "topics",
		 "A topic can have at most 40 characters; separate several with commas."},
		{valid(), "link",
		 "Enter the link as an address that begins with http:// or https://."},
		{valid(), "link",
		 "Enter the link as an address that begins with http:// or https://."},
		{valid(), "title", "Enter a title."},
		{valid(), "title", "The title can have at most 200 characters."},
		{valid(), "title", "The text contains characters that are not allowed."},
		{valid(), "description", "Describe the opportunity."},
		{valid(), "kind", "Choose the kind of opportunity."},
		{valid(), "organisation", "Choose the organisation the opportunity is from."},
		{valid(), "sectors", "Choose at least one sector the opportunity is for."},
		{valid(), "sectors", "Choose the sectors from the list."},
		{valid(), "competences", "Choose the topics from the list."},
		{valid(), "topics", "Add at most 10 further topics."},
		{valid(), "place", "Enter the place, or tick that it can be done remotely."},
		{valid(), "reply", "Choose how people reply: by a link or through the platform."},
		{valid(), "lang", "Choose one of the offered languages."},
	};
	static const char *const pirates[] = {"pirates"};
	static const char *const nonsense[] = {"no-such-competence"};
	cases[0].in.deadline = "2026-12-06";
	cases[1].in.deadline = "2026-02-31";
	cases[2].in.deadline = "";
	cases[3].in.topics = long_topic;
	cases[4].in.reply = "link";
	cases[4].in.link = "javascript:alert(1)";
	cases[5].in.reply = "link";
	cases[5].in.link = "";
	cases[6].in.title = "   ";
	cases[7].in.title = long_title;
	cases[8].in.title = "zwei\nZeilen";
	cases[9].in.description = NULL;
	cases[10].in.kind = "party";
	cases[11].in.organisation = "0";
	cases[12].in.sectors_count = 0;
	cases[13].in.sectors = pirates;
	cases[13].in.sectors_count = 1;
	cases[14].in.competences = nonsense;
	cases[14].in.competences_count = 1;
	cases[15].in.topics = "a, b, c, d, e, f, g, h, i, j, k";
	cases[16].in.place = " ";
	cases[17].in.reply = "fax";
	cases[18].in.lang = "xx";
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *m = only_problem(&a, &cases[i].in, &field);
		assert_non_null(m);
		assert_string_equal(field, cases[i].field);
		assert_string_equal(m, cases[i].message);
	}
	/* Many problems at once stay within OPP_PROBLEMS_MAX. */
	struct opp_input bad = {.sectors_count = 0};
	struct opp_fields f;
	struct field_problem p[OPP_PROBLEMS_MAX];
	size_t n = opp_check(&a, &bad, today(), &f, p);
	assert_true(n >= 6 && n <= OPP_PROBLEMS_MAX);
	arena_free(&a);
}

static void test_open_and_reply(void **state)
{
	struct arena a;
	const char *problem = NULL;
	char long_reply[OPP_REPLY_MAX + 2];

	(void)state;
	arena_init(&a);
	assert_true(opp_open(1000, 999));
	assert_false(opp_open(1000, 1000));
	assert_false(opp_open(1000, 1001));
	assert_string_equal(opp_reply_check(&a, "  Gerne!\nViele Grüße ", &problem),
			    "Gerne!\nViele Grüße");
	assert_null(opp_reply_check(&a, "   ", &problem));
	assert_string_equal(problem, "Write a short message.");
	memset(long_reply, 'r', OPP_REPLY_MAX + 1);
	long_reply[OPP_REPLY_MAX + 1] = '\0';
	assert_null(opp_reply_check(&a, long_reply, &problem));
	assert_string_equal(problem, "A reply can have at most 1,000 characters.");
	long_reply[OPP_REPLY_MAX] = '\0';
	assert_non_null(opp_reply_check(&a, long_reply, &problem));
	unsigned bits;
	static const char *const all[] = {"government", "research", "business", "civil"};
	assert_true(opp_sectors_parse(all, 4, &bits));
	assert_int_equal(bits, OPP_SECTORS_ALL);
	assert_true(opp_sectors_parse(all, 0, &bits));
	assert_int_equal(bits, 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_valid_form),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_open_and_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
