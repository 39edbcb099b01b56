/*
 * notify.c - in-app notifications: written in the same transaction as
 * the event they tell about (a new idea in a followed challenge, a
 * comment on a followed idea or challenge or on a pilot project one is
 * behind, a reply to one's comment, a status change, an invitation to
 * join the team of an idea), counted in users.unread_notifications for the header,
 * and listed on GET /notifications, which marks the page it shows read.
 *
 * Every writer is one call of notify_audience over the table of
 * audiences: two statements with the same conditions, one inserts the
 * rows, one raises the counters of the same people.  Both touch user
 * rows before the caller touches content rows (see features/funnel/statements.def
 * on lock order).
 */
#include <string.h>

#include "templates.h"
#include "app/forms.h"
#include "features/notifications/notifications.h"

/* What a notification says, and who is left out; each audience binds some. */
struct notice {
	int64_t actor, user, followed_id, subject_id, comment_id, except_user, now;
	const char *followed_type, *kind, *subject_type;
};

enum notice_field {
	F_END,
	F_ACTOR,
	F_USER,
	F_FOLLOWED_TYPE,
	F_FOLLOWED_ID,
	F_KIND,
	F_SUBJECT_TYPE,
	F_SUBJECT_ID,
	F_COMMENT, /* NULL when 0 */
	F_EXCEPT,
	F_NOW,
};

enum { NOTICE_MAX_BINDS = 9 };

/* One statement of an audience and the fields it binds as $1, $2, ... */
struct notice_stmt {
	enum stmt_id id;
	enum notice_field binds[NOTICE_MAX_BINDS + 1];
};

/*
 * The audiences: who hears of something.  Each inserts the rows and raises
 * the unread counters of the same people, with the same conditions
 * (statements.def).
 */
enum audience { TO_FOLLOWERS, TO_ONE, TO_IDEA_PEOPLE, TO_PROJECT_PEOPLE };
static const struct {
	struct notice_stmt insert, count;
} audiences[] = {
	[TO_FOLLOWERS] = {{STMT_notify_followers,
			   {F_ACTOR, F_FOLLOWED_TYPE, F_FOLLOWED_ID, F_KIND, F_SUBJECT_TYPE,
			    F_SUBJECT_ID, F_NOW, F_COMMENT, F_EXCEPT}},
			  {STMT_notify_followers_count,
			   {F_ACTOR, F_FOLLOWED_TYPE, F_FOLLOWED_ID, F_EXCEPT}}},
	[TO_ONE] = {{STMT_notify_one,
		     {F_USER, F_KIND, F_SUBJECT_TYPE, F_SUBJECT_ID, F_ACTOR, F_NOW, F_COMMENT}},
		    {STMT_notify_one_count, {F_USER}}},
	[TO_IDEA_PEOPLE] = {{STMT_notify_idea_people, {F_ACTOR, F_SUBJECT_ID, F_NOW}},
			    {STMT_notify_idea_people_count, {F_ACTOR, F_SUBJECT_ID}}},
	[TO_PROJECT_PEOPLE] = {{STMT_notify_project_people,
				{F_ACTOR, F_SUBJECT_ID, F_COMMENT, F_NOW, F_EXCEPT}},
			       {STMT_notify_project_people_count,
				{F_ACTOR, F_SUBJECT_ID, F_EXCEPT}}},
};

static int run_notice(struct db *db, const struct notice_stmt *s, const struct notice *n)
{
	struct db_stmt *st = db_stmt(db, s->id);
	if (st == NULL)
		return DB_ERROR;
	for (int i = 0; i < NOTICE_MAX_BINDS && s->binds[i] != F_END; i++) {
		int at = i + 1;
		switch (s->binds[i]) {
		case F_ACTOR: db_bind_i64(st, at, n->actor); break;
		case F_USER: db_bind_i64(st, at, n->user); break;
		case F_FOLLOWED_TYPE: db_bind_text(st, at, n->followed_type); break;
		case F_FOLLOWED_ID: db_bind_i64(st, at, n->followed_id); break;
		case F_KIND: db_bind_text(st, at, n->kind); break;
		case F_SUBJECT_TYPE: db_bind_text(st, at, n->subject_type); break;
		case F_SUBJECT_ID: db_bind_i64(st, at, n->subject_id); break;
		case F_COMMENT:
			if (n->comment_id > 0)
				db_bind_i64(st, at, n->comment_id);
			else
				db_bind_null(st, at);
			break;
		case F_EXCEPT: db_bind_i64(st, at, n->except_user); break;
		case F_NOW: db_bind_i64(st, at, n->now); break;
		case F_END: break;
		}
	}
	return db_run(st, NULL) < 0 ? DB_ERROR : DB_OK;
}

