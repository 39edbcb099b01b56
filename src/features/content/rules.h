/*
 * rules.h - the rules of the content pages, without I/O: which pages the
 * Innovation Office writes, in which languages, and what a text must be
 * to become a version (features/content/content.c does the I/O around
 * them; tests/unit/test_content.c tests this).
 */
#ifndef OIC_CONTENT_RULES_H
#define OIC_CONTENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/i18n.h"

enum {
	CONTENT_BODY_MAX = 100000, /* bytes of one version's Markdown */
	CONTENT_HISTORY_PAGE = 20, /* versions per page of a page's history */
};

/* The pages, in the order of the list (content_page_versions.slug). */
enum content_page { CONTENT_IMPRINT, CONTENT_PRIVACY, CONTENT_ACCESSIBILITY, CONTENT__COUNT };

struct content_page_def {
	const char *slug;  /* "imprint": the public path and the stored slug */
	const char *title; /* msgid of its title */
	const char *hint;  /* msgid: what the text must say */
};

extern const struct content_page_def content_pages[CONTENT__COUNT];

/* The languages a page is written in (content_page_versions.lang), in form order. */
enum { CONTENT_LANGS = 2 };
extern const enum lang content_langs[CONTENT_LANGS];

/* The page of a stored slug ("privacy"); false when it names none. */
bool content_page_of_slug(const char *slug, enum content_page *out);

/*
 * The page of a back-office path ("/admin/pages/privacy",
 * "/admin/pages/privacy/versions/3/restore"); false when it names none.
 */
bool content_page_of_path(const char *path, enum content_page *out);

/*
 * text as it is stored: line ends as "\n" (browsers send "\r\n"), no
 * white space at the end.  NULL becomes "".  In a; NULL when out of memory.
 */
char *content_body_normalise(struct arena *a, const char *text);

/*
 * Why a normalised text may not become a version (an English msgid), or
 * NULL when it may: it must say something, hold at most CONTENT_BODY_MAX
 * bytes and be valid UTF-8 (the server refuses other forms before this;
 * the rule does not rely on it).
 */
const char *content_body_problem(const char *body);

#endif
