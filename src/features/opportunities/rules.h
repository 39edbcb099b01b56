/*
 * rules.h - the pure rules of the opportunities board: the kinds of
 * opportunity, the form (title, description, kind, sectors, topics,
 * deadline, place or remote, a link or replies through the platform),
 * when an opportunity is open, and a reply's text.  No I/O; unit-tested
 * in tests/unit/test_opportunities.c.
 */
#ifndef OIC_OPPORTUNITIES_RULES_H
#define OIC_OPPORTUNITIES_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/roles.h"
#include "app/sector.h"
#include "base/arena.h"
#include "features/actors/actors.h"

enum opp_kind {
	OPP_PILOT,	/* a call for pilot partners */
	OPP_RESEARCH,	/* a research collaboration */
	OPP_STUDENT,	/* a student project or thesis */
	OPP_JOB,	/* a job */
	OPP_INTERNSHIP, /* an internship */
	OPP_FELLOWSHIP, /* a fellowship */
	OPP_STARTUP,	/* a start-up programme */
	OPP_KIND__COUNT
};

struct opp_kind_info {
	const char *id;	   /* stored in opportunities.kind, used in ?kind= */
	const char *label; /* English msgid */
};
extern const struct opp_kind_info opp_kinds[OPP_KIND__COUNT];

/* Parse a kind id; false for anything else (NULL too). */
bool opp_kind_parse(const char *id, enum opp_kind *out);

/* The English msgid of a kind id; the id itself when unknown. */
const char *opp_kind_label(const char *id);

enum {
	OPP_TITLE_MAX = 200,	    /* characters */
	OPP_DESCRIPTION_MAX = 5000, /* characters of Markdown */
	OPP_PLACE_MAX = 200,	    /* characters */
	OPP_LINK_MAX = 500,	    /* bytes, as an organisation's website */
	OPP_REPLY_MAX = 1000,	    /* characters of a reply */
	OPP_PROBLEMS_MAX = 14,	    /* problems opp_check writes at most */
};

/* The bit of sector s in opportunities.sectors (app/sector.h's order). */
#define OPP_SECTOR_BIT(s) (1u << (s))
#define OPP_SECTORS_ALL	  ((1u << SECTOR__COUNT) - 1)

/* The form as it came in (strings may be NULL: not sent, the same as empty). */
struct opp_input {
	const char *kind;
	const char *organisation; /* an id */
	const char *const *sectors;
	size_t sectors_count;
	const char *const *competences; /* curated topics ticked (the directory's ids) */
	size_t competences_count;
	const char *topics; /* free topics, separated by commas */
	const char *title;
	const char *description;
	const char *deadline; /* "YYYY-MM-DD" */
	const char *place;
	const char *remote; /* "1" when ticked */
	const char *reply;  /* "link" or "platform" */
	const char *link;
	const char *lang; /* "de" or "en" */
};

/* The form as checked: trimmed copies. */
struct opp_fields {
	const char *kind; /* a kind id */
	int64_t organisation_id;
	unsigned sectors; /* OPP_SECTOR_BIT set, at least one */
	struct actor_tag *topics;
	size_t topics_count;
	const char *title;
	const char *description;
	const char *deadline; /* "YYYY-MM-DD" */
	int deadline_year, deadline_month, deadline_day;
	const char *place; /* "" when none */
	bool remote;
	const char *link; /* "" when replies come through the platform */
	const char *lang;
};

/*
 * Check the form into *out.  today is the city's date as a day number
 * (base/civil.h's civil_days); a deadline before it is refused.  Writes
 * at most OPP_PROBLEMS_MAX problems (fields "kind", "organisation",
 * "sectors", "competences", "topics", "title", "description",
 * "deadline", "place", "link", "reply", "lang"; English msgids) and
 * returns how many.  Whether the poster may post for the organisation is
 * the handler's to check.
 */
size_t opp_check(struct arena *a, const struct opp_input *in, int64_t today, struct opp_fields *out,
		 struct field_problem *problems);

/* Whether an opportunity that closes at closes_at is still open at now. */
bool opp_open(int64_t closes_at, int64_t now);

/*
 * A reply's text: trimmed, 1..OPP_REPLY_MAX characters, line breaks
 * allowed; NULL with *problem (an English msgid) otherwise.
 */
const char *opp_reply_check(struct arena *a, const char *body, const char **problem);

/* The sectors chosen on the form as a bit set; false when one is unknown. */
bool opp_sectors_parse(const char *const *ids, size_t n, unsigned *out);

/*
 * The words an opportunity is found by (besides its title): its
 * description, place, its organisation's name and its topics (curated
 * ones in both languages), one per line.
 */
const char *opp_search_text(struct arena *a, const struct opp_fields *f, const char *organisation);

#endif
