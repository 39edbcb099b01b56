/*
 * comments.c - the discussion under challenges, ideas and pilot
 * projects: threaded comments three levels deep, edited by their authors
 * for 15 minutes, deleted by their authors (a placeholder stays, replies
 * stay), voted up and down by everyone else.
 *
 * The three subjects share every handler; what differs between them (the
 * page's path, who may comment, which counter, who hears of a comment,
 * which page a refused form comes back to) is one row of `subjects`.
 *
 * A page of the discussion is two queries: the top-level comments of the
 * page (keyset, oldest first) and every reply below them.  Forms that
 * come back with a problem re-render the page they were sent from, with
 * the message next to the form and the text kept.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "templates.h"
#include "app/forms.h"
#include "features/discussion/discussion.h"
#include "features/discussion/rules.h"
#include "features/notifications/notifications.h"
#include "app/roles.h"

/* Columns of DISCUSSION_COMMENT_COLS. */
enum {
	COL_ID,
	COL_PARENT,
	COL_DEPTH,
	COL_AUTHOR,
	COL_BODY,
	COL_DELETED,
	COL_UP,
	COL_DOWN,
	COL_REPLIES,
	COL_CREATED,
	COL_EDITED,
	COL_LANG,
	COL_NAME,
	COL_MY_VOTE,
	COL_HIDDEN,
	COL_HELD,
	COL_HIDE_REASON,
};

/* A row while the tree is built. */
struct loaded_comment {
	struct comment_item item;
	int64_t parent;
	int64_t depth;
	int64_t created;
};

static void fill_comment(struct http_request *req, struct app_ctx *ctx, struct db_stmt *st,
			 const char *action, const char *closed,
			 const struct comment_problem *problem, struct loaded_comment *lc)
{
	struct comment_item *c = &lc->item;
	struct comment_facts facts;
	int64_t me = app_user_id(ctx);

	c->id = db_col_i64(st, COL_ID);
	lc->parent = db_col_null(st, COL_PARENT) ? 0 : db_col_i64(st, COL_PARENT);
	lc->depth = db_col_i64(st, COL_DEPTH);
	facts.author_id = db_col_null(st, COL_AUTHOR) ? 0 : db_col_i64(st, COL_AUTHOR);
	facts.deleted = db_col_i64(st, COL_DELETED) != 0;
	facts.created = db_col_i64(st, COL_CREATED);
	lc->created = facts.created;
	c->deleted = facts.deleted;
	c->body = facts.deleted ? NULL : db_col_dup(st, COL_BODY, &req->arena);
	c->up = db_col_i64(st, COL_UP);
	c->down = db_col_i64(st, COL_DOWN);
	c->created = facts.created;
	c->edited = !db_col_null(st, COL_EDITED) && !facts.deleted;
	c->lang = db_col_dup(st, COL_LANG, &req->arena);
	c->author = db_col_null(st, COL_NAME) ? NULL : db_col_dup(st, COL_NAME, &req->arena);
	int vote = (int)db_col_i64(st, COL_MY_VOTE);
	c->voted_up = vote > 0;
	c->voted_down = vote < 0;
	c->csrf = ctx->csrf;
	c->action = action;
	/*
	 * Hidden: everybody reads the moderators' public reason in its place;
	 * moderators read the text as well.  Held: only its author and the
	 * moderators see it at all (the statement), with a note.
	 */
	bool hidden = db_col_i64(st, COL_HIDDEN) != 0, held = db_col_i64(st, COL_HELD) != 0;
	bool moderator = ctx->user != NULL && role_can(ctx->user->role, PERM_MODERATE);
	c->held = held;
	if (hidden && !held) {
		c->hidden = true;
		c->hide_reason = db_col_null(st, COL_HIDE_REASON)
					 ? NULL
					 : db_col_dup(st, COL_HIDE_REASON, &req->arena);
		if (!moderator)
			c->body = NULL;
	} else if (held && !db_col_null(st, COL_HIDE_REASON)) {
		/* Held and refused: the author is told why. */
		c->hidden = true;
		c->hide_reason = db_col_dup(st, COL_HIDE_REASON, &req->arena);
	}
	c->moderator_view = moderator && c->hidden;
	c->can_reply = me > 0 && closed == NULL && !facts.deleted && !hidden &&
		       comment_reply_depth(lc->depth) >= 0;
	c->can_edit = comment_may_edit(&facts, me, ctx->now) && !hidden;
	c->can_delete = comment_may_delete(&facts, me);
	c->can_vote = comment_may_vote(&facts, me) && !hidden;
	c->can_report = me > 0 && !facts.deleted && !hidden && facts.author_id != me;
	c->edit_body = c->body;
	if (problem != NULL && problem->edit_id == c->id) {
		c->can_edit = true; /* show the form with its problem */
		c->edit_open = true;
		c->edit_error = problem->message;
		c->edit_body = problem->body;
	}
	if (problem != NULL && problem->parent_id == c->id) {
		c->can_reply = true; /* the form that was sent, with why it failed */
		c->reply_open = true;
		c->reply_error = problem->message;
		c->reply_body = problem->body;
	}
}

