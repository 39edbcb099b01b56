/*
 * jobs.h - the application's job kinds, run by each node's job thread
 * (store/jobq.h).  Features add their kinds to the table in jobs.c.
 */
#ifndef OIC_WEB_JOBS_H
#define OIC_WEB_JOBS_H

#include "store/jobq.h"

/* The table of job kinds, ending with a NULL kind. */
extern const struct jobq_kind app_job_kinds[];

#endif
