/*
 * rules.h - rules for accounts: the validation of registration input,
 * e-mail addresses and passwords.  No I/O.  Roles are app/roles.h.
 */
#ifndef OIC_ACCOUNTS_RULES_H
#define OIC_ACCOUNTS_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/roles.h"
#include "base/arena.h"

enum {
	ACCOUNT_PASSWORD_MIN = 10,   /* characters (code points) */
	ACCOUNT_PASSWORD_MAX = 1024, /* bytes: bounds the hashing work */
	ACCOUNT_NAME_MAX = 80,
	ACCOUNT_EMAIL_MAX = 254,
	ACCOUNT_ORG_MAX = 120,
};

struct registration {
	const char *email;
	const char *name;
	const char *password;
	const char *sector;
	const char *organisation; /* may be NULL or empty */
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