/* A comment's id and its slot: top-level ones first, then the replies. */
struct id_slot {
	int64_t id;
	size_t slot;
};

static int id_slot_cmp(const void *a, const void *b)
{
	const struct id_slot *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

/* The slot of comment id, or SIZE_MAX when it is not on the page. */
static size_t slot_of(const struct id_slot *ids, size_t n, int64_t id)
{
	struct id_slot key = {id, 0};
	const struct id_slot *hit = bsearch(&key, ids, n, sizeof(*ids), id_slot_cmp);
	return hit != NULL ? hit->slot : SIZE_MAX;
}

/*
 * Attach each reply to its parent, in O(n log n): a page may hold
 * DISCUSSION_MAX_REPLIES replies.  In each thread rows come ordered by depth,
 * then time, so siblings come in their order.
 */
static int build_tree(struct http_request *req, struct loaded_comment *top, size_t top_n,
		      struct loaded_comment *rep, size_t rep_n)
{
	size_t n = top_n + rep_n;
	struct id_slot *ids = arena_alloc(&req->arena, n * sizeof(*ids));
	size_t *counts = arena_calloc(&req->arena, n, sizeof(*counts));
	size_t *parent = arena_alloc(&req->arena, (rep_n + 1) * sizeof(*parent));
	size_t *place = arena_alloc(&req->arena, (rep_n + 1) * sizeof(*place));

	if (ids == NULL || counts == NULL || parent == NULL || place == NULL)
		return -1;
	for (size_t k = 0; k < n; k++) {
		ids[k].id = k < top_n ? top[k].item.id : rep[k - top_n].item.id;
		ids[k].slot = k;
	}
	qsort(ids, n, sizeof(*ids), id_slot_cmp);
	/* Each reply's parent, and its place among the parent's replies. */
	for (size_t i = 0; i < rep_n; i++) {
		parent[i] = slot_of(ids, n, rep[i].parent);
		if (parent[i] != SIZE_MAX)
			place[i] = counts[parent[i]]++;
	}
	for (size_t k = 0; k < n; k++) {
		struct comment_item *c = k < top_n ? &top[k].item : &rep[k - top_n].item;
		if (counts[k] == 0)
			continue;
		c->replies = arena_calloc(&req->arena, counts[k], sizeof(*c->replies));
		if (c->replies == NULL)
			return -1;
		c->replies_count = counts[k];
	}
	/*
	 * Depth 2 replies are copied into their depth 1 parents before
	 * those are copied under the top level: in each thread rows are
	 * ordered by depth, so walk them backwards.
	 */
	for (size_t i = rep_n; i-- > 0;) {
		if (parent[i] == SIZE_MAX)
			continue;
		size_t k = parent[i];
		struct comment_item *p = k < top_n ? &top[k].item : &rep[k - top_n].item;
		p->replies[place[i]] = rep[i].item;
	}
	return 0;
}

int comments_load(struct http_request *req, struct app_ctx *ctx, enum comment_subject subject,
		  int64_t subject_id, const char *base_path, const char *closed,
		  const struct comment_problem *problem, struct comment_section *sec)
{
	struct app_cursor cur;
	struct loaded_comment *top, *rep = NULL;
	size_t top_n = 0, rep_n = 0;
	bool more = false;
	int rc;

	sec->action = arena_printf(&req->arena, "%s/comments", base_path);
	sec->logged_in = ctx->user != NULL;
	sec->csrf = ctx->user != NULL ? app_csrf(req, NULL) : NULL;
	sec->login_href = app_login_href(req, base_path);
	sec->closed = closed ? tr(ctx->lang, closed) : NULL;
	if (problem != NULL && problem->parent_id == 0 && problem->edit_id == 0) {
		sec->error = problem->message;
		sec->body = problem->body;
	}
	const char *subject_type = comment_subject_type(subject);
	bool moderator = ctx->user != NULL && role_can(ctx->user->role, PERM_MODERATE);
	app_cursor_parse(http_query(req, "comments_after"), false, &cur);
	top = arena_calloc(&req->arena, DISCUSSION_PAGE_COMMENTS, sizeof(*top));
	struct db_stmt *st = db_stmt(ctx->db, STMT_comment_top);
	if (top == NULL || st == NULL || sec->action == NULL)
		return -1;
	db_bind_text(st, 1, subject_type);
	db_bind_i64(st, 2, subject_id);
	db_bind_i64(st, 3, app_user_id(ctx));
	db_bind_i64(st, 4, cur.set ? cur.key : INT64_MIN);
	db_bind_i64(st, 5, cur.set ? cur.id : 0);
	db_bind_i64(st, 6, DISCUSSION_PAGE_COMMENTS + 1);
	db_bind_i64(st, 7, moderator);
	while ((rc = db_step(st)) == DB_ROW) {
		if (top_n == DISCUSSION_PAGE_COMMENTS) {
			more = true;
			break;
		}
		fill_comment(req, ctx, st, sec->action, closed, problem, &top[top_n++]);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (top_n > 0) {
		/*
		 * Most pages hold a few dozen replies: start small and
		 * double, rather than clearing room for DISCUSSION_MAX_REPLIES
		 * (115 KB) on every page with a comment.
		 */
		size_t rep_cap = 32;
		rep = arena_alloc(&req->arena, rep_cap * sizeof(*rep));
		st = db_stmt(ctx->db, STMT_comment_replies);
		if (rep == NULL || st == NULL)
			return -1;
		db_bind_text(st, 1, subject_type);
		db_bind_i64(st, 2, subject_id);
		db_bind_i64(st, 3, app_user_id(ctx));
		db_bind_i64(st, 4, top[0].created);
		db_bind_i64(st, 5, top[0].item.id);
		db_bind_i64(st, 6, top[top_n - 1].created);
		db_bind_i64(st, 7, top[top_n - 1].item.id);
		db_bind_i64(st, 8, DISCUSSION_MAX_REPLIES);
		db_bind_i64(st, 9, moderator);
		while ((rc = db_step(st)) == DB_ROW && rep_n < DISCUSSION_MAX_REPLIES) {
			if (rep_n == rep_cap) {
				struct loaded_comment *more_rep =
					arena_alloc(&req->arena, 2 * rep_cap * sizeof(*rep));
				if (more_rep == NULL) {
					db_reset(st);
					return -1;
				}
				memcpy(more_rep, rep, rep_n * sizeof(*rep));
				rep = more_rep;
				rep_cap *= 2;
			}
			memset(&rep[rep_n], 0, sizeof(*rep));
			fill_comment(req, ctx, st, sec->action, closed, problem, &rep[rep_n++]);
		}
		db_reset(st);
		if (rc < 0 || build_tree(req, top, top_n, rep, rep_n) != 0)
			return -1;
	}
	/* A reply whose form came back but whose comment is not on this page. */
	if (problem != NULL && problem->parent_id != 0) {
		bool shown = false;
		for (size_t i = 0; i < top_n && !shown; i++)
			shown = top[i].item.id == problem->parent_id;
		for (size_t i = 0; i < rep_n && !shown; i++)
			shown = rep[i].item.id == problem->parent_id;
		if (!shown) {
			sec->error = problem->message;
			sec->body = problem->body;
		}
	}
	sec->items = top_n ? arena_calloc(&req->arena, top_n, sizeof(*sec->items)) : NULL;
	for (size_t i = 0; sec->items != NULL && i < top_n; i++)
		sec->items[i] = top[i].item;
	sec->items_count = sec->items ? top_n : 0;
	if (more)
		sec->next_href =
			arena_printf(&req->arena, "%s?comments_after=%s#comments", base_path,
				     app_cursor_i64(&req->arena, top[top_n - 1].created,
						    top[top_n - 1].item.id));
	if (cur.set)
		sec->first_href = arena_printf(&req->arena, "%s#comments", base_path);
	return 0;
}

/* ---- writing ---- */

/* Challenges, ideas: their followers (the subjects' notify, discussion.h). */
int discussion_notify_followers(struct db *db, const char *type, int64_t actor, int64_t id,
				int64_t comment_id, int64_t except_user, int64_t now)
{
	return notify_followers(db, actor, type, id, "comment", type, id, comment_id, except_user,
				now);
}

/* The subjects the features registered (their subjects.def). */
static const struct {
	const char *type; /* comments.subject_type */
	const char *path; /* pages live under it: "/ideas/7" */
	subject_check_fn *check;
	subject_render_fn *render;
	subject_notify_fn *notify;
	enum stmt_id counter; /* comments_count + 1 of the subject, $1 id */
	bool counter_touches; /* the counter statement also sets updated = $2 */
} subjects[COMMENT_SUBJECT__COUNT] = {
#define SUBJECT(name, type, path, check, render, notify, counter, touches) \
	[name] = {type, path, check, render, notify, counter, touches},
#include "features_subjects.def"
#undef SUBJECT
};

const char *comment_subject_type(enum comment_subject subject)
{
	return subjects[subject].type;
}

int discussion_move(struct db *db, enum comment_subject subject, int64_t from, int64_t to,
		    int64_t *moved)
{
	struct db_stmt *st = db_stmt(db, STMT_comment_move_subject);

	if (st == NULL)
		return DB_ERROR;
	db_bind_text(st, 1, subjects[subject].type);
	db_bind_i64(st, 2, from);
	db_bind_i64(st, 3, to);
	int rc = db_run(st, NULL);
	if (rc < 0)
		return rc;
	if (moved != NULL)
		*moved = db_changes(db);
	return DB_OK;
}

/* The subject of a comments.subject_type; false for one not known here. */
static bool subject_parse(const char *type, enum comment_subject *out)
{
	for (int i = 0; i < COMMENT_SUBJECT__COUNT; i++)
		if (strcmp(subjects[i].type, type) == 0) {
			*out = (enum comment_subject)i;
			return true;
		}
	return false;
}

/* "/ideas/7#comment-12" */
static const char *comment_href(struct http_request *req, enum comment_subject subject,
				int64_t subject_id, int64_t comment_id)
{
	return arena_printf(&req->arena, "%s/%lld#comment-%lld", subjects[subject].path,
			    (long long)subject_id, (long long)comment_id);
}

static void redirect_to_comment(struct http_request *req, struct http_response *resp,
				enum comment_subject subject, int64_t subject_id,
				int64_t comment_id)
{
	http_redirect(resp, comment_href(req, subject, subject_id, comment_id));
}

/* What the rules need about a stored comment. */
struct stored_comment {
	int64_t id;
	enum comment_subject subject;
	int64_t subject_id;
	int64_t depth;
	bool hidden; /* by the moderators, or held for review */
	struct comment_facts facts;
};

/* 1 found, 0 not found (or of a subject not known here), -1 store error. */
static int load_comment(struct app_ctx *ctx, int64_t id, struct stored_comment *c)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_comment_get);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	int found = 0;
	if (rc == DB_ROW) {
		c->id = id;
		found = subject_parse(db_col_text(st, 1), &c->subject);
		c->subject_id = db_col_i64(st, 2);
		c->depth = db_col_i64(st, 4);
		c->facts.author_id = db_col_null(st, 5) ? 0 : db_col_i64(st, 5);
		c->facts.deleted = db_col_i64(st, 6) != 0;
		c->facts.created = db_col_i64(st, 7);
		c->hidden = db_col_i64(st, 8) != 0 || db_col_i64(st, 9) != 0;
	}
	db_reset(st);
	return rc < 0 ? -1 : found;
}

