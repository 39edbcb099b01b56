/*
 * actors.c - the directory of actors (/actors) and an actor's page
 * (/actors/{id}); loading and storing an entry (edit.c has the forms).
 *
 * The directory is one table, actors (migration 0021): every
 * organisation's row and the rows of people who saved an entry, with
 * copies of the name and sector the triggers keep.  A page of the
 * directory is two queries whatever the filters: the page itself (its
 * rows carry their competencies) and the districts offered as a filter.
 * It is keyset-paginated by lower(name), then id: the cursor is the id
 * of the last actor shown (?after=ID), whose name the query looks up.
 *
 * What is public: an organisation's every field; of a person who chose
 * to be listed, the name and the fields they ticked (actors.public_fields),
 * nothing else - not in the list, not in a filter (a filter by sector
 * finds only those whose sector is public), not on the page, not in
 * search.  A person who is not listed is a 404.  No e-mail address of a
 * person is ever read here.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "templates.h"
#include "app/app.h"
#include "app/forms.h"
#include "app/sector.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/utf8.h"
#include "features/actors/internal.h"
#include "features/contact/contact.h"
#include "features/matching/matching.h"
#include "features/organisations/organisations.h"
#include "view/markdown.h"

enum {
	ACTORS_PAGE_SIZE = 20,
	ACTORS_DISTRICTS_MAX = 50,    /* districts offered as a filter */
	ACTOR_IDEAS_MAX = 20,	      /* a person's ideas on their page */
	ACTOR_CARD_OFFERS = 160,      /* characters of the offers on a card */
	ACTOR_CARD_TAGS = 6,	      /* competencies on a card */
	ACTOR_OPPORTUNITIES_MAX = 10, /* an organisation's open opportunities on its page */
};

int actor_row_load(struct db *db, struct arena *a, enum stmt_id stmt, int64_t key,
		   struct actor_row *r)
{
	struct db_stmt *st = db_stmt(db, stmt);

	memset(r, 0, sizeof(*r));
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, key);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		r->id = db_col_i64(st, 0);
		r->organisation_id = db_col_i64(st, 1);
		r->user_id = db_col_i64(st, 2);
		r->name = db_col_dup(st, 3, a);
		r->sector = db_col_dup(st, 4, a);
		r->listed = db_col_i64(st, 5) != 0;
		r->public_fields = (unsigned)db_col_i64(st, 6);
		r->offers = db_col_dup(st, 7, a);
		r->needs = db_col_dup(st, 8, a);
		r->district = db_col_dup(st, 9, a);
		r->website = db_col_dup(st, 10, a);
		r->languages = db_col_dup(st, 11, a);
		r->lang = db_col_dup(st, 12, a);
		r->verified_at = db_col_i64(st, 13);
		r->org_website = db_col_dup(st, 14, a);
		r->org_summary = db_col_dup(st, 15, a);
		r->district_key = db_col_dup(st, 16, a);
		if (r->name == NULL || r->sector == NULL || r->offers == NULL || r->needs == NULL ||
		    r->district == NULL || r->website == NULL || r->languages == NULL ||
		    r->lang == NULL || r->org_website == NULL || r->org_summary == NULL ||
		    r->district_key == NULL)
			rc = -1;
	}
	db_reset(st);
	return rc == DB_ROW ? 1 : rc < 0 ? -1 : 0;
}

int actor_tags_read(struct db *db, struct arena *a, enum stmt_id stmt, int64_t id,
		    struct actor_tag **tags, size_t *count)
{
	size_t cap = actor_competences_count + ACTOR_FREE_TAGS_MAX;
	struct db_stmt *st = db_stmt(db, stmt);
	int rc;

