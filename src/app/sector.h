/*
 * sector.h - the four sectors of the "quadruple helix".
 *
 * Every account and organisation belongs to one; ids are the stable
 * strings stored in the database and used in forms and the API.
 */
#ifndef OIC_DOMAIN_SECTOR_H
#define OIC_DOMAIN_SECTOR_H

#include <stdbool.h>

enum sector { SECTOR_GOVERNMENT, SECTOR_RESEARCH, SECTOR_BUSINESS, SECTOR_CIVIL, SECTOR__COUNT };

struct sector_info {
	const char *id;	   /* "government" */
	const char *label; /* English msgid, translate with tr() */
};

extern const struct sector_info sector_table[SECTOR__COUNT];

/* Parse a sector id; false for anything else (including NULL). */
bool sector_parse(const char *id, enum sector *out);

/* The msgid of a sector id's label, or NULL for an unknown id. */
const char *sector_label(const char *id);

#endif
