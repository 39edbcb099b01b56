/*
 * analytics.c - participation analytics for the Innovation Office:
 * /admin/analytics (server-rendered SVG, each chart followed by its data
 * as a table) and the same figures as JSON at /api/v1/analytics, for a
 * period and for the whole platform or one challenge.  Whether the whole
 * urban society takes part: active participants and contributions per
 * sector against the targets the office sets (/admin/settings), the
 * balance ratio R and the Gini coefficient of contributions per account
 * (features/office/rules.c computes them).
 *
 * The weekly series, the sectors and the Gini coefficient come from the
 * daily aggregates of the job analytics.days for the complete days of
 * the period and from the rows for the rest (today; a day the job has
 * not reached): analytics_days.c.  A row counts in the week of its day
 * in the platform's zone, the week its row in the table names.  The
 * funnel and the time to the first answer are counted from the ideas
 * submitted in the period (they change whenever the office answers an
 * old idea).  For a period the job aggregated wholly, the sectors, the
 * Gini coefficient, the funnel and the answers are kept after the first
 * view until something they depend on changes (figures()).  The default view (the last 84
 * days, the whole platform) is besides kept by the job
 * analytics.snapshot every hour in analytics_snapshots, read in one
 * query.
 */
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/csv.h"
#include "base/log.h"
#include "features/office/analytics_days.h"
#include "features/office/office.h"
#include "features/office/rules.h"
#include "app/json.h"

enum {
	CHALLENGE_CHOICES = 100, /* the newest challenges offered in the filter */
	WEEK_BAR = 24,		 /* the weekly chart: bar width and gap */
	WEEK_GAP = 6,
	WEEK_CHART_H = 160,
	BAR_CHART_W = 400, /* the horizontal bar charts */
	BAR_H = 24,
	BAR_STEP = 34,
};

/* The funnel's main line, in order (rank 0..5 of analytics_funnel). */
static const char *const funnel_labels[OFFICE_FUNNEL_STAGES] = {
	N_("Submitted"), N_("In review"), N_("Shortlisted"),
	N_("Selected"),	 N_("Piloting"),  N_("Implemented"),
};

/* Everything the page and the JSON show, before formatting. */
struct analytics_data {
	struct office_period period;
	int64_t challenge;
	int64_t from, to; /* seconds: [from, to) */
	size_t weeks;
	struct week_row *week; /* weeks rows */
	int64_t active[SECTOR__COUNT];
	int64_t contributions[SECTOR__COUNT];
	double target_pct[SECTOR__COUNT];
	double balance_active, balance_contributions, gini; /* -1: no data */
	int64_t reached[OFFICE_FUNNEL_STAGES];
	int64_t answered;
	double median_wait; /* seconds; -1 when none */
};

int office_targets_load(struct db *db, struct arena *a, int pct[SECTOR__COUNT])
{
	for (int s = 0; s < SECTOR__COUNT; s++) {
		pct[s] = 100 / SECTOR__COUNT;
		const char *key = office_target_key(a, (enum sector)s);
		struct db_stmt *st = db_stmt(db, STMT_setting_get);
		if (st == NULL || key == NULL)
			return -1;
		db_bind_text(st, 1, key);
		int rc = db_step(st);
		if (rc == DB_ROW)
			pct[s] = atoi(db_col_text(st, 0));
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* $1, $2: the period; $3: the challenge (0: all). */
static void bind_period(struct db_stmt *st, const struct analytics_data *d)
{
	db_bind_i64(st, 1, d->from);
	db_bind_i64(st, 2, d->to);
	db_bind_i64(st, 3, d->challenge);
}

/* The series per week: the days of the period (aggregated or counted), added up. */
static int load_weeks(struct db *db, struct arena *a, struct analytics_data *d, int64_t today,
		      struct office_days_split *split)
{
	int64_t first = civil_days(d->period.from_y, d->period.from_m, d->period.from_d);
	struct analytics_day *days = arena_calloc(a, (size_t)d->period.days, sizeof(*days));

	if (days == NULL || analytics_days_load(db, a, first, first + d->period.days - 1, today,
						d->challenge, days, split) != 0)
		return -1;
	for (int64_t i = 0; i < d->period.days; i++) {
		struct week_row *w = &d->week[i / 7];
		w->ideas += days[i].ideas;
		w->comments += days[i].comments;
		w->supports += days[i].supports;
		w->accounts += days[i].accounts;
		w->registrations += days[i].registrations;
	}
	return 0;
}

/* The aggregated days of split, and the rows of the days before and after them. */
static int load_contributors(struct db *db, struct arena *a, struct analytics_data *d,
			     const struct office_days_split *split)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_contributors);
	struct office_bucket *buckets = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, analytics_day_start(split->raw_from));
	db_bind_i64(st, 2, d->to);
	db_bind_i64(st, 3, d->challenge);
	db_bind_i64(st, 4, split->agg_from);
	db_bind_i64(st, 5, split->agg_to);
	db_bind_i64(st, 6, d->from);
	db_bind_i64(st, 7, analytics_day_start(split->head_to + 1));
	while ((rc = db_step(st)) == DB_ROW) {
		enum sector s;
		int64_t contributions = db_col_i64(st, 1), accounts = db_col_i64(st, 2);
		if (sector_parse(db_col_text(st, 0), &s)) {
			d->active[s] += accounts;
			d->contributions[s] += contributions * accounts;
		}
		/* Rows come by contributions: one bucket per distinct count. */
		if (n > 0 && buckets[n - 1].contributions == contributions) {
			buckets[n - 1].accounts += accounts;
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			struct office_bucket *nb = arena_alloc(a, ncap * sizeof(*nb));
			if (nb == NULL) {
				db_reset(st);
				return -1;
			}
			if (n > 0)
				memcpy(nb, buckets, n * sizeof(*nb));
			buckets = nb;
			cap = ncap;
		}
		buckets[n++] = (struct office_bucket){contributions, accounts};
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	d->gini = n > 0 ? office_gini(buckets, n) : -1;
	return 0;
}

