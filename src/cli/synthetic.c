/*
 * synthetic.c - `oic seed --synthetic`: a city of realistic size.
 *
 * The default city is the one issue 4 asks the benchmark to run on:
 * 50,000 accounts across the four sectors, 5,000 organisations, 500
 * challenges, 100,000 ideas, 1,000,000 supports, 500,000 comments, 2,000
 * events, plus partner cities and 200 pilot projects with milestones and
 * updates.  Sizes are options, so the same program makes the 1,000- and
 * 10,000-idea cities of the scale curve.
 *
 * How it stays fast and honest:
 *  - The whole city is planned in memory first (who supports what, how
 *    many comments each idea has), so every counter column (ideas_count,
 *    supports_count, comments_count, replies_count, trend) is written
 *    once with its final value, consistent with the rows it counts
 *    (synthetic_plan.c).
 *  - Rows carry explicit ids in creation order; everything is loaded in
 *    one write transaction (all or nothing) with prepared statements:
 *    one single-row INSERT per row on SQLite (a library call, no round
 *    trip), JSON batches of 2,000 rows per statement on PostgreSQL
 *    (bulk.c).  Text comes from synthetic_text.c.
 *  - Every random choice comes from a PRNG seeded by --seed; supports and
 *    comments of one idea come from a generator seeded by the idea's id,
 *    so they can be drawn twice (once for the trend, once for the rows)
 *    and come out the same.  Times are offsets from --now (default: the
 *    start of today, UTC), so a seed gives the same city all day, on
 *    either back end.
 *  - Every account has the same password (SYNTH_PASSWORD); its Argon2id
 *    hash is a constant, computed once with libsodium's interactive
 *    limits, so 50,000 accounts cost no hashing at all.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/bulk.h"
#include "cli/cli.h"
#include "cli/synthetic_actors.h"
#include "cli/synthetic_opportunities.h"
#include "cli/synthetic_plan.h"
#include "features/funnel/funnel.h"
#include "store/search_index.h"

#define SYNTH_PASSWORD "synthetic-city"
/* crypto_pwhash_str("synthetic-city"), OPSLIMIT/MEMLIMIT_INTERACTIVE. */
static const char synth_password_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$XUr8WQZl2vgw8ZEOm6riYw$"
					  "YI8wfYBgKHsHn5/4daf8xkTAFrWG46++DD2VanNZN54";

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- loading ---- */

/* Text of one row, made in a scratch arena that is emptied per row. */
struct scratch {
	struct arena a;
	struct buf b[4];
};

static void scratch_reset(struct scratch *s)
{
	arena_free(&s->a);
	for (size_t i = 0; i < COUNT(s->b); i++)
		buf_init(&s->b[i], &s->a);
}

static const char *sector_pick(struct synth_rng *r, const unsigned weights[4])
{
	unsigned x = (unsigned)synth_rng_below(r, 100), acc = 0;
	for (int i = 0; i < 4; i++) {
		acc += weights[i];
		if (x < acc)
			return synth_sectors[i];
	}
	return synth_sectors[3];
}

static const char *lang_code(enum synth_lang l)
{
	return l == SYNTH_EN ? "en" : "de";
}

static int load_organisations(struct db *db, struct plan *p, struct scratch *s)
{
	static const unsigned weights[4] = {15, 15, 35, 35};
	struct synth_rng r;
	struct bulk b;

	p->org_names = calloc((size_t)(p->o.organisations > 0 ? p->o.organisations : 1),
			      sizeof(*p->org_names));
	if (p->org_names == NULL)
		return -1;
	synth_stream(&r, p, S_ORGS, 0);
	bulk_open(&b, db, STMT_bench_org_row, STMT_bench_org_batch, 7, NULL);
	for (int64_t id = 1; id <= p->o.organisations; id++) {
		const char *sector = sector_pick(&r, weights);
		scratch_reset(s);
		synth_org_name(&r, sector, &s->b[0]);
		synth_org_summary(&r, sector, &s->b[1]);
		bool website = synth_rng_below(&r, 3) != 0;
		buf_printf(&s->b[2], "https://www.example.org/org/%lld", (long long)id);
		p->org_names[id - 1] = strdup(buf_cstr(&s->b[0]));
		bulk_i64(&b, id);
		bulk_text(&b, buf_cstr(&s->b[0]));
		bulk_text(&b, sector);
		bulk_text(&b, buf_cstr(&s->b[1]));
		bulk_text(&b, website ? buf_cstr(&s->b[2]) : NULL);
		bulk_text(&b, "de");
		bulk_i64(&b, p->o.now - synth_between(&r, 30, 5 * 365) * DAY);
		if (bulk_row(&b) != 0 || p->org_names[id - 1] == NULL)
			break;
	}
	return bulk_close(&b);
}

