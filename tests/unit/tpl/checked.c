/*
 * checked.c - input for tplc --check-c in the tests; never compiled.
 * Every literal msgid below must be in tests/unit/tpl/{de,en}.po; the
 * decoys in comments and strings must be ignored: tr(lang, "Decoy")
 */
#include "base/i18n.h"

static const char *const labels[] = {N_("Sector"), N_(label_macro)};

const char *greet(enum lang lang)
{
	const char *s = "tr(lang, \"Decoy in a string\")";
	const char *attr = str(lang, "Not tr: str()");
	// tr(lang, "Decoy in a line comment")
	(void)s;
	(void)attr;
	(void)tr(pick_lang(a, b), dynamic_msgid);
	(void)tr(lang, "Line one\n"
		       "line two\x09tab");
	return tr(lang_of(req), "Welcome " /* split */ "back");
}