	*count = 0;
	*tags = arena_calloc(a, cap, sizeof(**tags));
	if (st == NULL || *tags == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, (int64_t)cap);
	while ((rc = db_step(st)) == DB_ROW && *count < cap) {
		struct actor_tag *t = &(*tags)[(*count)++];
		t->key = db_col_dup(st, 0, a);
		t->label = db_col_dup(st, 1, a);
		t->curated = db_col_i64(st, 2) != 0;
		if (t->key == NULL || t->label == NULL) {
			rc = -1;
			break;
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int actor_tags_load(struct db *db, struct arena *a, int64_t id, struct actor_tag **tags,
		    size_t *count)
{
	return actor_tags_read(db, a, STMT_actor_tags_of, id, tags, count);
}

bool actor_shows(const struct actor_row *r, enum actor_field f)
{
	return r->organisation_id != 0 || (r->public_fields & ACTOR_FIELD_BIT(f)) != 0;
}

int actors_store(struct db *db, struct arena *a, int64_t id, bool listed, unsigned public_fields,
		 const struct actor_profile *p, int64_t now)
{
	int64_t org = 0;
	struct db_stmt *st = db_stmt(db, STMT_actor_get);

	/* An organisation is listed with every field public, whatever the caller said. */
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		org = db_col_i64(st, 1);
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	if (org != 0) {
		listed = true;
		public_fields = ACTOR_FIELDS_ALL;
	}
	const char *words = listed ? actor_search_text(a, public_fields, p) : "";
	st = db_stmt(db, STMT_actor_save);
	if (st == NULL || words == NULL || p->languages == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, listed ? 1 : 0);
	db_bind_i64(st, 3, (int64_t)public_fields);
	db_bind_text(st, 4, p->offers);
	db_bind_text(st, 5, p->needs);
	db_bind_text(st, 6, p->district);
	db_bind_text(st, 7, p->district_key != NULL ? p->district_key : "");
	db_bind_text(st, 8, p->website != NULL ? p->website : "");
	db_bind_text(st, 9, p->languages);
	db_bind_text(st, 10, words);
	db_bind_i64(st, 11, now);
	if (db_run(st, NULL) < 0)
		return -1;
	st = db_stmt(db, STMT_actor_tags_clear);
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	if (db_run(st, NULL) < 0)
		return -1;
	for (size_t i = 0; i < p->tags_count; i++) {
		st = db_stmt(db, STMT_actor_tag_add);
		if (st == NULL)
			return -1;
		db_bind_i64(st, 1, id);
		db_bind_text(st, 2, p->tags[i].key);
		db_bind_text(st, 3, p->tags[i].label);
		db_bind_i64(st, 4, p->tags[i].curated ? 1 : 0);
		if (db_run(st, NULL) < 0)
			return -1;
	}
	return 0;
}

int64_t actors_of_organisation(struct db *db, int64_t org)
{
	struct db_stmt *st = db_stmt(db, STMT_actor_of_organisation);
	int64_t id = 0;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, org);
	int rc = db_run(st, &id);
	return rc < 0 ? -1 : rc == DB_DONE ? 0 : id;
}

int64_t actors_of_person(struct db *db, int64_t user, int64_t now)
{
	struct arena a;
	struct actor_row r;
	int64_t id = -1;

	arena_init(&a);
	int found = actor_row_load(db, &a, STMT_actor_of_user, user, &r);
	if (found == 1) {
		id = r.id;
	} else if (found == 0) {
		struct db_stmt *st = db_stmt(db, STMT_actor_person_create);
		if (st != NULL) {
			db_bind_i64(st, 1, user);
			db_bind_i64(st, 2, now);
			if (db_run(st, &id) != DB_OK)
				id = -1;
		}
	}
	arena_free(&a);
	return id;
}

const char *actor_tag_label(const struct actor_tag *t, const char *lang)
{
	const struct actor_competence *c = t->curated ? actor_competence_by_id(t->key) : NULL;
	return c != NULL ? actor_competence_label(c, lang) : t->label;
}

/* The first max characters of s, cut after a word when one ends in the second half, and "…". */
static const char *shorten(struct arena *a, const char *s, size_t max)
{
	size_t n = strlen(s), chars = 0, i = 0, space = 0;

	while (i < n && chars < max) {
		if (s[i] == ' ' && chars > max / 2)
			space = i;
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (i >= n)
		return s;
	if (space > 0)
		i = space;
	return arena_printf(a, "%.*s…", (int)i, s);
}

/* The filter's options: every sector, the curated competencies, the districts named. */
static int filter_options(struct http_request *req, struct app_ctx *ctx, struct actors_view *v,
			  const char *sector, const char *tag, const char *district)
{
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);

	v->sectors = arena_calloc(a, SECTOR__COUNT + 1, sizeof(*v->sectors));
	v->tags = arena_calloc(a, actor_competences_count + 2, sizeof(*v->tags));
	v->districts = arena_calloc(a, ACTORS_DISTRICTS_MAX + 2, sizeof(*v->districts));
	if (v->sectors == NULL || v->tags == NULL || v->districts == NULL)
		return -1;
	v->sectors[v->sectors_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All sectors")), sector[0] == '\0'};
	for (int s = 0; s < SECTOR__COUNT; s++)
		v->sectors[v->sectors_count++] = (struct field_option){
			sector_table[s].id, tr(ctx->lang, sector_table[s].label),
			strcmp(sector, sector_table[s].id) == 0};
	v->tags[v->tags_count++] =
		(struct field_option){"", tr(ctx->lang, N_("All competencies")), tag[0] == '\0'};
	bool tag_offered = tag[0] == '\0';
	for (size_t i = 0; i < actor_competences_count; i++) {
		const struct actor_competence *c = &actor_competences[i];
		bool sel = strcmp(tag, c->id) == 0;
		tag_offered = tag_offered || sel;
		v->tags[v->tags_count++] =
			(struct field_option){c->id, actor_competence_label(c, lang), sel};
	}
	/* A free tag followed from an actor's page: offered too, as it is written there. */
	if (!tag_offered)
		v->tags[v->tags_count++] = (struct field_option){tag, tag, true};
	qsort(v->tags, v->tags_count, sizeof(*v->tags), app_option_by_label);

	v->districts[v->districts_count++] = (struct field_option){
		"", tr(ctx->lang, N_("All districts and places")), district[0] == '\0'};
	bool district_offered = district[0] == '\0';
	struct db_stmt *st = db_stmt(ctx->db, STMT_actor_districts);
	int rc;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, ACTORS_DISTRICTS_MAX);
	while ((rc = db_step(st)) == DB_ROW && v->districts_count < ACTORS_DISTRICTS_MAX + 1) {
		const char *key = db_col_dup(st, 0, a);
		const char *label = db_col_dup(st, 1, a);
		if (key == NULL || label == NULL) {
			rc = -1;
			break;
		}
		bool sel = strcmp(key, district) == 0;
		district_offered = district_offered || sel;
		v->districts[v->districts_count++] = (struct field_option){key, label, sel};
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!district_offered)
		v->districts[v->districts_count++] =
			(struct field_option){district, district, true};
	qsort(v->districts, v->districts_count, sizeof(*v->districts), app_option_by_label);
	return 0;
}

const char *actor_tag_lines(struct arena *a, const char *lines, const char *lang, size_t max)
{
	struct buf b;
	size_t shown = 0;
	bool more = false;

	if (lines == NULL || lines[0] == '\0')
		return NULL;
	buf_init(&b, a);
	for (int pass = 0; pass < 2; pass++) {
		for (const char *p = lines; *p != '\0';) {
			const char *nl = strchr(p, '\n');
			size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
			bool curated = p[0] == '*';
			char *one = arena_strndup(a, p, len);
			p += len + (nl != NULL);
			if (one == NULL)
				return NULL;
			if (curated != (pass == 0))
				continue;
			if (shown == max) {
				more = true;
				break;
			}
			const struct actor_competence *c =
				curated ? actor_competence_by_id(one + 1) : NULL;
			buf_printf(&b, "%s%s", shown ? " · " : "",
				   c != NULL ? actor_competence_label(c, lang) : one);
			shown++;
		}
	}
	if (more)
		buf_puts(&b, " …");
	return b.oom ? NULL : buf_cstr(&b);
}

/* "q=…&sector=…&tag=…&district=…" of the filters that are set, for the pager. */
static const char *filter_params(struct arena *a, const char *const names[4],
				 const char *const values[4])
{
	struct buf b;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (int i = 0; i < 4; i++)
		if (values[i][0] != '\0')
			buf_printf(&b, "%s%s=%s", b.len ? "&" : "", names[i],
				   text_url_encode(a, values[i]));
	return b.oom ? NULL : buf_cstr(&b);
}

static int load_page(struct http_request *req, struct app_ctx *ctx, struct actors_view *v,
		     const char *sector, const char *tag, const char *district, const char *pattern,
		     int64_t after, int64_t *last, bool *more)
{
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);
	struct db_stmt *st = db_stmt(ctx->db, STMT_actor_list);
	int rc;

	*more = false;
	v->actors = arena_calloc(a, ACTORS_PAGE_SIZE, sizeof(*v->actors));
	if (st == NULL || v->actors == NULL)
		return -1;
	db_bind_text(st, 1, sector);
	db_bind_text(st, 2, tag);
	db_bind_text(st, 3, district);
	db_bind_text(st, 4, pattern);
	db_bind_i64(st, 5, after);
	db_bind_i64(st, 6, ACTORS_PAGE_SIZE + 1);
	while ((rc = db_step(st)) == DB_ROW) {
		if (v->actors_count == ACTORS_PAGE_SIZE) {
			*more = true;
			break;
		}
		struct actor_card *c = &v->actors[v->actors_count++];
		int64_t id = db_col_i64(st, 0);
		unsigned pub = (unsigned)db_col_i64(st, 3);
		bool org = db_col_i64(st, 4) != 0;
		c->href = arena_printf(a, "/actors/%lld", (long long)id);
		c->name = db_col_dup(st, 1, a);
		c->kind = tr(ctx->lang, org ? N_("Organisation") : N_("Person"));
		if (org || (pub & ACTOR_FIELD_BIT(ACTOR_FIELD_SECTOR)))
			c->sector = tr(ctx->lang, sector_label(db_col_text(st, 2)));
		c->verified = org && db_col_i64(st, 5) != 0;
		if ((org || (pub & ACTOR_FIELD_BIT(ACTOR_FIELD_OFFERS))) && db_col_text(st, 6)[0])
			c->offers = shorten(a, db_col_dup(st, 6, a), ACTOR_CARD_OFFERS);
		if ((org || (pub & ACTOR_FIELD_BIT(ACTOR_FIELD_DISTRICT))) && db_col_text(st, 7)[0])
			c->district = db_col_dup(st, 7, a);
		c->lang = db_col_dup(st, 8, a);
		/* The statement gives the competencies only when they are public. */
		c->tags = actor_tag_lines(a, db_col_null(st, 9) ? NULL : db_col_text(st, 9), lang,
					  ACTOR_CARD_TAGS);
		*last = id;
		if (c->name == NULL || c->href == NULL || c->lang == NULL) {
			db_reset(st);
			return -1;
		}
	}
	db_reset(st);
	if (v->actors_count == 0)
		v->actors = NULL;
	return rc < 0 ? -1 : 0;
}

void actors_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct actors_view v;
	struct arena *a = &req->arena;
	const char *q = app_query_filter(req, "q", 4 * ACTOR_QUERY_MAX);
	const char *sector = app_query_filter(req, "sector", 32);
	const char *tag_in = app_query_filter(req, "tag", 4 * ACTOR_TAG_MAX);
	const char *district_in = app_query_filter(req, "district", 4 * ACTOR_DISTRICT_MAX);
	const char *after_text = http_query(req, "after");
	enum sector sec;
	int64_t after = 0, last = 0;
	bool more = false;
	int status = 200;

