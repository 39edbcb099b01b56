/*
 * views.h - view structs of content: the back office's content pages.
 * Collected into view/views.h by the build (after office's, whose
 * struct admin_nav they embed); see view/views.h for the conventions.
 */
#ifndef OIC_CONTENT_VIEWS_H
#define OIC_CONTENT_VIEWS_H

/* A page in one language: its newest version (0: none, the built-in text). */
struct content_state {
	const char *lang_label;
	int64_t version;
	int64_t at;
	const char *author; /* NULL when the account is gone */
};

struct content_page_row {
	const char *title;
	const char *href;
	struct content_state *langs;
	size_t langs_count;
};

struct content_pages_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct content_page_row *pages;
	size_t pages_count;
};

/* A language's textarea in the form. */
struct content_field {
	const char *id;	  /* "body-de": the field's name and id */
	const char *lang; /* "de" */
	const char *label;
	const char *value;
	const char *error;
	struct content_state state;
	struct html_safe preview; /* the text as the page would show it (the preview button) */
};

/* A line of the history. */
struct content_version_row {
	const char *href;
	const char *lang_label;
	int64_t version;
	int64_t at;
	const char *author;
	int64_t restored_from; /* the version it copies, 0 for a save */
};

struct content_edit_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	const char *title;
	const char *hint;
	const char *action;	 /* the form's own path */
	const char *public_href; /* the public page */
	struct content_field *fields;
	size_t fields_count;
	bool previewing; /* the fields' previews are shown */
	struct content_version_row *history;
	size_t history_count;
	struct pager pager;
};

struct content_version_view {
	struct layout_view layout;
	struct admin_nav nav;
	const char *csrf;
	const char *title;
	const char *back_href;
	const char *restore_action;
	const char *lang;
	const char *lang_label;
	int64_t version;
	int64_t at;
	const char *author;
	int64_t restored_from;
	bool is_current; /* the newest of its language: nothing to restore */
	const char *body_md;
	struct html_safe body;
};

#endif
