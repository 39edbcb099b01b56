/*
 * i18n.c - catalogue lookup and Accept-Language negotiation; see i18n.h.
 *
 * The generated tables are sorted by strcmp(), so a lookup is a binary
 * search: about ten string compares for a thousand messages, without
 * any start-up work or locking.
 */
#include "base/i18n.h"

#include <string.h>

const char *tr(enum lang lang, const char *msgid)
{
	size_t lo = 0, hi = i18n_msg_count;

	if ((unsigned)lang >= LANG__MAX || msgid == NULL)
		return msgid;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(msgid, i18n_msgids[mid]);
		if (c == 0)
			return i18n_msgstrs[lang][mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return msgid;
}

static char fold(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c == '_' ? '-' : c;
}

/* Does the code of n bytes equal the BCP 47 tag, ignoring case? */
static bool code_equal(const char *code, size_t n, const char *tag)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tag[i] == '\0' || fold(code[i]) != fold(tag[i]))
			return false;
	return tag[i] == '\0';
}

/* Do the n bytes of range start tag (which is longer), ignoring case? */
static bool prefix_equal(const char *range, size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++)
		if (fold(range[i]) != fold(tag[i]))
			return false;
	return true;
}

bool i18n_lang_from_code(const char *code, size_t n, enum lang *out)
{
	if (code == NULL)
		return false;
	for (int l = 0; l < LANG__MAX; l++) {
		if (code_equal(code, n, i18n_lang_codes[l])) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

const char *i18n_code(enum lang lang)
{
	if ((unsigned)lang >= LANG__MAX)
		lang = I18N_DEFAULT_LANG;
	return i18n_lang_codes[lang];
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Language matching a range of n bytes, by RFC 4647 lookup: the range
 * itself, then shortened at each '-' ("de-DE-1996" → "de-DE" → "de");
 * failing that, a language whose tag extends the range ("pt" → pt-BR).
 */
static bool match_range(const char *r, size_t n, enum lang *out)
{
	if (n == 1 && r[0] == '*') {
		*out = I18N_DEFAULT_LANG;
		return true;
	}
	for (size_t len = n; len > 0;) {
		if (i18n_lang_from_code(r, len, out))
			return true;
		while (len > 0 && r[len - 1] != '-')
			len--;
		if (len > 0)
			len--; /* drop the '-' too */
	}
	for (int l = 0; l < LANG__MAX; l++) {
		const char *tag = i18n_lang_codes[l];
		if (strlen(tag) > n && tag[n] == '-' && prefix_equal(r, n, tag)) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

/*
 * Parse a qvalue: "0", "0.5", "1", "1.000" (at most three decimals).
 * Returns thousandths, or -1 when malformed.
 */
static int parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	return q <= 1000 ? q : -1;
}

/*
 * One element "de-DE;q=0.8" of length n: its range and q.  Returns
 * false for a malformed element, which is then ignored.
 */
static bool parse_element(const char *s, size_t n, const char **range, size_t *range_len, int *q)
{
	size_t i = 0;

	/* language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*" */
	if (n > 0 && s[0] == '*') {
		i = 1;
	} else {
		size_t part = 0;
		while (i < n && is_alpha(s[i]) && part < 8) {
			i++;
			part++;
		}
		if (part == 0)
			return false;
		while (i < n && s[i] == '-') {
			i++;
			part = 0;
			while (i < n && (is_alpha(s[i]) || is_digit(s[i])) && part < 8) {
				i++;
				part++;
			}
			if (part == 0)
				return false;
		}
	}
	*range = s;
	*range_len = i;
	*q = 1000;
	while (i < n && is_ows(s[i]))
		i++;
	if (i == n)
		return true;
	/* weight = OWS ";" OWS "q=" qvalue */
	if (s[i] != ';')
		return false;
	i++;
	while (i < n && is_ows(s[i]))
		i++;
	if (n - i < 2 || (s[i] != 'q' && s[i] != 'Q') || s[i + 1] != '=')
		return false;
	i += 2;
	size_t end = n;
	while (end > i && is_ows(s[end - 1]))
		end--;
	*q = parse_qvalue(s + i, end - i);
	return *q >= 0;
}

enum lang i18n_negotiate(const char *accept_language)
{
	enum lang best = I18N_DEFAULT_LANG;
	int best_q = 0;
	const char *p = accept_language;

	if (p == NULL)
		return best;
	while (*p != '\0') {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		const char *range;
		size_t range_len;
		int q;
		enum lang l;

		while (n > 0 && is_ows(*p)) {
			p++;
			n--;
		}
		/* strictly greater: ties keep the earlier range */
		if (parse_element(p, n, &range, &range_len, &q) && q > best_q &&
		    match_range(range, range_len, &l)) {
			best = l;
			best_q = q;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return best;
}
