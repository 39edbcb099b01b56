/*
 * merge.c - a duplicate idea merged into another; see merge.h.
 *
 * Supports are the delicate part.  They arrive through the group
 * committer (support_batch.c), each toggle in its own savepoint, which
 * locks the supporter's row and then (PostgreSQL) the idea's row before
 * it reads the idea's state.  The merge locks the supporters of both
 * ideas, then both ideas, so a toggle for the source either commits
 * before the merge moves the supports (and its support moves with them)
 * or waits and then finds the source merged and is refused
 * (SUPPORT_MERGED): none is lost and none counted twice.  On SQLite the
 * one writer at a time gives the same order.  The target's counters are
 * then counted from its rows, the way the ban keeps them: supports of
 * accounts that are not banned, and the trend as the sum of their weights.
 */
#include "features/funnel/merge.h"

#include <string.h>

#include "features/funnel/internal.h"

void idea_merge_side_read(struct db_stmt *st, struct idea_merge_side *side)
{
	side->found = true;
	side->id = db_col_i64(st, 0);
	side->challenge_id = db_col_i64(st, 1);
	if (!idea_status_parse(db_col_text(st, 2), &side->status))
		side->status = IDEA_SUBMITTED;
	side->hidden = db_col_i64(st, 3) != 0;
}

/* Lock one idea's row and read what the rules need: 1 found, 0 not, -1 error. */
static int lock_side(struct db *db, int64_t id, struct idea_merge_side *side)
{
	struct db_stmt *st = db_stmt(db, STMT_idea_merge_lock);

	memset(side, 0, sizeof(*side));
	side->id = id;
	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		idea_merge_side_read(st, side);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* Run a statement of the source alone ($1). */
static int run_source(struct db *db, enum stmt_id id, int64_t source)
{
	struct db_stmt *st = db_stmt(db, id);

	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, source);
	int rc = db_run(st, NULL);
	return rc < 0 ? rc : DB_OK;
}

/*
 * Run a statement of (source, target[, now]) binds; *changes (may be
 * NULL) gets the rows it changed, *value (may be NULL) what it returned.
 */
static int run_pair(struct db *db, enum stmt_id id, int64_t source, int64_t target, int64_t now,
		    int64_t *changes, int64_t *value)
{
	struct db_stmt *st = db_stmt(db, id);

	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, source);
	db_bind_i64(st, 2, target);
	if (now != 0)
		db_bind_i64(st, 3, now);
	int rc = db_run(st, value);
	if (rc < 0)
		return rc;
	if (changes != NULL)
		*changes = db_changes(db);
	return DB_OK;
}

int idea_merge(struct db *db, int64_t actor, int64_t source, int64_t target, int64_t now,
	       struct idea_merge_result *r)
{
	struct db_stmt *st;
	int rc;

	memset(r, 0, sizeof(*r));
	r->source.id = source;
	r->target.id = target;
	/* Users first: the supporters of both, then the people told of it. */
	st = db_stmt(db, STMT_idea_merge_people_lock);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, source);
	db_bind_i64(st, 2, target);
	while ((rc = db_step(st)) == DB_ROW) {
		/* each row read is locked (PostgreSQL) */
	}
	db_reset(st);
	if (rc < 0)
		return rc;
	if ((rc = notify_idea_people(db, actor, source, now)) != DB_OK)
		return rc;
	/* Then both ideas, the lower id first. */
	int found_source = 0, found_target = 0;
	if (source <= target) {
		found_source = lock_side(db, source, &r->source);
		found_target = source == target ? found_source : lock_side(db, target, &r->target);
	} else {
		found_target = lock_side(db, target, &r->target);
		found_source = lock_side(db, source, &r->source);
	}
	if (found_source < 0 || found_target < 0)
		return DB_ERROR;
	if (source == target)
		r->target = r->source;
	if (!r->source.found) {
		r->problem = N_("This idea does not exist.");
		return DB_OK;
	}
	r->problem = idea_merge_problem(&r->source, &r->target);
	if (r->problem != NULL)
		return DB_OK;

	if ((rc = run_pair(db, STMT_idea_merge_supports_drop, source, target, 0,
			   &r->supports_dropped, NULL)) != DB_OK ||
	    (rc = run_pair(db, STMT_idea_merge_supports_move, source, target, 0, &r->supports_moved,
			   NULL)) != DB_OK)
		return rc;
	if ((rc = discussion_move(db, COMMENT_ON_IDEA, source, target, &r->comments_moved)) !=
	    DB_OK)
		return rc;
	if ((rc = run_pair(db, STMT_idea_merge_follows_copy, source, target, 0, NULL, NULL)) !=
		    DB_OK ||
	    (rc = run_pair(db, STMT_idea_merge_authors, source, target, now, NULL, NULL)) != DB_OK)
		return rc;
	if ((rc = run_source(db, STMT_idea_merge_follows_drop, source)) != DB_OK ||
	    (rc = run_source(db, STMT_idea_merge_invitations_drop, source)) != DB_OK)
		return rc;
	/* The target first: it takes the source's comment count before that is zeroed. */
	if ((rc = run_pair(db, STMT_idea_merge_target_count, source, target, now, NULL,
			   &r->supports)) != DB_OK)
		return rc;
	st = db_stmt(db, STMT_idea_merge_source_set);
	if (st == NULL)
		return DB_ERROR;
	db_bind_i64(st, 1, source);
	db_bind_i64(st, 2, target);
	db_bind_i64(st, 3, now);
	db_bind_text(st, 4, idea_status_table[r->source.status].id);
	if ((rc = db_run(st, NULL)) < 0)
		return rc;
	/* The row is locked: its status cannot have changed in between. */
	return db_changes(db) == 1 ? DB_OK : DB_ERROR;
}
