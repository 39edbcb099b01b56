/*
 * seed_funnel.c - demo ideas for the demo challenges; see seed_funnel.h.
 *
 * Counters (ideas, supports, comments, followers) and the trend are kept
 * exactly as the pages would keep them, so the demo behaves like a city
 * that has been using the platform for a few weeks.
 */
#include "cli/seed_funnel.h"

#include <string.h>

#include "features/funnel/funnel.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { DAY = 86400, NO_USER = -1, BOX = -1 };

/* Users by their index in seed.c's demo_users. */
enum { ADMIN, LENA, MURAT, WEBER, JONAS, AMT };

static const struct {
	int challenge; /* index into seed.c's demo_challenges, or BOX */
	const char *topics[2];
} challenge_topics[] = {
	{0, {"mobility", "climate"}},
	{1, {"climate", "housing"}},
	{2, {"digital", "participation"}},
	{3, {"economy", "culture"}},
};

static const struct {
	int challenge; /* index into demo_challenges, or BOX */
	int author;
	int coauthor; /* or NO_USER */
	const char *title, *body, *address;
	double lat, lon; /* 0: no location */
	const char *topics[2];
	int days_ago;
	int supporters[5]; /* NO_USER ends the list */
	const char *status, *answer;
} demo_ideas[] = {
	{0,
	 LENA,
	 NO_USER,
	 "Sichere Radwege zu allen Schulen",
	 "Viele Eltern fahren ihre Kinder mit dem Auto, weil der Radweg zur Schule **unterbrochen** ist.\n\n"
	 "- durchgehende, baulich getrennte Radwege im Umkreis von 2 km um jede Schule\n"
	 "- Schulstraßen, die morgens 20 Minuten für Autos gesperrt sind\n\n"
	 "So werden die Wege sicherer und die Straßen vor den Schulen leerer.",
	 "Schulzentrum Nord, Am Stadtpark 4",
	 52.0302,
	 8.5325,
	 {"mobility", "education"},
	 12,
	 {MURAT, JONAS, WEBER, AMT, NO_USER},
	 NULL,
	 NULL},
	{0,
	 MURAT,
	 JONAS,
	 "Lastenräder zum Ausleihen in jedem Quartier",
	 "Ein Netz aus Lastenrädern, die man per App oder Bürgerkarte stundenweise ausleiht. "
	 "Betrieben von Stadtwerken und Nachbarschaftsvereinen, finanziert über Patenschaften "
	 "örtlicher Geschäfte.",
	 NULL,
	 0,
	 0,
	 {"mobility", "climate"},
	 6,
	 {LENA, WEBER, NO_USER},
	 NULL,
	 NULL},
	{0,
	 JONAS,
	 NO_USER,
	 "Nachtbus am Wochenende bis 3 Uhr",
	 "Wer abends in der Innenstadt ist, kommt nach Mitternacht kaum noch nach Hause. Ein "
	 "Nachtbus-Ring am Freitag und Samstag würde das ändern.",
	 NULL,
	 0,
	 0,
	 {"mobility", NULL},
	 2,
	 {LENA, NO_USER},
	 NULL,
	 NULL},
	{1,
	 WEBER,
	 NO_USER,
	 "Solardächer auf allen Schulen",
	 "Die Dächer der städtischen Schulen bieten rund 60.000 m² Fläche. Mit Bürgerbeteiligung "
	 "finanziert, liefern sie Strom für die Schulen und Unterrichtsstoff für Physik und Politik.",
	 NULL,
	 0,
	 0,
	 {"climate", "education"},
	 9,
	 {LENA, MURAT, JONAS, NO_USER},
	 NULL,
	 NULL},
	{1,
	 LENA,
	 NO_USER,
	 "Wärmepumpen-Sammelbestellung für Nachbarschaften",
	 "Wenn zwanzig Häuser einer Straße gemeinsam Wärmepumpen bestellen, sinken Preis und "
	 "Planungsaufwand. Die Stadt könnte die Sammelbestellung organisieren.",
	 NULL,
	 0,
	 0,
	 {"climate", "housing"},
	 4,
	 {WEBER, NO_USER},
	 NULL,
	 NULL},
	{3,
	 MURAT,
	 NO_USER,
	 "Pop-up-Läden für Start-ups in leeren Geschäften",
	 "Leere Läden für drei Monate mietfrei an junge Unternehmen: Die Innenstadt wird "
	 "lebendiger, und Gründerinnen und Gründer testen ihr Angebot im echten Leben.",
	 "Obernstraße",
	 52.0219,
	 8.5322,
	 {"economy", NULL},
	 30,
	 {LENA, JONAS, WEBER, AMT, NO_USER},
	 "shortlisted",
	 "Vielen Dank! Die Idee ist in der engeren Wahl. Wir sprechen gerade mit Eigentümern "
	 "von drei leerstehenden Läden."},
	{3,
	 JONAS,
	 NO_USER,
	 "Schattige Sitzplätze und Trinkbrunnen",
	 "Im Sommer ist der Marktplatz eine Hitzeinsel. Bäume in großen Kübeln, Sonnensegel und "
	 "zwei Trinkbrunnen würden helfen.",
	 "Altmarkt",
	 0,
	 0,
	 {"environment", NULL},
	 25,
	 {LENA, NO_USER},
	 "in_review",
	 "Das Grünflächenamt prüft gerade, wo Trinkbrunnen angeschlossen werden können."},
	{BOX,
	 LENA,
	 NO_USER,
	 "Offene WLAN-Hotspots in allen Bibliotheken",
	 "Freies WLAN in Stadtteilbibliotheken, ohne Anmeldung, damit alle online lernen und "
	 "Anträge stellen können.",
	 NULL,
	 0,
	 0,
	 {"digital", "education"},
	 3,
	 {JONAS, MURAT, NO_USER},
	 NULL,
	 NULL},
};

