/*
 * moderation.c - the moderators' queue (/admin/moderation): reported
 * ideas, comments and accounts, most open reports first; the posts held
 * for review (?view=held); hide with a public reason, restore (which lets
 * a held post through), dismiss the reports; the held words
 * (/admin/moderation/words).  Moderators and administrators
 * (PERM_MODERATE); every action audited with before and after.
 *
 * What a hidden or held post is and what letting it through counts is
 * the business of the feature that owns it (funnel_idea_*,
 * discussion_comment_*): this file keeps the reports and the queue.
 */
#include <string.h>

#include "base/text.h"

#include "features/discussion/discussion.h"
#include "features/funnel/funnel.h"
#include "features/office/office.h"
#include "features/office/rules.h"

enum { QUEUE_PAGE = 25, HELD_PAGE = 25 };

static bool may_moderate(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	return app_allowed(req, resp, ctx,
			   ctx->user != NULL && role_can(ctx->user->role, PERM_MODERATE),
			   N_("Only moderators can do this."));
}

/* A hide form that came back: which post, what was typed, why. */
struct hide_problem {
	const char *kind; /* "ideas", "comments" */
	int64_t id;
	const char *value;
	struct field_problem p;
};

static const char *field_id(struct http_request *req, const char *kind, int64_t id)
{
	return arena_printf(&req->arena, "reason-%s-%lld", kind, (long long)id);
}

/* The public page of a comment's subject ("/ideas/7#comment-12"). */
static const char *comment_href(struct http_request *req, const char *type, int64_t subject,
				int64_t id)
{
	return arena_printf(&req->arena, "/%ss/%lld#comment-%lld", type, (long long)subject,
			    (long long)id);
}

static int load_queue(struct http_request *req, struct app_ctx *ctx, struct moderation_view *v,
		      const struct hide_problem *hp)
{
	struct app_cursor cur;
	static const char *labels[][2] = {
		{"idea", N_("Idea")}, {"comment", N_("Comment")}, {"account", N_("Account")}};
	bool admin = role_can(ctx->user->role, PERM_MANAGE_ACCOUNTS);

	app_cursor_parse(http_query(req, "after"), false, &cur);
	struct db_stmt *st = db_stmt(ctx->db, STMT_moderation_queue);
	v->rows = arena_calloc(&req->arena, QUEUE_PAGE, sizeof(*v->rows));
	if (st == NULL || v->rows == NULL)
		return -1;
	db_bind_i64(st, 1, cur.set ? cur.key : INT64_MAX);
	db_bind_i64(st, 2, cur.set ? cur.id : INT64_MAX);
	db_bind_i64(st, 3, QUEUE_PAGE + 1);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->rows_count == QUEUE_PAGE) {
			struct queue_row *last = &v->rows[QUEUE_PAGE - 1];
			v->pager.next_href = arena_printf(
				&req->arena, "/admin/moderation?after=%s",
				app_cursor_i64(&req->arena, last->open_reports, last->id));
			break;
		}
		struct queue_row *q = &v->rows[v->rows_count++];
		const char *type = db_col_text(st, 1);
		q->id = db_col_i64(st, 0);
		q->subject_id = db_col_i64(st, 2);
		q->open_reports = db_col_i64(st, 3);
		q->last_report = db_col_i64(st, 4);
		q->excerpt = db_col_dup(st, 5, &req->arena);
		q->author = db_col_text(st, 6)[0] != '\0' ? db_col_dup(st, 6, &req->arena) : NULL;
		int64_t author = db_col_i64(st, 7);
		q->hidden = db_col_i64(st, 8) != 0;
		bool held = db_col_i64(st, 9) != 0, deleted = db_col_i64(st, 12) != 0;
		for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++)
			if (strcmp(labels[k][0], type) == 0)
				q->label = tr(ctx->lang, labels[k][1]);
		if (strcmp(type, "idea") == 0) {
			q->kind = "ideas";
			q->href =
				arena_printf(&req->arena, "/ideas/%lld", (long long)q->subject_id);
		} else if (strcmp(type, "comment") == 0) {
			q->kind = "comments";
			q->href = comment_href(req, db_col_text(st, 10), db_col_i64(st, 11),
					       q->subject_id);
		} else if (admin) {
			q->href = arena_printf(&req->arena, "/admin/accounts/%lld",
					       (long long)q->subject_id);
		}
		if (admin && author > 0)
			q->account_href = arena_printf(&req->arena, "/admin/accounts/%lld",
						       (long long)author);
		q->can_hide = q->kind != NULL && !deleted && (!q->hidden || held);
		q->can_restore = q->kind != NULL && !deleted && q->hidden;
		const char *reason = db_col_null(st, 13) ? NULL : db_col_text(st, 13);
		const char *label = office_report_reason_label(reason);
		q->reason = label ? tr(ctx->lang, label) : NULL;
		q->details = db_col_null(st, 14) || db_col_text(st, 14)[0] == '\0'
				     ? NULL
				     : db_col_dup(st, 14, &req->arena);
		q->csrf = ctx->csrf;
		if (q->kind != NULL) {
			q->field_id = field_id(req, q->kind, q->subject_id);
			if (hp != NULL && strcmp(hp->kind, q->kind) == 0 &&
			    hp->id == q->subject_id) {
				q->hide_error = tr(ctx->lang, hp->p.message);
				q->hide_value = hp->value;
			}
		}
	}
	db_reset(st);
	if (cur.set)
		v->pager.first_href = "/admin/moderation";
	return rc < 0 ? -1 : 0;
}

