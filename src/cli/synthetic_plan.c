/*
 * synthetic_plan.c - the synthetic city planned in memory; see
 * synthetic_plan.h.  Every counter the loader writes comes from here, so
 * that each is consistent with the rows it counts.
 */
#include "cli/synthetic_plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const synth_phase_ids[] = {"draft",	  "open",	    "evaluation",
				       "decided", "implementation", "closed"};
const char *const synth_status_ids[] = {"submitted", "in_review",   "shortlisted", "selected",
					"piloting",  "implemented", "not_pursued"};
const char *const synth_sectors[4] = {"government", "research", "business", "civil"};

void synth_stream(struct synth_rng *r, const struct plan *p, uint64_t stage, int64_t id)
{
	synth_rng_seed(r, p->o.seed * 0x9e3779b97f4a7c15ULL ^ (stage << 56) ^ (uint64_t)id);
}

int64_t synth_between(struct synth_rng *r, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)synth_rng_below(r, (uint64_t)(hi - lo + 1));
}

/* Pareto weights: a few ideas draw most of the attention, as in real cities. */
static double pareto(struct synth_rng *r, double alpha, double cap)
{
	double w = pow(1.0 - synth_rng_unit(r), -1.0 / alpha);
	return w > cap ? cap : w;
}

static int cmp_idea_created(const void *a, const void *b)
{
	const struct idea_plan *x = a, *y = b;
	return (x->created > y->created) - (x->created < y->created);
}

static void plan_challenges(struct plan *p)
{
	struct synth_rng r;
	int64_t n = p->o.challenges, now = p->o.now;
	bool any_open = false;
	double sum = 0;

	synth_stream(&r, p, S_CHALLENGES, 0);
	for (int64_t i = 0; i < n; i++) {
		struct challenge_plan *c = &p->ch[i];
		double f = ((double)i + 0.5) / (double)n; /* oldest first */
		c->phase = f < 0.35   ? PH_CLOSED
			   : f < 0.5  ? PH_IMPLEMENTATION
			   : f < 0.6  ? PH_DECIDED
			   : f < 0.7  ? PH_EVALUATION
			   : f < 0.97 ? PH_OPEN
				      : PH_DRAFT;
		any_open |= c->phase == PH_OPEN;
		if (i == n - 1 && !any_open)
			c->phase = PH_OPEN; /* the write path needs an open challenge */
		c->lang = synth_rng_below(&r, 20) == 0 ? SYNTH_EN : SYNTH_DE;
		static const int64_t age_days[][2] = {
			[PH_CLOSED] = {548, 1095}, [PH_IMPLEMENTATION] = {330, 547},
			[PH_DECIDED] = {220, 329}, [PH_EVALUATION] = {150, 219},
			[PH_OPEN] = {5, 200},	   [PH_DRAFT] = {1, 20},
		};
		c->created = now -
			     synth_between(&r, age_days[c->phase][0], age_days[c->phase][1]) * DAY -
			     synth_between(&r, 0, DAY - 1);
		if (c->phase == PH_OPEN) {
			c->opens = c->created;
			c->deadline = now + synth_between(&r, 7, 150) * DAY + 22 * 3600;
		} else if (c->phase == PH_DRAFT) {
			c->opens = now + synth_between(&r, 14, 60) * DAY;
			c->deadline = c->opens + 120 * DAY;
		} else {
			/* Dates of phases reached are in the past, later ones unset,
			 * so no scheduler moves anything during a benchmark. */
			c->opens = c->created + 7 * DAY;
			c->deadline = c->opens + 120 * DAY;
			c->evaluation = c->deadline;
			if (c->phase >= PH_DECIDED)
				c->decided = c->deadline + 45 * DAY;
			if (c->phase >= PH_IMPLEMENTATION)
				c->implementation = c->decided + 30 * DAY;
			if (c->phase == PH_CLOSED)
				c->closed = c->implementation + 300 * DAY;
		}
		/* Drafts take no ideas; the rest share them unevenly. */
		sum += c->phase == PH_DRAFT ? 0.0 : pareto(&r, 1.2, 40.0);
		c->cumulative = sum;
	}
}

