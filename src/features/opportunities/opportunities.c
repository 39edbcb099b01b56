/*
 * opportunities.c - the opportunities board (/opportunities), an
 * opportunity's page (/opportunities/{id}) with its replies through the
 * platform, and the Atom feed of new ones (/opportunities.atom); loading
 * and storing an opportunity (edit.c has the forms).
 *
 * An opportunity is open while its closes_at (the first second after
 * its deadline day, the city's time) is after the request's clock: the
 * board shows the open ones and, with ?archived=1, those whose deadline
 * passed; nothing has to run for one to leave the list.  A page of the
 * board is three queries whatever the filters: the page (its rows carry
 * their topics), the organisations offered as a filter, and, for the
 * "post" link, whether the visitor represents one.  Keyset pages by id,
 * newest first (?after=ID, the last one shown).
 *
 * Replies: when an opportunity has no external link, a logged-in
 * participant replies with a short message; its organisation's
 * representatives and the office read the replies on its page.  Nobody's
 * e-mail address is read here.
 */
#include <stdlib.h>
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "app/sector.h"
#include "base/buf.h"
#include "base/civil.h"
#include "base/text.h"
#include "base/utf8.h"
#include "features/discover/discover.h"
#include "features/opportunities/internal.h"
#include "features/organisations/organisations.h"
#include "view/markdown.h"

enum {
	OPPS_PAGE_SIZE = 20,
	OPPS_FILTER_ORGS = 200, /* organisations offered as a filter */
	OPP_CARD_TOPICS = 6,	/* topics on a card */
	OPP_REPLIES_SHOWN = 100,
	OPP_REPLIES_PER_DAY = 20, /* replies a participant may send a day */
	OPP_FEED_ENTRIES = 30,
	OPP_FEED_SUMMARY = 600, /* characters */
};

int opp_row_load(struct db *db, struct arena *a, enum stmt_id stmt, int64_t key, struct opp_row *r)
{
	struct db_stmt *st = db_stmt(db, stmt);

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_i64(st, 0);
		r->kind = db_col_dup(st, 1, a);
		r->organisation_id = db_col_i64(st, 2);
		r->sectors = (unsigned)db_col_i64(st, 3);
		r->title = db_col_dup(st, 4, a);
		r->description = db_col_dup(st, 5, a);
		r->deadline = db_col_dup(st, 6, a);
		r->closes_at = db_col_i64(st, 7);
		r->place = db_col_dup(st, 8, a);
		r->remote = db_col_i64(st, 9) != 0;
		r->link = db_col_dup(st, 10, a);
		r->lang = db_col_dup(st, 11, a);
		r->created = db_col_i64(st, 12);
		r->updated = db_col_i64(st, 13);
		r->organisation = db_col_dup(st, 14, a);
		r->organisation_lang = db_col_dup(st, 15, a);
		r->verified_at = db_col_i64(st, 16);
		r->actor_id = db_col_i64(st, 17);
		if (r->kind == NULL || r->title == NULL || r->description == NULL ||
		    r->deadline == NULL || r->place == NULL || r->link == NULL || r->lang == NULL ||
		    r->organisation == NULL || r->organisation_lang == NULL)
			rc = -1;
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int64_t opp_closes_at(const struct opp_fields *f)
{
	return civil_local_seconds(f->deadline_year, f->deadline_month, f->deadline_day + 1, 0, 0);
}

int64_t opp_store(struct db *db, struct arena *a, int64_t id, const struct opp_fields *f,
		  int64_t author, int64_t now)
{
	const char *org = NULL;
	struct db_stmt *st = db_stmt(db, STMT_opp_org_name);

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, f->organisation_id);
	if (db_step(st) == DB_ROW)
		org = db_col_dup(st, 0, a);
	db_reset(st);
	const char *words = opp_search_text(a, f, org != NULL ? org : "");
	st = db_stmt(db, id == 0 ? STMT_opp_insert : STMT_opp_update);
	if (st == NULL || words == NULL)
		return -1;
	int p = 1;
	if (id != 0)
		db_bind_i64(st, p++, id);
	db_bind_text(st, p++, f->kind);
	db_bind_i64(st, p++, f->organisation_id);
	db_bind_i64(st, p++, (int64_t)f->sectors);
	db_bind_text(st, p++, f->title);
	db_bind_text(st, p++, f->description);
	db_bind_text(st, p++, f->deadline);
	db_bind_i64(st, p++, opp_closes_at(f));
	db_bind_text(st, p++, f->place);
	db_bind_i64(st, p++, f->remote ? 1 : 0);
	db_bind_text(st, p++, f->link);
	db_bind_text(st, p++, words);
	db_bind_text(st, p++, f->lang);
	if (id == 0) {
		if (author != 0)
			db_bind_i64(st, p++, author);
		else
			db_bind_null(st, p++);
	}
	db_bind_i64(st, p, now);
	int64_t made = 0;
	if (db_run(st, id == 0 ? &made : NULL) < 0)
		return -1;
	if (id == 0)
		id = made;
	st = db_stmt(db, STMT_opp_topics_clear);
	if (st == NULL || id <= 0)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_run(st, NULL) < 0)
		return -1;
	for (size_t i = 0; i < f->topics_count; i++) {
		st = db_stmt(db, STMT_opp_topic_add);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		db_bind_text(st, 2, f->topics[i].key);
		db_bind_text(st, 3, f->topics[i].label);
		db_bind_i64(st, 4, f->topics[i].curated ? 1 : 0);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return id;
}