static int load_funnel(struct db *db, struct analytics_data *d)
{
	int64_t by_rank[OFFICE_FUNNEL_STAGES] = {0};
	struct db_stmt *st = db_stmt(db, STMT_analytics_funnel);
	int rc;

	if (st == NULL)
		return -1;
	bind_period(st, d);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t r = db_col_i64(st, 0);
		if (r >= 0 && r < OFFICE_FUNNEL_STAGES)
			by_rank[r] += db_col_i64(st, 1);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	office_funnel_reached(by_rank, d->reached);
	return 0;
}

static int load_median_wait(struct db *db, struct analytics_data *d)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_answered_count);
	int rc;

	d->median_wait = -1;
	if (st == NULL)
		return -1;
	bind_period(st, d);
	rc = db_step(st);
	d->answered = rc == DB_ROW ? db_col_i64(st, 0) : 0;
	db_reset(st);
	if (rc < 0)
		return -1;
	if (d->answered == 0)
		return 0;
	st = db_stmt(db, STMT_analytics_answer_times);
	if (st == NULL)
		return -1;
	bind_period(st, d);
	db_bind_i64(st, 4, (d->answered - 1) / 2);
	double sum = 0;
	int got = 0, want = d->answered % 2 ? 1 : 2;
	while (got < want && (rc = db_step(st)) == DB_ROW) {
		sum += (double)db_col_i64(st, 0);
		got++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	d->median_wait = got > 0 ? sum / got : -1;
	return 0;
}

/*
 * Compute everything for period p and challenge (0: all) at time now;
 * -1 on a store error.
 */
/* ---- the figures of a long period, kept ---- */

/*
 * What the figures of the aggregated days [from, to] beyond the weekly
 * series depend on besides the aggregates' rows: when the job last wrote
 * one of those days, and the generation of accounts and ideas (migration
 * 0026: triggers count every change of an account's sector or ban, of an
 * idea's status, visibility or challenge, every answer and deletion); as
 * "RUNS:GENERATION" in a, or NULL on a store error.
 */
static const char *kept_generation(struct db *db, struct arena *a, int64_t from, int64_t to)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_kept_generation);
	const char *gen = NULL;

	if (st == NULL)
		return NULL;
	db_bind_i64(st, 1, from);
	db_bind_i64(st, 2, to);
	if (db_step(st) == DB_ROW)
		gen = arena_printf(a, "%lld:%lld", (long long)db_col_i64(st, 0),
				   (long long)db_col_i64(st, 1));
	db_reset(st);
	return gen;
}

/* The kept figures of d, in the order of their text: whole numbers, then two real ones. */
enum { KEPT_INTS = 2 * SECTOR__COUNT + OFFICE_FUNNEL_STAGES + 1 };
static void kept_fields(struct analytics_data *d, int64_t *ints[KEPT_INTS], double *reals[2])
{
	size_t n = 0;
	for (int s = 0; s < SECTOR__COUNT; s++)
		ints[n++] = &d->active[s];
	for (int s = 0; s < SECTOR__COUNT; s++)
		ints[n++] = &d->contributions[s];
	for (int r = 0; r < OFFICE_FUNNEL_STAGES; r++)
		ints[n++] = &d->reached[r];
	ints[n] = &d->answered;
	reals[0] = &d->gini;
	reals[1] = &d->median_wait;
}

