/*
 * event.h - events of the city's innovation programme (workshops,
 * hackathons, labs, meetups, conferences): their kinds, without I/O.
 * features/events/events.c shows them; tests/unit/test_event.c tests this.
 */
#ifndef OIC_DOMAIN_EVENT_H
#define OIC_DOMAIN_EVENT_H

#include <stdbool.h>

enum event_kind {
	EVENT_WORKSHOP,
	EVENT_HACKATHON,
	EVENT_LAB,
	EVENT_MEETUP,
	EVENT_CONFERENCE,
	EVENT_KIND__COUNT
};

struct event_kind_info {
	const char *id;	   /* stored in events.kind */
	const char *label; /* English msgid */
};

extern const struct event_kind_info event_kind_table[EVENT_KIND__COUNT];

/* Parse a kind id; false for anything else (including NULL). */
bool event_kind_parse(const char *id, enum event_kind *out);

/* The English msgid of a kind id; the id itself when unknown. */
const char *event_kind_label(const char *id);

#endif