/* Held ideas and comments, newest first; each list pages on its own. */
static int load_held(struct http_request *req, struct app_ctx *ctx, struct moderation_view *v,
		     const struct hide_problem *hp)
{
	static const struct {
		const char *kind;
		const char *param;
		enum stmt_id stmt;
	} lists[] = {{"ideas", "ideas_after", STMT_moderation_held_ideas},
		     {"comments", "comments_after", STMT_moderation_held_comments}};

	for (size_t l = 0; l < 2; l++) {
		int64_t after = INT64_MAX;
		const char *s = http_query(req, lists[l].param);
		if (s != NULL && !app_parse_id(s, &after))
			after = INT64_MAX;
		struct held_row *rows = arena_calloc(&req->arena, HELD_PAGE, sizeof(*rows));
		size_t n = 0;
		struct db_stmt *st = db_stmt(ctx->db, lists[l].stmt);
		if (st == NULL || rows == NULL)
			return -1;
		db_bind_i64(st, 1, after);
		db_bind_i64(st, 2, HELD_PAGE + 1);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			if (n == HELD_PAGE) {
				v->pager.next_href = arena_printf(
					&req->arena, "/admin/moderation?view=held&%s=%lld",
					lists[l].param, (long long)rows[n - 1].id);
				break;
			}
			struct held_row *h = &rows[n++];
			h->kind = lists[l].kind;
			h->id = db_col_i64(st, 0);
			h->excerpt = db_col_dup(st, 1, &req->arena);
			h->author = db_col_text(st, 2)[0] != '\0' ? db_col_dup(st, 2, &req->arena)
								  : NULL;
			h->created = db_col_i64(st, 3);
			h->lang = db_col_dup(st, 4, &req->arena);
			h->href =
				l == 0 ? arena_printf(&req->arena, "/ideas/%lld", (long long)h->id)
				       : comment_href(req, db_col_text(st, 5), db_col_i64(st, 6),
						      h->id);
			h->field_id = field_id(req, h->kind, h->id);
			h->csrf = ctx->csrf;
			if (hp != NULL && strcmp(hp->kind, h->kind) == 0 && hp->id == h->id) {
				h->hide_error = tr(ctx->lang, hp->p.message);
				h->hide_value = hp->value;
			}
		}
		db_reset(st);
		if (rc < 0)
			return -1;
		if (l == 0) {
			v->ideas = n ? rows : NULL;
			v->ideas_count = n;
		} else {
			v->comments = n ? rows : NULL;
			v->comments_count = n;
		}
	}
	if (http_query(req, "ideas_after") != NULL || http_query(req, "comments_after") != NULL)
		v->pager.first_href = "/admin/moderation?view=held";
	return 0;
}

