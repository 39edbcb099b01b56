/*
 * workq.c - mutex + condition variable job queue; see workq.h.
 */
#include "base/workq.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct workq_job {
	struct workq_job *next;
	workq_fn *fn;
	void *arg;
};

struct workq {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct workq_job *head, *tail;
	bool stopping;
	size_t nthreads;
	pthread_t threads[];
};

static void *workq_main(void *arg)
{
	struct workq *q = arg;

	for (;;) {
		pthread_mutex_lock(&q->lock);
		while (q->head == NULL && !q->stopping)
			pthread_cond_wait(&q->more, &q->lock);
		struct workq_job *job = q->head;
		if (job == NULL) {
			/* stopping and drained */
			pthread_mutex_unlock(&q->lock);
			return NULL;
		}
		q->head = job->next;
		if (q->head == NULL)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);
		job->fn(job->arg);
		free(job);
	}
}

struct workq *workq_start(size_t nthreads)
{
	struct workq *q = calloc(1, sizeof(*q) + nthreads * sizeof(pthread_t));

	if (q == NULL)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	for (size_t i = 0; i < nthreads; i++) {
		if (pthread_create(&q->threads[i], NULL, workq_main, q) != 0) {
			q->nthreads = i;
			workq_stop(q);
			return NULL;
		}
		q->nthreads = i + 1;
	}
	return q;
}

int workq_submit(struct workq *q, workq_fn *fn, void *arg)
{
	struct workq_job *job = malloc(sizeof(*job));

	if (job == NULL)
		return -1;
	job->next = NULL;
	job->fn = fn;
	job->arg = arg;
	pthread_mutex_lock(&q->lock);
	if (q->stopping) {
		pthread_mutex_unlock(&q->lock);
		free(job);
		return -1;
	}
	if (q->tail != NULL)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void workq_stop(struct workq *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < q->nthreads; i++)
		pthread_join(q->threads[i], NULL);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
