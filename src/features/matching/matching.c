/*
 * matching.c - matchmaking's job and pages: matching.refresh computes
 * the suggestions when something they come from changed (migration
 * 0027's triggers mark matching_state dirty), and replaces them in one
 * transaction; the sections of suggestions on a challenge's page, an
 * actor's page and /account; dismissing one (POST /matching/dismiss) and
 * switching an actor off (POST /matching/optout).
 *
 * The sources of documents (rules.h) and the pairings computed from
 * them are the two tables below: actors (a profile, offers and needs
 * each), open challenges and open opportunities (features/opportunities'
 * tables, read here: the job's one corpus is all of them).
 */
#include "features/matching/matching.h"

#include <math.h>
#include <string.h>

#include "app/forms.h"
#include "app/jobs.h"
#include "base/buf.h"
#include "base/log.h"
#include "features/organisations/organisations.h"

enum source { SRC_PROFILE, SRC_OFFERS, SRC_NEEDS, SRC_CHALLENGES, SRC_OPPORTUNITIES, SRC__COUNT };

/* What is computed: for each subject of a source, the best targets of another. */
static const struct pairing {
	enum source subject_source, target_source;
	const char *subject; /* matching_suggestions.subject */
	const char *kind;
	bool exclude_self;
	size_t keep;
} pairings[] = {
	{SRC_CHALLENGES, SRC_PROFILE, "challenge", "actor", false, 12},
	{SRC_PROFILE, SRC_CHALLENGES, "actor", "challenge", false, 6},
	{SRC_NEEDS, SRC_OFFERS, "actor", "offers", true, 6},
	{SRC_OFFERS, SRC_NEEDS, "actor", "needs", true, 6},
	{SRC_PROFILE, SRC_OPPORTUNITIES, "actor", "opportunity", false, 6},
};

enum {
	KEEP_MAX = 12, /* the most any pairing keeps */
	SHOWN_MAX = 5, /* suggestions a list shows */
	TAGS_PER_ACTOR = 64,
	IDEAS_PER_CHALLENGE = 20, /* as STMT_matching_challenge_ideas keeps */
};
#define MIN_SCORE 0.05

/* Bits of actors.public_fields (features/actors/rules.h). */
enum { PUB_COMPETENCIES = 2, PUB_OFFERS = 4, PUB_NEEDS = 8, PUB_DISTRICT = 16 };

struct doc_ref {
	long doc;
	enum source source;
};

/* Every document loaded: the corpus and, per document, its source. */
struct load {
	struct matching *m;
	struct arena *a;
	struct doc_ref *refs;
	size_t refs_n, refs_cap;
	int64_t now; /* an opportunity is open while closes_at > now */
};

static int add(struct load *l, enum source s, const struct matching_doc *d)
{
	if (d->text == NULL || (d->text[0] == '\0' && d->tags_count == 0))
		return 0;
	long i = matching_add(l->m, s, d);
	if (i < 0)
		return -1;
	if (l->refs_n == l->refs_cap) {
		size_t cap = l->refs_cap ? l->refs_cap * 2 : 256;
		struct doc_ref *r = arena_calloc(l->a, cap, sizeof(*r));
		if (r == NULL)
			return -1;
		if (l->refs_n)
			memcpy(r, l->refs, l->refs_n * sizeof(*r));
		l->refs = r;
		l->refs_cap = cap;
	}
	l->refs[l->refs_n++] = (struct doc_ref){i, s};
	return 0;
}

/*
 * The rows of a second cursor that belong to one document: both are
 * ordered by the document's id, column 0 of the second is it, columns 1
 * and 2 a tag's key and label (or a text and '').  Advances past id; at
 * most max are kept.  c->rc is the cursor's last step (DB_ROW, DB_DONE, or
 * an error the caller checks at the end).
 */
struct children {
	struct db_stmt *st;
	int rc;
};

static size_t children_of(struct children *c, int64_t id, struct arena *a, struct matching_tag *out,
			  size_t max)
{
	size_t n = 0;

	while (c->rc == DB_ROW && db_col_i64(c->st, 0) < id)
		c->rc = db_step(c->st);
	while (c->rc == DB_ROW && db_col_i64(c->st, 0) == id) {
		if (n < max)
			out[n++] = (struct matching_tag){db_col_dup(c->st, 1, a),
							 db_col_dup(c->st, 2, a)};
		c->rc = db_step(c->st);
	}
	return n;
}