static void comment_post(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			 enum comment_subject subject)
{
	int64_t subject_id = req->params[0], parent_id = 0, comment_id = 0, parent_author = 0;
	const char *why = NULL, *problem = NULL;
	const char *type = subjects[subject].type;
	int depth = 0;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	int check = subjects[subject].check(ctx, subject_id, &why);
	if (check != 0) {
		if (check < 0)
			app_error(req, resp, 503, NULL);
		else
			app_error(req, resp, check, why);
		return;
	}
	const char *parent_text = http_form(req, "parent");
	if (parent_text != NULL && parent_text[0] != '\0') {
		struct stored_comment parent;
		int found = app_parse_id(parent_text, &parent_id)
				    ? load_comment(ctx, parent_id, &parent)
				    : 0;
		if (found < 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
		if (found == 0 || parent.subject != subject || parent.subject_id != subject_id) {
			app_error(req, resp, 404, N_("The comment you reply to does not exist."));
			return;
		}
		depth = comment_reply_depth(parent.depth);
		parent_author = parent.facts.author_id;
		if (parent.facts.deleted)
			problem = N_("This comment was deleted; it cannot be replied to.");
		else if (parent.hidden)
			problem = N_("This comment is hidden; it cannot be replied to.");
		else if (depth < 0)
			problem =
				N_("Replies can be nested three levels deep at most. Reply to the "
				   "comment above instead.");
	}
	const char *body = http_form(req, "body");
	char *text = NULL;
	if (problem == NULL)
		text = comment_check(&req->arena, body, &problem);
	if (problem != NULL && app_is_api(req)) {
		app_error(req, resp, 422, problem);
		return;
	}
	if (problem != NULL) {
		struct comment_problem cp = {
			.parent_id = parent_id, .message = tr(ctx->lang, problem), .body = body};
		subjects[subject].render(req, resp, ctx, subject_id, &cp);
		return;
	}
	/* A text with one of the moderators' held words waits for them. */
	const char *word = NULL;
	int held = app_held_word(ctx->db, &req->arena, text, &word);
	if (held < 0)
		goto fail;
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_comment_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_text(st, 1, type);
	db_bind_i64(st, 2, subject_id);
	if (parent_id > 0)
		db_bind_i64(st, 3, parent_id);
	else
		db_bind_null(st, 3);
	db_bind_i64(st, 4, depth);
	db_bind_i64(st, 5, ctx->user->id);
	db_bind_text(st, 6, text);
	db_bind_text(st, 7, i18n_code(ctx->lang));
	db_bind_i64(st, 8, ctx->now);
	db_bind_i64(st, 9, held);
	if (db_run(st, &comment_id) < 0)
		goto fail_tx;
	if (held) {
		/* Nobody hears of it and no counter moves until it is let through. */
		if (db_commit(ctx->db) != DB_OK)
			goto fail_tx;
		goto answer;
	}
	/* People first (their rows), then the content counters. */
	if (parent_author > 0 && notify_user(ctx->db, parent_author, ctx->user->id, "reply", type,
					     subject_id, comment_id, ctx->now) != DB_OK)
		goto fail_tx;
	if (subjects[subject].notify(ctx->db, subjects[subject].type, ctx->user->id, subject_id,
				     comment_id, parent_author, ctx->now) != DB_OK)
		goto fail_tx;
	if (parent_id > 0) {
		st = db_stmt(ctx->db, STMT_comment_replies_inc);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, parent_id);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
	}
	st = db_stmt(ctx->db, subjects[subject].counter);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, subject_id);
	if (subjects[subject].counter_touches)
		db_bind_i64(st, 2, ctx->now);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
