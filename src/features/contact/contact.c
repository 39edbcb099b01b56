/*
 * contact.c - getting in touch through the platform (issue 12, item 2):
 * "Get in touch" on an actor's page and its own page
 * (/actors/{id}/contact), the account's requests (/account/contacts,
 * received and sent, keyset by id), accepting, declining and blocking,
 * and opting out on /account.
 *
 * A request goes to the person of an entry, or to the representatives
 * of an organisation's; each is notified (kind "contact").  Whoever of
 * them answers is the other side: once accepted, the sender sees the
 * answerer's address and the recipients the sender's, on
 * /account/contacts and nowhere else (statements.def reads an address
 * only there, only of an accepted request).  Before that, no page, API
 * answer, feed or notification holds one.
 *
 * The limits (rules.c): nobody writes to themselves; not to an entry
 * whose people all opted out; not when blocked; one open request per
 * sender and actor; CONTACT_DAILY_MAX a day.  Each refusal is checked in
 * the write transaction that would store the request, so a forged POST
 * is refused the same way and stores nothing.
 */
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "features/contact/contact.h"
#include "features/notifications/notifications.h"
#include "features/organisations/organisations.h"

enum { CONTACT_RECIPIENTS_MAX = 100 };

/* The actor written to. */
struct contact_actor {
	int64_t id, org, user;
	const char *name;
	const char *lang;
	bool listed;
};

/* 1 found (a person's entry only when listed), 0 not, -1 store error. */
static int actor_load(struct app_ctx *ctx, struct arena *a, int64_t id, struct contact_actor *r)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_contact_actor);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_i64(st, 0);
		r->org = db_col_i64(st, 1);
		r->user = db_col_i64(st, 2);
		r->name = db_col_dup(st, 3, a);
		r->listed = db_col_i64(st, 4) != 0;
		r->lang = db_col_dup(st, 5, a);
	}
	db_reset(st);
	if (rc < 0 || (rc == DB_ROW && (r->name == NULL || r->lang == NULL)))
		return -1;
	return rc == DB_ROW && (r->org != 0 || r->listed) ? 1 : 0;
}

/* The recipients of actor id into ids (at most CONTACT_RECIPIENTS_MAX): their number, or -1. */
static long recipients_load(struct db *db, int64_t id, int64_t *ids)
{
	struct db_stmt *st = db_stmt(db, STMT_contact_recipients);
	long n = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, CONTACT_RECIPIENTS_MAX);
	while ((rc = db_step(st)) == DB_ROW && n < CONTACT_RECIPIENTS_MAX)
		ids[n++] = db_col_i64(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* Whether user is the actor's person or represents its organisation: 1, 0, -1. */
static int is_recipient(struct db *db, int64_t org, int64_t person, int64_t user)
{
	if (person != 0)
		return person == user;
	return org_represents(db, org, user);
}

/* What decides whether the logged-in visitor may write to r; 0, or -1. */
static int facts_load(struct app_ctx *ctx, const struct contact_actor *r, struct contact_facts *f,
		      int64_t *ids)
{
	memset(f, 0, sizeof(*f));
	long n = recipients_load(ctx->db, r->id, ids);
	if (n < 0)
		return -1;
	f->recipients = (size_t)n;
	if (ctx->user == NULL)
		return 0;
	f->logged_in = true;
	int self = is_recipient(ctx->db, r->org, r->user, ctx->user->id);
	if (self < 0)
		return -1;
	f->self = self == 1;
	struct db_stmt *st = db_stmt(ctx->db, STMT_contact_facts);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_i64(st, 2, r->id);
	db_bind_i64(st, 3, ctx->now - CONTACT_DAY);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		f->sent_today = db_col_i64(st, 0);
		f->blocked = db_col_i64(st, 1) != 0;
		f->open = db_col_i64(st, 2) != 0;
		f->accepted = db_col_i64(st, 3) != 0;
		f->sender_opted_out = db_col_i64(st, 4) != 0;
	}
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

/* The form's section for actor r, given the facts (and the message and its problem). */
static void form_view(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      const struct contact_actor *r, const struct contact_facts *f,
		      const char *message, const char *problem, struct contact_form *out)
{
	struct arena *a = &req->arena;
	const char *page = arena_printf(a, "/actors/%lld/contact", (long long)r->id);

	memset(out, 0, sizeof(*out));
	out->shown = true;
	out->contacts_href = "/account/contacts";
	enum contact_refusal why = contact_may_send(f);
	if (why == CONTACT_LOGIN) {
		if (f->recipients == 0)
			out->note = tr(ctx->lang, contact_refusal_message(CONTACT_OPTED_OUT));
		else
			out->login_href = app_login_href(req, page);
		out->contacts_href = NULL;
		return;
	}
	if (why == CONTACT_SELF) {
		out->note = tr(ctx->lang, N_("Requests to this entry reach you on your contacts "
					     "page."));
		return;
	}
	if (why != CONTACT_OK && why != CONTACT_LIMIT) {
		out->note = tr(ctx->lang, contact_refusal_message(why));
		return;
	}
	out->form = true;
	out->action = page;
	out->csrf = app_csrf(req, resp);
	out->message = message != NULL ? message : "";
	out->message_error = problem != NULL ? tr(ctx->lang, problem) : NULL;
	const char *notice = http_query(req, "contact");
	if (notice != NULL && strcmp(notice, "sent") == 0) {
		out->note = tr(ctx->lang, N_("Your message is sent. You will be notified of the "
					     "answer."));
		out->note_is_notice = true;
	}
}

int contact_actor_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		       int64_t id, int64_t org, int64_t user, struct contact_form *out)
{
	struct contact_actor r = {.id = id, .org = org, .user = user};
	struct contact_facts f;
	int64_t ids[CONTACT_RECIPIENTS_MAX];

	memset(out, 0, sizeof(*out));
	if (facts_load(ctx, &r, &f, ids) != 0)
		return -1;
	/* A sent request: the page says so, in place of the "waiting" explanation. */
	const char *notice = http_query(req, "contact");
	if (notice != NULL && strcmp(notice, "sent") == 0 && f.open) {
		out->shown = true;
		out->note = tr(ctx->lang, N_("Your message is sent. You will be notified of the "
					     "answer."));
		out->note_is_notice = true;
		out->contacts_href = "/account/contacts";
		return 0;
	}
	form_view(req, resp, ctx, &r, &f, NULL, NULL, out);
	return 0;
}

