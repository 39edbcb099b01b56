/*
 * event.c - the kinds of events (see event.h).  The ids are those of the
 * CHECK constraint on events.kind in both dialects' migrations.
 */
#include "features/events/rules.h"

#include <string.h>

#include "base/i18n.h"

const struct event_kind_info event_kind_table[EVENT_KIND__COUNT] = {
	[EVENT_WORKSHOP] = {"workshop", N_("Workshop")},
	[EVENT_HACKATHON] = {"hackathon", N_("Hackathon")},
	[EVENT_LAB] = {"lab", N_("Innovation lab")},
	[EVENT_MEETUP] = {"meetup", N_("Meetup")},
	[EVENT_CONFERENCE] = {"conference", N_("Conference")},
};

bool event_kind_parse(const char *id, enum event_kind *out)
{
	for (int i = 0; id != NULL && i < EVENT_KIND__COUNT; i++) {
		if (strcmp(event_kind_table[i].id, id) == 0) {
			*out = (enum event_kind)i;
			return true;
		}
	}
	return false;
}

const char *event_kind_label(const char *id)
{
	enum event_kind k;
	return event_kind_parse(id, &k) ? event_kind_table[k].label : id;
}
