/*
 * views.h - view structs of office: the back office.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_OFFICE_VIEWS_H
#define OIC_OFFICE_VIEWS_H

struct audit_row {
	int64_t at;
	const char *actor;
	const char *action;
	const char *subject;
	const char *detail;
};

struct admin_view {
	struct layout_view layout;
	int64_t accounts;
	int64_t organisations;
	int64_t challenges;
	struct audit_row *audit;
	size_t audit_count;
};

#endif
