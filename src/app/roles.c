/*
 * roles.c - the role table; see roles.h.
 */
#include "app/roles.h"

#include <string.h>

#include "base/i18n.h"

static const struct {
	const char *id;
	const char *label;
	unsigned perms; /* bit per enum permission */
} role_table[ROLE__COUNT] = {
	[ROLE_PARTICIPANT] = {"participant", N_("Participant"), 0},
	[ROLE_REPRESENTATIVE] = {"representative", N_("Organisation representative"), 0},
	[ROLE_EVALUATOR] = {"evaluator", N_("Evaluator"), 1u << PERM_EVALUATE},
	[ROLE_MODERATOR] = {"moderator", N_("Moderator"),
			    1u << PERM_MODERATE | 1u << PERM_BACK_OFFICE},
	[ROLE_ADMIN] = {"admin", N_("Administrator"),
			1u << PERM_BACK_OFFICE | 1u << PERM_MODERATE | 1u << PERM_EVALUATE |
				1u << PERM_MANAGE_CONTENT | 1u << PERM_MANAGE_ACCOUNTS |
				1u << PERM_READ_AUDIT},
};

const char *role_id(enum role r)
{
	return r < ROLE__COUNT ? role_table[r].id : "participant";
}

const char *role_label(enum role r)
{
	return r < ROLE__COUNT ? role_table[r].label : role_table[0].label;
}

bool role_parse(const char *id, enum role *out)
{
	if (id == NULL)
		return false;
	for (int i = 0; i < ROLE__COUNT; i++)
		if (strcmp(role_table[i].id, id) == 0) {
			*out = (enum role)i;
			return true;
		}
	return false;
}

bool role_can(enum role r, enum permission p)
{
	return r < ROLE__COUNT && p < PERM__COUNT && (role_table[r].perms & (1u << p)) != 0;
}
