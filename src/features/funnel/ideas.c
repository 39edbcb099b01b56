/*
 * ideas.c - ideas: submitting one to a challenge or to the open idea box
 * (with a preview step that shows similar ideas, and suggestions while
 * typing for browsers with JavaScript), the idea page with its status,
 * official answer, supports and discussion, supporting (toggled, with
 * the challenge's limit), official answers by admins, hiding by
 * moderators, following, and the lists of ideas in five orders.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/secure.h"
#include "base/text.h"
#include "templates.h"
#include "view/markdown.h"
#include "features/funnel/attachments.h"
#include "app/json.h"
#include "features/funnel/internal.h"
#include "features/funnel/support_batch.h"

enum { SIMILAR_MAX = 5 };

/* ---- lists ---- */

enum idea_order { ORDER_NEW, ORDER_SUPPORTED, ORDER_TRENDING, ORDER_DISCUSSED, ORDER_RANDOM };

static const struct {
	const char *id;
	const char *label;
	enum stmt_id in_challenge;
	enum stmt_id in_box;
} orders[] = {
	[ORDER_NEW] = {"new", N_("Newest"), STMT_idea_list_new, STMT_idea_box_new},
	[ORDER_SUPPORTED] = {"supported", N_("Most supported"), STMT_idea_list_supported,
			     STMT_idea_box_supported},
	[ORDER_TRENDING] = {"trending", N_("Trending"), STMT_idea_list_trending,
			    STMT_idea_box_trending},
	[ORDER_DISCUSSED] = {"discussed", N_("Most discussed"), STMT_idea_list_discussed,
			     STMT_idea_box_discussed},
	[ORDER_RANDOM] = {"random", N_("Random"), STMT_idea_list_random, STMT_idea_box_random},
};
enum { ORDER_COUNT = sizeof(orders) / sizeof(orders[0]) };

/* Card columns of FUNNEL_IDEA_CARD. */
enum {
	CARD_ID,
	CARD_TITLE,
	CARD_STATUS,
	CARD_LANG,
	CARD_SUPPORTS,
	CARD_COMMENTS,
	CARD_CREATED,
	CARD_IMAGE,
	CARD_TREND,
	CARD_AUTHOR,
	CARD_SUPPORTED,
	CARD_HIDDEN,
};

static const char *status_label(enum lang lang, const char *id, const char **id_out)
{
	enum idea_status s = IDEA_SUBMITTED;
	idea_status_parse(id, &s);
	*id_out = idea_status_table[s].id;
	return tr(lang, idea_status_table[s].label);
}

/*
 * The visitor's seed for the random order: from the link (so that pages
 * of one listing agree), else the cookie, else a new one kept in a cookie
 * for a day.
 */
static int64_t random_seed(struct http_request *req, struct http_response *resp)
{
	int64_t seed;
	const char *q = http_query(req, "seed");
	const char *cookie = http_cookie(req, "oic_seed");

	if (app_parse_id(q, &seed))
		return seed;
	if (app_parse_id(cookie, &seed))
		return seed;
	uint64_t r;
	secure_random(&r, sizeof(r));
	seed = (int64_t)(r >> 2) + 1; /* positive, 62 bits */
	char *c = arena_printf(&req->arena, "oic_seed=%lld; Path=/; Max-Age=86400; SameSite=Lax%s",
			       (long long)seed, req->tls ? "; Secure" : "");
	if (c != NULL)
		http_add_header(resp, "Set-Cookie", c);
	return seed;
}

