/*
 * settings.c - the office's settings: for now the target share of each
 * sector that analytics measures the quadruple-helix balance against.
 * Administrators (PERM_MANAGE_CONTENT); every change audited with the
 * shares before and after.
 */
#include <stdlib.h>
#include <string.h>

#include "features/office/office.h"
#include "features/office/rules.h"

const char *office_target_key(struct arena *a, enum sector s)
{
	return arena_printf(a, "helix_target.%s", sector_table[s].id);
}

static bool may_set(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MANAGE_CONTENT),
			   N_("Only administrators can change the settings."));
}

/* "25/25/25/25": the shares in the order of sector_table, for the audit log. */
static const char *shares_text(struct arena *a, const int pct[SECTOR__COUNT])
{
	return arena_printf(a, "%d/%d/%d/%d", pct[0], pct[1], pct[2], pct[3]);
}

#define RETENTION_KEY "audit.retention_days"

int office_retention_load(struct db *db, int *days)
{
	struct db_stmt *st = db_stmt(db, STMT_setting_get);

	*days = 0;
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, RETENTION_KEY);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*days = atoi(db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int setting_put(struct db *db, const char *key, const char *value)
{
	struct db_stmt *st = db_stmt(db, STMT_setting_put);
	if (st == NULL || key == NULL || value == NULL)
		return -1;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

/*
 * The form with values (typed, or NULL for the stored pct and retention)
 * and problems; status 200 or 422.
 */
static void settings_render(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, int status, const char *const typed[SECTOR__COUNT],
			    const int pct[SECTOR__COUNT], const char *retention,
			    const struct field_problem *p, size_t n)
{
	struct settings_view v;

	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/settings");
	v.csrf = app_csrf(req, resp);
	v.targets = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*v.targets));
	if (v.targets == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	for (int s = 0; s < SECTOR__COUNT; s++) {
		struct target_field *t = &v.targets[v.targets_count++];
		t->id = arena_printf(&req->arena, "target-%s", sector_table[s].id);
		t->label = tr(ctx->lang, sector_table[s].label);
		t->value = typed ? typed[s] : arena_printf(&req->arena, "%d", pct[s]);
		t->error = app_problem_for(ctx->lang, p, n, t->id);
	}
	v.retention = retention;
	v.retention_error = app_problem_for(ctx->lang, p, n, "retention");
	if (n > 0) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, n);
		v.problem_list.errors_count = n;
		v.targets_error = app_problem_for(ctx->lang, p, n, "targets");
	} else if (http_query(req, "notice") != NULL) {
		v.notice = tr(ctx->lang, N_("The settings are saved."));
	}
	app_layout(req, resp, &v.layout, N_("Settings"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_settings(&out, &v);
}

void admin_settings(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int pct[SECTOR__COUNT], days;

	if (!may_set(req, resp, ctx))
		return;
	if (office_targets_load(ctx->db, &req->arena, pct) != 0 ||
	    office_retention_load(ctx->db, &days) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	settings_render(req, resp, ctx, 200, NULL, pct, arena_printf(&req->arena, "%d", days), NULL,
			0);
}

void admin_settings_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *typed[SECTOR__COUNT];
	struct field_problem problems[SECTOR__COUNT + 2];
	int pct[SECTOR__COUNT], before[SECTOR__COUNT], days, days_before;

	if (!may_set(req, resp, ctx))
		return;
	for (int s = 0; s < SECTOR__COUNT; s++) {
		const char *id = arena_printf(&req->arena, "target-%s", sector_table[s].id);
		typed[s] = id ? http_form(req, id) : NULL;
	}
	size_t n = office_targets_check(typed, pct, problems);
	const char *retention = http_form(req, "retention");
	const char *why = office_retention_check(retention, &days);
	if (why != NULL)
		problems[n++] = (struct field_problem){"retention", why};
	if (n > 0) {
		settings_render(req, resp, ctx, 422, typed, pct, retention, problems, n);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (office_targets_load(ctx->db, &req->arena, before) != 0 ||
	    office_retention_load(ctx->db, &days_before) != 0)
		goto fail_tx;
	/* What changed is stored and audited; what did not is left alone. */
	if (memcmp(before, pct, sizeof(pct)) != 0) {
		for (int s = 0; s < SECTOR__COUNT; s++)
			if (setting_put(ctx->db, office_target_key(&req->arena, (enum sector)s),
					arena_printf(&req->arena, "%d", pct[s])) != 0)
				goto fail_tx;
		if (app_audit_change(ctx, "settings.targets", "settings:helix_targets", "",
				     shares_text(&req->arena, before),
				     shares_text(&req->arena, pct)) != 0)
			goto fail_tx;
	}
	if (days != days_before &&
	    (setting_put(ctx->db, RETENTION_KEY, arena_printf(&req->arena, "%d", days)) != 0 ||
	     app_audit_change(ctx, "settings.audit_retention", "settings:" RETENTION_KEY, "",
			      arena_printf(&req->arena, "%d", days_before),
			      arena_printf(&req->arena, "%d", days)) != 0))
		goto fail_tx;
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, "/admin/settings?notice=saved");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
