/*
 * matching.c - `make bench`'s measure of matchmaking (issue 12): 10,000
 * synthetic actors (a profile, offers and needs each, three of 37 tags,
 * one of 20 districts) and 1,000 open challenges, every pairing the job
 * computes (features/matching/matching.c) with the same numbers kept.
 * Prints the time and what the corpus holds (target: under 2 s; memory
 * proportional to the non-zero terms).
 *
 *   build/bench/bench/matching [ACTORS [CHALLENGES]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "features/matching/rules.h"

enum { VOCABULARY = 4000, TAGS = 37, DISTRICTS = 20 };
enum { PROFILE, OFFERS, NEEDS, CHALLENGES };

static unsigned long seed = 12345;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

/* A Zipf-like pick: common words often, rare ones seldom. */
static unsigned word_index(void)
{
	unsigned r = rnd(VOCABULARY);
	return (r * r) / VOCABULARY;
}

static const char *syllables[] = {"ver", "kehr", "stadt", "netz", "ener", "gie", "rad", "weg",
				  "daten", "sensor", "wasser", "bau", "schul", "park", "licht",
				  "wärme", "markt", "hof", "land", "mobil", "platz", "garten",
				  "forsch", "lab", "kultur", "bürger", "digital", "werk"};

static char *words[VOCABULARY];

static const char *text(struct arena *a, unsigned n)
{
	struct buf b;
	buf_init(&b, a);
	for (unsigned i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", words[word_index()]);
	return buf_cstr(&b);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long actors = argc > 1 ? atol(argv[1]) : 10000, challenges = argc > 2 ? atol(argv[2]) : 1000;
	struct arena a;
	struct matching_tag tags[TAGS];
	char districts[DISTRICTS][16];

	arena_init(&a);
	for (unsigned i = 0; i < VOCABULARY; i++)
		words[i] = arena_printf(&a, "%s%s%s%u", syllables[i % 28], syllables[(i / 28) % 28],
					i % 3 ? "ung" : "", i / 784);
	for (unsigned i = 0; i < TAGS; i++)
		tags[i] = (struct matching_tag){arena_printf(&a, "tag-%u", i),
						arena_printf(&a, "Tag %u", i)};
	for (unsigned i = 0; i < DISTRICTS; i++)
		snprintf(districts[i], sizeof(districts[i]), "bezirk %u", i);

	double t0 = seconds();
	struct matching *m = matching_new();
	size_t *profile = malloc((size_t)actors * sizeof(*profile));
	size_t *offers = malloc((size_t)actors * sizeof(*offers));
	size_t *needs = malloc((size_t)actors * sizeof(*needs));
	size_t *chal = malloc((size_t)challenges * sizeof(*chal));
	if (m == NULL || profile == NULL || offers == NULL || needs == NULL || chal == NULL)
		return 1;
	for (long i = 0; i < actors; i++) {
		struct arena t;
		arena_init(&t);
		struct matching_tag mine[3] = {tags[rnd(TAGS)], tags[rnd(TAGS)], tags[rnd(TAGS)]};
		const char *o = text(&t, 15), *n = text(&t, 15), *d = districts[rnd(DISTRICTS)];
		const char *p = arena_printf(&t, "%s\n%s\n%s", o, n, text(&t, 10));
		long x = matching_add(m, PROFILE, &(struct matching_doc){i + 1, p, mine, 3, d});
		long y = matching_add(m, OFFERS, &(struct matching_doc){i + 1, o, mine, 3, d});
		long z = matching_add(m, NEEDS, &(struct matching_doc){i + 1, n, NULL, 0, d});
		arena_free(&t);
		if (x < 0 || y < 0 || z < 0)
			return 1;
		profile[i] = (size_t)x;
		offers[i] = (size_t)y;
		needs[i] = (size_t)z;
	}
	for (long i = 0; i < challenges; i++) {
		struct arena t;
		arena_init(&t);
		long x = matching_add(m, CHALLENGES,
				      &(struct matching_doc){i + 1, text(&t, 80), NULL, 0, ""});
		arena_free(&t);
		if (x < 0)
			return 1;
		chal[i] = (size_t)x;
	}
	double t1 = seconds();
	if (matching_build(m) != 0)
		return 1;
	double t2 = seconds();
	struct matching_hit hits[12];
	struct matching_reason why[MATCHING_REASONS_MAX];
	size_t found = 0;
	for (long i = 0; i < challenges; i++) {
		long n = matching_top(m, chal[i], PROFILE, 0, 0.05, hits, 12);
		for (long k = 0; k < n; k++)
			found += matching_explain(m, chal[i], hits[k].doc, why, MATCHING_REASONS_MAX) > 0;
	}
	for (long i = 0; i < actors; i++) {
		const struct {
			size_t subject;
			unsigned source;
			int64_t exclude;
		} pairs[] = {{profile[i], CHALLENGES, 0},
			     {needs[i], OFFERS, i + 1},
			     {offers[i], NEEDS, i + 1}};
		for (size_t p = 0; p < 3; p++) {
			long n = matching_top(m, pairs[p].subject, pairs[p].source, pairs[p].exclude,
					      0.05, hits, 6);
			for (long k = 0; k < n; k++)
				found += matching_explain(m, pairs[p].subject, hits[k].doc, why,
							  MATCHING_REASONS_MAX) > 0;
		}
	}
	double t3 = seconds();
	struct matching_stats st;
	matching_stats(m, &st);
	printf("matching: %ld actors x %ld challenges: %.2f s (vectors %.2f s, index %.2f s, "
	       "suggestions %.2f s); %zu suggestions; %zu documents, %zu terms, %zu non-zero "
	       "entries, %.1f MB (%.0f bytes per non-zero) [target < 2 s: %s]\n",
	       actors, challenges, t3 - t0, t1 - t0, t2 - t1, t3 - t2, found, st.docs, st.terms,
	       st.nonzeros, (double)st.bytes / 1e6, (double)st.bytes / (double)st.nonzeros,
	       t3 - t0 < 2.0 ? "yes" : "NO");
	matching_free(m);
	free(profile);
	free(offers);
	free(needs);
	free(chal);
	arena_free(&a);
	return 0;
}