int ideas_list_load(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		    int64_t challenge_id, const char *base_path, struct idea_list *out)
{
	enum idea_order order = ORDER_NEW;
	const char *order_in = http_query(req, "order");
	struct app_cursor cur;
	int64_t seed = 0, page = 1;
	int rc;

	for (int i = 0; order_in != NULL && i < ORDER_COUNT; i++)
		if (strcmp(order_in, orders[i].id) == 0)
			order = (enum idea_order)i;
	app_cursor_parse(http_query(req, "after"), order == ORDER_TRENDING, &cur);
	if (order == ORDER_RANDOM) {
		seed = random_seed(req, resp);
		const char *p = http_query(req, "page");
		if (!app_parse_id(p, &page) || page > FUNNEL_RANDOM_MAX_PAGE)
			page = 1;
	}
	out->orders = arena_calloc(&req->arena, ORDER_COUNT, sizeof(*out->orders));
	out->cards = arena_calloc(&req->arena, FUNNEL_PAGE_IDEAS, sizeof(*out->cards));
	if (out->orders == NULL || out->cards == NULL)
		return -1;
	for (int i = 0; i < ORDER_COUNT; i++) {
		struct choice_link *l = &out->orders[out->orders_count++];
		l->label = tr(ctx->lang, orders[i].label);
		l->href = arena_printf(&req->arena, "%s?order=%s#ideas", base_path, orders[i].id);
		l->current = i == (int)order ? "true" : NULL;
	}

	struct db_stmt *st =
		db_stmt(ctx->db, challenge_id ? orders[order].in_challenge : orders[order].in_box);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, challenge_id);
	db_bind_i64(st, 2, app_user_id(ctx));
	db_bind_i64(st, 3, funnel_may(app_role(ctx), FUNNEL_MODERATE) ? 1 : 0);
	if (order == ORDER_RANDOM) {
		struct funnel_random r = funnel_random_params(seed);
		db_bind_i64(st, 4, r.mult);
		db_bind_i64(st, 5, r.add);
		db_bind_i64(st, 6, r.mult2);
		db_bind_i64(st, 7, FUNNEL_PAGE_IDEAS + 1);
		db_bind_i64(st, 8, (page - 1) * FUNNEL_PAGE_IDEAS);
	} else {
		if (order == ORDER_TRENDING)
			db_bind_double(st, 4, cur.set ? cur.dkey : 1.7976931348623157e308);
		else
			db_bind_i64(st, 4, cur.set ? cur.key : INT64_MAX);
		db_bind_i64(st, 5, cur.set ? cur.id : INT64_MAX);
		db_bind_i64(st, 6, FUNNEL_PAGE_IDEAS + 1);
	}
	bool more = false;
	int64_t last_key = 0;
	double last_trend = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (out->cards_count == FUNNEL_PAGE_IDEAS) {
			more = true;
			break;
		}
		struct idea_card *c = &out->cards[out->cards_count++];
		c->id = db_col_i64(st, CARD_ID);
		c->title = db_col_dup(st, CARD_TITLE, &req->arena);
		c->status = status_label(ctx->lang, db_col_text(st, CARD_STATUS), &c->status_id);
		c->lang = db_col_dup(st, CARD_LANG, &req->arena);
		c->supports = db_col_i64(st, CARD_SUPPORTS);
		c->comments = db_col_i64(st, CARD_COMMENTS);
		c->created = db_col_i64(st, CARD_CREATED);
		c->has_image = !db_col_null(st, CARD_IMAGE);
		c->image_id = c->has_image ? db_col_i64(st, CARD_IMAGE) : 0;
		c->author = db_col_null(st, CARD_AUTHOR) ? NULL
							 : db_col_dup(st, CARD_AUTHOR, &req->arena);
		c->supported = db_col_i64(st, CARD_SUPPORTED) != 0;
		c->hidden = db_col_i64(st, CARD_HIDDEN) != 0;
		last_trend = db_col_double(st, CARD_TREND);
		last_key = order == ORDER_NEW	      ? c->created
			   : order == ORDER_SUPPORTED ? c->supports
						      : c->comments;
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (out->cards_count == 0)
		out->cards = NULL;
	const struct idea_card *last = out->cards ? &out->cards[out->cards_count - 1] : NULL;
	if (order == ORDER_RANDOM) {
		if (more)
			out->next_href = arena_printf(
				&req->arena, "%s?order=random&seed=%lld&page=%lld#ideas", base_path,
				(long long)seed, (long long)page + 1);
		if (page > 1)
			out->first_href =
				arena_printf(&req->arena, "%s?order=random&seed=%lld#ideas",
					     base_path, (long long)seed);
	} else {
		if (more && last != NULL) {
			const char *c =
				order == ORDER_TRENDING
					? app_cursor_double(&req->arena, last_trend, last->id)
					: app_cursor_i64(&req->arena, last_key, last->id);
			out->next_href = arena_printf(&req->arena, "%s?order=%s&after=%s#ideas",
						      base_path, orders[order].id, c ? c : "");
		}
		if (cur.set)
			out->first_href = arena_printf(&req->arena, "%s?order=%s#ideas", base_path,
						       orders[order].id);
	}
	return 0;
}

void ideas_box(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_box_view v;

	memset(&v, 0, sizeof(v));
	v.ideas.empty = tr(ctx->lang, N_("No ideas yet. Be the first!"));
	if (ideas_list_load(req, resp, ctx, 0, "/ideas", &v.ideas) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	app_layout(req, resp, &v.layout, N_("Open idea box"), "/challenges");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_idea_box(&out, &v);
}

/* ---- submitting ---- */

/* The challenge an idea goes to (0: the idea box). */
struct idea_target {
	int64_t id;
	const char *title;
	const char *lang;
	enum challenge_phase phase;
	int64_t deadline;
};

/*
 * Load and check the target of a new idea; answers the request itself
 * (login, 404, 403) and returns false when the idea cannot go there.
 */
static bool idea_target(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t challenge_id, struct idea_target *t)
{
	memset(t, 0, sizeof(*t));
	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return false;
	}
	if (challenge_id == 0)
		return true;
	struct db_stmt *st = db_stmt(ctx->db, STMT_challenge_title);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	db_bind_i64(st, 1, challenge_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		t->id = challenge_id;
		t->title = db_col_dup(st, 0, &req->arena);
		if (!phase_parse(db_col_text(st, 1), &t->phase))
			t->phase = PHASE_DRAFT;
		t->lang = db_col_dup(st, 2, &req->arena);
		t->deadline = db_col_null(st, 3) ? 0 : db_col_i64(st, 3);
	}
	db_reset(st);
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	if (rc != DB_ROW || !challenge_visible(t->phase, app_role(ctx))) {
		app_error(req, resp, 404, N_("This challenge does not exist."));
		return false;
	}
	if (!challenge_accepts_ideas(t->phase, t->deadline, ctx->now)) {
		app_error(req, resp, 403,
			  N_("This challenge is not open for ideas (any more). Its ideas and "
			     "discussion stay visible."));
		return false;
	}
	return true;
}

