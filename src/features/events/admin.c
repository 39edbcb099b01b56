/*
 * admin.c - events in the back office: /admin/events lists every event
 * (upcoming and running, past, or all; by kind, organiser and a title
 * search; keyset pages of OFFICE_PAGE), /admin/events/new and
 * /admin/events/{id}/edit create and edit one, and
 * /admin/events/{id}/registrations lists who holds a place and who waits
 * (keyset pages, and the whole list as CSV, streamed).  Administrators
 * (event_office_may: PERM_MANAGE_CONTENT), checked here on every
 * request; e-mail addresses only for those who may see accounts
 * (event_shows_email), as /admin/accounts.
 *
 * The pages are part of the back office (office_nav, features/office/
 * office.h) but live here, next to the tables they change and the
 * registration rules they keep: an organiser's own tools (issue 12) can
 * share the registrations list.
 *
 * A change is one transaction: the event row locked, the organiser
 * checked, the row written, the waitlist moved up into places a higher
 * capacity frees (each person notified, as when someone cancels), and
 * the audit row (event.create, event.edit with the changed fields before
 * and after).  A capacity below the places already taken is refused
 * (event_capacity_problem): nobody who holds a place loses it.  Bad
 * input is a 422 at its field, nothing changed.  The POST succeeds, so
 * app.c empties the page cache: the public pages and calendars show
 * the new times at once.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/civil.h"
#include "base/csv.h"
#include "base/log.h"
#include "base/text.h"
#include "features/events/rules.h"
#include "features/events/waitlist.h"
#include "features/office/office.h"
#include "features/organisations/organisations.h"
#include "app/json.h"

enum {
	ORGANISER_OPTIONS = 500,      /* organisations the form and the filter offer */
	CHALLENGE_OPTIONS = 500,      /* challenges the form offers (the event's own first) */
	REGISTRATIONS_CSV_PAGE = 1000 /* rows per piece of the CSV */
};

static bool may_manage(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx, ctx->user != NULL && event_office_may(ctx->user->role),
			   N_("Only administrators can manage events."));
}

/* The city's local time (serve sets TZ) of a date and time of the form. */
static int64_t local_time(const struct event_local *l)
{
	return civil_local_seconds(l->year, l->month, l->day, l->hour, l->minute);
}

/* t as the form's date ("2026-03-01") and time ("09:30") in the city's zone. */
static void local_fields(struct arena *a, int64_t t, const char **date, const char **time)
{
	struct civil_time c;

	*date = *time = NULL;
	if (!civil_local(t, &c))
		return;
	*date = arena_printf(a, "%04lld-%02d-%02d", (long long)c.year, c.month, c.day);
	*time = arena_printf(a, "%02d:%02d", c.hour, c.minute);
}

/*
 * The organisations to choose from, by name, after `first` (an "any" or
 * "none" option with label first_label); selected: the id chosen (0:
 * the first option).  An organiser beyond the first ORGANISER_OPTIONS is
 * offered too, so saving the form never drops it.  -1 on a store error.
 */
static int organiser_options(struct http_request *req, struct app_ctx *ctx, const char *first_label,
			     int64_t selected, struct field_option **out, size_t *count)
{
	struct field_option *o = arena_calloc(&req->arena, ORGANISER_OPTIONS + 2, sizeof(*o));
	struct db_stmt *st = db_stmt(ctx->db, STMT_org_options);
	bool seen = selected == 0;
	int rc;

	*out = o;
	*count = 0;
	if (o == NULL || st == NULL)
		return -1;
	o[(*count)++] = (struct field_option){"", tr(ctx->lang, first_label), selected == 0};
	db_bind_i64(st, 1, ORGANISER_OPTIONS);
	while ((rc = db_step(st)) == DB_ROW && *count <= ORGANISER_OPTIONS) {
		int64_t id = db_col_i64(st, 0);
		seen = seen || id == selected;
		o[(*count)++] =
			(struct field_option){arena_printf(&req->arena, "%lld", (long long)id),
					      db_col_dup(st, 1, &req->arena), id == selected};
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!seen) {
		struct org_row r;
		int found = org_load(ctx->db, &req->arena, selected, false, &r);
		if (found < 0)
			return -1;
		if (found > 0)
			o[(*count)++] = (struct field_option){
				arena_printf(&req->arena, "%lld", (long long)selected), r.name,
				true};
	}
	return 0;
}

