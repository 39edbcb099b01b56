/*
 * views.h - view structs of the opportunities board.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 * struct actor_tag_link is the directory of actors'
 * (features/actors/views.h, earlier in FEATURES).
 */
#ifndef OIC_OPPORTUNITIES_VIEWS_H
#define OIC_OPPORTUNITIES_VIEWS_H

/* One opportunity on the board. */
struct opp_card {
	const char *href;
	const char *title;
	const char *lang;
	const char *kind; /* translated */
	const char *organisation;
	const char *organisation_lang;
	const char *deadline; /* "YYYY-MM-DD" */
	int64_t deadline_at;  /* noon of that day, for {{ date }} */
	const char *place;    /* NULL when none */
	bool remote;
	const char *sectors; /* translated, joined */
	const char *topics;  /* labels joined by " · "; NULL when none */
};

struct opps_view {
	struct layout_view layout;
	bool archived;
	struct field_option *kinds; /* first: all */
	size_t kinds_count;
	struct field_option *sectors; /* first: all */
	size_t sectors_count;
	struct field_option *topics; /* first: all */
	size_t topics_count;
	struct field_option *organisations; /* first: all */
	size_t organisations_count;
	bool filtered;
	const char *reset_href;
	struct opp_card *cards;
	size_t cards_count;
	struct pager pager;
	bool can_post;
};

/* A reply through the platform, as the organisation's representatives see it. */
struct opp_reply {
	const char *name;
	const char *body;
	int64_t created;
};

struct opp_page_view {
	struct layout_view layout;
	int64_t id;
	const char *title;
	const char *lang;
	const char *kind; /* translated */
	const char *organisation;
	const char *organisation_lang;
	const char *organisation_href; /* its actor's page */
	const char *sectors;	       /* translated, joined */
	struct actor_tag_link *topics;
	size_t topics_count;
	struct html_safe description;
	const char *deadline;
	int64_t deadline_at;
	const char *place; /* NULL when none */
	const char *link;  /* NULL: replies through the platform */
	const char *edit_href;
	/* Replying through the platform. */
	const char *login_href; /* for the anonymous */
	const char *csrf;
	const char *reply_body;
	const char *reply_error;
	struct error_summary problem_list;
	const char *notice;
	const char *my_reply; /* the visitor's last reply */
	int64_t my_reply_at;
	/* The replies, for its organisation's representatives and the office. */
	struct opp_reply *replies;
	size_t replies_count;
	int64_t replies_total;
	/* Flags last (no padding between pointers). */
	bool verified;
	bool archived;
	bool remote;
	bool can_edit;
	bool platform;
	bool can_reply; /* logged in, open, not one of its representatives */
	bool sees_replies;
};

/* /opportunities/new and /opportunities/{id}/edit. */
struct opp_form_view {
	struct layout_view layout;
	int64_t id; /* 0: a new one */
	const char *heading;
	const char *action;
	const char *back_href;
	const char *csrf;
	const char *notice;
	struct error_summary problem_list;
	struct field_option *kinds;
	size_t kinds_count;
	struct field_option *organisations;
	size_t organisations_count;
	struct check_option *sectors;
	size_t sectors_count;
	struct check_option *competences;
	size_t competences_count;
	struct field_option *langs;
	size_t langs_count;
	const char *title;
	const char *description;
	const char *topics;
	const char *deadline;
	const char *min_date; /* today, for the date input */
	const char *place;
	bool remote;
	bool reply_link; /* true: an external link; false: through the platform */
	const char *link;
	const char *title_error;
	const char *description_error;
	const char *kind_error;
	const char *organisation_error;
	const char *sectors_error;
	const char *competences_error;
	const char *topics_error;
	const char *deadline_error;
	const char *place_error;
	const char *reply_error;
	const char *link_error;
	const char *lang_error;
};

#endif
