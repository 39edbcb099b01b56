/*
 * rules.c - account rules; see rules.h.
 *
 * Passwords are checked for length, not composition (NIST SP 800-63B):
 * composition rules make passwords harder to remember, not to guess.
 */
#include "features/accounts/rules.h"

#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "app/sector.h"

/* Copy s without leading and trailing white space. */
static char *trim_dup(struct arena *a, const char *s)
{
	if (s == NULL)
		return arena_strdup(a, "");
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

char *account_normalise_email(struct arena *a, const char *email)
{
	char *e = trim_dup(a, email);
	size_t n;

	if (e == NULL)
		return NULL;
	n = strlen(e);
	if (n < 3 || n > ACCOUNT_EMAIL_MAX || !utf8_valid(e, n))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)e[i];
		if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' ||
		    c == ';' || c == '\\')
			return NULL;
		if (c >= 'A' && c <= 'Z')
			e[i] = (char)(c - 'A' + 'a');
	}
	const char *at = strchr(e, '@');
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL)
		return NULL;
	const char *dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return NULL;
	return e;
}

bool account_password_ok(const char *password)
{
	size_t n = password ? strlen(password) : 0;
	return n > 0 && n <= ACCOUNT_PASSWORD_MAX && utf8_valid(password, n) &&
	       utf8_length(password, n) >= ACCOUNT_PASSWORD_MIN;
}

size_t account_check_registration(struct arena *a, const struct registration *in,
				  struct registration *out,
				  struct field_problem problems[ACCOUNT_MAX_PROBLEMS])
{
	size_t count = 0;
	enum sector sector;

#define PROBLEM(f, m)                          \
	do {                                   \
		problems[count].field = (f);   \
		problems[count].message = (m); \
		count++;                       \
	} while (0)

	memset(out, 0, sizeof(*out));
	out->email = account_normalise_email(a, in->email);
	if (in->email == NULL || in->email[0] == '\0')
		PROBLEM("email", N_("Enter your e-mail address."));
	else if (out->email == NULL)
		PROBLEM("email", N_("Enter an e-mail address like name@example.org."));

	char *name = trim_dup(a, in->name);
	size_t name_len = name ? strlen(name) : 0;
	if (name_len == 0)
		PROBLEM("name", N_("Enter a display name."));
	else if (utf8_length(name, name_len) > ACCOUNT_NAME_MAX)
		PROBLEM("name", N_("The display name can have at most 80 characters."));
	else if (utf8_has_controls(name, name_len))
		PROBLEM("name", N_("The display name contains characters that are not allowed."));
	out->name = name;

	if (in->password == NULL || in->password[0] == '\0')
		PROBLEM("password", N_("Enter a password."));
	else if (strlen(in->password) > ACCOUNT_PASSWORD_MAX)
		PROBLEM("password", N_("The password is too long."));
	else if (!account_password_ok(in->password))
		PROBLEM("password", N_("The password must have at least 10 characters."));
	out->password = in->password;

	if (!sector_parse(in->sector, &sector))
		PROBLEM("sector", N_("Choose the part of society you belong to."));
	else
		out->sector = sector_table[sector].id;

	char *org = trim_dup(a, in->organisation);
	size_t org_len = org ? strlen(org) : 0;
	if (utf8_length(org, org_len) > ACCOUNT_ORG_MAX)
		PROBLEM("organisation", N_("The organisation can have at most 120 characters."));
	else if (utf8_has_controls(org, org_len))
		PROBLEM("organisation",
			N_("The organisation contains characters that are not allowed."));
	out->organisation = org_len ? org : NULL;
#undef PROBLEM
	return count;
}
