/*
 * rules.h - the pure rules of the directory of actors: the curated
 * competencies, free tags (normalised, limited), what a profile may hold
 * (offers, needs, district, website, languages), which of a person's
 * fields are public, and the words a listed actor is found by.  No I/O;
 * unit-tested in tests/unit/test_actors.c.
 */
#ifndef OIC_ACTORS_RULES_H
#define OIC_ACTORS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/roles.h"
#include "base/arena.h"

enum {
	ACTOR_FREE_TAGS_MAX = 10, /* free tags per actor */
	ACTOR_TAG_MAX = 40,	  /* characters of a tag */
	ACTOR_TEXT_MAX = 500,	  /* characters of the offers, of the needs */
	ACTOR_DISTRICT_MAX = 100, /* characters */
	ACTOR_WEBSITE_MAX = 500,  /* bytes, as an organisation's */
	ACTOR_QUERY_MAX = 100,	  /* characters of the directory's name search */
	ACTOR_PROBLEMS_MAX = 8,	  /* problems actor_profile_check writes at most */
};

/*
 * The fields a person chooses to make public (actors.public_fields is
 * the bit set); an organisation's are all public.  The name is shown
 * whenever an actor is listed.
 */
enum actor_field {
	ACTOR_FIELD_SECTOR,
	ACTOR_FIELD_COMPETENCIES,
	ACTOR_FIELD_OFFERS,
	ACTOR_FIELD_NEEDS,
	ACTOR_FIELD_DISTRICT,
	ACTOR_FIELD_WEBSITE,
	ACTOR_FIELD_LANGUAGES,
	ACTOR_FIELD_IDEAS, /* the ideas they took part in */
	ACTOR_FIELD__COUNT
};
#define ACTOR_FIELD_BIT(f) (1u << (f))
#define ACTOR_FIELDS_ALL   ((1u << ACTOR_FIELD__COUNT) - 1)

struct actor_field_info {
	const char *id;	   /* the form's value: "offers" */
	const char *label; /* English msgid */
};
extern const struct actor_field_info actor_fields[ACTOR_FIELD__COUNT];

/* A competence of the curated list: a stable id and its two labels. */
struct actor_competence {
	const char *id; /* "sensor-data": stored in actor_tags.tag, used in ?tag= */
	const char *de;
	const char *en;
	const char *alias; /* another name a free tag may use ("KI"), or NULL */
};
extern const struct actor_competence actor_competences[];
extern const size_t actor_competences_count;

/* The curated competence with this id, or NULL. */
const struct actor_competence *actor_competence_by_id(const char *id);

/*
 * The curated competence a free tag names (its id, German or English
 * label or alias, compared folded: "mobilität" and "Mobility" are
 * "mobility"), or NULL.
 */
const struct actor_competence *actor_competence_match(const char *tag);

/* Its label in a language: German for "de", English otherwise. */
const char *actor_competence_label(const struct actor_competence *c, const char *lang);

/* A language an actor works in: its code and its own name. */
struct actor_language {
	const char *code;
	const char *name; /* the endonym: "Deutsch", "Türkçe" */
};
extern const struct actor_language actor_languages[];
extern const size_t actor_languages_count;

/*
 * s folded for comparing: white space trimmed and collapsed to one blank,
 * ASCII and Latin-1 capitals made small ("Ä" -> "ä").  NULL on no memory.
 */
char *actor_fold(struct arena *a, const char *s);

enum actor_tag_rc {
	ACTOR_TAG_OK,
	ACTOR_TAG_EMPTY,    /* nothing but blanks (skipped, not an error) */
	ACTOR_TAG_TOO_LONG, /* more than ACTOR_TAG_MAX characters */
	ACTOR_TAG_INVALID,  /* not UTF-8, or control characters */
	ACTOR_TAG_NOMEM,
};

/* A competence as stored: key (curated id or folded free tag) and label. */
struct actor_tag {
	const char *key;
	const char *label; /* a free tag as written (trimmed); a curated one's id */
	bool curated;
};

/*
 * Normalise one tag as typed: a leading '#' and blanks around dropped,
 * blanks inside collapsed; a tag naming a curated competence becomes it.
 */
enum actor_tag_rc actor_tag_normalise(struct arena *a, const char *in, struct actor_tag *out);

/* The profile form as it came in (strings may be NULL: absent). */
struct actor_input {
	const char *const *competences; /* curated ids ticked */
	size_t competences_count;
	const char *tags; /* free tags, separated by commas */
	const char *offers;
	const char *needs;
	const char *district;
	const char *website; /* persons only (with_website) */
	const char *const *languages;
	size_t languages_count;
	bool with_website;
};

/* A profile as checked: trimmed copies, tags without duplicates. */
struct actor_profile {
	struct actor_tag *tags;
	size_t tags_count;
	const char *offers;
	const char *needs;
	const char *district;
	const char *district_key; /* folded: the filter's value */
	const char *website;	  /* "" when none or not with_website */
	const char *languages;	  /* codes in the table's order, "de,en"; "" none */
};

/*
 * Check a profile form into *out.  Writes at most ACTOR_PROBLEMS_MAX
 * problems (fields "competences", "tags", "offers", "needs", "district",
 * "website", "languages"; English msgids) and returns how many; -1 is
 * never returned, a failed allocation is a problem at "offers" too
 * (the caller answers 500 when out->offers is NULL).
 */
size_t actor_profile_check(struct arena *a, const struct actor_input *in, struct actor_profile *out,
			   struct field_problem *problems);

/*
 * The public fields chosen on the form (ids of actor_fields); false when
 * one is unknown (a forged form).
 */
bool actor_public_fields_parse(const char *const *ids, size_t n, unsigned *out);

/*
 * The words a listed actor is found by: its public offers, needs,
 * district and competencies (curated ones in both languages), one per
 * line; "" when none of them is public.
 */
char *actor_search_text(struct arena *a, unsigned public_fields, const struct actor_profile *p);

/*
 * A LIKE pattern for a name search ("%text%", folded, with %, _ and \
 * escaped by '\'), or "" for an empty query; NULL when q has more than
 * ACTOR_QUERY_MAX characters or is not UTF-8.
 */
char *actor_name_pattern(struct arena *a, const char *q);

/* Whether the language code is one of actor_languages. */
bool actor_language_known(const char *code);

#endif
