/*
 * rules.h - rules of the discussion: reply depth, who may edit, delete
 * and vote, how votes toggle, and what a comment may be.  No I/O.
 */
#ifndef OIC_DISCUSSION_RULES_H
#define OIC_DISCUSSION_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	COMMENT_MAX_DEPTH = 2,	     /* depths 0, 1, 2: three levels */
	COMMENT_EDIT_WINDOW_S = 900, /* 15 minutes */
	COMMENT_BODY_MAX = 5000,     /* characters */
};

/* Depth of a reply to a comment of parent_depth; -1 when too deep. */
int comment_reply_depth(int64_t parent_depth);

/* What the rules need to know about one comment. */
struct comment_facts {
	int64_t author_id; /* 0 when the author's account is gone */
	int64_t created;
	bool deleted;
};

/* The author may edit within 15 minutes of writing; never a deleted one. */
bool comment_may_edit(const struct comment_facts *c, int64_t user_id, int64_t now);

/* Only the author deletes (a placeholder stays, replies stay). */
bool comment_may_delete(const struct comment_facts *c, int64_t user_id);

/* Anyone logged in votes, except on own or deleted comments. */
bool comment_may_vote(const struct comment_facts *c, int64_t user_id);

/* The effect of pressing up (+1) or down (-1) on a vote. */
struct vote_change {
	int value;	/* the stored vote afterwards: -1, 0 (none) or 1 */
	int up_delta;	/* change of comments.up */
	int down_delta; /* change of comments.down */
};

/*
 * Votes toggle: pressing the same direction again takes the vote back;
 * pressing the other direction turns it over.  old is -1, 0 or 1.
 */
struct vote_change comment_vote_apply(int old, int pressed);

/*
 * Validate a comment body: 1..5000 characters after trimming.  Returns
 * the trimmed copy in a, or NULL with *problem set to a msgid.
 */
char *comment_check(struct arena *a, const char *body, const char **problem);

#endif