/* ---- the list ---- */

/* The list's filters as the query gave them. */
struct list_filters {
	enum event_when when;
	const char *kind;  /* a kind id, "" for any */
	int64_t organiser; /* 0 for any */
	const char *query; /* trimmed, "" for none */
	const char *organiser_text;
};

/* "when=past&kind=&organiser=&q=..&" for page links, in the arena. */
static const char *filters_query(struct http_request *req, const struct list_filters *f)
{
	return arena_printf(&req->arena, "when=%s&kind=%s&organiser=%s&q=%s&",
			    event_when_table[f->when].id, f->kind,
			    f->organiser ? f->organiser_text : "",
			    text_url_encode(&req->arena, f->query));
}

static int list_options(struct http_request *req, struct app_ctx *ctx, struct admin_events_view *v,
			const struct list_filters *f)
{
	v->whens = arena_calloc(&req->arena, EVENT_WHEN__COUNT, sizeof(*v->whens));
	v->kinds = arena_calloc(&req->arena, EVENT_KIND__COUNT + 1, sizeof(*v->kinds));
	if (v->whens == NULL || v->kinds == NULL)
		return -1;
	for (int i = 0; i < EVENT_WHEN__COUNT; i++)
		v->whens[v->whens_count++] = (struct field_option){
			event_when_table[i].id, tr(ctx->lang, event_when_table[i].label),
			(int)f->when == i};
	v->kinds[v->kinds_count++] =
		(struct field_option){"", tr(ctx->lang, N_("Any kind")), f->kind[0] == '\0'};
	for (int i = 0; i < EVENT_KIND__COUNT; i++)
		v->kinds[v->kinds_count++] = (struct field_option){
			event_kind_table[i].id, tr(ctx->lang, event_kind_table[i].label),
			strcmp(f->kind, event_kind_table[i].id) == 0};
	return organiser_options(req, ctx, N_("Any organiser"), f->organiser, &v->organisers,
				 &v->organisers_count);
}

static int list_rows(struct http_request *req, struct app_ctx *ctx, struct admin_events_view *v,
		     const struct list_filters *f, const struct app_cursor *cur)
{
	static const enum stmt_id stmts[EVENT_WHEN__COUNT] = {
		[EVENT_WHEN_UPCOMING] = STMT_event_office_upcoming,
		[EVENT_WHEN_PAST] = STMT_event_office_past,
		[EVENT_WHEN_ALL] = STMT_event_office_all,
	};
	bool ascending = f->when == EVENT_WHEN_UPCOMING;
	const char *pattern = f->query[0] ? office_like_pattern(&req->arena, f->query) : "";
	struct db_stmt *st = db_stmt(ctx->db, stmts[f->when]);
	int rc;

	v->rows = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v->rows));
	if (st == NULL || v->rows == NULL || pattern == NULL)
		return -1;
	db_bind_text(st, 1, f->kind);
	db_bind_i64(st, 2, f->organiser);
	db_bind_text(st, 3, pattern);
	db_bind_i64(st, 4, ctx->now);
	db_bind_i64(st, 5, cur->set ? cur->key : ascending ? INT64_MIN : INT64_MAX);
	db_bind_i64(st, 6, cur->set ? cur->id : ascending ? 0 : INT64_MAX);
	db_bind_i64(st, 7, OFFICE_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->rows_count == OFFICE_PAGE) {
			more = true;
			break;
		}
		struct admin_event_row *r = &v->rows[v->rows_count++];
		r->id = db_col_i64(st, 0);
		r->title = db_col_dup(st, 1, &req->arena);
		r->lang = db_col_dup(st, 2, &req->arena);
		r->kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3)));
		r->starts_at = db_col_i64(st, 4);
		r->ends_at = db_col_i64(st, 5);
		r->location = db_col_dup(st, 6, &req->arena);
		r->has_capacity = !db_col_null(st, 7);
		r->capacity = db_col_i64(st, 7);
		r->registered = db_col_i64(st, 8);
		r->waitlist = db_col_i64(st, 9);
		r->organiser_id = db_col_i64(st, 10);
		r->organiser = r->organiser_id ? db_col_dup(st, 11, &req->arena) : NULL;
		r->organiser_verified = db_col_i64(st, 12) != 0;
		r->edit_href =
			arena_printf(&req->arena, "/admin/events/%lld/edit", (long long)r->id);
		r->registrations_href = arena_printf(
			&req->arena, "/admin/events/%lld/registrations", (long long)r->id);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (v->rows_count == 0)
		v->rows = NULL;
	const char *query = filters_query(req, f);
	if (more) {
		const struct admin_event_row *last = &v->rows[v->rows_count - 1];
		v->pager.next_href =
			arena_printf(&req->arena, "/admin/events?%safter=%s", query,
				     app_cursor_i64(&req->arena, last->starts_at, last->id));
	}
	if (cur->set)
		v->pager.first_href = arena_printf(&req->arena, "/admin/events?%s", query);
	return 0;
}

