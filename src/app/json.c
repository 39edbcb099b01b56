/*
 * json.c - JSON responses; see json.h.
 */
#include "app/json.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

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

static int append_text(const char *text, size_t size, void *data)
{
	buf_append(data, text, size);
	return 0;
}

void app_json_append(struct buf *b, const json_t *j)
{
	json_dump_callback(j, append_text, b, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

void app_download_stream(struct http_request *req, struct http_response *resp, const char *filename,
			 int (*fill)(void *arg, struct buf *out), void *arg)
{
	if (filename == NULL) { /* out of memory naming it */
		free(arg);
		resp->status = 503;
		return;
	}
	size_t n = strlen(filename);
	bool csv = n >= 4 && strcmp(filename + n - 4, ".csv") == 0;

	resp->status = 200;
	resp->content_type =
		csv ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8";
	http_add_header(resp, "Content-Disposition",
			arena_printf(&req->arena, "attachment; filename=\"%s\"", filename));
	http_add_header(resp, "Cache-Control", "no-store");
	resp->stream = fill;
	resp->stream_free = free;
	resp->stream_arg = arg;
}
