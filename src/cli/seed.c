/*
 * seed.c - `oic seed --demo`: a believable city to look at.
 *
 * The demo is a fictional German city modelled on a real open-innovation
 * programme: organisations of all four sectors, open challenges, upcoming
 * events, partner cities, a demo administrator and a few participants.
 * It is loaded once (a store that already has organisations is left
 * alone), in one transaction.  Dates are relative to today so the demo
 * never goes stale.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/secure.h"
#include "cli/cli.h"
#include "cli/seed_actors.h"
#include "cli/seed_discover.h"
#include "cli/seed_funnel.h"
#include "cli/seed_opportunities.h"
#include "cli/synthetic.h"

/* Demo accounts share one password; printed by `make run`. */
#define DEMO_ADMIN_EMAIL "admin@demo.oic.example"
#define DEMO_PASSWORD	 "innovation-demo"

static const struct {
	const char *name, *sector, *summary, *website;
} demo_orgs[] = {
	{"Amt für Digitalisierung und Innovation", "government",
	 "Das Innovationsbüro der Stadtverwaltung: es betreibt die Plattform und begleitet Ideen bis zum Pilotprojekt.",
	 "https://www.example.org/innovation"},
	{"Stadtwerke", "government", "Energie, Wasser und Nahverkehr für die ganze Stadt.",
	 "https://www.example.org/stadtwerke"},
	{"Universität", "research",
	 "Forschung und Lehre mit 25.000 Studierenden, Schwerpunkte Daten, Gesundheit und Nachhaltigkeit.",
	 "https://www.example.org/uni"},
	{"Hochschule für angewandte Wissenschaften", "research",
	 "Praxisnahe Studiengänge und Reallabore mit Unternehmen der Region.",
	 "https://www.example.org/hochschule"},
	{"Industrie- und Handelskammer", "business", "Vertritt 40.000 Unternehmen der Region.",
	 "https://www.example.org/ihk"},
	{"Gründungszentrum Founders Hub", "business",
	 "Begleitet Start-ups von der Idee bis zur ersten Finanzierung.",
	 "https://www.example.org/founders"},
	{"Bürgerverein Altstadt", "civil",
	 "Engagiert sich seit 1983 für eine lebendige Innenstadt.", NULL},
	{"Repair-Café und Nachbarschaftswerkstatt", "civil",
	 "Reparieren statt wegwerfen: jeden Samstag im Stadtteilzentrum.", NULL},
};

static const struct {
	const char *title, *summary, *brief;
	const char *phase;
	int sponsor; /* index into demo_orgs */
	int deadline_days;
} demo_challenges[] = {
	{"Mobilität 2035: Wie kommen alle gut durch die Stadt?",
	 "Weniger Staus, mehr Platz und bezahlbare Wege für alle – welche Ideen bringen uns dahin?",
	 "## Worum es geht\n\nDie Stadt will bis 2035 die Hälfte aller Wege zu Fuß, mit dem Rad oder mit Bus und Bahn zurücklegen lassen.\n\n"
	 "Gesucht sind Ideen für Quartiere, Pendelwege und Lieferverkehr.",
	 "open", 1, 42},
	{"Klimaneutral bis 2035: Ideen für Quartiere",
	 "Wie werden Wohnviertel klimaneutral, ohne dass Wohnen teurer wird?",
	 "## Worum es geht\n\nGebäude verursachen ein Drittel der Emissionen der Stadt. Gesucht sind Ideen für Wärme, Strom und Nachbarschaft.",
	 "open", 0, 63},
	{"Digitale Verwaltung: Behördengänge ohne Warteschlange",
	 "Welche Dienstleistungen der Stadt sollen als Erstes vollständig online gehen – und wie?",
	 "## Worum es geht\n\nViele Anträge brauchen noch Papier. Sagen Sie uns, wo es am meisten hakt.",
	 "open", 0, 28},
	{"Innenstadt als Begegnungsort",
	 "Leerstand, Hitze, Einsamkeit: Wie wird die Innenstadt wieder ein Ort für alle?",
	 "## Worum es geht\n\nGemeinsam mit Handel und Anwohnenden suchen wir Nutzungen für leere Flächen.",
	 "evaluation", 6, -10},
};

