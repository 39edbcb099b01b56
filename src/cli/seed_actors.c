/*
 * seed_actors.c - the demo city's directory of actors; see
 * seed_actors.h.  Every profile goes through the directory's own rules
 * (actor_profile_check), as a form would, so the demo cannot hold what a
 * page would refuse.
 */
#include <stdio.h>
#include <string.h>

#include "cli/seed_actors.h"
#include "features/actors/actors.h"

struct demo_actor {
	size_t who; /* index into seed.c's demo_orgs, or into demo_users for a person */
	const char *competences[6];
	const char *tags;
	const char *offers, *needs, *district;
	const char *website;
	const char *languages[4];
	unsigned long public_fields; /* a person's (unsigned long: no padding) */
};

#define PUB(f) ACTOR_FIELD_BIT(ACTOR_FIELD_##f)

static const struct demo_actor demo_org_actors[] = {
	{0,
	 {"digital-administration", "open-data", "participation", "smart-city", NULL},
	 "Innovationsmanagement, Vergabe",
	 "Begleitung von Ideen bis zum Pilotprojekt, Kontakte in alle Ämter, Räume für Workshops im Rathaus.",
	 "Partner aus Forschung und Wirtschaft für Reallabore; Menschen, die neue Dienste mit uns testen.",
	 "Mitte",
	 NULL,
	 {"de", "en", NULL},
	 0},
	{1,
	 {"energy", "mobility", "water", "sensor-data", NULL},
	 "Wärmenetze, ÖPNV",
	 "Messdaten aus Strom-, Wärme- und Wassernetz; Testflächen für Ladesäulen und Sensorik.",
	 "Start-ups mit Lösungen für Lastmanagement und Quartiersspeicher; Ideen für den Nahverkehr am Stadtrand.",
	 "Nordstadt",
	 NULL,
	 {"de", NULL},
	 0},
	{2,
	 {"research", "ai", "health", "open-data", "education", NULL},
	 "Datenkompetenz, Reallabore",
	 "Forschung zu Daten, Gesundheit und Nachhaltigkeit; Abschlussarbeiten und Studierendenprojekte zu Fragen der Stadt.",
	 "Praxispartner für Forschungsprojekte und Daten aus der Stadt für die Lehre.",
	 "Campus Süd",
	 NULL,
	 {"de", "en", "fr", NULL},
	 0},
	{3,
	 {"software", "iot", "manufacturing", "design", NULL},
	 "Prototyping, LoRaWAN",
	 "Ein Makerspace mit 3D-Druck und Elektronik, Reallabore mit Unternehmen, Studierende für Praxisprojekte.",
	 "Herausforderungen aus Verwaltung und Mittelstand, an denen Studierende ein Semester lang arbeiten können.",
	 "Campus Süd",
	 NULL,
	 {"de", "en", NULL},
	 0},
	{4,
	 {"retail", "logistics", "funding", "startups", NULL},
	 "Fachkräfte, Ausbildung",
	 "Kontakte zu 40.000 Unternehmen, Beratung zu Fördermitteln, Veranstaltungen für den Mittelstand.",
	 "Pilotprojekte, in denen Betriebe der Region neue Technik ausprobieren können.",
	 "Mitte",
	 NULL,
	 {"de", "en", NULL},
	 0},
	{5,
	 {"startups", "funding", "software", "communication", NULL},
	 "Pitch-Training, Mentoring",
	 "Ein Programm für Gründungsteams, Büroplätze in der Werkhalle, Mentorinnen und Mentoren.",
	 "Verwaltung und Stadtwerke als erste Kunden und Testpartner für junge Unternehmen.",
	 "Westend",
	 NULL,
	 {"de", "en", "tr", NULL},
	 0},
	{6,
	 {"participation", "culture", "volunteering", "urban-planning", NULL},
	 "Denkmalschutz",
	 "Viele Hände für Aktionen in der Altstadt, Wissen über die Geschichte des Viertels, ein Vereinsraum.",
	 "Unterstützung bei Begrünung und Sitzgelegenheiten in der Fußgängerzone.",
	 "Altstadt",
	 NULL,
	 {"de", NULL},
	 0},
	{7,
	 {"circular-economy", "volunteering", "education", "climate", NULL},
	 "Reparatur, Upcycling",
	 "Jeden Samstag Reparaturen mit Ehrenamtlichen; Workshops zum Reparieren für Schulen.",
	 "Einen größeren Raum und Ersatzteile; Kontakte zu Betrieben, die Geräte spenden.",
	 "Nordstadt",
	 NULL,
	 {"de", "ar", "uk", NULL},
	 0},
};

