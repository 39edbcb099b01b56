/*
 * notifications.h - in-app notifications (notify.c): written inside the
 * transaction of the event they tell about, counted unread for the
 * header, listed on /notifications.
 */
#ifndef OIC_NOTIFICATIONS_NOTIFICATIONS_H
#define OIC_NOTIFICATIONS_NOTIFICATIONS_H

#include <stdint.h>

#include "store/db.h"

enum { NOTIFICATIONS_PAGE = 25 /* notifications per page */ };

/* All of these run inside the caller's transaction. */

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

#endif