static const struct {
	const char *title, *summary, *kind, *location;
	int days, hour, minutes, capacity, organiser;
} demo_events[] = {
	{"Ideenwerkstatt Mobilität",
	 "Drei Stunden, sechs Tische, ein Ziel: die besten Ideen für Wege in der Stadt.",
	 "workshop", "Rathaus, Großer Saal", 9, 17, 180, 60, 0},
	{"Civic Hackathon: Offene Daten der Stadt",
	 "Ein Wochenende mit offenen Daten, Verwaltung und Entwicklerinnen und Entwicklern.",
	 "hackathon", "Hochschule, Gebäude B", 23, 10, 1800, 120, 3},
	{"Reallabor Wärmewende – Auftakt",
	 "Vorstellung des Reallabors und Suche nach Nachbarschaften, die mitmachen.", "lab",
	 "Stadtwerke, Kundenzentrum", 16, 18, 120, 80, 1},
	{"Innovation Meetup",
	 "Gründerinnen, Forschende und Verwaltung im Gespräch – mit kurzen Impulsen.", "meetup",
	 "Founders Hub, Werkhalle", 5, 19, 150, 100, 5},
};

static const struct {
	const char *name, *country, *kind;
	int since;
	const char *summary;
} demo_partners[] = {
	{"Rochdale", "GB", "city", 1953,
	 "Partnerschaft mit Schulaustausch und gemeinsamen Projekten zur Stadtentwicklung."},
	{"Concarneau", "FR", "city", 1974, "Zusammenarbeit bei Klimaanpassung an Küste und Hafen."},
	{"Rzeszów", "PL", "city", 1991,
	 "Gemeinsame Programme für Start-ups und digitale Verwaltung."},
	{"Estelí", "NI", "city", 1985,
	 "Kommunale Klimapartnerschaft mit Projekten zu Wasser und Energie."},
	{"Region Ostwestfalen-Lippe", "DE", "region", 2019,
	 "Regionale Innovationsstrategie mit Hochschulen und Mittelstand."},
};

