/*
 * challenges.c - challenges: the list with filters, the challenge page
 * with its timeline, brief, ideas and discussion, the admins' forms to
 * create and edit challenges and to change a phase by hand, following,
 * and the scheduler that moves phases on their dates.
 *
 * Drafts exist only for those who manage challenges: anyone else gets a
 * 404, as if they were not there.  Every page is a fixed number of
 * queries: the list three, the challenge page six or seven.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/text.h"
#include "app/sector.h"
#include "store/jobq.h"
#include "templates.h"
#include "view/markdown.h"
#include "features/funnel/attachments.h"
#include "features/funnel/internal.h"
#include "features/actors/actors.h"
#include "features/matching/matching.h"

enum { SPONSOR_OPTIONS = 200 };

/* Dates of a challenge row, in the order of the columns that hold them. */
static const enum challenge_phase dated_phases[] = {
	PHASE_OPEN, PHASE_EVALUATION, PHASE_DECIDED, PHASE_IMPLEMENTATION, PHASE_CLOSED,
};
enum { DATED_PHASES = sizeof(dated_phases) / sizeof(dated_phases[0]) };

static int64_t col_time(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? 0 : db_col_i64(st, col);
}

static void bind_time(struct db_stmt *st, int idx, int64_t t)
{
	if (t != 0)
		db_bind_i64(st, idx, t);
	else
		db_bind_null(st, idx);
}

/* ---- the list ---- */

static bool manages(const struct app_ctx *ctx)
{
	return funnel_may(app_role(ctx), FUNNEL_MANAGE_CHALLENGES);
}

/* "&name=value" for a filter that is set, URL-encoded. */
static const char *query_part(struct arena *a, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return "";
	const char *enc = text_url_encode(a, value);
	return enc ? arena_printf(a, "&%s=%s", name, enc) : "";
}