void admin_events(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	static const char *const captions[EVENT_WHEN__COUNT] = {
		[EVENT_WHEN_UPCOMING] = N_("Upcoming and running events, soonest first"),
		[EVENT_WHEN_PAST] = N_("Past events, latest first"),
		[EVENT_WHEN_ALL] = N_("All events, latest start first"),
	};
	struct admin_events_view v;
	struct list_filters f;
	struct office_account_filter q;
	struct field_problem problems[2];
	struct app_cursor cur;
	enum event_kind kind;

	if (!may_manage(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	memset(&f, 0, sizeof(f));
	const char *after = http_query(req, "after");
	app_cursor_parse(after, false, &cur);
	f.kind = http_query(req, "kind") ? http_query(req, "kind") : "";
	f.organiser_text = http_query(req, "organiser") ? http_query(req, "organiser") : "";
	/* The filters offer only these: anything else is a forged or broken link. */
	if (!event_when_parse(http_query(req, "when"), &f.when) ||
	    (f.kind[0] != '\0' && !event_kind_parse(f.kind, &kind)) ||
	    (f.organiser_text[0] != '\0' && !app_parse_id(f.organiser_text, &f.organiser)) ||
	    (after != NULL && !cur.set)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	size_t n =
		office_account_filter_check(&req->arena, http_query(req, "q"), NULL, &q, problems);
	f.query = n > 0 ? "" : q.query;
	v.q = http_query(req, "q");
	v.nav = office_nav(req, ctx, "/admin/events");
	v.caption = tr(ctx->lang, captions[f.when]);
	if (list_options(req, ctx, &v, &f) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, problems, n);
		v.problem_list.errors_count = n;
		v.q_error = app_problem_for(ctx->lang, problems, n, "q");
	} else if (list_rows(req, ctx, &v, &f, &cur) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Events"), "/admin");
	struct tpl_out out = app_html(req, resp, n > 0 ? 422 : 200);
	tpl_admin_events(&out, &v);
}

/* ---- the form ---- */

/* What the form shows: as typed, or as stored. */
struct form_state {
	struct event_input in;
	const char *challenge_values[EVENT_CHALLENGES_MAX + 1];
	int64_t organiser_id;
	int64_t registered, waitlist;
};

/* The stored event as the form's state; strings in the arena. */
static void state_of(struct http_request *req, const struct event_fields *e, int64_t registered,
		     int64_t waitlist, struct form_state *f)
{
	memset(f, 0, sizeof(*f));
	f->in.title = e->title;
	f->in.summary = e->summary;
	f->in.kind = e->kind;
	local_fields(&req->arena, e->starts_at, &f->in.start_date, &f->in.start_time);
	local_fields(&req->arena, e->ends_at, &f->in.end_date, &f->in.end_time);
	f->in.location = e->location;
	f->in.capacity =
		e->has_capacity ? arena_printf(&req->arena, "%lld", (long long)e->capacity) : "";
	f->in.lang = e->lang;
	f->in.online_url = e->online_url;
	for (size_t i = 0; i < e->challenges_count; i++)
		f->challenge_values[i] =
			arena_printf(&req->arena, "%lld", (long long)e->challenge_ids[i]);
	f->in.challenges = f->challenge_values;
	f->in.challenges_count = e->challenges_count;
	f->organiser_id = e->organiser_id;
	f->registered = registered;
	f->waitlist = waitlist;
}

/* The posted form as its state (the organiser as chosen, when it reads as one). */
static void state_posted(struct http_request *req, struct form_state *f)
{
	static const struct {
		const char *name;
		size_t offset;
	} fields[] = {
		{"title", offsetof(struct event_input, title)},
		{"summary", offsetof(struct event_input, summary)},
		{"kind", offsetof(struct event_input, kind)},
		{"start_date", offsetof(struct event_input, start_date)},
		{"start_time", offsetof(struct event_input, start_time)},
		{"end_date", offsetof(struct event_input, end_date)},
		{"end_time", offsetof(struct event_input, end_time)},
		{"location", offsetof(struct event_input, location)},
		{"capacity", offsetof(struct event_input, capacity)},
		{"organiser", offsetof(struct event_input, organiser)},
		{"lang", offsetof(struct event_input, lang)},
		{"online_url", offsetof(struct event_input, online_url)},
	};
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		*(const char **)((char *)&f->in + fields[i].offset) =
			http_form(req, fields[i].name);
	f->in.challenges_count =
		app_form_all(req, "challenge", f->challenge_values, EVENT_CHALLENGES_MAX + 1);
	f->in.challenges = f->challenge_values;
	if (f->in.organiser == NULL || !app_parse_id(f->in.organiser, &f->organiser_id))
		f->organiser_id = 0;
}

/* The challenges to choose from; selected: those the form holds.  -1 on a store error. */
static int challenge_options(struct http_request *req, struct app_ctx *ctx, int64_t id,
			     const struct form_state *f, struct admin_event_form_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_challenge_options);
	int rc;

	v->challenges = arena_calloc(&req->arena, CHALLENGE_OPTIONS, sizeof(*v->challenges));
	if (st == NULL || v->challenges == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, CHALLENGE_OPTIONS);
	while ((rc = db_step(st)) == DB_ROW && v->challenges_count < CHALLENGE_OPTIONS) {
		const char *value = db_col_dup(st, 0, &req->arena);
		bool chosen = false;
		for (size_t i = 0; value != NULL && i < f->in.challenges_count; i++)
			chosen = chosen || (f->in.challenges[i] != NULL &&
					    strcmp(f->in.challenges[i], value) == 0);
		v->challenges[v->challenges_count++] =
			(struct field_option){value, db_col_dup(st, 1, &req->arena), chosen};
	}
	db_reset(st);
	if (v->challenges_count == 0)
		v->challenges = NULL;
	return rc < 0 ? -1 : 0;
}

static void form_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t id, int status, const struct form_state *f,
			const struct field_problem *p, size_t n)
{
	struct admin_event_form_view v;

	memset(&v, 0, sizeof(v));
	v.id = id;
	v.nav = office_nav(req, ctx, "/admin/events");
	v.csrf = app_csrf(req, resp);
	v.heading = tr(ctx->lang, id ? N_("Edit the event") : N_("New event"));
	v.action = id ? arena_printf(&req->arena, "/admin/events/%lld/edit", (long long)id)
		      : "/admin/events/new";
	v.title = f->in.title;
	v.summary = f->in.summary;
	v.location = f->in.location;
	v.capacity = f->in.capacity;
	v.online_url = f->in.online_url;
	v.start_date = f->in.start_date;
	v.start_time = f->in.start_time;
	v.end_date = f->in.end_date;
	v.end_time = f->in.end_time;
	v.registered = f->registered;
	v.waitlist = f->waitlist;
	v.kinds = arena_calloc(&req->arena, EVENT_KIND__COUNT, sizeof(*v.kinds));
	v.langs = app_lang_options(&req->arena, f->in.lang);
	v.langs_count = LANG__MAX;
	if (v.kinds == NULL || v.langs == NULL ||
	    organiser_options(req, ctx, N_("No organiser"), f->organiser_id, &v.organisers,
			      &v.organisers_count) != 0 ||
	    challenge_options(req, ctx, id, f, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	for (int i = 0; i < EVENT_KIND__COUNT; i++)
		v.kinds[v.kinds_count++] = (struct field_option){
			event_kind_table[i].id, tr(ctx->lang, event_kind_table[i].label),
			f->in.kind != NULL && strcmp(f->in.kind, event_kind_table[i].id) == 0};
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
		v.title_error = app_problem_for(ctx->lang, p, n, "title");
		v.summary_error = app_problem_for(ctx->lang, p, n, "summary");
		v.kind_error = app_problem_for(ctx->lang, p, n, "kind");
		v.start_date_error = app_problem_for(ctx->lang, p, n, "start_date");
		v.start_time_error = app_problem_for(ctx->lang, p, n, "start_time");
		v.end_date_error = app_problem_for(ctx->lang, p, n, "end_date");
		v.end_time_error = app_problem_for(ctx->lang, p, n, "end_time");
		v.location_error = app_problem_for(ctx->lang, p, n, "location");
		v.capacity_error = app_problem_for(ctx->lang, p, n, "capacity");
		v.organiser_error = app_problem_for(ctx->lang, p, n, "organiser");
		v.lang_error = app_problem_for(ctx->lang, p, n, "lang");
		v.online_url_error = app_problem_for(ctx->lang, p, n, "online_url");
		v.challenges_error = app_problem_for(ctx->lang, p, n, "challenges");
	} else {
		static const struct {
			const char *key, *msgid;
		} notices[] = {
			{"created", N_("The event is created and shown on the public pages.")},
			{"saved", N_("The event is saved. Its public page and calendar file show "
				     "the change.")},
			{"unchanged", N_("Nothing was changed.")},
		};
		const char *notice = http_query(req, "notice");
		for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
			if (strcmp(notice, notices[i].key) == 0)
				v.notice = tr(ctx->lang, notices[i].msgid);
	}
	if (id)
		v.history_href = arena_printf(&req->arena, "/admin/audit?subject=event%%3A%lld",
					      (long long)id);
	app_layout(req, resp, &v.layout, id ? N_("Edit the event") : N_("New event"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_event_form(&out, &v);
}

/*
 * Event id as the form edits it into *e (strings in a), with its places
 * taken and waiting; lock: in a write transaction, lock the row.  1
 * found, 0 not there, -1 store error.
 */
static int event_load(struct app_ctx *ctx, struct arena *a, int64_t id, bool lock,
		      struct event_fields *e, int64_t *registered, int64_t *waitlist)
{
	struct db_stmt *st =
		db_stmt(ctx->db, lock ? STMT_event_office_lock : STMT_event_office_get);

	memset(e, 0, sizeof(*e));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		e->title = db_col_dup(st, 1, a);
		e->summary = db_col_dup(st, 2, a);
		e->kind = db_col_dup(st, 3, a);
		e->starts_at = db_col_i64(st, 4);
		e->ends_at = db_col_i64(st, 5);
		e->location = db_col_dup(st, 6, a);
		e->has_capacity = !db_col_null(st, 7);
		e->capacity = db_col_i64(st, 7);
		e->organiser_id = db_col_i64(st, 8);
		e->lang = db_col_dup(st, 9, a);
		*registered = db_col_i64(st, 10);
		*waitlist = db_col_i64(st, 11);
		e->online_url = db_col_dup(st, 12, a);
	}
	db_reset(st);
	if (rc == DB_ROW && (e->title == NULL || e->summary == NULL || e->kind == NULL ||
			     e->location == NULL || e->lang == NULL || e->online_url == NULL))
		return -1;
	if (rc != DB_ROW)
		return rc < 0 ? -1 : 0;
	/* The challenges it belongs to. */
	const char *ids[EVENT_CHALLENGES_MAX];
	size_t n = 0;
	st = db_stmt(ctx->db, STMT_event_challenge_list);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW && n < EVENT_CHALLENGES_MAX)
		ids[n++] = db_col_dup(st, 0, a);
	db_reset(st);
	return rc < 0 || !event_challenges_set(a, ids, n, e) ? -1 : 1;
}

/*
 * Give event id the challenges of e (all of them replaced), in the
 * caller's transaction: 1 done, 0 when one of them is not there (the
 * caller rolls back and says so), -1 on a store error.
 */
static int challenges_write(struct app_ctx *ctx, int64_t id, const struct event_fields *e)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_challenges_clear);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_run(st, NULL) < 0)
		return -1;
	for (size_t i = 0; i < e->challenges_count; i++) {
		st = db_stmt(ctx->db, STMT_event_challenge_add);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		db_bind_i64(st, 2, e->challenge_ids[i]);
		if (db_run(st, NULL) < 0)
			return -1;
		if (db_changes(ctx->db) != 1)
			return 0;
	}
	return 1;
}

