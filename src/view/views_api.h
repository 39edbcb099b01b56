/*
 * views_api.h - view structs of the API feature (personal access tokens);
 * included by views.h.
 */
#ifndef OIC_VIEW_VIEWS_API_H
#define OIC_VIEW_VIEWS_API_H

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
