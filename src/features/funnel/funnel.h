/*
 * funnel.h - what the funnel's handlers share: keyset cursors, form
 * helpers, topics, the discussion under a challenge or an idea, the
 * notifications written with each event, and re-rendering a page with
 * the problem of a form that was sent from it.
 *
 * Handlers: challenges.c (challenge list, page, admin forms, phase job),
 * ideas.c (idea forms, page, support, status, idea box), comments.c
 * (discussion), notify.c (notifications).  Rules come from
 * domain/funnel.h; nothing here decides what is allowed on its own.
 */
#ifndef OIC_WEB_FUNNEL_H
#define OIC_WEB_FUNNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "features/funnel/rules.h"
#include "app/app.h"

enum {
	FUNNEL_PAGE_IDEAS = 20,		/* ideas per page */
	FUNNEL_PAGE_CHALLENGES = 12,	/* challenges per page */
	FUNNEL_PAGE_COMMENTS = 20,	/* top-level comments per page */
	FUNNEL_MAX_REPLIES = 600,	/* replies shown under one page */
	FUNNEL_PAGE_NOTIFICATIONS = 25, /* notifications per page */
	FUNNEL_MAX_TOPICS = 100,	/* curated topics offered in forms */
	FUNNEL_RANDOM_MAX_PAGE = 500,	/* random order: deepest offset page */
};

/* ---- small helpers (funnel_util.c) ---- */

/* A positive decimal id; false for anything else. */
bool funnel_parse_id(const char *s, int64_t *out);

/*
 * Keyset cursors travel as "KEY_ID" in a query parameter.  Integer keys
 * and double keys (the trend) are both written so they read back exactly.
 */
struct funnel_cursor {
	bool set;
	int64_t key;
	double dkey;
	int64_t id;
};

/* Parse a cursor; an absent or malformed one leaves c->set false. */
void funnel_cursor_parse(const char *s, bool is_double, struct funnel_cursor *c);

/* "KEY_ID" for an integer or a double key, in arena a. */
char *funnel_cursor_i64(struct arena *a, int64_t key, int64_t id);
char *funnel_cursor_double(struct arena *a, double key, int64_t id);

/*
 * All values of a repeated form field (checkboxes), at most max; returns
 * how many were stored in out.
 */
size_t funnel_form_all(const struct http_request *req, const char *name, const char **out,
		       size_t max);

/* Whether the client asked for JSON (Accept: application/json). */
bool funnel_wants_json(const struct http_request *req);

/* The viewer's role, or NULL when anonymous (for domain/funnel.h). */
const enum role *funnel_role(const struct app_ctx *ctx);

/* The viewer's id, 0 when anonymous (binds as "nobody"). */
int64_t funnel_user_id(const struct app_ctx *ctx);

/* "/account/login?next=<path>" for links that ask to log in first. */
const char *funnel_login_href(struct http_request *req, const char *path);

/* Form errors for the summary at the top of a form, from problems. */
struct form_error *funnel_form_errors(struct http_request *req, enum lang lang,
				      const struct field_problem *p, size_t n);

/* The message for a field among problems (translated), or NULL. */
const char *funnel_problem_for(enum lang lang, const struct field_problem *p, size_t n,
			       const char *field);

/* ---- topics (funnel_util.c) ---- */

struct funnel_topic {
	int64_t id;
	const char *slug;
	const char *name; /* in the request's language */
};

/* Load topics with statement id (one query): all, or of a challenge/idea. */
int funnel_topics_load(struct http_request *req, struct app_ctx *ctx, enum stmt_id id,
		       int64_t owner, struct funnel_topic **out, size_t *count);

/* Checkboxes for topics, checked where the id is in checked[]; NULL for none. */
struct check_option *funnel_topic_checks(struct http_request *req,
					 const struct funnel_topic *topics, size_t n,
					 const int64_t *checked, size_t checked_n);

/* Chips (slug, name) for showing topics; NULL for none ({{#if}} hides them). */
struct topic_chip *funnel_topic_chips(struct http_request *req, const struct funnel_topic *t,
				      size_t n);

/* ---- idea lists (ideas.c) ---- */

/*
 * Load a page of ideas of a challenge (0: the open idea box) in the
 * order the query asks for ("order": new, supported, trending, discussed,
 * random; "after" or "page" for the page): one query.  base_path is the
 * page's path for the order and page links.  The random order keeps a
 * seed per visitor in a cookie (set on resp) and in its links.
 */
int ideas_list_load(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		    int64_t challenge_id, const char *base_path, struct idea_list *out);

/* Follow or unfollow (type, id) for the user, counter included. */
int funnel_follow_toggle(struct app_ctx *ctx, const char *type, int64_t id, bool *now_following);

/* ---- the discussion (comments.c) ---- */