	memset(&v, 0, sizeof(v));
	if (q == NULL || sector == NULL || tag_in == NULL || district_in == NULL ||
	    (sector[0] != '\0' && !sector_parse(sector, &sec)) ||
	    (after_text != NULL && !app_parse_id(after_text, &after))) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	const char *tag = actor_fold(a, tag_in);
	const char *district = actor_fold(a, district_in);
	const char *pattern = actor_name_pattern(a, q);
	v.q = q;
	if (pattern == NULL) {
		v.q_error = tr(ctx->lang, N_("A name search can have at most 100 characters."));
		pattern = "";
		status = 422;
	}
	if (tag == NULL || district == NULL) {
		app_error(req, resp, 500, NULL);
		return;
	}
	v.filtered = q[0] != '\0' || sector[0] != '\0' || tag[0] != '\0' || district[0] != '\0';
	if (filter_options(req, ctx, &v, sector, tag, district) != 0 ||
	    (status == 200 &&
	     load_page(req, ctx, &v, sector, tag, district, pattern, after, &last, &more) != 0)) {
		app_error(req, resp, 503, NULL);
		return;
	}
	static const char *const names[4] = {"q", "sector", "tag", "district"};
	const char *const values[4] = {q, sector, tag, district};
	const char *params = filter_params(a, names, values);
	if (params != NULL && more)
		v.pager.next_href = arena_printf(a, "/actors?%s%safter=%lld", params,
						 params[0] ? "&" : "", (long long)last);
	if (params != NULL && after != 0)
		v.pager.first_href = arena_printf(a, "/actors%s%s", params[0] ? "?" : "", params);
	app_layout(req, resp, &v.layout, N_("Directory of actors"), "/actors");
	struct tpl_out out = app_html(req, resp, status);
	tpl_actors_list(&out, &v);
}

