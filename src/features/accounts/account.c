/*
 * account.c - register, log in, log out, the account page with settings,
 * data export (GDPR Art. 15/20) and deletion (Art. 17).
 *
 * Register, login and delete hash or verify a password (Argon2id, tens of
 * milliseconds, 64 MiB), so they run on a worker thread (ROUTE_SLOW).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/secure.h"
#include "base/log.h"
#include "base/text.h"
#include "app/sector.h"
#include "templates.h"
#include "app/app.h"
#include "app/json.h"
#include "features/accounts/rules.h"
#include "features/actors/actors.h"
#include "features/contact/contact.h"
#include "features/matching/matching.h"

/* Login limits: attempts per address, failures per account. */
enum {
	LOGIN_WINDOW_S = 15 * 60,
	LOGIN_PER_ADDRESS = 100,
	LOGIN_FAILS_PER_ACCOUNT = 5,
	REGISTER_WINDOW_S = 3600,
	REGISTER_PER_ADDRESS = 100,
};

/*
 * A hash to verify against when the e-mail is unknown, so that an unknown
 * address takes as long as a wrong password and the two cannot be told
 * apart by timing either.
 */
static const char *dummy_hash(void)
{
	static char hash[SECURE_PWHASH_MAX];
	static _Atomic int ready;
	if (!ready) {
		char tmp[SECURE_PWHASH_MAX];
		if (secure_password_hash("not a password of anyone", tmp) == 0) {
			memcpy(hash, tmp, sizeof(hash));
			ready = 1;
		}
	}
	return ready ? hash : NULL;
}

static struct field_option *sector_options(struct http_request *req, const char *selected)
{
	struct app_ctx *ctx = app_ctx(req);
	struct field_option *o = arena_calloc(&req->arena, SECTOR__COUNT, sizeof(*o));
	for (int i = 0; o && i < SECTOR__COUNT; i++) {
		o[i].value = sector_table[i].id;
		o[i].label = tr(ctx->lang, sector_table[i].label);
		o[i].selected = selected && strcmp(selected, sector_table[i].id) == 0;
	}
	return o;
}

static void render_register(struct http_request *req, struct http_response *resp,
			    struct register_view *v, int status)
{
	app_layout(req, resp, &v->layout, N_("Register"), "/account/register");
	v->csrf = app_csrf(req, resp);
	v->sectors = sector_options(req, http_form(req, "sector"));
	v->sectors_count = SECTOR__COUNT;
	struct tpl_out out = app_html(req, resp, status);
	tpl_register(&out, v);
}

void account_register_form(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	struct register_view v;

	if (ctx->user != NULL) {
		http_redirect(resp, "/account");
		return;
	}
	memset(&v, 0, sizeof(v));
	render_register(req, resp, &v, 200);
}

void account_register(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct registration in = {
		.email = http_form(req, "email"),
		.name = http_form(req, "name"),
		.password = http_form(req, "password"),
		.sector = http_form(req, "sector"),
		.organisation = http_form(req, "organisation"),
	};
	struct registration ok;
	struct field_problem problems[ACCOUNT_MAX_PROBLEMS];
	struct register_view v;
	char hash[SECURE_PWHASH_MAX];
	int64_t id = 0;

	memset(&v, 0, sizeof(v));
	v.email = in.email;
	v.name = in.name;
	v.organisation = in.organisation;
	char *key = arena_printf(&req->arena, "register-ip:%s", req->client);
	if (key != NULL && app_rate_exceeded(ctx, key, REGISTER_PER_ADDRESS, REGISTER_WINDOW_S)) {
		app_error(
			req, resp, 429,
			N_("Too many accounts were created from your network. Please try again later."));
		return;
	}
	size_t n = account_check_registration(&req->arena, &in, &ok, problems);
	if (n == 0) {
		if (secure_password_hash(ok.password, hash) != 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
		struct db_stmt *st = db_stmt(ctx->db, STMT_user_insert);
		if (st == NULL) {
			app_error(req, resp, 500, NULL);
			return;
		}
		db_bind_text(st, 1, ok.email);
		db_bind_text(st, 2, ok.name);
		db_bind_text(st, 3, hash);
		db_bind_text(st, 4, ok.sector);
		db_bind_text(st, 5, ok.organisation);
		db_bind_text(st, 6, "participant");
		db_bind_text(st, 7, i18n_code(ctx->lang));
		db_bind_i64(st, 8, ctx->now);
		int rc = db_run(st, &id);
		if (rc == DB_CONSTRAINT) {
			problems[n].field = "email";
			problems[n].message = N_(
				"An account with this e-mail address already exists. Log in instead, or use another address.");
			n++;
		} else if (rc < 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
	}
	if (n > 0) {
		v.problem_list.errors =
			arena_calloc(&req->arena, n, sizeof(*v.problem_list.errors));
		if (v.problem_list.errors == NULL) {
			app_error(req, resp, 500, NULL);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			const char *msg = tr(ctx->lang, problems[i].message);
			v.problem_list.errors[i].field = strcmp(problems[i].field, "sector") == 0
								 ? "sector-government"
								 : problems[i].field;
			v.problem_list.errors[i].message = msg;
			if (strcmp(problems[i].field, "email") == 0)
				v.email_error = msg;
			else if (strcmp(problems[i].field, "name") == 0)
				v.name_error = msg;
			else if (strcmp(problems[i].field, "password") == 0)
				v.password_error = msg;
			else if (strcmp(problems[i].field, "sector") == 0)
				v.sector_error = msg;
			else
				v.organisation_error = msg;
		}
		v.problem_list.errors_count = n;
		render_register(req, resp, &v, 422);
		return;
	}
	/* The id, not the address: the log outlives a deleted account. */
	app_audit(ctx, "account.register", arena_printf(&req->arena, "account:%lld", (long long)id),
		  ok.sector);
	if (app_session_start(req, resp, id) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, "/account?notice=welcome");
}

static void render_login(struct http_request *req, struct http_response *resp, const char *email,
			 const char *error, int status)
{
	struct login_view v;
	const char *next = http_form(req, "next");

	if (next == NULL)
		next = http_query(req, "next");
	memset(&v, 0, sizeof(v));
	app_layout(req, resp, &v.layout, N_("Log in"), "/account/login");
	v.csrf = app_csrf(req, resp);
	v.email = email;
	v.error = error;
	v.next = next && strcmp(app_safe_next(next), "/") != 0 ? next : NULL;
	struct tpl_out out = app_html(req, resp, status);
	tpl_login(&out, &v);
}

void account_login_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user != NULL) {
		http_redirect(resp, "/account");
		return;
	}
	render_login(req, resp, NULL, NULL, 200);
}