int opp_may_post(struct app_ctx *ctx, int64_t org)
{
	if (ctx->user == NULL)
		return 0;
	if (role_can(ctx->user->role, PERM_MANAGE_CONTENT))
		return 1;
	if (org != 0)
		return org_represents(ctx->db, org, ctx->user->id);
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_orgs_of_user);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_i64(st, 2, 1);
	int rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int64_t opp_today(int64_t now)
{
	struct civil_time t;
	if (!civil_local(now, &t))
		return 0;
	return civil_days(t.year, t.month, t.day);
}

int64_t opp_day_noon(const char *deadline)
{
	int y, m, d;
	return civil_parse_date(deadline, &y, &m, &d) ? civil_local_seconds(y, m, d, 12, 0) : 0;
}

const char *opp_sectors_text(struct arena *a, enum lang ui, unsigned sectors)
{
	struct buf b;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (int s = 0; s < SECTOR__COUNT; s++)
		if (sectors & OPP_SECTOR_BIT(s))
			buf_printf(&b, "%s%s", b.len ? ", " : "", tr(ui, sector_table[s].label));
	return b.oom ? NULL : buf_cstr(&b);
}

/* The filters' options: the kinds, the sectors, the curated topics, the organisations. */
static int filter_options(struct http_request *req, struct app_ctx *ctx, struct opps_view *v,
			  const char *kind, const char *sector, const char *topic, int64_t org)
{
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);

	v->kinds = arena_calloc(a, OPP_KIND__COUNT + 1, sizeof(*v->kinds));
	v->sectors = arena_calloc(a, SECTOR__COUNT + 1, sizeof(*v->sectors));
	v->topics = arena_calloc(a, actor_competences_count + 2, sizeof(*v->topics));
	v->organisations = arena_calloc(a, OPPS_FILTER_ORGS + 2, sizeof(*v->organisations));
	if (v->kinds == NULL || v->sectors == NULL || v->topics == NULL || v->organisations == NULL)
		return -1;
	v->kinds[v->kinds_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All kinds")), kind[0] == '\0'};
	for (int k = 0; k < OPP_KIND__COUNT; k++)
		v->kinds[v->kinds_count++] =
			(struct field_option){opp_kinds[k].id, tr(ctx->lang, opp_kinds[k].label),
					      strcmp(kind, opp_kinds[k].id) == 0};
	v->sectors[v->sectors_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All sectors")), sector[0] == '\0'};
	for (int s = 0; s < SECTOR__COUNT; s++)
		v->sectors[v->sectors_count++] = (struct field_option){
			sector_table[s].id, tr(ctx->lang, sector_table[s].label),
			strcmp(sector, sector_table[s].id) == 0};
	v->topics[v->topics_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All topics")), topic[0] == '\0'};
	bool offered = topic[0] == '\0';
	for (size_t i = 0; i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		bool sel = strcmp(topic, c->id) == 0;
		offered = offered || sel;
		v->topics[v->topics_count++] =
			(struct field_option){c->id, actor_competence_label(c, lang), sel};
	}
	/* A free topic followed from an opportunity's page: offered too. */
	if (!offered)
		v->topics[v->topics_count++] = (struct field_option){topic, topic, true};
	qsort(v->topics, v->topics_count, sizeof(*v->topics), app_option_by_label);

	v->organisations[v->organisations_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All organisations")), org == 0};
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_filter_orgs);
	int rc;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, OPPS_FILTER_ORGS);
	while ((rc = db_step(st)) == DB_ROW && v->organisations_count < OPPS_FILTER_ORGS + 1) {
		int64_t id = db_col_i64(st, 0);
		v->organisations[v->organisations_count++] = (struct field_option){
			arena_printf(a, "%lld", (long long)id), db_col_dup(st, 1, a), id == org};
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int load_page(struct http_request *req, struct app_ctx *ctx, struct opps_view *v,
		     const char *kind, unsigned sector_bit, const char *topic, int64_t org,
		     int64_t after, int64_t *last, bool *more)
{
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_list);
	int rc;

	*more = false;
	v->cards = arena_calloc(a, OPPS_PAGE_SIZE, sizeof(*v->cards));
	if (st == NULL || v->cards == NULL)
		return -1;
	db_bind_i64(st, 1, v->archived ? 1 : 0);
	db_bind_i64(st, 2, ctx->now);
	db_bind_text(st, 3, kind);
	db_bind_i64(st, 4, (int64_t)sector_bit);
	db_bind_text(st, 5, topic);
	db_bind_i64(st, 6, org);
	db_bind_i64(st, 7, after);
	db_bind_i64(st, 8, OPPS_PAGE_SIZE + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->cards_count == OPPS_PAGE_SIZE) {
			*more = true;
			break;
		}
		struct opp_card *c = &v->cards[v->cards_count++];
		int64_t id = db_col_i64(st, 0);
		c->href = arena_printf(a, "/opportunities/%lld", (long long)id);
		c->kind = tr(ctx->lang, opp_kind_label(db_col_text(st, 1)));
		c->title = db_col_dup(st, 2, a);
		c->deadline = db_col_dup(st, 3, a);
		c->deadline_at = opp_day_noon(db_col_text(st, 3));
		c->place = db_col_text(st, 4)[0] ? db_col_dup(st, 4, a) : NULL;
		c->remote = db_col_i64(st, 5) != 0;
		c->lang = db_col_dup(st, 6, a);
		c->organisation = db_col_dup(st, 7, a);
		c->organisation_lang = db_col_dup(st, 8, a);
		c->sectors = opp_sectors_text(a, ctx->lang, (unsigned)db_col_i64(st, 9));
		c->topics = actor_tag_lines(a, db_col_null(st, 10) ? NULL : db_col_text(st, 10),
					    lang, OPP_CARD_TOPICS);
		*last = id;
		if (c->title == NULL || c->href == NULL || c->lang == NULL ||
		    c->organisation == NULL) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	if (v->cards_count == 0)
		v->cards = NULL;
	return rc < 0 ? -1 : 0;
}

void opps_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct opps_view v;
	struct arena *a = &req->arena;
	const char *kind = app_query_filter(req, "kind", 32);
	const char *sector = app_query_filter(req, "sector", 32);
	const char *topic_in = app_query_filter(req, "topic", 4 * ACTOR_TAG_MAX);
	const char *org_text = http_query(req, "organisation");
	const char *after_text = http_query(req, "after");
	const char *archived = http_query(req, "archived");
	enum opp_kind k;
	enum sector sec;
	int64_t after = 0, last = 0, org = 0;
	bool more = false;

	memset(&v, 0, sizeof(v));
	if (kind == NULL || sector == NULL || topic_in == NULL ||
	    (kind[0] != '\0' && !opp_kind_parse(kind, &k)) ||
	    (sector[0] != '\0' && !sector_parse(sector, &sec)) ||
	    (org_text != NULL && org_text[0] != '\0' && !app_parse_id(org_text, &org)) ||
	    (after_text != NULL && !app_parse_id(after_text, &after)) ||
	    (archived != NULL && strcmp(archived, "1") != 0 && strcmp(archived, "0") != 0)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	v.archived = archived != NULL && strcmp(archived, "1") == 0;
	const char *topic = actor_fold(a, topic_in);
	if (topic == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	unsigned sector_bit = sector[0] != '\0' ? OPP_SECTOR_BIT(sec) : 0;
	v.filtered = kind[0] != '\0' || sector[0] != '\0' || topic[0] != '\0' || org != 0;
	int may = opp_may_post(ctx, 0);
	if (may < 0 || filter_options(req, ctx, &v, kind, sector, topic, org) != 0 ||
	    load_page(req, ctx, &v, kind, sector_bit, topic, org, after, &last, &more) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.can_post = may == 1;
	struct buf p;
	buf_init(&p, a);
	buf_puts(&p, v.archived ? "archived=1" : "");
	if (kind[0] != '\0')
		buf_printf(&p, "%skind=%s", p.len ? "&" : "", kind);
	if (sector[0] != '\0')
		buf_printf(&p, "%ssector=%s", p.len ? "&" : "", sector);
	if (topic[0] != '\0')
		buf_printf(&p, "%stopic=%s", p.len ? "&" : "", text_url_encode(a, topic));
	if (org != 0)
		buf_printf(&p, "%sorganisation=%lld", p.len ? "&" : "", (long long)org);
	const char *params = p.oom ? NULL : buf_cstr(&p);
	if (params != NULL && more)
		v.pager.next_href = arena_printf(a, "/opportunities?%s%safter=%lld", params,
						 params[0] ? "&" : "", (long long)last);
	if (params != NULL && after != 0)
		v.pager.first_href =
			arena_printf(a, "/opportunities%s%s", params[0] ? "?" : "", params);
	v.reset_href = v.archived ? "/opportunities?archived=1" : "/opportunities";
	app_layout(req, resp, &v.layout,
		   v.archived ? N_("Archived opportunities") : N_("Opportunities"),
		   "/opportunities");
	v.layout.feed_href = "/opportunities.atom";
	v.layout.feed_title = tr(ctx->lang, N_("New opportunities"));
	struct tpl_out out = app_html(req, resp, 200);
	tpl_opps_list(&out, &v);
}

/* The replies, for the organisation's representatives and the office. */
static int load_replies(struct http_request *req, struct app_ctx *ctx, struct opp_page_view *v)
{
	struct arena *a = &req->arena;
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_replies_count);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	if (db_run(st, &v->replies_total) < 0)
		return -1;
	st = db_stmt(ctx->db, STMT_opp_replies_of);
	v->replies = arena_calloc(a, OPP_REPLIES_SHOWN, sizeof(*v->replies));
	if (st == NULL || v->replies == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	db_bind_i64(st, 2, OPP_REPLIES_SHOWN);
	while ((rc = db_step(st)) == DB_ROW && v->replies_count < OPP_REPLIES_SHOWN) {
		struct opp_reply *r = &v->replies[v->replies_count++];
		r->name = db_col_dup(st, 1, a);
		r->body = db_col_dup(st, 2, a);
		r->created = db_col_i64(st, 3);
	}
	db_reset(st);
	if (v->replies_count == 0)
		v->replies = NULL;
	return rc < 0 ? -1 : 0;
}

/* The visitor's own last reply, shown back to them. */
static int load_mine(struct http_request *req, struct app_ctx *ctx, struct opp_page_view *v)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_reply_mine);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, v->id);
	db_bind_i64(st, 2, ctx->user->id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		v->my_reply = db_col_dup(st, 0, &req->arena);
		v->my_reply_at = db_col_i64(st, 1);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The opportunity's page; with a reply that has a problem, its message at the field. */
static void page_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			const char *reply_body, const char *reply_problem, int status)
{
	struct opp_page_view v;
	struct opp_row r;
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);
	const char *notice = http_query(req, "notice");
	int found = opp_row_load(ctx->db, a, STMT_opp_get, req->params[0], &r);

	memset(&v, 0, sizeof(v));
	if (found != 1) {
		(void)app_found(req, resp, found, N_("There is no such opportunity."));
		return;
	}
	v.id = r.id;
	v.title = r.title;
	v.lang = r.lang;
	v.kind = tr(ctx->lang, opp_kind_label(r.kind));
	v.organisation = r.organisation;
	v.organisation_lang = r.organisation_lang;
	if (r.actor_id != 0)
		v.organisation_href = arena_printf(a, "/actors/%lld", (long long)r.actor_id);
	v.verified = r.verified_at != 0;
	v.sectors = opp_sectors_text(a, ctx->lang, r.sectors);
	v.description = markdown_render(a, r.description, 2);
	v.deadline = r.deadline;
	v.deadline_at = opp_day_noon(r.deadline);
	v.archived = !opp_open(r.closes_at, ctx->now);
	v.place = r.place[0] ? r.place : NULL;
	v.remote = r.remote;
	v.link = r.link[0] ? r.link : NULL;
	v.platform = v.link == NULL;
	struct actor_tag *topics;
	size_t n;
	if (actor_tags_read(ctx->db, a, STMT_opp_topics_of, r.id, &topics, &n) != 0)
		goto fail;
	v.topics = arena_calloc(a, n ? n : 1, sizeof(*v.topics));
	for (size_t i = 0; v.topics != NULL && i < n; i++)
		v.topics[v.topics_count++] =
			(struct actor_tag_link){arena_printf(a, "/opportunities?topic=%s",
							     text_url_encode(a, topics[i].key)),
						actor_tag_label(&topics[i], lang)};
	if (v.topics_count == 0)
		v.topics = NULL;
	int may = opp_may_post(ctx, r.organisation_id);
	if (may < 0)
		goto fail;
	v.can_edit = may == 1;
	v.edit_href = arena_printf(a, "/opportunities/%lld/edit", (long long)r.id);
	if (v.platform) {
		v.sees_replies = v.can_edit;
		v.can_reply = ctx->user != NULL && !v.archived && !v.can_edit;
		if (ctx->user == NULL)
			v.login_href = app_login_href(
				req, arena_printf(a, "/opportunities/%lld", (long long)r.id));
		if ((v.sees_replies && load_replies(req, ctx, &v) != 0) ||
		    (ctx->user != NULL && !v.can_edit && load_mine(req, ctx, &v) != 0))
			goto fail;
		/* Only a logged-in reader gets the form: a visitor's page sets no cookie
		 * and so stays in the page cache. */
		if (ctx->user != NULL)
			v.csrf = app_csrf(req, resp);
		v.reply_body = reply_body != NULL ? reply_body : "";
		if (reply_problem != NULL) {
			struct field_problem one = {"reply_body", reply_problem};
			v.reply_error = tr(ctx->lang, reply_problem);
			v.problem_list.errors = app_form_errors(req, ctx->lang, &one, 1);
			v.problem_list.errors_count = 1;
		} else if (notice != NULL && strcmp(notice, "replied") == 0) {
			v.notice = tr(ctx->lang, N_("Your reply is sent to the organisation."));
		}
	}
	if (notice != NULL && strcmp(notice, "saved") == 0)
		v.notice = tr(ctx->lang, N_("The opportunity is saved."));
	app_layout(req, resp, &v.layout, N_("Opportunities"), "/opportunities");
	v.layout.title = r.title;
	struct tpl_out out = app_html(req, resp, status);
	tpl_opp_page(&out, &v);
	return;
fail:
	app_error(req, resp, 503, NULL);
}

void opp_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	page_render(req, resp, ctx, NULL, NULL, 200);
}