/* The one fan-out: the rows of an audience, then their counters. */
static int notify_audience(struct db *db, enum audience a, const struct notice *n)
{
	if (run_notice(db, &audiences[a].insert, n) != DB_OK)
		return DB_ERROR;
	return run_notice(db, &audiences[a].count, n);
}

int notify_followers(struct db *db, int64_t actor, const char *followed_type, int64_t followed_id,
		     const char *kind, const char *subject_type, int64_t subject_id,
		     int64_t comment_id, int64_t except_user, int64_t now)
{
	struct notice n = {.actor = actor,
			   .followed_type = followed_type,
			   .followed_id = followed_id,
			   .kind = kind,
			   .subject_type = subject_type,
			   .subject_id = subject_id,
			   .comment_id = comment_id,
			   .except_user = except_user,
			   .now = now};
	return notify_audience(db, TO_FOLLOWERS, &n);
}

int notify_user(struct db *db, int64_t user, int64_t actor, const char *kind,
		const char *subject_type, int64_t subject_id, int64_t comment_id, int64_t now)
{
	if (user <= 0 || user == actor)
		return DB_OK;
	struct notice n = {.actor = actor,
			   .user = user,
			   .kind = kind,
			   .subject_type = subject_type,
			   .subject_id = subject_id,
			   .comment_id = comment_id,
			   .now = now};
	return notify_audience(db, TO_ONE, &n);
}

int notify_idea_people(struct db *db, int64_t actor, int64_t idea_id, int64_t now)
{
	struct notice n = {.actor = actor, .subject_id = idea_id, .now = now};
	return notify_audience(db, TO_IDEA_PEOPLE, &n);
}

int notify_project_people(struct db *db, int64_t actor, int64_t project_id, int64_t comment_id,
			  int64_t except_user, int64_t now)
{
	struct notice n = {.actor = actor,
			   .subject_id = project_id,
			   .comment_id = comment_id,
			   .except_user = except_user,
			   .now = now};
	return notify_audience(db, TO_PROJECT_PEOPLE, &n);
}

static const struct {
	const char *kind;
	const char *label;
} kind_labels[] = {
	{"new_idea", N_("New idea in a challenge you follow")},
	{"comment", N_("New comment")},
	{"reply", N_("Reply to your comment")},
	{"status", N_("Status changed")},
	{"invite", N_("Invitation to join the team of an idea")},
	{"event_place", N_("You moved up from the waitlist and have a place at this event")},
	{"contact", N_("Somebody would like to get in touch with you")},
	{"contact_accepted", N_("Your contact request was accepted")},
	{"event_cancelled", N_("An event you registered for has been called off")},
	{"event_moved", N_("An event you registered for has a new time")},
};

/*
 * Where a notification's subject lives, and the columns of its title and
 * language in STMT_notification_page.
 */
static const struct {
	const char *type;
	const char *path;
	int title_col;
} subject_pages[] = {
	{"idea", "/ideas", 8},
	{"challenge", "/challenges", 10},
	{"project", "/projects", 12},
	{"event", "/events", 14},
	/* A contact request (features/contact): no title of its own, never an address. */
	{"contact", "/account/contacts", -1},
};

static const char *kind_label(enum lang lang, const char *kind)
{
	for (size_t i = 0; i < sizeof(kind_labels) / sizeof(kind_labels[0]); i++)
		if (strcmp(kind_labels[i].kind, kind) == 0)
			return tr(lang, kind_labels[i].label);
	return kind;
}

