/*
 * waitlist.h - moving people up from an event's waitlist and the
 * counters of places, shared by the cancellation (events.c) and the
 * back office's capacity change (admin.c); inside events/ only.
 */
#ifndef OIC_EVENTS_WAITLIST_H
#define OIC_EVENTS_WAITLIST_H

#include <stdint.h>

#include "app/app.h"

/*
 * Give the first of event id's waitlist a place and notify them, inside
 * the caller's write transaction with the event row locked; the
 * caller corrects the counters.  1 when someone moved up, 0 when nobody
 * waits, -1 on a store error.
 */
int events_promote_first(struct app_ctx *ctx, int64_t id);

/*
 * Move event id's counters of places taken and waiting by registered and
 * waitlist (either may be negative), in the caller's transaction:
 * DB_OK or DB_ERROR.
 */
int events_counts_add(struct app_ctx *ctx, int64_t id, int64_t registered, int64_t waitlist);

/*
 * Tell everyone registered for event id or waiting for it (kind
 * "event_cancelled" or "event_moved"; the visitor the actor), in the
 * caller's write transaction with the event row locked: 0, or -1 on a
 * store error.
 */
int events_notify_registrants(struct app_ctx *ctx, int64_t id, const char *kind);

#endif
