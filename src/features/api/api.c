/*
 * api.c - the JSON API under /api/v1, described by the OpenAPI 3.1
 * document static/api/openapi.json (served at /api/v1/openapi.json).
 *
 * Lists are {"items": [...], "next": "<cursor>" | null}: keyset pages by
 * id, the cursor being the last id of the page, opaque to clients.  Errors
 * are {"error": {"code", "message"}} in the Accept-Language of the client
 * (app_error does that for every path under /api/).  Reading is public;
 * writing needs a personal access token (Authorization: Bearer ...) made
 * on /account/tokens.  Cookies are ignored here, so the API needs no CSRF
 * protection.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "features/actors/actors.h"
#include "features/funnel/funnel.h"
#include "features/actors/actors.h"
#include "features/matching/matching.h"
#include "app/app.h"
#include "app/assets.h"
#include "app/json.h"
#include "app/sector.h"

enum { API_LIMIT_DEFAULT = 20, API_LIMIT_MAX = 100 };

/* Send j (reference stolen) as the response body. */
static void api_send(struct http_response *resp, int status, json_t *j)
{
	app_json(resp, status, j, NULL, 0, "no-cache");
}

/* A text column as a JSON string, or null. */
static json_t *col_str(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : json_string(db_col_text(st, col));
}

static json_t *col_int(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : json_integer(db_col_i64(st, col));
}

static json_t *col_real(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null() : json_real(db_col_double(st, col));
}

/* Unix seconds as an RFC 3339 UTC timestamp string. */
static json_t *col_time(struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		return json_null();
	time_t t = (time_t)db_col_i64(st, col);
	struct tm tm;
	char out[32];
	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(out);
}

/* Parse limit and cursor; false (400 sent) when malformed. */
static bool page_params(struct http_request *req, struct http_response *resp, int64_t *cursor,
			int64_t *limit)
{
	const char *c = http_query(req, "cursor");
	const char *l = http_query(req, "limit");
	char *end;

	*cursor = 0;
	*limit = API_LIMIT_DEFAULT;
	if (c != NULL && c[0] != '\0') {
		long long v = strtoll(c, &end, 10);
		if (*end != '\0' || v <= 0) {
			app_error(req, resp, 400, N_("The cursor is not valid."));
			return false;
		}
		*cursor = v;
	}
	if (l != NULL) {
		long long v = strtoll(l, &end, 10);
		if (*end != '\0' || v < 1 || v > API_LIMIT_MAX) {
			app_error(req, resp, 400, N_("The limit must be a number from 1 to 100."));
			return false;
		}
		*limit = v;
	}
	return true;
}

typedef json_t *row_fn(struct db_stmt *st);

/*
 * Run a keyset list statement ($1 cursor, $2 limit + 1, $3 optional
 * parent id) and answer the list.  The id is column 0.
 */
static void api_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		     enum stmt_id id, int64_t parent, row_fn *row)
{
	int64_t cursor, limit, last = 0, count = 0;
	int rc;

	if (!page_params(req, resp, &cursor, &limit))
		return;
	struct db_stmt *st = db_stmt(ctx->db, id);
	json_t *items = json_array();
	if (st == NULL || items == NULL) {
		json_decref(items);
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, cursor);
	db_bind_i64(st, 2, limit + 1);
	if (parent > 0)
		db_bind_i64(st, 3, parent);
	bool more = false;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == limit) {
			more = true;
			break;
		}
		last = db_col_i64(st, 0);
		json_array_append_new(items, row(st));
		count++;
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(items);
		app_error(req, resp, 503, NULL);
		return;
	}
	char next[24];
	snprintf(next, sizeof(next), "%lld", (long long)last);
	api_send(resp, 200,
		 json_pack("{s:o,s:o}", "items", items, "next",
			   more ? json_string(next) : json_null()));
}

/* Run a single-row statement bound to the path id; 404 when absent. */
static struct db_stmt *api_one(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx, enum stmt_id id, const char *not_found)
{
	struct db_stmt *st = db_stmt(ctx->db, id);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return NULL;
	}
	db_bind_i64(st, 1, req->params[0]);
	int rc = db_step(st);
	if (rc == DB_ROW)
		return st;
	db_reset(st);
	app_error(req, resp, rc < 0 ? 503 : 404, rc < 0 ? NULL : not_found);
	return NULL;
}

/* id, title, summary, phase, ideas_count, deadline, created, lang, sponsor */
static json_t *challenge_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
			 (json_int_t)db_col_i64(st, 0), "title", col_str(st, 1), "summary",
			 col_str(st, 2), "phase", col_str(st, 3), "ideas",
			 (json_int_t)db_col_i64(st, 4), "deadline", col_time(st, 5), "created",
			 col_time(st, 6), "lang", col_str(st, 7), "sponsor", col_str(st, 8));
}

