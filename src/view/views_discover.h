/*
 * views_discover.h - view structs of the discover feature; included by views.h.
 */
#ifndef OIC_VIEW_VIEWS_DISCOVER_H
#define OIC_VIEW_VIEWS_DISCOVER_H

#endif
