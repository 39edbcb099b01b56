/*
 * i18n.h - message catalogue and language negotiation.
 *
 * The catalogue is compiled from po/<code>.po by tools/tplc into
 * i18n_catalog.{h,c} (the build adds its folder to the include path).
 * The first catalogue given to tplc is the default language (German);
 * msgids are the English source strings.
 *
 * Templates do not call tr(): their translations are escaped and
 * tabled at build time.  tr() serves C code (flash messages, e-mail,
 * errors); tplc --check-c makes sure every tr(lang, "literal") and
 * N_("literal") in the checked sources has a translation everywhere.
 */
#ifndef OIC_BASE_I18N_H
#define OIC_BASE_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n_catalog.h"

/*
 * Mark a string for translation where it is defined (a static table)
 * and translate it later with tr(lang, s).
 */
#define N_(s) (s)

/*
 * The translation of msgid in lang.  Returns msgid itself when it is
 * not in the catalogue (tplc rules that out for checked sources) or
 * lang is out of range.  The result is static: never free it.
 */
const char *tr(enum lang lang, const char *msgid);

/*
 * Language of a code of n bytes ("de", "EN", "pt_BR" / "pt-BR"; case
 * and '-' / '_' do not matter).  Returns false for an unknown code and
 * leaves *out alone.
 */
bool i18n_lang_from_code(const char *code, size_t n, enum lang *out);

/*
 * Best language for an Accept-Language header (RFC 9110 section 12.5.4):
 * the highest q wins, ties go to the earlier range, q=0 excludes;
 * "de-DE" matches de, "pt" matches pt-BR, "*" matches the default.
 * NULL, empty, garbage or no match gives I18N_DEFAULT_LANG.
 */
enum lang i18n_negotiate(const char *accept_language);

/* BCP 47 code of lang ("de"), for <html lang> and URLs; static. */
const char *i18n_code(enum lang lang);

#endif
