/*
 * views.h - view structs of discussion: a discussion and its comments.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_DISCUSSION_VIEWS_H
#define OIC_DISCUSSION_VIEWS_H

struct comment_item {
	int64_t id;
	const char *author;
	const char *lang;
	const char *body;
	bool deleted;
	bool hidden; /* by the moderators: hide_reason shown in its place */
	const char *hide_reason;
	bool held;	     /* held for review: only its author and moderators see it */
	bool moderator_view; /* a moderator reads a hidden comment's text */
	bool can_report;
	bool edited;
	int64_t created;
	int64_t up;
	int64_t down;
	bool can_reply;
	bool can_edit;
	bool can_delete;
	bool can_vote;
	bool voted_up;
	bool voted_down;
	const char *csrf;
	const char *action; /* where replies are posted */
	bool reply_open;    /* the reply form had a problem: show it open */
	const char *reply_error;
	const char *reply_body;
	bool edit_open;
	const char *edit_error;
	const char *edit_body; /* the text in the edit form */
	struct comment_item *replies;
	size_t replies_count;
};

/* The discussion under a challenge or an idea (partial comment_section). */
struct comment_section {
	const char *action; /* POST here */
	const char *csrf;
	bool logged_in;
	const char *login_href;
	const char *closed; /* why nobody can comment, or NULL */
	int64_t total;
	struct comment_item *items;
	size_t items_count;
	const char *next_href;
	const char *first_href;
	const char *error; /* of the top-level form */
	const char *body;
};

#endif
