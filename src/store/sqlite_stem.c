/*
 * sqlite_stem.c - the FTS5 tokenizer "oic_stem"; see sqlite_stem.h.
 *
 * FTS5 calls xCreate once per table and connection, so each instance has
 * its own stemmer and never shares it between threads.  A word's second
 * stem is reported with FTS5_TOKEN_COLOCATED: in documents both stems are
 * indexed at one position (phrases keep working); in queries they are
 * alternatives, so "bikes" (German stem "bik", English "bike") matches a
 * row indexed under either.
 */
#include "store/sqlite_stem.h"

#include <stdlib.h>

#include "base/stem.h"
#include "store/sqlite_rank.h"

#ifdef OIC_STEM_EXTENSION
SQLITE_EXTENSION_INIT1
#endif

static int stem_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)args;
	if (nargs != 0)
		return SQLITE_ERROR; /* the tokenizer takes no options */
	struct stemmer *st = stemmer_new();
	if (st == NULL)
		return SQLITE_NOMEM;
	*out = (Fts5Tokenizer *)(void *)st;
	return SQLITE_OK;
}

static void stem_delete(Fts5Tokenizer *tok)
{
	stemmer_free((struct stemmer *)(void *)tok);
}

static int stem_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int len,
			 int (*token)(void *ctx, int flags, const char *s, int n, int start,
				      int end))
{
	struct stemmer *st = (struct stemmer *)(void *)tok;
	size_t pos = 0, start, end;
	(void)flags;

	if (text == NULL || len <= 0)
		return SQLITE_OK;
	while (stem_next_word(text, (size_t)len, &pos, &start, &end)) {
		struct stem stems[STEM_MAX];
		int n = stemmer_stems(st, text + start, end - start, stems);
		if (n < 0)
			return SQLITE_NOMEM;
		for (int i = 0; i < n; i++) {
			int rc = token(ctx, i > 0 ? FTS5_TOKEN_COLOCATED : 0, stems[i].s,
				       (int)stems[i].n, (int)start, (int)end);
			if (rc != SQLITE_OK)
				return rc;
		}
	}
	return SQLITE_OK;
}

/* The documented way to reach the FTS5 API of a connection. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int sqlite_stem_register(sqlite3 *db)
{
	static fts5_tokenizer tokenizer = {stem_create, stem_delete, stem_tokenize};
	fts5_api *api = fts5_api_of(db);

	if (api == NULL || api->iVersion < 2)
		return SQLITE_ERROR;
	int rc = api->xCreateTokenizer(api, "oic_stem", NULL, &tokenizer, NULL);
	return rc == SQLITE_OK ? sqlite_rank_register(api) : rc;
}

#ifdef OIC_STEM_EXTENSION
/* Entry point of the loadable extension (see sqlite_stem.h). */
int sqlite3_oicstem_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

int sqlite3_oicstem_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
	(void)err;
	SQLITE_EXTENSION_INIT2(api);
	return sqlite_stem_register(db);
}
#endif
