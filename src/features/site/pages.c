/*
 * pages.c - the legal pages every public site needs: imprint
 * (Impressum, § 5 DDG), privacy notice (GDPR Art. 13) and accessibility
 * statement (BITV 2.0 § 7).
 *
 * Their text is the Innovation Office's newest version in the visitor's
 * language (features/content, edited at /admin/pages), rendered from
 * Markdown by the safe renderer; a language without a version shows the
 * built-in text of the template.  The routes are ROUTE_CACHE: a save is
 * a successful POST, after which app.c empties the page cache.
 */
#include <string.h>

#include "templates.h"
#include "app/app.h"
#include "features/content/content.h"
#include "view/markdown.h"

typedef void text_template(struct tpl_out *out, const struct text_page_view *v);

static void text_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx,
		      const char *slug, const char *title, text_template *render)
{
	struct text_page_view v;
	const char *md;

	memset(&v, 0, sizeof(v));
	if (content_page_body(ctx->db, &req->arena, slug, ctx->lang, &md) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	/* The page's <h1> is its title: the text's headings start below it. */
	if (md != NULL)
		v.body = markdown_render(&req->arena, md, 2);
	app_layout(req, resp, &v.layout, title, req->path);
	v.contact_email = app_contact_email();
	struct tpl_out out = app_html(req, resp, 200);
	render(&out, &v);
}

void pages_imprint(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	text_page(req, resp, ctx, "imprint", N_("Imprint"), tpl_imprint);
}

void pages_privacy(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	text_page(req, resp, ctx, "privacy", N_("Privacy"), tpl_privacy);
}

void pages_accessibility(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	text_page(req, resp, ctx, "accessibility", N_("Accessibility statement"),
		  tpl_accessibility);
}
