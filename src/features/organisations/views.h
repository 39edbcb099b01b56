/*
 * views.h - view structs of organisations.  Collected into view/views.h
 * by the build; see view/views.h for the conventions.
 */
#ifndef OIC_ORGANISATIONS_VIEWS_H
#define OIC_ORGANISATIONS_VIEWS_H

/* One thing the organisation sponsors, runs or organises. */
struct org_link {
	const char *href;
	const char *title;
	const char *lang;
	int64_t at; /* events: when it begins */
};

/*
 * What an organisation sponsors, runs and organises (the org_links
 * partial): its page and its entry in the directory of actors show them.
 */
struct org_links {
	struct org_link *challenges;
	size_t challenges_count;
	struct org_link *projects;
	size_t projects_count;
	struct org_link *events;
	size_t events_count;
};

struct organisation_view {
	struct layout_view layout;
	int64_t id;
	const char *name;
	const char *sector; /* translated */
	const char *lang;
	struct html_safe summary; /* Markdown, rendered */
	const char *website;	  /* NULL when none */
	bool verified;
	int64_t verified_at;
	bool can_edit; /* the visitor represents it */
	const char *edit_href;
	const char *actor_href; /* its entry in the directory of actors */
	struct org_links links;
};

/*
 * The fields of a profile both forms have (the org_profile_fields
 * partial): the representatives' and the office's.
 */
struct org_profile_fields {
	const char *summary;
	const char *website;
	struct field_option *langs;
	size_t langs_count;
	const char *summary_error;
	const char *website_error;
	const char *lang_error;
};

/* The representatives' profile form (/organisations/{id}/edit). */
struct organisation_edit_view {
	struct layout_view layout;
	int64_t id;
	const char *name;
	bool verified;
	const char *csrf;
	const char *notice;
	struct error_summary problem_list;
	struct org_profile_fields fields;
};

#endif
