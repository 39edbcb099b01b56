/*
 * projects.h - what other features may use of pilot projects: their
 * rules (statuses, who manages them, validation; rules.h) and the time
 * of a milestone's due date.  The back office's list and milestone
 * pages (features/office/projects.c) run this feature's statements.
 */
#ifndef OIC_PROJECTS_PROJECTS_H
#define OIC_PROJECTS_PROJECTS_H

#include "features/projects/rules.h"
#include "store/db.h"

/*
 * The time stored for a milestone due on y-m-d: midnight at the start of
 * the day in the server's zone (Berlin), as the project page's form
 * stores it.  y-m-d is a date civil_parse_date() accepted.
 */
int64_t project_due_time(int y, int m, int d);

/*
 * Add a milestone at the end of project's list (title checked by
 * project_milestone_check(); due_at from project_due_time() when
 * has_due), in the caller's write transaction: 1 added (its id into *id,
 * which may be NULL), 0 when the project has PROJECT_MILESTONES_MAX
 * already, -1 on a store error.
 */
int project_milestone_insert(struct db *db, int64_t project, const char *title, bool has_due,
			     int64_t due_at, int64_t *id);

#endif