/* People (seed.c's demo_users: 1 Lena, 2 Murat, 3 Prof. Weber). */
static const struct demo_actor demo_person_actors[] = {
	{1,
	 {"participation", "climate", "inclusion", NULL},
	 "Nachbarschaftsgärten",
	 "Ich organisiere Nachbarschaftstreffen und kenne viele Initiativen im Viertel.",
	 "Mitstreiterinnen und Mitstreiter für mehr Grün in der Nordstadt.",
	 "Nordstadt",
	 NULL,
	 {"de", "en", NULL},
	 PUB(COMPETENCIES) | PUB(OFFERS) | PUB(NEEDS) | PUB(DISTRICT) | PUB(IDEAS)},
	{2,
	 {"logistics", "retail", "software", NULL},
	 "Lastenräder",
	 "Erfahrung mit Lieferlogistik in der Innenstadt und einem kleinen Softwareteam.",
	 "Partner für einen Test mit Mikro-Depots und Lastenrädern.",
	 "Westend",
	 "https://www.example.org/murat",
	 {"de", "tr", "en", NULL},
	 PUB(SECTOR) | PUB(COMPETENCIES) | PUB(OFFERS) | PUB(NEEDS) | PUB(WEBSITE) |
		 PUB(LANGUAGES)},
	{3,
	 {"research", "health", "ai", NULL},
	 "Versorgungsforschung",
	 "Methodenberatung für Befragungen und Auswertungen; Betreuung von Abschlussarbeiten.",
	 "Daten und Fragen aus der Praxis der Pflege.",
	 "Campus Süd",
	 NULL,
	 {"de", "en", NULL},
	 PUB(SECTOR) | PUB(COMPETENCIES) | PUB(OFFERS) | PUB(NEEDS) | PUB(LANGUAGES) | PUB(IDEAS)},
};

static size_t count_of(const char *const *list, size_t max)
{
	size_t n = 0;
	while (n < max && list[n] != NULL)
		n++;
	return n;
}

static int store_one(struct db *db, int64_t id, bool person, const struct demo_actor *d,
		     int64_t now)
{
	struct arena a;
	struct actor_profile p;
	struct field_problem problems[ACTOR_PROBLEMS_MAX];
	struct actor_input in = {
		.competences = d->competences,
		.competences_count = count_of(d->competences, 6),
		.tags = d->tags,
		.offers = d->offers,
		.needs = d->needs,
		.district = d->district,
		.website = d->website != NULL ? d->website : "",
		.languages = d->languages,
		.languages_count = count_of(d->languages, 4),
		.with_website = person,
	};
	int rc = -1;

	arena_init(&a);
	size_t n = actor_profile_check(&a, &in, &p, problems);
	if (n > 0)
		fprintf(stderr, "oic seed: a demo actor's %s: %s\n", problems[0].field,
			problems[0].message);
	else
		rc = actors_store(db, &a, id, true, (unsigned)d->public_fields, &p, now);
	arena_free(&a);
	return rc;
}

int seed_demo_actors(struct db *db, const int64_t *orgs, size_t no, const int64_t *users, size_t nu,
		     int64_t now)
{
	for (size_t i = 0; i < sizeof(demo_org_actors) / sizeof(demo_org_actors[0]); i++) {
		const struct demo_actor *d = &demo_org_actors[i];
		if (d->who >= no)
			continue;
		int64_t id = actors_of_organisation(db, orgs[d->who]);
		if (id <= 0 || store_one(db, id, false, d, now) != 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(demo_person_actors) / sizeof(demo_person_actors[0]); i++) {
		const struct demo_actor *d = &demo_person_actors[i];
		if (d->who >= nu)
			continue;
		int64_t id = actors_of_person(db, users[d->who], now);
		if (id <= 0 || store_one(db, id, true, d, now) != 0)
			return -1;
	}
	return 0;
}
