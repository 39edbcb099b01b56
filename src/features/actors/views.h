/*
 * views.h - view structs of the directory of actors.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 * struct org_links is organisations' (features/organisations/views.h,
 * earlier in FEATURES).
 */
#ifndef OIC_ACTORS_VIEWS_H
#define OIC_ACTORS_VIEWS_H

/* A competence as shown: its label, and the directory filtered by it. */
struct actor_tag_link {
	const char *href;
	const char *label;
};

/* One actor in the directory. */
struct actor_card {
	const char *href;
	const char *name;
	const char *lang;   /* of the name (an organisation's language) */
	const char *kind;   /* "Organisation" or "Person", translated */
	const char *sector; /* translated; NULL when not public */
	bool verified;
	const char *district; /* NULL when none or not public */
	const char *offers;   /* shortened; NULL when none or not public */
	const char *tags;     /* labels joined by " · "; NULL when none or not public */
};

struct actors_view {
	struct layout_view layout;
	const char *q;
	const char *q_error;
	struct field_option *sectors; /* first: all */
	size_t sectors_count;
	struct field_option *tags; /* first: all */
	size_t tags_count;
	struct field_option *districts; /* first: all */
	size_t districts_count;
	bool filtered;
	struct actor_card *actors;
	size_t actors_count;
	struct pager pager;
};

/* An idea a person took part in, with its challenge and its project. */
struct actor_idea {
	const char *href;
	const char *title;
	const char *lang;
	const char *challenge_href; /* NULL when in the open box */
	const char *challenge_title;
	const char *challenge_lang;
	const char *project_href; /* NULL when it became none */
	const char *project_title;
	const char *project_lang;
};

/* An open opportunity of an organisation (features/opportunities' board). */
struct actor_opportunity {
	const char *href;
	const char *title;
	const char *lang;
	const char *deadline; /* "YYYY-MM-DD" */
};

struct actor_page_view {
	struct layout_view layout;
	int64_t id;
	const char *name;
	const char *lang;
	const char *kind;   /* translated */
	const char *sector; /* translated; NULL when not public */
	bool is_organisation;
	bool verified;
	const char *organisation_href;
	struct html_safe summary; /* an organisation's description, Markdown */
	struct actor_tag_link *tags;
	size_t tags_count;
	const char *offers; /* NULL when none or not public */
	const char *needs;
	const char *district;
	const char *district_href;
	const char *website;
	const char *languages_text; /* the languages' names, joined */
	bool has_facts;		    /* district, website or languages */
	bool can_edit;
	const char *edit_href;
	struct org_links links;	  /* an organisation's */
	struct actor_idea *ideas; /* a person's, when public */
	size_t ideas_count;
	struct contact_form contact;		 /* features/contact: "Get in touch" */
	struct matching_section matches;	 /* features/matching: suggestions */
	struct actor_opportunity *opportunities; /* an organisation's open ones */
	size_t opportunities_count;
	const char *opportunities_href; /* the board filtered by the organisation */
};

/* The profile's fields (the actor_fields partial), in both forms. */
struct actor_form_fields {
	struct check_option *competences;
	size_t competences_count;
	const char *tags; /* the free ones, comma-separated */
	const char *offers;
	const char *needs;
	const char *district;
	bool with_website; /* a person's; an organisation's is its profile's */
	const char *website;
	struct check_option *languages;
	size_t languages_count;
	const char *competences_error;
	const char *tags_error;
	const char *offers_error;
	const char *needs_error;
	const char *district_error;
	const char *website_error;
	const char *languages_error;
};

/* A person's choices: listed or not, and which fields are public (actor_listing partial). */
struct actor_listing {
	bool listed;
	struct check_option *fields;
	size_t fields_count;
	const char *listed_error;
	const char *fields_error;
};

/* The section of /account (actor_account_section partial). */
struct actor_account_section {
	const char *csrf;
	const char *notice;
	const char *page_href; /* the entry's page, when listed */
	struct actor_listing listing;
	struct actor_form_fields fields;
};

/* /actors/{id}/edit, and the answer of a form with problems. */
struct actor_edit_view {
	struct layout_view layout;
	int64_t id; /* 0: a person's entry not saved yet */
	const char *name;
	const char *csrf;
	const char *action;
	const char *back_href;
	const char *notice;
	bool person;
	struct error_summary problem_list;
	struct actor_listing listing; /* a person's */
	struct actor_form_fields fields;
};

#endif
