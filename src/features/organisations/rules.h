/*
 * rules.h - the pure rules of organisations: what a profile may hold
 * (name, sector, summary, website, language).  No I/O; unit-tested in
 * tests/unit/test_organisations.c.
 */
#ifndef OIC_ORGANISATIONS_RULES_H
#define OIC_ORGANISATIONS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/roles.h"
#include "base/arena.h"

enum {
	ORG_NAME_MAX = 200,	/* characters */
	ORG_SUMMARY_MAX = 5000, /* characters */
	ORG_WEBSITE_MAX = 500,	/* bytes */
};

/* A profile as checked: trimmed copies; website "" when there is none. */
struct org_profile {
	const char *name;
	const char *sector; /* a sector id */
	const char *summary;
	const char *website;
	const char *lang; /* "de" or "en" */
};

/*
 * Check a profile form into *out.  With office set, name and sector are
 * checked too (the office keeps them); otherwise they are left NULL.
 * Writes at most 5 problems (fields "name", "sector", "summary",
 * "website", "lang"; English msgids) and returns how many.
 */
size_t org_profile_check(struct arena *a, bool office, const char *name, const char *sector,
			 const char *summary, const char *website, const char *lang,
			 struct org_profile *out, struct field_problem *problems);

/* Whether s is an http:// or https:// address with a host, no spaces or controls. */
bool org_website_ok(const char *s);

#endif
