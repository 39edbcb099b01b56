/*
 * views.h - view structs of office: the back office.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_OFFICE_VIEWS_H
#define OIC_OFFICE_VIEWS_H

/* The back office's own navigation (the admin_nav partial). */
struct admin_nav {
	struct nav_link *links;
	size_t links_count;
};

/* The first and last day of a filter (the date_range partial). */
struct date_range {
	const char *from;
	const char *to;
	const char *from_error;
	const char *to_error;
};

struct audit_row {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0: the platform itself, or a deleted account */
	const char *actor;
	const char *action;
	const char *subject;
	const char *detail;
	const char *before; /* NULL when nothing was recorded */
	const char *after;
};

struct admin_view {
	struct layout_view layout;
	struct admin_nav nav;
	int64_t accounts;
	int64_t organisations;
	int64_t challenges;
	bool can_moderate;
	int64_t reported; /* subjects with open reports */
	int64_t held;	  /* posts held for review */
	bool can_read_audit;
	struct audit_row *audit;
	size_t audit_count;
};

struct account_row {
	int64_t id;
	const char *name;
	const char *email;
	const char *sector;
	const char *organisation; /* NULL when none */
	const char *role;	  /* translated */
	int64_t created;
	bool banned; /* in the list (the account page has the ban's details) */
};

struct accounts_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *q;
	const char *q_error;
	const char *role_error;
	struct field_option *roles;
	size_t roles_count;
	bool filtered;
	struct account_row *accounts;
	size_t accounts_count;
	struct pager pager;
};

struct account_admin_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	struct account_row account;
	const char *lang;
	int64_t ideas;
	int64_t comments;
	bool is_self;
	struct field_option *roles;
	size_t roles_count;
	const char *role_error;
	bool banned;
	int64_t banned_at;
	const char *ban_reason;	  /* the reason of the ban in force */
	const char *reason;	  /* the reason typed, shown again with an error */
	const char *reason_error; /* at the reason field */
	const char *ban_error;	  /* at the ban or unban button */
	const char *actions_href; /* the audit log of what the account did */
	const char *history_href; /* ... and of what was done to it */
};

struct audit_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *actor;
	const char *action;
	const char *subject;
	struct date_range dates;
	const char *actor_error;
	const char *action_error;
	const char *subject_error;
	bool filtered;
	struct audit_row *rows;
	size_t rows_count;
	const char *csv_href;
	const char *json_href;
	struct pager pager;
};

/* One sector of the quadruple-helix balance, and its bar. */
struct helix_row {
	const char *label;
	int64_t active;
	int64_t active_pct;
	int64_t contributions;
	int64_t contributions_pct;
	int64_t target_pct;
	int64_t y;	  /* the bar's top in the chart */
	int64_t width;	  /* the bar: the share of active participants */
	int64_t target_x; /* the target's mark */
};

/* One week of the period, and its bar of contributions. */
struct week_row {
	int64_t start; /* the week's first day (seconds) */
	int64_t accounts;
	int64_t ideas;
	int64_t comments;
	int64_t supports;
	int64_t registrations;
	int64_t contributions;
	int64_t x, y, height;
};

/* One stage of the funnel: the ideas that reached it. */
struct funnel_row {
	const char *label;
	int64_t reached;
	int64_t pct; /* of the ideas submitted */
	int64_t y, width;
};

struct analytics_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	struct date_range dates;
	const char *challenge_error;
	struct field_option *challenges;
	size_t challenges_count;
	const char *challenge_title; /* NULL: the whole platform */
	const char *json_href;	     /* the API (with a token) */
	const char *csv_href;	     /* the weeks as a CSV download */
	const char *json_file_href;  /* the API's document as a download */
	int64_t computed_at;	     /* 0: computed now; else the job's snapshot of then */
	bool can_set_targets;
	int64_t days;
	int64_t active;
	int64_t contributions;
	const char *balance_active; /* R of active participants, "0,83"; NULL without data */
	const char *balance_contributions;
	const char *gini;
	const char *median_days; /* NULL when no idea has an answer yet */
	int64_t answered;
	struct helix_row *helix;
	size_t helix_count;
	struct week_row *weeks;
	size_t weeks_count;
	int64_t weeks_width; /* the chart's width */
	int64_t weeks_max;
	struct funnel_row *funnel;
	size_t funnel_count;
};

