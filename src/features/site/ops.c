/*
 * ops.c - operations endpoints (/healthz, /metrics), static files and
 * the language switcher.
 */
#include <string.h>

#include "base/log.h"
#include "templates.h"
#include "app/app.h"
#include "app/assets.h"
#include "features/funnel/funnel.h"

void ops_healthz(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db *db = db_thread();
	struct db_stmt *st = db ? db_stmt(db, STMT_health_ping) : NULL;
	(void)req;
	(void)ctx;

	resp->content_type = "text/plain; charset=utf-8";
	http_add_header(resp, "Cache-Control", "no-store");
	if (st != NULL && db_run(st, NULL) >= 0) {
		resp->status = 200;
		buf_puts(&resp->body, "ok\n");
	} else {
		resp->status = 503;
		buf_puts(&resp->body, "unavailable\n");
	}
}

void ops_metrics(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	(void)req;
	(void)ctx;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_add_header(resp, "Cache-Control", "no-store");
	http_metrics_write(&resp->body);
	support_batch_metrics(&resp->body);
}

void ops_static(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const struct asset *a = assets_find(req->path + strlen("/static/"));

	if (a == NULL) {
		app_error(req, resp, 404, N_("This page does not exist."));
		return;
	}
	(void)ctx;
	/* The bytes live in the binary: no copy, and the name is the hash. */
	resp->content_type = a->type;
	resp->body.data = (char *)a->data;
	resp->body.len = a->len;
	resp->body.cap = 0;
	http_add_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
}

void ops_language(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *to = http_query(req, "to");
	const char *site = http_header(req, "Sec-Fetch-Site");
	enum lang lang;

	if (to == NULL || !i18n_lang_from_code(to, strlen(to), &lang)) {
		app_error(req, resp, 400, N_("This language is not offered."));
		return;
	}
	app_set_lang_cookie(req, resp, lang);
	/*
	 * A logged-in visitor's choice is kept with the account too, but
	 * only when the click came from our own pages: a GET from another
	 * site must not change stored data.
	 */
	if (ctx->user != NULL && (site == NULL || strcmp(site, "same-origin") == 0)) {
		struct db_stmt *st = db_stmt(ctx->db, STMT_user_set_lang);
		if (st != NULL) {
			db_bind_i64(st, 1, ctx->user->id);
			db_bind_text(st, 2, i18n_code(lang));
			if (db_run(st, NULL) < 0)
				log_warn("cannot store language of user %lld",
					 (long long)ctx->user->id);
		}
	}
	http_redirect(resp, app_safe_next(http_query(req, "next")));
}
