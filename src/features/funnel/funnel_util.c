/*
 * funnel_util.c - helpers shared by the funnel's handlers; see funnel.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "features/funnel/funnel.h"

bool funnel_parse_id(const char *s, int64_t *out)
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

void funnel_cursor_parse(const char *s, bool is_double, struct funnel_cursor *c)
{
	char *end;

	memset(c, 0, sizeof(*c));
	if (s == NULL || *s == '\0')
		return;
	const char *sep = strrchr(s, '_');
	if (sep == NULL || !funnel_parse_id(sep + 1, &c->id))
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

char *funnel_cursor_i64(struct arena *a, int64_t key, int64_t id)
{
	return arena_printf(a, "%lld_%lld", (long long)key, (long long)id);
}

char *funnel_cursor_double(struct arena *a, double key, int64_t id)
{
	/* 17 significant digits read back to the same double. */
	return arena_printf(a, "%.17g_%lld", key, (long long)id);
}

size_t funnel_form_all(const struct http_request *req, const char *name, const char **out,
		       size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < req->form.count && n < max; i++)
		if (strcmp(req->form.items[i].name, name) == 0)
			out[n++] = req->form.items[i].value;
	return n;
}

bool funnel_wants_json(const struct http_request *req)
{
	const char *accept = http_header(req, "Accept");
	if (app_is_api(req))
		return true;
	return accept != NULL && strstr(accept, "application/json") != NULL;
}

const enum role *funnel_role(const struct app_ctx *ctx)
{
	return ctx->user != NULL ? &ctx->user->role : NULL;
}

int64_t funnel_user_id(const struct app_ctx *ctx)
{
	return ctx->user != NULL ? ctx->user->id : 0;
}

const char *funnel_login_href(struct http_request *req, const char *path)
{
	const char *next = text_url_encode(&req->arena, path);
	return arena_printf(&req->arena, "/account/login?next=%s", next ? next : "%2F");
}

struct form_error *funnel_form_errors(struct http_request *req, enum lang lang,
				      const struct field_problem *p, size_t n)
{
	struct form_error *e = arena_calloc(&req->arena, n ? n : 1, sizeof(*e));
	for (size_t i = 0; e != NULL && i < n; i++) {
		e[i].field = p[i].field;
		e[i].message = tr(lang, p[i].message);
	}
	return e;
}

const char *funnel_problem_for(enum lang lang, const struct field_problem *p, size_t n,
			       const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].field, field) == 0)
			return tr(lang, p[i].message);
	return NULL;
}

int funnel_topics_load(struct http_request *req, struct app_ctx *ctx, enum stmt_id id,
		       int64_t owner, struct funnel_topic **out, size_t *count)
{
	struct db_stmt *st = db_stmt(ctx->db, id);
	int rc;

	*count = 0;
	*out = arena_calloc(&req->arena, FUNNEL_MAX_TOPICS, sizeof(**out));
	if (st == NULL || *out == NULL)
		return -1;
	db_bind_i64(st, 1, id == STMT_topic_all ? FUNNEL_MAX_TOPICS : owner);
	while ((rc = db_step(st)) == DB_ROW && *count < FUNNEL_MAX_TOPICS) {
		struct funnel_topic *t = &(*out)[(*count)++];
		t->id = db_col_i64(st, 0);
		t->slug = db_col_dup(st, 1, &req->arena);
		t->name = db_col_dup(st, ctx->lang == LANG_DE ? 2 : 3, &req->arena);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

struct check_option *funnel_topic_checks(struct http_request *req,
					 const struct funnel_topic *topics, size_t n,
					 const int64_t *checked, size_t checked_n)
{
	if (n == 0)
		return NULL;
	struct check_option *o = arena_calloc(&req->arena, n ? n : 1, sizeof(*o));
	for (size_t i = 0; o != NULL && i < n; i++) {
		o[i].id = arena_printf(&req->arena, "topic-%s", topics[i].slug);
		o[i].value = arena_printf(&req->arena, "%lld", (long long)topics[i].id);
		o[i].label = topics[i].name;
		for (size_t k = 0; k < checked_n; k++)
			if (checked[k] == topics[i].id)
				o[i].checked = true;
	}
	return o;
}

struct topic_chip *funnel_topic_chips(struct http_request *req, const struct funnel_topic *t,
				      size_t n)
{
	if (n == 0)
		return NULL; /* {{#if}} in templates: no chips, no heading */
	struct topic_chip *c = arena_calloc(&req->arena, n ? n : 1, sizeof(*c));
	for (size_t i = 0; c != NULL && i < n; i++) {
		c[i].slug = t[i].slug;
		c[i].name = t[i].name;
	}
	return c;
}

int funnel_follow_toggle(struct app_ctx *ctx, const char *type, int64_t id, bool *now_following)
{
	bool idea = strcmp(type, "idea") == 0;
	int64_t delta;

	if (db_begin_write(ctx->db) != DB_OK)
		return -1;
	/* The user's row first: a double click toggles once, then back. */
	struct db_stmt *st = db_stmt(ctx->db, STMT_funnel_user_lock);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, NULL) < 0)
		goto fail;
	st = db_stmt(ctx->db, STMT_follow_insert);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_text(st, 2, type);
	db_bind_i64(st, 3, id);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	if (db_changes(ctx->db) == 1) {
		delta = 1;
	} else {
		st = db_stmt(ctx->db, STMT_follow_delete);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, ctx->user->id);
		db_bind_text(st, 2, type);
		db_bind_i64(st, 3, id);
		if (db_run(st, NULL) < 0)
			goto fail;
		delta = -db_changes(ctx->db);
	}
	st = db_stmt(ctx->db, idea ? STMT_idea_followers_add : STMT_challenge_followers_add);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, delta);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail;
	*now_following = delta > 0;
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}
