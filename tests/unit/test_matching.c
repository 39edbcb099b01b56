/*
 * test_matching.c - the rules of matchmaking (features/matching/rules.c):
 * a small hand-checked set whose best match and explanation are known,
 * stemming across word forms, the tag and district weights, excluding
 * oneself, and the stored form of an explanation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "features/matching/rules.h"

enum { ACTORS, CHALLENGES };

static const struct matching_tag tags_mobility[] = {{"mobility", "Mobilität"},
						    {"sensor-data", "Sensordaten"}};
static const struct matching_tag tags_energy[] = {{"energy", "Energie"}};

/* Three actors, two challenges: written so that the best match is plain to a reader. */
static struct matching *city(long *verkehr, long *stadtwerke, long *verein, long *radweg,
			     long *waerme)
{
	struct matching *m = matching_new();
	assert_non_null(m);
	*verkehr =
		matching_add(m, ACTORS,
			     &(struct matching_doc){1,
						    "Wir messen Radverkehr mit Sensoren und werten "
						    "Sensordaten zur Mobilität aus.",
						    tags_mobility, 2, "nordstadt"});
	*stadtwerke = matching_add(
		m, ACTORS,
		&(struct matching_doc){2, "Wärmenetze, Energie und Stromnetze für die Stadt.",
				       tags_energy, 1, "nordstadt"});
	*verein = matching_add(m, ACTORS,
			       &(struct matching_doc){3, "Nachbarschaftsfeste und Stadtteilarbeit.",
						      NULL, 0, "altstadt"});
	*radweg = matching_add(
		m, CHALLENGES,
		&(struct matching_doc){10,
				       "Sichere Radwege: Wo fehlen Radwege? Sensordaten zum "
				       "Radverkehr sollen zeigen, wo die Mobilität stockt.",
				       NULL, 0, ""});
	*waerme = matching_add(m, CHALLENGES,
			       &(struct matching_doc){11,
						      "Wie wird die Wärme der Stadt klimaneutral? "
						      "Wärmenetze und erneuerbare Energie.",
						      NULL, 0, ""});
	assert_true(*verkehr >= 0 && *stadtwerke >= 0 && *verein >= 0 && *radweg >= 0 &&
		    *waerme >= 0);
	assert_int_equal(matching_build(m), 0);
	return m;
}

static void test_best_match_and_why(void **state)
{
	long verkehr, stadtwerke, verein, radweg, waerme;
	struct matching_hit hits[4];
	struct matching_reason why[MATCHING_REASONS_MAX];

	(void)state;
	struct matching *m = city(&verkehr, &stadtwerke, &verein, &radweg, &waerme);
	/* The cycle-path challenge: the traffic lab first, the district club not at all. */
	long n = matching_top(m, (size_t)radweg, ACTORS, 0, 0.01, hits, 4);
	assert_true(n >= 1);
	assert_int_equal(hits[0].id, 1);
	for (long i = 0; i < n; i++)
		assert_int_not_equal(hits[i].id, 3);
	size_t k = matching_explain(m, (size_t)radweg, hits[0].doc, why, MATCHING_REASONS_MAX);
	assert_int_equal(k, 3);
	/* The words as written (not their stems), those that weigh most. */
	const char *words[3] = {why[0].word, why[1].word, why[2].word};
	int sensor = 0, mobil = 0, rad = 0;
	for (int i = 0; i < 3; i++) {
		assert_false(why[i].tag);
		sensor += strcmp(words[i], "Sensordaten") == 0;
		mobil += strcmp(words[i], "Mobilität") == 0;
		rad += strcmp(words[i], "Radverkehr") == 0;
	}
	assert_int_equal(sensor + mobil + rad, 3);
	/* The heat challenge: the public utility. */
	n = matching_top(m, (size_t)waerme, ACTORS, 0, 0.01, hits, 4);
	assert_true(n >= 1);
	assert_int_equal(hits[0].id, 2);
	/* The other way: the traffic lab's best challenge is the cycle paths. */
	n = matching_top(m, (size_t)verkehr, CHALLENGES, 0, 0.01, hits, 4);
	assert_true(n >= 1);
	assert_int_equal(hits[0].id, 10);
	matching_free(m);
}