static const struct {
	int idea;     /* index into demo_ideas */
	int reply_to; /* index into demo_comments, or -1 */
	int author;
	int minutes_after; /* the idea */
	const char *body;
} demo_comments[] = {
	{0, -1, JONAS, 60, "Unbedingt! Vor unserer Grundschule ist morgens Chaos."},
	{0, 0, LENA, 90, "Genau deshalb – danke! Welche Schule ist es?"},
	{0, 1, JONAS, 120, "Die Grundschule am Park. Ich bringe gern Fotos zum Workshop mit."},
	{0, -1, WEBER, 300,
	 "Die Hochschule hat Zähldaten zum Radverkehr rund um Schulen. Die stellen wir gern "
	 "zur Verfügung."},
	{1, -1, LENA, 200, "Tolle Idee. Wer wartet die Räder?"},
	{5, -1, AMT, 500, "Wir haben Kontakt zur Werbegemeinschaft aufgenommen."},
};

static int64_t topic_id(struct db *db, const char *slug)
{
	int64_t id = 0;
	struct db_stmt *st = db_stmt(db, STMT_topic_by_slug);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	return db_run(st, &id) == DB_OK ? id : -1;
}

/* Run a statement with integer binds only. */
static int run_ints(struct db *db, enum stmt_id id, int n, const int64_t *v)
{
	struct db_stmt *st = db_stmt(db, id);
	if (st == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		db_bind_i64(st, i + 1, v[i]);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

static int follow(struct db *db, int64_t user, const char *type, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db, STMT_follow_insert);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, user);
	db_bind_text(st, 2, type);
	db_bind_i64(st, 3, id);
	db_bind_i64(st, 4, now);
	if (db_run(st, NULL) < 0)
		return -1;
	int64_t v[] = {id, 1};
	return run_ints(db,
			strcmp(type, "idea") == 0 ? STMT_idea_followers_add
						  : STMT_challenge_followers_add,
			2, v);
}

static int add_topics(struct db *db, enum stmt_id id, int64_t owner, const char *const slugs[2])
{
	for (int i = 0; i < 2 && slugs[i] != NULL; i++) {
		int64_t t = topic_id(db, slugs[i]);
		if (t < 0)
			return -1;
		int64_t v[] = {owner, t};
		if (run_ints(db, id, 2, v) != 0)
			return -1;
	}
	return 0;
}

