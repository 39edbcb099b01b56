/*
 * funnel.h - what other features may use of the funnel (challenges,
 * ideas, supports, idea teams, attachments): its rules (phases, idea
 * statuses, who may do what, validation), the rules of attachments,
 * merging a duplicate idea into another (merge.h), and
 * the group committer of supports for the server's start and /metrics.
 * The funnel's handlers share internal.h, which no other feature reads.
 */
#ifndef OIC_FUNNEL_FUNNEL_H
#define OIC_FUNNEL_FUNNEL_H

#include "features/funnel/attachment_rules.h"
#include "features/funnel/merge.h"
#include "features/funnel/rules.h"
#include "features/funnel/support_batch.h"
#include "store/db.h"

/*
 * Moderation, inside the caller's transaction (the office's queue): hide
 * an idea with a public reason shown in its place; restore it, or let an
 * idea held for review through (counted in its challenge and announced to
 * the challenge's followers then).  0, or -1 on a store error.
 */
int funnel_idea_hide(struct db *db, int64_t id, const char *reason);
int funnel_idea_restore(struct db *db, int64_t id, int64_t now);

/*
 * Give idea id the status `to` (from `from`, which the caller checked with
 * idea_status_change_ok) and the official answer, and tell its people,
 * inside the caller's transaction (the audit is the caller's): 1 done, 0
 * when its status is no longer `from` (nothing changed), -1 on a store
 * error.  The idea page's form and the back office's list both use it.
 */
/* The status of idea id: 1 with *status, 0 when there is none, -1 on a store error. */
int funnel_idea_status_of(struct db *db, int64_t id, enum idea_status *status);

int funnel_idea_answer(struct db *db, int64_t actor, int64_t id, enum idea_status from,
		       enum idea_status to, const char *answer, int64_t now);

#endif