/* The page of the form: /actors/{id}/contact, and the answer to a form with problems. */
static void page_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			const struct contact_actor *r, const struct contact_facts *f,
			const char *message, const char *problem, int status)
{
	struct contact_page_view v;

	memset(&v, 0, sizeof(v));
	v.name = r->name;
	v.lang = r->lang;
	v.back_href = arena_printf(&req->arena, "/actors/%lld", (long long)r->id);
	form_view(req, resp, ctx, r, f, message, problem, &v.form);
	if (problem != NULL) {
		struct field_problem p = {"message", problem};
		v.problem_list.errors = app_form_errors(req, ctx->lang, &p, 1);
		v.problem_list.errors_count = 1;
	}
	app_layout(req, resp, &v.layout, N_("Get in touch"), "/actors");
	struct tpl_out out = app_html(req, resp, status);
	tpl_contact_page(&out, &v);
}

void contact_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct contact_actor r = {0};
	struct contact_facts f;
	int64_t ids[CONTACT_RECIPIENTS_MAX];

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	int found = actor_load(ctx, &req->arena, req->params[0], &r);
	if (!app_found(req, resp, found, N_("There is no such actor in the directory.")))
		return;
	if (facts_load(ctx, &r, &f, ids) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	page_render(req, resp, ctx, &r, &f, NULL, NULL, 200);
}