/* Whether the visitor may edit actor r: 1 yes, 0 no, -1 store error. */
int actor_may_edit(struct app_ctx *ctx, const struct actor_row *r)
{
	if (ctx->user == NULL)
		return 0;
	if (r->user_id != 0)
		return r->user_id == ctx->user->id;
	if (role_can(ctx->user->role, PERM_MANAGE_CONTENT))
		return 1;
	return org_represents(ctx->db, r->organisation_id, ctx->user->id);
}

/* A person's public ideas, with their challenges and projects. */
static int load_ideas(struct http_request *req, struct app_ctx *ctx, int64_t user,
		      struct actor_page_view *v)
{
	struct arena *a = &req->arena;
	struct db_stmt *st = db_stmt(ctx->db, STMT_actor_person_ideas);
	int rc;

	v->ideas = arena_calloc(a, ACTOR_IDEAS_MAX, sizeof(*v->ideas));
	if (st == NULL || v->ideas == NULL)
		return -1;
	db_bind_i64(st, 1, user);
	db_bind_i64(st, 2, ACTOR_IDEAS_MAX);
	while ((rc = db_step(st)) == DB_ROW && v->ideas_count < ACTOR_IDEAS_MAX) {
		struct actor_idea *i = &v->ideas[v->ideas_count++];
		i->href = arena_printf(a, "/ideas/%lld", (long long)db_col_i64(st, 0));
		i->title = db_col_dup(st, 1, a);
		i->lang = db_col_dup(st, 2, a);
		if (db_col_i64(st, 3) != 0) {
			i->challenge_href =
				arena_printf(a, "/challenges/%lld", (long long)db_col_i64(st, 3));
			i->challenge_title = db_col_dup(st, 4, a);
			i->challenge_lang = db_col_dup(st, 5, a);
		}
		if (db_col_i64(st, 6) != 0) {
			i->project_href =
				arena_printf(a, "/projects/%lld", (long long)db_col_i64(st, 6));
			i->project_title = db_col_dup(st, 7, a);
			i->project_lang = db_col_dup(st, 8, a);
		}
	}
	db_reset(st);
	if (v->ideas_count == 0)
		v->ideas = NULL;
	return rc < 0 ? -1 : 0;
}