/* id, title, status, challenge_id, supports, comments, created, lang */
static json_t *idea_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:I,s:I,s:o,s:o}", "id", (json_int_t)db_col_i64(st, 0),
			 "title", col_str(st, 1), "status", col_str(st, 2), "challenge",
			 col_int(st, 3), "supports", (json_int_t)db_col_i64(st, 4), "comments",
			 (json_int_t)db_col_i64(st, 5), "created", col_time(st, 6), "lang",
			 col_str(st, 7));
}

/* id, parent, depth, deleted, body, author, up, down, created, edited */
static json_t *comment_row(struct db_stmt *st)
{
	bool deleted = db_col_i64(st, 3) != 0;
	return json_pack("{s:I,s:o,s:I,s:b,s:o,s:o,s:I,s:I,s:o,s:o}", "id",
			 (json_int_t)db_col_i64(st, 0), "parent", col_int(st, 1), "depth",
			 (json_int_t)db_col_i64(st, 2), "deleted", deleted, "body",
			 deleted ? json_null() : col_str(st, 4), "author",
			 deleted ? json_null() : col_str(st, 5), "up",
			 (json_int_t)db_col_i64(st, 6), "down", (json_int_t)db_col_i64(st, 7),
			 "created", col_time(st, 8), "edited", col_time(st, 9));
}

/* id, title, summary, status, progress, idea_id, created, lang, responsible */
static json_t *project_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:o}", "id",
			 (json_int_t)db_col_i64(st, 0), "title", col_str(st, 1), "summary",
			 col_str(st, 2), "status", col_str(st, 3), "progress",
			 (json_int_t)db_col_i64(st, 4), "idea", col_int(st, 5), "created",
			 col_time(st, 6), "lang", col_str(st, 7), "responsible", col_str(st, 8));
}

/* Whether an actor's field is public: an organisation's all, a person's as chosen. */
static bool actor_public(struct db_stmt *st, enum actor_field f)
{
	return db_col_i64(st, 1) != 0 || (db_col_i64(st, 4) & ACTOR_FIELD_BIT(f)) != 0;
}

/* A public text field of an actor: the text, or null when empty or not public. */
static json_t *actor_text(struct db_stmt *st, int col, enum actor_field f)
{
	return actor_public(st, f) && db_col_text(st, col)[0] ? col_str(st, col) : json_null();
}

/* Its competencies ("*id" or a label a line) as [{"id", "label"}], the labels in English and German. */
static json_t *actor_competencies(struct db_stmt *st)
{
	json_t *list = json_array();
	const char *p = db_col_text(st, 12);
	while (list != NULL && *p) {
		const char *end = strchr(p, '\n');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		char tag[4 * ACTOR_TAG_MAX + 2];
		if (n < sizeof(tag)) {
			memcpy(tag, p, n);
			tag[n] = '\0';
			const struct actor_competence *c =
				tag[0] == '*' ? actor_competence_by_id(tag + 1) : NULL;
			if (c != NULL)
				json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "id", c->id,
								      "label_de", c->de, "label_en",
								      c->en));
			else if (tag[0] != '*')
				json_array_append_new(list,
						      json_pack("{s:n,s:s,s:s}", "id", "label_de",
								tag, "label_en", tag));
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	return list;
}

