/*
 * tools.c - organisers' event tools: for the representatives of an
 * event's organiser organisation and the office (event_organiser_may),
 * checked here on every request: the attendee list with attendance
 * (/events/{id}/attendees, a POST per person to
 * /events/{id}/attendance, audited), a printable check-in list
 * (/events/{id}/checkin), and calling an event off
 * (/events/{id}/call-off: a confirmation form, then a POST that closes
 * registration, tells everyone registered or waiting and makes the
 * calendars say STATUS:CANCELLED).  And a person's private calendar
 * feed (/account/calendar: a secret address, renewed on request;
 * events.c writes the calendar).
 */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/secure.h"
#include "base/text.h"
#include "features/events/rules.h"
#include "features/organisations/organisations.h"
#include "templates.h"
#include "app/app.h"
#include "app/forms.h"

enum {
	ATTENDEES_PAGE = 100,
	CHECKIN_MAX = 2000, /* names on the printable list */
};

struct tools_event {
	int64_t id;
	const char *title, *lang, *reason, *location, *online_url;
	int64_t starts_at, ends_at, organiser_id, registered, waitlist;
	bool cancelled;
};

/* 1 found, 0 missing, -1 store error. */
static int tools_load(struct http_request *req, struct app_ctx *ctx, int64_t id,
		      struct tools_event *e)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_tools_get);
	memset(e, 0, sizeof(*e));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		e->id = db_col_i64(st, 0);
		e->title = db_col_dup(st, 1, &req->arena);
		e->lang = db_col_dup(st, 2, &req->arena);
		e->starts_at = db_col_i64(st, 3);
		e->ends_at = db_col_i64(st, 4);
		e->organiser_id = db_col_i64(st, 5);
		e->cancelled = db_col_i64(st, 6) != 0;
		e->reason = db_col_dup(st, 7, &req->arena);
		e->registered = db_col_i64(st, 8);
		e->waitlist = db_col_i64(st, 9);
		e->location = db_col_dup(st, 10, &req->arena);
		e->online_url = db_col_dup(st, 11, &req->arena);
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

/*
 * The preamble of every tool: logged in, the event there, and the
 * visitor the office or a representative of its organiser (else 403,
 * whatever the page showed).  True to go on.
 */
static bool tools_begin(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			struct tools_event *e)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	if (!app_found(req, resp, tools_load(req, ctx, req->params[0], e),
		       N_("There is no such event.")))
		return false;
	int rep = e->organiser_id ? org_represents(ctx->db, e->organiser_id, ctx->user->id) : 0;
	if (rep < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	return app_allowed(req, resp, ctx, event_organiser_may(ctx->user->role, rep > 0),
			   N_("Only the event's organisers and the office can do this."));
}

static void tools_head(struct event_tools_head *h, const struct tools_event *e)
{
	h->id = e->id;
	h->title = e->title;
	h->lang = e->lang;
	h->starts_at = e->starts_at;
	h->ends_at = e->ends_at;
	h->location = e->location;
	h->online_url = e->online_url;
	h->cancelled = e->cancelled;
	h->reason = e->reason != NULL && e->reason[0] != '\0' ? e->reason : NULL;
	h->registered = e->registered;
	h->waitlist = e->waitlist;
}

/* ---- the attendee list and attendance ---- */

static void attendees_render(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx, const struct tools_event *e, int status,
			     const char *problem)
{
	struct event_attendees_view v;
	struct app_cursor cur;
	int rc;

	memset(&v, 0, sizeof(v));
	const char *after = http_query(req, "after");
	app_cursor_parse(after, false, &cur);
	if (after != NULL && !cur.set) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	tools_head(&v.head, e);
	v.csrf = app_csrf(req, resp);
	if (problem != NULL) {
		v.problem = tr(ctx->lang, problem);
	} else {
		const char *notice = http_query(req, "notice");
		if (notice != NULL && strcmp(notice, "attendance") == 0)
			v.notice = tr(ctx->lang, N_("The attendance is recorded."));
		else if (notice != NULL && strcmp(notice, "called-off") == 0)
			v.notice = tr(ctx->lang, N_("The event is called off. Everyone registered "
						    "or waiting has been told."));
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_attendees);
	v.rows = arena_calloc(&req->arena, ATTENDEES_PAGE, sizeof(*v.rows));
	if (st == NULL || v.rows == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, e->id);
	db_bind_i64(st, 2, cur.set ? cur.key : INT64_MIN);
	db_bind_i64(st, 3, cur.set ? cur.id : 0);
	db_bind_i64(st, 4, ATTENDEES_PAGE + 1);
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.rows_count == ATTENDEES_PAGE) {
			more = true;
			break;
		}
		struct event_attendee_row *r = &v.rows[v.rows_count++];
		r->user_id = db_col_i64(st, 0);
		r->name = db_col_dup(st, 1, &req->arena);
		r->created = db_col_i64(st, 2);
		int64_t a = db_col_i64(st, 3);
		r->attended = a == 1;
		r->absent = a == 0;
		r->state = tr(ctx->lang, a == 1	  ? N_("attended")
					 : a == 0 ? N_("did not attend")
						  : N_("not recorded"));
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.rows_count == 0)
		v.rows = NULL;
	const char *base = arena_printf(&req->arena, "/events/%lld/attendees", (long long)e->id);
	if (more) {
		const struct event_attendee_row *last = &v.rows[v.rows_count - 1];
		v.pager.next_href =
			arena_printf(&req->arena, "%s?after=%s", base,
				     app_cursor_i64(&req->arena, last->created, last->user_id));
	}
	if (cur.set)
		v.pager.first_href = base;
	app_layout(req, resp, &v.layout, N_("Attendees"), "/events");
	v.layout.title =
		arena_printf(&req->arena, "%s: %s", tr(ctx->lang, N_("Attendees")), e->title);
	struct tpl_out out = app_html(req, resp, status);
	tpl_event_attendees(&out, &v);
}