static bool children_ok(const struct children *c)
{
	return c->rc == DB_ROW || c->rc == DB_DONE;
}

/* Listed actors who take part: a profile, offers and needs each (public fields only). */
static int load_actors(struct db *db, struct load *l)
{
	struct children tags = {db_stmt(db, STMT_matching_actor_tags), DB_DONE};
	struct db_stmt *st = db_stmt(db, STMT_matching_actors);
	struct matching_tag mine[TAGS_PER_ACTOR];
	int rc;

	if (st == NULL || tags.st == NULL)
		return -1;
	tags.rc = db_step(tags.st);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		unsigned pub = (unsigned)db_col_i64(st, 1);
		size_t n = children_of(&tags, id, l->a, mine, TAGS_PER_ACTOR);
		const char *district = (pub & PUB_DISTRICT) ? db_col_dup(st, 4, l->a) : "";
		const char *offers = (pub & PUB_OFFERS) ? db_col_dup(st, 2, l->a) : "";
		const char *needs = (pub & PUB_NEEDS) ? db_col_dup(st, 3, l->a) : "";
		const char *profile = db_col_dup(st, 5, l->a);
		if (district == NULL || offers == NULL || needs == NULL || profile == NULL ||
		    add(l, SRC_PROFILE, &(struct matching_doc){id, profile, mine, n, district}) !=
			    0 ||
		    (offers[0] != '\0' &&
		     add(l, SRC_OFFERS, &(struct matching_doc){id, offers, mine, n, district}) !=
			     0) ||
		    (needs[0] != '\0' &&
		     add(l, SRC_NEEDS, &(struct matching_doc){id, needs, NULL, 0, district}) !=
			     0)) {
			rc = -1;
			break;
		}
	}
	db_reset(tags.st);
	db_reset(st);
	return rc == DB_DONE && children_ok(&tags) ? 0 : -1;
}

/*
 * Open challenges: what they ask, the titles of their ideas (the best
 * supported 20), and their topics as tags (the topics' slugs are the
 * directory's competence ids where they mean the same: "mobility").
 */
static int load_challenges(struct db *db, struct load *l)
{
	struct children ideas = {db_stmt(db, STMT_matching_challenge_ideas), DB_DONE};
	struct children topics = {db_stmt(db, STMT_matching_challenge_topics), DB_DONE};
	struct db_stmt *st = db_stmt(db, STMT_matching_challenges);
	struct matching_tag tags[TAGS_PER_ACTOR], titles[IDEAS_PER_CHALLENGE];
	int rc;

	if (st == NULL || ideas.st == NULL || topics.st == NULL)
		return -1;
	ideas.rc = db_step(ideas.st);
	topics.rc = db_step(topics.st);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		size_t n = children_of(&topics, id, l->a, tags, TAGS_PER_ACTOR);
		size_t t = children_of(&ideas, id, l->a, titles, IDEAS_PER_CHALLENGE);
		struct buf text;
		buf_init(&text, l->a);
		buf_printf(&text, "%s\n%s\n%s", db_col_text(st, 1), db_col_text(st, 2),
			   db_col_text(st, 3));
		for (size_t i = 0; i < t; i++) {
			buf_putc(&text, '\n');
			buf_puts(&text, titles[i].key ? titles[i].key : "");
		}
		if (text.oom ||
		    add(l, SRC_CHALLENGES,
			&(struct matching_doc){id, buf_cstr(&text), tags, n, ""}) != 0) {
			rc = -1;
			break;
		}
	}
	db_reset(ideas.st);
	db_reset(topics.st);
	db_reset(st);
	return rc == DB_DONE && children_ok(&ideas) && children_ok(&topics) ? 0 : -1;
}

