/*
 * merge.h - merging a duplicate idea into another (issue 11): the writes,
 * in the caller's transaction.  The back office (office/merge.c) asks for
 * it; the rules are idea_merge_problem() in rules.h.
 */
#ifndef OIC_FUNNEL_MERGE_H
#define OIC_FUNNEL_MERGE_H

#include <stdint.h>

#include "features/funnel/rules.h"
#include "store/db.h"

/* What a merge found and did. */
struct idea_merge_result {
	struct idea_merge_side source, target; /* as locked */
	const char *problem;		       /* msgid of the refusal, else NULL */
	int64_t supports_moved;		       /* supports of the source now the target's */
	int64_t supports_dropped;	       /* ... of accounts that supported both: count once */
	int64_t comments_moved;
	int64_t supports; /* the target's supports_count afterwards */
};

/*
 * The rules' view of an idea from the current row of st, whose first
 * columns are those of idea_merge_lock and idea_merge_get (id, challenge
 * or 0, status, hidden).
 */
void idea_merge_side_read(struct db_stmt *st, struct idea_merge_side *side);

/*
 * Merge idea source into idea target inside the caller's write
 * transaction, on behalf of actor: the accounts that support either and
 * then both ideas are locked (users before content rows, the lower idea
 * first), the rules decide (r->problem set and nothing written when they
 * refuse: the caller rolls back, which also takes back the notifications
 * written before the check), and then the source's supports move to the
 * target unless the account supports the target already (then it is
 * dropped: it counts once), its comments and follows move, its author and
 * co-authors join the target's team, its open invitations go, the
 * target's counters are counted again from its rows, and the source
 * becomes 'merged' with merged_into = target and no counts left.  The
 * source's authors, co-authors and followers hear of its status change.
 * Returns DB_OK (see r->problem) or an error (the caller rolls back).
 */
int idea_merge(struct db *db, int64_t actor, int64_t source, int64_t target, int64_t now,
	       struct idea_merge_result *r);

#endif