static const char *user_role(int64_t id)
{
	if (id == 1)
		return "admin";
	if (id % 997 == 0)
		return "evaluator";
	if (id % 1009 == 0)
		return "moderator";
	if (id % 50 == 0)
		return "representative";
	return "participant";
}

static int load_users(struct db *db, const struct plan *p, struct scratch *s)
{
	static const unsigned weights[4] = {10, 15, 20, 55};
	static const char *const langs[] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL,
					    NULL, NULL, NULL, NULL, NULL, "de", "de",
					    "en", NULL, NULL, NULL, NULL, "en"};
	struct synth_rng r;
	struct bulk b;

	synth_stream(&r, p, S_USERS, 0);
	bulk_open(&b, db, STMT_bench_user_row, STMT_bench_user_batch, 8, synth_password_hash);
	for (int64_t id = 1; id <= p->o.accounts; id++) {
		const char *sector = sector_pick(&r, weights);
		const char *org = NULL;
		scratch_reset(s);
		synth_person_name(&r, &s->b[0]);
		buf_printf(&s->b[1], "synthetic-%lld@oic.example", (long long)id);
		if (strcmp(sector, "civil") != 0 && p->o.organisations > 0 &&
		    synth_rng_below(&r, 10) < 6)
			org = p->org_names[synth_rng_below(&r, (uint64_t)p->o.organisations)];
		bulk_i64(&b, id);
		bulk_text(&b, buf_cstr(&s->b[1]));
		bulk_text(&b, buf_cstr(&s->b[0]));
		bulk_text(&b, sector);
		bulk_text(&b, org);
		bulk_text(&b, user_role(id));
		bulk_text(&b, langs[synth_rng_below(&r, COUNT(langs))]);
		bulk_i64(&b, p->o.now - synth_between(&r, DAY, 3 * YEAR));
		if (bulk_row(&b) != 0)
			break;
	}
	return bulk_close(&b);
}

static int load_partners(struct db *db, const struct plan *p)
{
	static const struct {
		const char *name, *country, *kind;
		int since;
		const char *summary;
	} partners[] = {
		{"Rochdale", "GB", "city", 1953, "Schulaustausch und gemeinsame Stadtentwicklung."},
		{"Concarneau", "FR", "city", 1974, "Klimaanpassung an Küste und Hafen."},
		{"Rzeszów", "PL", "city", 1991, "Programme für Start-ups und digitale Verwaltung."},
		{"Estelí", "NI", "city", 1985, "Klimapartnerschaft zu Wasser und Energie."},
		{"Nahariya", "IL", "city", 1988,
		 "Jugendaustausch und Zusammenarbeit in der Medizin."},
		{"Velikiy Novgorod", "RU", "city", 1987, "Kulturaustausch, derzeit ruhend."},
		{"Enniskillen", "GB", "city", 1989, "Begegnungen von Vereinen und Schulen."},
		{"Mwanza", "TZ", "city", 2012, "Wasserversorgung und Berufsausbildung."},
		{"Region Ostwestfalen-Lippe", "DE", "region", 2019,
		 "Regionale Innovationsstrategie mit Hochschulen und Mittelstand."},
		{"Provinz Gelderland", "NL", "region", 2016, "Grenzüberschreitende Mobilität."},
		{"Gdynia", "PL", "city", 2005, "Hafenwirtschaft und erneuerbare Energie."},
		{"Lleida", "ES", "city", 2021, "Landwirtschaft der Zukunft und Wassermanagement."},
	};
	struct bulk b;

	bulk_open(&b, db, STMT_bench_partner_row, STMT_bench_partner_batch, 8, NULL);
	for (size_t i = 0; i < COUNT(partners); i++) {
		bulk_i64(&b, (int64_t)i + 1);
		bulk_text(&b, partners[i].name);
		bulk_text(&b, partners[i].country);
		bulk_text(&b, partners[i].kind);
		bulk_i64(&b, partners[i].since);
		bulk_text(&b, partners[i].summary);
		bulk_text(&b, "de");
		bulk_i64(&b, p->o.now - 400 * DAY);
		if (bulk_row(&b) != 0)
			break;
	}
	return bulk_close(&b);
}

/* 0 stays 0: a phase date that is not set. */
static void bulk_time(struct bulk *b, int64_t t)
{
	bulk_ref(b, t);
}