/* Up to SIMILAR_MAX ideas whose titles share a word with title. */
static int load_similar(struct http_request *req, struct app_ctx *ctx, int64_t challenge_id,
			const char *title, struct similar_item **out, size_t *count)
{
	char *words[FUNNEL_SIMILAR_WORDS];
	size_t n = funnel_title_words(&req->arena, title, words, FUNNEL_SIMILAR_WORDS);
	int rc;

	*out = NULL;
	*count = 0;
	if (n == 0)
		return 0;
	struct db_stmt *st =
		db_stmt(ctx->db, challenge_id ? STMT_idea_similar : STMT_idea_similar_box);
	*out = arena_calloc(&req->arena, SIMILAR_MAX, sizeof(**out));
	if (st == NULL || *out == NULL)
		return -1;
	db_bind_i64(st, 1, challenge_id);
	for (size_t i = 0; i < FUNNEL_SIMILAR_WORDS; i++)
		db_bind_text(st, 2 + (int)i,
			     i < n ? arena_printf(&req->arena, "%%%s%%", words[i]) : "");
	db_bind_i64(st, 6, SIMILAR_MAX);
	while ((rc = db_step(st)) == DB_ROW && *count < SIMILAR_MAX) {
		struct similar_item *s = &(*out)[(*count)++];
		s->id = db_col_i64(st, 0);
		s->title = db_col_dup(st, 1, &req->arena);
		s->supports = db_col_i64(st, 2);
		s->lang = db_col_dup(st, 3, &req->arena);
	}
	db_reset(st);
	if (*count == 0)
		*out = NULL;
	return rc < 0 ? -1 : 0;
}

static void render_idea_form(struct http_request *req, struct http_response *resp,
			     struct app_ctx *ctx, const struct idea_target *t,
			     struct idea_form_view *v, const int64_t *topics, size_t topics_n,
			     const struct field_problem *problems, size_t n, int status)
{
	struct funnel_topic *all;
	size_t all_n = 0;

	v->csrf = app_csrf(req, resp);
	v->challenge_id = t->id;
	v->challenge_title = t->title;
	v->challenge_lang = t->lang;
	v->action =
		t->id ? arena_printf(&req->arena, "/challenges/%lld/ideas/new", (long long)t->id)
		      : "/ideas/new";
	v->similar_url =
		t->id ? arena_printf(&req->arena, "/ideas/similar?challenge=%lld", (long long)t->id)
		      : "/ideas/similar";
	v->problem_list.errors = n ? app_form_errors(req, ctx->lang, problems, n) : NULL;
	v->problem_list.errors_count = n;
	v->title_error = app_problem_for(ctx->lang, problems, n, "title");
	v->body_error = app_problem_for(ctx->lang, problems, n, "body");
	v->lat_error = app_problem_for(ctx->lang, problems, n, "lat");
	v->lon_error = app_problem_for(ctx->lang, problems, n, "lon");
	v->address_error = app_problem_for(ctx->lang, problems, n, "address");
	v->image_error = app_problem_for(ctx->lang, problems, n, "image");
	v->attachments_error = app_problem_for(ctx->lang, problems, n, "attachments");
	if (funnel_topics_load(req, ctx, STMT_topic_all, 0, &all, &all_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v->topics = all_n ? funnel_topic_checks(req, all, all_n, topics, topics_n) : NULL;
	v->topics_count = all_n;
	app_layout(req, resp, &v->layout, N_("Submit an idea"), "/challenges");
	struct tpl_out out = app_html(req, resp, status);
	tpl_idea_form(&out, v);
}

static void idea_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      int64_t challenge_id)
{
	struct idea_target t;
	struct idea_form_view v;

	if (!idea_target(req, resp, ctx, challenge_id, &t))
		return;
	memset(&v, 0, sizeof(v));
	render_idea_form(req, resp, ctx, &t, &v, NULL, 0, NULL, 0, 200);
}

void idea_new_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_form(req, resp, ctx, req->params[0]);
}

void idea_box_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_form(req, resp, ctx, 0);
}

/* A new idea of challenge counted and its followers told, in the caller's transaction. */
static int idea_announced(struct db *db, int64_t challenge, int64_t author, int64_t id, int64_t now)
{
	if (notify_followers(db, author, "challenge", challenge, "new_idea", "idea", id, 0, 0,
			     now) != DB_OK)
		return -1;
	struct db_stmt *st = db_stmt(db, STMT_challenge_ideas_inc);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, challenge);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

/*
 * Write the idea, its topics, follow, counter and notifications; an idea
 * held for review is written hidden, and counted and announced only when
 * a moderator lets it through (funnel_idea_restore).
 */
static int idea_insert(struct app_ctx *ctx, const struct idea_target *t,
		       const struct idea_fields *f, int64_t image_id,
		       const struct attachment_set *attachments, const int64_t *topics,
		       size_t topics_n, bool held, int64_t *id)
{
	if (db_begin_write(ctx->db) != DB_OK)
		return -1;
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_insert);
	if (st == NULL)
		goto fail;
	if (t->id)
		db_bind_i64(st, 1, t->id);
	else
		db_bind_null(st, 1);
	db_bind_i64(st, 2, ctx->user->id);
	db_bind_text(st, 3, f->title);
	db_bind_text(st, 4, f->body);
	if (f->has_location) {
		db_bind_double(st, 5, f->lat);
		db_bind_double(st, 6, f->lon);
	} else {
		db_bind_null(st, 5);
		db_bind_null(st, 6);
	}
	db_bind_text(st, 7, f->address);
	if (image_id > 0)
		db_bind_i64(st, 8, image_id);
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, i18n_code(ctx->lang));
	db_bind_i64(st, 10, ctx->now);
	db_bind_i64(st, 11, held);
	if (db_run(st, id) < 0)
		goto fail;
	if (attachments_insert(ctx->db, *id, attachments) != DB_OK)
		goto fail;
	for (size_t i = 0; i < topics_n; i++) {
		st = db_stmt(ctx->db, STMT_idea_topic_add);
		if (st == NULL)
			goto fail;
		db_bind_i64(st, 1, *id);
		db_bind_i64(st, 2, topics[i]);
		if (db_run(st, NULL) < 0)
			goto fail;
	}
	/* Authors follow their idea: they hear of comments and answers. */
	st = db_stmt(ctx->db, STMT_follow_insert);
	if (st == NULL)
		goto fail;
	db_bind_i64(st, 1, ctx->user->id);
	db_bind_text(st, 2, "idea");
	db_bind_i64(st, 3, *id);
	db_bind_i64(st, 4, ctx->now);
	if (db_run(st, NULL) < 0)
		goto fail;
	if (!held && t->id && idea_announced(ctx->db, t->id, ctx->user->id, *id, ctx->now) != 0)
		goto fail;
	if (db_commit(ctx->db) != DB_OK)
		goto fail;
	return 0;
