/*
 * views.h - view structs of site: the home page and the text pages.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_SITE_VIEWS_H
#define OIC_SITE_VIEWS_H

struct challenge_card {
	int64_t id;
	const char *title;
	const char *summary;
	const char *sponsor;
	const char *phase;
	const char *lang;
	int64_t deadline;
	int64_t ideas;
	int64_t cover_id;   /* the cover picture's upload, or 0 */
	int64_t sponsor_id; /* 0 when none */
	bool has_deadline;
	bool sponsor_verified; /* the office verified the sponsor */
};

struct event_card {
	int64_t id;
	const char *title;
	const char *summary;
	const char *kind;
	const char *location;
	const char *lang;
	int64_t starts_at;
};

struct partner_card {
	const char *name;
	const char *country;
	const char *kind;
	const char *lang;
	const char *since_text; /* the year, without digit grouping */
};

struct sector_bar {
	const char *label;
	int64_t count;
	int64_t percent;   /* 0..100, of all accounts */
	const char *width; /* percent as SVG length, e.g. "42%" */
	const char *y;	   /* row position in the chart */
};

struct home_view {
	struct layout_view layout;
	int64_t accounts;
	int64_t organisations;
	int64_t challenges;
	int64_t ideas;
	int64_t partners;
	struct challenge_card *open_challenges;
	size_t open_challenges_count;
	struct event_card *events;
	size_t events_count;
	struct partner_card *partner_list;
	size_t partner_list_count;
	struct sector_bar *sectors;
	size_t sectors_count;
};

/*
 * Imprint, privacy and accessibility statement: the office's text (body,
 * from Markdown), or without one the template's built-in text.
 */
struct text_page_view {
	struct layout_view layout;
	struct html_safe body;
	const char *contact_email;
};

#endif
