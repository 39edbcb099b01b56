/*
 * jobs.h - the application's job kinds, run by each node's job thread
 * (store/jobq.h).  Features add their kinds in their jobs.def.
 */
#ifndef OIC_APP_JOBS_H
#define OIC_APP_JOBS_H

#include "store/jobq.h"

/* The table of job kinds, ending with a NULL kind. */
extern const struct jobq_kind app_job_kinds[];

/* The functions of the features' job kinds (their jobs.def). */
#define JOB(kind, run, period_s, changes_pages) \
	int run(struct db *db, const char *payload, int64_t now);
#include "features_jobs.def"
#undef JOB

#endif
