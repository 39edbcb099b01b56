/*
 * views.h - view structs of projects: pilot projects.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_PROJECTS_VIEWS_H
#define OIC_PROJECTS_VIEWS_H

/* ---- pilot projects ---- */
struct project_card {
	int64_t id;
	const char *title;
	const char *summary;
	const char *status; /* translated label */
	const char *status_id;
	const char *org; /* responsible organisation, or NULL */
	const char *lang;
	int64_t progress; /* 0..100 */
	int64_t created;
	int64_t org_id;	   /* 0 when none */
	bool org_verified; /* the office verified it */
};

/* An idea waiting for its project (shown to administrators). */
struct project_idea_ref {
	int64_t id;
	const char *title;
	const char *lang;
	const char *status; /* translated */
};

struct project_list_view {
	struct layout_view layout;
	struct nav_link *filters; /* status filter links; current = "page" */
	size_t filters_count;
	struct project_card *projects;
	size_t projects_count;
	const char *next_href;	/* NULL on the last page */
	const char *first_href; /* NULL on the first page */
	bool can_manage;
	struct project_idea_ref *waiting;
	size_t waiting_count;
};

struct milestone_row {
	int64_t id;
	const char *title;
	bool has_due;
	int64_t due_at;
	bool done;
	int64_t done_at;
	bool overdue; /* due date passed, not done */
};

struct project_update_row {
	int64_t id;
	struct html_safe body; /* Markdown, rendered safely */
	bool has_progress;
	int64_t progress;
	int64_t created;
	const char *author;
};

struct project_view {
	struct layout_view layout;
	int64_t id;
	const char *title;
	const char *summary;
	const char *status;
	const char *lang;
	int64_t progress;
	int64_t budget; /* whole euros */
	struct html_safe results;
	const char *org;
	int64_t org_id;
	bool org_verified; /* the office verified it (organisations) */
	int64_t idea_id;
	const char *idea_title;
	const char *idea_lang;
	const char *address;
	int64_t created;
	int64_t updated;
	struct milestone_row *milestones;
	size_t milestones_count;
	int64_t milestones_done;
	struct project_update_row *updates;
	size_t updates_count;
	const char *older_href; /* older status updates, or NULL */
	const char *newest_href;
	/* Administrators' forms. */
	const char *csrf;
	struct error_summary problem_list; /* problems of the form, on top */
	const char *milestone_title;
	const char *milestone_due;
	const char *milestone_title_error;
	const char *milestone_due_error;
	const char *update_body;
	const char *update_progress;
	const char *update_body_error;
	const char *update_progress_error;
	struct comment_section comments;
	/* Flags last: they pack together. */
	bool has_budget;
	bool has_results;
	bool has_idea;
	bool has_location;
	bool can_manage;
};

/* Create (from an idea) or edit a project. */
struct project_form_view {
	struct layout_view layout;
	const char *csrf;
	const char *action;
	bool is_new;
	int64_t id; /* the project, when editing */
	int64_t idea_id;
	const char *idea_title;
	const char *idea_lang;
	const char *title;
	const char *summary;
	const char *budget;
	const char *results;
	const char *lat;
	const char *lon;
	const char *address;
	const char *title_error;
	const char *summary_error;
	const char *org_error;
	const char *budget_error;
	const char *status_error;
	const char *results_error;
	const char *location_error;
	const char *address_error;
	const char *lang_error;
	struct error_summary problem_list; /* problems of the form, on top */
	struct field_option *orgs;
	size_t orgs_count;
	struct field_option *statuses;
	size_t statuses_count;
	struct field_option *langs;
	size_t langs_count;
};

#endif