/*
 * The kept figures of key, if they are of generation gen: 1 with d's
 * sectors, Gini coefficient, funnel and answers set, 0 when none are
 * kept (or they are of another generation, or do not read), -1 on a
 * store error.  The text is "GEN" and the numbers of kept_fields.
 */
static int kept_get(struct db *db, const char *key, const char *gen, struct analytics_data *d)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_snapshot_get);
	int64_t *ints[KEPT_INTS], v[KEPT_INTS];
	double *reals[2], r[2];
	int found = 0;

	if (st == NULL)
		return -1;
	kept_fields(d, ints, reals);
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	const char *body = rc == DB_ROW ? db_col_text(st, 1) : "";
	size_t glen = strlen(gen);
	if (rc == DB_ROW && strncmp(body, gen, glen) == 0 && body[glen] == ' ') {
		const char *p = body + glen;
		char *end = NULL;
		found = 1;
		for (size_t i = 0; found && i < KEPT_INTS; i++, p = end) {
			v[i] = strtoll(p, &end, 10);
			found = end != p;
		}
		for (size_t i = 0; found && i < 2; i++, p = end) {
			r[i] = strtod(p, &end);
			found = end != p;
		}
		if (found && *p == '\0') {
			for (size_t i = 0; i < KEPT_INTS; i++)
				*ints[i] = v[i];
			*reals[0] = r[0];
			*reals[1] = r[1];
		} else {
			found = 0;
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : found;
}

/* Keep d's figures under key for generation gen (best effort: a failure only logs). */
static void kept_put(struct db *db, struct arena *a, const char *key, const char *gen,
		     struct analytics_data *d, int64_t now)
{
	int64_t *ints[KEPT_INTS];
	double *reals[2];
	struct buf b;
	struct db_stmt *st;

	kept_fields(d, ints, reals);
	buf_init(&b, a);
	buf_puts(&b, gen);
	for (size_t i = 0; i < KEPT_INTS; i++)
		buf_printf(&b, " %lld", (long long)*ints[i]);
	buf_printf(&b, " %.17g %.17g", *reals[0], *reals[1]);
	if (b.oom || db_begin_write(db) != DB_OK)
		return;
	st = db_stmt(db, STMT_analytics_snapshot_put);
	if (st != NULL) {
		db_bind_text(st, 1, key);
		db_bind_i64(st, 2, now);
		db_bind_text(st, 3, buf_cstr(&b));
	}
	if (st == NULL || db_run(st, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		log_warn("analytics: keeping the figures of %s failed", key);
	}
}

/*
 * The sectors, the Gini coefficient, the funnel and the time to the
 * first answer of the period.  For a period the job aggregated wholly
 * (no day of it counted from the rows) they are kept in
 * analytics_snapshots after the first view and read from there until the
 * job writes its days again (it forgets them) or the generation moves (a
 * year of the 100,000-idea city: about 0.4 s to count, then one row);
 * counted otherwise.  The weekly series are read every time (one query
 * of the days' totals: a ban shows at once).
 */
static int figures(struct db *db, struct arena *a, struct analytics_data *d,
		   const struct office_days_split *split, int64_t first, int64_t last, int64_t now)
{
	bool whole = split->head_to < first && split->raw_from > last &&
		     split->agg_from <= split->agg_to;
	const char *gen = whole ? kept_generation(db, a, split->agg_from, split->agg_to) : NULL;
	const char *key = gen ? arena_printf(a, "kept:%lld:%lld:%lld", (long long)d->challenge,
					     (long long)split->agg_from, (long long)split->agg_to)
			      : NULL;

	if (whole && key == NULL)
		return -1;
	if (key != NULL) {
		int rc = kept_get(db, key, gen, d);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	if (load_contributors(db, a, d, split) != 0 || load_funnel(db, d) != 0 ||
	    load_median_wait(db, d) != 0)
		return -1;
	if (key != NULL)
		kept_put(db, a, key, gen, d, now);
	return 0;
}

static int analytics_compute(struct db *db, struct arena *a, const struct office_period *p,
			     int64_t challenge, int64_t now, struct analytics_data *d)
{
	int pct[SECTOR__COUNT];
	struct office_days_split split;

	memset(d, 0, sizeof(*d));
	d->period = *p;
	d->challenge = challenge;
	d->from = civil_local_seconds(p->from_y, p->from_m, p->from_d, 0, 0);
	d->to = civil_local_seconds(p->to_y, p->to_m, p->to_d + 1, 0, 0);
	d->weeks = (size_t)((p->days + 6) / 7);
	d->week = arena_calloc(a, d->weeks, sizeof(*d->week));
	if (d->week == NULL)
		return -1;
	for (size_t w = 0; w < d->weeks; w++) {
		int64_t y;
		int m, day;
		civil_from_days(civil_days(p->from_y, p->from_m, p->from_d) + 7 * (int64_t)w, &y,
				&m, &day);
		d->week[w].start = civil_local_seconds(y, m, day, 0, 0);
	}
	int64_t first = civil_days(p->from_y, p->from_m, p->from_d);
	if (load_weeks(db, a, d, analytics_day_of(now), &split) ||
	    figures(db, a, d, &split, first, first + p->days - 1, now) ||
	    office_targets_load(db, a, pct))
		return -1;
	for (size_t w = 0; w < d->weeks; w++)
		d->week[w].contributions =
			d->week[w].ideas + d->week[w].comments + d->week[w].supports;
	for (int s = 0; s < SECTOR__COUNT; s++)
		d->target_pct[s] = pct[s];
	d->balance_active = office_balance_ratio(d->active, d->target_pct);
	d->balance_contributions = office_balance_ratio(d->contributions, d->target_pct);
	return 0;
}

/* "0,83" in German, "0.83" in English; NULL for no data (< 0). */
static const char *decimal(struct arena *a, enum lang lang, double v, int places)
{
	if (v < 0)
		return NULL;
	char *s = arena_printf(a, "%.*f", places, v);
	if (s != NULL && lang == LANG_DE)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

static int64_t percent(int64_t part, int64_t whole)
{
	return whole > 0 ? (part * 100 + whole / 2) / whole : 0;
}

/* The day of t in the platform's time zone. */
static void today(int64_t t, int64_t *y, int *m, int *d)
{
	struct civil_time c;
	if (civil_local(t, &c)) {
		*y = c.year, *m = c.month, *d = c.day;
	} else {
		civil_from_days(t / 86400, y, m, d);
	}
}

/* The filter's values, checked; false when the answer (422 or 404) was sent. */
struct analytics_query {
	const char *from, *to, *challenge_in;
	struct office_period period;
	int64_t challenge;
	struct field_problem problems[3];
	size_t n;
};

static void read_query(struct http_request *req, struct app_ctx *ctx, struct analytics_query *q)
{
	int64_t y;
	int m, d;

	memset(q, 0, sizeof(*q));
	q->from = http_query(req, "from") ? http_query(req, "from") : "";
	q->to = http_query(req, "to") ? http_query(req, "to") : "";
	q->challenge_in = http_query(req, "challenge") ? http_query(req, "challenge") : "";
	today(ctx->now, &y, &m, &d);
	q->n = office_period_check(q->from, q->to, (int)y, m, d, &q->period, q->problems);
	if (q->challenge_in[0] != '\0' && !app_parse_id(q->challenge_in, &q->challenge))
		q->problems[q->n++] =
			(struct field_problem){"challenge", N_("Choose one of the challenges.")};
}

static bool may_see(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_BACK_OFFICE),
			   N_("Only the Innovation Office can open the back office."));
}

static void fill_charts(struct http_request *req, struct app_ctx *ctx,
			const struct analytics_data *d, struct analytics_view *v)
{
	int64_t active = 0, contributions = 0;

	for (int s = 0; s < SECTOR__COUNT; s++) {
		active += d->active[s];
		contributions += d->contributions[s];
	}
	v->active = active;
	v->contributions = contributions;
	v->balance_active = decimal(&req->arena, ctx->lang, d->balance_active, 2);
	v->balance_contributions = decimal(&req->arena, ctx->lang, d->balance_contributions, 2);
	v->gini = d->gini >= 0 && contributions > 0 ? decimal(&req->arena, ctx->lang, d->gini, 2)
						    : NULL;
	v->median_days = decimal(&req->arena, ctx->lang,
				 d->median_wait < 0 ? -1 : d->median_wait / 86400.0, 1);
	v->answered = d->answered;
	v->helix = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v->helix));
	for (int s = 0; v->helix != NULL && s < SECTOR__COUNT; s++) {
		struct helix_row *h = &v->helix[v->helix_count++];
		h->label = tr(ctx->lang, sector_table[s].label);
		h->active = d->active[s];
		h->active_pct = percent(d->active[s], active);
		h->contributions = d->contributions[s];
		h->contributions_pct = percent(d->contributions[s], contributions);
		h->target_pct = (int64_t)d->target_pct[s];
		h->y = 5 + s * BAR_STEP;
		h->width = h->active_pct * BAR_CHART_W / 100;
		h->target_x = h->target_pct * BAR_CHART_W / 100;
	}
	v->weeks = d->week;
	v->weeks_count = d->weeks;
	for (size_t w = 0; w < d->weeks; w++)
		if (d->week[w].contributions > v->weeks_max)
			v->weeks_max = d->week[w].contributions;
	for (size_t w = 0; w < d->weeks; w++) {
		struct week_row *r = &d->week[w];
		r->height = v->weeks_max > 0 ? r->contributions * WEEK_CHART_H / v->weeks_max : 0;
		r->x = (int64_t)w * (WEEK_BAR + WEEK_GAP);
		r->y = WEEK_CHART_H - r->height;
	}
	v->weeks_width = (int64_t)d->weeks * (WEEK_BAR + WEEK_GAP);
	v->funnel = arena_calloc(&req->arena, OFFICE_FUNNEL_STAGES, sizeof(*v->funnel));
	for (int r = 0; v->funnel != NULL && r < OFFICE_FUNNEL_STAGES; r++) {
		struct funnel_row *f = &v->funnel[v->funnel_count++];
		f->label = tr(ctx->lang, funnel_labels[r]);
		f->reached = d->reached[r];
		f->pct = percent(d->reached[r], d->reached[0]);
		f->y = 5 + r * BAR_STEP;
		f->width = f->pct * BAR_CHART_W / 100;
	}
}

