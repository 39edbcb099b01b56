/*
 * topics.c - topics and follows of the funnel; see internal.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "features/funnel/internal.h"

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