struct exports_view {
	struct layout_view layout;
	struct admin_nav nav;
};

/* One sector's target share in the settings form. */
struct target_field {
	const char *id; /* "target-civil" */
	const char *label;
	const char *value;
	const char *error;
};

struct settings_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	struct target_field *targets;
	size_t targets_count;
	const char *targets_error; /* the sum */
	const char *retention;	   /* days the audit log keeps, "0": for ever */
	const char *retention_error;
};

/* ---- moderation ---- */

/* The report form of an idea, a comment or an account, and its thanks. */
struct report_view {
	struct layout_view layout;
	struct error_summary problem_list;
	const char *csrf;
	const char *heading; /* translated */
	const char *action;  /* POST here */
	const char *what;    /* the title, the start of the comment, the name */
	const char *what_lang;
	const char *back_href;	 /* the page of what is reported, or NULL */
	const char *author_href; /* report the account behind it instead, or NULL */
	struct field_option *reasons;
	size_t reasons_count;
	const char *reason_error;
	const char *details;
	const char *details_error;
	bool sent;
};

/* A reported subject in the queue, with the forms of what may be done. */
struct queue_row {
	int64_t id;	   /* of report_subjects: dismiss */
	const char *kind;  /* "ideas", "comments": the path of hide and restore; NULL: account */
	const char *label; /* translated: idea, comment, account */
	int64_t subject_id;
	const char *href; /* the public page, or the account in the back office */
	const char *excerpt;
	const char *author;	  /* NULL when gone */
	const char *account_href; /* the author's account (administrators: ban) */
	int64_t open_reports;
	int64_t last_report;
	const char *reason;  /* the newest open report's, translated */
	const char *details; /* its text, or NULL */
	bool hidden;
	bool can_hide;
	bool can_restore;
	const char *field_id; /* the reason input's id */
	const char *hide_error;
	const char *hide_value;
	const char *csrf;
};

/* A post held for review. */
struct held_row {
	const char *kind; /* "ideas", "comments" */
	int64_t id;
	const char *href;
	const char *excerpt;
	const char *lang;
	const char *author;
	int64_t created;
	const char *field_id;
	const char *hide_error;
	const char *hide_value;
	const char *csrf;
};

struct moderation_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *notice;
	bool held_view;
	int64_t reported_count;
	int64_t held_count;
	const char *reports_current; /* "page" on the tab shown */
	const char *held_current;
	struct queue_row *rows;
	size_t rows_count;
	struct held_row *ideas;
	size_t ideas_count;
	struct held_row *comments;
	size_t comments_count;
	struct pager pager;
};

/* The held words. */
struct held_words_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	const char *words;
	const char *words_error;
};

/* An idea as the merge page shows it (the admin_merge_idea partial). */
struct merge_idea {
	int64_t id;
	const char *title;
	const char *lang;
	const char *status;	     /* translated */
	const char *author;	     /* NULL: the account is gone */
	const char *challenge_title; /* NULL: the open idea box */
	int64_t supports;
	int64_t comments;
};

struct idea_merge_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	struct merge_idea source;
	struct merge_idea target; /* the confirmation step's */
	const char *target_value; /* what was typed, shown again with an error */
	const char *target_error; /* at the target field */
	const char *final_note;	  /* why the source cannot be merged, or NULL */
	int64_t merged_into;	  /* the source was merged into this idea, or 0 */
	int64_t both;		  /* confirmation: accounts that support both */
	bool confirm;		  /* the confirmation step */
};

/* ---- the ideas list ---- */

struct office_idea_row {
	int64_t id;
	const char *title;
	const char *lang;
	const char *status;    /* translated */
	const char *author;    /* NULL when gone */
	const char *sector;    /* translated, or NULL */
	const char *challenge; /* NULL: the open idea box */
	int64_t challenge_id;
	int64_t created;
	int64_t supports;
	int64_t comments;
	bool hidden; /* hidden or held */
	bool checked;
	const char *check_id;
};

