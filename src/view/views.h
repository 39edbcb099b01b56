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
	const char *feed_href;	/* an Atom feed of the page (<link rel="alternate">), or NULL */
	const char *feed_title; /* its title */
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

/* The problems of a form, listed on top and linked to their fields
 * (the error_summary partial); empty when the form has none. */
struct error_summary {
	struct form_error *errors;
	size_t errors_count;
};

/* The links to the next and the first page of a keyset list (the pager
 * partial); NULL where there is none. */
struct pager {
	const char *next_href;
	const char *first_href;
};

struct error_view {
	struct layout_view layout;
	int64_t status;
	const char *heading;
	const char *message;
};

struct name_item {
	const char *name;
};

/* A link among alternatives (orders, filters); current is "true" or NULL. */
struct choice_link {
	const char *href;
	const char *label;
	const char *current;
};

/* A checkbox among several (topics, sectors). */
struct check_option {
	const char *id; /* the input's id */
	const char *value;
	const char *label;
	bool checked;
};

/* A date-and-time field of the challenge form. */
struct date_field {
	const char *name; /* also the id */
	const char *label;
	const char *value; /* "2026-03-01T09:00" */
	const char *error;
};

/* The view structs of every feature (src/features/<name>/views.h), in the
 * order of FEATURES in the Makefile. */
#include "features_views.h"

#endif
