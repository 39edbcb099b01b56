/*
 * events.c - the events of the programme: the list of upcoming events
 * (and the archive of past ones) with a kind filter and keyset pages,
 * the event page, and iCalendar files (RFC 5545): one per event, and a
 * feed of all upcoming events that calendars can subscribe to.
 *
 * iCalendar is written by libical (Debian's libical-dev) rather than by
 * hand: it escapes TEXT values (commas, semicolons, backslashes, line
 * breaks) and folds lines at 75 octets, the two places where handmade
 * calendar files usually go wrong.  Times are written in UTC.
 *
 * Queries per page: one, whatever the number of events shown.
 */
#include <libical/ical.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/event.h"
#include "templates.h"
#include "web/app.h"
#include "web/funnel.h"

enum {
	EVENTS_PAGE = 20,
	EVENTS_ICS_MAX = 500,		    /* events in the subscription feed */
	EVENTS_ICS_PAST_S = 30 * 24 * 3600, /* ... starting this far back */
	EVENT_TEXT_MAX = 4000,		    /* bytes of one text in a calendar */
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

static void read_row(struct http_request *req, struct app_ctx *ctx, struct db_stmt *st,
		     struct event_row *e)
{
	e->id = db_col_i64(st, 0);
	e->title = db_col_dup(st, 1, &req->arena);
	e->summary = db_col_dup(st, 2, &req->arena);
	e->kind = tr(ctx->lang, event_kind_label(db_col_text(st, 3)));
	e->starts_at = db_col_i64(st, 4);
	e->ends_at = db_col_i64(st, 5);
	e->location = db_col_dup(st, 6, &req->arena);
	e->lang = db_col_dup(st, 7, &req->arena);
	e->organiser = db_col_null(st, 8) ? NULL : db_col_dup(st, 8, &req->arena);
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
	struct funnel_cursor cur;
	funnel_cursor_parse(after, false, &cur);
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
		read_row(req, ctx, st, &v.events[v.events_count++]);
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
		v.next_href = arena_printf(
			&req->arena, "%s%safter=%s", with_kind, strchr(with_kind, '?') ? "&" : "?",
			funnel_cursor_i64(&req->arena, last->starts_at, last->id));
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
			v->organiser_website =
				db_col_null(st, 11) ? NULL : db_col_dup(st, 11, &req->arena);
			v->organiser_summary = db_col_dup(st, 12, &req->arena);
			v->organiser_lang = db_col_dup(st, 13, &req->arena);
			if (v->organiser_website != NULL && v->organiser_website[0] == '\0')
				v->organiser_website = NULL;
			if (v->organiser_summary != NULL && v->organiser_summary[0] == '\0')
				v->organiser_summary = NULL;
		}
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

void events_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_view v;
	int64_t created;

	if (!route_event(req, resp, ctx, &v, &created))
		return;
	v.is_past = v.ends_at < ctx->now;
	app_layout(req, resp, &v.layout, N_("Event"), "/events");
	v.layout.title = v.title;
	struct tpl_out out = app_html(req, resp, 200);
	tpl_event_page(&out, &v);
}

/* ---- iCalendar ---- */

static pthread_once_t ical_once = PTHREAD_ONCE_INIT;
static icaltimezone *ical_utc;

static void ical_init(void)
{
	icalerror_set_errors_are_fatal(0);
	ical_utc = icaltimezone_get_utc_timezone();
}

static struct icaltimetype utc_time(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, ical_utc);
}

/*
 * Text for a calendar: control characters other than the line break
 * dropped (libical escapes the rest), at most EVENT_TEXT_MAX bytes cut at
 * a character boundary.
 */
static const char *ical_text(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, (n < EVENT_TEXT_MAX ? n : EVENT_TEXT_MAX) + 1);
	size_t j = 0;
	if (out == NULL)
		return "";
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		if (len > n - i)
			len = n - i;
		if (c < 0x20 && c != '\n') {
			i++;
			continue;
		}
		if (j + len > EVENT_TEXT_MAX)
			break;
		memcpy(out + j, s + i, len);
		j += len;
		i += len;
	}
	out[j] = '\0';
	return out;
}

struct ical_event {
	int64_t id;
	const char *title, *summary, *kind, *location, *organiser;
	int64_t starts_at, ends_at, stamp;
};

