/*
 * sqlite_rank.c - the FTS5 ranking function "oic_rank"; see sqlite_rank.h.
 *
 * Okapi BM25 as FTS5's bm25() computes it (k1 = 1.2, b = 0.75, column
 * weights multiply a phrase's hits, the idf of a phrase in more than half
 * the rows is taken as 1e-6), written against the documented extension
 * API.  The per-query figures (row count, average length, idf per
 * phrase) are computed on the first row and kept as the cursor's auxdata.
 */
#include "store/sqlite_rank.h"

#include <math.h>
#include <string.h>

#ifdef OIC_STEM_EXTENSION
SQLITE_EXTENSION_INIT3
#endif

struct rank_data {
	int phrases;
	double avgdl;
	double *idf;  /* one per phrase */
	double *freq; /* scratch: weighted hits of each phrase in the row */
};

static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fts, void *p)
{
	(void)api;
	(void)fts;
	sqlite3_int64 *n = p;
	/* SQLITE_DONE ends xQueryPhrase early and is reported as SQLITE_OK. */
	return ++*n >= SQLITE_RANK_DF_CAP ? SQLITE_DONE : SQLITE_OK;
}

static int rank_data_get(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_data **out)
{
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	sqlite3_int64 rows = 0, tokens = 0;
	int rc;

	if (d != NULL) {
		*out = d;
		return SQLITE_OK;
	}
	int phrases = api->xPhraseCount(fts);
	size_t size = sizeof(*d) + 2 * (size_t)phrases * sizeof(double);
	d = sqlite3_malloc64(size);
	if (d == NULL)
		return SQLITE_NOMEM;
	memset(d, 0, size);
	d->phrases = phrases;
	d->idf = (double *)(void *)(d + 1);
	d->freq = d->idf + phrases;
	rc = api->xRowCount(fts, &rows);
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &tokens);
	d->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
	for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
		sqlite3_int64 hits = 0;
		rc = api->xQueryPhrase(fts, i, &hits, count_rows);
		if (rc == SQLITE_OK) {
			double idf = log((rows - hits + 0.5) / (hits + 0.5));
			d->idf[i] = idf <= 0.0 ? 1e-6 : idf;
		}
	}
	if (rc == SQLITE_OK)
		rc = api->xSetAuxdata(fts, d, sqlite3_free);
	else
		sqlite3_free(d);
	if (rc == SQLITE_OK)
		*out = d;
	return rc;
}

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
			  int nval, sqlite3_value **vals)
{
	const double k1 = 1.2, b = 0.75;
	struct rank_data *d = NULL;
	int insts = 0, tokens = 0;
	double score = 0.0;
	int rc = rank_data_get(api, fts, &d);

	if (rc == SQLITE_OK) {
		memset(d->freq, 0, (size_t)d->phrases * sizeof(double));
		rc = api->xInstCount(fts, &insts);
	}
	for (int i = 0; rc == SQLITE_OK && i < insts; i++) {
		int phrase, column, offset;
		rc = api->xInst(fts, i, &phrase, &column, &offset);
		if (rc == SQLITE_OK)
			d->freq[phrase] += nval > column ? sqlite3_value_double(vals[column]) : 1.0;
	}
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &tokens);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int i = 0; i < d->phrases; i++)
		score += d->idf[i] * (d->freq[i] * (k1 + 1.0)) /
			 (d->freq[i] + k1 * (1.0 - b + b * (double)tokens / d->avgdl));
	sqlite3_result_double(ctx, -1.0 * score);
}

int sqlite_rank_register(fts5_api *api)
{
	return api->xCreateFunction(api, "oic_rank", NULL, rank_function, NULL);
}
