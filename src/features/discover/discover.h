/*
 * discover.h - what other features may use of discover: writing an Atom
 * feed (RFC 4287) as the platform's feeds are written (feeds.c): tag:
 * ids, absolute links, XML-escaped text.
 */
#ifndef OIC_DISCOVER_DISCOVER_H
#define OIC_DISCOVER_DISCOVER_H

#include <stdint.h>

#include "app/app.h"

/* One entry of a feed. */
struct feed_entry {
	const char *id; /* the part after the tag: authority ("opportunity:7") */
	const char *title;
	const char *lang;
	const char *href; /* path */
	const char *author;
	const char *summary;
	int64_t published;
	int64_t updated;
};

/*
 * Answer the feed: id (after the tag: authority), title, its own path
 * (self) and the page it follows (alternate), and its n entries, newest
 * first; updated is the newest entry's time (an empty feed's: now).
 */
void feed_send(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
	       const struct app_site *site, const char *id, const char *title, const char *self,
	       const char *alternate, const struct feed_entry *entries, size_t n);

/* At most n characters of s (UTF-8), with "…" when cut (s itself when shorter). */
const char *feed_shorten(struct arena *a, const char *s, size_t n);

#endif