void admin_event_new(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct form_state f;

	if (!may_manage(req, resp, ctx))
		return;
	memset(&f, 0, sizeof(f));
	f.in.kind = event_kind_table[EVENT_WORKSHOP].id;
	f.in.lang = i18n_code(ctx->lang);
	form_render(req, resp, ctx, 0, 200, &f, NULL, 0);
}

void admin_event_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_fields e;
	struct form_state f;
	int64_t registered = 0, waitlist = 0;

	if (!may_manage(req, resp, ctx))
		return;
	if (!app_found(
		    req, resp,
		    event_load(ctx, &req->arena, req->params[0], false, &e, &registered, &waitlist),
		    N_("There is no such event.")))
		return;
	state_of(req, &e, registered, waitlist, &f);
	form_render(req, resp, ctx, req->params[0], 200, &f, NULL, 0);
}

static int bind_fields(struct db_stmt *st, int k, const struct event_fields *e, int64_t now)
{
	db_bind_text(st, k++, e->title);
	db_bind_text(st, k++, e->summary);
	db_bind_text(st, k++, e->kind);
	db_bind_i64(st, k++, e->starts_at);
	db_bind_i64(st, k++, e->ends_at);
	db_bind_text(st, k++, e->location);
	if (e->has_capacity)
		db_bind_i64(st, k++, e->capacity);
	else
		db_bind_null(st, k++);
	if (e->organiser_id)
		db_bind_i64(st, k++, e->organiser_id);
	else
		db_bind_null(st, k++);
	db_bind_text(st, k++, e->lang);
	db_bind_text(st, k++, e->online_url ? e->online_url : "");
	if (now)
		db_bind_i64(st, k++, now);
	return k;
}

