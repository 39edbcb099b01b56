/*
 * content.h - the content pages as other features see them: the
 * Innovation Office's newest text of a page (site renders the public
 * pages with it).
 */
#ifndef OIC_CONTENT_CONTENT_H
#define OIC_CONTENT_CONTENT_H

#include "base/arena.h"
#include "base/i18n.h"
#include "store/db.h"

/*
 * The newest Markdown of the page slug ("imprint", "privacy",
 * "accessibility") in lang into *body (in a), NULL when the office has
 * written none in that language (the page shows its built-in text).
 * 0, or -1 on a store error.
 */
int content_page_body(struct db *db, struct arena *a, const char *slug, enum lang lang,
		      const char **body);

#endif
