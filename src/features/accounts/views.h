/*
 * views.h - view structs of accounts: registration, login, the account page and its tokens.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_ACCOUNTS_VIEWS_H
#define OIC_ACCOUNTS_VIEWS_H

struct register_view {
	struct layout_view layout;
	const char *csrf;
	const char *email;
	const char *name;
	const char *organisation;
	const char *email_error;
	const char *name_error;
	const char *password_error;
	const char *sector_error;
	const char *organisation_error;
	struct error_summary problem_list; /* problems of the form, on top */
	struct field_option *sectors;
	size_t sectors_count;
};

struct login_view {
	struct layout_view layout;
	const char *csrf;
	const char *email;
	const char *error; /* one message for the whole form */
	const char *next;
};

struct account_view {
	struct layout_view layout;
	const char *csrf;
	const char *name;
	const char *email;
	const char *sector;
	const char *organisation;
	const char *role;
	int64_t created;
	struct field_option *languages;
	size_t languages_count;
	const char *delete_error;
	struct actor_account_section directory; /* features/actors */
	struct contact_account_section contact; /* features/contact */
	struct matching_section matches;	/* features/matching: suggestions for me */
};

struct token_row {
	int64_t id;
	const char *name;
	int64_t created;
	bool used;
	int64_t last_used;
};

struct tokens_view {
	struct layout_view layout;
	const char *csrf;
	const char *name; /* the name field, kept after an error */
	const char *name_error;
	const char *new_token; /* shown once after creation */
	struct token_row *tokens;
	size_t tokens_count;
};

#endif
