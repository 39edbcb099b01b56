/*
 * json.h - JSON responses, written in one place: the API, the API's
 * errors, the answer to a support, suggestions while typing, GeoJSON and
 * the data export all go through app_json (jansson builds, we send).
 */
#ifndef OIC_APP_JSON_H
#define OIC_APP_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/server.h"

/*
 * Send j (its reference is taken over) as the body with status.  type
 * NULL is "application/json"; flags are json_dumps()'s (0: compact);
 * cache, when not NULL, is the Cache-Control header.  False when j is
 * NULL or could not be written: then the answer is a 500 without a body.
 */
bool app_json(struct http_response *resp, int status, json_t *j, const char *type, size_t flags,
	      const char *cache);

/*
 * Append j to b compactly, its members in the order they were set (the
 * rows of a streamed JSON export); j stays the caller's.
 */
void app_json_append(struct buf *b, const json_t *j);

/*
 * Answer with a download streamed piece by piece (resp->stream, see
 * http/http.h): fill(arg, out) writes the next piece; arg, from
 * malloc, is freed when the answer is done.  The type follows the file
 * name: ".csv" is CSV with a header row, anything else JSON; never
 * stored by a cache.  filename NULL (out of memory) answers 503.
 */
void app_download_stream(struct http_request *req, struct http_response *resp, const char *filename,
			 int (*fill)(void *arg, struct buf *out), void *arg);

/* {"error": {"code": code, "message": message}} with status; type as above. */
bool app_json_error(struct http_response *resp, int status, const char *code, const char *message,
		    const char *type);

#endif