void notifications_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct notifications_view v;
	int64_t before = INT64_MAX, first = 0, last = 0;
	int rc;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	memset(&v, 0, sizeof(v));
	const char *after = http_query(req, "before");
	if (after != NULL && !app_parse_id(after, &before)) {
		app_error(req, resp, 400, N_("This page link is broken."));
		return;
	}
	v.items = arena_calloc(&req->arena, NOTIFICATIONS_PAGE + 1, sizeof(*v.items));
	struct db_stmt *st = db_stmt(ctx->db, STMT_notification_page);
	if (v.items == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_i64(st, 2, before);
	db_bind_i64(st, 3, NOTIFICATIONS_PAGE + 1);
	size_t unread_shown = 0;
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.items_count == NOTIFICATIONS_PAGE) {
			more = true;
			break;
		}
		struct notification_item *n = &v.items[v.items_count++];
		int64_t id = db_col_i64(st, 0);
		const char *subject_type = db_col_text(st, 2);
		const char *kind = db_col_text(st, 1);
		int64_t subject_id = db_col_i64(st, 3);
		size_t page = 0;
		while (page + 1 < sizeof(subject_pages) / sizeof(subject_pages[0]) &&
		       strcmp(subject_pages[page].type, subject_type) != 0)
			page++;
		const char *path = subject_pages[page].path;
		n->what = kind_label(ctx->lang, kind);
		n->created = db_col_i64(st, 4);
		n->unread = db_col_null(st, 5);
		n->actor = db_col_null(st, 7) ? NULL : db_col_dup(st, 7, &req->arena);
		int col = subject_pages[page].title_col;
		if (col < 0) {
			n->title = tr(ctx->lang, N_("Your contact requests"));
			n->lang = i18n_code(ctx->lang);
		} else {
			n->title = db_col_dup(st, col, &req->arena);
			n->lang = db_col_dup(st, col + 1, &req->arena);
		}
		if (n->title == NULL || n->title[0] == '\0') {
			n->title = tr(ctx->lang, N_("(no longer available)"));
			n->lang = i18n_code(ctx->lang);
		}
		/* An invitation is answered in the idea's team section. */
		if (col < 0)
			n->href = arena_printf(&req->arena, "%s%s#contact-%lld", path,
					       strcmp(kind, "contact") == 0 ? "" : "?box=sent",
					       (long long)subject_id);
		else if (strcmp(kind, "invite") == 0)
			n->href = arena_printf(&req->arena, "%s/%lld#team", path,
					       (long long)subject_id);
		else if (db_col_null(st, 6))
			n->href = arena_printf(&req->arena, "%s/%lld", path, (long long)subject_id);
		else
			n->href = arena_printf(&req->arena, "%s/%lld#comment-%lld", path,
					       (long long)subject_id, (long long)db_col_i64(st, 6));
		unread_shown += n->unread;
		if (first == 0)
			first = id;
		last = id;
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	/* What is shown is read: mark exactly this page, in one transaction. */
	if (unread_shown > 0) {
		int64_t marked = 0;
		if (db_begin_write(ctx->db) != DB_OK)
			goto fail;
		st = db_stmt(ctx->db, STMT_notification_mark_read);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, ctx->user->id);
		db_bind_i64(st, 2, ctx->now);
		db_bind_i64(st, 3, first);
		db_bind_i64(st, 4, last);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
		marked = db_changes(ctx->db);
		st = db_stmt(ctx->db, STMT_notification_unread_sub);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, ctx->user->id);
		db_bind_i64(st, 2, marked);
		if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
			goto fail_tx;
		ctx->user->unread = ctx->user->unread > marked ? ctx->user->unread - marked : 0;
	}
	if (more)
		v.next_href =
			arena_printf(&req->arena, "/notifications?before=%lld", (long long)last);
	if (after != NULL)
		v.first_href = "/notifications";
	if (v.items_count == 0)
		v.items = NULL;
	app_layout(req, resp, &v.layout, N_("Notifications"), "/notifications");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_notification_list(&out, &v);
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
