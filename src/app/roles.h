/*
 * roles.h - who may do what on the platform: the roles of accounts and
 * the permissions every action is checked against (role_can), and the
 * problem a form field can have.  No I/O.  Kernel: the middleware knows
 * the visitor's role; every feature asks role_can.
 */
#ifndef OIC_APP_ROLES_H
#define OIC_APP_ROLES_H

#include <stdbool.h>

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
	PERM_MANAGE_CONTENT,  /* create and steer challenges, projects */
	PERM_MANAGE_ACCOUNTS, /* search accounts, see their e-mail, assign roles */
	PERM_READ_AUDIT,      /* the audit log: who did what (it names accounts) */
	PERM__COUNT
};

/* Stable id ("admin") and English label msgid of a role. */
const char *role_id(enum role r);
const char *role_label(enum role r);
bool role_parse(const char *id, enum role *out);

/* Whether role r has permission p. */
bool role_can(enum role r, enum permission p);

/* One problem with one field; message is an English msgid. */
struct field_problem {
	const char *field;
	const char *message;
};

#endif
