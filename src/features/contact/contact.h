/*
 * contact.h - what other features may use of getting in touch: the
 * section on an actor's page (actors), the section of /account
 * (accounts), and the rules (rules.h).
 */
#ifndef OIC_CONTACT_CONTACT_H
#define OIC_CONTACT_CONTACT_H

#include <stdint.h>

#include "app/app.h"
#include "features/contact/rules.h"

/*
 * Fill *out, "Get in touch" on the page of actor id (organisation org,
 * or person user; 0 for the other): for the anonymous a link to log in;
 * for the logged-in the form, or why there is none (their own entry,
 * opted out, blocked, waiting, in contact already).  0, or -1 on a
 * store error.
 */
int contact_actor_form(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		       int64_t id, int64_t org, int64_t user, struct contact_form *out);

/* Fill *out, the contact section of /account for the logged-in person.  0, or -1. */
int contact_account_section(struct http_request *req, struct http_response *resp,
			    struct app_ctx *ctx, struct contact_account_section *out);

#endif