/*
 * Create (id 0) or change event id from the posted form: checked, then
 * written with its audit row in one transaction; bad input is a 422 at
 * the field with nothing changed.
 */
static void event_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		       int64_t id)
{
	struct form_state f;
	struct event_fields e, before;
	struct field_problem problems[EVENT_FORM_PROBLEMS + 1];
	int64_t registered = 0, waitlist = 0;
	const char *was = NULL, *is = NULL;
	bool creating = id == 0;

	if (!may_manage(req, resp, ctx))
		return;
	memset(&before, 0, sizeof(before));
	state_posted(req, &f);
	size_t n = event_form_check(&req->arena, &f.in, local_time, &e, problems);
	if (e.organiser_id != 0) {
		struct org_row o;
		int found = org_load(ctx->db, &req->arena, e.organiser_id, false, &o);
		if (found < 0)
			goto fail;
		if (found == 0)
			problems[n++] = (struct field_problem){
				"organiser", N_("Choose one of the offered organisations.")};
	}
	if (n > 0 && creating) { /* nothing to lock or count against */
		form_render(req, resp, ctx, 0, 422, &f, problems, n);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (id != 0) {
		int found = event_load(ctx, &req->arena, id, true, &before, &registered, &waitlist);
		if (found <= 0) {
			db_rollback(ctx->db);
			(void)app_found(req, resp, found, N_("There is no such event."));
			return;
		}
		f.registered = registered;
		f.waitlist = waitlist;
		const char *why = event_capacity_problem(e.has_capacity, e.capacity, registered);
		bool capacity_read = true;
		for (size_t i = 0; i < n; i++)
			capacity_read = capacity_read && strcmp(problems[i].field, "capacity") != 0;
		if (why != NULL && capacity_read)
			problems[n++] = (struct field_problem){"capacity", why};
	}
	if (n > 0) {
		db_rollback(ctx->db);
		form_render(req, resp, ctx, id, 422, &f, problems, n);
		return;
	}
	if (id != 0 && !event_fields_diff(&req->arena, &before, &e, &was, &is)) {
		db_rollback(ctx->db);
		http_redirect(resp,
			      arena_printf(&req->arena, "/admin/events/%lld/edit?notice=unchanged",
					   (long long)id));
		return;
	}
	struct db_stmt *st =
		db_stmt(ctx->db, id ? STMT_event_office_update : STMT_event_office_insert);
	if (st == NULL)
		goto fail_tx;
	if (id) {
		db_bind_i64(st, 1, id);
		bind_fields(st, 2, &e, 0);
		if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1)
			goto fail_tx;
		/* Everyone registered or waiting learns of a new time. */
		if (event_time_changed(&before, &e) &&
		    events_notify_registrants(ctx, id, "event_moved") != 0)
			goto fail_tx;
	} else {
		bind_fields(st, 1, &e, ctx->now);
		if (db_run(st, &id) < 0 || id <= 0)
			goto fail_tx;
		(void)event_fields_diff(&req->arena, NULL, &e, &was, &is);
	}
	if (creating || strcmp(before.challenges ? before.challenges : "", e.challenges) != 0) {
		int written = challenges_write(ctx, id, &e);
		if (written < 0)
			goto fail_tx;
		if (written == 0) {
			db_rollback(ctx->db);
			problems[0] = (struct field_problem){
				"challenges", N_("Choose at most 20 of the offered challenges.")};
			form_render(req, resp, ctx, creating ? 0 : id, 422, &f, problems, 1);
			return;
		}
	}
	/* Places a higher capacity frees go to the waitlist, in its order. */
	int64_t moved = 0;
	for (int64_t freed = event_places_freed(e.has_capacity, e.capacity, registered, waitlist);
	     moved < freed; moved++) {
		int rc = events_promote_first(ctx, id);
		if (rc < 0)
			goto fail_tx;
		if (rc == 0)
			break;
	}
	if (moved > 0 && events_counts_add(ctx, id, moved, -moved) != DB_OK)
		goto fail_tx;
	const char *subject = arena_printf(&req->arena, "event:%lld", (long long)id);
	const char *detail = moved > 0
				     ? arena_printf(&req->arena, "%lld moved up from the waitlist",
						    (long long)moved)
				     : "";
	if (subject == NULL || detail == NULL || was == NULL || is == NULL ||
	    app_audit_change(ctx, creating ? "event.create" : "event.edit", subject, detail, was,
			     is) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/admin/events/%lld/edit?notice=%s",
					 (long long)id, creating ? "created" : "saved"));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("saving event %lld failed: %s", (long long)id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void admin_event_create(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	event_save(req, resp, ctx, 0);
}

void admin_event_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	event_save(req, resp, ctx, req->params[0]);
}