static int load_challenges(struct http_request *req, struct app_ctx *ctx, int64_t chosen,
			   struct analytics_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_analytics_challenges);
	int rc;

	v->challenges = arena_calloc(&req->arena, CHALLENGE_CHOICES, sizeof(*v->challenges));
	if (st == NULL || v->challenges == NULL)
		return -1;
	db_bind_i64(st, 1, CHALLENGE_CHOICES);
	while ((rc = db_step(st)) == DB_ROW && v->challenges_count < CHALLENGE_CHOICES) {
		struct field_option *o = &v->challenges[v->challenges_count++];
		int64_t id = db_col_i64(st, 0);
		o->value = arena_printf(&req->arena, "%lld", (long long)id);
		o->label = db_col_dup(st, 1, &req->arena);
		o->selected = id == chosen;
		if (o->selected)
			v->challenge_title = o->label;
	}
	db_reset(st);
	if (v->challenges_count == 0)
		v->challenges = NULL;
	return rc < 0 ? -1 : 0;
}

/* The chosen challenge exists (1), not (0), or the store failed (-1). */
static int challenge_exists(struct app_ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_analytics_challenge);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

static int analytics_get(struct app_ctx *ctx, struct arena *a, const struct analytics_query *q,
			 struct analytics_data *d, json_t **json, int64_t *computed_at);

