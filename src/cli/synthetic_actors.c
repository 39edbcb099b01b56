/*
 * synthetic_actors.c - the synthetic city's directory of actors: every
 * organisation's entry (the rows are migration 0021's triggers') gets
 * competencies (three to five curated, one free in three), what it
 * offers and looks for, a district and its languages, so that /actors
 * and an actor's page are measured with realistic content.  Profiles go
 * through the directory's rules (actor_profile_check) and its search
 * words (actor_search_text), as a saved form would.
 */
#include <stdio.h>
#include <string.h>

#include "cli/bulk.h"
#include "cli/synthetic_actors.h"
#include "features/actors/actors.h"

static const char *const offers[] = {
	"Messdaten und Erfahrung aus Pilotprojekten in mehreren Quartieren.",
	"Räume für Workshops, ein Netzwerk in die Verwaltung und Moderation.",
	"Studierende für Praxisprojekte und Betreuung von Abschlussarbeiten.",
	"Software, Prototypen und ein kleines Team für schnelle Tests.",
	"Beratung zu Fördermitteln und Kontakte zu Unternehmen der Region.",
	"Ehrenamtliche, die bei Aktionen im Stadtteil mit anpacken.",
	"Testflächen, Sensorik und Zugang zu Daten aus dem Netzbetrieb.",
	"Forschungsmethoden, Befragungen und Auswertungen.",
};
static const char *const needs[] = {
	"Partner für ein Reallabor im nächsten Jahr.",
	"Daten aus der Stadt, um Angebote besser zu planen.",
	"Unternehmen, die neue Lösungen als Erste ausprobieren.",
	"Ein Team aus der Forschung, das unsere Wirkung misst.",
	"Räume und Menschen, die mitmachen.",
	"Kontakte in die Verwaltung und zu den Stadtwerken.",
};
static const char *const districts[] = {
	"Mitte",    "Altstadt", "Nordstadt", "Südstadt",	   "Westend",
	"Oststadt", "Hafen",	"Campus",    "Gewerbegebiet Nord", "Am Stadtwald",
};
static const char *const free_tags[] = {
	"LoRaWAN", "Reallabore", "Fachkräfte", "Quartiersarbeit", "Lastenräder", "Datenschutz",
};

int synth_load_actors(struct db *db, const struct plan *p)
{
	struct synth_rng r;
	struct bulk b, t;
	struct arena a;
	int rc = -1;

	synth_stream(&r, p, S_ACTORS, 0);
	arena_init(&a);
	bulk_open(&b, db, STMT_bench_actor_row, STMT_bench_actor_batch, 7, NULL);
	bulk_open(&t, db, STMT_bench_actor_tag_row, STMT_bench_actor_tag_batch, 4, NULL);
	for (int64_t id = 1; id <= p->o.organisations; id++) {
		const char *chosen[5];
		const char *langs[2] = {"de", "en"};
		size_t n = 3 + (size_t)synth_rng_below(&r, 3);
		struct field_problem problems[ACTOR_PROBLEMS_MAX];
		struct actor_profile prof;

		arena_free(&a);
		for (size_t i = 0; i < n; i++)
			chosen[i] =
				actor_competences[synth_rng_below(&r, actor_competences_count)].id;
		struct actor_input in = {
			.competences = chosen,
			.competences_count = n,
			.tags = synth_rng_below(&r, 3) == 0
					? free_tags[synth_rng_below(
						  &r, sizeof(free_tags) / sizeof(free_tags[0]))]
					: "",
			.offers = offers[synth_rng_below(&r, sizeof(offers) / sizeof(offers[0]))],
			.needs = needs[synth_rng_below(&r, sizeof(needs) / sizeof(needs[0]))],
			.district = districts[synth_rng_below(&r, sizeof(districts) /
									  sizeof(districts[0]))],
			.languages = langs,
			.languages_count = synth_rng_below(&r, 2) == 0 ? 1 : 2,
		};
		if (actor_profile_check(&a, &in, &prof, problems) != 0) {
			fprintf(stderr, "oic seed: a synthetic actor's %s: %s\n", problems[0].field,
				problems[0].message);
			goto out;
		}
		const char *words = actor_search_text(&a, ACTOR_FIELDS_ALL, &prof);
		if (words == NULL)
			goto out;
		bulk_i64(&b, id);
		bulk_text(&b, prof.offers);
		bulk_text(&b, prof.needs);
		bulk_text(&b, prof.district);
		bulk_text(&b, prof.district_key);
		bulk_text(&b, prof.languages);
		bulk_text(&b, words);
		if (bulk_row(&b) != 0)
			goto out;
		for (size_t i = 0; i < prof.tags_count; i++) {
			bulk_i64(&t, id);
			bulk_text(&t, prof.tags[i].key);
			bulk_text(&t, prof.tags[i].label);
			bulk_i64(&t, prof.tags[i].curated ? 1 : 0);
			if (bulk_row(&t) != 0)
				goto out;
		}
	}
	rc = 0;
out:
	if (bulk_close(&b) != 0 || bulk_close(&t) != 0)
		rc = -1;
	arena_free(&a);
	return rc;
}
