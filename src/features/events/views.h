/*
 * views.h - view structs of events: events.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_EVENTS_VIEWS_H
#define OIC_EVENTS_VIEWS_H

struct event_row {
	int64_t id;
	const char *title;
	const char *summary;
	const char *kind; /* translated */
	const char *location;
	const char *lang;
	const char *organiser; /* or NULL */
	int64_t starts_at;
	int64_t ends_at;
	int64_t organiser_id;	 /* 0 when none */
	bool booked_out;	 /* every place taken (a waitlist may be open) */
	bool organiser_verified; /* the office verified the organiser */
};

struct event_list_view {
	struct layout_view layout;
	bool past;		  /* the archive instead of the upcoming events */
	struct nav_link *filters; /* kind filter links; current = "page" */
	size_t filters_count;
	const char *other_href; /* upcoming <-> past, keeping the kind */
	struct event_row *events;
	size_t events_count;
	const char *next_href;	/* NULL on the last page */
	const char *first_href; /* NULL on the first page */
};

struct event_view {
	struct layout_view layout;
	int64_t id;
	const char *title;
	const char *summary;
	const char *kind; /* translated */
	const char *location;
	const char *lang;
	int64_t starts_at;
	int64_t ends_at;
	bool has_capacity;
	int64_t capacity;
	bool is_past;
	const char *organiser; /* or NULL */
	int64_t organiser_id;
	const char *organiser_summary;
	const char *organiser_lang;
	int64_t registered; /* places taken */
	int64_t waitlist;   /* people waiting */
	bool has_waitlist;
	bool full;
	bool organiser_verified; /* the office verified it (organisations) */
	/* The logged-in person's state; all false/NULL when anonymous. */
	const char *csrf;
	bool logged_in;
	bool is_registered;
	bool is_waitlisted;
	const char *login_href; /* anonymous: log in to register */
};

#endif
