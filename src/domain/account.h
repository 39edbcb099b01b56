/*
 * account.h - rules for accounts: roles, what they may do, and the
 * validation of registration input.  No I/O.
 */
#ifndef OIC_DOMAIN_ACCOUNT_H
#define OIC_DOMAIN_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

enum role {
	ROLE_PARTICIPANT,
	ROLE_REPRESENTATIVE, /* speaks for an organisation */
	ROLE_EVALUATOR,
	ROLE_MODERATOR,
	ROLE_ADMIN,
	ROLE__COUNT
};

/* Things a role may be allowed to do; checked on every action. */
enum permission {
	PERM_BACK_OFFICE, /* see /admin */
	PERM_MODERATE,
	PERM_EVALUATE,
	PERM_MANAGE_CONTENT, /* create and steer challenges, projects */
	PERM__COUNT
};

enum {
	ACCOUNT_PASSWORD_MIN = 10,   /* characters (code points) */
	ACCOUNT_PASSWORD_MAX = 1024, /* bytes: bounds the hashing work */
	ACCOUNT_NAME_MAX = 80,
	ACCOUNT_EMAIL_MAX = 254,
	ACCOUNT_ORG_MAX = 120,
};

/* Stable id ("admin") and English label msgid of a role. */
const char *role_id(enum role r);
const char *role_label(enum role r);
bool role_parse(const char *id, enum role *out);

/* Whether role r has permission p. */
bool role_can(enum role r, enum permission p);

struct registration {
	const char *email;
	const char *name;
	const char *password;
	const char *sector;
	const char *organisation; /* may be NULL or empty */
};

/* One problem with one field; message is an English msgid. */
struct field_problem {
	const char *field;
	const char *message;
};

enum { ACCOUNT_MAX_PROBLEMS = 5 };

/*
 * Validate and normalise a registration.  Fills problems (at most
 * ACCOUNT_MAX_PROBLEMS, in form order) and returns their count.  On 0,
 * out holds the normalised values (e-mail trimmed and lower-cased, name
 * and organisation trimmed, empty organisation as NULL), in arena a.
 */
size_t account_check_registration(struct arena *a, const struct registration *in,
				  struct registration *out,
				  struct field_problem problems[ACCOUNT_MAX_PROBLEMS]);

/*
 * Normalise an e-mail address for lookup (trim, lower-case ASCII).
 * NULL when it is not a plausible address.
 */
char *account_normalise_email(struct arena *a, const char *email);

/* Whether a password is acceptable (length rules only, NIST 800-63B). */
bool account_password_ok(const char *password);

#endif