void events_attendees(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct tools_event e;

	if (!tools_begin(req, resp, ctx, &e))
		return;
	attendees_render(req, resp, ctx, &e, 200, NULL);
}

void events_attendance(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	static const char *const names[] = {"unknown", "no", "yes"};
	struct tools_event e;
	int64_t user = 0;
	int attended = 0, before = -1;

	if (!tools_begin(req, resp, ctx, &e))
		return;
	if (!app_parse_id(http_form(req, "user"), &user) ||
	    !event_attendance_parse(http_form(req, "attended"), &attended)) {
		attendees_render(req, resp, ctx, &e, 422,
				 N_("Choose a registered person and whether they attended."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_attendance_get);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, e.id);
	db_bind_i64(st, 2, user);
	int rc = db_step(st);
	if (rc == DB_ROW)
		before = (int)db_col_i64(st, 0);
	db_reset(st);
	if (rc < 0)
		goto fail_tx;
	if (rc != DB_ROW) {
		db_rollback(ctx->db);
		attendees_render(req, resp, ctx, &e, 422,
				 N_("This person holds no place at this event, so their "
				    "attendance cannot be recorded here."));
		return;
	}
	st = db_stmt(ctx->db, STMT_event_attendance_set);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, e.id);
	db_bind_i64(st, 2, user);
	if (attended < 0)
		db_bind_null(st, 3);
	else
		db_bind_i64(st, 3, attended);
	const char *subject = arena_printf(&req->arena, "event:%lld", (long long)e.id);
	const char *detail = arena_printf(&req->arena, "account:%lld", (long long)user);
	if (db_run(st, NULL) < 0 || subject == NULL || detail == NULL ||
	    app_audit_change(ctx, "event.attendance", subject, detail, names[before + 1],
			     names[attended + 1]) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/events/%lld/attendees?notice=attendance",
					 (long long)e.id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("attendance at event %lld failed: %s", (long long)e.id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void events_checkin(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_checkin_view v;
	struct tools_event e;
	int rc;

	if (!tools_begin(req, resp, ctx, &e))
		return;
	memset(&v, 0, sizeof(v));
	tools_head(&v.head, &e);
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_checkin);
	v.names = arena_calloc(&req->arena, CHECKIN_MAX, sizeof(*v.names));
	if (st == NULL || v.names == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, e.id);
	db_bind_i64(st, 2, CHECKIN_MAX + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.names_count == CHECKIN_MAX) {
			v.truncated = true;
			break;
		}
		struct event_checkin_row *r = &v.names[v.names_count++];
		r->position = (int64_t)v.names_count;
		r->name = db_col_dup(st, 0, &req->arena);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v.names_count == 0)
		v.names = NULL;
	app_layout(req, resp, &v.layout, N_("Check-in list"), "/events");
	v.layout.title =
		arena_printf(&req->arena, "%s: %s", tr(ctx->lang, N_("Check-in list")), e.title);
	struct tpl_out out = app_html(req, resp, 200);
	tpl_event_checkin(&out, &v);
}

/* ---- calling an event off ---- */

static void call_off_render(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, const struct tools_event *e, int status,
			    const char *reason, const struct field_problem *p, size_t n)
{
	struct event_call_off_view v;

	memset(&v, 0, sizeof(v));
	tools_head(&v.head, e);
	v.csrf = app_csrf(req, resp);
	v.reason = reason;
	v.blocked = event_call_off_problem(e->cancelled, e->ends_at < ctx->now) != NULL;
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
		v.reason_error = app_problem_for(ctx->lang, p, n, "reason");
		v.confirm_error = app_problem_for(ctx->lang, p, n, "confirm");
	}
	app_layout(req, resp, &v.layout, N_("Call the event off"), "/events");
	v.layout.title = arena_printf(&req->arena, "%s: %s",
				      tr(ctx->lang, N_("Call the event off")), e->title);
	struct tpl_out out = app_html(req, resp, status);
	tpl_event_call_off(&out, &v);
}

