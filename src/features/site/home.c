/*
 * home.c - the home page: open challenges, upcoming events, partner
 * cities and the figures, in five queries whatever the size of the city.
 *
 * The figures are counts over whole tables (accounts, per sector too):
 * their cost grows with the city - about 4 ms of CPU at 50,000 accounts
 * on SQLite, which capped the page at ~570 requests/s in `make bench`.
 * They change slowly, so each node keeps them for FIGURES_TTL_S seconds
 * and most requests run three queries.
 */
#include <pthread.h>
#include <string.h>

#include "features/events/events.h"
#include "app/sector.h"
#include "templates.h"
#include "app/app.h"

enum { HOME_CHALLENGES = 6, HOME_EVENTS = 4, HOME_PARTNERS = 8, FIGURES_TTL_S = 30 };

static int load_challenges(struct http_request *req, struct app_ctx *ctx, struct home_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_home_challenges);
	int rc;

	v->open_challenges =
		arena_calloc(&req->arena, HOME_CHALLENGES, sizeof(*v->open_challenges));
	if (st == NULL || v->open_challenges == NULL)
		return -1;
	db_bind_i64(st, 1, HOME_CHALLENGES);
	while ((rc = db_step(st)) == DB_ROW && v->open_challenges_count < HOME_CHALLENGES) {
		struct challenge_card *c = &v->open_challenges[v->open_challenges_count++];
		c->id = db_col_i64(st, 0);
		c->title = db_col_dup(st, 1, &req->arena);
		c->summary = db_col_dup(st, 2, &req->arena);
		c->has_deadline = !db_col_null(st, 4);
		c->deadline = db_col_i64(st, 4);
		c->ideas = db_col_i64(st, 5);
		c->lang = db_col_dup(st, 6, &req->arena);
		c->sponsor = db_col_dup(st, 7, &req->arena);
		c->cover_id = db_col_null(st, 8) ? 0 : db_col_i64(st, 8);
		c->sponsor_id = db_col_null(st, 9) ? 0 : db_col_i64(st, 9);
		c->sponsor_verified = db_col_i64(st, 10) != 0;
	}
	db_reset(st);
	if (v->open_challenges_count == 0)
		v->open_challenges = NULL;
	return rc < 0 ? -1 : 0;
}

static int load_events(struct http_request *req, struct app_ctx *ctx, struct home_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_home_events);
	int rc;

	v->events = arena_calloc(&req->arena, HOME_EVENTS, sizeof(*v->events));
	if (st == NULL || v->events == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->now);
	db_bind_i64(st, 2, HOME_EVENTS);
	while ((rc = db_step(st)) == DB_ROW && v->events_count < HOME_EVENTS) {
		struct event_card *e = &v->events[v->events_count++];
		e->id = db_col_i64(st, 0);
		e->title = db_col_dup(st, 1, &req->arena);
		e->summary = db_col_dup(st, 2, &req->arena);
		e->kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3)));
		e->starts_at = db_col_i64(st, 4);
		e->location = db_col_dup(st, 6, &req->arena);
		e->lang = db_col_dup(st, 7, &req->arena);
	}
	db_reset(st);
	if (v->events_count == 0)
		v->events = NULL;
	return rc < 0 ? -1 : 0;
}

static int load_partners(struct http_request *req, struct app_ctx *ctx, struct home_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_home_partners);
	int rc;

	v->partner_list = arena_calloc(&req->arena, HOME_PARTNERS, sizeof(*v->partner_list));
	if (st == NULL || v->partner_list == NULL)
		return -1;
	db_bind_i64(st, 1, HOME_PARTNERS);
	while ((rc = db_step(st)) == DB_ROW && v->partner_list_count < HOME_PARTNERS) {
		struct partner_card *p = &v->partner_list[v->partner_list_count++];
		p->name = db_col_dup(st, 1, &req->arena);
		p->country = db_col_dup(st, 2, &req->arena);
		p->kind = tr(ctx->lang,
			     strcmp(db_col_text(st, 3), "region") == 0 ? N_("region") : N_("city"));
		p->since_text = db_col_dup(st, 4, &req->arena);
		p->lang = db_col_dup(st, 5, &req->arena);
	}
	db_reset(st);
	if (v->partner_list_count == 0)
		v->partner_list = NULL;
	return rc < 0 ? -1 : 0;
}

struct home_figures {
	int64_t accounts, organisations, challenges, ideas, partners;
	int64_t per_sector[SECTOR__COUNT];
};

/* The figures of this node, and when they were counted (0: never). */
static pthread_mutex_t figures_lock = PTHREAD_MUTEX_INITIALIZER;
static struct home_figures figures_cached;
static int64_t figures_at;
static bool figures_counting;

static int count_figures(struct app_ctx *ctx, struct home_figures *f)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_home_figures);
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		f->accounts = db_col_i64(st, 0);
		f->organisations = db_col_i64(st, 1);
		f->challenges = db_col_i64(st, 2);
		f->ideas = db_col_i64(st, 3);
		f->partners = db_col_i64(st, 4);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_home_sectors);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		enum sector s;
		if (sector_parse(db_col_text(st, 0), &s))
			f->per_sector[s] = db_col_i64(st, 1);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * The figures, counted at most every FIGURES_TTL_S seconds per node: one
 * request counts them again while the others keep showing the last count.
 */
static int get_figures(struct app_ctx *ctx, struct home_figures *f)
{
	pthread_mutex_lock(&figures_lock);
	bool fresh = figures_at != 0 && ctx->now - figures_at < FIGURES_TTL_S;
	bool count = !fresh && (!figures_counting || figures_at == 0);
	if (count)
		figures_counting = true;
	else
		*f = figures_cached;
	pthread_mutex_unlock(&figures_lock);
	if (!count)
		return 0;
	int rc = count_figures(ctx, f);
	pthread_mutex_lock(&figures_lock);
	figures_counting = false;
	if (rc == 0) {
		figures_cached = *f;
		figures_at = ctx->now;
	}
	pthread_mutex_unlock(&figures_lock);
	return rc;
}

static int load_figures(struct http_request *req, struct app_ctx *ctx, struct home_view *v)
{
	struct home_figures f;
	int64_t *per_sector = f.per_sector;

	if (get_figures(ctx, &f) != 0)
		return -1;
	v->accounts = f.accounts;
	v->organisations = f.organisations;
	v->challenges = f.challenges;
	v->ideas = f.ideas;
	v->partners = f.partners;
	int64_t total = 0;
	for (int i = 0; i < SECTOR__COUNT; i++)
		total += per_sector[i];
	v->sectors = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v->sectors));
	if (v->sectors == NULL)
		return -1;
	for (int i = 0; i < SECTOR__COUNT; i++) {
		struct sector_bar *b = &v->sectors[i];
		b->label = tr(ctx->lang, sector_table[i].label);
		b->count = per_sector[i];
		b->percent = total ? (per_sector[i] * 100 + total / 2) / total : 0;
		b->width = arena_printf(&req->arena, "%lld%%", (long long)b->percent);
		b->y = arena_printf(&req->arena, "%d", 4 + i * 33);
	}
	v->sectors_count = SECTOR__COUNT;
	return 0;
}

void home_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct home_view v;

	memset(&v, 0, sizeof(v));
	if (load_challenges(req, ctx, &v) != 0 || load_events(req, ctx, &v) != 0 ||
	    load_partners(req, ctx, &v) != 0 || load_figures(req, ctx, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Home"), "/");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_home(&out, &v);
}