struct office_ideas_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	struct field_option *challenges;
	size_t challenges_count;
	struct field_option *states;
	size_t states_count;
	struct field_option *sectors;
	size_t sectors_count;
	struct field_option *sorts;
	size_t sorts_count;
	const char *challenge; /* the filters as sent, kept by the bulk form */
	const char *state;
	const char *sector;
	const char *sort;
	struct office_idea_row *rows;
	size_t rows_count;
	struct pager pager;
	struct field_option *targets; /* the statuses a bulk change may set */
	size_t targets_count;
	const char *ids_error;
	const char *to_error;
	const char *answer;
	const char *answer_error;
	bool can_set;
};

/* ---- the challenges list ---- */

struct office_challenge_row {
	int64_t id;
	const char *title;
	const char *lang;
	const char *phase; /* translated */
	int64_t opens_at;  /* 0: not set */
	int64_t deadline;  /* 0: none */
	int64_t ideas;
	int64_t comments;
	int64_t followers;
};

struct office_challenges_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct field_option *phases;
	size_t phases_count;
	struct office_challenge_row *rows;
	size_t rows_count;
	struct pager pager;
};

/* ---- organisations (organisations.c) ---- */
struct admin_org_row {
	int64_t id;
	const char *name;
	const char *sector; /* translated */
	bool verified;
	int64_t representatives;
};

struct admin_orgs_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *q;
	const char *q_error;
	struct field_option *sectors;
	size_t sectors_count;
	struct field_option *verified;
	size_t verified_count;
	bool filtered;
	struct admin_org_row *orgs;
	size_t orgs_count;
	struct pager pager;
};

struct admin_org_rep {
	int64_t id;
	const char *name;
	const char *email;
	int64_t added_at;
};

/* The profile's fields in the back office (new and existing organisations). */
struct admin_org_fields {
	const char *name;
	const char *name_error;
	struct field_option *sectors;
	size_t sectors_count;
	const char *sector_error;
	struct org_profile_fields fields; /* features/organisations' partial */
};

/* /admin/organisations/new */
struct admin_org_new_view {
	struct layout_view layout;
	struct admin_nav nav;
	const char *csrf;
	struct error_summary problem_list;
	struct admin_org_fields form;
};

struct admin_org_view {
	struct layout_view layout;
	struct admin_nav nav;
	const char *csrf;
	const char *notice;
	struct error_summary problem_list;
	int64_t id;
	const char *current_name; /* as stored (the heading) */
	bool verified;
	int64_t verified_at;
	const char *verified_by;
	struct admin_org_fields form; /* the profile form's values */
	const char *email;
	const char *email_error;
	const char *verify_error;
	struct admin_org_rep *reps;
	size_t reps_count;
	const char *history_href;
};

/* ---- expert evaluation ---- */

struct eval_challenge_row {
	const char *title;
	const char *lang;
	const char *href;
	int64_t evaluators; /* the office's list */
	int64_t ideas;	    /* the evaluator's list: the set and their done */
	int64_t done;
};

/* The office's list of challenges and the evaluator's. */
struct eval_challenges_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct eval_challenge_row *rows;
	size_t rows_count;
	struct pager pager;
};

/* A criterion row of the office's form (weight as typed). */
struct eval_criterion_row {
	const char *name;
	const char *weight;
	const char *name_field; /* "name-1" */
	const char *weight_field;
	const char *name_error;
	const char *weight_error;
	int64_t number; /* 1.. */
};

struct eval_evaluator_row {
	int64_t id;
	const char *name;
	const char *email;
	const char *csrf;
	const char *action;
};

struct eval_result_row {
	int64_t rank; /* 0: no evaluation yet */
	int64_t id;
	const char *title;
	const char *lang;
	const char *status; /* translated */
	const char *href;
	const char *total;  /* "3,60"; NULL when none */
	const char *spread; /* NULL when fewer than two */
	bool disagree;
	int64_t submitted;
	int64_t missing;
};