fail:
	log_warn("idea insert failed: %s", db_errmsg(ctx->db));
	db_rollback(ctx->db);
	return -1;
}

static void idea_submit(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			int64_t challenge_id)
{
	struct idea_target t;
	struct idea_form_view v;
	struct idea_fields f;
	struct field_problem problems[FUNNEL_MAX_PROBLEMS + 2]; /* + picture, attachments */
	struct attachment_set attachments;
	const char *values[FUNNEL_MAX_TOPICS];
	int64_t topics[FUNNEL_MAX_TOPICS];
	size_t topics_n = 0;

	if (!idea_target(req, resp, ctx, challenge_id, &t))
		return;
	struct idea_input in = {
		.title = http_form(req, "title"),
		.body = http_form(req, "body"),
		.lat = http_form(req, "lat"),
		.lon = http_form(req, "lon"),
		.address = http_form(req, "address"),
	};
	size_t tv = app_form_all(req, "topics", values, FUNNEL_MAX_TOPICS);
	for (size_t i = 0; i < tv; i++)
		if (app_parse_id(values[i], &topics[topics_n]))
			topics_n++;
	memset(&v, 0, sizeof(v));
	v.title = in.title;
	v.body = in.body;
	v.lat = in.lat;
	v.lon = in.lon;
	v.address = in.address;
	size_t n = idea_check(&req->arena, &in, &f, problems);
	/*
	 * The picture first: once stored it travels through the preview and
	 * any corrections as an id, so nobody has to choose it twice.
	 */
	const struct http_file *file = http_file(req, "image");
	const char *kept = http_form(req, "image_id");
	const char *image_problem = NULL;
	int64_t image_id = 0;
	int rc = 0;
	if (file != NULL && file->len > 0) {
		rc = uploads_store_image(req, ctx, file, &image_id, &image_problem);
	} else if (kept != NULL && kept[0] != '\0') {
		rc = app_parse_id(kept, &image_id) ? uploads_image_exists(ctx, image_id) : 0;
		if (rc == 0) {
			image_id = 0;
			image_problem =
				N_("The picture is no longer available. Please choose it again.");
		}
	}
	if (rc < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (image_problem != NULL) {
		problems[n].field = "image";
		problems[n].message = image_problem;
		n++;
	}
	v.image_id = image_id;
	/* PDFs likewise: once stored they travel as ids (attachments.c). */
	const char *attachments_problem = NULL;
	if (attachments_from_form(req, ctx, &attachments, &attachments_problem) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (attachments_problem != NULL) {
		problems[n].field = "attachments";
		problems[n].message = attachments_problem;
		n++;
	}
	v.attachments = attachments_form_items(req, ctx, &attachments);
	v.attachments_count = attachments.count;
	bool api = app_is_api(req);
	if (n > 0 && api) {
		/* The API names the first problem; the form shows them all. */
		app_error(req, resp, 422, problems[0].message);
		return;
	}
	if (n > 0) {
		render_idea_form(req, resp, ctx, &t, &v, topics, topics_n, problems, n, 422);
		return;
	}
	const char *step = http_form(req, "step");
	if (!api && (step == NULL || strcmp(step, "submit") != 0)) {
		/* The preview: the text as it will look, and ideas like it. */
		v.preview = true;
		v.preview_body = markdown_render(&req->arena, f.body, 4);
		if (load_similar(req, ctx, t.id, f.title, &v.similar, &v.similar_count) != 0) {
			app_error(req, resp, 503, NULL);
			return;
		}
		render_idea_form(req, resp, ctx, &t, &v, topics, topics_n, NULL, 0, 200);
		return;
	}
	/* A title or text with one of the moderators' held words waits for them. */
	const char *word = NULL;
	const char *words = arena_printf(&req->arena, "%s\n%s", f.title, f.body);
	int held = words ? app_held_word(ctx->db, &req->arena, words, &word) : -1;
	int64_t id = 0;
	if (held < 0 ||
	    idea_insert(ctx, &t, &f, image_id, &attachments, topics, topics_n, held, &id) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *url = arena_printf(&req->arena, "/ideas/%lld", (long long)id);
	if (api)
		app_api_created(resp, id, url, held != 0);
	else
		http_redirect(resp, url);
}

void idea_new(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_submit(req, resp, ctx, req->params[0]);
}

void idea_box_new(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_submit(req, resp, ctx, 0);
}

/* GET /ideas/similar?title=...&challenge=N: suggestions as JSON. */
void idea_similar(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t challenge_id = 0;
	struct similar_item *items = NULL;
	size_t n = 0;
	const char *title = http_query(req, "title");
	const char *challenge = http_query(req, "challenge");

	if (challenge != NULL && !app_parse_id(challenge, &challenge_id)) {
		app_error(req, resp, 400, N_("This page link is broken."));
		return;
	}
	/* The words of a draft title, never more than a title holds. */
	if (title != NULL && strlen(title) <= 4 * IDEA_TITLE_MAX &&
	    load_similar(req, ctx, challenge_id, title, &items, &n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	json_t *arr = json_array();
	for (size_t i = 0; arr != NULL && i < n; i++) {
		char *url = arena_printf(&req->arena, "/ideas/%lld", (long long)items[i].id);
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)items[i].id,
				       "title", items[i].title, "lang", items[i].lang, "supports",
				       (json_int_t)items[i].supports, "url", url ? url : ""));
	}
	app_json(resp, 200, arr ? json_pack("{s:o}", "items", arr) : NULL,
		 "application/json; charset=utf-8", 0, "no-store");
}

/* ---- the idea page ---- */

struct idea_row {
	int64_t id, challenge_id, author_id, answered_at, image_id, supports, comments, followers,
		created, limit, deadline, used, merged_into, merged_from;
	const char *title, *body, *status_id, *answer, *address, *lang, *author, *challenge_title,
		*challenge_lang;
	enum challenge_phase phase;
	enum idea_status status;
	bool has_location, hidden, held, supported, following, has_image;
	const char *hide_reason;
	double lat, lon;
};

/* 1 found, 0 not, -1 store error. */
static int load_idea(struct http_request *req, struct app_ctx *ctx, int64_t id, struct idea_row *r)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_get);
	if (st == NULL)
		return -1;
	memset(r, 0, sizeof(*r));
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, app_user_id(ctx));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = id;
		r->challenge_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		r->author_id = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
		r->title = db_col_dup(st, 3, &req->arena);
		r->body = db_col_dup(st, 4, &req->arena);
		if (!idea_status_parse(db_col_text(st, 5), &r->status))
			r->status = IDEA_SUBMITTED;
		r->answer = db_col_null(st, 6) ? NULL : db_col_dup(st, 6, &req->arena);
		r->answered_at = db_col_null(st, 7) ? 0 : db_col_i64(st, 7);
		r->has_location = !db_col_null(st, 8) && !db_col_null(st, 9);
		r->lat = db_col_double(st, 8);
		r->lon = db_col_double(st, 9);
		r->address = db_col_null(st, 10) ? NULL : db_col_dup(st, 10, &req->arena);
		r->has_image = !db_col_null(st, 11);
		r->image_id = r->has_image ? db_col_i64(st, 11) : 0;
		r->lang = db_col_dup(st, 12, &req->arena);
		r->hidden = db_col_i64(st, 13) != 0;
		r->supports = db_col_i64(st, 14);
		r->comments = db_col_i64(st, 15);
		r->followers = db_col_i64(st, 16);
		r->created = db_col_i64(st, 17);
		r->author = db_col_null(st, 18) ? NULL : db_col_dup(st, 18, &req->arena);
		r->challenge_title = db_col_null(st, 19) ? NULL : db_col_dup(st, 19, &req->arena);
		r->phase = PHASE_OPEN;
		if (r->challenge_id != 0 && !phase_parse(db_col_text(st, 20), &r->phase))
			r->phase = PHASE_DRAFT;
		r->challenge_lang = db_col_null(st, 21) ? NULL : db_col_dup(st, 21, &req->arena);
		r->limit = db_col_null(st, 22) ? 0 : db_col_i64(st, 22);
		r->deadline = db_col_null(st, 23) ? 0 : db_col_i64(st, 23);
		r->supported = db_col_i64(st, 24) != 0;
		r->following = db_col_i64(st, 25) != 0;
		r->used = db_col_i64(st, 26);
		r->held = db_col_i64(st, 27) != 0;
		r->hide_reason = db_col_null(st, 28) ? NULL : db_col_dup(st, 28, &req->arena);
		r->merged_into = db_col_i64(st, 29);
		r->merged_from = db_col_i64(st, 30);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Hidden ideas and ideas of drafts exist only for those who may see them. */
