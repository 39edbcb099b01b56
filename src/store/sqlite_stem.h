/*
 * sqlite_stem.h - the FTS5 tokenizer "oic_stem" for SQLite (store-internal).
 *
 * Every word is indexed under its German and its English Snowball stem
 * (base/stem.h), placed at the same position, so one index serves rows
 * in either language and a query word matches either stem.  Stop words
 * are left out, as PostgreSQL's german and english configurations do.
 *
 * The search migration creates FTS5 tables with tokenize='oic_stem' and
 * triggers that write to them whenever a searchable row changes; so every
 * connection that may write such a row must have the tokenizer, and
 * sqlite_open() registers it on each connection it opens.  For the
 * sqlite3 shell (maintenance by hand, test fixtures) the same code is
 * built as a loadable extension, build/<variant>/oic_stem.so:
 *
 *	sqlite3 -cmd '.load build/release/oic_stem' var/oic.db
 */
#ifndef OIC_STORE_SQLITE_STEM_H
#define OIC_STORE_SQLITE_STEM_H

#ifdef OIC_STEM_EXTENSION
#include <sqlite3ext.h> /* API calls go through the loading shell's table */
#else
#include <sqlite3.h>
#endif

/*
 * Register "oic_stem" on db, and the ranking function "oic_rank"
 * (store/sqlite_rank.h).  SQLITE_OK or an SQLite error code.
 */
int sqlite_stem_register(sqlite3 *db);

#endif
