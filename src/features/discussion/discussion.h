/*
 * discussion.h - the discussion under any subject: comments with three
 * levels of replies, edits, deletion, votes (comments.c).
 *
 * Subjects register themselves instead of being called by name: a feature
 * whose pages carry a discussion lists it in its subjects.def,
 *
 *   SUBJECT(enum name, comments.subject_type, path of its pages,
 *           check, render, notify, counter statement, counter sets updated)
 *
 * and the build collects every subjects.def into features_subjects.def in
 * the order of FEATURES.  check says whether a comment may be written
 * there (0, an HTTP status, or -1), render shows the subject's page again
 * with a comment form's problem (422), notify tells people of a new comment
 * inside the writing transaction.  So discussion depends on no feature
 * that has a discussion; they depend on it.
 */
#ifndef OIC_DISCUSSION_DISCUSSION_H
#define OIC_DISCUSSION_DISCUSSION_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"

enum {
	DISCUSSION_PAGE_COMMENTS = 20, /* top-level comments per page */
	DISCUSSION_MAX_REPLIES = 600,  /* replies shown under one page */
};

/* A comment form that came back with a problem, shown where it was sent. */
struct comment_problem {
	int64_t parent_id;   /* the reply form under this comment; 0: top-level */
	int64_t edit_id;     /* the edit form of this comment; 0: none */
	const char *message; /* translated */
	const char *body;    /* what was sent, kept */
};

/* Whether a comment may be written on subject id: 0, an HTTP status
 * (with *why, a msgid, or NULL), or -1 when the store failed. */
typedef int subject_check_fn(struct app_ctx *ctx, int64_t id, const char **why);

/* Render the subject's page with a comment form's problem (422). */
typedef void subject_render_fn(struct http_request *req, struct http_response *resp,
			       struct app_ctx *ctx, int64_t id, const struct comment_problem *cp);

/* Tell people of comment comment_id on (type, id), except the actor and
 * except_user, in the caller's transaction.  DB_OK or an error. */
typedef int subject_notify_fn(struct db *db, const char *type, int64_t actor, int64_t id,
			      int64_t comment_id, int64_t except_user, int64_t now);

/* What a discussion is about: one per SUBJECT of the features. */
enum comment_subject {
#define SUBJECT(name, type, path, check, render, notify, counter, touches) name,
#include "features_subjects.def"
#undef SUBJECT
	COMMENT_SUBJECT__COUNT,
};

/* The subjects' functions, declared from their SUBJECT lines. */
#define SUBJECT(name, type, path, check, render, notify, counter, touches) \
	subject_check_fn check;                                            \
	subject_render_fn render;                                          \
	subject_notify_fn notify;
#include "features_subjects.def"
#undef SUBJECT

/* The stored subject_type of a subject: "challenge", "idea", "project". */
const char *comment_subject_type(enum comment_subject subject);

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

/*
 * Moderation, inside the caller's transaction (the office's queue): hide
 * a comment with a public reason shown in its place; restore it, or let
 * a comment held for review through (counted and announced then, as if
 * it had just been written).  0, or -1 on a store error.
 */
int discussion_comment_hide(struct db *db, int64_t id, const char *reason);
int discussion_comment_restore(struct db *db, struct arena *a, int64_t id, int64_t now);

/*
 * Move the discussion of (subject, from) to (subject, to), inside the
 * caller's transaction: every comment with its replies and votes (their
 * ids, threads and times stay, so links to a comment still find it under
 * its new subject).  The subjects' counters are the caller's.  *moved
 * (may be NULL) gets how many comments moved.  DB_OK or an error.
 */
int discussion_move(struct db *db, enum comment_subject subject, int64_t from, int64_t to,
		    int64_t *moved);

/* A notify function for subjects whose news goes to their followers. */
subject_notify_fn discussion_notify_followers;

#endif