/* Open opportunities: their title and description, their topics as tags. */
static int load_opportunities(struct db *db, struct load *l)
{
	struct children topics = {db_stmt(db, STMT_matching_opportunity_topics), DB_DONE};
	struct db_stmt *st = db_stmt(db, STMT_matching_opportunities);
	struct matching_tag mine[TAGS_PER_ACTOR];
	int rc;

	if (st == NULL || topics.st == NULL)
		return -1;
	db_bind_i64(topics.st, 1, l->now);
	db_bind_i64(st, 1, l->now);
	topics.rc = db_step(topics.st);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);
		size_t n = children_of(&topics, id, l->a, mine, TAGS_PER_ACTOR);
		const char *text =
			arena_printf(l->a, "%s\n%s", db_col_text(st, 1), db_col_text(st, 2));
		if (text == NULL ||
		    add(l, SRC_OPPORTUNITIES, &(struct matching_doc){id, text, mine, n, ""}) != 0) {
			rc = -1;
			break;
		}
	}
	db_reset(topics.st);
	db_reset(st);
	return rc == DB_DONE && children_ok(&topics) ? 0 : -1;
}

/* The sources: a loader each. */
static int (*const loaders[])(struct db *, struct load *) = {load_actors, load_challenges,
							     load_opportunities};

static int store_pairing(struct db *db, struct load *l, const struct pairing *p)
{
	struct matching_hit hits[KEEP_MAX];
	struct matching_reason why[MATCHING_REASONS_MAX];
	struct db_stmt *ins = db_stmt(db, STMT_matching_insert);

	if (ins == NULL)
		return -1;
	for (size_t i = 0; i < l->refs_n; i++) {
		if (l->refs[i].source != p->subject_source)
			continue;
		size_t subject = (size_t)l->refs[i].doc;
		int64_t id = matching_doc_id(l->m, subject);
		long n = matching_top(l->m, subject, p->target_source, p->exclude_self ? id : 0,
				      MIN_SCORE, hits, p->keep);
		if (n < 0)
			return -1;
		struct arena scratch;
		arena_init(&scratch);
		for (long k = 0; k < n; k++) {
			size_t w = matching_explain(l->m, subject, hits[k].doc, why,
						    MATCHING_REASONS_MAX);
			char *reasons = matching_reasons_encode(&scratch, why, w);
			if (reasons == NULL) {
				arena_free(&scratch);
				return -1;
			}
			db_bind_text(ins, 1, p->subject);
			db_bind_i64(ins, 2, id);
			db_bind_text(ins, 3, p->kind);
			db_bind_i64(ins, 4, hits[k].id);
			db_bind_i64(ins, 5, (int64_t)k + 1);
			db_bind_double(ins, 6, hits[k].score);
			db_bind_text(ins, 7, reasons);
			int ran = db_run(ins, NULL);
			if (ran < 0) {
				arena_free(&scratch);
				return -1;
			}
		}
		/* An explanation is written through a buf (4 KiB at least): kept in
		 * l->a, 53,000 of them were 200 MB on the 100,000-idea city. */
		arena_free(&scratch);
	}
	return 0;
}

