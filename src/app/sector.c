/*
 * sector.c - sector table; see sector.h.
 */
#include "app/sector.h"

#include <string.h>

#include "base/i18n.h"

const struct sector_info sector_table[SECTOR__COUNT] = {
	[SECTOR_GOVERNMENT] = {"government", N_("Politics & administration")},
	[SECTOR_RESEARCH] = {"research", N_("Education & research")},
	[SECTOR_BUSINESS] = {"business", N_("Business & associations")},
	[SECTOR_CIVIL] = {"civil", N_("Citizens & civil society")},
};

bool sector_parse(const char *id, enum sector *out)
{
	if (id == NULL)
		return false;
	for (int i = 0; i < SECTOR__COUNT; i++)
		if (strcmp(sector_table[i].id, id) == 0) {
			*out = (enum sector)i;
			return true;
		}
	return false;
}

const char *sector_label(const char *id)
{
	enum sector s;
	return sector_parse(id, &s) ? sector_table[s].label : NULL;
}
