/*
 * rules.c - the pure rules of organisations; see rules.h.
 */
#include "features/organisations/rules.h"

#include <string.h>

#include "app/sector.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/utf8.h"

bool org_website_ok(const char *s)
{
	size_t n, skip;

	if (s == NULL)
		return false;
	n = strlen(s);
	if (n > ORG_WEBSITE_MAX)
		return false;
	if (strncmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return false;
	/* A host: at least one character before any '/', '?' or '#'. */
	if (s[skip] == '\0' || s[skip] == '/' || s[skip] == '?' || s[skip] == '#' || s[skip] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\')
			return false;
	}
	return utf8_valid(s, n);
}

size_t org_profile_check(struct arena *a, bool office, const char *name, const char *sector,
			 const char *summary, const char *website, const char *lang,
			 struct org_profile *out, struct field_problem *problems)
{
	size_t n = 0;
	const char *problem = NULL;
	enum lang l;
	enum sector sec;

	memset(out, 0, sizeof(*out));
	if (office) {
		out->name =
			text_check(a, name, ORG_NAME_MAX, N_("Enter the organisation's name."),
				   N_("The name can be at most 200 characters long."), &problem);
		if (out->name == NULL)
			problems[n++] = (struct field_problem){"name", problem};
		if (sector_parse(sector, &sec))
			out->sector = sector_table[sec].id;
		else
			problems[n++] = (struct field_problem){
				"sector", N_("Choose one of the four sectors.")};
	}
	out->summary = text_trim_dup(a, summary);
	if (out->summary == NULL || !utf8_valid(out->summary, strlen(out->summary)) ||
	    utf8_length(out->summary, strlen(out->summary)) > ORG_SUMMARY_MAX)
		problems[n++] = (struct field_problem){
			"summary", N_("The description can be at most 5,000 characters long.")};
	out->website = text_trim_dup(a, website);
	if (out->website == NULL || (out->website[0] != '\0' && !org_website_ok(out->website)))
		problems[n++] = (struct field_problem){
			"website", N_("Enter the website as an address that begins with http:// or "
				      "https://, or leave it empty.")};
	if (lang != NULL && i18n_lang_from_code(lang, strlen(lang), &l) && strlen(lang) == 2)
		out->lang = i18n_code(l);
	else
		problems[n++] =
			(struct field_problem){"lang", N_("Choose one of the offered languages.")};
	return n;
}
