/*
 * synthetic_plan.h - the synthetic city planned in memory, before a row is
 * written (synthetic_plan.c), and what the loader (synthetic.c) needs of
 * it.  Internal to `oic seed --synthetic`.
 *
 * Ids are positions: challenge id c is ch[c - 1], idea id i is
 * ideas[i - 1]; ideas are numbered in the order they were created.
 */
#ifndef OIC_CLI_SYNTHETIC_PLAN_H
#define OIC_CLI_SYNTHETIC_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/synthetic.h"

enum {
	DAY = 86400,
	YEAR = 365 * DAY,
	MAX_TOPICS = 64,
};

struct synth_opts {
	int64_t accounts, challenges, ideas, supports, comments, events, organisations, projects;
	uint64_t seed;
	int64_t now;
};

enum phase { PH_DRAFT, PH_OPEN, PH_EVALUATION, PH_DECIDED, PH_IMPLEMENTATION, PH_CLOSED };
enum status {
	ST_SUBMITTED,
	ST_IN_REVIEW,
	ST_SHORTLISTED,
	ST_SELECTED,
	ST_PILOTING,
	ST_IMPLEMENTED,
	ST_NOT_PURSUED
};

/*
 * What is stored for each enum phase and enum status, and the four sector
 * ids in the order of the loader's weight tables.
 */
extern const char *const synth_phase_ids[];
extern const char *const synth_status_ids[];
extern const char *const synth_sectors[4];

struct challenge_plan {
	int64_t created, opens, deadline, evaluation, decided, implementation, closed;
	int64_t ideas, comments;
	double cumulative; /* running sum of weights, for drawing a challenge */
	enum phase phase;
	enum synth_lang lang;
};

struct idea_plan {
	int64_t challenge; /* id, 0 for the open idea box */
	int64_t created, support_end;
	int64_t supports, comments;
	int64_t project; /* id of its pilot project, 0 if none */
	enum status status;
	enum synth_lang lang;
	bool hidden;
};

struct plan {
	struct synth_opts o;
	struct challenge_plan *ch;  /* index id - 1 */
	struct idea_plan *ideas;    /* index id - 1 */
	int64_t challenge_comments; /* comments on challenges, the rest are on ideas */
	int64_t projects;	    /* pilot projects planned (at most o.projects) */
	char **org_names;	    /* index id - 1, filled (malloc'ed) by the loader */
	int64_t topics[MAX_TOPICS]; /* ids of the curated topics in the store */
	size_t topic_count;
};

/* Stages of the city: each draws from its own generator (synth_stream). */
enum {
	S_ORGS = 1,
	S_USERS,
	S_PARTNERS,
	S_CHALLENGES,
	S_EVENTS,
	S_IDEAS,
	S_IDEA_TEXT,
	S_SUPPORTS,
	S_COMMENTS,
	S_CHALLENGE_COMMENTS,
	S_PROJECTS,
	S_TOPICS,
	S_ACTORS,
	S_OPPORTUNITIES
};

/*
 * Seed r for one stage, or for one object of a stage (id), from --seed:
 * changing one part of the city leaves the random choices of the others
 * as they were, and an object's draws can be repeated.
 */
void synth_stream(struct synth_rng *r, const struct plan *p, uint64_t stage, int64_t id);

/* A uniform integer in [lo, hi] (lo when hi <= lo). */
int64_t synth_between(struct synth_rng *r, int64_t lo, int64_t hi);

/*
 * Plan the city of p->o: challenges with phases and dates, ideas with
 * their challenge, time, status and counts of supports and comments
 * (heavy-tailed, exact totals), challenge comments, pilot projects.
 * Allocates p->ch and p->ideas (freed by synth_plan_free).  -1 when out
 * of memory.
 */
int synth_plan_city(struct plan *p);

/* Free what synth_plan_city() and the loader allocated in p. */
void synth_plan_free(struct plan *p);

#endif