/* A language list ("de,en") as ["de", "en"]. */
static json_t *actor_languages_json(const char *codes)
{
	json_t *list = json_array();
	char code[16];
	for (const char *p = codes; list != NULL && *p;) {
		size_t n = strcspn(p, ",");
		if (n > 0 && n < sizeof(code)) {
			memcpy(code, p, n);
			code[n] = '\0';
			json_array_append_new(list, json_string(code));
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return list;
}

/*
 * id, organisation, name, sector, public_fields, offers, needs, district,
 * website, languages, lang, verified, competencies: exactly the public
 * fields (a person's as they chose; null or [] for the others), never an
 * address.
 */
static json_t *actor_json(struct db_stmt *st)
{
	bool org = db_col_i64(st, 1) != 0;
	char url[40];
	snprintf(url, sizeof(url), "/actors/%lld", (long long)db_col_i64(st, 0));
	return json_pack(
		"{s:I,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
		(json_int_t)db_col_i64(st, 0), "kind", org ? "organisation" : "person", "url", url,
		"name", col_str(st, 2), "lang", col_str(st, 10), "verified",
		org && db_col_i64(st, 11) != 0, "sector", actor_text(st, 3, ACTOR_FIELD_SECTOR),
		"competencies",
		actor_public(st, ACTOR_FIELD_COMPETENCIES) ? actor_competencies(st) : json_array(),
		"offers", actor_text(st, 5, ACTOR_FIELD_OFFERS), "needs",
		actor_text(st, 6, ACTOR_FIELD_NEEDS), "district",
		actor_text(st, 7, ACTOR_FIELD_DISTRICT), "website",
		actor_text(st, 8, ACTOR_FIELD_WEBSITE), "languages",
		actor_public(st, ACTOR_FIELD_LANGUAGES) ? actor_languages_json(db_col_text(st, 9))
							: json_array());
}

void api_openapi(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const struct asset *a = assets_by_name("api/openapi.json");
	(void)ctx;
	if (a == NULL) {
		app_error(req, resp, 404, NULL);
		return;
	}
	resp->content_type = "application/json";
	resp->body.data = (char *)a->data;
	resp->body.len = a->len;
	resp->body.cap = 0;
	http_add_header(resp, "Cache-Control", "no-cache");
}

void api_challenges_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	api_list(req, resp, ctx, STMT_api_challenges, 0, challenge_row);
}

void api_challenge_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_challenge,
				     N_("There is no challenge with this number."));
	if (st == NULL)
		return;
	json_t *j = challenge_row(st);
	json_object_set_new(j, "brief", col_str(st, 9));
	json_object_set_new(j, "supports_per_user", col_int(st, 10));
	json_object_set_new(j, "comments", json_integer(db_col_i64(st, 11)));
	db_reset(st);
	api_send(resp, 200, j);
}

void api_challenge_ideas(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	/* 404 for a missing or draft challenge, not an empty list. */
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_challenge,
				     N_("There is no challenge with this number."));
	if (st == NULL)
		return;
	db_reset(st);
	api_list(req, resp, ctx, STMT_api_challenge_ideas, req->params[0], idea_row);
}

/* The actors that could help with a challenge (features/matching): one page, next null. */
void api_challenge_matches(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx)
{
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_challenge,
				     N_("There is no challenge with this number."));
	if (st == NULL)
		return;
	db_reset(st);
	json_t *items = json_array();
	if (matching_challenge_json(ctx, &req->arena, req->params[0], actor_competence_label_of,
				    items) != 0) {
		json_decref(items);
		app_error(req, resp, 503, NULL);
		return;
	}
	api_send(resp, 200, json_pack("{s:o,s:n}", "items", items, "next"));
}

void api_ideas_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	api_list(req, resp, ctx, STMT_api_ideas, 0, idea_row);
}

void api_idea_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st =
		api_one(req, resp, ctx, STMT_api_idea, N_("There is no idea with this number."));
	if (st == NULL)
		return;
	json_t *j = idea_row(st);
	json_object_set_new(j, "body", col_str(st, 8));
	json_object_set_new(j, "official_answer", col_str(st, 9));
	json_t *loc = db_col_null(st, 10)
			      ? json_null()
			      : json_pack("{s:o,s:o,s:o}", "lat", col_real(st, 10), "lon",
					  col_real(st, 11), "address", col_str(st, 12));
	json_object_set_new(j, "location", loc);
	json_object_set_new(j, "author", col_str(st, 13));
	json_object_set_new(j, "updated", col_time(st, 14));
	db_reset(st);
	/* The PDFs, as the idea page lists them (attachments.c). */
	json_t *files = json_array();
	st = db_stmt(ctx->db, STMT_idea_attachments_of);
	if (st == NULL || files == NULL) {
		json_decref(files);
		json_decref(j);
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	db_bind_i64(st, 2, ATTACHMENT_MAX_PER_IDEA);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t upload = db_col_i64(st, 0);
		char url[64];
		snprintf(url, sizeof(url), "/ideas/%lld/attachments/%lld",
			 (long long)req->params[0], (long long)upload);
		json_array_append_new(
			files, json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)upload, "name",
					 db_col_text(st, 1), "type", "application/pdf", "size",
					 (json_int_t)db_col_i64(st, 2), "url", url));
	}
	db_reset(st);
	if (rc < 0) {
		json_decref(files);
		json_decref(j);
		app_error(req, resp, 503, NULL);
		return;
	}
	json_object_set_new(j, "attachments", files);
	api_send(resp, 200, j);
}

void api_idea_comments(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st =
		api_one(req, resp, ctx, STMT_api_idea, N_("There is no idea with this number."));
	if (st == NULL)
		return;
	db_reset(st);
	api_list(req, resp, ctx, STMT_api_idea_comments, req->params[0], comment_row);
}

void api_projects_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	api_list(req, resp, ctx, STMT_api_projects, 0, project_row);
}

