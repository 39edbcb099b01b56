/*
 * views.h - view structs of getting in touch.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 * contact comes before actors and accounts in FEATURES: their views hold
 * a struct contact_form and a struct contact_account_section.
 */
#ifndef OIC_CONTACT_VIEWS_H
#define OIC_CONTACT_VIEWS_H

/* "Get in touch" on an actor's page (the contact_form partial). */
struct contact_form {
	bool shown;		/* the section is there at all */
	bool form;		/* the form (else note says why not) */
	const char *login_href; /* for the anonymous */
	const char *action;
	const char *csrf;
	const char *message;
	const char *message_error;
	const char *note;    /* why there is no form, or a notice after sending */
	bool note_is_notice; /* a role="status" notice, not an explanation */
	const char *contacts_href;
};

/* The answer's page: /actors/{id}/contact (GET, and a form with problems). */
struct contact_page_view {
	struct layout_view layout;
	const char *name;
	const char *lang;
	const char *back_href;
	struct error_summary problem_list;
	struct contact_form form;
};

/* One request on /account/contacts. */
struct contact_item {
	int64_t id;
	const char *anchor; /* "contact-ID" */
	const char *who;    /* the sender's name, or the actor's */
	const char *who_href;
	const char *actor_name; /* incoming: which entry it was sent to, for an organisation's */
	const char *message;
	const char *lang;
	const char *status; /* translated */
	int64_t created;
	const char *answered_by; /* outgoing: who answered */
	const char *email;	 /* the other side's, only when accepted */
	bool may_answer;
	const char *accept_action;
	const char *decline_action;
	const char *block_action;
};

struct contacts_view {
	struct layout_view layout;
	const char *csrf;
	const char *notice;
	bool sent;		/* the box of sent requests */
	const char *other_href; /* the other box */
	struct contact_item *items;
	size_t items_count;
	struct pager pager;
};

/* The section of /account: opting out (contact_account_section partial). */
struct contact_account_section {
	const char *csrf;
	const char *notice;
	bool off;
};

#endif
