/*
 * pages.c - the legal pages every public site needs: imprint
 * (Impressum, § 5 DDG), privacy notice (GDPR Art. 13) and accessibility
 * statement (BITV 2.0 § 7).
 */
#include <string.h>

#include "templates.h"
#include "app/app.h"

typedef void text_template(struct tpl_out *out, const struct text_page_view *v);

static void text_page(struct http_request *req, struct http_response *resp, const char *title,
		      text_template *render)
{
	struct text_page_view v;

	memset(&v, 0, sizeof(v));
	app_layout(req, resp, &v.layout, title, req->path);
	v.contact_email = app_contact_email();
	struct tpl_out out = app_html(req, resp, 200);
	render(&out, &v);
}

void pages_imprint(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	(void)ctx;
	text_page(req, resp, N_("Imprint"), tpl_imprint);
}

void pages_privacy(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	(void)ctx;
	text_page(req, resp, N_("Privacy"), tpl_privacy);
}

void pages_accessibility(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	(void)ctx;
	text_page(req, resp, N_("Accessibility statement"), tpl_accessibility);
}
