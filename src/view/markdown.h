/*
 * markdown.h - Markdown to HTML for text people write (challenge briefs,
 * idea descriptions), with cmark.
 *
 * Safe by construction: raw HTML in the source is dropped and links or
 * images with javascript:, vbscript:, file: or data: (other than images)
 * URLs lose their target (cmark's safe mode, CMARK_OPT_SAFE semantics,
 * the default since cmark 0.29).  Headings are renumbered to fit under the
 * page's own: the first becomes <h{base}>, and none is more than one level
 * deeper than the one before it, so the page's outline stays valid.
 */
#ifndef OIC_VIEW_MARKDOWN_H
#define OIC_VIEW_MARKDOWN_H

#include "base/arena.h"
#include "view/tpl.h"

/*
 * Render md as HTML into arena a.  base_level (2..6) is the level of the
 * highest heading.  NULL or empty md gives {NULL}; so does an allocation
 * failure (the caller renders nothing rather than something unsafe).
 */
struct html_safe markdown_render(struct arena *a, const char *md, int base_level);

#endif
