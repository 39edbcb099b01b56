/*
 * seed_discover.c - demo pilot projects; see seed_discover.h.
 *
 * Written through the same statements as the pages use, so the search
 * index (SQLite triggers, PostgreSQL generated columns) and the status
 * log pick the demo up like any other content.
 */
#include "cli/seed_discover.h"

enum { DAY = 24 * 3600 };

struct demo_milestone {
	const char *title;
	int due_days;  /* from now; 0: no due date */
	int done_days; /* from now, negative; 0: not done */
};

struct demo_update {
	const char *body;
	int progress; /* -1: none */
	int days;     /* from now, negative */
};

static const struct demo_project {
	int challenge; /* index into seed.c's challenges */
	int org;       /* index into seed.c's organisations */
	const char *idea_title, *idea_body, *answer;
	const char *title, *summary, *status, *results, *address;
	double lat, lon; /* 0, 0: no place */
	int64_t budget_euros;
	int progress;
	int age_days;
	struct demo_milestone milestones[3];
	struct demo_update updates[2];
} demo_projects[] = {
	{0,
	 1,
	 "Fahrradgaragen in den Quartieren",
	 "Viele Altbauten haben keinen Keller für Fahrräder. Abschließbare Fahrradgaragen am "
	 "Straßenrand, je zwölf Plätze, würden das ändern – gemietet über die Stadtwerke.",
	 "Wir setzen die Idee mit den Stadtwerken als Pilotprojekt in drei Quartieren um.",
	 "Fahrradgaragen in drei Quartieren",
	 "Drei abschließbare Fahrradgaragen mit je zwölf Plätzen, gemietet über die Stadtwerke.",
	 "running",
	 "",
	 "Siegfriedplatz",
	 52.0302,
	 8.5244,
	 85000,
	 40,
	 90,
	 {{"Standorte mit den Anwohnenden festgelegt", -60, -58},
	  {"Erste Garage aufgestellt", -20, -18},
	  {"Alle drei Garagen in Betrieb", 45, 0}},
	 {{"Die Standorte stehen fest: **Siegfriedplatz**, Kesselbrink und Sparrenburg.", 20, -58},
	  {"Die erste Garage ist aufgestellt, alle zwölf Plätze sind vermietet.", 40, -18}}},
	{2,
	 0,
	 "Termine im Bürgeramt online buchen",
	 "Statt stundenlang zu warten, sollte man Termine im Bürgeramt online buchen und "
	 "verschieben können – mit Erinnerung per E-Mail.",
	 "Eine sehr gute Idee. Das Amt für Digitalisierung erprobt sie sechs Monate lang.",
	 "Online-Termine im Bürgeramt",
	 "Sechs Monate Terminbuchung im Netz für alle Dienstleistungen des Bürgeramts.",
	 "completed",
	 "## Ergebnisse\n\n- **78 %** der Termine wurden online gebucht.\n"
	 "- Die Wartezeit vor Ort sank von 52 auf 9 Minuten.\n\n"
	 "Die Terminbuchung bleibt und wird auf weitere Ämter ausgeweitet.",
	 NULL,
	 0,
	 0,
	 40000,
	 100,
	 240,
	 {{"Buchungssystem ausgewählt", -200, -205}, {"Start für alle", -150, -150}, {NULL, 0, 0}},
	 {{"Seit heute können alle Termine online gebucht werden.", 50, -150},
	  {"Der Versuch ist abgeschlossen, die Ergebnisse stehen unten.", 100, -20}}},
};

static int run(struct db_stmt *st, int64_t *id)
{
	return st != NULL && db_run(st, id) >= 0 ? 0 : -1;
}