void contact_send(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct contact_actor r = {0};
	struct contact_facts f;
	int64_t ids[CONTACT_RECIPIENTS_MAX], id = 0;
	const char *problem = NULL;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	const char *sent = http_form(req, "message");
	int found = actor_load(ctx, &req->arena, req->params[0], &r);
	if (!app_found(req, resp, found, N_("There is no such actor in the directory.")))
		return;
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	if (facts_load(ctx, &r, &f, ids) != 0)
		goto fail_tx;
	enum contact_refusal why = contact_may_send(&f);
	if (why != CONTACT_OK) {
		db_rollback(ctx->db);
		app_error(req, resp, contact_refusal_status(why), contact_refusal_message(why));
		return;
	}
	char *message = contact_message_check(&req->arena, sent, &problem);
	if (message == NULL) {
		db_rollback(ctx->db);
		page_render(req, resp, ctx, &r, &f, sent != NULL ? sent : "", problem, 422);
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_contact_insert);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_i64(st, 2, r.id);
	db_bind_text(st, 3, message);
	db_bind_text(st, 4, i18n_code(ctx->lang));
	db_bind_i64(st, 5, ctx->now);
	if (db_run(st, &id) != DB_OK)
		goto fail_tx;
	for (size_t i = 0; i < f.recipients; i++)
		if (notify_user(ctx->db, ids[i], ctx->user->id, "contact", "contact", id, 0,
				ctx->now) != DB_OK)
			goto fail_tx;
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/actors/%lld?contact=sent#contact-heading",
					 (long long)r.id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

/* The answers to a request. */
enum answer { ANSWER_ACCEPT, ANSWER_DECLINE, ANSWER_BLOCK };

static void answer(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		   enum answer what)
{
	static const char *const notices[] = {"accepted", "declined", "blocked"};
	enum contact_status status = CONTACT_OPEN;
	int64_t id = req->params[0];

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st = db_stmt(ctx->db, STMT_contact_lock);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	bool known = rc == DB_ROW && contact_status_parse(db_col_text(st, 0), &status);
	int64_t sender = rc == DB_ROW ? db_col_i64(st, 1) : 0;
	int64_t actor = rc == DB_ROW ? db_col_i64(st, 2) : 0;
	int64_t org = rc == DB_ROW ? db_col_i64(st, 3) : 0;
	int64_t person = rc == DB_ROW ? db_col_i64(st, 4) : 0;
	db_reset(st);
	if (rc < 0)
		goto fail_tx;
	int recipient = known ? is_recipient(ctx->db, org, person, ctx->user->id) : 0;
	if (recipient < 0)
		goto fail_tx;
	/* Somebody else's request is not there for them (as the sender's own is not theirs to answer). */
	if (!known || (recipient == 0 && sender != ctx->user->id)) {
		db_rollback(ctx->db);
		app_error(req, resp, 404, N_("There is no such contact request."));
		return;
	}
	if (recipient == 0) {
		db_rollback(ctx->db);
		app_error(req, resp, 403, N_("Only who received a contact request can answer it."));
		return;
	}
	if (!contact_may_answer(true, status)) {
		db_rollback(ctx->db);
		app_error(req, resp, 409, N_("This contact request has been answered already."));
		return;
	}
	st = db_stmt(ctx->db, STMT_contact_answer);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, id);
	db_bind_text(
		st, 2,
		contact_status_id(what == ANSWER_ACCEPT ? CONTACT_ACCEPTED : CONTACT_DECLINED));
	db_bind_i64(st, 3, ctx->user->id);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail_tx;
	if (what == ANSWER_BLOCK) {
		st = db_stmt(ctx->db, STMT_contact_block);
		if (st == NULL)
			goto fail_tx;
		db_bind_i64(st, 1, actor);
		db_bind_i64(st, 2, sender);
		db_bind_i64(st, 3, ctx->user->id);
		db_bind_i64(st, 4, ctx->now);
		if (db_run(st, NULL) < 0)
			goto fail_tx;
	}
	if (what == ANSWER_ACCEPT && notify_user(ctx->db, sender, ctx->user->id, "contact_accepted",
						 "contact", id, 0, ctx->now) != DB_OK)
		goto fail_tx;
	if (db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/account/contacts?notice=%s#contact-%lld",
					 notices[what], (long long)id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

void contact_accept(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	answer(req, resp, ctx, ANSWER_ACCEPT);
}

void contact_decline(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	answer(req, resp, ctx, ANSWER_DECLINE);
}

void contact_block(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	answer(req, resp, ctx, ANSWER_BLOCK);
}

static const char *status_label(enum lang lang, const char *s)
{
	enum contact_status st = CONTACT_OPEN;
	(void)contact_status_parse(s, &st);
	static const char *const labels[] = {
		[CONTACT_OPEN] = N_("waiting for an answer"),
		[CONTACT_ACCEPTED] = N_("accepted"),
		[CONTACT_DECLINED] = N_("declined"),
	};
	return tr(lang, labels[st]);
}

/* One row of contact_incoming (sent false) or contact_outgoing (sent true). */
static void item_load(struct arena *a, struct db_stmt *st, bool sent, struct contact_item *it)
{
	it->id = db_col_i64(st, 0);
	it->anchor = arena_printf(a, "contact-%lld", (long long)it->id);
	it->message = db_col_dup(st, 1, a);
	it->lang = db_col_dup(st, 2, a);
	it->status = db_col_dup(st, 3, a);
	it->created = db_col_i64(st, 4);
	if (sent) {
		it->who = db_col_dup(st, 7, a);
		it->who_href = arena_printf(a, "/actors/%lld", (long long)db_col_i64(st, 6));
		it->answered_by = db_col_null(st, 8) ? NULL : db_col_dup(st, 8, a);
		it->email = db_col_null(st, 9) ? NULL : db_col_dup(st, 9, a);
	} else {
		it->who = db_col_dup(st, 6, a);
		it->email = db_col_null(st, 7) ? NULL : db_col_dup(st, 7, a);
		if (db_col_i64(st, 10) != 0)
			it->actor_name = db_col_dup(st, 9, a);
		it->answered_by = db_col_null(st, 11) ? NULL : db_col_dup(st, 11, a);
		it->accept_action =
			arena_printf(a, "/account/contacts/%lld/accept", (long long)it->id);
		it->decline_action =
			arena_printf(a, "/account/contacts/%lld/decline", (long long)it->id);
		it->block_action =
			arena_printf(a, "/account/contacts/%lld/block", (long long)it->id);
	}
}

void contacts_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct contacts_view v;
	struct arena *a = &req->arena;
	int64_t before = INT64_MAX;
	int rc;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	memset(&v, 0, sizeof(v));
	const char *box = http_query(req, "box");
	const char *before_text = http_query(req, "before");
	if ((box != NULL && strcmp(box, "sent") != 0 && strcmp(box, "received") != 0) ||
	    (before_text != NULL && !app_parse_id(before_text, &before))) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	v.sent = box != NULL && strcmp(box, "sent") == 0;
	v.other_href = v.sent ? "/account/contacts" : "/account/contacts?box=sent";
	v.items = arena_calloc(a, CONTACT_PAGE, sizeof(*v.items));
	struct db_stmt *st =
		db_stmt(ctx->db, v.sent ? STMT_contact_outgoing : STMT_contact_incoming);
	if (v.items == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_i64(st, 2, before);
	db_bind_i64(st, 3, CONTACT_PAGE + 1);
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (v.items_count == CONTACT_PAGE) {
			more = true;
			break;
		}
		item_load(a, st, v.sent, &v.items[v.items_count++]);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	for (size_t i = 0; i < v.items_count; i++) {
		struct contact_item *it = &v.items[i];
		enum contact_status s = CONTACT_OPEN;
		(void)contact_status_parse(it->status, &s);
		it->may_answer = !v.sent && contact_may_answer(true, s);
		if (!contact_shows_address(true, s))
			it->email = NULL;
		it->status = status_label(ctx->lang, it->status);
	}
	if (v.items_count == 0)
		v.items = NULL;
	const char *base = v.sent ? "/account/contacts?box=sent&" : "/account/contacts?";
	if (more)
		v.pager.next_href = arena_printf(a, "%sbefore=%lld", base,
						 (long long)v.items[v.items_count - 1].id);
	if (before_text != NULL)
		v.pager.first_href = v.sent ? "/account/contacts?box=sent" : "/account/contacts";
	static const struct {
		const char *id, *text;
	} notices[] = {
		{"accepted", N_("You accepted the request: its addresses are shown below.")},
		{"declined", N_("You declined the request.")},
		{"blocked", N_("You declined the request and blocked its sender.")},
	};
	const char *notice = http_query(req, "notice");
	for (size_t i = 0; notice != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(notice, notices[i].id) == 0)
			v.notice = tr(ctx->lang, notices[i].text);
	v.csrf = app_csrf(req, resp);
	app_layout(req, resp, &v.layout, N_("Contact requests"), "/account");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_contacts_list(&out, &v);
}

int contact_account_section(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, struct contact_account_section *out)
{
	int64_t off = 0;

	memset(out, 0, sizeof(*out));
	if (ctx->user == NULL)
		return -1;
	struct db_stmt *st = db_stmt(ctx->db, STMT_contact_optout_of);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->user->id);
	if (db_run(st, &off) != DB_OK)
		return -1;
	out->off = off != 0;
	out->csrf = app_csrf(req, resp);
	const char *notice = http_query(req, "notice");
	if (notice != NULL && strcmp(notice, "contact") == 0)
		out->notice = tr(ctx->lang, N_("Your choice about contact requests is saved."));
	return 0;
}

void contact_optout_save(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	const char *off = http_form(req, "contact_off");
	if (off != NULL && strcmp(off, "1") != 0) {
		app_error(req, resp, 422, N_("Choose whether you take contact requests."));
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	struct db_stmt *st =
		db_stmt(ctx->db, off != NULL ? STMT_contact_optout_set : STMT_contact_optout_clear);
	if (st == NULL)
		goto fail_tx;
	db_bind_i64(st, 1, ctx->user->id);
	if (off != NULL)
		db_bind_i64(st, 2, ctx->now);
	if (db_run(st, NULL) < 0 || db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, "/account?notice=contact#contact-heading");
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}
