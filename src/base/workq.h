/*
 * workq.h - a small fixed pool of worker threads with a FIFO of jobs.
 *
 * Slow work inside a request (an Argon2id hash takes ~64 MiB and tens of
 * milliseconds) runs here while the HTTP connection is suspended, so it
 * never stalls the other connections of an HTTP thread.
 */
#ifndef OIC_BASE_WORKQ_H
#define OIC_BASE_WORKQ_H

#include <stddef.h>

struct workq;

typedef void workq_fn(void *arg);

/* Start n threads.  Returns NULL when threads or memory cannot be had. */
struct workq *workq_start(size_t nthreads);

/*
 * Queue fn(arg) to run on a worker.  Returns 0, or -1 when out of memory
 * or stopping (the job is then not run and the caller must answer).
 */
int workq_submit(struct workq *q, workq_fn *fn, void *arg);

/* Run every queued job, then join the threads and free the pool. */
void workq_stop(struct workq *q);

#endif