static int seed_project(struct db *db, const struct demo_project *d, int64_t challenge, int64_t org,
			int64_t author, int64_t now)
{
	int64_t created = now - (int64_t)d->age_days * DAY, idea = 0, project = 0, id = 0;
	bool located = d->lat != 0 || d->lon != 0;
	struct db_stmt *st = db_stmt(db, STMT_demo_piloting_idea);

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	db_bind_i64(st, 2, author);
	db_bind_text(st, 3, d->idea_title);
	db_bind_text(st, 4, d->idea_body);
	db_bind_text(st, 5, d->answer);
	db_bind_i64(st, 6, created);
	if (located) {
		db_bind_double(st, 7, d->lat);
		db_bind_double(st, 8, d->lon);
	} else {
		db_bind_null(st, 7);
		db_bind_null(st, 8);
	}
	db_bind_text(st, 9, d->address);
	db_bind_i64(st, 10, created - 30 * DAY);
	if (run(st, &idea) != 0)
		return -1;
	st = db_stmt(db, STMT_demo_challenge_count_idea);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	if (run(st, NULL) != 0)
		return -1;

	st = db_stmt(db, STMT_project_insert);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, idea);
	db_bind_text(st, 2, d->title);
	db_bind_text(st, 3, d->summary);
	db_bind_i64(st, 4, org);
	db_bind_i64(st, 5, d->budget_euros * 100);
	db_bind_text(st, 6, d->status);
	if (located) {
		db_bind_double(st, 7, d->lat);
		db_bind_double(st, 8, d->lon);
	} else {
		db_bind_null(st, 7);
		db_bind_null(st, 8);
	}
	db_bind_text(st, 9, d->address);
	db_bind_text(st, 10, "de");
	db_bind_i64(st, 11, created);
	if (run(st, &project) != 0)
		return -1;
	st = db_stmt(db, STMT_project_update);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, project);
	db_bind_text(st, 2, d->title);
	db_bind_text(st, 3, d->summary);
	db_bind_i64(st, 4, org);
	db_bind_i64(st, 5, d->budget_euros * 100);
	db_bind_text(st, 6, d->status);
	db_bind_text(st, 7, d->results);
	if (located) {
		db_bind_double(st, 8, d->lat);
		db_bind_double(st, 9, d->lon);
	} else {
		db_bind_null(st, 8);
		db_bind_null(st, 9);
	}
	db_bind_text(st, 10, d->address);
	db_bind_text(st, 11, "de");
	db_bind_i64(st, 12, now);
	if (run(st, NULL) != 0)
		return -1;
	st = db_stmt(db, STMT_project_set_progress);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, project);
	db_bind_i64(st, 2, d->progress);
	db_bind_i64(st, 3, now);
	if (run(st, NULL) != 0)
		return -1;

	for (size_t i = 0; i < sizeof(d->milestones) / sizeof(d->milestones[0]); i++) {
		const struct demo_milestone *m = &d->milestones[i];
		if (m->title == NULL)
			break;
		st = db_stmt(db, STMT_milestone_insert);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, project);
		db_bind_text(st, 2, m->title);
		db_bind_i64(st, 3, now + (int64_t)m->due_days * DAY);
		if (run(st, &id) != 0)
			return -1;
		if (m->done_days != 0) {
			st = db_stmt(db, STMT_demo_milestone_done);
			if (st == NULL)
				return -1;
			db_bind_i64(st, 1, id);
			db_bind_i64(st, 2, now + (int64_t)m->done_days * DAY);
			if (run(st, NULL) != 0)
				return -1;
		}
	}
	for (size_t i = 0; i < sizeof(d->updates) / sizeof(d->updates[0]); i++) {
		const struct demo_update *u = &d->updates[i];
		st = db_stmt(db, STMT_project_update_insert);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, project);
		db_bind_i64(st, 2, author);
		db_bind_text(st, 3, u->body);
		if (u->progress >= 0)
			db_bind_i64(st, 4, u->progress);
		else
			db_bind_null(st, 4);
		db_bind_i64(st, 5, now + (int64_t)u->days * DAY);
		if (run(st, &id) != 0)
			return -1;
	}
	return 0;
}

int seed_demo_discover(struct db *db, const int64_t *orgs, size_t no, const int64_t *challenges,
		       size_t nc, const int64_t *users, size_t nu, int64_t now)
{
	for (size_t i = 0; i < sizeof(demo_projects) / sizeof(demo_projects[0]); i++) {
		const struct demo_project *d = &demo_projects[i];
		if ((size_t)d->challenge >= nc || (size_t)d->org >= no || nu == 0)
			return -1;
		if (seed_project(db, d, challenges[d->challenge], orgs[d->org], users[0], now) != 0)
			return -1;
	}
	return 0;
}
