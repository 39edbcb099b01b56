/*
 * tokens.c - personal access tokens for the JSON API, on /account/tokens.
 *
 * A token is 32 random bytes shown once, right after it is made; only its
 * BLAKE2b hash is stored, like session ids.  A user holds at most 20.
 */
#include <string.h>

#include "base/secure.h"
#include "base/utf8.h"
#include "templates.h"
#include "app/app.h"

enum { TOKENS_MAX = 20, TOKEN_NAME_MAX = 80 };

static void render_tokens(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  struct tokens_view *v, int status)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_token_list);
	int rc;

	v->tokens = arena_calloc(&req->arena, 50, sizeof(*v->tokens));
	if (st == NULL || v->tokens == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	while ((rc = db_step(st)) == DB_ROW && v->tokens_count < 50) {
		struct token_row *t = &v->tokens[v->tokens_count++];
		t->id = db_col_i64(st, 0);
		t->name = db_col_dup(st, 1, &req->arena);
		t->created = db_col_i64(st, 2);
		t->used = !db_col_null(st, 3);
		t->last_used = db_col_i64(st, 3);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (v->tokens_count == 0)
		v->tokens = NULL;
	app_layout(req, resp, &v->layout, N_("API access"), "/account");
	v->csrf = app_csrf(req, resp);
	struct tpl_out out = app_html(req, resp, status);
	tpl_account_tokens(&out, v);
}

void tokens_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct tokens_view v;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	memset(&v, 0, sizeof(v));
	render_tokens(req, resp, ctx, &v, 200);
}

void tokens_create(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *name = http_form(req, "name");
	struct tokens_view v;
	unsigned char raw[SECURE_TOKEN_BYTES], hash[SECURE_HASH_BYTES];
	int64_t count = 0, id = 0;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	memset(&v, 0, sizeof(v));
	v.name = name;
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || utf8_length(name, n) > TOKEN_NAME_MAX || utf8_has_controls(name, n)) {
		v.name_error = tr(
			ctx->lang,
			N_("Give the token a name of up to 80 characters, e.g. the program that uses it."));
		render_tokens(req, resp, ctx, &v, 422);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_token_count);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, &count) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (count >= TOKENS_MAX) {
		v.name_error =
			tr(ctx->lang,
			   N_("You already have 20 tokens. Delete one you no longer need first."));
		render_tokens(req, resp, ctx, &v, 422);
		return;
	}
	char *token = secure_token(&req->arena);
	if (token == NULL || !secure_token_decode(token, raw)) {
		app_error(req, resp, 500, NULL);
		return;
	}
	secure_hash(raw, sizeof(raw), hash);
	st = db_stmt(ctx->db, STMT_token_insert);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_blob(st, 2, hash, sizeof(hash));
	db_bind_text(st, 3, name);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, &id) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_audit(ctx, "token.create", arena_printf(&req->arena, "token:%lld", (long long)id),
		  name);
	/*
	 * Shown once: answered directly, never through a redirect or a log;
	 * pages of logged-in users are never stored by caches (app_html).
	 */
	v.new_token = token;
	v.name = NULL;
	render_tokens(req, resp, ctx, &v, 201);
}

void tokens_delete(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_token_delete);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	db_bind_i64(st, 2, ctx->user->id);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (db_changes(ctx->db) == 0) {
		app_error(req, resp, 404, N_("There is no such token."));
		return;
	}
	http_redirect(resp, "/account/tokens?notice=token-deleted");
}