void admin_analytics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct analytics_view v;
	struct analytics_query q;
	struct analytics_data d;

	if (!may_see(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	read_query(req, ctx, &q);
	v.nav = office_nav(req, ctx, "/admin/analytics");
	v.can_set_targets = role_can(ctx->user->role, PERM_MANAGE_CONTENT);
	v.dates.from = q.from;
	v.dates.to = q.to;
	if (q.n == 0 && q.challenge != 0) {
		int found = challenge_exists(ctx, q.challenge);
		if (!app_found(req, resp, found, N_("There is no such challenge.")))
			return;
	}
	if (load_challenges(req, ctx, q.challenge, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Analytics"), "/admin");
	if (q.n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, q.problems, q.n);
		v.problem_list.errors_count = q.n;
		v.dates.from_error = app_problem_for(ctx->lang, q.problems, q.n, "from");
		v.dates.to_error = app_problem_for(ctx->lang, q.problems, q.n, "to");
		v.challenge_error = app_problem_for(ctx->lang, q.problems, q.n, "challenge");
		struct tpl_out out = app_html(req, resp, 422);
		tpl_admin_analytics(&out, &v);
		return;
	}
	if (analytics_get(ctx, &req->arena, &q, &d, NULL, &v.computed_at) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.days = q.period.days;
	/* The fields show the period shown, the default one too. */
	v.dates.from = arena_printf(&req->arena, "%04d-%02d-%02d", q.period.from_y, q.period.from_m,
				    q.period.from_d);
	v.dates.to = arena_printf(&req->arena, "%04d-%02d-%02d", q.period.to_y, q.period.to_m,
				  q.period.to_d);
	fill_charts(req, ctx, &d, &v);
	const char *qs = arena_printf(
		&req->arena, "from=%04d-%02d-%02d&to=%04d-%02d-%02d%s%s", q.period.from_y,
		q.period.from_m, q.period.from_d, q.period.to_y, q.period.to_m, q.period.to_d,
		q.challenge ? "&challenge=" : "", q.challenge ? q.challenge_in : "");
	v.json_href = arena_printf(&req->arena, "/api/v1/analytics?%s", qs);
	v.csv_href = arena_printf(&req->arena, "/admin/analytics.csv?%s", qs);
	v.json_file_href = arena_printf(&req->arena, "/admin/analytics.json?%s", qs);
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_analytics(&out, &v);
}

static json_t *date_json(struct arena *a, int y, int m, int d)
{
	const char *s = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return s ? json_string(s) : json_null();
}

static json_t *ratio_json(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

/* The figures as the API's JSON (openapi.json: Analytics). */
static json_t *analytics_json(struct arena *a, const struct analytics_data *d)
{
	static const char *const stage_ids[OFFICE_FUNNEL_STAGES] = {
		"submitted", "in_review", "shortlisted", "selected", "piloting", "implemented"};
	const struct office_period *p = &d->period;
	json_t *weeks = json_array(), *sectors = json_array(), *funnel = json_array();

	for (size_t w = 0; w < d->weeks; w++) {
		struct civil_time c;
		if (!civil_local(d->week[w].start, &c))
			civil_utc(d->week[w].start, &c);
		json_array_append_new(weeks,
				      json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "start",
						date_json(a, (int)c.year, c.month, c.day),
						"accounts", (json_int_t)d->week[w].accounts,
						"ideas", (json_int_t)d->week[w].ideas, "comments",
						(json_int_t)d->week[w].comments, "supports",
						(json_int_t)d->week[w].supports, "registrations",
						(json_int_t)d->week[w].registrations));
	}
	for (int s = 0; s < SECTOR__COUNT; s++)
		json_array_append_new(sectors, json_pack("{s:s, s:I, s:I, s:f}", "sector",
							 sector_table[s].id, "active",
							 (json_int_t)d->active[s], "contributions",
							 (json_int_t)d->contributions[s],
							 "target_share", d->target_pct[s] / 100.0));
	for (int r = 0; r < OFFICE_FUNNEL_STAGES; r++)
		json_array_append_new(funnel, json_pack("{s:s, s:I}", "status", stage_ids[r],
							"reached", (json_int_t)d->reached[r]));
	return json_pack("{s:{s:o, s:o, s:I}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:o}}",
			 "period", "from", date_json(a, p->from_y, p->from_m, p->from_d), "to",
			 date_json(a, p->to_y, p->to_m, p->to_d), "days", (json_int_t)p->days,
			 "challenge", d->challenge ? json_integer(d->challenge) : json_null(),
			 "weeks", weeks, "sectors", sectors, "balance_ratio_active",
			 ratio_json(d->balance_active), "balance_ratio_contributions",
			 ratio_json(d->balance_contributions), "gini", ratio_json(d->gini),
			 "funnel", funnel, "first_answer", "ideas_answered",
			 (json_int_t)d->answered, "median_seconds",
			 d->median_wait < 0 ? json_null() : json_real(d->median_wait));
}

/* ---- the snapshot of the default view ---- */

/* The default view's period for the day of t: the last 84 days. */
static void default_period(int64_t t, struct office_period *p)
{
	struct field_problem none[2];
	int64_t y;
	int m, d;

	today(t, &y, &m, &d);
	(void)office_period_check(NULL, NULL, (int)y, m, d, p, none);
}

static bool same_period(const struct office_period *a, const struct office_period *b)
{
	return a->from_y == b->from_y && a->from_m == b->from_m && a->from_d == b->from_d &&
	       a->to_y == b->to_y && a->to_m == b->to_m && a->to_d == b->to_d;
}

static const char *snapshot_key(struct arena *a, const struct office_period *p)
{
	return arena_printf(a, "platform:%04d-%02d-%02d:%04d-%02d-%02d", p->from_y, p->from_m,
			    p->from_d, p->to_y, p->to_m, p->to_d);
}

static double number_or_none(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : -1;
}

/* The figures back from the snapshot's JSON; -1 when it does not read. */
static int analytics_from_json(struct arena *a, const json_t *j, struct analytics_data *d)
{
	const json_t *weeks = json_object_get(j, "weeks"), *sectors = json_object_get(j, "sectors");
	const json_t *funnel = json_object_get(j, "funnel"),
		     *answer = json_object_get(j, "first_answer");

	if (!json_is_array(weeks) || json_array_size(sectors) != SECTOR__COUNT ||
	    json_array_size(funnel) != OFFICE_FUNNEL_STAGES || !json_is_object(answer) ||
	    json_array_size(weeks) != d->weeks)
		return -1;
	d->week = arena_calloc(a, d->weeks ? d->weeks : 1, sizeof(*d->week));
	if (d->week == NULL)
		return -1;
	int64_t first = civil_days(d->period.from_y, d->period.from_m, d->period.from_d);
	for (size_t w = 0; w < d->weeks; w++) {
		const json_t *o = json_array_get(weeks, w);
		struct week_row *r = &d->week[w];
		int64_t y;
		int m, day;
		civil_from_days(first + 7 * (int64_t)w, &y, &m, &day);
		r->start = civil_local_seconds(y, m, day, 0, 0);
		r->accounts = json_integer_value(json_object_get(o, "accounts"));
		r->ideas = json_integer_value(json_object_get(o, "ideas"));
		r->comments = json_integer_value(json_object_get(o, "comments"));
		r->supports = json_integer_value(json_object_get(o, "supports"));
		r->registrations = json_integer_value(json_object_get(o, "registrations"));
		r->contributions = r->ideas + r->comments + r->supports;
	}
	for (int s = 0; s < SECTOR__COUNT; s++) {
		const json_t *o = json_array_get(sectors, (size_t)s);
		d->active[s] = json_integer_value(json_object_get(o, "active"));
		d->contributions[s] = json_integer_value(json_object_get(o, "contributions"));
		d->target_pct[s] = number_or_none(json_object_get(o, "target_share")) * 100.0;
	}
	for (int r = 0; r < OFFICE_FUNNEL_STAGES; r++)
		d->reached[r] = json_integer_value(
			json_object_get(json_array_get(funnel, (size_t)r), "reached"));
	d->balance_active = number_or_none(json_object_get(j, "balance_ratio_active"));
	d->balance_contributions =
		number_or_none(json_object_get(j, "balance_ratio_contributions"));
	d->gini = number_or_none(json_object_get(j, "gini"));
	d->answered = json_integer_value(json_object_get(answer, "ideas_answered"));
	d->median_wait = number_or_none(json_object_get(answer, "median_seconds"));
	return 0;
}

/*
 * The snapshot of period p, if the job made one: 1 with its JSON in *out
 * (the caller's reference) and when it was computed, 0 when there is
 * none, -1 on a store error.
 */
static int snapshot_get(struct db *db, struct arena *a, const struct office_period *p, json_t **out,
			int64_t *computed_at)
{
	struct db_stmt *st = db_stmt(db, STMT_analytics_snapshot_get);
	const char *key = snapshot_key(a, p);

	*out = NULL;
	if (st == NULL || key == NULL)
		return -1;
	db_bind_text(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*computed_at = db_col_i64(st, 0);
		*out = json_loads(db_col_text(st, 1), 0, NULL);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return *out != NULL ? 1 : 0;
}

/*
 * The figures of the query: from the snapshot for the default view when
 * there is one (*computed_at set), computed otherwise (*computed_at 0).
 * With want_json, *json holds them as JSON too.
 */
static int analytics_get(struct app_ctx *ctx, struct arena *a, const struct analytics_query *q,
			 struct analytics_data *d, json_t **json, int64_t *computed_at)
{
	struct office_period def;

	*computed_at = 0;
	if (json)
		*json = NULL;
	default_period(ctx->now, &def);
	if (q->challenge == 0 && same_period(&q->period, &def)) {
		json_t *j;
		int rc = snapshot_get(ctx->db, a, &q->period, &j, computed_at);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			memset(d, 0, sizeof(*d));
			d->period = q->period;
			d->weeks = (size_t)((q->period.days + 6) / 7);
			if (analytics_from_json(a, j, d) == 0) {
				if (json)
					*json = j;
				else
					json_decref(j);
				return 0;
			}
			json_decref(j);
			log_error("analytics: the snapshot does not read; computing instead");
		}
		*computed_at = 0;
	}
	if (analytics_compute(ctx->db, a, &q->period, q->challenge, ctx->now, d) != 0)
		return -1;
	if (json)
		*json = analytics_json(a, d);
	return 0;
}

int analytics_snapshot_job(struct db *db, const char *payload, int64_t now)
{
	struct analytics_data d;
	struct office_period p;
	struct arena a;
	int rc = -1;
	(void)payload;

	arena_init(&a);
	default_period(now, &p);
	json_t *j = NULL;
	char *body = NULL;
	const char *key = snapshot_key(&a, &p);
	if (key == NULL || analytics_compute(db, &a, &p, 0, now, &d) != 0)
		goto out;
	j = analytics_json(&a, &d);
	body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (body == NULL || db_begin_write(db) != DB_OK)
		goto out;
	struct db_stmt *st = db_stmt(db, STMT_analytics_snapshot_put);
	if (st != NULL) {
		db_bind_text(st, 1, key);
		db_bind_i64(st, 2, now);
		db_bind_text(st, 3, body);
	}
	struct db_stmt *old =
		st && db_run(st, NULL) >= 0 ? db_stmt(db, STMT_analytics_snapshot_purge) : NULL;
	if (old != NULL)
		db_bind_i64(old, 1, now - 2 * 86400);
	if (old == NULL || db_run(old, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(body);
	json_decref(j);
	arena_free(&a);
	return rc;
}

void api_analytics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct analytics_query q;
	struct analytics_data d;
	json_t *j;
	int64_t computed_at;

	if (!may_see(req, resp, ctx))
		return;
	read_query(req, ctx, &q);
	if (q.n > 0) {
		app_json_error(resp, 422, "invalid", tr(ctx->lang, q.problems[0].message), NULL);
		return;
	}
	if (q.challenge != 0 && !app_found(req, resp, challenge_exists(ctx, q.challenge),
					   N_("There is no such challenge.")))
		return;
	if (analytics_get(ctx, &req->arena, &q, &d, &j, &computed_at) != 0 || j == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_json(resp, 200, j, NULL, 0, "no-store");
}

/*
 * /admin/analytics.csv and .json: the figures of the query the page
 * shows (the same parameters), for the office's researchers without a
 * token.  The CSV holds the weeks (RFC 4180, a header row); the JSON is
 * the API's document with the sectors, the balance, the funnel.  Small
 * (a row a week, two years at most), so built whole, not streamed.
 */
void admin_analytics_export(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	struct analytics_query q;
	struct analytics_data d;
	json_t *j = NULL;
	int64_t computed_at;
	bool csv = strcmp(strrchr(req->path, '.'), ".csv") == 0; /* else .json: the routes */

	if (!may_see(req, resp, ctx))
		return;
	read_query(req, ctx, &q);
	if (q.n > 0) {
		app_error(req, resp, 422, q.problems[0].message);
		return;
	}
	if (q.challenge != 0 && !app_found(req, resp, challenge_exists(ctx, q.challenge),
					   N_("There is no such challenge.")))
		return;
	if (analytics_get(ctx, &req->arena, &q, &d, csv ? NULL : &j, &computed_at) != 0 ||
	    (!csv && j == NULL) ||
	    app_audit(ctx, csv ? "export.csv" : "export.json", "analytics",
		      arena_printf(&req->arena, "%04d-%02d-%02d..%04d-%02d-%02d challenge %lld",
				   q.period.from_y, q.period.from_m, q.period.from_d, q.period.to_y,
				   q.period.to_m, q.period.to_d, (long long)q.challenge)) != 0) {
		json_decref(j);
		app_error(req, resp, 503, NULL);
		return;
	}
	http_add_header(resp, "Content-Disposition",
			csv ? "attachment; filename=\"oic-analytics.csv\""
			    : "attachment; filename=\"oic-analytics.json\"");
	if (!csv) {
		app_json(resp, 200, j, NULL, 0, "no-store");
		return;
	}
	static const char *const head[] = {"week_start", "new_accounts", "ideas",
					   "comments",	 "supports",	 "event_registrations"};
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_text(&resp->body, head[i], i == 0);
	csv_end_row(&resp->body);
	for (size_t w = 0; w < d.weeks; w++) {
		const struct week_row *r = &d.week[w];
		struct civil_time c = {0};
		(void)civil_local(r->start, &c);
		csv_text(&resp->body,
			 arena_printf(&req->arena, "%04lld-%02d-%02d", (long long)c.year, c.month,
				      c.day),
			 true);
		csv_int(&resp->body, r->accounts, false);
		csv_int(&resp->body, r->ideas, false);
		csv_int(&resp->body, r->comments, false);
		csv_int(&resp->body, r->supports, false);
		csv_int(&resp->body, r->registrations, false);
		csv_end_row(&resp->body);
	}
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8; header=present";
	http_add_header(resp, "Cache-Control", "no-store");
}