int matching_refresh_job(struct db *db, const char *payload, int64_t now)
{
	struct arena a;
	struct load l = {0};
	int64_t dirty = 0;
	int rc = -1;

	(void)payload;
	/* Take the mark first: a change while we compute marks it again for the next run. */
	if (db_begin_write(db) != DB_OK)
		return -1;
	struct db_stmt *st = db_stmt(db, STMT_matching_state_lock);
	if (st == NULL || db_run(st, &dirty) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	if (dirty == 0) {
		db_rollback(db);
		return 0;
	}
	st = db_stmt(db, STMT_matching_state_clean);
	if (st == NULL || db_run(st, NULL) < 0 || db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	arena_init(&a);
	l.a = &a;
	l.now = now;
	l.m = matching_new();
	if (l.m == NULL)
		goto out;
	if (db_begin(db) != DB_OK)
		goto out;
	for (size_t i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (loaders[i](db, &l) != 0) {
			db_rollback(db);
			goto out;
		}
	db_rollback(db);
	if (matching_build(l.m) != 0)
		goto out;
	if (db_begin_write(db) != DB_OK)
		goto out;
	st = db_stmt(db, STMT_matching_clear);
	bool ok = st != NULL && db_run(st, NULL) >= 0;
	for (size_t p = 0; ok && p < sizeof(pairings) / sizeof(pairings[0]); p++)
		ok = store_pairing(db, &l, &pairings[p]) == 0;
	st = ok ? db_stmt(db, STMT_matching_state_refreshed) : NULL;
	if (st != NULL) {
		db_bind_i64(st, 1, now);
		ok = db_run(st, NULL) >= 0;
	}
	if (!ok || st == NULL || db_commit(db) != DB_OK) {
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0) {
		log_warn("matching: refreshing the suggestions failed: %s", db_errmsg(db));
		/* Mark it again, so that the retry computes. */
		if (db_begin_write(db) == DB_OK) {
			struct db_stmt *d = db_stmt(db, STMT_matching_state_dirty);
			if (d != NULL && db_run(d, NULL) >= 0)
				db_commit(db);
			else
				db_rollback(db);
		}
	}
	matching_free(l.m);
	arena_free(&a);
	return rc;
}

/* ---- the pages ---- */

static const char *heading_of(const char *kind, bool mine)
{
	if (strcmp(kind, "actor") == 0)
		return N_("Who could help");
	if (strcmp(kind, "challenge") == 0)
		return mine ? N_("Challenges you could help with")
			    : N_("Challenges it could help with");
	if (strcmp(kind, "opportunity") == 0)
		return mine ? N_("Opportunities that fit your profile")
			    : N_("Opportunities that fit its profile");
	if (strcmp(kind, "offers") == 0)
		return mine ? N_("Who offers what you are looking for")
			    : N_("Who offers what it is looking for");
	return mine ? N_("Who is looking for what you offer")
		    : N_("Who is looking for what it offers");
}

static int load_list(struct http_request *req, struct app_ctx *ctx, const char *subject, int64_t id,
		     const char *kind, bool mine, matching_label_fn *label,
		     struct matching_list *out)
{
	struct arena *a = &req->arena;
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_of_subject);
	const char *lang = i18n_code(ctx->lang);
	int rc;

	out->kind = kind;
	out->heading_id = arena_printf(a, "matches-%s", kind);
	out->heading = tr(ctx->lang, heading_of(kind, mine));
	out->items = arena_calloc(a, SHOWN_MAX, sizeof(*out->items));
	if (st == NULL || out->items == NULL || out->heading_id == NULL)
		return -1;
	db_bind_text(st, 1, subject);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, kind);
	db_bind_i64(st, 4, SHOWN_MAX);
	db_bind_i64(st, 5, ctx->now);
	while ((rc = db_step(st)) == DB_ROW && out->items_count < SHOWN_MAX) {
		struct matching_item *it = &out->items[out->items_count++];
		it->target = db_col_i64(st, 0);
		it->score = (int)lround(db_col_double(st, 1) * 100);
		it->why = matching_reasons_text(a, db_col_text(st, 2), lang, label);
		it->name = db_col_dup(st, 3, a);
		it->lang = db_col_dup(st, 4, a);
		it->href = arena_printf(a,
					strcmp(kind, "challenge") == 0	   ? "/challenges/%lld"
					: strcmp(kind, "opportunity") == 0 ? "/opportunities/%lld"
									   : "/actors/%lld",
					(long long)it->target);
		if (it->why == NULL || it->name == NULL || it->lang == NULL || it->href == NULL) {
			rc = -1;
			break;
		}
	}
	db_reset(st);
	return rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

static int fill(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		const char *subject, int64_t id, const char *const *kinds, size_t n, bool mine,
		matching_label_fn *label, struct matching_section *out)
{
	out->subject = subject;
	out->subject_id = id;
	out->lists = arena_calloc(&req->arena, n, sizeof(*out->lists));
	out->back = arena_printf(&req->arena, mine ? "/account" : "/%s/%lld",
				 strcmp(subject, "challenge") == 0 ? "challenges" : "actors",
				 (long long)id);
	if (out->lists == NULL || out->back == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (load_list(req, ctx, subject, id, kinds[i], mine, label, &out->lists[i]) != 0)
			return -1;
		out->shown = out->shown || out->lists[i].items_count > 0;
	}
	out->lists_count = n;
	if (out->can_dismiss || out->can_optout)
		out->csrf = app_csrf(req, resp);
	const char *notice = http_query(req, "notice");
	if (notice != NULL && strcmp(notice, "dismissed") == 0)
		out->notice = tr(ctx->lang, N_("The suggestion is dismissed."));
	else if (notice != NULL && strcmp(notice, "suggestions-off") == 0)
		out->notice = tr(ctx->lang, N_("Suggestions are switched off."));
	else if (notice != NULL && strcmp(notice, "suggestions-on") == 0)
		out->notice = tr(ctx->lang, N_("Suggestions are switched on."));
	/* A notice of what was just done shows even when nothing is left to suggest. */
	out->shown = out->shown || out->can_optout || out->notice != NULL;
	return 0;
}

/* Whether the viewer may act for challenge id: its sponsor's representatives, the office. */
static int may_act_for_challenge(struct app_ctx *ctx, int64_t id, bool *exists)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_challenge_of);
	int64_t sponsor = 0;
	int rc;

	*exists = false;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*exists = strcmp(db_col_text(st, 1), "draft") != 0;
		sponsor = db_col_i64(st, 0);
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (ctx->user == NULL || !*exists)
		return 0;
	if (role_can(ctx->user->role, PERM_MANAGE_CONTENT))
		return 1;
	return sponsor != 0 ? org_represents(ctx->db, sponsor, ctx->user->id) : 0;
}