/* ---- registrations ---- */

void admin_event_registrations(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx)
{
	struct admin_registrations_view v;
	struct event_fields e;
	struct app_cursor cur;
	int64_t id = req->params[0];
	int rc;

	if (!may_manage(req, resp, ctx))
		return;
	memset(&v, 0, sizeof(v));
	const char *status = http_query(req, "status");
	const char *after = http_query(req, "after");
	app_cursor_parse(after, false, &cur);
	v.waitlisted = status != NULL && strcmp(status, "waitlisted") == 0;
	if ((status != NULL && status[0] != '\0' && !v.waitlisted &&
	     strcmp(status, "registered") != 0) ||
	    (after != NULL && !cur.set)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	if (!app_found(req, resp,
		       event_load(ctx, &req->arena, id, false, &e, &v.registered, &v.waitlist),
		       N_("There is no such event.")))
		return;
	v.id = id;
	v.title = e.title;
	v.lang = e.lang;
	v.starts_at = e.starts_at;
	v.ends_at = e.ends_at;
	v.has_capacity = e.has_capacity;
	v.capacity = e.capacity;
	v.show_email = event_shows_email(ctx->user->role);
	const char *base =
		arena_printf(&req->arena, "/admin/events/%lld/registrations", (long long)id);
	v.registered_href = base;
	v.waitlist_href = arena_printf(&req->arena, "%s?status=waitlisted", base);
	v.registered_current = v.waitlisted ? NULL : "page";
	v.waitlist_current = v.waitlisted ? "page" : NULL;
	v.csv_href =
		arena_printf(&req->arena, "/admin/events/%lld/registrations.csv", (long long)id);
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_office_registrations);
	v.rows = arena_calloc(&req->arena, OFFICE_PAGE, sizeof(*v.rows));
	if (st == NULL || v.rows == NULL || base == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, v.waitlisted ? "waitlisted" : "registered");
	db_bind_i64(st, 3, cur.set ? cur.key : INT64_MIN);
	db_bind_i64(st, 4, cur.set ? cur.id : 0);
	db_bind_i64(st, 5, OFFICE_PAGE + 1);
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.rows_count == OFFICE_PAGE) {
			more = true;
			break;
		}
		struct admin_registration_row *r = &v.rows[v.rows_count++];
		r->user_id = db_col_i64(st, 0);
		r->name = db_col_dup(st, 1, &req->arena);
		r->email = v.show_email ? db_col_dup(st, 2, &req->arena) : NULL;
		r->created = db_col_i64(st, 3);
		r->position = db_col_i64(st, 4);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.rows_count == 0)
		v.rows = NULL;
	const char *list = v.waitlisted ? v.waitlist_href : base;
	const char *sep = v.waitlisted ? "&" : "?";
	if (more) {
		const struct admin_registration_row *last = &v.rows[v.rows_count - 1];
		v.pager.next_href =
			arena_printf(&req->arena, "%s%safter=%s", list, sep,
				     app_cursor_i64(&req->arena, last->created, last->user_id));
	}
	if (cur.set)
		v.pager.first_href = list;
	v.nav = office_nav(req, ctx, "/admin/events");
	app_layout(req, resp, &v.layout, N_("Registrations"), "/admin");
	v.layout.title =
		arena_printf(&req->arena, "%s: %s", tr(ctx->lang, N_("Registrations")), e.title);
	struct tpl_out out = app_html(req, resp, 200);
	tpl_admin_event_registrations(&out, &v);
}

