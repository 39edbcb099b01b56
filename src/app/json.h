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

/* {"error": {"code": code, "message": message}} with status; type as above. */
bool app_json_error(struct http_response *resp, int status, const char *code, const char *message,
		    const char *type);

#endif
