/*
 * synthetic.h - `oic seed --synthetic`: a city of realistic size, for
 * benchmarks (make bench) and for trying the platform at scale.
 *
 * Everything is derived from one 64-bit seed through a small PRNG, so the
 * same seed, sizes and reference time give the same city, row for row, on
 * SQLite and on PostgreSQL.  The text generator (synthetic_text.c) writes
 * German (and a little English) titles, bodies, comments and names from
 * word lists; synthetic.c plans the city and bulk-loads it.
 */
#ifndef OIC_CLI_SYNTHETIC_H
#define OIC_CLI_SYNTHETIC_H

#include <stdint.h>

#include "base/buf.h"

/*
 * `oic seed --synthetic [--accounts N] [--challenges N] [--ideas N]
 * [--supports N] [--comments N] [--events N] [--organisations N]
 * [--projects N] [--seed S] [--now UNIX] [--db URL]`.  argv is the whole
 * `seed` command line (argv[0] = "seed").  Returns a CLI_* exit code.
 */
int cli_seed_synthetic(int argc, char **argv);

/* xoshiro256** state; seeded with synth_rng_seed(). */
struct synth_rng {
	uint64_t s[4];
};

/* Seed the generator (splitmix64 expands the seed into the state). */
void synth_rng_seed(struct synth_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t synth_rng_next(struct synth_rng *r);

/* A uniform integer in [0, n); 0 when n is 0. */
uint64_t synth_rng_below(struct synth_rng *r, uint64_t n);

/* A uniform double in [0, 1). */
double synth_rng_unit(struct synth_rng *r);

/* Languages of synthetic content: most is German, some English. */
enum synth_lang { SYNTH_DE, SYNTH_EN, SYNTH_LANG__COUNT };

/*
 * Text generators.  Each appends to b; all randomness comes from r, so
 * the output is a function of the generator's state.
 */
void synth_person_name(struct synth_rng *r, struct buf *b);
void synth_org_name(struct synth_rng *r, const char *sector, struct buf *b);
void synth_org_summary(struct synth_rng *r, const char *sector, struct buf *b);
void synth_challenge_title(struct synth_rng *r, enum synth_lang lang, int64_t n, struct buf *b);
void synth_challenge_summary(struct synth_rng *r, enum synth_lang lang, struct buf *b);
void synth_challenge_brief(struct synth_rng *r, enum synth_lang lang, struct buf *b);
void synth_idea_title(struct synth_rng *r, enum synth_lang lang, struct buf *b);
void synth_idea_body(struct synth_rng *r, enum synth_lang lang, struct buf *b);
void synth_official_answer(struct synth_rng *r, const char *status, struct buf *b);
void synth_comment(struct synth_rng *r, enum synth_lang lang, int depth, struct buf *b);
void synth_place(struct synth_rng *r, struct buf *b);
void synth_event(struct synth_rng *r, const char *kind, struct buf *title, struct buf *summary,
		 struct buf *location);
void synth_project_update(struct synth_rng *r, int progress, struct buf *b);
void synth_milestone(struct synth_rng *r, int position, struct buf *b);

#endif
