/*
 * synthetic_opportunities.c - the synthetic city's opportunities; see
 * synthetic_opportunities.h.  Deadlines are days from the city's now
 * (--now; the benchmark's is the clock), in the city's time, checked
 * from day 0 for the archived ones.
 */
#include <stdio.h>
#include <string.h>

#include "base/civil.h"
#include "cli/synthetic_opportunities.h"
#include "features/opportunities/opportunities.h"

enum { SYNTH_OPPORTUNITIES_MAX = 2000 };

static const char *const titles[] = {
	"Pilotpartner für ein Reallabor im Quartier gesucht",
	"Forschungskooperation zu Daten aus dem Netzbetrieb",
	"Abschlussarbeit: Wirkung von Beteiligung messen",
	"Projektleitung Digitalisierung (m/w/d)",
	"Praktikum in der Stadtentwicklung",
	"Fellowship für offene Verwaltungsdaten",
	"Gründungsprogramm für Lösungen aus der Region",
};
static const char *const places[] = {"Mitte", "Nordstadt", "Campus", "Hafen", "Südstadt", ""};
static const char *const sector_ids[] = {"government", "research", "business", "civil"};

int synth_load_opportunities(struct db *db, const struct plan *p)
{
	struct synth_rng r;
	struct arena a;
	int64_t now = p->o.now;
	int64_t n = p->o.organisations / 2;

	if (n > SYNTH_OPPORTUNITIES_MAX)
		n = SYNTH_OPPORTUNITIES_MAX;
	synth_stream(&r, p, S_OPPORTUNITIES, 0);
	arena_init(&a);
	for (int64_t i = 0; i < n; i++) {
		struct opp_fields f;
		struct field_problem problems[OPP_PROBLEMS_MAX];
		struct civil_time t;
		enum opp_kind kind = (enum opp_kind)(i % OPP_KIND__COUNT);
		bool archived = synth_rng_below(&r, 4) == 0;
		int64_t days = archived ? -(int64_t)synth_rng_below(&r, 300) - 1
					: (int64_t)synth_rng_below(&r, 120);
		const char *competences[3];
		const char *sectors[2];

		arena_free(&a);
		for (size_t k = 0; k < 3; k++)
			competences[k] =
				actor_competences[synth_rng_below(&r, actor_competences_count)].id;
		sectors[0] = sector_ids[synth_rng_below(&r, 4)];
		sectors[1] = sector_ids[synth_rng_below(&r, 4)];
		if (!civil_local(now + days * 86400, &t))
			return -1;
		const char *place = places[synth_rng_below(&r, sizeof(places) / sizeof(places[0]))];
		struct opp_input in = {
			.kind = opp_kinds[kind].id,
			.organisation = arena_printf(&a, "%lld", (long long)1 + 2 * (long long)i),
			.sectors = sectors,
			.sectors_count = 2,
			.competences = competences,
			.competences_count = 3,
			.topics = synth_rng_below(&r, 3) == 0 ? "Reallabore" : "",
			.title = titles[kind],
			.description =
				"Wir suchen Menschen und Organisationen, die mit uns an einer "
				"Frage der Stadt arbeiten.\n\n- ein Jahr Laufzeit\n- Betreuung "
				"durch unser Team\n- Zugang zu Daten und Testflächen",
			.deadline = arena_printf(&a, "%04lld-%02d-%02d", (long long)t.year, t.month,
						 t.day),
			.place = place,
			.remote = place[0] == '\0' || synth_rng_below(&r, 3) == 0 ? "1" : NULL,
			.reply = synth_rng_below(&r, 2) == 0 ? "platform" : "link",
			.link = "https://www.example.org/ausschreibung",
			.lang = "de",
		};
		if (opp_check(&a, &in, archived ? 0 : opp_today(now), &f, problems) != 0) {
			fprintf(stderr, "oic seed: a synthetic opportunity's %s: %s\n",
				problems[0].field, problems[0].message);
			arena_free(&a);
			return -1;
		}
		if (opp_store(db, &a, 0, &f, 0, now - (n - i) * 600) <= 0) {
			arena_free(&a);
			return -1;
		}
	}
	arena_free(&a);
	return 0;
}
