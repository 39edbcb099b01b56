/*
 * internal.h - what the funnel's handlers share, and no other feature
 * reads: page sizes, topics, idea lists, follows, the pages that forms come
 * back to with a problem, the idea's team, pictures and the phase job.
 *
 * Handlers: challenges.c (challenge list, page, admin forms, phase job),
 * ideas.c (idea forms, page, support, status, idea box), coauthors.c (the
 * team), attachments.c and covers.c (PDFs, cover pictures), uploads.c
 * (pictures), topics.c (topics, follows), subjects.c (challenges and ideas
 * as subjects of the discussion), support_batch.c (group commit of
 * supports).  Rules come from rules.h, team_rules.h, attachment_rules.h;
 * nothing here decides what is allowed on its own.
 */
#ifndef OIC_FUNNEL_INTERNAL_H
#define OIC_FUNNEL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "app/forms.h"
#include "features/discussion/discussion.h"
#include "features/funnel/funnel.h"
#include "features/notifications/notifications.h"

enum {
	FUNNEL_PAGE_IDEAS = 20,	      /* ideas per page */
	FUNNEL_PAGE_CHALLENGES = 12,  /* challenges per page */
	FUNNEL_MAX_TOPICS = 100,      /* curated topics offered in forms */
	FUNNEL_RANDOM_MAX_PAGE = 500, /* random order: deepest offset page */
};

/* ---- topics (topics.c) ---- */

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

/* ---- pages that forms come back to (challenges.c, ideas.c) ---- */

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
