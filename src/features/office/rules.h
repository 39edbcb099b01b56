/*
 * rules.h - the rules of the Innovation Office's back office, without
 * I/O: who may give which role to whom, and the checks of the filters of
 * the accounts list and the audit log (the handlers of features/office/ do the I/O
 * around them; tests/unit/test_office.c tests this).
 */
#ifndef OIC_OFFICE_RULES_H
#define OIC_OFFICE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "app/roles.h"

enum {
	OFFICE_PAGE = 50,	  /* rows per page of a back-office list */
	OFFICE_QUERY_MAX = 100,	  /* characters of an accounts search */
	OFFICE_ACTION_MAX = 64,	  /* bytes of an audit action ("idea.status") */
	OFFICE_SUBJECT_MAX = 200, /* bytes of an audit subject ("idea:12") */
};

/*
 * Why the account actor may not change the role of account target from
 * `from` to `to` while `admins` accounts are administrators (an English
 * msgid), or NULL when it may.  Nobody changes their own role (another
 * administrator must), the last administrator stays one, and a change
 * must change something.
 */
const char *office_role_change_problem(int64_t actor, int64_t target, enum role from, enum role to,
				       int64_t admins);

/* The accounts list's filter: a search in names and e-mail addresses and a role. */
struct office_account_filter {
	const char *query; /* trimmed, "" for none */
	bool has_role;
	enum role role;
};

/*
 * Check the accounts list's query parameters (q, role; NULL for absent;
 * the query is trimmed into a):
 * fills out and returns the number of problems written to problems.
 */
size_t office_account_filter_check(struct arena *a, const char *q, const char *role,
				   struct office_account_filter *out,
				   struct field_problem problems[2]);

/* The audit log's filter. */
struct office_audit_filter {
	int64_t actor;	     /* account id, 0 for anyone */
	const char *action;  /* "" for any; "idea" also matches "idea.status" */
	const char *subject; /* "" for any; exact ("idea:12") */
	bool has_from, has_to;
	int from_y, from_m, from_d; /* first day shown */
	int to_y, to_m, to_d;	    /* last day shown */
};

enum { OFFICE_AUDIT_FIELDS = 5 };

/*
 * Check the audit log's query parameters (actor, action, subject, from,
 * to; NULL for absent); fills out and returns the number of problems.
 * Values point into the inputs.
 */
size_t office_audit_filter_check(const char *actor, const char *action, const char *subject,
				 const char *from, const char *to, struct office_audit_filter *out,
				 struct field_problem problems[OFFICE_AUDIT_FIELDS]);

/*
 * s with the characters LIKE treats specially ('%', '_', '\') escaped
 * with '\', between two '%': a pattern that matches s anywhere (for
 * "LIKE $n ESCAPE '\'"), in arena a; NULL when out of memory.
 */
char *office_like_pattern(struct arena *a, const char *s);

#endif
