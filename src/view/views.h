/*
 * views.h - the structs that templates render.
 *
 * Each template declares the struct it renders ({{@struct NAME}}), so a
 * field used by a template but missing here is a C compile error.  All
 * strings are NUL-terminated and live in the request arena; NULL renders
 * as nothing and counts as false in {{#if}}.  Arrays come with a
 * NAME_count field, as {{#each}} expects.
 */
#ifndef OIC_VIEW_VIEWS_H
#define OIC_VIEW_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/tpl.h"

struct nav_link {
	const char *href;
	const char *label;   /* translated */
	const char *current; /* "page" when this is the current page, or NULL */
};

struct lang_link {
	const char *href;
	const char *code;  /* "de" */
	const char *label; /* the language's own name: "Deutsch" */
	const char *current;
};

/* The frame of every page: head, header, navigation, footer. */
struct layout_view {
	const char *title;     /* page title, translated */
	const char *lang;      /* code of the page's language */
	const char *user_name; /* NULL when nobody is logged in */
	bool is_admin;
	const char *csrf;   /* for the logout form; NULL when anonymous */
	const char *notice; /* a one-off confirmation shown on top */
	int64_t unread;	    /* unread notifications of the user */
	struct nav_link *nav;
	size_t nav_count;
	struct lang_link *langs;
	size_t langs_count;
};

struct field_option {
	const char *value;
	const char *label;
	bool selected;
};

/* A form error, listed in the summary and linked to its field. */
struct form_error {
	const char *field; /* the input's id */
	const char *message;
};

struct error_view {
	struct layout_view layout;
	int64_t status;
	const char *heading;
	const char *message;
};

struct register_view {
	struct layout_view layout;
	const char *csrf;
	const char *email;
	const char *name;
	const char *organisation;
	const char *email_error;
	const char *name_error;
	const char *password_error;
	const char *sector_error;
	const char *organisation_error;
	struct form_error *errors;
	size_t errors_count;
	struct field_option *sectors;
	size_t sectors_count;
};

struct login_view {
	struct layout_view layout;
	const char *csrf;
	const char *email;
	const char *error; /* one message for the whole form */
	const char *next;
};

struct account_view {
	struct layout_view layout;
	const char *csrf;
	const char *name;
	const char *email;
	const char *sector;
	const char *organisation;
	const char *role;
	int64_t created;
	struct field_option *languages;
	size_t languages_count;
	const char *delete_error;
};

struct challenge_card {
	int64_t id;
	const char *title;
	const char *summary;
	const char *sponsor;
	const char *phase;
	const char *lang;
	int64_t deadline;
	bool has_deadline;
	int64_t ideas;
	int64_t cover_id; /* the cover picture's upload, or 0 */
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

/* Imprint, privacy and accessibility statement: text only. */
struct text_page_view {
	struct layout_view layout;
	const char *contact_email;
};

struct audit_row {
	int64_t at;
	const char *actor;
	const char *action;
	const char *subject;
	const char *detail;
};

struct admin_view {
	struct layout_view layout;
	int64_t accounts;
	int64_t organisations;
	int64_t challenges;
	struct audit_row *audit;
	size_t audit_count;
};

/* Feature views (one header per feature, written alongside its pages). */
#include "view/views_social.h"
#include "view/views_attach.h"
#include "view/views_funnel.h"
#include "view/views_discover.h"
#include "view/views_api.h"
#include "view/views_events.h"

#endif
