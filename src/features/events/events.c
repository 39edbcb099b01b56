/*
 * events.c - the events of the programme: the list of upcoming events
 * (and the archive of past ones) with a kind filter and keyset pages,
 * the event page, and iCalendar files (RFC 5545): one per event, and a
 * feed of the next EVENTS_ICS_MAX upcoming events that calendars can
 * subscribe to (one bounded page, like the Atom feeds).
 *
 * iCalendar is written by base/ics.c (escaping, folding at 75 octets,
 * CRLF; its header says why not libical).  Times are written in UTC.
 *
 * Queries per page: one, whatever the number of events shown.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/ics.h"
#include "base/secure.h"
#include "base/log.h"
#include "features/events/rules.h"
#include "features/events/waitlist.h"
#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "features/notifications/notifications.h"
#include "features/organisations/organisations.h"
#include "view/markdown.h"

enum {
	EVENTS_PAGE = 20,
	EVENTS_ICS_MAX = 50,   /* events in the subscription feed */
	EVENT_TEXT_MAX = 4000, /* bytes of one text in a calendar */
};

#define EVENT_KEY_MIN INT64_MIN
#define EVENT_KEY_MAX INT64_MAX

/* ---- small helpers ---- */

/* Midnight of today in Berlin (serve sets TZ): today's events are upcoming. */
static int64_t today_start(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL)
		return now;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	time_t midnight = mktime(&tm);
	return midnight == (time_t)-1 ? now : (int64_t)midnight;
}

/* Column i as text: copied into a, or in place when a is NULL. */
static const char *row_text(struct db_stmt *st, struct arena *a, int i)
{
	return a != NULL ? db_col_dup(st, i, a) : db_col_text(st, i);
}

/*
 * One row of event_upcoming / event_past.  keep: texts copied into the
 * request's arena (the list holds its rows); otherwise they point into
 * the statement and last until its next step (the calendar feed writes
 * each event at once).
 */
static void read_row(struct http_request *req, struct app_ctx *ctx, struct db_stmt *st, bool keep,
		     struct event_row *e)
{
	struct arena *a = keep ? &req->arena : NULL;
	e->id = db_col_i64(st, 0);
	e->title = row_text(st, a, 1);
	e->summary = row_text(st, a, 2);
	e->kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3)));
	e->starts_at = db_col_i64(st, 4);
	e->ends_at = db_col_i64(st, 5);
	e->location = row_text(st, a, 6);
	e->lang = row_text(st, a, 7);
	e->organiser = db_col_null(st, 8) ? NULL : row_text(st, a, 8);
	e->booked_out = !db_col_null(st, 9) && db_col_i64(st, 10) >= db_col_i64(st, 9);
	e->organiser_id = db_col_null(st, 11) ? 0 : db_col_i64(st, 11);
	e->organiser_verified = db_col_i64(st, 12) != 0;
	e->cancelled = db_col_i64(st, 13) != 0;
	e->sequence = db_col_i64(st, 14);
	e->online_url = row_text(st, a, 15);
}

/*
 * Read the query's kind; false (and a 400 answered) when it names no
 * kind.  *kind is "" for all kinds.
 */
static bool query_kind(struct http_request *req, struct http_response *resp, const char **kind)
{
	enum event_kind k;
	*kind = http_query(req, "kind");
	if (*kind == NULL || (*kind)[0] == '\0') {
		*kind = "";
		return true;
	}
	if (!event_kind_parse(*kind, &k)) {
		app_error(req, resp, 400, N_("There is no such kind of event."));
		return false;
	}
	return true;
}

/* ---- the list ---- */

