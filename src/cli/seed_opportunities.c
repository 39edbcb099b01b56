/*
 * seed_opportunities.c - the demo city's opportunities; see
 * seed_opportunities.h.  Every one goes through the board's own rules
 * (opp_check), as the form would; deadlines are days from now in the
 * city's time, so the demo stays open whenever it is seeded.
 */
#include <stdio.h>
#include <string.h>

#include "base/civil.h"
#include "cli/seed_opportunities.h"
#include "features/opportunities/opportunities.h"

struct demo_opportunity {
	size_t org; /* index into seed.c's demo_orgs */
	const char *kind;
	const char *title;
	const char *description;
	const char *sectors[4];
	const char *competences[4];
	const char *topics;
	int days; /* the deadline, days from today (negative: archived) */
	const char *place;
	const char *remote; /* "1" or NULL */
	const char *link;   /* NULL: replies through the platform */
};

static const struct demo_opportunity demo_opportunities[] = {
	{1,
	 "pilot-partners",
	 "Pilotpartner für Quartiersspeicher gesucht",
	 "Die Stadtwerke suchen **zwei Unternehmen oder Start-ups**, die ein Jahr lang einen "
	 "Batteriespeicher im Quartier Nordstadt mit uns betreiben.\n\n"
	 "- Messdaten aus dem Netz stellen wir bereit\n- Testfläche und Netzanschluss sind vorhanden",
	 {"business", "research", NULL},
	 {"energy", "sensor-data", NULL},
	 "Lastmanagement",
	 45,
	 "Nordstadt",
	 NULL,
	 NULL},
	{2,
	 "student-project",
	 "Abschlussarbeit: Hitzeinseln aus offenen Daten erkennen",
	 "Eine Master- oder Bachelorarbeit mit den Klimadaten der Stadt: Wo wird es im Sommer zu "
	 "heiß, und was hilft? Betreuung durch das Institut für Geoinformatik.",
	 {"research", "government", NULL},
	 {"climate-adaptation", "open-data", "ai", NULL},
	 "Stadtklima",
	 90,
	 "Campus Süd",
	 "1",
	 "https://www.example.org/uni/abschlussarbeiten"},
	{3,
	 "internship",
	 "Praktikum im Makerspace (6 Monate)",
	 "Prototypen mit Unternehmen der Region bauen: 3D-Druck, Elektronik, LoRaWAN-Sensoren.",
	 {"business", "research", NULL},
	 {"iot", "manufacturing", "design", NULL},
	 NULL,
	 30,
	 "Campus Süd",
	 NULL,
	 NULL},
	{0,
	 "startup-programme",
	 "Gründungsprogramm „Stadt als Testfeld“",
	 "Sechs Monate Begleitung, Zugang zu Ämtern und Testflächen der Stadt für junge "
	 "Unternehmen mit Lösungen für die Verwaltung.",
	 {"business", "civil", NULL},
	 {"startups", "digital-administration", NULL},
	 "GovTech",
	 60,
	 "",
	 "1",
	 "https://www.example.org/innovation/testfeld"},
	{2,
	 "research",
	 "Forschungskooperation: Luftqualität an Schulen",
	 "Gemeinsam mit Schulen und Eltern messen wir ein Jahr lang die Luft in Klassenzimmern. "
	 "Die Bewerbungsfrist ist abgelaufen.",
	 {"research", "civil", NULL},
	 {"health", "education", "sensor-data", NULL},
	 "Luftqualität",
	 -10,
	 "Innenstadt",
	 NULL,
	 NULL},
};

static size_t count_of(const char *const *list, size_t max)
{
	size_t n = 0;
	while (n < max && list[n] != NULL)
		n++;
	return n;
}

int seed_demo_opportunities(struct db *db, const int64_t *orgs, size_t no, const int64_t *users,
			    size_t nu, int64_t now)
{
	for (size_t i = 0; i < sizeof(demo_opportunities) / sizeof(demo_opportunities[0]); i++) {
		const struct demo_opportunity *d = &demo_opportunities[i];
		struct arena a;
		struct opp_fields f;
		struct field_problem problems[OPP_PROBLEMS_MAX];
		struct civil_time t;
		int64_t id = -1;

		if (d->org >= no)
			continue;
		arena_init(&a);
		if (!civil_local(now + (int64_t)d->days * 86400, &t)) {
			arena_free(&a);
			return -1;
		}
		struct opp_input in = {
			.kind = d->kind,
			.organisation = arena_printf(&a, "%lld", (long long)orgs[d->org]),
			.sectors = d->sectors,
			.sectors_count = count_of(d->sectors, 4),
			.competences = d->competences,
			.competences_count = count_of(d->competences, 4),
			.topics = d->topics,
			.title = d->title,
			.description = d->description,
			.deadline = arena_printf(&a, "%04lld-%02d-%02d", (long long)t.year, t.month,
						 t.day),
			.place = d->place,
			.remote = d->remote,
			.reply = d->link != NULL ? "link" : "platform",
			.link = d->link,
			.lang = "de",
		};
		/* The archived one's deadline is in the past: checked from day 0 instead of today. */
		size_t n = opp_check(&a, &in, d->days < 0 ? 0 : opp_today(now), &f, problems);
		if (n > 0)
			fprintf(stderr, "oic seed: a demo opportunity's %s: %s\n",
				problems[0].field, problems[0].message);
		else
			id = opp_store(db, &a, 0, &f, nu > 0 ? users[0] : 0,
				       now - (int64_t)(i + 1) * 3600);
		arena_free(&a);
		if (id <= 0)
			return -1;
	}
	return 0;
}
