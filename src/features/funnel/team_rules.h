/*
 * team.h - the rules of an idea's team, without I/O: who may invite,
 * remove and leave, the size limit, and what is typed into the invite
 * form (features/funnel/coauthors.c does the I/O around it; tests/unit/test_team.c
 * tests this).
 *
 * The team is the original author (ideas.author_id) and the co-authors
 * (idea_authors).  Every member may invite; only the original author
 * removes co-authors; a co-author may leave.  People join by accepting
 * an invitation, never by being added.
 */
#ifndef OIC_DOMAIN_TEAM_H
#define OIC_DOMAIN_TEAM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	TEAM_MAX_COAUTHORS = 10, /* co-authors besides the original author */
	TEAM_WHO_MAX = 254,	 /* characters of a name or an e-mail address */
};

/* What the rules need about one idea's team and one person. */
struct team_facts {
	int64_t author_id; /* original author; 0 when their account is gone */
	int64_t coauthors; /* how many co-authors there are */
	bool is_coauthor;  /* the person asked about is a co-author */
	bool hidden;	   /* moderators hid the idea: the team is frozen */
};

enum team_verdict {
	TEAM_OK,
	TEAM_NOT_MEMBER,   /* only members may invite */
	TEAM_NOT_AUTHOR,   /* only the original author may remove */
	TEAM_NOT_COAUTHOR, /* leave or remove someone who is not a co-author */
	TEAM_HIDDEN,	   /* the idea is hidden */
	TEAM_FULL,	   /* TEAM_MAX_COAUTHORS reached */
	TEAM_SELF,	   /* inviting oneself */
	TEAM_ALREADY,	   /* the invited person is already an author */
	TEAM_INVITED,	   /* the invited person has been invited already */
	TEAM_VERDICT__COUNT
};

/* Whether user is the original author or a co-author (f->is_coauthor about user). */
bool team_is_member(const struct team_facts *f, int64_t user);

/*
 * May inviter (facts about the inviter) invite invitee?  invitee_coauthor
 * and invitee_invited describe the invited person; pass invitee 0 when
 * it is not known yet (only the inviter and the size are checked).
 */
enum team_verdict team_may_invite(const struct team_facts *f, int64_t inviter, int64_t invitee,
				  bool invitee_coauthor, bool invitee_invited);

/* May the invited person join now (facts about them)? */
enum team_verdict team_may_join(const struct team_facts *f);

/* May user (facts about the person to remove) remove that co-author? */
enum team_verdict team_may_remove(const struct team_facts *f, int64_t user);

/* May the person (facts about them) leave? */
enum team_verdict team_may_leave(const struct team_facts *f);

/* The message (an English msgid) for a verdict other than TEAM_OK. */
const char *team_verdict_message(enum team_verdict v);

/* The HTTP status that fits a verdict: 403 for permissions, else 422. */
int team_verdict_status(enum team_verdict v);

/*
 * What was typed into the invite form, trimmed, in arena a: NULL with
 * *problem (a msgid) when empty, too long or not UTF-8.  *is_email says
 * whether it is read as an e-mail address: anything with an '@' is (a
 * display name with an '@' is then invited by its e-mail address).
 */
char *team_who_check(struct arena *a, const char *who, bool *is_email, const char **problem);

#endif