void events_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_list_view v;
	const char *kind;
	const char *past_text = http_query(req, "past");
	const char *after = http_query(req, "after");
	bool past = past_text != NULL && strcmp(past_text, "1") == 0;
	int rc;

	if (!query_kind(req, resp, &kind))
		return;
	struct app_cursor cur;
	app_cursor_parse(after, false, &cur);
	if ((past_text != NULL && !past && past_text[0] != '\0') || (after != NULL && !cur.set)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	int64_t c_starts = cur.set ? cur.key : past ? EVENT_KEY_MAX : EVENT_KEY_MIN;
	int64_t c_id = cur.set ? cur.id : past ? EVENT_KEY_MAX : 0;
	memset(&v, 0, sizeof(v));
	v.past = past;
	struct db_stmt *st = db_stmt(ctx->db, past ? STMT_event_past : STMT_event_upcoming);
	v.events = arena_calloc(&req->arena, EVENTS_PAGE, sizeof(*v.events));
	if (st == NULL || v.events == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, kind);
	db_bind_i64(st, 2, today_start(ctx->now));
	db_bind_i64(st, 3, c_starts);
	db_bind_i64(st, 4, c_id);
	db_bind_i64(st, 5, EVENTS_PAGE + 1); /* one more tells whether a next page exists */
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.events_count == EVENTS_PAGE) {
			more = true;
			break;
		}
		read_row(req, ctx, st, true, &v.events[v.events_count++]);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.events_count == 0)
		v.events = NULL;

	/* Links keep the other choices: kind and archive. */
	const char *base = past ? "/events?past=1" : "/events";
	const char *sep = past ? "&" : "?";
	const char *with_kind =
		kind[0] ? arena_printf(&req->arena, "%s%skind=%s", base, sep, kind) : base;
	if (more) {
		const struct event_row *last = &v.events[v.events_count - 1];
		v.next_href = arena_printf(&req->arena, "%s%safter=%s", with_kind,
					   strchr(with_kind, '?') ? "&" : "?",
					   app_cursor_i64(&req->arena, last->starts_at, last->id));
	}
	if (after != NULL)
		v.first_href = with_kind;
	v.other_href =
		past ? (kind[0] ? arena_printf(&req->arena, "/events?kind=%s", kind) : "/events")
		     : (kind[0] ? arena_printf(&req->arena, "/events?past=1&kind=%s", kind)
				: "/events?past=1");

	v.filters = arena_calloc(&req->arena, EVENT_KIND__COUNT + 1, sizeof(*v.filters));
	if (v.filters == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	v.filters[0].href = base;
	v.filters[0].label = tr(ctx->lang, N_("All"));
	v.filters[0].current = kind[0] == '\0' ? "page" : NULL;
	for (int i = 0; i < EVENT_KIND__COUNT; i++) {
		struct nav_link *f = &v.filters[i + 1];
		f->href =
			arena_printf(&req->arena, "%s%skind=%s", base, sep, event_kind_table[i].id);
		f->label = tr(ctx->lang, event_kind_table[i].label);
		f->current = strcmp(kind, event_kind_table[i].id) == 0 ? "page" : NULL;
	}
	v.filters_count = EVENT_KIND__COUNT + 1;

	app_layout(req, resp, &v.layout, past ? N_("Past events") : N_("Events"), "/events");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_event_list(&out, &v);
}

/* ---- the event page ---- */

/* 1 found, 0 missing, -1 store error. */
static int load_event(struct http_request *req, struct app_ctx *ctx, int64_t id,
		      struct event_view *v, int64_t *created)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_get);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		v->id = db_col_i64(st, 0);
		v->title = db_col_dup(st, 1, &req->arena);
		v->summary = db_col_dup(st, 2, &req->arena);
		v->kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3)));
		v->starts_at = db_col_i64(st, 4);
		v->ends_at = db_col_i64(st, 5);
		v->location = db_col_dup(st, 6, &req->arena);
		v->has_capacity = !db_col_null(st, 7);
		v->capacity = db_col_i64(st, 7);
		v->lang = db_col_dup(st, 8, &req->arena);
		*created = db_col_i64(st, 9);
		if (!db_col_null(st, 10)) {
			v->organiser = db_col_dup(st, 10, &req->arena);
			v->organiser_id = db_col_i64(st, 11);
			v->organiser_summary = db_col_dup(st, 12, &req->arena);
			v->organiser_lang = db_col_dup(st, 13, &req->arena);
			v->organiser_verified = db_col_i64(st, 16) != 0;
			if (v->organiser_summary != NULL && v->organiser_summary[0] == '\0')
				v->organiser_summary = NULL;
		}
		v->registered = db_col_i64(st, 14);
		v->waitlist = db_col_i64(st, 15);
		v->has_waitlist = v->waitlist > 0;
		v->full = v->has_capacity && v->registered >= v->capacity;
		v->cancelled = db_col_i64(st, 17) != 0;
		v->cancel_reason = db_col_dup(st, 18, &req->arena);
		v->sequence = db_col_i64(st, 19);
		v->online_url = db_col_dup(st, 20, &req->arena);
		/* The template's #if tests for NULL: "" is none. */
		if (v->cancel_reason != NULL && v->cancel_reason[0] == '\0')
			v->cancel_reason = NULL;
		if (v->online_url != NULL && v->online_url[0] == '\0')
			v->online_url = NULL;
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