void events_call_off_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct tools_event e;

	if (!tools_begin(req, resp, ctx, &e))
		return;
	call_off_render(req, resp, ctx, &e, 200, "", NULL, 0);
}

/* The lock's view of the event: 1 found, 0 missing, -1 error. */
static int tools_lock(struct app_ctx *ctx, int64_t id, int64_t *organiser, bool *cancelled,
		      int64_t *ends_at)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_tools_lock);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*organiser = db_col_i64(st, 0);
		*cancelled = db_col_i64(st, 1) != 0;
		*ends_at = db_col_i64(st, 2);
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int events_notify_registrants(struct app_ctx *ctx, int64_t id, const char *kind)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_notify_all);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, kind);
	db_bind_i64(st, 3, ctx->user->id);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_event_notify_all_count);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

void events_call_off(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct tools_event e;
	struct field_problem problems[3];
	size_t n = 0;
	const char *why = NULL;

	if (!tools_begin(req, resp, ctx, &e))
		return;
	const char *typed = http_form(req, "reason");
	const char *reason = text_trim_dup(&req->arena, typed);
	if (reason != NULL && reason[0] != '\0') {
		reason = text_check(&req->arena, reason, EVENT_CANCEL_REASON_MAX, NULL,
				    N_("The reason can be at most 1,000 characters long."), &why);
		if (reason == NULL)
			problems[n++] = (struct field_problem){"reason", why};
	}
	const char *confirm = http_form(req, "confirm");
	if (confirm == NULL || strcmp(confirm, "yes") != 0)
		problems[n++] = (struct field_problem){
			"confirm", N_("Tick the box to confirm that the event is called off.")};
	why = event_call_off_problem(e.cancelled, e.ends_at < ctx->now);
	if (why != NULL)
		problems[n++] = (struct field_problem){"confirm", why};
	if (n > 0) {
		call_off_render(req, resp, ctx, &e, 422, typed ? typed : "", problems, n);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int64_t organiser = 0, ends_at = 0;
	bool cancelled = false;
	int found = tools_lock(ctx, e.id, &organiser, &cancelled, &ends_at);
	if (found <= 0) {
		db_rollback(ctx->db);
		(void)app_found(req, resp, found, N_("There is no such event."));
		return;
	}
	why = event_call_off_problem(cancelled, ends_at < ctx->now);
	if (why != NULL) { /* someone else was quicker */
		db_rollback(ctx->db);
		e.cancelled = cancelled;
		problems[n++] = (struct field_problem){"confirm", why};
		call_off_render(req, resp, ctx, &e, 422, typed ? typed : "", problems, n);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_call_off);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, e.id);
	db_bind_i64(st, 2, ctx->now);
	db_bind_text(st, 3, reason ? reason : "");
	const char *subject = arena_printf(&req->arena, "event:%lld", (long long)e.id);
	if (db_run(st, NULL) < 0 || db_changes(ctx->db) != 1 ||
	    events_notify_registrants(ctx, e.id, "event_cancelled") != 0 || subject == NULL ||
	    app_audit_change(ctx, "event.cancel", subject, reason ? reason : "", "scheduled",
			     "cancelled") != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/events/%lld/attendees?notice=called-off",
					 (long long)e.id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("calling off event %lld failed: %s", (long long)e.id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

/* ---- the private calendar feed's address ---- */

static void calendar_render(struct http_request *req, struct http_response *resp, bool has_token,
			    const char *url)
{
	struct account_calendar_view v;

	memset(&v, 0, sizeof(v));
	v.csrf = app_csrf(req, resp);
	v.has_token = has_token;
	v.url = url;
	app_layout(req, resp, &v.layout, N_("Your private calendar"), "/account");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_account_calendar(&out, &v);
}

void account_calendar(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_calendar_token_exists);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	int rc = db_step(st);
	bool has = rc == DB_ROW && db_col_i64(st, 0) > 0;
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	calendar_render(req, resp, has, NULL);
}

/*
 * A new secret address; the old one stops working in the same
 * transaction.  Shown once, answered directly (as a new API token):
 * pages of logged-in people are never stored by caches (app_html).
 */
void account_calendar_renew(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];
	struct app_site site;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	char *token = secure_token(&req->arena);
	if (token == NULL || !secure_token_decode(token, raw)) {
		app_error(req, resp, 500, NULL);
		return;
	}
	secure_hash(raw, sizeof(raw), hash);
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_calendar_token_delete);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	st = db_stmt(ctx->db, STMT_calendar_token_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_blob(st, 2, hash, sizeof(hash));
	db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	app_site(req, &site);
	calendar_render(req, resp, true,
			arena_printf(&req->arena, "%s/calendar.ics?key=%s", site.base, token));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("renewing the calendar of account %lld failed: %s", (long long)ctx->user->id,
		 db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}
