/*
 * ics.h - writing iCalendar content lines (RFC 5545, section 3.1).
 *
 * Three rules are all a writer needs, and the two that handmade calendar
 * files usually get wrong are here, tested on their own
 * (tests/unit/test_ics.c) and by a real parser (ical.js in the HTTP
 * tests):
 *  - TEXT values escape backslash, semicolon, comma and line breaks
 *    (3.3.11); other control characters are dropped;
 *  - lines are folded at 75 octets, never inside a UTF-8 sequence or an
 *    escape, continuation lines starting with one space (3.1);
 *  - every line ends in CRLF.
 *
 * Why not libical (Debian's libical-dev, which the project used first):
 * it builds a tree of allocations per property and appends its output a
 * byte at a time; the subscription feed of 500 events spent about 20 us
 * per event in it, two thirds in malloc and free, and was the one page
 * whose cost grew faster than its size (bench/README.md).  Writing lines
 * from the values directly costs about a microsecond per event.
 * Parsing calendars, which this project never does, would be a
 * different matter.
 */
#ifndef OIC_BASE_ICS_H
#define OIC_BASE_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* One content line being written: NAME:VALUE in pieces. */
struct ics_line {
	struct buf *b;
	size_t col;  /* octets on the current physical line */
	size_t left; /* bytes of value still allowed (SIZE_MAX: no limit) */
};

/*
 * Start the line NAME: in b; at most max bytes of value follow (counted
 * before escaping, cut at a character boundary; 0: no limit).
 */
void ics_begin(struct ics_line *l, struct buf *b, const char *name, size_t max);

/*
 * Append s as TEXT: escaped, control characters other than the line
 * break dropped.  s must be valid UTF-8; NULL appends nothing.
 */
void ics_add_text(struct ics_line *l, const char *s);

/* Append s as it is (URI, UID and the like); control characters dropped. */
void ics_add_raw(struct ics_line *l, const char *s);

/* Append a decimal number. */
void ics_add_i64(struct ics_line *l, int64_t v);

/* End the line (CRLF). */
void ics_end(struct ics_line *l);

/* NAME:VALUE lines in one call: TEXT (at most max bytes), as it is. */
void ics_text(struct buf *b, const char *name, const char *value, size_t max);
void ics_raw(struct buf *b, const char *name, const char *value);

/* NAME:YYYYMMDDTHHMMSSZ, the time t (seconds since the epoch) in UTC. */
void ics_utc(struct buf *b, const char *name, int64_t t);

#endif
