/*
 * forms.c - small helpers of every handler; see forms.h.
 */
#include "app/forms.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "base/utf8.h"

bool app_parse_id(const char *s, int64_t *out)
{
	char *end;

	if (s == NULL || *s < '1' || *s > '9')
		return false;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0 || v <= 0)
		return false;
	*out = v;
	return true;
}

void app_cursor_parse(const char *s, bool is_double, struct app_cursor *c)
{
	char *end;

	memset(c, 0, sizeof(*c));
	if (s == NULL || *s == '\0')
		return;
	const char *sep = strrchr(s, '_');
	if (sep == NULL || !app_parse_id(sep + 1, &c->id))
		return;
	errno = 0;
	if (is_double) {
		c->dkey = strtod(s, &end);
		if (end != sep || errno != 0 || !isfinite(c->dkey))
			return;
	} else {
		long long v = strtoll(s, &end, 10);
		if (end != sep || errno != 0)
			return;
		c->key = v;
	}
	c->set = true;
}

char *app_cursor_i64(struct arena *a, int64_t key, int64_t id)
{
	return arena_printf(a, "%lld_%lld", (long long)key, (long long)id);
}

char *app_cursor_double(struct arena *a, double key, int64_t id)
{
	/* 17 significant digits read back to the same double. */
	return arena_printf(a, "%.17g_%lld", key, (long long)id);
}

size_t app_form_all(const struct http_request *req, const char *name, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < req->form.count && n < max; i++)
		if (strcmp(req->form.items[i].name, name) == 0)
			out[n++] = req->form.items[i].value;
	return n;
}

bool app_wants_json(const struct http_request *req)
{
	const char *accept = http_header(req, "Accept");
	if (app_is_api(req))
		return true;
	return accept != NULL && strstr(accept, "application/json") != NULL;
}

const enum role *app_role(const struct app_ctx *ctx)
{
	return ctx->user != NULL ? &ctx->user->role : NULL;
}

int64_t app_user_id(const struct app_ctx *ctx)
{
	return ctx->user != NULL ? ctx->user->id : 0;
}

const char *app_login_href(struct http_request *req, const char *path)
{
	const char *next = text_url_encode(&req->arena, path);
	return arena_printf(&req->arena, "/account/login?next=%s", next ? next : "%2F");
}

struct form_error *app_form_errors(struct http_request *req, enum lang lang,
				   const struct field_problem *p, size_t n)
{
	struct form_error *e = arena_calloc(&req->arena, n ? n : 1, sizeof(*e));
	for (size_t i = 0; e != NULL && i < n; i++) {
		e[i].field = p[i].field;
		e[i].message = tr(lang, p[i].message);
	}
	return e;
}

const char *app_problem_for(enum lang lang, const struct field_problem *p, size_t n,
			    const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].field, field) == 0)
			return tr(lang, p[i].message);
	return NULL;
}

const char *app_query_filter(struct http_request *req, const char *name, size_t max)
{
	const char *v = http_query(req, name);
	if (v == NULL)
		return "";
	if (strlen(v) > max || !utf8_valid(v, strlen(v)) || utf8_has_controls(v, strlen(v)))
		return NULL;
	return v;
}

int app_option_by_label(const void *x, const void *y)
{
	const struct field_option *a = x, *b = y;
	if (a->value[0] == '\0' || b->value[0] == '\0')
		return a->value[0] == '\0' ? -1 : b->value[0] == '\0' ? 1 : 0;
	return strcasecmp(a->label, b->label);
}
