/*
 * project.h - the rules of pilot projects, without I/O: statuses, which
 * ideas may become a project, and the validation of the forms that
 * create and steer projects (features/projects/projects.c does the I/O around it;
 * tests/unit/test_project.c tests this).
 */
#ifndef OIC_DOMAIN_PROJECT_H
#define OIC_DOMAIN_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "app/roles.h"

enum project_status {
	PROJECT_PLANNED,
	PROJECT_RUNNING,
	PROJECT_COMPLETED,
	PROJECT_STOPPED,
	PROJECT_STATUS__COUNT
};

struct project_status_info {
	const char *id;	   /* stored in projects.status */
	const char *label; /* English msgid */
};

extern const struct project_status_info project_status_table[PROJECT_STATUS__COUNT];

/* Parse a status id; false for anything else (including NULL). */
bool project_status_parse(const char *id, enum project_status *out);

enum {
	PROJECT_TITLE_MAX = 200,
	PROJECT_SUMMARY_MAX = 1000,
	PROJECT_RESULTS_MAX = 20000,
	PROJECT_ADDRESS_MAX = 200,
	PROJECT_MILESTONE_TITLE_MAX = 200,
	PROJECT_MILESTONES_MAX = 100, /* per project: the page shows them all */
	PROJECT_UPDATE_MAX = 5000,
	PROJECT_MAX_PROBLEMS = 10,
};

/* Whole euros: more than a city spends on one pilot is a typing error. */
#define PROJECT_BUDGET_MAX_EUROS 1000000000LL

/* Whether a role may create and steer projects. */
bool project_may_manage(const enum role *r);

/*
 * Whether an idea with this status may become a project: only ideas
 * the city selected, or already piloting (their project was deleted).
 */
bool project_idea_ready(const char *idea_status);

/* What the project form sent (raw strings; NULL when missing). */
struct project_input {
	const char *title;
	const char *summary;
	const char *org;    /* organisation id, "" for none */
	const char *budget; /* whole euros, "" for none; "120.000" and "120000" alike */
	const char *status;
	const char *lang;
	const char *results;
	const char *lat;
	const char *lon;
	const char *address;
};

/* The normalised project: trimmed text, empty optional fields as NULL. */
struct project_fields {
	char *title;
	char *summary;
	int64_t org_id; /* 0: none */
	bool has_budget;
	int64_t budget_cents;
	enum project_status status;
	const char *lang; /* "de" or "en" */
	char *results;	  /* "" when none */
	bool has_location;
	double lat;
	double lon;
	char *address;
};

/*
 * Validate a project: title 3..200 characters, summary 10..1000, budget
 * 0..PROJECT_BUDGET_MAX_EUROS, a known status and language, results at
 * most 20000, latitude and longitude both or neither, address at most
 * 200.  Fills problems (form order, field ids as in the form, messages
 * English msgids) and returns their count; on 0, out holds the values in
 * arena a.  The organisation id is only checked for form here; whether it
 * exists is for the caller to ask the store.
 */
size_t project_check(struct arena *a, const struct project_input *in, struct project_fields *out,
		     struct field_problem problems[PROJECT_MAX_PROBLEMS]);

/*
 * Validate a milestone: title 1..200 characters, due date empty or a real
 * calendar date YYYY-MM-DD (from <input type="date">), years 2000..2100.
 * Returns the count of problems (at most 2); on 0, *title is the trimmed
 * title and *has_due / *y *m *d the date.
 */
size_t project_milestone_check(struct arena *a, const char *title_in, const char *due_in,
			       char **title, bool *has_due, int *y, int *m, int *d,
			       struct field_problem problems[2]);

/*
 * Validate a status update: body 1..5000 characters; progress empty (no
 * change) or a whole number 0..100.  Like project_milestone_check().
 */
size_t project_update_check(struct arena *a, const char *body_in, const char *progress_in,
			    char **body, bool *has_progress, int64_t *progress,
			    struct field_problem problems[2]);

/*
 * A progress as typed: a whole number 0..100 of at most three digits,
 * spaces around it allowed; false for anything else (NULL, "", "4.5",
 * "-1", "101").
 */
bool project_progress_parse(const char *s, int64_t *out);

/*
 * Whether a milestone is overdue at now: it has a due date, is not done,
 * and its day is over (due dates are midnight at the start of the day).
 */
bool project_milestone_overdue(bool has_due, int64_t due_at, bool done, int64_t now);

/*
 * Validate the back office's status and progress of a project: a known
 * status (field "status") and a progress 0..100 (field "progress").
 * Returns the count of problems (at most 2), the values in *status and
 * *progress when 0.
 */
size_t project_status_check(const char *status_in, const char *progress_in,
			    enum project_status *status, int64_t *progress,
			    struct field_problem problems[2]);

#endif
