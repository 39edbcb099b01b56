/*
 * rules.c - rules of the discussion; see rules.h.
 */
#include "features/discussion/rules.h"

#include "base/i18n.h"
#include "base/text.h"

int comment_reply_depth(int64_t parent_depth)
{
	if (parent_depth < 0 || parent_depth >= COMMENT_MAX_DEPTH)
		return -1;
	return (int)parent_depth + 1;
}

bool comment_may_edit(const struct comment_facts *c, int64_t user_id, int64_t now)
{
	return user_id > 0 && !c->deleted && c->author_id == user_id && now >= c->created &&
	       now - c->created <= COMMENT_EDIT_WINDOW_S;
}

bool comment_may_delete(const struct comment_facts *c, int64_t user_id)
{
	return user_id > 0 && !c->deleted && c->author_id == user_id;
}

bool comment_may_vote(const struct comment_facts *c, int64_t user_id)
{
	return user_id > 0 && !c->deleted && c->author_id != user_id;
}

struct vote_change comment_vote_apply(int old, int pressed)
{
	struct vote_change v = {0, 0, 0};

	pressed = pressed > 0 ? 1 : -1;
	v.value = old == pressed ? 0 : pressed;
	v.up_delta = (v.value == 1) - (old == 1);
	v.down_delta = (v.value == -1) - (old == -1);
	return v;
}

char *comment_check(struct arena *a, const char *body, const char **problem)
{
	return text_check(a, body, COMMENT_BODY_MAX, N_("Write a comment first."),
			  N_("A comment can have at most 5,000 characters."), problem);
}
