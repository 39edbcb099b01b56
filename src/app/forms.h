/*
 * forms.h - small helpers of every handler: ids and keyset cursors in
 * URLs, repeated form fields, who the viewer is, and form problems shown
 * next to their fields.
 */
#ifndef OIC_APP_FORMS_H
#define OIC_APP_FORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* A positive decimal id; false for anything else. */
bool app_parse_id(const char *s, int64_t *out);

/*
 * Keyset cursors travel as "KEY_ID" in a query parameter.  Integer keys
 * and double keys (the trend) are both written so they read back exactly.
 */
struct app_cursor {
	bool set;
	int64_t key;
	double dkey;
	int64_t id;
};

/* Parse a cursor; an absent or malformed one leaves c->set false. */
void app_cursor_parse(const char *s, bool is_double, struct app_cursor *c);

/* "KEY_ID" for an integer or a double key, in arena a. */
char *app_cursor_i64(struct arena *a, int64_t key, int64_t id);
char *app_cursor_double(struct arena *a, double key, int64_t id);

/*
 * All values of a repeated form field (checkboxes), at most max; returns
 * how many were stored in out.
 */
size_t app_form_all(const struct http_request *req, const char *name, const char **out, size_t max);

/* Whether the client asked for JSON (Accept: application/json). */
bool app_wants_json(const struct http_request *req);

/* The viewer's role, or NULL when anonymous (for the rules' "const enum role *"). */
const enum role *app_role(const struct app_ctx *ctx);

/* The viewer's id, 0 when anonymous (binds as "nobody"). */
int64_t app_user_id(const struct app_ctx *ctx);

/* "/account/login?next=<path>" for links that ask to log in first. */
const char *app_login_href(struct http_request *req, const char *path);

/* Form errors for the summary at the top of a form, from problems. */
struct form_error *app_form_errors(struct http_request *req, enum lang lang,
				   const struct field_problem *p, size_t n);

/* The message for a field among problems (translated), or NULL. */
const char *app_problem_for(enum lang lang, const struct field_problem *p, size_t n,
			    const char *field);

/*
 * A filter's value from the query string: "" when absent; NULL when it
 * is longer than max bytes, not UTF-8 or holds control characters.
 */
const char *app_query_filter(struct http_request *req, const char *name, size_t max);

/* qsort order of struct field_option by label, "All" (the empty value) first. */
int app_option_by_label(const void *x, const void *y);

#endif
