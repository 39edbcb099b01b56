/*
 * views_funnel.h - view structs of the funnel feature; included by views.h.
 */
#ifndef OIC_VIEW_VIEWS_FUNNEL_H
#define OIC_VIEW_VIEWS_FUNNEL_H

#endif