void api_project_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_project,
				     N_("There is no project with this number."));
	if (st == NULL)
		return;
	json_t *j = project_row(st);
	json_object_set_new(j, "budget_cents", col_int(st, 9));
	json_object_set_new(j, "results", col_str(st, 10));
	json_object_set_new(j, "updated", col_time(st, 11));
	db_reset(st);
	json_t *ms = json_array();
	st = db_stmt(ctx->db, STMT_api_project_milestones);
	if (st != NULL) {
		db_bind_i64(st, 1, req->params[0]);
		while (db_step(st) == DB_ROW)
			json_array_append_new(ms, json_pack("{s:I,s:o,s:o,s:o}", "id",
							    (json_int_t)db_col_i64(st, 0), "title",
							    col_str(st, 1), "due", col_time(st, 2),
							    "done", col_time(st, 3)));
		db_reset(st);
	}
	json_object_set_new(j, "milestones", ms);
	api_send(resp, 200, j);
}

void api_project_comments(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_project,
				     N_("There is no project with this number."));
	if (st == NULL)
		return;
	db_reset(st);
	api_list(req, resp, ctx, STMT_api_project_comments, req->params[0], comment_row);
}

void api_me(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	if (ctx->user == NULL) {
		app_error(req, resp, 401,
			  N_("Send a personal access token: Authorization: Bearer <token>."));
		return;
	}
	api_send(resp, 200,
		 json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)ctx->user->id, "name",
			   ctx->user->name ? ctx->user->name : "", "role", role_id(ctx->user->role),
			   "sector", ctx->user->sector ? ctx->user->sector : ""));
}

void api_actors_list(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	api_list(req, resp, ctx, STMT_api_actors, 0, actor_json);
}

void api_actor_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = api_one(req, resp, ctx, STMT_api_actor,
				     N_("There is no such actor in the directory."));
	if (st == NULL)
		return;
	json_t *j = actor_json(st);
	db_reset(st);
	api_send(resp, 200, j);
}

/* Lines of a text column as a JSON array of strings ([] for none). */
static json_t *col_lines(struct db_stmt *st, int col)
{
	json_t *a = json_array();
	const char *p = db_col_null(st, col) ? "" : db_col_text(st, col);

	while (a != NULL && *p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p += n + (nl != NULL);
	}
	return a;
}

/*
 * id, kind, title, organisation_id, organisation, sectors (bits),
 * deadline, place, remote, link, lang, created, archived, topics
 */
static json_t *opportunity_row(struct db_stmt *st)
{
	json_t *sectors = json_array();
	unsigned bits = (unsigned)db_col_i64(st, 5);
	const char *link = db_col_text(st, 9);

	for (int s = 0; sectors != NULL && s < SECTOR__COUNT; s++)
		if (bits & (1u << s))
			json_array_append_new(sectors, json_string(sector_table[s].id));
	return json_pack(
		"{s:I,s:o,s:o,s:I,s:o,s:o,s:o,s:o,s:b,s:s,s:o,s:o,s:o,s:b,s:o}", "id",
		(json_int_t)db_col_i64(st, 0), "kind", col_str(st, 1), "title", col_str(st, 2),
		"organisation_id", (json_int_t)db_col_i64(st, 3), "organisation", col_str(st, 4),
		"sectors", sectors, "deadline", col_str(st, 6), "place", col_str(st, 7), "remote",
		db_col_i64(st, 8) != 0, "reply", link[0] ? "link" : "platform", "link",
		link[0] ? json_string(link) : json_null(), "lang", col_str(st, 10), "created",
		col_time(st, 11), "archived", db_col_i64(st, 12) != 0, "topics", col_lines(st, 13));
}

void api_opportunities_list(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx)
{
	const char *archived = http_query(req, "archived");

	if (archived != NULL && strcmp(archived, "0") != 0 && strcmp(archived, "1") != 0) {
		app_error(req, resp, 400, N_("The parameter archived is 0 or 1."));
		return;
	}
	/* $3 is the request's clock: open is closes_at after it. */
	api_list(req, resp, ctx,
		 archived != NULL && archived[0] == '1' ? STMT_api_opportunities_archived
							: STMT_api_opportunities,
		 ctx->now, opportunity_row);
}

void api_opportunity_get(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_api_opportunity);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, req->params[0]);
	db_bind_i64(st, 2, ctx->now);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		app_error(req, resp, rc < 0 ? 503 : 404,
			  rc < 0 ? NULL : N_("There is no such opportunity."));
		return;
	}
	json_t *j = opportunity_row(st);
	json_object_set_new(j, "description", col_str(st, 14));
	json_object_set_new(j, "updated", col_time(st, 15));
	db_reset(st);
	api_send(resp, 200, j);
}
