/*
 * views.h - view structs of notifications: the notifications page.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_NOTIFICATIONS_VIEWS_H
#define OIC_NOTIFICATIONS_VIEWS_H

struct notification_item {
	const char *what;  /* "New comment", translated */
	const char *actor; /* may be NULL */
	const char *title; /* of the idea or challenge */
	const char *lang;
	const char *href;
	int64_t created;
	bool unread;
};

struct notifications_view {
	struct layout_view layout;
	struct notification_item *items;
	size_t items_count;
	const char *next_href;
	const char *first_href;
};

#endif
