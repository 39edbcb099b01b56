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
	bool cancelled;		 /* called off */
	int64_t sequence;	 /* the calendar's SEQUENCE */
	const char *online_url;	 /* "" none */
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

struct event_challenge_link {
	int64_t id;
	const char *title;
	const char *lang;
};

struct event_view {
	struct layout_view layout;
	int64_t id;
	const char *title;
	const char *summary;	       /* Markdown (the calendar's text) */
	struct html_safe summary_html; /* as the page shows it */
	const char *kind;	       /* translated */
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
	bool organiser_verified;   /* the office verified it (organisations) */
	bool cancelled;		   /* called off */
	const char *cancel_reason; /* "" none */
	int64_t sequence;
	const char *online_url;			 /* "" none */
	bool may_organise;			 /* the viewer may use the organisers' tools */
	struct event_challenge_link *challenges; /* the challenges it belongs to */
	size_t challenges_count;
	/* The logged-in person's state; all false/NULL when anonymous. */
	const char *csrf;
	bool logged_in;
	bool is_registered;
	bool is_waitlisted;
	const char *login_href; /* anonymous: log in to register */
};

/* ---- the back office (admin.c; after office's views, whose struct admin_nav these embed) ---- */

struct admin_event_row {
	int64_t id;
	const char *title;
	const char *lang;
	const char *kind; /* translated */
	int64_t starts_at, ends_at;
	const char *location;
	bool has_capacity;
	int64_t capacity, registered, waitlist;
	int64_t organiser_id;
	const char *organiser; /* NULL when none */
	bool organiser_verified;
	const char *edit_href, *registrations_href;
};

struct admin_events_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *q;
	const char *q_error;
	struct field_option *whens, *kinds, *organisers;
	size_t whens_count, kinds_count, organisers_count;
	const char *caption; /* translated: what the table holds and in which order */
	struct admin_event_row *rows;
	size_t rows_count;
	struct pager pager;
};

/* The form (new and edit). */
struct admin_event_form_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	const char *heading; /* translated */
	const char *action;
	int64_t id; /* 0: a new event */
	const char *title, *summary, *location, *capacity, *online_url;
	const char *start_date, *start_time, *end_date, *end_time;
	struct field_option *kinds, *organisers, *langs, *challenges;
	size_t kinds_count, organisers_count, langs_count, challenges_count;
	int64_t registered, waitlist; /* the places taken now (edit) */
	const char *title_error, *summary_error, *kind_error, *start_date_error, *start_time_error,
		*end_date_error, *end_time_error, *location_error, *capacity_error,
		*organiser_error, *lang_error, *online_url_error, *challenges_error;
	const char *history_href;
};

struct admin_registration_row {
	int64_t position; /* in its list's order */
	int64_t user_id;
	const char *name;
	const char *email; /* NULL unless the viewer may see addresses */
	int64_t created;
};

struct admin_registrations_view {
	struct layout_view layout;
	struct admin_nav nav;
	int64_t id;
	const char *title;
	const char *lang;
	int64_t starts_at, ends_at;
	bool has_capacity;
	int64_t capacity, registered, waitlist;
	bool waitlisted;	     /* the waitlist rather than the registered */
	const char *registered_href; /* the two lists ("page" marks the current) */
	const char *waitlist_href;
	const char *registered_current, *waitlist_current;
	bool show_email;
	struct admin_registration_row *rows;
	size_t rows_count;
	struct pager pager;
	const char *csv_href;
};

/* ---- organisers' tools (tools.c) ---- */

/* The event above each tool's page. */
struct event_tools_head {
	int64_t id;
	const char *title, *lang, *location, *online_url, *reason; /* reason NULL: none */
	int64_t starts_at, ends_at, registered, waitlist;
	bool cancelled;
};

struct event_attendee_row {
	int64_t user_id;
	const char *name;
	int64_t created;
	bool attended, absent;
	const char *state; /* translated */
};

struct event_attendees_view {
	struct layout_view layout;
	struct event_tools_head head;
	const char *csrf;
	const char *notice;
	const char *problem; /* translated; the page is a 422 */
	struct event_attendee_row *rows;
	size_t rows_count;
	struct pager pager;
};

struct event_checkin_row {
	int64_t position;
	const char *name;
};

struct event_checkin_view {
	struct layout_view layout;
	struct event_tools_head head;
	struct event_checkin_row *names;
	size_t names_count;
	bool truncated;
};

struct event_call_off_view {
	struct layout_view layout;
	struct event_tools_head head;
	struct error_summary problem_list;
	const char *csrf;
	const char *reason;
	const char *reason_error, *confirm_error;
	bool blocked; /* already called off or over */
};

struct account_calendar_view {
	struct layout_view layout;
	const char *csrf;
	bool has_token;
	const char *url; /* shown once, after renewing; else NULL */
};

#endif
