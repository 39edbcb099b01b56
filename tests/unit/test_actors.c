/*
 * test_actors.c - the rules of the directory of actors
 * (features/actors/rules.c): folding, the curated list and its look-up,
 * tag normalisation and limits, a profile's checks, public fields, the
 * words a listed actor is found by, and the name search's pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/utf8.h"
#include "features/actors/rules.h"

static void test_fold(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(actor_fold(&a, "  Sensor \t  Data "), "sensor data");
	assert_string_equal(actor_fold(&a, "MOBILITÄT"), "mobilität");
	assert_string_equal(actor_fold(&a, "Öffentlicher Raum ÜBER Ärger"),
			    "öffentlicher raum über ärger");
	assert_string_equal(actor_fold(&a, "×ß"), "×ß"); /* U+00D7 and U+00DF stay */
	assert_string_equal(actor_fold(&a, ""), "");
	assert_string_equal(actor_fold(&a, NULL), "");
	arena_free(&a);
}

static void test_curated_list(void **state)
{
	(void)state;
	/* About 25-40 competencies, each with an id and two labels, ids unique and clean. */
	assert_true(actor_competences_count >= 25 && actor_competences_count <= 40);
	for (size_t i = 0; i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		assert_non_null(c->de);
		assert_non_null(c->en);
		assert_true(strlen(c->id) > 0 && strlen(c->id) <= ACTOR_TAG_MAX);
		for (const char *p = c->id; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '-');
		assert_true(utf8_length(c->de, strlen(c->de)) <= ACTOR_TAG_MAX);
		assert_true(utf8_length(c->en, strlen(c->en)) <= ACTOR_TAG_MAX);
		for (size_t j = i + 1; j < actor_competences_count; j++)
			assert_string_not_equal(c->id, actor_competences[j].id);
		assert_ptr_equal(actor_competence_by_id(c->id), c);
		/* Each label finds its own competence and no other. */
		assert_ptr_equal(actor_competence_match(c->de), c);
		assert_ptr_equal(actor_competence_match(c->en), c);
	}
	assert_null(actor_competence_by_id("Mobilität"));
	assert_null(actor_competence_by_id(NULL));
	assert_string_equal(actor_competence_match("  mobilität ")->id, "mobility");
	assert_string_equal(actor_competence_match("SENSOR DATA")->id, "sensor-data");
	assert_string_equal(actor_competence_match("KI")->id, "ai");
	assert_string_equal(actor_competence_match("open-data")->id, "open-data");
	assert_null(actor_competence_match("LoRaWAN"));
	assert_string_equal(actor_competence_label(actor_competence_by_id("energy"), "de"),
			    "Energie");
	assert_string_equal(actor_competence_label(actor_competence_by_id("energy"), "en"),
			    "Energy");
	assert_true(actor_language_known("de"));
	assert_true(actor_language_known("uk"));
	assert_false(actor_language_known("xx"));
	assert_false(actor_language_known(NULL));
}

