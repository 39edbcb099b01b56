/*
 * rules.c - the content pages' rules; see rules.h.
 */
#include "features/content/rules.h"

#include <string.h>

#include "base/utf8.h"

const struct content_page_def content_pages[CONTENT__COUNT] = {
	[CONTENT_IMPRINT] = {"imprint", N_("Imprint"),
			     N_("Who runs the platform and how to reach them (§ 5 DDG).")},
	[CONTENT_PRIVACY] = {"privacy", N_("Privacy"),
			     N_("What is stored, why, for how long, and the rights of the people "
				"concerned (GDPR Art. 13).")},
	[CONTENT_ACCESSIBILITY] = {"accessibility", N_("Accessibility statement"),
				   N_("How accessible the platform is, what is not yet, and the "
				      "feedback contact for reporting a barrier (BITV 2.0 § 7): "
				      "write the contact into the text.")},
};

const enum lang content_langs[CONTENT_LANGS] = {LANG_DE, LANG_EN};

/* The page whose slug is the n bytes at slug. */
static bool page_of_slug(const char *slug, size_t n, enum content_page *out)
{
	for (int p = 0; p < CONTENT__COUNT; p++)
		if (strlen(content_pages[p].slug) == n &&
		    strncmp(slug, content_pages[p].slug, n) == 0) {
			*out = (enum content_page)p;
			return true;
		}
	return false;
}

bool content_page_of_slug(const char *slug, enum content_page *out)
{
	return slug != NULL && page_of_slug(slug, strlen(slug), out);
}

bool content_page_of_path(const char *path, enum content_page *out)
{
	static const char prefix[] = "/admin/pages/";

	if (path == NULL || strncmp(path, prefix, sizeof(prefix) - 1) != 0)
		return false;
	const char *slug = path + sizeof(prefix) - 1;
	return page_of_slug(slug, strcspn(slug, "/"), out);
}

char *content_body_normalise(struct arena *a, const char *text)
{
	size_t n = text ? strlen(text) : 0, j = 0;
	char *out = arena_alloc(a, n + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!(text[i] == '\r' && text[i + 1] == '\n'))
			out[j++] = text[i] == '\r' ? '\n' : text[i];
	while (j > 0 && strchr(" \t\n", out[j - 1]) != NULL)
		j--;
	out[j] = '\0';
	return out;
}

const char *content_body_problem(const char *body)
{
	size_t n = body ? strlen(body) : 0;

	if (n == 0)
		return N_("Write the text of the page.");
	if (n > CONTENT_BODY_MAX)
		return N_("The text is too long: at most 100,000 bytes.");
	if (!utf8_valid(body, n))
		return N_("The text contains invalid characters.");
	return NULL;
}