struct admin_eval_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	const char *title;
	const char *lang;
	const char *challenge_href;
	const char *criteria_action;
	bool fixed;    /* evaluations exist: names and their number stay, weights change */
	bool defaults; /* not saved yet: the defaults shown */
	struct eval_criterion_row *criteria;
	size_t criteria_count;
	const char *assign_action;
	const char *evaluator;
	const char *evaluator_error;
	struct eval_evaluator_row *evaluators;
	size_t evaluators_count;
	struct eval_result_row *results; /* one page of the ranking */
	size_t results_count;
	bool results_capped; /* the set is larger than the ideas ranked */
	struct pager pager;
};

struct eval_idea_row {
	const char *title;
	const char *lang;
	const char *href;
	bool done;
};

struct eval_challenge_view {
	struct layout_view layout;
	struct admin_nav nav;
	const char *title;
	const char *lang;
	struct eval_idea_row *rows;
	size_t rows_count;
	struct pager pager;
};

struct eval_choice {
	const char *id; /* "score-12-3" */
	const char *value;
	bool checked;
};

struct eval_score_field {
	const char *name;  /* the criterion */
	const char *field; /* "score-12" */
	const char *error;
	int64_t weight;
	struct eval_choice *choices;
	size_t choices_count;
};

struct eval_given {
	const char *criterion;
	int64_t score;
};

/* A submitted evaluation as shown after one's own is in. */
struct eval_other {
	const char *name;
	bool mine;
	const char *total;
	const char *comment;
	struct eval_given *scores;
	size_t scores_count;
};

struct eval_idea_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	const char *action;
	const char *title;
	const char *lang;
	struct html_safe body;
	const char *challenge_title;
	const char *challenge_href;
	bool submitted;
	struct eval_score_field *fields;
	size_t fields_count;
	const char *comment;
	const char *comment_error;
	struct eval_other *others;
	size_t others_count;
};

/* ---- pilot projects (projects.c) ---- */
struct admin_project_row {
	int64_t id;
	const char *title;
	const char *lang;
	const char *status; /* translated */
	int64_t progress;
	const char *org; /* responsible organisation, or NULL */
	int64_t org_id;
	int64_t milestones_total;
	int64_t milestones_done;
	int64_t next_due; /* of the next open milestone, when has_next_due */
	int64_t updated;
	bool has_next_due;
	bool overdue; /* a milestone's due date passed without it being done */
	bool org_verified;
};

struct admin_projects_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *q;
	const char *q_error;
	struct field_option *statuses;
	size_t statuses_count;
	struct field_option *challenges;
	size_t challenges_count;
	struct field_option *orgs;
	size_t orgs_count;
	struct field_option *sorts;
	size_t sorts_count;
	const char *caption; /* what the table shows, in which order */
	struct admin_project_row *rows;
	size_t rows_count;
	struct pager pager;
};

/* A milestone on the back office's project page, with its own forms. */
struct admin_milestone_row {
	int64_t id;
	int64_t number; /* 1.. in the list's order */
	const char *title;
	const char *due_value; /* YYYY-MM-DD for the date field, "" when none */
	int64_t due_at;
	int64_t done_at;
	const char *title_value; /* what the edit form shows (typed, after an error) */
	const char *title_error;
	const char *due_error;
	const char *row_error; /* at the row's buttons */
	bool has_due;
	bool done;
	bool overdue;
	bool first;
	bool last;
};

struct admin_project_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	int64_t id;
	const char *title;
	const char *lang;
	const char *status; /* translated */
	int64_t progress;
	const char *org;
	int64_t org_id;
	int64_t updated;
	struct field_option *statuses;
	size_t statuses_count;
	const char *progress_value;
	const char *status_error;
	const char *progress_error;
	struct admin_milestone_row *milestones;
	size_t milestones_count;
	int64_t milestones_done;
	const char *milestones_error; /* a milestone that is not this project's */
	const char *milestone_title;  /* the add form */
	const char *milestone_due;
	const char *milestone_title_error;
	const char *milestone_due_error;
	const char *history_href;
	bool org_verified;
	bool can_add; /* fewer than PROJECT_MILESTONES_MAX */
};

#endif