/* Whether the viewer may act for actor id (as who may edit its entry); *listed set. */
static int may_act_for_actor(struct app_ctx *ctx, int64_t id, bool *exists)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_actor_owner);
	int64_t org = 0, user = 0;
	int rc;

	*exists = false;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		org = db_col_i64(st, 0);
		user = db_col_i64(st, 1);
		*exists = true;
	}
	db_reset(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (ctx->user == NULL || !*exists)
		return 0;
	if (user != 0)
		return user == ctx->user->id;
	if (role_can(ctx->user->role, PERM_MANAGE_CONTENT))
		return 1;
	return org_represents(ctx->db, org, ctx->user->id);
}

static int optout_of(struct app_ctx *ctx, int64_t actor, bool *out)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_optout_of);
	int64_t n = 0;

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, actor);
	if (db_run(st, &n) < 0)
		return -1;
	*out = n > 0;
	return 0;
}

int matching_challenge_section(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx, int64_t id, matching_label_fn *label,
			       struct matching_section *out)
{
	static const char *const kinds[] = {"actor"};
	bool exists;

	memset(out, 0, sizeof(*out));
	int may = may_act_for_challenge(ctx, id, &exists);
	if (may < 0)
		return -1;
	out->can_dismiss = may == 1;
	out->heading_id = "matches";
	out->heading = tr(ctx->lang, N_("Who could help"));
	if (fill(req, resp, ctx, "challenge", id, kinds, 1, false, label, out) != 0)
		return -1;
	out->lists[0].heading = NULL; /* the section's heading says it */
	return 0;
}

int matching_actor_section(struct http_request *req, struct http_response *resp,
			   struct app_ctx *ctx, int64_t id, bool mine, matching_label_fn *label,
			   struct matching_section *out)
{
	static const char *const kinds[] = {"challenge", "opportunity", "offers", "needs"};
	bool exists;

	memset(out, 0, sizeof(*out));
	int may = may_act_for_actor(ctx, id, &exists);
	if (may < 0 || (may == 1 && optout_of(ctx, id, &out->optout) != 0))
		return -1;
	out->can_dismiss = may == 1;
	out->can_optout = may == 1;
	out->heading_id = mine ? "my-suggestions" : "suggestions";
	out->heading = tr(ctx->lang, mine ? N_("Suggestions for me") : N_("Suggestions"));
	return fill(req, resp, ctx, "actor", id, kinds, sizeof(kinds) / sizeof(kinds[0]), mine,
		    label, out);
}

int matching_challenge_json(struct app_ctx *ctx, struct arena *a, int64_t id,
			    matching_label_fn *label, json_t *items)
{
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_of_subject);
	const char *lang = i18n_code(ctx->lang);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, "challenge");
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, "actor");
	db_bind_i64(st, 4, KEEP_MAX);
	db_bind_i64(st, 5, ctx->now);
	while ((rc = db_step(st)) == DB_ROW) {
		struct matching_reason r[MATCHING_REASONS_MAX];
		size_t n = matching_reasons_decode(a, db_col_text(st, 2), r, MATCHING_REASONS_MAX);
		json_t *why = json_array();
		for (size_t i = 0; i < n; i++) {
			const char *w = r[i].tag && label ? label(r[i].key, lang) : NULL;
			json_array_append_new(why, json_string(w ? w : r[i].word));
		}
		json_array_append_new(items, json_pack("{s:I,s:s,s:f,s:o}", "actor",
						       (json_int_t)db_col_i64(st, 0), "name",
						       db_col_text(st, 3), "score",
						       round(db_col_double(st, 1) * 1000) / 1000,
						       "explanation", why));
	}
	db_reset(st);
	return rc == DB_DONE ? 0 : -1;
}