/* An organisation's open opportunities, and the board filtered by it. */
static int load_opportunities(struct http_request *req, struct app_ctx *ctx, int64_t org,
			      struct actor_page_view *v)
{
	struct arena *a = &req->arena;
	struct db_stmt *st = db_stmt(ctx->db, STMT_actor_opportunities);
	int rc;

	v->opportunities = arena_calloc(a, ACTOR_OPPORTUNITIES_MAX, sizeof(*v->opportunities));
	if (st == NULL || v->opportunities == NULL)
		return -1;
	db_bind_i64(st, 1, org);
	db_bind_i64(st, 2, ctx->now);
	db_bind_i64(st, 3, ACTOR_OPPORTUNITIES_MAX);
	while ((rc = db_step(st)) == DB_ROW && v->opportunities_count < ACTOR_OPPORTUNITIES_MAX) {
		struct actor_opportunity *o = &v->opportunities[v->opportunities_count++];
		o->href = arena_printf(a, "/opportunities/%lld", (long long)db_col_i64(st, 0));
		o->title = db_col_dup(st, 1, a);
		o->deadline = db_col_dup(st, 2, a);
		o->lang = db_col_dup(st, 3, a);
	}
	db_reset(st);
	if (v->opportunities_count == 0)
		v->opportunities = NULL;
	v->opportunities_href = arena_printf(a, "/opportunities?organisation=%lld", (long long)org);
	return rc < 0 ? -1 : 0;
}

/* The names of the languages an actor works in ("de,en" -> "Deutsch, English"). */
static const char *languages_text(struct arena *a, const char *codes)
{
	struct buf b;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (size_t l = 0; l < actor_languages_count; l++) {
		size_t n = strlen(actor_languages[l].code);
		for (const char *p = codes; p != NULL && *p;) {
			if (strncmp(p, actor_languages[l].code, n) == 0 &&
			    (p[n] == ',' || p[n] == '\0'))
				buf_printf(&b, "%s%s", b.len ? ", " : "", actor_languages[l].name);
			p = strchr(p, ',');
			p = p != NULL ? p + 1 : NULL;
		}
	}
	return b.oom || b.len == 0 ? NULL : buf_cstr(&b);
}