static int load_challenges(struct db *db, const struct plan *p, struct scratch *s)
{
	struct synth_rng r;
	struct bulk b, t;

	synth_stream(&r, p, S_CHALLENGES + 100, 0);
	bulk_open(&b, db, STMT_bench_challenge_row, STMT_bench_challenge_batch, 18, NULL);
	for (int64_t id = 1; id <= p->o.challenges; id++) {
		const struct challenge_plan *c = &p->ch[id - 1];
		scratch_reset(s);
		synth_challenge_title(&r, c->lang, id, &s->b[0]);
		synth_challenge_summary(&r, c->lang, &s->b[1]);
		synth_challenge_brief(&r, c->lang, &s->b[2]);
		bulk_i64(&b, id);
		bulk_text(&b, buf_cstr(&s->b[0]));
		bulk_text(&b, buf_cstr(&s->b[1]));
		bulk_text(&b, buf_cstr(&s->b[2]));
		bulk_ref(&b, p->o.organisations > 0 ? 1 + (int64_t)synth_rng_below(
								  &r, (uint64_t)p->o.organisations)
						    : 0);
		bulk_text(&b, synth_phase_ids[c->phase]);
		bulk_i64(&b,
			 synth_rng_below(&r, 4) == 0 ? 1 + (int64_t)synth_rng_below(&r, 15) : 15);
		bulk_i64(&b, c->deadline);
		bulk_text(&b, lang_code(c->lang));
		bulk_i64(&b, c->ideas);
		bulk_i64(&b, c->comments);
		bulk_time(&b, c->opens);
		bulk_time(&b, c->evaluation);
		bulk_time(&b, c->decided);
		bulk_time(&b, c->implementation);
		bulk_time(&b, c->closed);
		bulk_i64(&b, c->created);
		bulk_i64(&b, c->created);
		if (bulk_row(&b) != 0)
			break;
	}
	if (bulk_close(&b) != 0)
		return -1;
	if (p->topic_count == 0)
		return 0;
	bulk_open(&t, db, STMT_bench_challenge_topic_row, STMT_bench_challenge_topic_batch, 2,
		  NULL);
	for (int64_t id = 1; id <= p->o.challenges; id++) {
		size_t first = (size_t)synth_rng_below(&r, p->topic_count);
		size_t n = 1 + (p->topic_count > 1 && synth_rng_below(&r, 2) == 0);
		for (size_t k = 0; k < n; k++) {
			bulk_i64(&t, id);
			bulk_i64(&t, p->topics[(first + k) % p->topic_count]);
			bulk_row(&t);
		}
	}
	return bulk_close(&t);
}

static int load_events(struct db *db, const struct plan *p, struct scratch *s)
{
	static const char *const kinds[] = {"workshop", "workshop", "workshop",	 "meetup",
					    "meetup",	"lab",	    "hackathon", "conference"};
	struct synth_rng r;
	struct bulk b;

	synth_stream(&r, p, S_EVENTS, 0);
	bulk_open(&b, db, STMT_bench_event_row, STMT_bench_event_batch, 11, NULL);
	for (int64_t id = 1; id <= p->o.events; id++) {
		const char *kind = kinds[synth_rng_below(&r, COUNT(kinds))];
		int64_t day = p->o.now - 365 * DAY + synth_between(&r, 0, 545) * DAY;
		int64_t starts = day + synth_between(&r, 9, 19) * 3600;
		int64_t hours = strcmp(kind, "hackathon") == 0 ? synth_between(&r, 24, 48)
							       : synth_between(&r, 2, 4);
		scratch_reset(s);
		synth_event(&r, kind, &s->b[0], &s->b[1], &s->b[2]);
		bulk_i64(&b, id);
		bulk_text(&b, buf_cstr(&s->b[0]));
		bulk_text(&b, buf_cstr(&s->b[1]));
		bulk_text(&b, kind);
		bulk_i64(&b, starts);
		bulk_i64(&b, starts + hours * 3600);
		bulk_text(&b, buf_cstr(&s->b[2]));
		bulk_ref(&b, synth_rng_below(&r, 10) == 0 ? 0 : synth_between(&r, 2, 20) * 10);
		bulk_ref(&b, p->o.organisations > 0 ? 1 + (int64_t)synth_rng_below(
								  &r, (uint64_t)p->o.organisations)
						    : 0);
		bulk_text(&b, "de");
		bulk_i64(&b, starts - synth_between(&r, 14, 90) * DAY);
		if (bulk_row(&b) != 0)
			break;
	}
	return bulk_close(&b);
}

