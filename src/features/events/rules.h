/*
 * rules.h - events of the city's innovation programme (workshops,
 * hackathons, labs, meetups, conferences) without I/O: their kinds, the
 * back office's event form (what a title, a time, a capacity may be),
 * what a change does for the audit log, and who may manage events.
 * the handlers in features/events/ use them; tests/unit/test_event.c tests them.
 */
#ifndef OIC_DOMAIN_EVENT_H
#define OIC_DOMAIN_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/roles.h"
#include "base/arena.h"

enum event_kind {
	EVENT_WORKSHOP,
	EVENT_HACKATHON,
	EVENT_LAB,
	EVENT_MEETUP,
	EVENT_CONFERENCE,
	EVENT_KIND__COUNT
};

struct event_kind_info {
	const char *id;	   /* stored in events.kind */
	const char *label; /* English msgid */
};

extern const struct event_kind_info event_kind_table[EVENT_KIND__COUNT];

/* Parse a kind id; false for anything else (including NULL). */
bool event_kind_parse(const char *id, enum event_kind *out);

/* The English msgid of a kind id; the id itself when unknown. */
const char *event_kind_label(const char *id);

/* ---- the back office's form (features/events/admin.c) ---- */

enum {
	EVENT_TITLE_MAX = 200,	  /* characters */
	EVENT_SUMMARY_MAX = 5000, /* characters of Markdown */
	EVENT_LOCATION_MAX = 200, /* characters */
	EVENT_CAPACITY_MAX = 100000,
	EVENT_ONLINE_URL_MAX = 500,	/* bytes */
	EVENT_CANCEL_REASON_MAX = 1000, /* characters */
	EVENT_CHALLENGES_MAX = 20,	/* challenges one event belongs to */
	EVENT_FORM_PROBLEMS = 13,	/* at most one per field */
};

/* A local date and time as the form's date and time inputs send them. */
struct event_local {
	int year, month, day, hour, minute;
};

/*
 * The local time t in seconds since the epoch (the handler's is mktime
 * in the city's zone; a test's may be UTC).
 */
typedef int64_t event_local_time_fn(const struct event_local *t);

/* The form as typed (NULL: not sent, the same as empty). */
struct event_input {
	const char *title, *summary, *kind;
	const char *start_date, *start_time, *end_date, *end_time; /* "2026-03-01", "09:30" */
	const char *location, *capacity, *organiser, *lang;
	const char *online_url;	       /* "" none, else http(s) */
	const char *const *challenges; /* the chosen challenge ids as sent */
	size_t challenges_count;
};

/* The form as checked: trimmed copies, times in seconds. */
struct event_fields {
	const char *title, *summary, *location;
	const char *kind; /* a kind id */
	const char *lang; /* "de" or "en" */
	int64_t starts_at, ends_at;
	bool has_capacity; /* false: no limit */
	int64_t capacity;
	int64_t organiser_id;	/* 0: none (the handler checks that it exists) */
	const char *online_url; /* "": none */
	/* The challenges it belongs to: ids ascending, and as "3,7" ("" none) for the audit. */
	int64_t challenge_ids[EVENT_CHALLENGES_MAX];
	size_t challenges_count;
	const char *challenges;
};

/*
 * The challenge ids of a form (or the store) into f: sorted, each once,
 * at most EVENT_CHALLENGES_MAX; f->challenges their text.  False when
 * one is not an id or there are too many (f keeps none).
 */
bool event_challenges_set(struct arena *a, const char *const *ids, size_t n,
			  struct event_fields *f);

/* "09:30" (or "09:30:00", as some browsers send it) into hour and minute. */
bool event_parse_time(const char *s, int *hour, int *minute);

/*
 * Check the form into *out.  Fields of the problems: "title", "summary",
 * "kind", "start_date", "start_time", "end_date", "end_time" (also: the
 * end is not after the start), "location", "capacity", "organiser",
 * "lang"; English msgids.  Writes at most EVENT_FORM_PROBLEMS problems
 * and returns how many.
 */
size_t event_form_check(struct arena *a, const struct event_input *in, event_local_time_fn *to_time,
			struct event_fields *out, struct field_problem *problems);

/*
 * Whether an event that registered people hold places of may take the
 * capacity (has_capacity false: no limit): NULL when it may, else why
 * (an English msgid).  Lowering it below the places taken is refused
 * rather than moving people who hold a place back to the waitlist.
 */
const char *event_capacity_problem(bool has_capacity, int64_t capacity, int64_t registered);

/*
 * How many people of a waitlist of `waiting` get a place when the
 * capacity becomes (has_capacity, capacity) with `registered` places
 * taken: the freed places, at most the waitlist.
 */
int64_t event_places_freed(bool has_capacity, int64_t capacity, int64_t registered,
			   int64_t waiting);

/*
 * The fields as "field: value" lines for the audit log (times in UTC,
 * RFC 3339; capacity "unlimited"; organiser "organisation:N" or
 * "none").  With before: only the lines of fields that differ, into
 * *was and *is, and false when nothing differs.  Without: every line
 * into *is (a new event), *was "".
 */
bool event_fields_diff(struct arena *a, const struct event_fields *before,
		       const struct event_fields *after, const char **was, const char **is);

/*
 * Who manages events in the back office (creates and edits them, reads
 * their registrations): PERM_MANAGE_CONTENT.  Organisers' own tools
 * (issue 12) would widen this for an event's organiser.
 */
bool event_office_may(enum role r);

/* Whether the registrations list shows e-mail addresses (administrators, as /admin/accounts). */
bool event_shows_email(enum role r);

/* The back office list's time filter. */
enum event_when { EVENT_WHEN_UPCOMING, EVENT_WHEN_PAST, EVENT_WHEN_ALL, EVENT_WHEN__COUNT };

extern const struct event_kind_info event_when_table[EVENT_WHEN__COUNT];

/* "upcoming" (also NULL and ""), "past", "all"; false for anything else. */
bool event_when_parse(const char *s, enum event_when *out);

/* ---- organisers' tools (features/events/tools.c) ---- */

/*
 * Whether a link to take part online is acceptable: NULL when it is
 * (empty: none), else why (an English msgid).  http:// or https://, a
 * host, no blanks or control characters, at most EVENT_ONLINE_URL_MAX
 * bytes.
 */
const char *event_online_url_problem(const char *url);

/*
 * Who may see an event's attendees, record attendance and call it off:
 * the office (event_office_may) and the representatives of the
 * organiser organisation (represents).
 */
bool event_organiser_may(enum role r, bool represents);

/*
 * Whether an event may be called off: NULL when it may, else why (an
 * English msgid): once only, and not after it has ended.
 */
const char *event_call_off_problem(bool cancelled, bool over);

/* Whether a change moves the event in time (its registrants are told). */
bool event_time_changed(const struct event_fields *before, const struct event_fields *after);

/* The attendance a form sends: "yes" 1, "no" 0, "unknown" -1; false for anything else. */
bool event_attendance_parse(const char *s, int *out);

#endif