static const struct {
	const char *email, *name, *sector, *role;
} demo_users[] = {
	{DEMO_ADMIN_EMAIL, "Innovationsbüro (Demo)", "government", "admin"},
	{"lena@demo.oic.example", "Lena Hoffmann", "civil", "participant"},
	{"murat@demo.oic.example", "Murat Yilmaz", "business", "participant"},
	{"prof.weber@demo.oic.example", "Prof. Anna Weber", "research", "evaluator"},
	{"jonas@demo.oic.example", "Jonas Becker", "civil", "participant"},
	{"amt@demo.oic.example", "Sabine Krüger", "government", "moderator"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Midnight (Berlin) of today + days, plus hour:00. */
static int64_t berlin_day(int days, int hour)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += days;
	tm.tm_hour = hour;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int insert_demo(struct db *db)
{
	int64_t now = (int64_t)time(NULL), org_ids[COUNT(demo_orgs)], id;
	int64_t challenge_ids[COUNT(demo_challenges)], user_ids[COUNT(demo_users)];
	char hash[SECURE_PWHASH_MAX];
	struct db_stmt *st;

	for (size_t i = 0; i < COUNT(demo_orgs); i++) {
		st = db_stmt(db, STMT_org_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_orgs[i].name);
		db_bind_text(st, 2, demo_orgs[i].sector);
		db_bind_text(st, 3, demo_orgs[i].summary);
		db_bind_text(st, 4, demo_orgs[i].website);
		db_bind_text(st, 5, "de");
		db_bind_i64(st, 6, now);
		if (db_run(st, &org_ids[i]) < 0)
			return -1;
	}
	/* The office has verified two of them (the badge on their names). */
	for (size_t i = 0; i < 3; i += 2) {
		st = db_stmt(db, STMT_org_verify);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, org_ids[i]);
		db_bind_i64(st, 2, now);
		db_bind_null(st, 3);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	for (size_t i = 0; i < COUNT(demo_challenges); i++) {
		st = db_stmt(db, STMT_challenge_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_challenges[i].title);
		db_bind_text(st, 2, demo_challenges[i].summary);
		db_bind_text(st, 3, demo_challenges[i].brief);
		db_bind_i64(st, 4, org_ids[demo_challenges[i].sponsor]);
		db_bind_text(st, 5, demo_challenges[i].phase);
		db_bind_i64(st, 6, 15);
		db_bind_i64(st, 7, berlin_day(demo_challenges[i].deadline_days, 23));
		db_bind_text(st, 8, "de");
		db_bind_i64(st, 9, 0); /* counted as the demo ideas are added */
		db_bind_i64(st, 10, now);
		if (db_run(st, &challenge_ids[i]) < 0)
			return -1;
	}
	for (size_t i = 0; i < COUNT(demo_events); i++) {
		int64_t start = berlin_day(demo_events[i].days, demo_events[i].hour);
		st = db_stmt(db, STMT_event_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_events[i].title);
		db_bind_text(st, 2, demo_events[i].summary);
		db_bind_text(st, 3, demo_events[i].kind);
		db_bind_i64(st, 4, start);
		db_bind_i64(st, 5, start + demo_events[i].minutes * 60);
		db_bind_text(st, 6, demo_events[i].location);
		db_bind_i64(st, 7, demo_events[i].capacity);
		db_bind_i64(st, 8, org_ids[demo_events[i].organiser]);
		db_bind_text(st, 9, "de");
		db_bind_i64(st, 10, now);
		if (db_run(st, &id) < 0)
			return -1;
	}
	for (size_t i = 0; i < COUNT(demo_partners); i++) {
		st = db_stmt(db, STMT_partner_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_partners[i].name);
		db_bind_text(st, 2, demo_partners[i].country);
		db_bind_text(st, 3, demo_partners[i].kind);
		db_bind_i64(st, 4, demo_partners[i].since);
		db_bind_text(st, 5, demo_partners[i].summary);
		db_bind_text(st, 6, "de");
		db_bind_i64(st, 7, now);
		if (db_run(st, &id) < 0)
			return -1;
	}
	/* One hash for all demo accounts: Argon2id is slow on purpose. */
	if (secure_password_hash(DEMO_PASSWORD, hash) != 0)
		return -1;
	for (size_t i = 0; i < COUNT(demo_users); i++) {
		st = db_stmt(db, STMT_user_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, demo_users[i].email);
		db_bind_text(st, 2, demo_users[i].name);
		db_bind_text(st, 3, hash);
		db_bind_text(st, 4, demo_users[i].sector);
		db_bind_null(st, 5);
		db_bind_text(st, 6, demo_users[i].role);
		db_bind_null(st, 7);
		db_bind_i64(st, 8, now);
		if (db_run(st, &user_ids[i]) < 0)
			return -1;
	}
	if (seed_demo_funnel(db, challenge_ids, COUNT(challenge_ids), user_ids, COUNT(user_ids),
			     now) != 0)
		return -1;
	if (seed_demo_actors(db, org_ids, COUNT(org_ids), user_ids, COUNT(user_ids), now) != 0)
		return -1;
	if (seed_demo_opportunities(db, org_ids, COUNT(org_ids), user_ids, COUNT(user_ids), now) !=
	    0)
		return -1;
	return seed_demo_discover(db, org_ids, COUNT(org_ids), challenge_ids, COUNT(challenge_ids),
				  user_ids, COUNT(user_ids), now);
}

int cli_seed(int argc, char **argv)
{
	static const struct option opts[] = {
		{"demo", no_argument, NULL, 'm'},
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *url = NULL;
	bool demo = false;
	int c, rc = CLI_FAIL;
	int64_t orgs = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--synthetic") == 0)
			return cli_seed_synthetic(argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': demo = true; break;
		case 'd': url = optarg; break;
		default: cli_usage(stderr); return CLI_USAGE;
		}
	}
	if (optind != argc || !demo) {
		fprintf(stderr, "oic seed: say what to seed: --demo or --synthetic\n");
		return CLI_USAGE;
	}
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	struct db *db = cli_open_store(cli_db_url(url), false);
	if (db == NULL)
		return CLI_FAIL;
	struct db_stmt *st = db_stmt(db, STMT_org_count);
	if (st == NULL || db_run(st, &orgs) < 0) {
		fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
		goto out;
	}
	if (orgs > 0) {
		printf("demo content: already present, left as it is\n");
	} else {
		if (db_begin_write(db) != DB_OK || insert_demo(db) != 0 || db_commit(db) != DB_OK) {
			fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
			db_rollback(db);
			goto out;
		}
		printf("demo content: loaded\n");
	}
	printf("demo admin: %s / %s\n", DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
	rc = CLI_OK;
out:
	db_close(db);
	db_close_all();
	return rc;
}