void account_login(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *email_in = http_form(req, "email");
	const char *password = http_form(req, "password");
	const char *wrong = tr(ctx->lang, N_("The e-mail address or the password is wrong."));
	char *email = account_normalise_email(&req->arena, email_in);
	char *ip_key = arena_printf(&req->arena, "login-ip:%s", req->client);
	char *acct_key = email ? arena_printf(&req->arena, "login-account:%s", email) : NULL;
	int64_t id = 0;
	char *hash = NULL;
	bool banned = false;

	if (ip_key == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	/* Limits first: they must hold before any expensive work is done. */
	if (app_rate_exceeded(ctx, ip_key, LOGIN_PER_ADDRESS, LOGIN_WINDOW_S) ||
	    (acct_key != NULL &&
	     app_rate_reached(ctx, acct_key, LOGIN_FAILS_PER_ACCOUNT, LOGIN_WINDOW_S))) {
		app_error(req, resp, 429,
			  N_("Too many login attempts. Please wait 15 minutes and try again."));
		return;
	}
	if (email == NULL || password == NULL || password[0] == '\0' ||
	    strlen(password) > ACCOUNT_PASSWORD_MAX) {
		render_login(req, resp, email_in,
			     tr(ctx->lang, N_("Enter your e-mail address and your password.")),
			     422);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_user_by_email);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, email);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		id = db_col_i64(st, 0);
		hash = db_col_dup(st, 1, &req->arena);
		banned = db_col_i64(st, 2) != 0;
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	bool ok;
	if (hash != NULL) {
		ok = secure_password_verify(hash, password);
	} else {
		const char *dummy = dummy_hash();
		if (dummy != NULL)
			secure_password_verify(dummy, password);
		ok = false;
	}
	if (!ok) {
		app_rate_exceeded(ctx, acct_key, LOGIN_FAILS_PER_ACCOUNT, LOGIN_WINDOW_S);
		render_login(req, resp, email_in, wrong, 422);
		return;
	}
	app_rate_clear(ctx, acct_key);
	/* Said only to whoever knows the password: a ban is nobody else's business. */
	if (banned) {
		render_login(req, resp, email_in,
			     tr(ctx->lang, N_("This account is banned by the Innovation Office. If "
					      "you think this is a mistake, write to the office.")),
			     403);
		return;
	}
	if (app_session_start(req, resp, id) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *next = app_safe_next(http_form(req, "next"));
	if (strcmp(next, "/") == 0)
		next = "/account?notice=login";
	http_redirect(resp, next);
}

void account_logout(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	(void)ctx;
	app_session_end(req, resp);
	http_redirect(resp, "/?notice=logout");
}

/* Load the full profile of the logged-in user into v. */
static int load_profile(struct http_request *req, struct app_ctx *ctx, struct account_view *v,
			const char **lang_out, const char **sector_id, int64_t *created)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_user_by_id);
	enum role role = ROLE_PARTICIPANT;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_step(st) != DB_ROW) {
		db_reset(st);
		return -1;
	}
	v->email = db_col_dup(st, 1, &req->arena);
	v->name = db_col_dup(st, 2, &req->arena);
	*sector_id = db_col_dup(st, 3, &req->arena);
	v->organisation = db_col_dup(st, 4, &req->arena);
	role_parse(db_col_text(st, 5), &role);
	*lang_out = db_col_dup(st, 6, &req->arena);
	*created = db_col_i64(st, 7);
	db_reset(st);
	const char *label = sector_label(*sector_id);
	v->sector = label ? tr(ctx->lang, label) : *sector_id;
	v->role = tr(ctx->lang, role_label(role));
	v->created = *created;
	return 0;
}

