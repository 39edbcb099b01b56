/*
 * csv.h - writing CSV (RFC 4180): UTF-8, fields separated by commas,
 * rows ended by CRLF, a field quoted when it holds a comma, a quote, a
 * line break or leading or trailing space, quotes inside doubled.
 *
 * Written here rather than taken from Debian's libcsv: its csv_write()
 * fills a caller's fixed buffer and reports the size it would have
 * needed, while every writer of oic appends to a growable buf; quoting
 * a field is the few lines below.
 *
 * A text field that begins with '=', '+', '-', '@', a tab or a carriage
 * return gets a leading apostrophe: spreadsheets would otherwise run it
 * as a formula ("CSV injection"), and the office opens exports in one.
 * Numbers are written with csv_int and are never changed.
 */
#ifndef OIC_BASE_CSV_H
#define OIC_BASE_CSV_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* Append a text field (NULL is empty), preceded by a comma unless first. */
void csv_text(struct buf *b, const char *s, bool first);

/* Append a number field, preceded by a comma unless first. */
void csv_int(struct buf *b, int64_t v, bool first);

/* End the row. */
void csv_end_row(struct buf *b);

#endif