static int64_t pick_challenge(struct synth_rng *r, const struct plan *p)
{
	int64_t lo = 0, hi = p->o.challenges - 1;
	double x = synth_rng_unit(r) * p->ch[hi].cumulative;

	while (lo < hi) {
		int64_t mid = (lo + hi) / 2;
		if (p->ch[mid].cumulative > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo + 1;
}

static enum status pick_status(struct synth_rng *r, int64_t challenge, enum phase ph)
{
	unsigned x = (unsigned)synth_rng_below(r, 100);

	if (challenge == 0)
		return x < 70 ? ST_SUBMITTED : x < 90 ? ST_IN_REVIEW : ST_NOT_PURSUED;
	switch (ph) {
	case PH_OPEN: return x < 85 ? ST_SUBMITTED : ST_IN_REVIEW;
	case PH_EVALUATION: return x < 50 ? ST_IN_REVIEW : x < 80 ? ST_SHORTLISTED : ST_NOT_PURSUED;
	case PH_DECIDED: return x < 15 ? ST_SELECTED : ST_NOT_PURSUED;
	case PH_IMPLEMENTATION: return x < 10 ? ST_PILOTING : x < 20 ? ST_SELECTED : ST_NOT_PURSUED;
	case PH_CLOSED: return x < 8 ? ST_IMPLEMENTED : ST_NOT_PURSUED;
	case PH_DRAFT: break;
	}
	return ST_SUBMITTED;
}

/*
 * Spread total over n slots in proportion to Pareto weights, no slot above
 * cap.  Exact: the counts add up to total (the caller keeps total within
 * n * cap).
 */
static void spread(struct synth_rng *r, int64_t total, int64_t n, int64_t cap, double alpha,
		   int64_t *out, size_t stride)
{
	double *w = malloc((size_t)(n > 0 ? n : 1) * sizeof(*w)), sum = 0;
	int64_t given = 0;

#define SLOT(i) (*(int64_t *)(void *)((char *)out + (size_t)(i)*stride))
	if (w == NULL || n == 0)
		goto out;
	for (int64_t i = 0; i < n; i++)
		sum += w[i] = pareto(r, alpha, 1000.0);
	for (int64_t i = 0; i < n; i++) {
		int64_t k = (int64_t)((double)total * w[i] / sum);
		SLOT(i) = k > cap ? cap : k;
		given += SLOT(i);
	}
	while (given < total) {
		int64_t i = (int64_t)synth_rng_below(r, (uint64_t)n);
		if (SLOT(i) < cap) {
			SLOT(i)++;
			given++;
		}
	}
#undef SLOT
out:
	free(w);
}

int synth_plan_city(struct plan *p)
{
	struct synth_rng r;
	const struct synth_opts *o = &p->o;

	p->ch = calloc((size_t)(o->challenges > 0 ? o->challenges : 1), sizeof(*p->ch));
	p->ideas = calloc((size_t)(o->ideas > 0 ? o->ideas : 1), sizeof(*p->ideas));
	if (p->ch == NULL || p->ideas == NULL)
		return -1;
	plan_challenges(p);
	synth_stream(&r, p, S_IDEAS, 0);
	for (int64_t i = 0; i < o->ideas; i++) {
		struct idea_plan *d = &p->ideas[i];
		/* One idea in ten goes to the open idea box, the rest answer a challenge. */
		d->challenge = o->challenges > 0 && synth_rng_below(&r, 10) != 0
				       ? pick_challenge(&r, p)
				       : 0;
		if (d->challenge > 0) {
			const struct challenge_plan *c = &p->ch[d->challenge - 1];
			int64_t end = c->deadline < o->now ? c->deadline : o->now;
			d->created = synth_between(&r, c->opens, end);
			d->support_end = end;
			d->status = pick_status(&r, d->challenge, c->phase);
		} else {
			d->created = synth_between(&r, o->now - 3 * YEAR, o->now);
			d->support_end = o->now;
			d->status = pick_status(&r, 0, PH_OPEN);
		}
		d->lang = synth_rng_below(&r, 20) == 0 ? SYNTH_EN : SYNTH_DE;
		d->hidden = synth_rng_below(&r, 300) == 0;
	}
	/* Ids follow time, as they do in a city that grew. */
	qsort(p->ideas, (size_t)o->ideas, sizeof(*p->ideas), cmp_idea_created);
	for (int64_t i = 0; i < o->ideas; i++)
		if (p->ideas[i].challenge > 0)
			p->ch[p->ideas[i].challenge - 1].ideas++;

	/* Supports and comments: heavy-tailed, exact totals. */
	spread(&r, o->supports, o->ideas, o->accounts, 1.3, &p->ideas[0].supports,
	       sizeof(*p->ideas));
	/*
	 * About 30 comments per challenge (3 % of the default city),
	 * at most half of all: a small city with the floor of 50 challenges
	 * has discussions of the same size as a large one, not 3 each.
	 */
	p->challenge_comments =
		o->challenges * 30 < o->comments / 2 ? o->challenges * 30 : o->comments / 2;
	if (o->ideas == 0)
		p->challenge_comments = o->comments;
	spread(&r, o->comments - p->challenge_comments, o->ideas, INT64_MAX / 4, 1.2,
	       &p->ideas[0].comments, sizeof(*p->ideas));
	int64_t open_to_comments = 0;
	for (int64_t c = 0; c < o->challenges; c++)
		open_to_comments += p->ch[c].phase != PH_DRAFT;
	for (int64_t k = 0; k < p->challenge_comments; k++) {
		int64_t c;
		do
			c = (int64_t)synth_rng_below(&r, (uint64_t)o->challenges);
		while (p->ch[c].phase == PH_DRAFT && open_to_comments > 0);
		p->ch[c].comments++;
	}

	/* Pilot projects grow out of ideas that are piloting or implemented. */
	int64_t eligible = 0;
	for (int64_t i = 0; i < o->ideas; i++)
		eligible +=
			p->ideas[i].status == ST_PILOTING || p->ideas[i].status == ST_IMPLEMENTED;
	int64_t want = o->projects < eligible ? o->projects : eligible, seen = 0;
	for (int64_t i = 0; i < o->ideas && p->projects < want; i++) {
		struct idea_plan *d = &p->ideas[i];
		if (d->status != ST_PILOTING && d->status != ST_IMPLEMENTED)
			continue;
		/* Spread evenly over the eligible ideas, so over the years. */
		if ((seen + 1) * want / eligible > seen * want / eligible)
			d->project = ++p->projects;
		seen++;
	}
	return 0;
}

void synth_plan_free(struct plan *p)
{
	for (int64_t i = 0; p->org_names != NULL && i < p->o.organisations; i++)
		free(p->org_names[i]);
	free(p->org_names);
	free(p->ch);
	free(p->ideas);
	p->org_names = NULL;
	p->ch = NULL;
	p->ideas = NULL;
}