static void test_tag_normalise(void **state)
{
	struct arena a;
	struct actor_tag t;
	char long_tag[ACTOR_TAG_MAX + 2];

	(void)state;
	arena_init(&a);
	assert_int_equal(actor_tag_normalise(&a, "  #LoRaWAN   Netze ", &t), ACTOR_TAG_OK);
	assert_string_equal(t.label, "LoRaWAN Netze");
	assert_string_equal(t.key, "lorawan netze");
	assert_false(t.curated);
	assert_int_equal(actor_tag_normalise(&a, "Stadtplanung", &t), ACTOR_TAG_OK);
	assert_true(t.curated);
	assert_string_equal(t.key, "urban-planning");
	assert_int_equal(actor_tag_normalise(&a, "   ", &t), ACTOR_TAG_EMPTY);
	assert_int_equal(actor_tag_normalise(&a, "#", &t), ACTOR_TAG_EMPTY);
	assert_int_equal(actor_tag_normalise(&a, NULL, &t), ACTOR_TAG_EMPTY);
	assert_int_equal(actor_tag_normalise(&a, "a\x01", &t), ACTOR_TAG_INVALID);
	assert_int_equal(actor_tag_normalise(&a, "a\nb", &t), ACTOR_TAG_INVALID);
	assert_int_equal(actor_tag_normalise(&a, "\xff\xfe", &t), ACTOR_TAG_INVALID);
	/* 40 characters are a tag, 41 are too long; umlauts count as one. */
	memset(long_tag, 'x', ACTOR_TAG_MAX);
	long_tag[ACTOR_TAG_MAX] = '\0';
	assert_int_equal(actor_tag_normalise(&a, long_tag, &t), ACTOR_TAG_OK);
	long_tag[ACTOR_TAG_MAX] = 'x';
	long_tag[ACTOR_TAG_MAX + 1] = '\0';
	assert_int_equal(actor_tag_normalise(&a, long_tag, &t), ACTOR_TAG_TOO_LONG);
	char umlauts[2 * ACTOR_TAG_MAX + 1];
	for (int i = 0; i < ACTOR_TAG_MAX; i++)
		memcpy(umlauts + 2 * i, "ä", 2);
	umlauts[2 * ACTOR_TAG_MAX] = '\0';
	assert_int_equal(actor_tag_normalise(&a, umlauts, &t), ACTOR_TAG_OK);
	arena_free(&a);
}

static struct actor_input input(const char *tags)
{
	static const char *const competences[] = {"mobility", "energy", "mobility"};
	static const char *const languages[] = {"en", "de", "en"};
	return (struct actor_input){
		.competences = competences,
		.competences_count = 3,
		.tags = tags,
		.offers = " Messdaten ",
		.needs = "Partner",
		.district = "  Nord  Stadt ",
		.website = "https://example.org",
		.languages = languages,
		.languages_count = 3,
		.with_website = true,
	};
}

static void test_profile_check(void **state)
{
	struct arena a;
	struct actor_profile p;
	struct field_problem problems[ACTOR_PROBLEMS_MAX];
	struct actor_input in;

	(void)state;
	arena_init(&a);
	in = input("LoRaWAN, Mobilität, lorawan, , Sensor Data");
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 0);
	/* Curated ones once each (a free tag naming one becomes it), free ones once. */
	assert_int_equal(p.tags_count, 4);
	assert_string_equal(p.tags[0].key, "mobility");
	assert_string_equal(p.tags[1].key, "energy");
	assert_string_equal(p.tags[2].key, "lorawan");
	assert_string_equal(p.tags[2].label, "LoRaWAN");
	assert_string_equal(p.tags[3].key, "sensor-data");
	assert_string_equal(p.offers, "Messdaten");
	assert_string_equal(p.district, "Nord  Stadt");
	assert_string_equal(p.district_key, "nord stadt");
	assert_string_equal(p.website, "https://example.org");
	assert_string_equal(p.languages, "de,en"); /* the table's order, once each */

	/* Ten free tags are allowed, the eleventh is not. */
	in = input("a1,a2,a3,a4,a5,a6,a7,a8,a9,a10");
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 0);
	in = input("a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11");
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 1);
	assert_string_equal(problems[0].field, "tags");
	/* Curated ones typed do not count against the ten. */
	in = input("a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,Energie,Bildung");
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 0);

	/* A tag of 200 characters. */
	char tag200[201];
	memset(tag200, 't', 200);
	tag200[200] = '\0';
	in = input(tag200);
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 1);
	assert_string_equal(problems[0].field, "tags");
	assert_string_equal(problems[0].message,
			    "A competence can have at most 40 characters; separate several with "
			    "commas.");

	/* Every other field at once. */
	static const char *const forged[] = {"king"};
	static const char *const klingon[] = {"tlh"};
	char text501[ACTOR_TEXT_MAX + 2];
	memset(text501, 'o', ACTOR_TEXT_MAX + 1);
	text501[ACTOR_TEXT_MAX + 1] = '\0';
	in = input("");
	in.competences = forged;
	in.competences_count = 1;
	in.offers = text501;
	in.needs = text501;
	in.district = "Mitte\nNord";
	in.website = "ftp://example.org";
	in.languages = klingon;
	in.languages_count = 1;
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 6);
	const char *fields[] = {"competences", "offers",  "needs",
				"district",    "website", "languages"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(problems[i].field, fields[i]);
	/* Exactly 500 characters, and an organisation's form without a website. */
	text501[ACTOR_TEXT_MAX] = '\0';
	in = input("");
	in.offers = text501;
	in.with_website = false;
	in.website = "not checked";
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 0);
	assert_string_equal(p.website, "");
	/* Absent fields are empty ones. */
	struct actor_input empty = {0};
	assert_int_equal(actor_profile_check(&a, &empty, &p, problems), 0);
	assert_int_equal(p.tags_count, 0);
	assert_string_equal(p.offers, "");
	assert_string_equal(p.languages, "");
	arena_free(&a);
}