/* What a discussion is about (comments.subject_type). */
enum comment_subject {
	COMMENT_ON_CHALLENGE,
	COMMENT_ON_IDEA,
	COMMENT_ON_PROJECT,
	COMMENT_SUBJECT__COUNT,
};

/* "challenge", "idea" or "project": the stored subject_type. */
const char *comment_subject_type(enum comment_subject subject);

/* A comment form that came back with a problem, shown where it was sent. */
struct comment_problem {
	int64_t parent_id;   /* the reply form under this comment; 0: top-level */
	int64_t edit_id;     /* the edit form of this comment; 0: none */
	const char *message; /* translated */
	const char *body;    /* what was sent, kept */
};

/*
 * Load a page of the discussion about (subject, subject_id) into
 * sec: top-level comments after the "comments_after" cursor of the query,
 * with all their replies; two queries whatever the size.  base_path is
 * the page's path (for page links); closed (a msgid or NULL) says why
 * nobody may comment.  problem may be NULL.
 */
int comments_load(struct http_request *req, struct app_ctx *ctx, enum comment_subject subject,
		  int64_t subject_id, const char *base_path, const char *closed,
		  const struct comment_problem *problem, struct comment_section *sec);

/* ---- pages that forms come back to (challenges.c, ideas.c, projects.c) ---- */

/* Render a pilot project's page with status; problem may be NULL. */
void project_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		    int64_t id, int status, const struct comment_problem *problem);

/* Render the challenge page with status; problem may be NULL. */
void challenge_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      int64_t id, int status, const struct comment_problem *problem);

/* What came back to the idea page from one of its forms. */
struct idea_page_problem {
	const struct comment_problem *comment;
	const char *support;	  /* translated */
	const char *status;	  /* translated */
	const char *status_value; /* the status that was chosen */
	const char *answer;	  /* the answer that was sent */
	const struct team_problem *team;
};

/* ---- the team of an idea (coauthors.c) ---- */

/* A team form that came back with a problem. */
struct team_problem {
	const char *message; /* translated */
	const char *who;     /* what was typed into the invite form, or NULL */
	bool invite_form;    /* show it at the invite form (else above the team) */
};

/*
 * Fill the idea page's team section (one query): the co-authors, the
 * viewer's own open invitation and what the viewer may do.  author_id
 * and author are the original author's (0/NULL when gone).  problem may
 * be NULL.  0, or -1 when the store failed.
 */
int coauthors_load(struct http_request *req, struct app_ctx *ctx, int64_t idea_id,
		   int64_t author_id, const char *author, bool hidden,
		   const struct team_problem *problem, struct idea_team *team);

/* Render the idea page with status; problem may be NULL. */
void idea_render(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		 int64_t id, int status, const struct idea_page_problem *problem);

/* ---- notifications (notify.c), inside the caller's transaction ---- */

/*
 * Notify the followers of (followed_type, followed_id), except the actor
 * and except_user (0: nobody), of kind about (subject_type, subject_id),
 * optionally a comment; and count them unread.  DB_OK or an error.
 */
int notify_followers(struct db *db, int64_t actor, const char *followed_type, int64_t followed_id,
		     const char *kind, const char *subject_type, int64_t subject_id,
		     int64_t comment_id, int64_t except_user, int64_t now);

/* Notify one user (not the actor) and count it unread. */
int notify_user(struct db *db, int64_t user, int64_t actor, const char *kind,
		const char *subject_type, int64_t subject_id, int64_t comment_id, int64_t now);

/* A status change: the idea's authors, co-authors and followers. */
int notify_idea_people(struct db *db, int64_t actor, int64_t idea_id, int64_t now);

/*
 * Comment comment_id on a pilot project: its followers, the authors and
 * co-authors of its idea and the authors of its status updates, except
 * the actor and except_user (0: nobody).
 */
int notify_project_people(struct db *db, int64_t actor, int64_t project_id, int64_t comment_id,
			  int64_t except_user, int64_t now);

/* ---- pictures (uploads.c) ---- */

/*
 * Check, re-encode and store an uploaded picture of the logged-in user.
 * 0 with *id set; 1 with *problem (a msgid) when the file is refused;
 * -1 when the store or the image library failed.
 */
int uploads_store_image(struct http_request *req, struct app_ctx *ctx, const struct http_file *f,
			int64_t *id, const char **problem);

/* 1 when id is a stored picture, 0 when not, -1 on a store error. */
int uploads_image_exists(struct app_ctx *ctx, int64_t id);

/* ---- the phase scheduler (challenges.c) ---- */

/*
 * Job "funnel.phases": move every challenge whose phase date has passed
 * on to the phase that is due.  Idempotent; 0 or -1 to retry.
 */
int funnel_phases_job(struct db *db, const char *payload, int64_t now);

/*
 * Queue a run of the phase job at `at` (0: none), inside the caller's
 * transaction; the job's key is made in arena a.
 */
int funnel_phases_schedule(struct db *db, struct arena *a, int64_t at);

#endif
