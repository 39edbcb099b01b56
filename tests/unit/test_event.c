/*
 * test_event.c - the rules of events (features/events/rules.c): every
 * stored kind id parses back to its kind, and nothing else does; the back
 * office's event form (each field's problem, times, end after start,
 * capacity), the capacity against the places taken and the places freed,
 * the audit lines of a change, who manages events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
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

/* UTC, so the expected seconds are plain arithmetic (the server uses the city's zone). */
static int64_t utc_time(const struct event_local *l)
{
	int64_t days = 0;
	static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	for (int y = 1970; y < l->year; y++)
		days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
	days += before[l->month - 1] + l->day - 1;
	if (l->month > 2 && l->year % 4 == 0 && (l->year % 100 != 0 || l->year % 400 == 0))
		days++;
	return days * 86400 + l->hour * 3600 + l->minute * 60;
}

static struct event_input valid_input(void)
{
	return (struct event_input){
		.title = "  Reparatur-Café  ",
		.summary = "Wir *reparieren*.\nGemeinsam.",
		.kind = "workshop",
		.start_date = "2031-06-15",
		.start_time = "09:00",
		.end_date = "2031-06-15",
		.end_time = "12:30",
		.location = "Stadtteilzentrum",
		.capacity = "",
		.organiser = "",
		.lang = "de",
	};
}

/* The fields of problems, joined by spaces ("" for none). */
static const char *fields_of(struct arena *a, const struct field_problem *p, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(p[i].field) + 1;
	char *out = arena_alloc(a, len);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, p[i].field);
	}
	return out;
}

static const char *check(struct arena *a, struct event_input in, struct event_fields *out)
{
	struct field_problem p[EVENT_FORM_PROBLEMS];
	size_t n = event_form_check(a, &in, utc_time, out, p);
	assert_true(n <= EVENT_FORM_PROBLEMS);
	return fields_of(a, p, n);
}

static void test_form_valid(void **state)
{
	struct arena a;
	struct event_fields f;
	(void)state;
	arena_init(&a);
	assert_string_equal(check(&a, valid_input(), &f), "");
	assert_string_equal(f.title, "Reparatur-Café");
	assert_string_equal(f.summary, "Wir *reparieren*.\nGemeinsam.");
	assert_string_equal(f.kind, "workshop");
	assert_int_equal(f.starts_at, 1939280400); /* 2031-06-15T09:00:00Z */
	assert_int_equal(f.ends_at, 1939280400 + 3 * 3600 + 1800);
	assert_false(f.has_capacity);
	assert_int_equal(f.organiser_id, 0);
	assert_string_equal(f.lang, "de");
	struct event_input in = valid_input();
	in.capacity = " 25 ";
	in.organiser = "7";
	in.start_time = "09:00:00"; /* some browsers send seconds */
	in.lang = "en";
	assert_string_equal(check(&a, in, &f), "");
	assert_true(f.has_capacity);
	assert_int_equal(f.capacity, 25);
	assert_int_equal(f.organiser_id, 7);
	assert_string_equal(f.lang, "en");
	in.capacity = "100000";
	assert_string_equal(check(&a, in, &f), "");
	arena_free(&a);
}