static icalcomponent *ical_vevent(struct http_request *req, struct app_ctx *ctx,
				  const struct app_site *site, const struct ical_event *e)
{
	struct arena *a = &req->arena;
	icalcomponent *ev = icalcomponent_new_vevent();
	if (ev == NULL)
		return NULL;
	const char *uid = arena_printf(a, "event-%lld@%s", (long long)e->id, site->host);
	const char *url = arena_printf(a, "%s/events/%lld", site->base, (long long)e->id);
	const char *desc = e->organiser != NULL ? arena_printf(a, "%s\n\n%s %s\n%s", e->summary,
							       tr(ctx->lang, N_("Organised by")),
							       e->organiser, url)
						: arena_printf(a, "%s\n\n%s", e->summary, url);
	if (uid == NULL || url == NULL || desc == NULL) {
		icalcomponent_free(ev);
		return NULL;
	}
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(e->stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(e->starts_at)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(utc_time(e->ends_at)));
	icalcomponent_add_property(ev, icalproperty_new_summary(ical_text(a, e->title)));
	icalcomponent_add_property(ev, icalproperty_new_description(ical_text(a, desc)));
	icalcomponent_add_property(ev, icalproperty_new_location(ical_text(a, e->location)));
	icalcomponent_add_property(ev, icalproperty_new_categories(ical_text(a, e->kind)));
	icalcomponent_add_property(ev, icalproperty_new_url(url));
	return ev;
}

static icalcomponent *ical_calendar(struct app_ctx *ctx, const char *name)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	if (cal == NULL)
		return NULL;
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal,
				   icalproperty_new_prodid("-//oic//Open Innovation City//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	/* The name calendars show for a subscription (a common extension). */
	icalproperty *x = icalproperty_new_x(tr(ctx->lang, name));
	icalproperty_set_x_name(x, "X-WR-CALNAME");
	icalcomponent_add_property(cal, x);
	return cal;
}

/* Serialise cal into the response and free it. */
static void ical_send(struct http_request *req, struct http_response *resp, icalcomponent *cal,
		      const char *filename)
{
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (text == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	buf_puts(&resp->body, text);
	icalmemory_free_buffer(text);
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
	int rc;

	if (!query_kind(req, resp, &kind))
		return;
	pthread_once(&ical_once, ical_init);
	app_site(req, &site);
	struct db_stmt *st = db_stmt(ctx->db, STMT_event_upcoming);
	icalcomponent *cal = ical_calendar(ctx, N_("Events of the Open Innovation City"));
	if (st == NULL || cal == NULL) {
		if (cal != NULL)
			icalcomponent_free(cal);
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, kind);
	db_bind_i64(st, 2, today_start(ctx->now) - EVENTS_ICS_PAST_S);
	db_bind_i64(st, 3, EVENT_KEY_MIN);
	db_bind_i64(st, 4, 0);
	db_bind_i64(st, 5, EVENTS_ICS_MAX);
	while ((rc = db_step(st)) == DB_ROW) {
		struct event_row r;
		read_row(req, ctx, st, &r);
		/* The list has no creation time; the start is stable and revised with it. */
		struct ical_event e = {r.id,	    r.title,	 r.summary, r.kind,	r.location,
				       r.organiser, r.starts_at, r.ends_at, r.starts_at};
		icalcomponent *ev = ical_vevent(req, ctx, &site, &e);
		if (ev == NULL) {
			rc = -1;
			break;
		}
		icalcomponent_add_component(cal, ev);
	}
	db_reset(st);
	if (rc < 0) {
		icalcomponent_free(cal);
		app_error(req, resp, 503, NULL);
		return;
	}
	ical_send(req, resp, cal, NULL);
}

void events_page_ics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct event_view v;
	struct app_site site;
	int64_t created;

	if (!route_event(req, resp, ctx, &v, &created))
		return;
	pthread_once(&ical_once, ical_init);
	app_site(req, &site);
	struct ical_event e = {v.id,	    v.title,	 v.summary, v.kind, v.location,
			       v.organiser, v.starts_at, v.ends_at, created};
	icalcomponent *cal = ical_calendar(ctx, N_("Events of the Open Innovation City"));
	icalcomponent *ev = cal != NULL ? ical_vevent(req, ctx, &site, &e) : NULL;
	if (ev == NULL) {
		if (cal != NULL)
			icalcomponent_free(cal);
		app_error(req, resp, 500, NULL);
		return;
	}
	icalcomponent_add_component(cal, ev);
	ical_send(req, resp, cal, arena_printf(&req->arena, "event-%lld.ics", (long long)v.id));
}