void challenges_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct challenges_view v;
	struct funnel_topic *topics;
	size_t topic_n = 0;
	enum challenge_phase phase;
	enum sector sector;
	int rc;

	memset(&v, 0, sizeof(v));
	v.can_manage = manages(ctx);
	const char *phase_in = http_query(req, "phase");
	const char *topic_in = http_query(req, "topic");
	const char *sector_in = http_query(req, "sector");
	const char *order_in = http_query(req, "order");
	bool by_deadline = order_in != NULL && strcmp(order_in, "deadline") == 0;
	bool has_phase = phase_parse(phase_in, &phase) && (phase != PHASE_DRAFT || v.can_manage);
	bool has_sector = sector_parse(sector_in, &sector);
	struct app_cursor cur;
	app_cursor_parse(http_query(req, "after"), false, &cur);

	if (funnel_topics_load(req, ctx, STMT_topic_all, 0, &topics, &topic_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *topic = NULL;
	for (size_t i = 0; topic_in != NULL && i < topic_n; i++)
		if (strcmp(topics[i].slug, topic_in) == 0)
			topic = topics[i].slug;

	/* Filter choices, each with "any" first. */
	v.phases = arena_calloc(&req->arena, PHASE__COUNT + 1, sizeof(*v.phases));
	v.topics = arena_calloc(&req->arena, topic_n + 1, sizeof(*v.topics));
	v.sectors = arena_calloc(&req->arena, SECTOR__COUNT + 1, sizeof(*v.sectors));
	v.orders = arena_calloc(&req->arena, 2, sizeof(*v.orders));
	v.items = arena_calloc(&req->arena, FUNNEL_PAGE_CHALLENGES, sizeof(*v.items));
	if (v.phases == NULL || v.topics == NULL || v.sectors == NULL || v.orders == NULL ||
	    v.items == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	v.phases[v.phases_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All phases")), !has_phase};
	for (int i = 0; i < PHASE__COUNT; i++)
		if (i != PHASE_DRAFT || v.can_manage)
			v.phases[v.phases_count++] = (struct field_option){
				phase_table[i].id, tr(ctx->lang, phase_table[i].label),
				has_phase && phase == (enum challenge_phase)i};
	v.topics[v.topics_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All topics")), topic == NULL};
	for (size_t i = 0; i < topic_n; i++)
		v.topics[v.topics_count++] = (struct field_option){topics[i].slug, topics[i].name,
								   topic == topics[i].slug};
	v.sectors[v.sectors_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All sectors")), !has_sector};
	for (int i = 0; i < SECTOR__COUNT; i++)
		v.sectors[v.sectors_count++] = (struct field_option){
			sector_table[i].id, tr(ctx->lang, sector_table[i].label),
			has_sector && sector == (enum sector)i};
	v.orders[v.orders_count++] =
		(struct field_option){"new", tr(ctx->lang, N_("Newest first")), !by_deadline};
	v.orders[v.orders_count++] = (struct field_option){
		"deadline", tr(ctx->lang, N_("Deadline soonest")), by_deadline};
	v.filtered = has_phase || has_sector || topic != NULL;

	struct db_stmt *st = db_stmt(ctx->db, by_deadline ? STMT_challenge_list_deadline
							  : STMT_challenge_list_new);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, v.can_manage ? 1 : 0);
	db_bind_text(st, 2, has_phase ? phase_table[phase].id : "");
	db_bind_i64(st, 3, has_sector ? (int64_t)1 << sector : 0);
	db_bind_text(st, 4, topic ? topic : "");
	if (by_deadline) {
		db_bind_i64(st, 5, cur.set ? cur.key : INT64_MIN);
		db_bind_i64(st, 6, cur.set ? cur.id : 0);
	} else {
		db_bind_i64(st, 5, cur.set ? cur.key : INT64_MAX);
		db_bind_i64(st, 6, cur.set ? cur.id : INT64_MAX);
	}
	db_bind_i64(st, 7, FUNNEL_PAGE_CHALLENGES + 1);
	int64_t last_key = 0, last_id = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.items_count == FUNNEL_PAGE_CHALLENGES) {
			more = true;
			break;
		}
		struct challenge_item *c = &v.items[v.items_count++];
		enum challenge_phase p = PHASE_DRAFT;
		c->id = db_col_i64(st, 0);
		c->title = db_col_dup(st, 1, &req->arena);
		c->summary = db_col_dup(st, 2, &req->arena);
		phase_parse(db_col_text(st, 3), &p);
		c->phase_id = phase_table[p].id;
		c->phase = tr(ctx->lang, phase_table[p].label);
		c->is_draft = p == PHASE_DRAFT;
		c->has_deadline = !db_col_null(st, 4);
		c->deadline = col_time(st, 4);
		c->ideas = db_col_i64(st, 5);
		c->lang = db_col_dup(st, 6, &req->arena);
		c->sponsor = db_col_null(st, 7) ? NULL : db_col_dup(st, 7, &req->arena);
		c->cover_id = col_time(st, 9);
		c->sponsor_id = col_time(st, 10);
		c->sponsor_verified = db_col_i64(st, 11) != 0;
		last_id = c->id;
		last_key = by_deadline ? (c->has_deadline ? c->deadline : INT64_MAX)
				       : db_col_i64(st, 8);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *filters =
		arena_printf(&req->arena, "%s%s%s%s",
			     query_part(&req->arena, "phase", has_phase ? phase_in : NULL),
			     query_part(&req->arena, "topic", topic),
			     query_part(&req->arena, "sector", has_sector ? sector_in : NULL),
			     by_deadline ? "&order=deadline" : "");
	if (more)
		v.next_href = arena_printf(&req->arena, "/challenges?after=%s%s",
					   app_cursor_i64(&req->arena, last_key, last_id),
					   filters ? filters : "");
	if (cur.set)
		v.first_href = arena_printf(&req->arena, "/challenges?%s",
					    filters && filters[0] ? filters + 1 : "");
	if (v.items_count == 0)
		v.items = NULL;
	app_layout(req, resp, &v.layout, N_("Challenges"), "/challenges");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_challenge_list(&out, &v);
}

/* ---- the challenge page ---- */

/* A loaded challenge row (challenge_get). */
struct challenge_row {
	int64_t id;
	const char *title, *summary, *brief, *lang, *sponsor, *cover_alt;
	enum challenge_phase phase;
	unsigned sectors;
	struct challenge_schedule schedule;
	int64_t ideas, limit, comments, followers, created, sponsor_id, used, cover_id;
	bool following, sponsor_verified;
};

/* 1 found, 0 not found, -1 store error. */
static int load_challenge(struct http_request *req, struct app_ctx *ctx, int64_t id,
			  struct challenge_row *c)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_challenge_get);
	if (st == NULL)
		return -1;
	memset(c, 0, sizeof(*c));
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, app_user_id(ctx));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		c->id = id;
		c->title = db_col_dup(st, 1, &req->arena);
		c->summary = db_col_dup(st, 2, &req->arena);
		c->brief = db_col_dup(st, 3, &req->arena);
		if (!phase_parse(db_col_text(st, 4), &c->phase))
			c->phase = PHASE_DRAFT;
		c->sectors = (unsigned)db_col_i64(st, 5);
		c->schedule.deadline = col_time(st, 6);
		c->lang = db_col_dup(st, 7, &req->arena);
		c->ideas = db_col_i64(st, 8);
		for (int i = 0; i < DATED_PHASES; i++)
			c->schedule.starts[dated_phases[i]] = col_time(st, 9 + i);
		c->limit = col_time(st, 14);
		c->comments = db_col_i64(st, 15);
		c->followers = db_col_i64(st, 16);
		c->created = db_col_i64(st, 17);
		c->sponsor_id = col_time(st, 18);
		c->sponsor = db_col_null(st, 19) ? NULL : db_col_dup(st, 19, &req->arena);
		c->following = db_col_i64(st, 20) != 0;
		c->used = db_col_i64(st, 21);
		c->cover_id = col_time(st, 22);
		c->cover_alt = db_col_dup(st, 23, &req->arena);
		c->sponsor_verified = db_col_i64(st, 24) != 0;
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/*
 * The challenge of the route, visible to this viewer; answers 404 or 503
 * itself and returns false when there is none.
 */
static bool challenge_of_route(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx, int64_t id, struct challenge_row *c)
{
	int found = load_challenge(req, ctx, id, c);
	if (found < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	if (found == 0 || !challenge_visible(c->phase, app_role(ctx))) {
		app_error(req, resp, 404, N_("This challenge does not exist."));
		return false;
	}
	return true;
}

/*
 * The events that belong to the challenge (the events feature links
 * them), the latest 20 by start: one query; 0, or -1 on a store error.
 */
static int challenge_events_load(struct http_request *req, struct app_ctx *ctx, int64_t id,
				 struct challenge_view *v)
{
	enum { CHALLENGE_EVENTS = 20 };
	struct db_stmt *st = db_stmt(ctx->db, STMT_challenge_events);
	int rc;

	v->events = arena_calloc(&req->arena, CHALLENGE_EVENTS, sizeof(*v->events));
	if (st == NULL || v->events == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW && v->events_count < CHALLENGE_EVENTS) {
		struct challenge_event *e = &v->events[v->events_count++];
		e->id = db_col_i64(st, 0);
		e->title = db_col_dup(st, 1, &req->arena);
		e->lang = db_col_dup(st, 2, &req->arena);
		e->starts_at = db_col_i64(st, 3);
		e->cancelled = db_col_i64(st, 4) != 0;
	}
	db_reset(st);
	if (v->events_count == 0)
		v->events = NULL;
	return rc < 0 ? -1 : 0;
}

void challenge_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      int64_t id, int status, const struct comment_problem *problem)
{
	struct challenge_view v;
	struct challenge_row c;
	struct funnel_topic *topics;
	size_t topic_n = 0;

	if (!challenge_of_route(req, resp, ctx, id, &c))
		return;
	memset(&v, 0, sizeof(v));
	v.id = c.id;
	v.title = c.title;
	v.summary = c.summary;
	v.lang = c.lang;
	v.brief = markdown_render(&req->arena, c.brief, 3);
	v.sponsor = c.sponsor;
	v.sponsor_id = c.sponsor_id;
	v.sponsor_verified = c.sponsor_verified;
	v.phase = tr(ctx->lang, phase_table[c.phase].label);
	v.phase_id = phase_table[c.phase].id;
	v.is_draft = c.phase == PHASE_DRAFT;
	v.deadline = c.schedule.deadline;
	v.has_deadline = c.schedule.deadline != 0;
	v.ideas_total = c.ideas;
	v.followers = c.followers;
	v.logged_in = ctx->user != NULL;
	v.following = c.following;
	v.csrf = ctx->user != NULL ? app_csrf(req, resp) : NULL;
	v.accepts_ideas = challenge_accepts_ideas(c.phase, c.schedule.deadline, ctx->now);
	v.has_limit = c.limit > 0;
	v.limit = c.limit;
	v.used = c.used;
	v.can_manage = manages(ctx);
	v.cover_id = c.cover_id;
	v.cover_alt = c.cover_alt;

	v.sectors = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v.sectors));
	v.phases = arena_calloc(&req->arena, PHASE__COUNT, sizeof(*v.phases));
	v.phase_options = arena_calloc(&req->arena, PHASE__COUNT, sizeof(*v.phase_options));
	if (v.sectors == NULL || v.phases == NULL || v.phase_options == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (int i = 0; i < SECTOR__COUNT; i++)
		if (c.sectors & (1u << i))
			v.sectors[v.sectors_count++].name = tr(ctx->lang, sector_table[i].label);
	for (int p = v.is_draft ? PHASE_DRAFT : PHASE_OPEN; p < PHASE__COUNT; p++) {
		struct phase_row *r = &v.phases[v.phases_count++];
		r->label = tr(ctx->lang, phase_table[p].label);
		r->at = challenge_phase_start(&c.schedule, (enum challenge_phase)p);
		r->has_at = r->at != 0;
		r->current = p == (int)c.phase ? "step" : NULL;
		r->done = p < (int)c.phase;
	}
	for (int p = 0; p < PHASE__COUNT; p++)
		v.phase_options[v.phase_options_count++] = (struct field_option){
			phase_table[p].id, tr(ctx->lang, phase_table[p].label), p == (int)c.phase};

	if (funnel_topics_load(req, ctx, STMT_topic_of_challenge, id, &topics, &topic_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.topics = funnel_topic_chips(req, topics, topic_n);
	v.topics_count = topic_n;
	if (challenge_events_load(req, ctx, id, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *path = arena_printf(&req->arena, "/challenges/%lld", (long long)id);
	v.ideas.empty = tr(ctx->lang, v.accepts_ideas ? N_("No ideas yet. Be the first!")
						      : N_("This challenge has no ideas."));
	if (path == NULL || ideas_list_load(req, resp, ctx, id, path, &v.ideas) != 0 ||
	    comments_load(req, ctx, COMMENT_ON_CHALLENGE, id, path, NULL, problem, &v.comments) !=
		    0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.comments.total = c.comments;
	if (c.phase == PHASE_OPEN &&
	    matching_challenge_section(req, resp, ctx, id, actor_competence_label_of, &v.matches) !=
		    0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Challenge"), "/challenges");
	v.layout.title = c.title;
	struct tpl_out out = app_html(req, resp, status);
	tpl_challenge_page(&out, &v);
}

void challenge_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	challenge_render(req, resp, ctx, req->params[0], 200, NULL);
}

void challenge_follow(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct challenge_row c;
	bool following;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (!challenge_of_route(req, resp, ctx, req->params[0], &c))
		return;
	if (funnel_follow_toggle(ctx, "challenge", c.id, &following) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, arena_printf(&req->arena, "/challenges/%lld", (long long)c.id));
}

/* ---- the admins' forms ---- */

/*
 * A datetime-local value ("2026-03-01T09:00", seconds optional) as Unix
 * seconds, read as Berlin time (the server runs with TZ=Europe/Berlin).
 * "" is 0 (no date); -1 for anything that is not a real date.
 */
static int parse_local_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0;
	size_t n = s ? strlen(s) : 0;

	*out = 0;
	if (n == 0)
		return 0;
	int got = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec);
	if (!((got == 5 && n == 16) || (got == 6 && n == 19)))
		return -1;
	if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 59 || h < 0 || mi < 0 || sec < 0)
		return -1;
	struct tm tm = {.tm_year = y - 1900,
			.tm_mon = mo - 1,
			.tm_mday = d,
			.tm_hour = h,
			.tm_min = mi,
			.tm_sec = sec,
			.tm_isdst = -1};
	time_t t = mktime(&tm);
	/* mktime normalises 31 February into March: refuse that. */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

static const char *format_local_time(struct arena *a, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == 0 || localtime_r(&tt, &tm) == NULL)
		return NULL;
	if (tm.tm_sec != 0)
		return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
				    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			    tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* The date fields of the form, in phase order, then the deadline. */
static const struct {
	const char *name;
	const char *label;
} date_fields[] = {
	{"opens_at", N_("Open for ideas from")},
	{"deadline", N_("Ideas until (deadline)")},
	{"evaluation_at", N_("Evaluation from (empty: at the deadline)")},
	{"decided_at", N_("Decided from")},
	{"implementation_at", N_("Implementation from")},
	{"closed_at", N_("Closed from")},
};
enum { DATE_FIELDS = sizeof(date_fields) / sizeof(date_fields[0]) };

static int64_t *schedule_slot(struct challenge_schedule *s, const char *name)
{
	if (strcmp(name, "deadline") == 0)
		return &s->deadline;
	for (int p = PHASE_OPEN; p < PHASE__COUNT; p++)
		if (strcmp(phase_table[p].date_field, name) == 0)
			return &s->starts[p];
	return NULL;
}

/* What the challenge form shows and sends. */
struct challenge_form_state {
	const char *title, *summary, *brief, *limit, *lang;
	int64_t sponsor_id;
	unsigned sectors;
	const int64_t *topics;
	size_t topics_n;
	const char *dates[DATE_FIELDS]; /* as typed */
	struct cover_state cover;
};

static void render_challenge_form(struct http_request *req, struct http_response *resp,
				  struct app_ctx *ctx, int64_t id,
				  const struct challenge_form_state *f,
				  const struct field_problem *problems, size_t n, int status)
{
	struct challenge_form_view v;
	struct funnel_topic *topics;
	size_t topic_n = 0;
	int rc;

	memset(&v, 0, sizeof(v));
	v.id = id;
	v.csrf = app_csrf(req, resp);
	v.action = id ? arena_printf(&req->arena, "/challenges/%lld/edit", (long long)id)
		      : "/challenges/new";
	v.heading = tr(ctx->lang, id ? N_("Edit challenge") : N_("New challenge"));
	v.title = f->title;
	v.summary = f->summary;
	v.brief = f->brief;
	v.supports_per_user = f->limit;
	v.problem_list.errors = n ? app_form_errors(req, ctx->lang, problems, n) : NULL;
	v.problem_list.errors_count = n;
	v.title_error = app_problem_for(ctx->lang, problems, n, "title");
	v.summary_error = app_problem_for(ctx->lang, problems, n, "summary");
	v.brief_error = app_problem_for(ctx->lang, problems, n, "brief");
	v.sponsor_error = app_problem_for(ctx->lang, problems, n, "sponsor");
	v.sectors_error = app_problem_for(ctx->lang, problems, n, "sectors");
	v.supports_error = app_problem_for(ctx->lang, problems, n, "supports_per_user");
	v.cover_id = f->cover.id;
	v.cover_alt = f->cover.alt;
	v.cover_decorative = f->cover.decorative;
	v.cover_error = app_problem_for(ctx->lang, problems, n, "cover");
	v.cover_alt_error = app_problem_for(ctx->lang, problems, n, "cover_alt");
	/* The summary links to the first sector box, which has the id. */
	for (size_t i = 0; v.problem_list.errors && i < n; i++)
		if (strcmp(v.problem_list.errors[i].field, "sectors") == 0)
			v.problem_list.errors[i].field = "sector-government";

	v.dates = arena_calloc(&req->arena, DATE_FIELDS, sizeof(*v.dates));
	v.sponsors = arena_calloc(&req->arena, SPONSOR_OPTIONS + 1, sizeof(*v.sponsors));
	v.sectors = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v.sectors));
	v.langs = app_lang_options(&req->arena, f->lang);
	v.langs_count = LANG__MAX;
	if (v.dates == NULL || v.sponsors == NULL || v.sectors == NULL || v.langs == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (int i = 0; i < DATE_FIELDS; i++) {
		struct date_field *d = &v.dates[v.dates_count++];
		d->name = date_fields[i].name;
		d->label = tr(ctx->lang, date_fields[i].label);
		d->value = f->dates[i];
		d->error = app_problem_for(ctx->lang, problems, n, d->name);
	}
	for (int i = 0; i < SECTOR__COUNT; i++)
		v.sectors[v.sectors_count++] = (struct check_option){
			arena_printf(&req->arena, "sector-%s", sector_table[i].id),
			sector_table[i].id, tr(ctx->lang, sector_table[i].label),
			(f->sectors & (1u << i)) != 0};

	v.sponsors[v.sponsors_count++] =
		(struct field_option){"", tr(ctx->lang, N_("No sponsor")), f->sponsor_id == 0};
	struct db_stmt *st = db_stmt(ctx->db, STMT_challenge_sponsor_options);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, SPONSOR_OPTIONS);
	while ((rc = db_step(st)) == DB_ROW && v.sponsors_count <= SPONSOR_OPTIONS) {
		int64_t oid = db_col_i64(st, 0);
		v.sponsors[v.sponsors_count++] =
			(struct field_option){arena_printf(&req->arena, "%lld", (long long)oid),
					      db_col_dup(st, 1, &req->arena), oid == f->sponsor_id};
	}
	db_reset(st);
	if (rc < 0 || funnel_topics_load(req, ctx, STMT_topic_all, 0, &topics, &topic_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.topics = funnel_topic_checks(req, topics, topic_n, f->topics, f->topics_n);
	v.topics_count = topic_n;
	app_layout(req, resp, &v.layout, id ? N_("Edit challenge") : N_("New challenge"),
		   "/challenges");
	struct tpl_out out = app_html(req, resp, status);
	tpl_challenge_form(&out, &v);
}

/* Only managers; answers the request itself and returns false otherwise. */
static bool require_manager(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, manages(ctx),
			   N_("Only the Innovation Office can create and change challenges."));
}

void challenge_new_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct challenge_form_state f;

	if (!require_manager(req, resp, ctx))
		return;
	memset(&f, 0, sizeof(f));
	f.lang = i18n_code(ctx->lang);
	f.sectors = (1u << SECTOR__COUNT) - 1;
	render_challenge_form(req, resp, ctx, 0, &f, NULL, 0, 200);
}

void challenge_edit_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct challenge_form_state f;
	struct challenge_row c;
	struct funnel_topic *topics;
	size_t topic_n = 0;

	if (!require_manager(req, resp, ctx) ||
	    !challenge_of_route(req, resp, ctx, req->params[0], &c))
		return;
	if (funnel_topics_load(req, ctx, STMT_topic_of_challenge, c.id, &topics, &topic_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	int64_t *ids = arena_calloc(&req->arena, topic_n ? topic_n : 1, sizeof(*ids));
	if (ids == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (size_t i = 0; i < topic_n; i++)
		ids[i] = topics[i].id;
	memset(&f, 0, sizeof(f));
	f.title = c.title;
	f.summary = c.summary;
	f.brief = c.brief;
	f.limit = c.limit ? arena_printf(&req->arena, "%lld", (long long)c.limit) : NULL;
	f.lang = c.lang;
	f.sponsor_id = c.sponsor_id;
	f.sectors = c.sectors;
	f.topics = ids;
	f.topics_n = topic_n;
	f.cover.id = c.cover_id;
	f.cover.alt = c.cover_alt;
	f.cover.decorative = c.cover_id != 0 && (c.cover_alt == NULL || c.cover_alt[0] == '\0');
	for (int i = 0; i < DATE_FIELDS; i++)
		f.dates[i] = format_local_time(&req->arena,
					       *schedule_slot(&c.schedule, date_fields[i].name));
	render_challenge_form(req, resp, ctx, c.id, &f, NULL, 0, 200);
}

int funnel_phases_schedule(struct db *db, struct arena *a, int64_t at)
{
	if (at <= 0)
		return DB_OK;
	/* One pending run per moment is enough, however many challenges share it. */
	const char *key = arena_printf(a, "funnel.phases@%lld", (long long)at);
	if (key == NULL)
		return DB_ERROR;
	return jobq_enqueue(db, "funnel.phases", "", at, key) < 0 ? DB_ERROR : DB_OK;
}

/* Create (id 0) or update a challenge from the form. */
static void challenge_save(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id)
{
	struct challenge_form_state f;
	struct challenge_input in;
	struct challenge_fields ok;
	struct field_problem problems[FUNNEL_MAX_PROBLEMS + DATE_FIELDS + 4];
	const char *values[SECTOR__COUNT + FUNNEL_MAX_TOPICS];
	int64_t topic_ids[FUNNEL_MAX_TOPICS];
	enum challenge_phase phase = PHASE_DRAFT;
	struct challenge_row c;
	size_t n = 0;

	memset(&f, 0, sizeof(f));
	memset(&in, 0, sizeof(in));
	if (id != 0) {
		if (!challenge_of_route(req, resp, ctx, id, &c))
			return;
		phase = c.phase;
	}
	f.title = in.title = http_form(req, "title");
	f.summary = in.summary = http_form(req, "summary");
	f.brief = in.brief = http_form(req, "brief");
	f.limit = in.supports_per_user = http_form(req, "supports_per_user");
	f.lang = http_form(req, "lang");
	enum lang content_lang;
	if (f.lang == NULL || !i18n_lang_from_code(f.lang, strlen(f.lang), &content_lang))
		f.lang = i18n_code(ctx->lang);
	const char *sponsor = http_form(req, "sponsor");
	bool sponsor_bad =
		sponsor != NULL && sponsor[0] != '\0' && !app_parse_id(sponsor, &f.sponsor_id);
	size_t sv = app_form_all(req, "sectors", values, SECTOR__COUNT + 4);
	for (size_t i = 0; i < sv; i++) {
		enum sector s;
		if (sector_parse(values[i], &s))
			f.sectors |= 1u << s;
	}
	in.sectors = f.sectors;
	size_t tv = app_form_all(req, "topics", values, FUNNEL_MAX_TOPICS);
	for (size_t i = 0; i < tv; i++)
		if (app_parse_id(values[i], &topic_ids[f.topics_n]))
			f.topics_n++;
	f.topics = topic_ids;
	for (int i = 0; i < DATE_FIELDS; i++) {
		f.dates[i] = http_form(req, date_fields[i].name);
		if (parse_local_time(f.dates[i],
				     schedule_slot(&in.schedule, date_fields[i].name)) != 0) {
			problems[n].field = date_fields[i].name;
			problems[n].message = N_("Enter a date and time like 2026-03-01T09:00.");
			n++;
		}
	}
	/* Unreadable dates count as empty for the remaining checks. */
	n += challenge_check(&req->arena, &in, &ok, problems + n);
	if (sponsor_bad) {
		problems[n].field = "sponsor";
		problems[n].message = N_("Choose one of the offered organisations.");
		n++;
	}
	/* The cover last: a stored picture survives corrections as cover_id. */
	if (covers_from_form(req, ctx, &f.cover, problems, &n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		render_challenge_form(req, resp, ctx, id, &f, problems, n, 422);
		return;
	}

	/* Dates that have passed take effect at once; the next one is queued. */
	phase = challenge_phase_due(phase, &in.schedule, ctx->now);
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, id ? STMT_challenge_update : STMT_challenge_create);
	if (st == NULL)
		goto fail_tx;
	int k = 1;
	if (id)
		db_bind_i64(st, k++, id);
	db_bind_text(st, k++, ok.title);
	db_bind_text(st, k++, ok.summary);
	db_bind_text(st, k++, ok.brief);
	bind_time(st, k++, f.sponsor_id);
	db_bind_text(st, k++, phase_table[phase].id);
	db_bind_i64(st, k++, f.sectors);
	bind_time(st, k++, in.schedule.deadline);
	db_bind_text(st, k++, f.lang);
	db_bind_i64(st, k++, ctx->now);
	for (int i = 0; i < DATED_PHASES; i++)
		bind_time(st, k++, in.schedule.starts[dated_phases[i]]);
	bind_time(st, k++, ok.supports_per_user);
	int64_t new_id = 0;
	int rc = db_run(st, &new_id);
	if (rc == DB_CONSTRAINT) {
		db_rollback(ctx->db);
		problems[0].field = "sponsor";
		problems[0].message = N_("Choose one of the offered organisations.");
		render_challenge_form(req, resp, ctx, id, &f, problems, 1, 422);
		return;
	}
	if (rc < 0)
		goto fail_tx;
	if (id == 0)
		id = new_id;
	if (covers_save(ctx->db, id, &f.cover) != DB_OK)
		goto fail_tx;
	st = db_stmt(ctx->db, STMT_challenge_topic_clear);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	for (size_t i = 0; i < f.topics_n; i++) {
		st = db_stmt(ctx->db, STMT_challenge_topic_add);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, topic_ids[i]);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
	}
	if (funnel_phases_schedule(ctx->db, &req->arena,
				   challenge_next_change(phase, &in.schedule, ctx->now)) != DB_OK)
		goto fail_tx;
	char *subject = arena_printf(&req->arena, "challenge:%lld", (long long)id);
	if (app_audit(ctx, new_id ? "challenge.create" : "challenge.update", subject ? subject : "",
		      phase_table[phase].id) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/challenges/%lld", (long long)id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("saving challenge %lld failed: %s", (long long)id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void challenge_create(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (require_manager(req, resp, ctx))
		challenge_save(req, resp, ctx, 0);
}

void challenge_update(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (require_manager(req, resp, ctx))
		challenge_save(req, resp, ctx, req->params[0]);
}

void challenge_set_phase(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct challenge_row c;
	enum challenge_phase target;

	if (!require_manager(req, resp, ctx) ||
	    !challenge_of_route(req, resp, ctx, req->params[0], &c))
		return;
	if (!phase_parse(http_form(req, "phase"), &target)) {
		app_error(req, resp, 422, N_("Choose one of the offered phases."));
		return;
	}
	challenge_set_phase_by_hand(&c.schedule, target, ctx->now);
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_challenge_set_phase);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, c.id);
	db_bind_text(st, 2, phase_table[target].id);
	db_bind_i64(st, 3, ctx->now);
	for (int i = 0; i < DATED_PHASES; i++)
		bind_time(st, 4 + i, c.schedule.starts[dated_phases[i]]);
	bind_time(st, 9, c.schedule.deadline);
	if (db_run(st, NULL) < 0 ||
	    funnel_phases_schedule(ctx->db, &req->arena,
				   challenge_next_change(target, &c.schedule, ctx->now)) != DB_OK)
		goto fail_tx;
	char *subject = arena_printf(&req->arena, "challenge:%lld", (long long)c.id);
	if (app_audit_change(ctx, "challenge.phase", subject ? subject : "", "",
			     phase_table[c.phase].id, phase_table[target].id) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/challenges/%lld", (long long)c.id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

/* ---- the scheduler ---- */

enum { PHASE_BATCH = 100 };

/*
 * One batch of due challenges after id *after: advance each (compare and
 * set on the old phase, so that two nodes never fight), and queue a run
 * at its next date so it is on time then too.  Returns 1 when there may
 * be more, 0 when done, -1 on a store error.
 */
static int phases_batch(struct db *db, struct arena *a, int64_t now, int64_t *after)
{
	int64_t ids[PHASE_BATCH], next[PHASE_BATCH];
	enum challenge_phase from[PHASE_BATCH], to[PHASE_BATCH];
	size_t n = 0, rows = 0;
	struct db_stmt *st = db_stmt(db, STMT_challenge_phase_candidates);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, now);
	db_bind_i64(st, 2, *after);
	db_bind_i64(st, 3, PHASE_BATCH);
	while ((rc = db_step(st)) == DB_ROW) {
		struct challenge_schedule s = {0};
		enum challenge_phase p;
		rows++;
		*after = db_col_i64(st, 0);
		if (!phase_parse(db_col_text(st, 1), &p))
			continue;
		for (int i = 0; i < DATED_PHASES; i++)
			s.starts[dated_phases[i]] = col_time(st, 2 + i);
		s.deadline = col_time(st, 7);
		enum challenge_phase due = challenge_phase_due(p, &s, now);
		if (due != p) {
			ids[n] = *after;
			from[n] = p;
			to[n] = due;
			next[n] = challenge_next_change(due, &s, now);
			n++;
		}
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		st = db_stmt(db, STMT_challenge_phase_advance);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, ids[i]);
		db_bind_text(st, 2, phase_table[to[i]].id);
		db_bind_i64(st, 3, now);
		db_bind_text(st, 4, phase_table[from[i]].id);
		if (db_run(st, NULL) < 0)
			return -1;
		log_info("challenge %lld: %s -> %s", (long long)ids[i], phase_table[from[i]].id,
			 phase_table[to[i]].id);
		if (funnel_phases_schedule(db, a, next[i]) != DB_OK)
			log_warn("cannot schedule the next phase of challenge %lld",
				 (long long)ids[i]);
	}
	return rows == PHASE_BATCH;
}

int funnel_phases_job(struct db *db, const char *payload, int64_t now)
{
	int64_t after = 0;
	struct arena a;
	int rc;
	(void)payload;

	arena_init(&a);
	while ((rc = phases_batch(db, &a, now, &after)) == 1)
		;
	arena_free(&a);
	return rc < 0 ? -1 : 0;
}