static void test_form_problems(void **state)
{
	struct arena a;
	struct event_fields f;
	char long_title[202], long_summary[5002];
	(void)state;
	arena_init(&a);
	memset(long_title, 'x', 201);
	long_title[201] = '\0';
	memset(long_summary, 'x', 5001);
	long_summary[5001] = '\0';
	static const struct {
		size_t offset;
		const char *value;
		const char *fields;
	} cases[] = {
		{offsetof(struct event_input, title), "   ", "title"},
		{offsetof(struct event_input, title), NULL, "title"},
		{offsetof(struct event_input, title),
		 "a\x01"
		 "b",
		 "title"},
		{offsetof(struct event_input, summary), "", "summary"},
		{offsetof(struct event_input, summary),
		 "a\x01"
		 "b",
		 "summary"},
		{offsetof(struct event_input, kind), "rave", "kind"},
		{offsetof(struct event_input, kind), NULL, "kind"},
		{offsetof(struct event_input, start_date), "", "start_date"},
		{offsetof(struct event_input, start_date), "2031-02-29", "start_date"},
		{offsetof(struct event_input, start_date), "15.06.2031", "start_date"},
		{offsetof(struct event_input, start_time), "24:00", "start_time"},
		{offsetof(struct event_input, start_time), "9:00", "start_time"},
		{offsetof(struct event_input, start_time), "09:60", "start_time"},
		{offsetof(struct event_input, end_date), NULL, "end_date"},
		{offsetof(struct event_input, end_time), "", "end_time"},
		{offsetof(struct event_input, end_time), "09:00", "end_date"}, /* = the start */
		{offsetof(struct event_input, end_time), "08:59", "end_date"}, /* before it */
		{offsetof(struct event_input, end_date), "2031-06-14", "end_date"},
		{offsetof(struct event_input, location), "", "location"},
		{offsetof(struct event_input, capacity), "0", "capacity"},
		{offsetof(struct event_input, capacity), "-3", "capacity"},
		{offsetof(struct event_input, capacity), "1.5", "capacity"},
		{offsetof(struct event_input, capacity), "100001", "capacity"},
		{offsetof(struct event_input, capacity), "9999999999", "capacity"},
		{offsetof(struct event_input, organiser), "abc", "organiser"},
		{offsetof(struct event_input, organiser), "0", "organiser"},
		{offsetof(struct event_input, lang), "fr", "lang"},
		{offsetof(struct event_input, lang), NULL, "lang"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct event_input in = valid_input();
		*(const char **)((char *)&in + cases[i].offset) = cases[i].value;
		assert_string_equal(check(&a, in, &f), cases[i].fields);
	}
	struct event_input in = valid_input();
	in.title = long_title;
	assert_string_equal(check(&a, in, &f), "title");
	in = valid_input();
	in.summary = long_summary;
	assert_string_equal(check(&a, in, &f), "summary");
	in = valid_input();
	in.location = long_title;
	assert_string_equal(check(&a, in, &f), "location");
	/* Everything wrong at once: one problem per field, and no "end before start". */
	struct event_input bad = {0};
	bad.capacity = "x";
	bad.organiser = "x";
	assert_string_equal(check(&a, bad, &f),
			    "title summary kind start_date start_time end_date end_time location "
			    "capacity organiser lang");
	arena_free(&a);
}

static void test_parse_time(void **state)
{
	int h = -1, m = -1;
	(void)state;
	assert_true(event_parse_time("00:00", &h, &m));
	assert_int_equal(h, 0);
	assert_int_equal(m, 0);
	assert_true(event_parse_time("23:59:59", &h, &m));
	assert_int_equal(h, 23);
	assert_int_equal(m, 59);
	const char *bad[] = {NULL, "", "2400", "12:5", "12:345", "ab:cd", "12:00:60", "12:00:0x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(event_parse_time(bad[i], &h, &m));
}

static void test_capacity(void **state)
{
	(void)state;
	assert_null(event_capacity_problem(false, 0, 500)); /* no limit */
	assert_null(event_capacity_problem(true, 10, 10));
	assert_null(event_capacity_problem(true, 10, 0));
	assert_non_null(event_capacity_problem(true, 9, 10));
	/* Places freed: at most the waitlist, none while full. */
	assert_int_equal(event_places_freed(true, 4, 3, 3), 1);
	assert_int_equal(event_places_freed(true, 10, 3, 3), 3);
	assert_int_equal(event_places_freed(true, 3, 3, 3), 0);
	assert_int_equal(event_places_freed(true, 2, 3, 3), 0);
	assert_int_equal(event_places_freed(false, 0, 3, 5), 5);
	assert_int_equal(event_places_freed(false, 0, 3, 0), 0);
}

static void test_diff(void **state)
{
	struct arena a;
	const char *was, *is;
	(void)state;
	arena_init(&a);
	struct event_fields before = {"Titel",	  "Text",     "Raum 1", "workshop", "de",
				      1939280400, 1939284000, true,	20,	    0};
	struct event_fields after = before;
	assert_false(event_fields_diff(&a, &before, &after, &was, &is));
	assert_string_equal(was, "");
	assert_string_equal(is, "");
	after.title = "Neuer Titel";
	after.starts_at += 3600;
	after.has_capacity = false;
	after.organiser_id = 3;
	assert_true(event_fields_diff(&a, &before, &after, &was, &is));
	assert_string_equal(was, "title: Titel\nstarts: 2031-06-15T09:00:00Z\ncapacity: 20\n"
				 "organiser: none");
	assert_string_equal(is, "title: Neuer Titel\nstarts: 2031-06-15T10:00:00Z\n"
				"capacity: unlimited\norganiser: organisation:3");
	/* A new event: every line after, nothing before. */
	assert_true(event_fields_diff(&a, NULL, &before, &was, &is));
	assert_string_equal(was, "");
	assert_string_equal(is, "title: Titel\nsummary: Text\nkind: workshop\n"
				"starts: 2031-06-15T09:00:00Z\nends: 2031-06-15T10:00:00Z\n"
				"location: Raum 1\ncapacity: 20\norganiser: none\nlang: de");
	arena_free(&a);
}

static void test_who_and_when(void **state)
{
	enum event_when w = EVENT_WHEN_ALL;
	(void)state;
	assert_true(event_office_may(ROLE_ADMIN));
	for (int r = 0; r < ROLE__COUNT; r++)
		if (r != ROLE_ADMIN)
			assert_false(event_office_may((enum role)r));
	assert_true(event_shows_email(ROLE_ADMIN));
	assert_false(event_shows_email(ROLE_MODERATOR));
	assert_false(event_shows_email(ROLE_REPRESENTATIVE));
	assert_true(event_when_parse(NULL, &w));
	assert_int_equal(w, EVENT_WHEN_UPCOMING);
	assert_true(event_when_parse("past", &w));
	assert_int_equal(w, EVENT_WHEN_PAST);
	assert_true(event_when_parse("all", &w));
	assert_int_equal(w, EVENT_WHEN_ALL);
	assert_false(event_when_parse("soon", &w));
}

/* Organisers' tools: the online link, who may, calling off, a new time, attendance. */
static void test_organiser_tools(void **state)
{
	struct arena a;
	struct event_fields f, g;
	int att = 9;
	(void)state;
	arena_init(&a);
	assert_null(event_online_url_problem(NULL));
	assert_null(event_online_url_problem(""));
	assert_null(event_online_url_problem("https://meet.example.org/r?x=1"));
	assert_null(event_online_url_problem("http://example.org"));
	assert_non_null(event_online_url_problem("javascript:alert(1)"));
	assert_non_null(event_online_url_problem("ftp://example.org"));
	assert_non_null(event_online_url_problem("https://"));
	assert_non_null(event_online_url_problem("https:///path"));
	assert_non_null(event_online_url_problem("https://exa mple.org"));
	assert_non_null(event_online_url_problem("https://example.org/\"\"><script>"));
	char long_url[EVENT_ONLINE_URL_MAX + 2];
	memcpy(long_url, "https://", 8);
	memset(long_url + 8, 'a', sizeof(long_url) - 9);
	long_url[sizeof(long_url) - 1] = '\0';
	assert_non_null(event_online_url_problem(long_url));
	struct event_input in = valid_input();
	in.online_url = "  https://meet.example.org/raum  ";
	assert_string_equal(check(&a, in, &f), "");
	assert_string_equal(f.online_url, "https://meet.example.org/raum");
	in.online_url = "mailto:x@example.org";
	assert_string_equal(check(&a, in, &g), "online_url");
	in.online_url = NULL;
	assert_string_equal(check(&a, in, &g), "");
	assert_string_equal(g.online_url, "");
	const char *was, *is;
	assert_true(event_fields_diff(&a, &g, &f, &was, &is));
	assert_string_equal(is, "online_url: https://meet.example.org/raum");

	assert_true(event_organiser_may(ROLE_PARTICIPANT, true));
	assert_false(event_organiser_may(ROLE_PARTICIPANT, false));
	assert_false(event_organiser_may(ROLE_MODERATOR, false));
	assert_true(event_organiser_may(ROLE_ADMIN, false));

	assert_null(event_call_off_problem(false, false));
	assert_non_null(event_call_off_problem(true, false));
	assert_non_null(event_call_off_problem(false, true));
	assert_string_equal(event_call_off_problem(true, true),
			    "This event has already been called off.");

	g = f;
	assert_false(event_time_changed(&f, &g));
	g.location = "elsewhere";
	assert_false(event_time_changed(&f, &g));
	g.ends_at++;
	assert_true(event_time_changed(&f, &g));
	g = f;
	g.starts_at--;
	assert_true(event_time_changed(&f, &g));

	assert_true(event_attendance_parse("yes", &att));
	assert_int_equal(att, 1);
	assert_true(event_attendance_parse("no", &att));
	assert_int_equal(att, 0);
	assert_true(event_attendance_parse("unknown", &att));
	assert_int_equal(att, -1);
	assert_false(event_attendance_parse("maybe", &att));
	assert_false(event_attendance_parse(NULL, &att));
	assert_int_equal(att, -1);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_round_trip),
		cmocka_unit_test(test_unknown_kinds),
		cmocka_unit_test(test_form_valid),
		cmocka_unit_test(test_form_problems),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_who_and_when),
		cmocka_unit_test(test_organiser_tools),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