answer:
	if (app_is_api(req))
		app_api_created(resp, comment_id,
				comment_href(req, subject, subject_id, comment_id), held != 0);
	else
		redirect_to_comment(req, resp, subject, subject_id, comment_id);
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	log_warn("comment on %s %lld failed: %s", type, (long long)subject_id, db_errmsg(ctx->db));
	app_error(req, resp, 503, NULL);
}

void comment_on_idea(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	comment_post(req, resp, ctx, COMMENT_ON_IDEA);
}

void comment_on_challenge(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	comment_post(req, resp, ctx, COMMENT_ON_CHALLENGE);
}

void comment_on_project(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	comment_post(req, resp, ctx, COMMENT_ON_PROJECT);
}

/* Load the comment of the route; answers the request itself on failure. */
static bool comment_of_route(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx, struct stored_comment *c)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	int found = load_comment(ctx, req->params[0], c);
	if (found <= 0) {
		if (found < 0)
			app_error(req, resp, 503, NULL);
		else
			app_error(req, resp, 404, N_("This comment does not exist."));
		return false;
	}
	return true;
}

void comment_edit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct stored_comment c;
	const char *problem = NULL;

	if (!comment_of_route(req, resp, ctx, &c))
		return;
	if (c.hidden) {
		app_error(req, resp, 403, N_("A hidden comment cannot be edited."));
		return;
	}
	if (!comment_may_edit(&c.facts, ctx->user->id, ctx->now)) {
		app_error(req, resp, 403,
			  c.facts.author_id == ctx->user->id && !c.facts.deleted
				  ? N_("Comments can be edited for 15 minutes after writing. That "
				       "time has passed.")
				  : N_("Only the author can edit a comment."));
		return;
	}
	const char *body = http_form(req, "body");
	char *text = comment_check(&req->arena, body, &problem);
	/*
	 * An edit does not hold a comment that is already public (it has been
	 * counted and announced); a text with a held word is sent back.
	 */
	const char *word = NULL;
	int held = text != NULL ? app_held_word(ctx->db, &req->arena, text, &word) : 0;
	if (held < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (held) {
		text = NULL;
		problem = N_("This text contains a word the moderators review before it is "
			     "public. Please say it differently.");
	}
	if (text == NULL) {
		struct comment_problem cp = {
			.edit_id = c.id, .message = tr(ctx->lang, problem), .body = body};
		subjects[c.subject].render(req, resp, ctx, c.subject_id, &cp);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_comment_edit);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, c.id);
	db_bind_text(st, 2, text);
	db_bind_i64(st, 3, ctx->now);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	redirect_to_comment(req, resp, c.subject, c.subject_id, c.id);
}