/* Load the route's event or answer 404/503; true when loaded. */
static bool route_event(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			struct event_view *v, int64_t *created)
{
	memset(v, 0, sizeof(*v));
	int found = load_event(req, ctx, req->params[0], v, created);
	if (found < 0)
		app_error(req, resp, 503, NULL);
	else if (found == 0)
		app_error(req, resp, 404, N_("There is no such event."));
	return found > 0;
}

/* ---- registration ---- */

enum { REG_NONE = 0, REG_REGISTERED = 1, REG_WAITLISTED = 2 };

/* The person's registration for the event: REG_*, or -1 on a store error. */
static int registration_state(struct app_ctx *ctx, int64_t event_id, int64_t user_id)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_reg_state);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, event_id);
	db_bind_i64(st, 2, user_id);
	int rc = db_step(st);
	int state = REG_NONE;
	if (rc == DB_ROW)
		state = strcmp(db_col_text(st, 0), "registered") == 0 ? REG_REGISTERED
								      : REG_WAITLISTED;
	db_reset(st);
	return rc < 0 ? -1 : state;
}

/* Log in, then come back to the event page. */
static const char *login_href(struct http_request *req, int64_t event_id)
{
	return arena_printf(&req->arena, "/account/login?next=%%2Fevents%%2F%lld",
			    (long long)event_id);
}

struct event_lock {
	bool cancelled;
	bool has_capacity;
	int64_t capacity, ends_at, registered, waitlist;
};

/* Lock the event row in a write transaction: 1 found, 0 missing, -1 error. */
static int lock_event(struct app_ctx *ctx, int64_t id, struct event_lock *e)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_lock);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		e->has_capacity = !db_col_null(st, 0);
		e->capacity = db_col_i64(st, 0);
		e->ends_at = db_col_i64(st, 1);
		e->registered = db_col_i64(st, 2);
		e->waitlist = db_col_i64(st, 3);
		e->cancelled = db_col_i64(st, 4) != 0;
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int events_counts_add(struct app_ctx *ctx, int64_t id, int64_t registered, int64_t waitlist)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_counts_add);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, registered);
	db_bind_i64(st, 3, waitlist);
	return db_run(st, NULL) < 0 ? DB_ERROR : DB_OK;
}

/*
 * Refuse in a transaction: roll back, answer status with msgid.  The
 * checks that need no lock come first, so a refusal changes nothing.
 */
static void refuse(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   int status, const char *msgid)
{
	db_rollback(ctx->db);
	app_error(req, resp, status, msgid);
}

static void back_to_event(struct http_request *req, struct http_response *resp, int64_t id,
			  const char *notice)
{
	http_redirect(resp, arena_printf(&req->arena, "/events/%lld?notice=%s#registration-h",
					 (long long)id, notice));
}

/*
 * The start both forms share: the person logged in (else the login form),
 * a write transaction with the event locked, the event there and not over
 * (past_msgid otherwise), and the person's state in *state.  1: go on
 * inside the transaction; 0: answered (rolled back); -1: a store error
 * (rolled back), to be answered 503.
 */
static int registration_begin(struct http_request *req, struct http_response *resp,
			      struct app_ctx *ctx, const char *past_msgid, struct event_lock *e,
			      int *state)
{
	int64_t id = req->params[0];

	if (ctx->user == NULL) {
		http_redirect(resp, login_href(req, id));
		return 0;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		return -1;
	int found = lock_event(ctx, id, e);
	if (found == 0) {
		refuse(req, resp, ctx, 404, N_("There is no such event."));
		return 0;
	}
	if (found > 0 && e->ends_at < ctx->now) {
		refuse(req, resp, ctx, 422, past_msgid);
		return 0;
	}
	if (found > 0)
		*state = registration_state(ctx, id, ctx->user->id);
	if (found < 0 || *state < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	return 1;
}

int events_promote_first(struct app_ctx *ctx, int64_t id)
{
	int64_t next = 0;
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_waitlist_first);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int step = db_step(st);
	if (step == DB_ROW)
		next = db_col_i64(st, 0);
	db_reset(st);
	if (step < 0)
		return -1;
	if (next <= 0)
		return 0;
	st = db_stmt(ctx->db, STMT_event_reg_promote);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, next);
	if (db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_event_notify_place);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, next);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_notify_one_count);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, next);
	return db_run(st, NULL) < 0 ? -1 : 1;
}