static bool idea_visible(const struct app_ctx *ctx, const struct idea_row *r)
{
	/* A held idea also for its author, who is told it waits for review. */
	if (r->hidden && !funnel_may(app_role(ctx), FUNNEL_MODERATE) &&
	    !(r->held && r->author_id == app_user_id(ctx)))
		return false;
	return r->challenge_id == 0 || challenge_visible(r->phase, app_role(ctx));
}

/* The idea of the route, visible to the viewer; answers 404/503 itself. */
static bool idea_of_route(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
			  int64_t id, struct idea_row *r)
{
	int found = load_idea(req, ctx, id, r);
	if (found < 0) {
		app_error(req, resp, 503, NULL);
		return false;
	}
	if (found == 0 || !idea_visible(ctx, r)) {
		app_error(req, resp, 404, N_("This idea does not exist."));
		return false;
	}
	return true;
}

/* The ideas merged into idea id, for its page (one query). */
static int merged_from_load(struct http_request *req, struct app_ctx *ctx, int64_t id,
			    struct idea_view *v)
{
	enum { MERGED_SHOWN = 50 };
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_merged_from);
	int rc;

	v->merged_from = arena_calloc(&req->arena, MERGED_SHOWN, sizeof(*v->merged_from));
	if (st == NULL || v->merged_from == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, MERGED_SHOWN);
	while ((rc = db_step(st)) == DB_ROW && v->merged_from_count < MERGED_SHOWN) {
		struct merged_item *m = &v->merged_from[v->merged_from_count++];
		m->id = db_col_i64(st, 0);
		m->title = db_col_dup(st, 1, &req->arena);
		m->lang = db_col_dup(st, 2, &req->arena);
	}
	db_reset(st);
	if (v->merged_from_count == 0)
		v->merged_from = NULL;
	return rc < 0 ? -1 : 0;
}