static void queue_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 bool held_view, int status, const struct hide_problem *hp)
{
	static const struct {
		const char *id;
		const char *text;
	} notices[] = {
		{"hidden", N_("Hidden. Everybody now reads your reason in its place.")},
		{"restored", N_("Restored: it is public again.")},
		{"dismissed", N_("The reports are dismissed.")},
	};
	struct moderation_view v;

	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/moderation");
	if (app_csrf(req, resp) == NULL) { /* sets ctx->csrf, which every form row takes */
		app_error(req, resp, 500, NULL);
		return;
	}
	v.held_view = held_view;
	v.reports_current = held_view ? NULL : "page";
	v.held_current = held_view ? "page" : NULL;
	struct db_stmt *st = db_stmt(ctx->db, STMT_moderation_counts);
	if (st == NULL || db_step(st) != DB_ROW) {
		if (st != NULL)
			db_reset(st);
		app_error(req, resp, 503, NULL);
		return;
	}
	v.reported_count = db_col_i64(st, 0);
	v.held_count = db_col_i64(st, 1) + db_col_i64(st, 2);
	db_reset(st);
	if ((held_view ? load_held(req, ctx, &v, hp) : load_queue(req, ctx, &v, hp)) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (hp != NULL) {
		v.problem_list.errors = app_form_errors(req, ctx->lang, &hp->p, 1);
		v.problem_list.errors_count = 1;
	}
	const char *notice = http_query(req, "notice");
	for (size_t i = 0; hp == NULL && notice != NULL && i < sizeof(notices) / sizeof(*notices);
	     i++)
		if (strcmp(notice, notices[i].id) == 0)
			v.notice = tr(ctx->lang, notices[i].text);
	app_layout(req, resp, &v.layout, N_("Moderation"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_moderation(&out, &v);
}

void admin_moderation(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (!may_moderate(req, resp, ctx))
		return;
	const char *view = http_query(req, "view");
	queue_render(req, resp, ctx, view != NULL && strcmp(view, "held") == 0, 200, NULL);
}

/* ---- actions ---- */

enum post_kind { POST_IDEA, POST_COMMENT };

static const struct {
	const char *type; /* reports.subject_type */
	const char *kind; /* the path: /admin/moderation/ideas/... */
	enum stmt_id state;
} posts[] = {
	[POST_IDEA] = {"idea", "ideas", STMT_moderation_idea_state},
	[POST_COMMENT] = {"comment", "comments", STMT_moderation_comment_state},
};

struct post_state {
	bool hidden, held, deleted;
	const char *reason; /* "" when none */
};

/* 1 found, 0 not, -1 store error. */
static int load_state(struct http_request *req, struct app_ctx *ctx, enum post_kind kind,
		      int64_t id, struct post_state *s)
{
	struct db_stmt *st = db_stmt(ctx->db, posts[kind].state);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->hidden = db_col_i64(st, 0) != 0;
		s->held = db_col_i64(st, 1) != 0;
		s->reason = db_col_dup(st, 2, &req->arena);
		s->deleted = kind == POST_COMMENT && db_col_i64(st, 3) != 0;
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* "shown", "held", "hidden: the reason", "refused: the reason" (the audit's before and after). */
static const char *state_text(struct http_request *req, const struct post_state *s)
{
	if (!s->hidden)
		return "shown";
	if (s->held)
		return s->reason[0] ? arena_printf(&req->arena, "refused: %s", s->reason) : "held";
	return arena_printf(&req->arena, "hidden: %s", s->reason);
}

/* Resolve the subject's open reports as `resolution` and take it out of the queue. */
static int resolve_reports(struct app_ctx *ctx, const char *type, int64_t id,
			   const char *resolution)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_reports_resolve);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, type);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, ctx->now);
	db_bind_i64(st, 4, ctx->user->id);
	db_bind_text(st, 5, resolution);
	if (db_run(st, NULL) < 0 || (st = db_stmt(ctx->db, STMT_report_subject_clear)) == NULL)
		return -1;
	db_bind_text(st, 1, type);
	db_bind_i64(st, 2, id);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

/* Where the form came from: the held list or the reports. */
static bool from_held(struct http_request *req)
{
	const char *back = http_form(req, "back");
	return back != NULL && strcmp(back, "held") == 0;
}

static void redirect_back(struct http_request *req, struct http_response *resp, const char *notice)
{
	http_redirect(resp, arena_printf(&req->arena, "/admin/moderation?%snotice=%s",
					 from_held(req) ? "view=held&" : "", notice));
}

static void post_hide(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      enum post_kind kind)
{
	struct post_state s;
	int64_t id = req->params[0];

	if (!may_moderate(req, resp, ctx))
		return;
	int found = load_state(req, ctx, kind, id, &s);
	if (found <= 0 || s.deleted) {
		app_error(req, resp, found < 0 ? 503 : 404,
			  found < 0 ? NULL : N_("There is no such post to moderate."));
		return;
	}
	if (s.hidden && (!s.held || s.reason[0] != '\0')) {
		app_error(req, resp, 409, N_("This is hidden already."));
		return;
	}
	const char *typed = http_form(req, "reason");
	struct hide_problem hp = {.kind = posts[kind].kind, .id = id, .value = typed};
	const char *reason =
		text_check(&req->arena, typed, FUNNEL_HIDE_REASON_MAX,
			   N_("Give the public reason: everybody reads it in place of "
			      "the post."),
			   N_("The reason can be at most 300 characters long."), &hp.p.message);
	if (reason == NULL) {
		hp.p.field = field_id(req, hp.kind, id);
		queue_render(req, resp, ctx, from_held(req), 422, &hp);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct post_state after = {.hidden = true, .held = s.held, .reason = reason};
	char *subject = arena_printf(&req->arena, "%s:%lld", posts[kind].type, (long long)id);
	int rc = kind == POST_IDEA ? funnel_idea_hide(ctx->db, id, reason)
				   : discussion_comment_hide(ctx->db, id, reason);
	if (rc != 0 || resolve_reports(ctx, posts[kind].type, id, "hidden") != 0 ||
	    app_audit_change(ctx, "moderation.hide", subject ? subject : "", "",
			     state_text(req, &s), state_text(req, &after)) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	redirect_back(req, resp, "hidden");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

static void post_restore(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 enum post_kind kind)
{
	struct post_state s;
	int64_t id = req->params[0];

	if (!may_moderate(req, resp, ctx))
		return;
	int found = load_state(req, ctx, kind, id, &s);
	if (found <= 0 || s.deleted) {
		app_error(req, resp, found < 0 ? 503 : 404,
			  found < 0 ? NULL : N_("There is no such post to moderate."));
		return;
	}
	if (!s.hidden) {
		app_error(req, resp, 409, N_("This is public already."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct post_state after = {.hidden = false, .reason = ""};
	char *subject = arena_printf(&req->arena, "%s:%lld", posts[kind].type, (long long)id);
	int rc = kind == POST_IDEA ? funnel_idea_restore(ctx->db, id, ctx->now)
				   : discussion_comment_restore(ctx->db, &req->arena, id, ctx->now);
	if (rc != 0 ||
	    app_audit_change(ctx, s.held ? "moderation.release" : "moderation.restore",
			     subject ? subject : "", "", state_text(req, &s),
			     state_text(req, &after)) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	redirect_back(req, resp, "restored");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void admin_moderation_idea_hide(struct http_request *req, struct http_response *resp,
				struct app_ctx *ctx)
{
	post_hide(req, resp, ctx, POST_IDEA);
}

void admin_moderation_idea_restore(struct http_request *req, struct http_response *resp,
				   struct app_ctx *ctx)
{
	post_restore(req, resp, ctx, POST_IDEA);
}

void admin_moderation_comment_hide(struct http_request *req, struct http_response *resp,
				   struct app_ctx *ctx)
{
	post_hide(req, resp, ctx, POST_COMMENT);
}

void admin_moderation_comment_restore(struct http_request *req, struct http_response *resp,
				      struct app_ctx *ctx)
{
	post_restore(req, resp, ctx, POST_COMMENT);
}

void admin_moderation_dismiss(struct http_request *req, struct http_response *resp,
			      struct app_ctx *ctx)
{
	if (!may_moderate(req, resp, ctx))
		return;
	struct db_stmt *st = db_stmt(ctx->db, STMT_report_subject_get);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	int rc = db_step(st);
	const char *type = rc == DB_ROW ? db_col_dup(st, 0, &req->arena) : NULL;
	int64_t subject_id = rc == DB_ROW ? db_col_i64(st, 1) : 0;
	int64_t open = rc == DB_ROW ? db_col_i64(st, 2) : 0;
	db_reset(st);
	if (rc < 0 || (rc == DB_ROW && type == NULL)) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (type == NULL || open == 0) {
		app_error(req, resp, type == NULL ? 404 : 409,
			  type == NULL ? N_("There are no such reports.")
				       : N_("These reports have been dealt with already."));
		return;
	}
	char *subject = arena_printf(&req->arena, "%s:%lld", type, (long long)subject_id);
	char *detail = arena_printf(&req->arena, "%lld reports", (long long)open);
	if (db_begin_write(ctx->db) != DB_OK ||
	    resolve_reports(ctx, type, subject_id, "dismissed") ||
	    app_audit_change(ctx, "moderation.dismiss", subject ? subject : "",
			     detail ? detail : "", "reported", "dismissed") != 0 ||
	    db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	redirect_back(req, resp, "dismissed");
}

/* ---- held words ---- */

static void words_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 int status, const char *words, const struct field_problem *p)
{
	struct held_words_view v;

	memset(&v, 0, sizeof(v));
	v.nav = office_nav(req, ctx, "/admin/moderation");
	v.csrf = app_csrf(req, resp);
	v.words = words;
	if (p != NULL) {
		v.words_error = tr(ctx->lang, p->message);
		v.problem_list.errors = app_form_errors(req, ctx->lang, p, 1);
		v.problem_list.errors_count = 1;
	} else if (http_query(req, "notice") != NULL) {
		v.notice = tr(ctx->lang, N_("The held words are saved."));
	}
	app_layout(req, resp, &v.layout, N_("Held words"), "/admin");
	struct tpl_out out = app_html(req, resp, status);
	tpl_admin_held_words(&out, &v);
}

/* The stored held words ("" when none) into *words; -1 on a store error. */
static int words_load(struct http_request *req, struct app_ctx *ctx, const char **words)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_setting_get);
	*words = "";
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, APP_HELD_WORDS_KEY);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*words = db_col_dup(st, 0, &req->arena);
	db_reset(st);
	return rc < 0 || *words == NULL ? -1 : 0;
}

void admin_held_words(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *words;

	if (!may_moderate(req, resp, ctx))
		return;
	if (words_load(req, ctx, &words) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	words_render(req, resp, ctx, 200, words, NULL);
}

void admin_held_words_save(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	const char *before, *typed = http_form(req, "words");
	struct field_problem p = {"words", NULL};

	if (!may_moderate(req, resp, ctx))
		return;
	const char *words = office_held_words_normalise(&req->arena, typed, &p.message);
	if (words == NULL) {
		words_render(req, resp, ctx, 422, typed, &p);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (words_load(req, ctx, &before) != 0)
		goto fail_tx;
	if (strcmp(before, words) != 0) {
		struct db_stmt *st = db_stmt(ctx->db, STMT_setting_put);
		if (st == NULL)
			goto fail_tx;
		db_bind_text(st, 1, APP_HELD_WORDS_KEY);
		db_bind_text(st, 2, words);
		if (db_run(st, NULL) < 0 ||
		    app_audit_change(ctx, "moderation.held_words", "settings:" APP_HELD_WORDS_KEY,
				     "", before, words) != 0)
			goto fail_tx;
	}
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, "/admin/moderation/words?notice=saved");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