void comment_delete(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct stored_comment c;

	if (!comment_of_route(req, resp, ctx, &c))
		return;
	if (!comment_may_delete(&c.facts, ctx->user->id)) {
		app_error(req, resp, 403, N_("Only the author can delete a comment."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_comment_delete);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, c.id);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	redirect_to_comment(req, resp, c.subject, c.subject_id, c.id);
}

void comment_vote(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct stored_comment c;
	const char *value = http_form(req, "value");
	int pressed, old = 0;

	if (!comment_of_route(req, resp, ctx, &c))
		return;
	if (value != NULL && strcmp(value, "up") == 0)
		pressed = 1;
	else if (value != NULL && strcmp(value, "down") == 0)
		pressed = -1;
	else {
		app_error(req, resp, 422, N_("Vote with up or down."));
		return;
	}
	if (c.hidden) {
		app_error(req, resp, 403, N_("A hidden comment cannot be voted on."));
		return;
	}
	if (!comment_may_vote(&c.facts, ctx->user->id)) {
		app_error(req, resp, 403,
			  c.facts.deleted ? N_("A deleted comment cannot be voted on.")
					  : N_("You cannot vote on your own comment."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	/* The voter's row first: two clicks at once count once. */
	struct db_stmt *st = db_stmt(ctx->db, STMT_funnel_user_lock);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	st = db_stmt(ctx->db, STMT_comment_vote_get);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, c.id);
	db_bind_i64(st, 2, ctx->user->id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		old = (int)db_col_i64(st, 0);
	db_reset(st);
	if (rc < 0)
		goto fail_tx;
	struct vote_change v = comment_vote_apply(old, pressed);
	st = db_stmt(ctx->db, v.value == 0 ? STMT_comment_vote_delete : STMT_comment_vote_set);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, c.id);
	db_bind_i64(st, 2, ctx->user->id);
	if (v.value != 0)
		db_bind_i64(st, 3, v.value);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	st = db_stmt(ctx->db, STMT_comment_vote_count);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, c.id);
	db_bind_i64(st, 2, v.up_delta);
	db_bind_i64(st, 3, v.down_delta);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	redirect_to_comment(req, resp, c.subject, c.subject_id, c.id);
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

/* ---- moderation ---- */

int discussion_comment_hide(struct db *db, int64_t id, const char *reason)
{
	struct db_stmt *st = db_stmt(db, STMT_comment_moderate);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, 1);
	db_bind_text(st, 3, reason);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

/* The author of comment id (0 when gone), or -1. */
static int64_t comment_author(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, STMT_comment_author_of);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	int64_t author = rc == DB_ROW && !db_col_null(st, 0) ? db_col_i64(st, 0) : 0;
	db_reset(st);
	return rc < 0 ? -1 : author;
}

/*
 * A held comment let through is counted and announced now, as it would
 * have been when written: its parent's replies, the subject's counter,
 * the parent's author and the subject's people.
 */
static int comment_released(struct db *db, const char *type, int64_t subject_id, int64_t parent_id,
			    int64_t author, int64_t id, int64_t now)
{
	enum comment_subject subject;
	int64_t parent_author = 0;

	if (!subject_parse(type, &subject))
		return 0;
	if (parent_id > 0) {
		parent_author = comment_author(db, parent_id);
		struct db_stmt *st = db_stmt(db, STMT_comment_replies_inc);
		if (parent_author < 0 || st == NULL)
			return -1;
		db_bind_i64(st, 1, parent_id);
		if (db_run(st, NULL) < 0)
			return -1;
		if (parent_author > 0 && parent_author != author &&
		    notify_user(db, parent_author, author, "reply", type, subject_id, id, now) !=
			    DB_OK)
			return -1;
	}
	if (subjects[subject].notify(db, type, author, subject_id, id, parent_author, now) != DB_OK)
		return -1;
	struct db_stmt *st = db_stmt(db, subjects[subject].counter);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, subject_id);
	if (subjects[subject].counter_touches)
		db_bind_i64(st, 2, now);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

int discussion_comment_restore(struct db *db, struct arena *a, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db, STMT_comment_release);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *type = db_col_dup(st, 0, a);
		int64_t subject_id = db_col_i64(st, 1);
		int64_t parent_id = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
		int64_t author = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
		db_reset(st);
		return type != NULL
			       ? comment_released(db, type, subject_id, parent_id, author, id, now)
			       : -1;
	}
	db_reset(st);
	if (rc < 0 || (st = db_stmt(db, STMT_comment_moderate)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, 0);
	db_bind_null(st, 3);
	return db_run(st, NULL) < 0 ? -1 : 0;
}