const char *actor_competence_label_of(const char *key, const char *lang)
{
	const struct actor_competence *c = actor_competence_by_id(key);
	return c != NULL ? actor_competence_label(c, lang) : NULL;
}

void actor_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct actor_page_view v;
	struct actor_row r;
	struct arena *a = &req->arena;
	const char *lang = i18n_code(ctx->lang);
	int found = actor_row_load(ctx->db, a, STMT_actor_get, req->params[0], &r);

	memset(&v, 0, sizeof(v));
	/* A person who is not listed is not in the directory at all. */
	if (found == 1 && r.organisation_id == 0 && !r.listed)
		found = 0;
	if (!app_found(req, resp, found, N_("There is no such actor in the directory.")))
		return;
	v.id = r.id;
	v.name = r.name;
	v.lang = r.lang;
	v.is_organisation = r.organisation_id != 0;
	v.kind = tr(ctx->lang, v.is_organisation ? N_("Organisation") : N_("Person"));
	if (actor_shows(&r, ACTOR_FIELD_SECTOR))
		v.sector = tr(ctx->lang, sector_label(r.sector));
	if (v.is_organisation) {
		v.verified = r.verified_at != 0;
		v.organisation_href =
			arena_printf(a, "/organisations/%lld", (long long)r.organisation_id);
		v.summary = markdown_render(a, r.org_summary, 2);
	}
	if (actor_shows(&r, ACTOR_FIELD_COMPETENCIES)) {
		struct actor_tag *tags;
		size_t n;
		if (actor_tags_load(ctx->db, a, r.id, &tags, &n) != 0)
			goto fail;
		v.tags = arena_calloc(a, n ? n : 1, sizeof(*v.tags));
		for (size_t i = 0; v.tags != NULL && i < n; i++)
			v.tags[v.tags_count++] = (struct actor_tag_link){
				arena_printf(a, "/actors?tag=%s", text_url_encode(a, tags[i].key)),
				actor_tag_label(&tags[i], lang)};
		if (v.tags_count == 0)
			v.tags = NULL;
	}
	if (actor_shows(&r, ACTOR_FIELD_OFFERS) && r.offers[0])
		v.offers = r.offers;
	if (actor_shows(&r, ACTOR_FIELD_NEEDS) && r.needs[0])
		v.needs = r.needs;
	if (actor_shows(&r, ACTOR_FIELD_DISTRICT) && r.district[0]) {
		v.district = r.district;
		v.district_href =
			arena_printf(a, "/actors?district=%s", text_url_encode(a, r.district_key));
	}
	if (actor_shows(&r, ACTOR_FIELD_WEBSITE)) {
		const char *w = v.is_organisation ? r.org_website : r.website;
		v.website = w[0] ? w : NULL;
	}
	if (actor_shows(&r, ACTOR_FIELD_LANGUAGES))
		v.languages_text = languages_text(a, r.languages);
	v.has_facts = v.district != NULL || v.website != NULL || v.languages_text != NULL;
	if (v.is_organisation) {
		if (org_links_load(ctx->db, a, r.organisation_id, &v.links) != 0 ||
		    load_opportunities(req, ctx, r.organisation_id, &v) != 0)
			goto fail;
	} else if (actor_shows(&r, ACTOR_FIELD_IDEAS)) {
		if (load_ideas(req, ctx, r.user_id, &v) != 0)
			goto fail;
	}
	int may = actor_may_edit(ctx, &r);
	if (may < 0)
		goto fail;
	v.can_edit = may == 1;
	if (contact_actor_form(req, resp, ctx, r.id, r.organisation_id, r.user_id, &v.contact) != 0)
		goto fail;
	v.edit_href = arena_printf(a, "/actors/%lld/edit", (long long)r.id);
	if (matching_actor_section(req, resp, ctx, r.id, false, actor_competence_label_of,
				   &v.matches) != 0)
		goto fail;
	app_layout(req, resp, &v.layout, N_("Directory of actors"), "/actors");
	v.layout.title = r.name;
	struct tpl_out out = app_html(req, resp, 200);
	tpl_actor_page(&out, &v);
	return;
fail:
	app_error(req, resp, 503, NULL);
}