void opp_reply(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct opp_row r;
	struct arena *a = &req->arena;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	int found = opp_row_load(ctx->db, a, STMT_opp_get, req->params[0], &r);
	if (found != 1) {
		(void)app_found(req, resp, found, N_("There is no such opportunity."));
		return;
	}
	if (r.link[0] != '\0') {
		app_error(req, resp, 409,
			  N_("This opportunity takes replies at its own link, not here."));
		return;
	}
	if (!opp_open(r.closes_at, ctx->now)) {
		app_error(req, resp, 409,
			  N_("The deadline of this opportunity has passed: it takes no more "
			     "replies."));
		return;
	}
	int may = opp_may_post(ctx, r.organisation_id);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (!app_allowed(req, resp, ctx, may == 0,
			 N_("The organisation's own representatives do not reply to its "
			    "opportunities.")))
		return;
	const char *body_in = http_form(req, "reply_body");
	const char *problem = NULL;
	const char *body = opp_reply_check(a, body_in, &problem);
	if (body == NULL) {
		page_render(req, resp, ctx, body_in, problem, 422);
		return;
	}
	const char *key = arena_printf(a, "opp-reply:%lld", (long long)ctx->user->id);
	if (key == NULL || app_rate_exceeded(ctx, key, OPP_REPLIES_PER_DAY, 86400)) {
		app_error(req, resp, 429,
			  N_("You have sent many replies today. Please try again tomorrow."));
		return;
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_reply_add);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, r.id);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_text(st, 3, body);
	db_bind_i64(st, 4, ctx->now);
	int64_t id;
	if (db_run(st, &id) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, arena_printf(a, "/opportunities/%lld?notice=replied#reply-heading",
					 (long long)r.id));
}

