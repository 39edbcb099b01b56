/*
 * views_social.h - what the team of an idea renders (partial idea_team,
 * inside the idea page; web/coauthors.c fills it).
 */
#ifndef OIC_VIEW_VIEWS_SOCIAL_H
#define OIC_VIEW_VIEWS_SOCIAL_H

/* A co-author in the team list. */
struct team_member {
	int64_t id;
	int64_t idea_id;
	const char *name;
	const char *csrf; /* for the remove button */
	bool can_remove;
};

struct idea_team {
	int64_t idea_id;
	const char *csrf;
	const char *author; /* the original author's name; NULL when the account is gone */
	struct team_member *members;
	size_t members_count;
	const char *inviter;	  /* who invited the viewer ("" when that account is gone) */
	const char *notice;	  /* what the last team action did, translated */
	const char *error;	  /* why a team action was refused, translated */
	const char *invite_error; /* the invite form's problem, translated */
	const char *invite_value; /* what was typed into it */
	/* flags last */
	bool show;    /* anything to show at all */
	bool invited; /* the viewer has an open invitation */
	bool can_invite;
	bool can_leave;
	bool full;
};

#endif
