/*
 * rules.h - the pure rules of getting in touch (features/contact): the
 * message, the limits, and who may write to and answer whom.  No I/O;
 * unit-tested in tests/unit/test_contact.c.
 */
#ifndef OIC_CONTACT_RULES_H
#define OIC_CONTACT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	CONTACT_MESSAGE_MAX = 1000, /* characters of a message */
	CONTACT_DAILY_MAX = 10,	    /* requests a sender may send in 24 hours */
	CONTACT_DAY = 24 * 60 * 60, /* the window of the daily limit, seconds */
	CONTACT_PAGE = 20,	    /* requests a page of /account/contacts */
};

/* What the store says about a sender writing to an actor. */
struct contact_facts {
	bool logged_in;
	bool self;	   /* the sender is the person, or represents the organisation */
	size_t recipients; /* who would receive it: the person or the representatives, not opted out */
	bool sender_opted_out; /* the sender opted out of contact themselves */
	bool blocked;	       /* a recipient blocked the sender */
	bool open;	       /* the sender has an open request to the actor */
	bool accepted;	       /* ... or one that was accepted: they are in contact */
	int64_t sent_today;    /* the sender's requests in the last CONTACT_DAY */
};

/* Why a request may not be sent; CONTACT_OK when it may. */
enum contact_refusal {
	CONTACT_OK,
	CONTACT_LOGIN,	    /* log in first */
	CONTACT_SELF,	    /* nobody contacts themselves */
	CONTACT_OPTED_OUT,  /* nobody there takes requests */
	CONTACT_SENDER_OFF, /* the sender opted out, and so cannot write either */
	CONTACT_BLOCKED,    /* the recipient blocked the sender */
	CONTACT_IN_CONTACT, /* accepted already */
	CONTACT_PENDING,    /* an open request is waiting */
	CONTACT_LIMIT,	    /* the daily limit is reached */
};

/* Whether a request may be sent, the first reason why not in the order above. */
enum contact_refusal contact_may_send(const struct contact_facts *f);

/* The refusal's message (a msgid) and its HTTP status (403, 409, 422, 429). */
const char *contact_refusal_message(enum contact_refusal r);
int contact_refusal_status(enum contact_refusal r);

/*
 * A message: trimmed, 1..CONTACT_MESSAGE_MAX characters, no control
 * characters but line breaks and tabs (text_check).  The copy in a, or
 * NULL with *problem (a msgid).
 */
char *contact_message_check(struct arena *a, const char *text, const char **problem);

/* The statuses of a request. */
enum contact_status { CONTACT_OPEN, CONTACT_ACCEPTED, CONTACT_DECLINED };
bool contact_status_parse(const char *s, enum contact_status *out);
const char *contact_status_id(enum contact_status s);

/*
 * Whether account may answer a request: it is a recipient (the person,
 * or a representative of the organisation) and the request is open.
 */
bool contact_may_answer(bool recipient, enum contact_status s);

/* Whether a request's side sees the other's address: only once it is accepted, and only the two sides. */
bool contact_shows_address(bool party, enum contact_status s);

#endif
