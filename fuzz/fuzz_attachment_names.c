/*
 * fuzz_attachment_names.c - what a file name or a typed link text becomes
 * (domain/attachment.c): the cleaned link text, the Content-Disposition
 * header built from it, and the check of a cover's description, on
 * arbitrary bytes (the HTTP layer lets only valid UTF-8 through, but these
 * functions promise not to depend on it).
 *
 * Invariants checked: the link text is valid UTF-8 without control or
 * bidirectional-override characters and at most ATTACHMENT_NAME_MAX
 * characters; the header value is printable ASCII and its quoted name
 * holds no quote or backslash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "features/funnel/attachment_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;

	arena_init(&a);
	char *in = arena_strndup(&a, (const char *)data, size);
	if (in == NULL)
		goto out;
	char *name = attachment_name_clean(&a, in);
	if (name == NULL)
		goto out;
	size_t n = strlen(name);
	if (!utf8_valid(name, n) || utf8_has_controls(name, n) ||
	    utf8_length(name, n) > ATTACHMENT_NAME_MAX)
		abort();
	if (strstr(name, "\xe2\x80\xae") != NULL || strstr(name, "\xe2\x81\xa6") != NULL)
		abort(); /* RLO, LRI */
	const char *d = attachment_disposition(&a, name);
	if (d == NULL)
		goto out;
	for (const char *p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			abort();
	const char *q = d + strlen("attachment; filename=\"");
	const char *end = strstr(q, "\"; filename*=UTF-8''");
	if (end == NULL)
		abort();
	for (const char *p = q; p < end; p++)
		if (*p == '"' || *p == '\\')
			abort();
	(void)cover_alt_problem(true, in, false);
	(void)attachment_sniff_pdf(data, size);
out:
	arena_free(&a);
	return 0;
}
