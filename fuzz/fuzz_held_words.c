/*
 * fuzz_held_words.c - the moderators' held words on arbitrary bytes: the
 * list as typed normalised (office_held_words_normalise) and matched
 * against a text (text_find_listed_word).  The input is split at its
 * first NUL into the typed list and the text.
 *
 * Invariants checked: a normalised list holds no empty line, no entry
 * twice and no entry longer than OFFICE_HELD_WORD_LEN characters, and
 * normalising it again changes nothing; a match is one of the list's
 * entries (trimmed) and is found again when its own text is searched.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/utf8.h"
#include "features/office/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	const char *problem;

	arena_init(&a);
	char *in = arena_strndup(&a, (const char *)data, size);
	if (in == NULL)
		goto out;
	size_t split = strlen(in);
	const char *text = split < size ? (const char *)data + split + 1 : "";
	char *text_copy = arena_strndup(&a, text, size - (split < size ? split + 1 : size));
	const char *list = office_held_words_normalise(&a, in, &problem);
	if (list != NULL) {
		if (list[0] == '\n' || strstr(list, "\n\n") != NULL ||
		    (list[0] != '\0' && list[strlen(list) - 1] == '\n'))
			abort();
		const char *again = office_held_words_normalise(&a, list, &problem);
		if (again == NULL || strcmp(again, list) != 0)
			abort();
		for (const char *e = list; *e != '\0';) {
			size_t n = strcspn(e, "\n");
			if (utf8_length(e, n) > OFFICE_HELD_WORD_LEN)
				abort();
			e += n + (e[n] == '\n');
		}
	}
	const char *hit = text_find_listed_word(&a, list != NULL ? list : in, text_copy);
	if (hit != NULL && list != NULL) {
		size_t n = strlen(hit);
		bool listed = false;
		for (const char *e = list; *e != '\0' && !listed;) {
			size_t len = strcspn(e, "\n");
			listed = len == n && memcmp(e, hit, n) == 0;
			e += len + (e[len] == '\n');
		}
		if (!listed)
			abort();
	}
out:
	arena_free(&a);
	return 0;
}