/* What an idea says and where, drawn from its own generator. */
struct idea_text {
	const char *title, *body, *address;
	double lat, lon;
	bool located;
	int64_t author;
};

static void idea_text(const struct plan *p, int64_t id, struct scratch *s, struct idea_text *t)
{
	const struct idea_plan *d = &p->ideas[id - 1];
	struct synth_rng r;

	synth_stream(&r, p, S_IDEA_TEXT, id);
	scratch_reset(s);
	synth_idea_title(&r, d->lang, &s->b[0]);
	synth_idea_body(&r, d->lang, &s->b[1]);
	t->title = buf_cstr(&s->b[0]);
	t->body = buf_cstr(&s->b[1]);
	/* Four ideas in ten point at a place in the city (around 52.02 N, 8.53 E). */
	t->located = synth_rng_below(&r, 10) < 4;
	t->lat = 52.02 + (synth_rng_unit(&r) - 0.5) * 0.12;
	t->lon = 8.53 + (synth_rng_unit(&r) - 0.5) * 0.2;
	synth_place(&r, &s->b[2]);
	t->address = t->located ? buf_cstr(&s->b[2]) : NULL;
	t->author =
		p->o.accounts > 0 ? 1 + (int64_t)synth_rng_below(&r, (uint64_t)p->o.accounts) : 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int64_t gcd(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * The supporters of idea id (distinct accounts, ascending) and when each
 * supported it; returns the idea's trend.  Drawn from the idea's own
 * generator, so the ideas pass (for the trend) and the supports pass (for
 * the rows) get the same answer.
 */
static double draw_supports(const struct plan *p, int64_t id, int64_t *users, int64_t *times)
{
	const struct idea_plan *d = &p->ideas[id - 1];
	int64_t a = p->o.accounts, k = d->supports;
	struct synth_rng r;
	double trend = 0;

	if (k == 0)
		return 0;
	synth_stream(&r, p, S_SUPPORTS, id);
	/* Walking the accounts with a step coprime to their number visits
	 * each at most once: k distinct supporters without a set. */
	int64_t start = (int64_t)synth_rng_below(&r, (uint64_t)a);
	int64_t step = a > 1 ? 1 + (int64_t)synth_rng_below(&r, (uint64_t)(a - 1)) : 1;
	while (a > 1 && gcd(step, a) != 1)
		step = step % (a - 1) + 1;
	for (int64_t j = 0; j < k; j++)
		users[j] = 1 + (start + (j * step) % a) % a;
	qsort(users, (size_t)k, sizeof(*users), cmp_i64);
	for (int64_t j = 0; j < k; j++) {
		times[j] = synth_between(&r, d->created, d->support_end);
		trend += funnel_trend_weight(times[j]);
	}
	return trend;
}

static int load_ideas(struct db *db, const struct plan *p, struct scratch *s, int64_t *users,
		      int64_t *times)
{
	struct synth_rng r;
	struct bulk b, t;
	struct idea_text x;

	synth_stream(&r, p, S_IDEAS + 100, 0);
	bulk_open(&b, db, STMT_bench_idea_row, STMT_bench_idea_batch, 18, NULL);
	for (int64_t id = 1; id <= p->o.ideas; id++) {
		const struct idea_plan *d = &p->ideas[id - 1];
		bool answered = d->status >= ST_SELECTED;
		int64_t answered_at = 0;
		idea_text(p, id, s, &x);
		if (answered) {
			synth_official_answer(&r, synth_status_ids[d->status], &s->b[3]);
			answered_at = d->challenge > 0 && p->ch[d->challenge - 1].decided > 0
					      ? p->ch[d->challenge - 1].decided
					      : d->created + 60 * DAY;
			if (answered_at > p->o.now)
				answered_at = p->o.now;
		}
		bulk_i64(&b, id);
		bulk_ref(&b, d->challenge);
		bulk_ref(&b, x.author);
		bulk_text(&b, x.title);
		bulk_text(&b, x.body);
		bulk_text(&b, synth_status_ids[d->status]);
		bulk_text(&b, answered ? buf_cstr(&s->b[3]) : NULL);
		bulk_ref(&b, answered_at);
		if (x.located) {
			bulk_f64(&b, x.lat);
			bulk_f64(&b, x.lon);
		} else {
			bulk_text(&b, NULL);
			bulk_text(&b, NULL);
		}
		bulk_text(&b, x.address);
		bulk_text(&b, lang_code(d->lang));
		bulk_i64(&b, d->hidden);
		bulk_i64(&b, d->supports);
		bulk_i64(&b, d->comments);
		bulk_f64(&b, draw_supports(p, id, users, times));
		bulk_i64(&b, d->created);
		bulk_i64(&b, answered_at > d->created ? answered_at : d->created);
		if (bulk_row(&b) != 0)
			break;
	}
	if (bulk_close(&b) != 0)
		return -1;
	if (p->topic_count == 0)
		return 0;
	bulk_open(&t, db, STMT_bench_idea_topic_row, STMT_bench_idea_topic_batch, 2, NULL);
	for (int64_t id = 1; id <= p->o.ideas; id++) {
		size_t first = (size_t)synth_rng_below(&r, p->topic_count);
		size_t n = (size_t)synth_rng_below(&r, 3);
		for (size_t k = 0; k < n && k < p->topic_count; k++) {
			bulk_i64(&t, id);
			bulk_i64(&t, p->topics[(first + k) % p->topic_count]);
			bulk_row(&t);
		}
	}
	return bulk_close(&t);
}

static int load_supports(struct db *db, const struct plan *p, int64_t *users, int64_t *times)
{
	struct bulk b;

	bulk_open(&b, db, STMT_bench_support_row, STMT_bench_support_batch, 4, NULL);
	for (int64_t id = 1; id <= p->o.ideas && b.rc == 0; id++) {
		const struct idea_plan *d = &p->ideas[id - 1];
		draw_supports(p, id, users, times);
		for (int64_t j = 0; j < d->supports; j++) {
			bulk_i64(&b, id);
			bulk_i64(&b, users[j]);
			bulk_ref(&b, d->challenge);
			bulk_i64(&b, times[j]);
			if (bulk_row(&b) != 0)
				break;
		}
	}
	return bulk_close(&b);
}

/* The comments of one subject, threaded, before they get their ids. */
struct thread {
	int64_t *created, *parent, *replies, *author;
	int *depth;
	enum synth_lang *lang;
	int64_t cap;
};

/*
 * Write n comments on (type, subject), created between from and to,
 * with ids from *next_id on.  Four in ten answer an earlier comment
 * (depth at most 2, as the schema allows); every parent's replies_count
 * is its number of direct answers.
 */
static int load_thread(struct bulk *b, const struct plan *p, struct thread *th, struct scratch *s,
		       const char *type, int64_t subject, int64_t n, int64_t from, int64_t to,
		       enum synth_lang subject_lang, uint64_t stage, int64_t *next_id)
{
	struct synth_rng r;
	int64_t base = *next_id;

	synth_stream(&r, p, stage, subject);
	for (int64_t j = 0; j < n; j++)
		th->created[j] = synth_between(&r, from, to);
	qsort(th->created, (size_t)n, sizeof(*th->created), cmp_i64);
	for (int64_t j = 0; j < n; j++) {
		th->replies[j] = 0;
		th->parent[j] = -1;
		th->depth[j] = 0;
		if (j > 0 && synth_rng_below(&r, 10) < 4) {
			int64_t q = (int64_t)synth_rng_below(&r, (uint64_t)j);
			if (th->depth[q] == 2)
				q = th->parent[q];
			th->parent[j] = q;
			th->depth[j] = th->depth[q] + 1;
			th->replies[q]++;
		}
		th->author[j] = p->o.accounts > 0
					? 1 + (int64_t)synth_rng_below(&r, (uint64_t)p->o.accounts)
					: 0;
		th->lang[j] = subject_lang == SYNTH_EN
				      ? (synth_rng_below(&r, 10) < 7 ? SYNTH_EN : SYNTH_DE)
				      : (synth_rng_below(&r, 30) == 0 ? SYNTH_EN : SYNTH_DE);
	}
	for (int64_t j = 0; j < n; j++) {
		scratch_reset(s);
		synth_comment(&r, th->lang[j], th->depth[j], &s->b[0]);
		bulk_i64(b, base + j);
		bulk_text(b, type);
		bulk_i64(b, subject);
		bulk_ref(b, th->parent[j] >= 0 ? base + th->parent[j] : 0);
		bulk_i64(b, th->depth[j]);
		bulk_ref(b, th->author[j]);
		bulk_text(b, buf_cstr(&s->b[0]));
		bulk_i64(b, th->replies[j]);
		bulk_i64(b, th->created[j]);
		bulk_text(b, lang_code(th->lang[j]));
		/* The thread's top-level comment (depth <= 2), NULL for one itself. */
		int64_t root = th->parent[j];
		if (root >= 0 && th->parent[root] >= 0)
			root = th->parent[root];
		bulk_ref(b, root >= 0 ? base + root : 0);
		if (bulk_row(b) != 0)
			return -1;
	}
	*next_id = base + n;
	return 0;
}

static int load_comments(struct db *db, const struct plan *p, struct scratch *s)
{
	struct thread th = {0};
	struct bulk b;
	int64_t next_id = 1;
	int rc = -1;

	for (int64_t i = 0; i < p->o.ideas; i++)
		th.cap = p->ideas[i].comments > th.cap ? p->ideas[i].comments : th.cap;
	for (int64_t c = 0; c < p->o.challenges; c++)
		th.cap = p->ch[c].comments > th.cap ? p->ch[c].comments : th.cap;
	size_t cap = (size_t)(th.cap > 0 ? th.cap : 1);
	th.created = malloc(cap * sizeof(int64_t));
	th.parent = malloc(cap * sizeof(int64_t));
	th.replies = malloc(cap * sizeof(int64_t));
	th.author = malloc(cap * sizeof(int64_t));
	th.depth = malloc(cap * sizeof(int));
	th.lang = malloc(cap * sizeof(enum synth_lang));
	bulk_open(&b, db, STMT_bench_comment_row, STMT_bench_comment_batch, 11, NULL);
	if (th.created == NULL || th.parent == NULL || th.replies == NULL || th.author == NULL ||
	    th.depth == NULL || th.lang == NULL)
		goto out;
	for (int64_t id = 1; id <= p->o.ideas; id++) {
		const struct idea_plan *d = &p->ideas[id - 1];
		if (d->comments > 0 &&
		    load_thread(&b, p, &th, s, "idea", id, d->comments, d->created, p->o.now,
				d->lang, S_COMMENTS, &next_id) != 0)
			goto out;
	}
	for (int64_t id = 1; id <= p->o.challenges; id++) {
		const struct challenge_plan *c = &p->ch[id - 1];
		if (c->comments > 0 &&
		    load_thread(&b, p, &th, s, "challenge", id, c->comments, c->created, p->o.now,
				c->lang, S_CHALLENGE_COMMENTS, &next_id) != 0)
			goto out;
	}
	rc = 0;
out:
	if (bulk_close(&b) != 0)
		rc = -1;
	free(th.created);
	free(th.parent);
	free(th.replies);
	free(th.author);
	free(th.depth);
	free(th.lang);
	return rc;
}

static int load_projects(struct db *db, const struct plan *p, struct scratch *s)
{
	struct synth_rng r;
	struct bulk b, m, u;
	struct idea_text x;
	int64_t milestone_id = 1, update_id = 1;

	synth_stream(&r, p, S_PROJECTS, 0);
	bulk_open(&b, db, STMT_bench_project_row, STMT_bench_project_batch, 15, NULL);
	bulk_open(&m, db, STMT_bench_milestone_row, STMT_bench_milestone_batch, 6, NULL);
	bulk_open(&u, db, STMT_bench_update_row, STMT_bench_update_batch, 6, NULL);
	for (int64_t id = 1; id <= p->o.ideas; id++) {
		const struct idea_plan *d = &p->ideas[id - 1];
		if (d->project == 0)
			continue;
		bool done = d->status == ST_IMPLEMENTED;
		int progress = done ? 100 : (int)synth_between(&r, 10, 90);
		int64_t created =
			d->created + 90 * DAY < p->o.now ? d->created + 90 * DAY : d->created;
		idea_text(p, id, s, &x);
		bulk_i64(&b, d->project);
		bulk_i64(&b, id);
		bulk_text(&b, x.title);
		bulk_text(&b, x.body);
		bulk_ref(&b, p->o.organisations > 0 ? 1 + (int64_t)synth_rng_below(
								  &r, (uint64_t)p->o.organisations)
						    : 0);
		bulk_i64(&b, synth_between(&r, 5, 500) * 100000);
		bulk_i64(&b, progress);
		bulk_text(&b, done ? "completed" : "running");
		bulk_text(&b, done ? "Das Pilotprojekt ist abgeschlossen. Die Ergebnisse "
				     "fließen in die Planung aller Stadtteile ein."
				   : "");
		if (x.located) {
			bulk_f64(&b, x.lat);
			bulk_f64(&b, x.lon);
		} else {
			bulk_text(&b, NULL);
			bulk_text(&b, NULL);
		}
		bulk_text(&b, x.address);
		bulk_text(&b, lang_code(d->lang));
		bulk_i64(&b, created);
		bulk_i64(&b, p->o.now - synth_between(&r, 0, 60) * DAY);
		bulk_row(&b);
		for (int k = 0; k < 4; k++) {
			int64_t due = created + (k + 1) * 90 * DAY;
			scratch_reset(s);
			synth_milestone(&r, k, &s->b[0]);
			bulk_i64(&m, milestone_id++);
			bulk_i64(&m, d->project);
			bulk_text(&m, buf_cstr(&s->b[0]));
			bulk_i64(&m, due);
			bulk_ref(&m, (done || k * 25 < progress) && due < p->o.now ? due : 0);
			bulk_i64(&m, k);
			bulk_row(&m);
		}
		for (int k = 0; k < 3; k++) {
			int step = progress * (k + 1) / 3;
			scratch_reset(s);
			synth_project_update(&r, step, &s->b[0]);
			bulk_i64(&u, update_id++);
			bulk_i64(&u, d->project);
			bulk_ref(&u, x.author);
			bulk_text(&u, buf_cstr(&s->b[0]));
			bulk_i64(&u, step);
			bulk_i64(&u, created + (p->o.now - created) * (k + 1) / 4);
			bulk_row(&u);
		}
	}
	int rc = bulk_close(&b);
	if (bulk_close(&m) != 0 || bulk_close(&u) != 0)
		rc = -1;
	return rc;
}

/* ---- the command ---- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int load_topics(struct db *db, struct plan *p)
{
	struct db_stmt *st = db_stmt(db, STMT_bench_topic_ids);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && p->topic_count < MAX_TOPICS)
		p->topics[p->topic_count++] = db_col_i64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_city(struct db *db, struct plan *p)
{
	struct scratch s;
	struct timespec t0;
	int64_t max_supports = 0;
	int rc = -1;

	for (int64_t i = 0; i < p->o.ideas; i++)
		max_supports =
			p->ideas[i].supports > max_supports ? p->ideas[i].supports : max_supports;
	int64_t *users = malloc((size_t)(max_supports + 1) * sizeof(int64_t));
	int64_t *times = malloc((size_t)(max_supports + 1) * sizeof(int64_t));
	arena_init(&s.a);
	if (users == NULL || times == NULL)
		goto out;
	static const char *const names[] = {"organisations", "actors",	 "accounts",	 "partners",
					    "challenges",    "events",	 "ideas",	 "supports",
					    "comments",	     "projects", "opportunities"};
	for (size_t step = 0; step < COUNT(names); step++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int r;
		switch (step) {
		case 0: r = load_organisations(db, p, &s); break;
		case 1: r = synth_load_actors(db, p); break;
		case 2: r = load_users(db, p, &s); break;
		case 3: r = load_partners(db, p); break;
		case 4: r = load_challenges(db, p, &s); break;
		case 5: r = load_events(db, p, &s); break;
		case 6: r = load_ideas(db, p, &s, users, times); break;
		case 7: r = load_supports(db, p, users, times); break;
		case 8: r = load_comments(db, p, &s); break;
		case 9: r = load_projects(db, p, &s); break;
		default: r = synth_load_opportunities(db, p); break;
		}
		if (r != 0)
			goto out;
		printf("  %-14s %6.1f s\n", names[step], seconds_since(&t0));
		fflush(stdout);
	}
	rc = 0;
out:
	arena_free(&s.a);
	free(users);
	free(times);
	return rc;
}

static int parse_count(const char *s, int64_t max, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Sizes that cannot make a consistent city; NULL when they can. */
static const char *check_sizes(struct synth_opts *o)
{
	if ((o->ideas > 0 || o->comments > 0 || o->supports > 0) && o->accounts == 0)
		return "ideas, supports and comments need at least one account (--accounts)";
	if (o->comments > 0 && o->ideas == 0 && o->challenges == 0)
		return "comments need ideas or challenges to be about";
	if (o->supports > o->ideas * o->accounts)
		return "more supports than ideas x accounts (one support per account and idea)";
	return NULL;
}

int cli_seed_synthetic(int argc, char **argv)
{
	static const struct option opts[] = {
		{"synthetic", no_argument, NULL, 'S'},
		{"db", required_argument, NULL, 'd'},
		{"accounts", required_argument, NULL, 'a'},
		{"challenges", required_argument, NULL, 'c'},
		{"ideas", required_argument, NULL, 'i'},
		{"supports", required_argument, NULL, 's'},
		{"comments", required_argument, NULL, 'm'},
		{"events", required_argument, NULL, 'e'},
		{"organisations", required_argument, NULL, 'o'},
		{"projects", required_argument, NULL, 'p'},
		{"seed", required_argument, NULL, 'r'},
		{"now", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct plan p;
	struct timespec t0;
	const char *url = NULL, *why;
	int64_t v, rows = 0;
	int c, li = 0, rc = CLI_FAIL;

	memset(&p, 0, sizeof(p));
	p.o = (struct synth_opts){.accounts = 50000,
				  .challenges = 500,
				  .ideas = 100000,
				  .supports = 1000000,
				  .comments = 500000,
				  .events = 2000,
				  .organisations = 5000,
				  .projects = -1,
				  .seed = 1,
				  .now = (int64_t)time(NULL) / DAY * DAY};
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, &li)) != -1) {
		int64_t *target = NULL, max = 10000000;
		switch (c) {
		case 'S': continue;
		case 'd': url = optarg; continue;
		case 'a': target = &p.o.accounts; break;
		case 'c': target = &p.o.challenges; break;
		case 'i': target = &p.o.ideas; break;
		case 's': target = &p.o.supports, max = 1000000000; break;
		case 'm': target = &p.o.comments, max = 1000000000; break;
		case 'e': target = &p.o.events; break;
		case 'o': target = &p.o.organisations; break;
		case 'p': target = &p.o.projects; break;
		case 'r': target = &v, max = INT64_MAX; break;
		case 'n': target = &p.o.now, max = INT64_MAX / 2; break;
		default: cli_usage(stderr); return CLI_USAGE;
		}
		if (parse_count(optarg, max, target) != 0) {
			fprintf(stderr, "oic seed: --%s wants a number from 0 to %lld, not '%s'\n",
				opts[li].name, (long long)max, optarg);
			return CLI_USAGE;
		}
		if (c == 'r')
			p.o.seed = (uint64_t)v;
	}
	if (optind != argc) {
		fprintf(stderr, "oic seed: unexpected argument '%s'\n", argv[optind]);
		return CLI_USAGE;
	}
	if (p.o.projects < 0)
		p.o.projects = p.o.ideas / 500;
	if ((why = check_sizes(&p.o)) != NULL) {
		fprintf(stderr, "oic seed: %s\n", why);
		return CLI_USAGE;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct db *db = cli_open_store(cli_db_url(url), false);
	if (db == NULL)
		return CLI_FAIL;
	struct db_stmt *st = db_stmt(db, STMT_bench_store_rows);
	if (st == NULL || db_run(st, &rows) < 0 || load_topics(db, &p) != 0) {
		fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
		goto out;
	}
	if (rows > 0) {
		fprintf(stderr, "oic seed: the store already has content; --synthetic needs a "
				"freshly migrated, empty store\n");
		goto out;
	}
	st = db_stmt(db, STMT_bench_load_cache);
	if (st == NULL || db_run(st, NULL) < 0 || synth_plan_city(&p) != 0) {
		fprintf(stderr, "oic seed: cannot prepare the city (out of memory?)\n");
		goto out;
	}
	printf("synthetic city (seed %llu):\n", (unsigned long long)p.o.seed);
	if (db_begin_write(db) != DB_OK || load_city(db, &p) != 0 ||
	    (st = db_stmt(db, STMT_bench_fix_sequences)) == NULL || db_run(st, NULL) < 0 ||
	    db_commit(db) != DB_OK) {
		fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
		db_rollback(db);
		goto out;
	}
	st = db_stmt(db, STMT_bench_analyze);
	if (st == NULL || db_run(st, NULL) < 0) {
		fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
		goto out;
	}
	/* A bulk load ends with its search indexes merged, as a DBA would. */
	struct timespec t_merge;
	clock_gettime(CLOCK_MONOTONIC, &t_merge);
	if (search_index_merge(db, 1, NULL) != 0) {
		fprintf(stderr, "oic seed: %s\n", db_errmsg(db));
		goto out;
	}
	printf("  %-14s %6.1f s\n", "search index", seconds_since(&t_merge));
	printf("synthetic city: %lld accounts, %lld organisations, %lld challenges, %lld ideas, "
	       "%lld supports, %lld comments, %lld events, %lld projects in %.1f s\n",
	       (long long)p.o.accounts, (long long)p.o.organisations, (long long)p.o.challenges,
	       (long long)p.o.ideas, (long long)p.o.supports, (long long)p.o.comments,
	       (long long)p.o.events, (long long)p.projects, seconds_since(&t0));
	printf("synthetic accounts: synthetic-N@oic.example (N = 1..%lld), password %s\n",
	       (long long)p.o.accounts, SYNTH_PASSWORD);
	rc = CLI_OK;
out:
	db_close(db);
	db_close_all();
	synth_plan_free(&p);
	return rc;
}
