/*
 * views_api.h - view structs of the api feature; included by views.h.
 */
#ifndef OIC_VIEW_VIEWS_API_H
#define OIC_VIEW_VIEWS_API_H

#endif