void events_register(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0];
	struct event_lock e = {0};
	int state = REG_NONE;

	int rc = registration_begin(req, resp, ctx,
				    N_("This event has taken place; registration has closed."), &e,
				    &state);
	if (rc == 0)
		return;
	if (rc < 0)
		goto fail;
	if (e.cancelled) {
		refuse(req, resp, ctx, 422,
		       N_("This event has been called off; registration is closed."));
		return;
	}
	if (state != REG_NONE) {
		db_rollback(ctx->db);
		back_to_event(req, resp, id,
			      state == REG_REGISTERED ? "event-already-registered"
						      : "event-already-waitlisted");
		return;
	}
	bool place = !e.has_capacity || e.registered < e.capacity;
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_reg_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_text(st, 3, place ? "registered" : "waitlisted");
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0 ||
	    events_counts_add(ctx, id, place ? 1 : 0, place ? 0 : 1) != DB_OK ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	back_to_event(req, resp, id, place ? "event-registered" : "event-waitlisted");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("registration for event %lld failed: %s", (long long)id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void events_cancel(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id = req->params[0];
	struct event_lock e = {0};
	int state = REG_NONE;

	int rc = registration_begin(
		req, resp, ctx,
		N_("This event has taken place; registrations can no longer be cancelled."), &e,
		&state);
	if (rc == 0)
		return;
	if (rc < 0)
		goto fail;
	if (state == REG_NONE) {
		refuse(req, resp, ctx, 422,
		       N_("You are not registered for this event, so there is nothing to cancel."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_reg_delete);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, ctx->user->id);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	int64_t d_reg = state == REG_REGISTERED ? -1 : 0;
	int64_t d_wait = state == REG_WAITLISTED ? -1 : 0;
	/* A freed place within capacity goes to the first of the waitlist. */
	if (state == REG_REGISTERED && e.has_capacity && e.registered - 1 < e.capacity &&
	    e.waitlist > 0) {
		int moved = events_promote_first(ctx, id);
		if (moved < 0)
			goto fail_tx;
		d_reg += moved;
		d_wait -= moved;
	}
	if (events_counts_add(ctx, id, d_reg, d_wait) != DB_OK || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	back_to_event(req, resp, id, "event-cancelled");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("cancellation for event %lld failed: %s", (long long)id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

/* The challenges the event belongs to (one query, at most 20): 0, or -1 on a store error. */
static int load_challenges(struct http_request *req, struct app_ctx *ctx, struct event_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_challenge_list);
	int rc;

	v->challenges = arena_calloc(&req->arena, EVENT_CHALLENGES_MAX, sizeof(*v->challenges));
	if (st == NULL || v->challenges == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	while ((rc = db_step(st)) == DB_ROW && v->challenges_count < EVENT_CHALLENGES_MAX) {
		struct event_challenge_link *c = &v->challenges[v->challenges_count++];
		c->id = db_col_i64(st, 0);
		c->title = db_col_dup(st, 1, &req->arena);
		c->lang = db_col_dup(st, 2, &req->arena);
	}
	db_reset(st);
	if (v->challenges_count == 0)
		v->challenges = NULL;
	return rc < 0 ? -1 : 0;
}

void events_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_view v;
	int64_t created;

	if (!route_event(req, resp, ctx, &v, &created))
		return;
	v.is_past = v.ends_at < ctx->now;
	if (ctx->user != NULL) {
		v.logged_in = true;
		v.csrf = app_csrf(req, resp);
		int state = registration_state(ctx, v.id, ctx->user->id);
		if (state < 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
		v.is_registered = state == REG_REGISTERED;
		v.is_waitlisted = state == REG_WAITLISTED;
		int rep =
			v.organiser_id ? org_represents(ctx->db, v.organiser_id, ctx->user->id) : 0;
		if (rep < 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
		v.may_organise = event_organiser_may(ctx->user->role, rep > 0);
	} else {
		v.login_href = login_href(req, v.id);
	}
	if (load_challenges(req, ctx, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.summary_html = markdown_render(&req->arena, v.summary, 2);
	app_layout(req, resp, &v.layout, N_("Event"), "/events");
	v.layout.title = v.title;
	struct tpl_out out = app_html(req, resp, 200);
	tpl_event_page(&out, &v);
}

/* ---- iCalendar ---- */

struct ical_event {
	int64_t id;
	const char *title, *summary, *kind, *location, *organiser;
	int64_t starts_at, ends_at, stamp;
	bool cancelled;
	int64_t sequence;
	const char *online_url; /* "" or NULL: none */
};

static void ical_begin(struct buf *b, struct app_ctx *ctx)
{
	buf_puts(b, "BEGIN:VCALENDAR\r\n");
	ics_raw(b, "VERSION", "2.0");
	ics_raw(b, "PRODID", "-//oic//Open Innovation City//EN");
	ics_raw(b, "CALSCALE", "GREGORIAN");
	/* The name calendars show for a subscription (a common extension). */
	ics_text(b, "X-WR-CALNAME", tr(ctx->lang, N_("Events of the Open Innovation City")), 0);
}

static void ical_vevent(struct buf *b, struct app_ctx *ctx, const struct app_site *site,
			const struct ical_event *e)
{
	struct ics_line l;
	buf_puts(b, "BEGIN:VEVENT\r\n");
	ics_begin(&l, b, "UID", 0);
	ics_add_raw(&l, "event-");
	ics_add_i64(&l, e->id);
	ics_add_raw(&l, "@");
	ics_add_raw(&l, site->host);
	ics_end(&l);
	ics_utc(b, "DTSTAMP", e->stamp);
	ics_utc(b, "DTSTART", e->starts_at);
	ics_utc(b, "DTEND", e->ends_at);
	ics_begin(&l, b, "SEQUENCE", 0);
	ics_add_i64(&l, e->sequence);
	ics_end(&l);
	ics_raw(b, "STATUS", e->cancelled ? "CANCELLED" : "CONFIRMED");
	ics_text(b, "SUMMARY", e->title, EVENT_TEXT_MAX);
	/* The summary, who organises it and the event's page. */
	ics_begin(&l, b, "DESCRIPTION", EVENT_TEXT_MAX);
	ics_add_text(&l, e->summary);
	ics_add_text(&l, "\n\n");
	if (e->organiser != NULL) {
		ics_add_text(&l, tr(ctx->lang, N_("Organised by")));
		ics_add_text(&l, " ");
		ics_add_text(&l, e->organiser);
		ics_add_text(&l, "\n");
	}
	if (e->online_url != NULL && e->online_url[0] != '\0') {
		ics_add_text(&l, tr(ctx->lang, N_("Online:")));
		ics_add_text(&l, " ");
		ics_add_text(&l, e->online_url);
		ics_add_text(&l, "\n");
	}
	ics_add_text(&l, site->base);
	ics_add_text(&l, "/events/");
	ics_add_i64(&l, e->id);
	ics_end(&l);
	ics_text(b, "LOCATION", e->location, EVENT_TEXT_MAX);
	ics_text(b, "CATEGORIES", e->kind, EVENT_TEXT_MAX);
	ics_begin(&l, b, "URL", 0);
	ics_add_raw(&l, site->base);
	ics_add_raw(&l, "/events/");
	ics_add_i64(&l, e->id);
	ics_end(&l);
	buf_puts(b, "END:VEVENT\r\n");
}

/* The calendar in out, or an error page: the response's headers. */
static void ical_send(struct http_request *req, struct http_response *resp, struct buf *out,
		      const char *filename)
{
	buf_puts(out, "END:VCALENDAR\r\n");
	if (out->oom) {
		app_error(req, resp, 500, NULL);
		return;
	}
	buf_append(&resp->body, out->data, out->len);
	resp->status = 200;
	resp->content_type = "text/calendar; charset=utf-8";
	http_add_header(resp, "Cache-Control", "no-cache");
	http_add_header(resp, "Vary", "Accept-Language");
	if (filename != NULL)
		http_add_header(resp, "Content-Disposition",
				arena_printf(&req->arena, "attachment; filename=\"%s\"", filename));
}

void events_ics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct app_site site;
	const char *kind;
	struct buf out; /* the response's body only once the feed is whole */
	int rc;

	if (!query_kind(req, resp, &kind))
		return;
	app_site(req, &site);
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_upcoming);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	buf_init(&out, &req->arena);
	ical_begin(&out, ctx);
	db_bind_text(st, 1, kind);
	db_bind_i64(st, 2, today_start(ctx->now));
	db_bind_i64(st, 3, EVENT_KEY_MIN);
	db_bind_i64(st, 4, 0);
	db_bind_i64(st, 5, EVENTS_ICS_MAX);
	while ((rc = db_step(st)) == DB_ROW) {
		struct event_row r;
		read_row(req, ctx, st, false, &r);
		/* The list has no creation time; the start is stable and revised with it. */
		struct ical_event e = {r.id,	    r.title,	 r.summary,   r.kind,
				       r.location,  r.organiser, r.starts_at, r.ends_at,
				       r.starts_at, r.cancelled, r.sequence,  r.online_url};
		ical_vevent(&out, ctx, &site, &e);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	ical_send(req, resp, &out, NULL);
}

void events_page_ics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_view v;
	struct app_site site;
	struct buf out;
	int64_t created;

	if (!route_event(req, resp, ctx, &v, &created))
		return;
	app_site(req, &site);
	struct ical_event e = {v.id,	   v.title,	v.summary,   v.kind,
			       v.location, v.organiser, v.starts_at, v.ends_at,
			       created,	   v.cancelled, v.sequence,  v.online_url};
	buf_init(&out, &req->arena);
	ical_begin(&out, ctx);
	ical_vevent(&out, ctx, &site, &e);
	ical_send(req, resp, &out, arena_printf(&req->arena, "event-%lld.ics", (long long)v.id));
}

/* ---- a person's private calendar (the secret address of /account/calendar) ---- */

enum { PRIVATE_ICS_MAX = 500 }; /* the person's latest events by start */

void events_private_ics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];
	const char *key = http_query(req, "key");
	int64_t user = 0;
	struct app_site site;
	struct buf out;
	int rc;

	if (key == NULL || !secure_token_decode(key, raw)) {
		app_error(req, resp, 404, N_("There is no such calendar."));
		return;
	}
	secure_hash(raw, sizeof(raw), hash);
	struct db_stmt *st = db_stmt(ctx->db, STMT_calendar_token_user);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_blob(st, 1, hash, sizeof(hash));
	rc = db_step(st);
	if (rc == DB_ROW)
		user = db_col_i64(st, 0);
	db_reset(st);
	if (rc < 0 || user <= 0) {
		app_error(req, resp, rc < 0 ? 503 : 404, N_("There is no such calendar."));
		return;
	}
	st = db_stmt(ctx->db, STMT_calendar_user_events);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_site(req, &site);
	buf_init(&out, &req->arena);
	ical_begin(&out, ctx);
	db_bind_i64(st, 1, user);
	db_bind_i64(st, 2, PRIVATE_ICS_MAX);
	while ((rc = db_step(st)) == DB_ROW) {
		struct ical_event e = {
			.id = db_col_i64(st, 0),
			.title = db_col_text(st, 1),
			.summary = db_col_text(st, 2),
			.kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3))),
			.starts_at = db_col_i64(st, 4),
			.ends_at = db_col_i64(st, 5),
			.location = db_col_text(st, 6),
			.organiser = db_col_null(st, 7) ? NULL : db_col_text(st, 7),
			.cancelled = db_col_i64(st, 8) != 0,
			.sequence = db_col_i64(st, 9),
			.stamp = db_col_i64(st, 10),
			.online_url = db_col_text(st, 11),
		};
		ical_vevent(&out, ctx, &site, &e);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	ical_send(req, resp, &out, NULL);
	/* The address is a secret: no shared cache keeps it. */
	http_add_header(resp, "Referrer-Policy", "no-referrer");
}
