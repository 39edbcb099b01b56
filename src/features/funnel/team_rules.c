/*
 * team.c - the rules of an idea's team (see team.h).
 */
#include "features/funnel/team_rules.h"

#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"

bool team_is_member(const struct team_facts *f, int64_t user)
{
	return user > 0 && (user == f->author_id || f->is_coauthor);
}

enum team_verdict team_may_invite(const struct team_facts *f, int64_t inviter, int64_t invitee,
				  bool invitee_coauthor, bool invitee_invited)
{
	if (f->hidden)
		return TEAM_HIDDEN;
	if (!team_is_member(f, inviter))
		return TEAM_NOT_MEMBER;
	if (f->coauthors >= TEAM_MAX_COAUTHORS)
		return TEAM_FULL;
	if (invitee == 0)
		return TEAM_OK;
	if (invitee == inviter)
		return TEAM_SELF;
	if (invitee == f->author_id || invitee_coauthor)
		return TEAM_ALREADY;
	if (invitee_invited)
		return TEAM_INVITED;
	return TEAM_OK;
}

enum team_verdict team_may_join(const struct team_facts *f)
{
	if (f->hidden)
		return TEAM_HIDDEN;
	if (f->is_coauthor)
		return TEAM_OK; /* joining twice changes nothing */
	if (f->coauthors >= TEAM_MAX_COAUTHORS)
		return TEAM_FULL;
	return TEAM_OK;
}

enum team_verdict team_may_remove(const struct team_facts *f, int64_t user)
{
	if (user <= 0 || user != f->author_id)
		return TEAM_NOT_AUTHOR;
	if (f->hidden)
		return TEAM_HIDDEN;
	if (!f->is_coauthor)
		return TEAM_NOT_COAUTHOR;
	return TEAM_OK;
}

enum team_verdict team_may_leave(const struct team_facts *f)
{
	if (!f->is_coauthor)
		return TEAM_NOT_COAUTHOR;
	return TEAM_OK; /* leaving is possible even while the idea is hidden */
}

static const char *const verdict_messages[TEAM_VERDICT__COUNT] = {
	[TEAM_OK] = "",
	[TEAM_NOT_MEMBER] = N_("Only the authors of this idea can invite co-authors."),
	[TEAM_NOT_AUTHOR] = N_("Only the original author of this idea can remove co-authors."),
	[TEAM_NOT_COAUTHOR] = N_("This person is not a co-author of this idea."),
	[TEAM_HIDDEN] = N_("This idea has been hidden by the moderators, so its team cannot "
			   "change."),
	[TEAM_FULL] = N_("The team is full: an idea can have at most 10 co-authors."),
	[TEAM_SELF] = N_("You are already an author of this idea."),
	[TEAM_ALREADY] = N_("This person is already an author of this idea."),
	[TEAM_INVITED] = N_("This person has already been invited and has not answered yet."),
};

const char *team_verdict_message(enum team_verdict v)
{
	return v < TEAM_VERDICT__COUNT ? verdict_messages[v] : "";
}

int team_verdict_status(enum team_verdict v)
{
	switch (v) {
	case TEAM_NOT_MEMBER:
	case TEAM_NOT_AUTHOR:
	case TEAM_HIDDEN: return 403;
	case TEAM_NOT_COAUTHOR: return 404;
	default: return 422;
	}
}

char *team_who_check(struct arena *a, const char *who, bool *is_email, const char **problem)
{
	*is_email = false;
	*problem = NULL;
	if (who == NULL)
		who = "";
	while (*who == ' ' || *who == '\t' || *who == '\r' || *who == '\n')
		who++;
	size_t n = strlen(who);
	while (n > 0 && (who[n - 1] == ' ' || who[n - 1] == '\t' || who[n - 1] == '\r' ||
			 who[n - 1] == '\n'))
		n--;
	if (n == 0) {
		*problem = N_("Enter the public name or the e-mail address of the person you want "
			      "to invite.");
		return NULL;
	}
	if (!utf8_valid(who, n) || utf8_has_controls(who, n)) {
		*problem = N_("The name or address contains characters that are not allowed.");
		return NULL;
	}
	if (utf8_length(who, n) > TEAM_WHO_MAX) {
		*problem = N_("A name or an e-mail address has at most 254 characters.");
		return NULL;
	}
	char *out = arena_strndup(a, who, n);
	if (out == NULL) {
		*problem = N_("The name or address contains characters that are not allowed.");
		return NULL;
	}
	*is_email = memchr(out, '@', n) != NULL;
	return out;
}