static void test_public_fields_and_words(void **state)
{
	struct arena a;
	struct actor_profile p;
	struct field_problem problems[ACTOR_PROBLEMS_MAX];
	unsigned pub;

	(void)state;
	arena_init(&a);
	const char *ids[] = {"offers", "competencies", "offers"};
	assert_true(actor_public_fields_parse(ids, 3, &pub));
	assert_int_equal(pub, ACTOR_FIELD_BIT(ACTOR_FIELD_OFFERS) |
				      ACTOR_FIELD_BIT(ACTOR_FIELD_COMPETENCIES));
	const char *bad[] = {"offers", "email"};
	assert_false(actor_public_fields_parse(bad, 2, &pub));
	assert_true(actor_public_fields_parse(NULL, 0, &pub));
	assert_int_equal(pub, 0);
	assert_int_equal(ACTOR_FIELDS_ALL, 255);

	struct actor_input in = input("LoRaWAN");
	in.needs = "Geheimnis";
	assert_int_equal(actor_profile_check(&a, &in, &p, problems), 0);
	/* Only public fields give words; curated competencies in both languages. */
	const char *w = actor_search_text(
		&a, ACTOR_FIELD_BIT(ACTOR_FIELD_OFFERS) | ACTOR_FIELD_BIT(ACTOR_FIELD_COMPETENCIES),
		&p);
	assert_non_null(strstr(w, "Messdaten"));
	assert_non_null(strstr(w, "Mobilität"));
	assert_non_null(strstr(w, "Mobility"));
	assert_non_null(strstr(w, "LoRaWAN"));
	assert_null(strstr(w, "Geheimnis"));
	assert_null(strstr(w, "Nord"));
	assert_string_equal(actor_search_text(&a, 0, &p), "");
	w = actor_search_text(&a, ACTOR_FIELDS_ALL, &p);
	assert_non_null(strstr(w, "Geheimnis"));
	assert_non_null(strstr(w, "Nord  Stadt"));
	arena_free(&a);
}

static void test_name_pattern(void **state)
{
	struct arena a;
	char q[ACTOR_QUERY_MAX + 2];

	(void)state;
	arena_init(&a);
	assert_string_equal(actor_name_pattern(&a, NULL), "");
	assert_string_equal(actor_name_pattern(&a, "   "), "");
	assert_string_equal(actor_name_pattern(&a, " Stadt WERKE "), "%stadt werke%");
	assert_string_equal(actor_name_pattern(&a, "100%_a\\b"), "%100\\%\\_a\\\\b%");
	memset(q, 'q', ACTOR_QUERY_MAX);
	q[ACTOR_QUERY_MAX] = '\0';
	assert_non_null(actor_name_pattern(&a, q));
	q[ACTOR_QUERY_MAX] = 'q';
	q[ACTOR_QUERY_MAX + 1] = '\0';
	assert_null(actor_name_pattern(&a, q));
	assert_null(actor_name_pattern(&a, "\xff"));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_curated_list),
		cmocka_unit_test(test_tag_normalise),
		cmocka_unit_test(test_profile_check),
		cmocka_unit_test(test_public_fields_and_words),
		cmocka_unit_test(test_name_pattern),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