/*
 * The CSV's state between pieces; it outlives the request's arena.  The
 * keyset is (status, created, user id): the registered first, then the
 * waitlist, each in its order.
 */
struct registrations_export {
	int64_t event;
	bool show_email;
	bool header_done;
	char status[16]; /* the last row's, "" before the first */
	int64_t created, user;
};

/*
 * One piece: the next REGISTRATIONS_CSV_PAGE rows from a fresh query
 * (no statement stays open between pieces).  Columns: status, position
 * in its list, account id, name, e-mail address (only for those who may
 * see it), registered at (UTC).
 */
static int registrations_fill(void *arg, struct buf *out)
{
	struct registrations_export *x = arg;
	struct db *db = db_thread();
	int rc, rows = 0;

	if (!x->header_done) {
		buf_puts(out, x->show_email
				      ? "status,position,account_id,name,email,registered_utc\r\n"
				      : "status,position,account_id,name,registered_utc\r\n");
		x->header_done = true;
	}
	struct db_stmt *st = db ? db_stmt(db, STMT_event_office_registrations_all) : NULL;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, x->event);
	db_bind_text(st, 2, x->status);
	db_bind_i64(st, 3, x->created);
	db_bind_i64(st, 4, x->user);
	db_bind_i64(st, 5, REGISTRATIONS_CSV_PAGE);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *status = db_col_text(st, 0);
		size_t len = strlen(status);
		if (len >= sizeof(x->status))
			len = sizeof(x->status) - 1;
		memcpy(x->status, status, len);
		x->status[len] = '\0';
		x->user = db_col_i64(st, 2);
		x->created = db_col_i64(st, 5);
		csv_text(out, status, true);
		csv_int(out, db_col_i64(st, 1), false);
		csv_int(out, x->user, false);
		csv_text(out, db_col_text(st, 3), false);
		if (x->show_email)
			csv_text(out, db_col_text(st, 4), false);
		buf_putc(out, ',');
		civil_put_rfc3339(out, x->created);
		csv_end_row(out);
		rows++;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return rows == REGISTRATIONS_CSV_PAGE ? 1 : 0;
}

void admin_event_registrations_csv(struct http_request *req, struct http_response *resp,
				   struct app_ctx *ctx)
{
	struct event_fields e;
	int64_t registered, waitlist, id = req->params[0];

	if (!may_manage(req, resp, ctx))
		return;
	if (!app_found(req, resp,
		       event_load(ctx, &req->arena, id, false, &e, &registered, &waitlist),
		       N_("There is no such event.")))
		return;
	struct registrations_export *x = calloc(1, sizeof(*x));
	if (x == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	x->event = id;
	x->show_email = event_shows_email(ctx->user->role);
	x->created = INT64_MIN;
	app_download_stream(
		req, resp,
		arena_printf(&req->arena, "oic-event-%lld-registrations.csv", (long long)id),
		registrations_fill, x);
	log_info("registrations of event %lld exported by account %lld", (long long)id,
		 (long long)ctx->user->id);
}