void idea_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		 int64_t id, int status, const struct idea_page_problem *problem)
{
	struct idea_view v;
	struct idea_row r;
	struct funnel_topic *topics;
	size_t topic_n = 0;

	/*
	 * An idea the moderators hid is not silently gone: its page says so,
	 * with their public reason in its place (410), to everyone who could
	 * see it before.
	 */
	int found = load_idea(req, ctx, id, &r);
	if (found == 1 && !idea_visible(ctx, &r) && r.hidden && !r.held &&
	    (r.challenge_id == 0 || challenge_visible(r.phase, app_role(ctx)))) {
		struct idea_hidden_view h = {.id = r.id, .hide_reason = r.hide_reason};
		app_layout(req, resp, &h.layout, N_("Idea hidden"), "/challenges");
		struct tpl_out out = app_html(req, resp, 410);
		tpl_idea_hidden(&out, &h);
		return;
	}
	if (found < 0 || found == 0 || !idea_visible(ctx, &r)) {
		app_error(req, resp, found < 0 ? 503 : 404,
			  found < 0 ? NULL : N_("This idea does not exist."));
		return;
	}
	/*
	 * A merged idea lives on in the one it was merged into: old links,
	 * bookmarks and search results lead there.  301, because a merge is
	 * final (idea_status_change_ok) and so is the new address; a form
	 * sent to the merged idea still gets this page with its refusal.
	 */
	if (r.status == IDEA_MERGED && r.merged_into != 0 && status == 200 &&
	    (req->method == HTTP_GET || req->method == HTTP_HEAD)) {
		http_redirect(resp,
			      arena_printf(&req->arena, "/ideas/%lld", (long long)r.merged_into));
		resp->status = 301;
		return;
	}
	memset(&v, 0, sizeof(v));
	v.id = r.id;
	v.merged_into = r.merged_into;
	if (r.merged_from > 0 && merged_from_load(req, ctx, r.id, &v) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.title = r.title;
	v.lang = r.lang;
	v.body = markdown_render(&req->arena, r.body, 2);
	v.author = r.author;
	v.created = r.created;
	v.status = tr(ctx->lang, idea_status_table[r.status].label);
	v.status_id = idea_status_table[r.status].id;
	v.answer = r.answer;
	v.answered_at = r.answered_at;
	v.challenge_id = r.challenge_id;
	v.challenge_title = r.challenge_title;
	v.challenge_lang = r.challenge_lang;
	v.has_location = r.has_location;
	if (r.has_location) {
		v.lat = arena_printf(&req->arena, "%.5f", r.lat);
		v.lon = arena_printf(&req->arena, "%.5f", r.lon);
	}
	v.address = r.address;
	v.has_image = r.has_image;
	v.image_id = r.image_id;
	v.supports = r.supports;
	v.supported = r.supported;
	v.logged_in = ctx->user != NULL;
	v.login_href = app_login_href(req, req->path);
	v.csrf = ctx->user != NULL ? app_csrf(req, resp) : NULL;
	v.following = r.following;
	v.followers = r.followers;
	v.hidden = r.hidden && !r.held;
	v.held = r.held;
	v.hide_reason = r.hide_reason;
	v.can_moderate = funnel_may(app_role(ctx), FUNNEL_MODERATE) && !r.held;
	v.can_report = ctx->user != NULL && r.author_id != ctx->user->id && !r.hidden;

	struct support_state ss = {
		.in_challenge = r.challenge_id != 0,
		.phase = r.phase,
		.hidden = r.hidden,
		.merged = r.status == IDEA_MERGED,
		.already = r.supported,
		.used = r.used,
		.limit = r.limit,
	};
	enum support_verdict verdict = support_decide(&ss);
	v.can_support =
		ctx->user != NULL && (verdict == SUPPORT_ADD || verdict == SUPPORT_WITHDRAW);
	if (ctx->user != NULL && !v.can_support && support_refusal(verdict) != NULL)
		v.support_note = tr(ctx->lang, support_refusal(verdict));
	else if (ctx->user == NULL && verdict == SUPPORT_CLOSED)
		v.support_note = tr(ctx->lang, support_refusal(verdict));
	if (problem != NULL) {
		v.support_error = problem->support;
		v.status_error = problem->status;
		v.answer_value = problem->answer;
	}

	if (funnel_may(app_role(ctx), FUNNEL_SET_IDEA_STATUS)) {
		v.status_options =
			arena_calloc(&req->arena, IDEA_STATUS__COUNT, sizeof(*v.status_options));
		for (int s = 0; v.status_options != NULL && s < IDEA_STATUS__COUNT; s++) {
			/* Merged only with the idea it merges into: the merge page. */
			if (s == IDEA_MERGED ||
			    !idea_status_change_ok(r.status, (enum idea_status)s))
				continue;
			bool chosen = problem != NULL && problem->status_value != NULL &&
				      strcmp(problem->status_value, idea_status_table[s].id) == 0;
			v.status_options[v.status_options_count++] = (struct field_option){
				idea_status_table[s].id, tr(ctx->lang, idea_status_table[s].label),
				chosen};
		}
		v.can_set_status = v.status_options_count > 0;
		v.can_merge = funnel_may(app_role(ctx), FUNNEL_MERGE_IDEAS) &&
			      idea_status_change_ok(r.status, IDEA_MERGED);
	}

	if (coauthors_load(req, ctx, r.id, r.author_id, r.author, r.hidden,
			   problem ? problem->team : NULL, &v.team) != 0 ||
	    funnel_topics_load(req, ctx, STMT_topic_of_idea, r.id, &topics, &topic_n) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.topics = funnel_topic_chips(req, topics, topic_n);
	v.topics_count = topic_n;
	if (attachments_load(req, ctx, r.id, &v.attachments, &v.attachments_count) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *path = arena_printf(&req->arena, "/ideas/%lld", (long long)r.id);
	const char *closed = r.hidden ? N_("This idea has been hidden by the moderators, so it "
					   "cannot be commented on.")
				      : NULL;
	if (path == NULL || comments_load(req, ctx, COMMENT_ON_IDEA, r.id, path, closed,
					  problem ? problem->comment : NULL, &v.comments) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	v.comments.total = r.comments;
	app_layout(req, resp, &v.layout, N_("Idea"), "/challenges");
	v.layout.title = r.title;
	struct tpl_out out = app_html(req, resp, status);
	tpl_idea_page(&out, &v);
}

void idea_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	idea_render(req, resp, ctx, req->params[0], 200, NULL);
}

/* ---- supporting ---- */

static void support_json(struct http_response *resp, int status, const char *code,
			 const char *message, bool supported, int64_t supports)
{
	json_t *j = code ? json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message)
			 : json_pack("{s:b,s:I}", "supported", supported, "supports",
				     (json_int_t)supports);
	app_json(resp, status, j, "application/json; charset=utf-8", 0, "no-store");
}

/*
 * The answer to a toggle once it is committed (or refused, or failed):
 * on the HTTP thread, either right after support_toggle_alone() or when
 * the group committer resumes the parked request (support_batch.c).
 */
static void support_answer(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, const struct support_toggle *t)
{
	bool json = app_wants_json(req);

	if (t->elsewhere)
		ctx->queries_elsewhere += t->queries;
	if (t->rc != DB_OK)
		goto fail;
	switch (t->outcome) {
	case SUPPORT_NOT_FOUND:
		if (json)
			support_json(resp, 404, "not_found",
				     tr(ctx->lang, N_("This idea does not exist.")), false, 0);
		else
			app_error(req, resp, 404, N_("This idea does not exist."));
		return;
	case SUPPORT_REFUSED: {
		const char *why = tr(ctx->lang, support_refusal(t->verdict));
		if (json) {
			support_json(resp, 422,
				     t->verdict == SUPPORT_LIMIT    ? "limit"
				     : t->verdict == SUPPORT_MERGED ? "merged"
								    : "closed",
				     why, t->supported, 0);
			return;
		}
		if (ctx->db == NULL)
			goto fail;
		struct idea_page_problem p = {.support = why};
		idea_render(req, resp, ctx, t->idea_id, 422, &p);
		return;
	}
	case SUPPORT_TOGGLED:
	case SUPPORT_OUTCOME__MAX: break;
	}
	if (json)
		support_json(resp, 200, NULL, NULL, t->supported, t->supports);
	else
		http_redirect(resp, arena_printf(&req->arena, "/ideas/%lld#support",
						 (long long)t->idea_id));
	return;
fail:
	if (json)
		support_json(resp, 503, "unavailable", tr(ctx->lang, N_("Temporarily unavailable")),
			     false, 0);
	else
		app_error(req, resp, 503, NULL);
}

static void idea_support_committed(struct http_request *req, struct http_response *resp,
				   struct app_ctx *ctx)
{
	support_answer(req, resp, ctx, app_park_arg(ctx));
}

void idea_support(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct support_toggle *t;

	if (ctx->user == NULL) {
		if (app_wants_json(req)) {
			support_json(resp, 401, "login",
				     tr(ctx->lang, N_("Log in to support this idea.")), false, 0);
			return;
		}
		app_require_login(req, resp);
		return;
	}
	t = arena_calloc(&req->arena, 1, sizeof(*t));
	if (t == NULL) {
		resp->status = 500;
		return;
	}
	t->idea_id = req->params[0];
	t->user_id = ctx->user->id;
	t->role = ctx->user->role;
	t->now = ctx->now;
	/* Group commit: answered by idea_support_committed after COMMIT. */
	if (support_toggle_park(req, t, idea_support_committed) == 0)
		return;
	support_toggle_alone(ctx->db, t);
	support_answer(req, resp, ctx, t);
}

/* ---- steering: status, hiding, following ---- */

void idea_set_status(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_row r;
	enum idea_status to;
	const char *problem = NULL;

	if (!app_allowed(req, resp, ctx, funnel_may(app_role(ctx), FUNNEL_SET_IDEA_STATUS),
			 N_("Only the Innovation Office can set the status of an idea.")))
		return;
	if (!idea_of_route(req, resp, ctx, req->params[0], &r))
		return;
	const char *status = http_form(req, "status");
	const char *answer_in = http_form(req, "answer");
	char *answer = idea_answer_check(&req->arena, answer_in, &problem);
	if (!idea_status_parse(status, &to) || !idea_status_change_ok(r.status, to))
		problem = N_("This status cannot follow the current one. Choose one of the "
			     "offered statuses.");
	else if (to == IDEA_MERGED)
		problem = N_("An idea is merged on its merge page, where the idea it merges into "
			     "is chosen.");
	if (problem != NULL) {
		struct idea_page_problem p = {.status = tr(ctx->lang, problem),
					      .status_value = status,
					      .answer = answer_in};
		idea_render(req, resp, ctx, r.id, 422, &p);
		return;
	}
	if (db_begin_write(ctx->db) != DB_OK)
		goto fail;
	int done = funnel_idea_answer(ctx->db, ctx->user->id, r.id, r.status, to, answer, ctx->now);
	if (done < 0)
		goto fail_tx;
	if (done == 0) {
		/* Someone answered in between: show what is there now. */
		db_rollback(ctx->db);
		struct idea_page_problem p = {
			.status = tr(ctx->lang, N_("The status was changed by someone else in the "
						   "meantime. Please check it and try again.")),
			.answer = answer_in};
		idea_render(req, resp, ctx, r.id, 409, &p);
		return;
	}
	char *subject = arena_printf(&req->arena, "idea:%lld", (long long)r.id);
	if (app_audit_change(ctx, "idea.status", subject ? subject : "", "",
			     idea_status_table[r.status].id, idea_status_table[to].id) != 0 ||
	    db_commit(ctx->db) != DB_OK)
		goto fail_tx;
	http_redirect(resp, arena_printf(&req->arena, "/ideas/%lld", (long long)r.id));
	return;
fail_tx:
	db_rollback(ctx->db);
fail:
	app_error(req, resp, 503, NULL);
}

int funnel_idea_status_of(struct db *db, int64_t id, enum idea_status *status)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_status_of);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	bool found = rc == DB_ROW && idea_status_parse(db_col_text(st, 0), status);
	db_reset(st);
	return rc < 0 ? -1 : found;
}

