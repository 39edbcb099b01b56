/*
 * markdown.c - Markdown rendering with cmark; see markdown.h.
 */
#include "view/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/*
 * Walk the headings in document order: the first one lands on base, each
 * later one keeps its distance to the previous but never goes more than
 * one level deeper, and never above base or below h6.
 */
static void renumber_headings(cmark_node *root, int base)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int prev_in = 0, prev_out = 0;

	if (it == NULL)
		return;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		int in = cmark_node_get_heading_level(n), out;
		if (prev_in == 0)
			out = base;
		else
			out = prev_out + (in - prev_in);
		if (out > prev_out + 1 && prev_in != 0)
			out = prev_out + 1;
		if (out < base)
			out = base;
		if (out > 6)
			out = 6;
		cmark_node_set_heading_level(n, out);
		prev_in = in;
		prev_out = out;
	}
	cmark_iter_free(it);
}

struct html_safe markdown_render(struct arena *a, const char *md, int base_level)
{
	struct html_safe h = {NULL};

	if (md == NULL || md[0] == '\0')
		return h;
	if (base_level < 1)
		base_level = 1;
	if (base_level > 6)
		base_level = 6;
	/* CMARK_OPT_SAFE is the default in cmark >= 0.29; named for older ones. */
	int opts = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	cmark_node *doc = cmark_parse_document(md, strlen(md), opts);
	if (doc == NULL)
		return h;
	renumber_headings(doc, base_level);
	char *html = cmark_render_html(doc, opts);
	cmark_node_free(doc);
	if (html == NULL)
		return h;
	h.html = arena_strdup(a, html);
	free(html);
	return h;
}
