/*
 * rules.c - the pure rules of getting in touch: the message's checks,
 * the order in which a request is refused, and who sees an address.
 */
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "features/contact/rules.h"

enum contact_refusal contact_may_send(const struct contact_facts *f)
{
	if (!f->logged_in)
		return CONTACT_LOGIN;
	if (f->self)
		return CONTACT_SELF;
	if (f->recipients == 0)
		return CONTACT_OPTED_OUT;
	if (f->sender_opted_out)
		return CONTACT_SENDER_OFF;
	if (f->blocked)
		return CONTACT_BLOCKED;
	if (f->accepted)
		return CONTACT_IN_CONTACT;
	if (f->open)
		return CONTACT_PENDING;
	if (f->sent_today >= CONTACT_DAILY_MAX)
		return CONTACT_LIMIT;
	return CONTACT_OK;
}

const char *contact_refusal_message(enum contact_refusal r)
{
	switch (r) {
	case CONTACT_OK: return NULL;
	case CONTACT_LOGIN: return N_("Log in to get in touch.");
	case CONTACT_SELF: return N_("You cannot send a contact request to yourself.");
	case CONTACT_OPTED_OUT:
		return N_("This actor does not take contact requests through the platform.");
	case CONTACT_SENDER_OFF:
		return N_(
			"You have switched contact requests off on your account page; switch them "
			"on to send one.");
	case CONTACT_BLOCKED: return N_("This actor does not take contact requests from you.");
	case CONTACT_IN_CONTACT:
		return N_("You are in contact already: the addresses are on your contacts page.");
	case CONTACT_PENDING:
		return N_("Your earlier request to this actor is still waiting for an answer.");
	case CONTACT_LIMIT:
		return N_("You have sent 10 contact requests within 24 hours, the most there can "
			  "be. Please try again tomorrow.");
	}
	return NULL;
}

int contact_refusal_status(enum contact_refusal r)
{
	switch (r) {
	case CONTACT_OK: return 200;
	case CONTACT_LOGIN: return 401;
	case CONTACT_OPTED_OUT:
	case CONTACT_BLOCKED:
	case CONTACT_SENDER_OFF: return 403;
	case CONTACT_IN_CONTACT:
	case CONTACT_PENDING: return 409;
	case CONTACT_LIMIT: return 429;
	case CONTACT_SELF: return 422;
	}
	return 422;
}

char *contact_message_check(struct arena *a, const char *text, const char **problem)
{
	return text_check(a, text != NULL ? text : "", CONTACT_MESSAGE_MAX,
			  N_("Write a short message: who you are and why you would like to get in "
			     "touch."),
			  N_("A message can have at most 1000 characters."), problem);
}

static const char *const status_ids[] = {
	[CONTACT_OPEN] = "open",
	[CONTACT_ACCEPTED] = "accepted",
	[CONTACT_DECLINED] = "declined",
};

bool contact_status_parse(const char *s, enum contact_status *out)
{
	for (size_t i = 0; s != NULL && i < sizeof(status_ids) / sizeof(status_ids[0]); i++)
		if (strcmp(s, status_ids[i]) == 0) {
			*out = (enum contact_status)i;
			return true;
		}
	return false;
}

const char *contact_status_id(enum contact_status s)
{
	return (size_t)s < sizeof(status_ids) / sizeof(status_ids[0]) ? status_ids[s] : "open";
}

bool contact_may_answer(bool recipient, enum contact_status s)
{
	return recipient && s == CONTACT_OPEN;
}

bool contact_shows_address(bool party, enum contact_status s)
{
	return party && s == CONTACT_ACCEPTED;
}