/* The suggestions of the person's own entry in the directory, if they have one. */
static int my_suggestions(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  struct matching_section *out)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_actor_of_user);
	int64_t actor = 0;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->user->id);
	int rc = db_run(st, &actor);
	if (rc == DB_DONE)
		return 0;
	if (rc != DB_OK)
		return -1;
	return matching_actor_section(req, resp, ctx, actor, true, actor_competence_label_of, out);
}

static void render_account(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, const char *delete_error, int status)
{
	struct account_view v;
	const char *lang = NULL, *sector = NULL;
	int64_t created = 0;

	memset(&v, 0, sizeof(v));
	if (load_profile(req, ctx, &v, &lang, &sector, &created) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (actors_account_section(req, resp, ctx, &v.directory) != 0 ||
	    contact_account_section(req, resp, ctx, &v.contact) != 0 ||
	    my_suggestions(req, resp, ctx, &v.matches) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Your account"), "/account");
	v.csrf = app_csrf(req, resp);
	v.delete_error = delete_error;
	v.languages = arena_calloc(&req->arena, LANG__MAX + 1, sizeof(*v.languages));
	if (v.languages != NULL) {
		v.languages[0].value = "";
		v.languages[0].label = tr(ctx->lang, N_("Like my browser"));
		v.languages[0].selected = lang == NULL;
		const struct field_option *each = app_lang_options(&req->arena, lang);
		if (each != NULL)
			memcpy(&v.languages[1], each, LANG__MAX * sizeof(*each));
		v.languages_count = each != NULL ? LANG__MAX + 1 : 1;
	}
	struct tpl_out out = app_html(req, resp, status);
	tpl_account(&out, &v);
}

void account_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	render_account(req, resp, ctx, NULL, 200);
}

void account_settings(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *code = http_form(req, "language");
	enum lang lang;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (code == NULL || (code[0] != '\0' && !i18n_lang_from_code(code, strlen(code), &lang))) {
		app_error(req, resp, 422, N_("Choose one of the offered languages."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_user_set_lang);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_text(st, 2, code[0] ? code : NULL);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (code[0] != '\0')
		app_set_lang_cookie(req, resp, lang);
	http_redirect(resp, "/account?notice=saved");
}

/* Add the person's ideas, comments, supports, teams and uploads to the export. */
static int export_contributions(struct app_ctx *ctx, json_t *j)
{
	static const struct {
		const char *key;
		enum stmt_id stmt;
		const char *columns[6]; /* JSON names; NULL ends */
		const char *types;	/* i integer, t text, b flag */
	} parts[] = {
		{"ideas",
		 STMT_user_export_ideas,
		 {"id", "title", "body", "status", "challenge", "created"},
		 "ittiii"},
		{"comments",
		 STMT_user_export_comments,
		 {"id", "on", "on_id", "body", "deleted", "created"},
		 "ititbi"},
		{"supports", STMT_user_export_supports, {"idea", "created", NULL}, "ii"},
		/* Ideas whose team one joined, and invitations not yet answered. */
		{"coauthored_ideas",
		 STMT_user_export_coauthored,
		 {"idea", "title", "joined", NULL},
		 "iti"},
		{"team_invitations", STMT_user_export_invitations, {"idea", "created", NULL}, "ii"},
		{"event_registrations",
		 STMT_user_export_event_registrations,
		 {"event", "title", "status", "created", NULL},
		 "itti"},
		/* That a private calendar address exists, and since when (never the secret). */
		{"private_calendar", STMT_calendar_token_export, {"created", NULL}, "i"},
		{"uploads",
		 STMT_user_export_uploads,
		 {"id", "type", "size", "created", NULL},
		 "itii"},
		/* The entry in the directory of actors (features/actors), if one was saved. */
		{"directory_entry",
		 STMT_actor_export_of_user,
		 {"listed", "offers", "needs", "district", "website", "languages"},
		 "bttttt"},
		/* Contact requests (features/contact): sent, and received by the person's own entry. */
		{"contact_requests_sent",
		 STMT_contact_export_sent,
		 {"actor", "actor_name", "message", "status", "created", "answered"},
		 "itttii"},
		{"contact_requests_received",
		 STMT_contact_export_received,
		 {"id", "from", "message", "status", "created", "answered"},
		 "itttii"},
	};
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		struct db_stmt *st = db_stmt(ctx->db, parts[p].stmt);
		json_t *list = json_array();
		int rc;
		if (st == NULL || list == NULL) {
			json_decref(list);
			return -1;
		}
		db_bind_i64(st, 1, ctx->user->id);
		while ((rc = db_step(st)) == DB_ROW) {
			json_t *row = json_object();
			for (int c = 0; parts[p].types[c] != '\0'; c++) {
				json_t *v;
				if (db_col_null(st, c))
					v = json_null();
				else if (parts[p].types[c] == 't')
					v = json_string(db_col_text(st, c));
				else if (parts[p].types[c] == 'b')
					v = json_boolean(db_col_i64(st, c) != 0);
				else
					v = json_integer(db_col_i64(st, c));
				json_object_set_new(row, parts[p].columns[c], v);
			}
			json_array_append_new(list, row);
		}
		db_reset(st);
		if (rc < 0) {
			json_decref(list);
			return -1;
		}
		json_object_set_new(j, parts[p].key, list);
	}
	return 0;
}

void account_export(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct account_view v;
	const char *lang = NULL, *sector = NULL;
	int64_t created = 0;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	memset(&v, 0, sizeof(v));
	if (load_profile(req, ctx, &v, &lang, &sector, &created) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:I}", "id", (json_int_t)ctx->user->id,
			      "email", v.email, "name", v.name, "sector", sector, "organisation",
			      v.organisation, "language", lang, "created", (json_int_t)created);
	if (j == NULL || export_contributions(ctx, j) != 0) {
		json_decref(j);
		app_error(req, resp, 503, NULL);
		return;
	}
	if (!app_json(resp, 200, j, "application/json; charset=utf-8", JSON_INDENT(2),
		      "private, no-store")) {
		app_error(req, resp, 500, NULL);
		return;
	}
	buf_putc(&resp->body, '\n');
	http_add_header(resp, "Content-Disposition", "attachment; filename=\"oic-account.json\"");
}

void account_delete(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *password = http_form(req, "password");
	char *hash = NULL;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_user_password);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	if (db_step(st) == DB_ROW)
		hash = db_col_dup(st, 0, &req->arena);
	db_reset(st);
	if (hash == NULL || password == NULL || strlen(password) > ACCOUNT_PASSWORD_MAX ||
	    !secure_password_verify(hash, password)) {
		render_account(req, resp, ctx,
			       tr(ctx->lang,
				  N_("The password is wrong. Your account has not been deleted.")),
			       422);
		return;
	}
	char *subject = arena_printf(&req->arena, "user:%lld", (long long)ctx->user->id);
	if (db_begin_write(ctx->db) != DB_OK) {
		app_error(req, resp, 503, NULL);
		return;
	}
	/*
	 * Events first (their rows are locked before any user row): places
	 * go to the waitlist, the counters are counted without the person.
	 */
	static const enum stmt_id event_steps[] = {
		STMT_user_events_lock,	  STMT_user_events_notify,  STMT_user_events_notify_count,
		STMT_user_events_promote, STMT_user_events_recount,
	};
	for (size_t i = 0; i < sizeof(event_steps) / sizeof(event_steps[0]); i++) {
		st = db_stmt(ctx->db, event_steps[i]);
		if (st != NULL) {
			db_bind_i64(st, 1, ctx->user->id);
			if (event_steps[i] != STMT_user_events_lock &&
			    event_steps[i] != STMT_user_events_recount)
				db_bind_i64(st, 2, ctx->now);
		}
		if (st == NULL || db_run(st, NULL) < 0) {
			db_rollback(ctx->db);
			app_error(req, resp, 503, NULL);
			return;
		}
	}
	if (app_account_counted(ctx->db, ctx->user->id, -1) != 0) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	static const enum stmt_id steps[] = {
		STMT_user_forget_idea_follows,
		STMT_user_forget_challenge_follows,
		STMT_user_forget_project_follows,
		STMT_user_delete,
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		st = db_stmt(ctx->db, steps[i]);
		if (st != NULL)
			db_bind_i64(st, 1, ctx->user->id);
		if (st == NULL || db_run(st, NULL) < 0) {
			db_rollback(ctx->db);
			app_error(req, resp, 503, NULL);
			return;
		}
	}
	ctx->user = NULL; /* the audit row must not point at the deleted user */
	app_audit(ctx, "account.delete", subject ? subject : "user", "");
	if (db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	app_session_end(req, resp);
	http_redirect(resp, "/?notice=deleted");
}
