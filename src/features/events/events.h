/*
 * events.h - what other features may use of events: their rules (kinds,
 * registration and waitlist; rules.h).
 */
#ifndef OIC_EVENTS_EVENTS_H
#define OIC_EVENTS_EVENTS_H

#include "features/events/rules.h"

#endif
