/*
 * views.h - the structs matchmaking's partials render: the suggestions
 * of a challenge or an actor (matching_section), embedded by the pages
 * that show them (a challenge's, an actor's, /account).
 */
#ifndef OIC_MATCHING_VIEWS_H
#define OIC_MATCHING_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

/* One suggestion: the actor or challenge, why, and its dismiss form. */
struct matching_item {
	int64_t target;
	const char *name;
	const char *lang; /* of the name */
	const char *href;
	const char *why; /* "Mobilität, Sensordaten" */
	int score;	 /* per cent, rounded */
};

/* One list of a section: its kind ("actor", "challenge", "offers", "needs"). */
struct matching_list {
	const char *kind;
	const char *heading_id;
	const char *heading; /* translated */
	struct matching_item *items;
	size_t items_count;
};

struct matching_section {
	bool shown; /* any list has an item, or the viewer may switch off */
	const char *heading_id;
	const char *heading; /* translated */
	const char *subject; /* "challenge" or "actor" */
	int64_t subject_id;
	struct matching_list *lists;
	size_t lists_count;
	bool can_dismiss; /* the viewer is whom they are shown to */
	const char *csrf;
	const char *back; /* where the forms return to */
	bool can_optout;  /* the viewer may switch this actor off */
	bool optout;	  /* switched off */
	const char *notice;
};

#endif