int seed_demo_funnel(struct db *db, const int64_t *challenges, size_t nc, const int64_t *users,
		     size_t nu, int64_t now)
{
	int64_t idea_ids[COUNT(demo_ideas)], comment_ids[COUNT(demo_comments)];
	int64_t depth[COUNT(demo_comments)];
	struct db_stmt *st;

	if (nc < 4 || nu <= AMT)
		return -1;
	for (size_t i = 0; i < COUNT(challenge_topics); i++)
		if (add_topics(db, STMT_challenge_topic_add,
			       challenges[challenge_topics[i].challenge],
			       challenge_topics[i].topics) != 0)
			return -1;
	/* Lena follows the mobility challenge: she hears of new ideas there. */
	if (follow(db, users[LENA], "challenge", challenges[0], now - 20 * DAY) != 0)
		return -1;

	for (size_t i = 0; i < COUNT(demo_ideas); i++) {
		int64_t created = now - demo_ideas[i].days_ago * DAY;
		int64_t challenge =
			demo_ideas[i].challenge == BOX ? 0 : challenges[demo_ideas[i].challenge];
		st = db_stmt(db, STMT_idea_insert);
		if (st == NULL)
			return -1;
		if (challenge)
			db_bind_i64(st, 1, challenge);
		else
			db_bind_null(st, 1);
		db_bind_i64(st, 2, users[demo_ideas[i].author]);
		db_bind_text(st, 3, demo_ideas[i].title);
		db_bind_text(st, 4, demo_ideas[i].body);
		if (demo_ideas[i].lat != 0) {
			db_bind_double(st, 5, demo_ideas[i].lat);
			db_bind_double(st, 6, demo_ideas[i].lon);
		} else {
			db_bind_null(st, 5);
			db_bind_null(st, 6);
		}
		db_bind_text(st, 7, demo_ideas[i].address);
		db_bind_null(st, 8);
		db_bind_text(st, 9, "de");
		db_bind_i64(st, 10, created);
		db_bind_i64(st, 11, 0); /* not held for review */
		if (db_run(st, &idea_ids[i]) < 0)
			return -1;
		/* idea_insert counts the author as the first follower. */
		st = db_stmt(db, STMT_follow_insert);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, users[demo_ideas[i].author]);
		db_bind_text(st, 2, "idea");
		db_bind_i64(st, 3, idea_ids[i]);
		db_bind_i64(st, 4, created);
		if (db_run(st, NULL) < 0)
			return -1;
		if (add_topics(db, STMT_idea_topic_add, idea_ids[i], demo_ideas[i].topics) != 0)
			return -1;
		if (demo_ideas[i].coauthor != NO_USER) {
			int64_t v[] = {idea_ids[i], users[demo_ideas[i].coauthor]};
			if (run_ints(db, STMT_idea_coauthor_add, 2, v) != 0)
				return -1;
		}
		if (challenge) {
			int64_t v[] = {challenge};
			if (run_ints(db, STMT_challenge_ideas_inc, 1, v) != 0)
				return -1;
		}
		/* Supports spread over the days since the idea came in. */
		for (int k = 0; k < 5 && demo_ideas[i].supporters[k] != NO_USER; k++) {
			int64_t at = created + (now - created) * (k + 1) / 6;
			st = db_stmt(db, STMT_support_insert);
			if (st == NULL)
				return -1;
			db_bind_i64(st, 1, idea_ids[i]);
			db_bind_i64(st, 2, users[demo_ideas[i].supporters[k]]);
			if (challenge)
				db_bind_i64(st, 3, challenge);
			else
				db_bind_null(st, 3);
			db_bind_i64(st, 4, at);
			if (db_run(st, NULL) < 0)
				return -1;
			st = db_stmt(db, STMT_idea_support_count);
			if (st == NULL)
				return -1;
			db_bind_i64(st, 1, idea_ids[i]);
			db_bind_i64(st, 2, 1);
			db_bind_double(st, 3, funnel_trend_weight(at));
			if (db_run(st, NULL) < 0)
				return -1;
		}
		if (demo_ideas[i].status != NULL) {
			st = db_stmt(db, STMT_idea_set_status);
			if (st == NULL)
				return -1;
			db_bind_i64(st, 1, idea_ids[i]);
			db_bind_text(st, 2, demo_ideas[i].status);
			db_bind_text(st, 3, demo_ideas[i].answer);
			db_bind_i64(st, 4, now - DAY);
			db_bind_text(st, 5, "submitted");
			if (db_run(st, NULL) < 0)
				return -1;
		}
	}

	for (size_t i = 0; i < COUNT(demo_comments); i++) {
		int idea = demo_comments[i].idea, parent = demo_comments[i].reply_to;
		int64_t created =
			now - demo_ideas[idea].days_ago * DAY + demo_comments[i].minutes_after * 60;
		st = db_stmt(db, STMT_comment_insert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, "idea");
		db_bind_i64(st, 2, idea_ids[idea]);
		if (parent >= 0)
			db_bind_i64(st, 3, comment_ids[parent]);
		else
			db_bind_null(st, 3);
		depth[i] = parent < 0 ? 0 : depth[parent] + 1;
		db_bind_i64(st, 4, depth[i]);
		db_bind_i64(st, 5, users[demo_comments[i].author]);
		db_bind_text(st, 6, demo_comments[i].body);
		db_bind_text(st, 7, "de");
		db_bind_i64(st, 8, created);
		db_bind_i64(st, 9, 0); /* not held for review */
		if (db_run(st, &comment_ids[i]) < 0)
			return -1;
		if (parent >= 0) {
			int64_t v[] = {comment_ids[parent]};
			if (run_ints(db, STMT_comment_replies_inc, 1, v) != 0)
				return -1;
		}
		int64_t v[] = {idea_ids[idea], created};
		if (run_ints(db, STMT_idea_comments_inc, 2, v) != 0)
			return -1;
	}
	return 0;
}