static void test_tags_district_and_self(void **state)
{
	struct matching_hit hits[4];
	struct matching_reason why[MATCHING_REASONS_MAX];
	struct arena a;

	(void)state;
	arena_init(&a);
	struct matching *m = matching_new();
	assert_non_null(m);
	/* Needs (source 0) against offers (source 1). */
	long need = matching_add(
		m, 0, &(struct matching_doc){1, "Wir suchen Fahrräder", tags_mobility, 2, "nord"});
	long self = matching_add(
		m, 1,
		&(struct matching_doc){1, "Wir verleihen ein Fahrrad", tags_mobility, 2, "nord"});
	long tagged = matching_add(
		m, 1, &(struct matching_doc){2, "Wir verleihen ein Fahrrad", tags_mobility, 2, ""});
	long plain = matching_add(
		m, 1, &(struct matching_doc){3, "Wir verleihen ein Fahrrad", NULL, 0, ""});
	long near = matching_add(
		m, 1, &(struct matching_doc){4, "Wir verleihen ein Fahrrad", NULL, 0, "nord"});
	long none = matching_add(m, 1, &(struct matching_doc){5, "Kuchen backen", NULL, 0, "nord"});
	assert_true(need >= 0 && self >= 0 && tagged >= 0 && plain >= 0 && near >= 0 && none >= 0);
	assert_int_equal(matching_build(m), 0);
	long n = matching_top(m, (size_t)need, 1, 1, 0.0, hits, 4);
	/* Not oneself; shared tags first, then the same district, then the text alone; a
	 * district alone is no match. */
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].id, 2);
	assert_int_equal(hits[1].id, 4);
	assert_int_equal(hits[2].id, 3);
	assert_true(hits[1].score - hits[2].score > MATCHING_W_DISTRICT - 1e-6);
	assert_true(hits[1].score - hits[2].score < MATCHING_W_DISTRICT + 1e-6);
	/* "Fahrräder" meets "Fahrrad" by their stem; tags are named first. */
	size_t k = matching_explain(m, (size_t)need, hits[0].doc, why, MATCHING_REASONS_MAX);
	assert_int_equal(k, 3);
	assert_true(why[0].tag && why[1].tag);
	assert_false(why[2].tag);
	assert_string_equal(why[2].word, "Fahrräder");
	/* Stored and shown: a tag's label through the reader's language. */
	char *stored = matching_reasons_encode(&a, why, k);
	assert_non_null(stored);
	struct matching_reason back[MATCHING_REASONS_MAX];
	assert_int_equal(matching_reasons_decode(&a, stored, back, MATCHING_REASONS_MAX), 3);
	assert_true(back[0].tag);
	assert_string_equal(back[2].word, "Fahrräder");
	struct matching_stats st;
	matching_stats(m, &st);
	assert_int_equal(st.docs, 6);
	assert_true(st.nonzeros > 0 && st.terms > 0 && st.bytes > 0);
	matching_free(m);
	arena_free(&a);
}

static const char *english(const char *key, const char *lang)
{
	if (strcmp(lang, "en") != 0)
		return NULL;
	return strcmp(key, "mobility") == 0 ? "mobility" : NULL;
}

static void test_reasons_text(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	const char *stored = "#mobility\tmobility\n#sensor-data\tsensor-data\nSensordaten";
	assert_string_equal(matching_reasons_text(&a, stored, "en", english),
			    "mobility, sensor-data, Sensordaten");
	assert_string_equal(matching_reasons_text(&a, "Radweg\n\nMobilität", "de", NULL),
			    "Radweg, Mobilität");
	assert_string_equal(matching_reasons_text(&a, "", "de", NULL), "");
	/* A tag's label that reads as a word of the texts is named once. */
	assert_string_equal(
		matching_reasons_text(&a, "#mobility\tmobility\nMobility\nRadweg", "en", english),
		"mobility, Radweg");
	/* A reason's own line breaks and tabs do not break the stored form. */
	struct matching_reason r = {false, "a\nb", "a\nb"};
	assert_string_equal(matching_reasons_encode(&a, &r, 1), "a b");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_best_match_and_why),
		cmocka_unit_test(test_tags_district_and_self),
		cmocka_unit_test(test_reasons_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
