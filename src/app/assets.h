/*
 * assets.h - static files (CSS, images, scripts) with content-hashed names.
 *
 * The files are compiled into the binary (static/ via tools/embed.c).  At
 * start-up each gets a name with a hash of its content
 * ("css/app.3f2a9c1b.css"), so it can be cached for a year: a changed
 * file is a new URL.  Templates ask for URLs with {{asset "css/app.css"}}.
 */
#ifndef OIC_WEB_ASSETS_H
#define OIC_WEB_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* "css/app.css" */
	const char *url;  /* "/static/css/app.3f2a9c1b.css" */
	const char *type; /* Content-Type */
	const unsigned char *data;
	size_t len;
};

/* Compute the hashed names; -1 on allocation failure. */
int assets_init(void);

/* Free what assets_init() allocated. */
void assets_free(void);

/* The asset whose file name under static/ is name ("api/openapi.json"), or NULL. */
const struct asset *assets_by_name(const char *name);

/* The asset whose URL path (without "/static/") is path, or NULL. */
const struct asset *assets_find(const char *path);

#endif
