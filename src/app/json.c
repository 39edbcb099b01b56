/*
 * json.c - JSON responses; see json.h.
 */
#include "app/json.h"

#include <stdlib.h>

bool app_json(struct http_response *resp, int status, json_t *j, const char *type, size_t flags,
	      const char *cache)
{
	char *text = j ? json_dumps(j, flags ? flags : JSON_COMPACT) : NULL;

	json_decref(j);
	resp->content_type = type ? type : "application/json";
	if (text == NULL) {
		resp->status = 500;
		return false;
	}
	resp->status = status;
	buf_puts(&resp->body, text);
	free(text);
	if (cache != NULL)
		http_add_header(resp, "Cache-Control", cache);
	return true;
}

bool app_json_error(struct http_response *resp, int status, const char *code, const char *message,
		    const char *type)
{
	return app_json(resp, status,
			json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message), type,
			0, NULL);
}