void opps_feed(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct app_site site;
	struct arena *a = &req->arena;
	struct feed_entry *e = arena_calloc(a, OPP_FEED_ENTRIES, sizeof(*e));
	struct db_stmt *st = db_stmt(ctx->db, STMT_opp_feed);
	size_t n = 0;
	int rc;

	if (e == NULL || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_site(req, &site);
	db_bind_i64(st, 1, ctx->now);
	db_bind_i64(st, 2, OPP_FEED_ENTRIES);
	while ((rc = db_step(st)) == DB_ROW && n < OPP_FEED_ENTRIES) {
		struct feed_entry *x = &e[n++];
		int64_t id = db_col_i64(st, 0);
		x->id = arena_printf(a, "opportunity:%lld", (long long)id);
		x->href = arena_printf(a, "/opportunities/%lld", (long long)id);
		x->title = db_col_dup(st, 1, a);
		x->summary = arena_printf(a, "%s · %s · %s %s\n\n%s",
					  tr(ctx->lang, opp_kind_label(db_col_text(st, 7))),
					  db_col_text(st, 6), tr(ctx->lang, N_("Deadline:")),
					  db_col_text(st, 8),
					  feed_shorten(a, db_col_text(st, 2), OPP_FEED_SUMMARY));
		x->lang = db_col_dup(st, 3, a);
		x->published = db_col_i64(st, 4);
		x->updated = db_col_i64(st, 5);
		x->author = db_col_dup(st, 6, a);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	feed_send(req, resp, ctx, &site, "opportunities",
		  arena_printf(a, "%s – %s", tr(ctx->lang, N_("New opportunities")),
			       tr(ctx->lang, N_("Open Innovation City"))),
		  "/opportunities.atom", "/opportunities", e, n);
}
