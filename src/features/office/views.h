/*
 * views.h - view structs of office: the back office.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_OFFICE_VIEWS_H
#define OIC_OFFICE_VIEWS_H

/* The back office's own navigation (the admin_nav partial). */
struct admin_nav {
	struct nav_link *links;
	size_t links_count;
};

struct audit_row {
	int64_t id;
	int64_t at;
	int64_t actor_id; /* 0: the platform itself, or a deleted account */
	const char *actor;
	const char *action;
	const char *subject;
	const char *detail;
	const char *before; /* NULL when nothing was recorded */
	const char *after;
};

struct admin_view {
	struct layout_view layout;
	struct admin_nav nav;
	int64_t accounts;
	int64_t organisations;
	int64_t challenges;
	bool can_read_audit;
	struct audit_row *audit;
	size_t audit_count;
};

struct account_row {
	int64_t id;
	const char *name;
	const char *email;
	const char *sector;
	const char *organisation; /* NULL when none */
	const char *role;	  /* translated */
	int64_t created;
};

struct accounts_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *q;
	const char *q_error;
	const char *role_error;
	struct field_option *roles;
	size_t roles_count;
	bool filtered;
	struct account_row *accounts;
	size_t accounts_count;
	struct pager pager;
};

struct account_admin_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *csrf;
	const char *notice;
	struct account_row account;
	const char *lang;
	int64_t ideas;
	int64_t comments;
	bool is_self;
	struct field_option *roles;
	size_t roles_count;
	const char *role_error;
	const char *actions_href; /* the audit log of what the account did */
	const char *history_href; /* ... and of what was done to it */
};

struct audit_view {
	struct layout_view layout;
	struct admin_nav nav;
	struct error_summary problem_list;
	const char *actor;
	const char *action;
	const char *subject;
	const char *from;
	const char *to;
	const char *actor_error;
	const char *action_error;
	const char *subject_error;
	const char *from_error;
	const char *to_error;
	bool filtered;
	struct audit_row *rows;
	size_t rows_count;
	const char *csv_href;
	struct pager pager;
};

#endif