int funnel_idea_answer(struct db *db, int64_t actor, int64_t id, enum idea_status from,
		       enum idea_status to, const char *answer, int64_t now)
{
	/* People first (their rows), then the idea. */
	if (notify_idea_people(db, actor, id, now) != DB_OK)
		return -1;
	struct db_stmt *st = db_stmt(db, STMT_idea_set_status);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_text(st, 2, idea_status_table[to].id);
	db_bind_text(st, 3, answer);
	db_bind_i64(st, 4, now);
	db_bind_text(st, 5, idea_status_table[from].id);
	if (db_run(st, NULL) < 0)
		return -1;
	return db_changes(db) == 1;
}

void idea_hide(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_row r;

	if (!app_allowed(req, resp, ctx, funnel_may(app_role(ctx), FUNNEL_MODERATE),
			 N_("Only moderators can hide ideas.")))
		return;
	if (!idea_of_route(req, resp, ctx, req->params[0], &r))
		return;
	if (r.held) {
		app_error(req, resp, 409,
			  N_("This idea is held for review. Let it through or hide it in the "
			     "moderation queue."));
		return;
	}
	/* The reason is public, shown in the idea's place; optional here. */
	const char *reason = NULL, *problem = NULL;
	const char *typed = http_form(req, "reason");
	if (!r.hidden && typed != NULL && text_trim_dup(&req->arena, typed)[0] != '\0') {
		reason = text_check(&req->arena, typed, FUNNEL_HIDE_REASON_MAX, NULL,
				    N_("The reason can be at most 300 characters long."), &problem);
		if (reason == NULL) {
			app_error(req, resp, 422, problem);
			return;
		}
	}
	struct db_stmt *st = db_stmt(ctx->db, STMT_idea_set_hidden);
	if (db_begin_write(ctx->db) != DB_OK || st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, r.id);
	db_bind_i64(st, 2, r.hidden ? 0 : 1);
	if (reason != NULL)
		db_bind_text(st, 3, reason);
	else
		db_bind_null(st, 3);
	char *subject = arena_printf(&req->arena, "idea:%lld", (long long)r.id);
	if (db_run(st, NULL) < 0) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	if (app_audit_change(ctx, r.hidden ? "idea.show" : "idea.hide", subject ? subject : "", "",
			     r.hidden ? "hidden" : "shown", r.hidden ? "shown" : "hidden") != 0 ||
	    db_commit(ctx->db) != DB_OK) {
		db_rollback(ctx->db);
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, arena_printf(&req->arena, "/ideas/%lld", (long long)r.id));
}

void idea_follow(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct idea_row r;
	bool following;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (!idea_of_route(req, resp, ctx, req->params[0], &r))
		return;
	if (funnel_follow_toggle(ctx, "idea", r.id, &following) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	http_redirect(resp, arena_printf(&req->arena, "/ideas/%lld#support", (long long)r.id));
}

/* ---- moderation ---- */

int funnel_idea_hide(struct db *db, int64_t id, const char *reason)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_set_hidden);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, 1);
	db_bind_text(st, 3, reason);
	return db_run(st, NULL) < 0 ? -1 : 0;
}

int funnel_idea_restore(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_release);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int64_t challenge = db_col_null(st, 0) ? 0 : db_col_i64(st, 0);
		int64_t author = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		db_reset(st);
		return challenge != 0 ? idea_announced(db, challenge, author, id, now) : 0;
	}
	db_reset(st);
	if (rc < 0 || (st = db_stmt(db, STMT_idea_set_hidden)) == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, 0);
	db_bind_null(st, 3);
	return db_run(st, NULL) < 0 ? -1 : 0;
}