/* ---- the forms ---- */

static bool kind_known(const char *subject, const char *kind)
{
	if (strcmp(subject, "challenge") == 0)
		return strcmp(kind, "actor") == 0;
	return strcmp(kind, "challenge") == 0 || strcmp(kind, "opportunity") == 0 ||
	       strcmp(kind, "offers") == 0 || strcmp(kind, "needs") == 0;
}

/* Where a form returns: the page it came from (a local path), else the subject's. */
static const char *back_to(struct http_request *req, const char *fallback)
{
	const char *b = http_form(req, "back");
	if (b != NULL &&
	    (strcmp(b, "/account") == 0 ||
	     ((strncmp(b, "/actors/", 8) == 0 || strncmp(b, "/challenges/", 12) == 0) &&
	      strspn(b + (b[1] == 'a' ? 8 : 12), "0123456789") ==
		      strlen(b + (b[1] == 'a' ? 8 : 12)))))
		return b;
	return fallback;
}

void matching_dismiss(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	const char *subject = http_form(req, "subject"), *kind = http_form(req, "kind");
	int64_t id, target;
	bool exists;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (subject == NULL || kind == NULL ||
	    (strcmp(subject, "challenge") != 0 && strcmp(subject, "actor") != 0) ||
	    !kind_known(subject, kind) || !app_parse_id(http_form(req, "subject_id"), &id) ||
	    !app_parse_id(http_form(req, "target"), &target)) {
		app_error(req, resp, 400, N_("This form is incomplete."));
		return;
	}
	int may = subject[0] == 'c' ? may_act_for_challenge(ctx, id, &exists)
				    : may_act_for_actor(ctx, id, &exists);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (!exists) {
		app_error(req, resp, 404, NULL);
		return;
	}
	if (!app_allowed(req, resp, ctx, may == 1,
			 N_("Only those the suggestions are shown to can dismiss them.")))
		return;
	struct db_stmt *st = db_stmt(ctx->db, STMT_matching_dismiss);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_text(st, 1, subject);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, kind);
	db_bind_i64(st, 4, target);
	db_bind_i64(st, 5, ctx->now);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *fallback =
		arena_printf(&req->arena, "/%s/%lld", subject[0] == 'c' ? "challenges" : "actors",
			     (long long)id);
	const char *back = back_to(req, fallback);
	http_redirect(resp, arena_printf(&req->arena, "%s?notice=dismissed#%s", back,
					 subject[0] == 'c' ? "matches" : "suggestions"));
}

void matching_optout(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	int64_t id;
	bool exists;

	if (ctx->user == NULL) {
		app_require_login(req, resp);
		return;
	}
	if (!app_parse_id(http_form(req, "actor"), &id)) {
		app_error(req, resp, 400, N_("This form is incomplete."));
		return;
	}
	int may = may_act_for_actor(ctx, id, &exists);
	if (may < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (!exists) {
		app_error(req, resp, 404, NULL);
		return;
	}
	if (!app_allowed(req, resp, ctx, may == 1,
			 N_("Only those who may edit this entry can switch its suggestions off.")))
		return;
	const char *off = http_form(req, "off");
	bool switch_off = off != NULL && strcmp(off, "1") == 0;
	struct db_stmt *st = db_stmt(ctx->db, switch_off ? STMT_matching_optout_add
							 : STMT_matching_optout_remove);
	if (st == NULL) {
		app_error(req, resp, 503, NULL);
		return;
	}
	db_bind_i64(st, 1, id);
	if (switch_off)
		db_bind_i64(st, 2, ctx->now);
	if (db_run(st, NULL) < 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	const char *back = back_to(req, arena_printf(&req->arena, "/actors/%lld", (long long)id));
	http_redirect(resp, arena_printf(&req->arena, "%s?notice=suggestions-%s#%s", back,
					 switch_off ? "off" : "on",
					 strcmp(back, "/account") == 0 ? "my-suggestions"
								       : "suggestions"));
}
