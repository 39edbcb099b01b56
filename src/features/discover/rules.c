/*
 * search.c - query reading, highlighting and cursors; see search.h.
 *
 * A query is cut into terms: a "quoted phrase", or a run of non-blank
 * characters.  A leading '-' excludes a term; a bare "or" joins the terms
 * around it.  Terms that contain no word, or only stop words, are dropped
 * (PostgreSQL drops them too), and so is an "or" that no longer stands
 * between two wanted terms.  Exclusions are moved behind the wanted terms:
 * FTS5's NOT needs a left operand, and written the same way for
 * PostgreSQL both engines group "a or b -c" as a | (b & !c).
 */
#include "features/discover/rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "view/tpl.h"

const struct search_kind_info search_kinds[SEARCH_KIND__COUNT] = {
	[SEARCH_CHALLENGE] = {"challenge", "Challenges"},
	[SEARCH_IDEA] = {"idea", "Ideas"},
	[SEARCH_COMMENT] = {"comment", "Comments"},
	[SEARCH_PROJECT] = {"project", "Pilot projects"},
	[SEARCH_EVENT] = {"event", "Events"},
	[SEARCH_ORGANISATION] = {"organisation", "Organisations"},
	[SEARCH_ACTOR] = {"actor", "Actors"},
};

bool search_kind_parse(const char *id, enum search_kind *out)
{
	for (int k = 0; id != NULL && k < SEARCH_KIND__COUNT; k++) {
		if (strcmp(search_kinds[k].id, id) == 0) {
			*out = (enum search_kind)k;
			return true;
		}
	}
	return false;
}

struct term {
	const char *text; /* raw bytes of the term, without quotes or '-' */
	size_t len;
	bool phrase;
	bool negated;
	bool or_before; /* an "or" stood between this term and the previous */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* True when the term has at least one word that is not a stop word. */
static bool term_has_content(const char *text, size_t len)
{
	size_t pos = 0, start, end;
	while (stem_next_word(text, len, &pos, &start, &end))
		if (!stem_is_stop_word(text + start, end - start))
			return true;
	return false;
}

/* Cut q into terms; returns how many (at most SEARCH_TERMS_MAX). */
static size_t read_terms(const char *q, struct term *terms)
{
	size_t n = 0, i = 0, len = strlen(q);
	bool pending_or = false;

	while (i < len && n < SEARCH_TERMS_MAX) {
		struct term t = {0};
		if (is_blank(q[i])) {
			i++;
			continue;
		}
		if (q[i] == '-' && i + 1 < len && !is_blank(q[i + 1])) {
			t.negated = true;
			i++;
		}
		if (q[i] == '"') {
			const char *close = memchr(q + i + 1, '"', len - i - 1);
			size_t end = close ? (size_t)(close - q) : len;
			t.text = q + i + 1;
			t.len = end - i - 1;
			t.phrase = true;
			i = close ? end + 1 : len;
		} else {
			size_t start = i;
			while (i < len && !is_blank(q[i]) && q[i] != '"')
				i++;
			t.text = q + start;
			t.len = i - start;
			if (!t.negated && t.len == 2 && (q[start] == 'o' || q[start] == 'O') &&
			    (q[start + 1] == 'r' || q[start + 1] == 'R')) {
				pending_or = n > 0;
				continue;
			}
		}
		if (!term_has_content(t.text, t.len))
			continue;
		if (!t.negated) {
			t.or_before = pending_or;
			pending_or = false;
		}
		terms[n++] = t;
	}
	return n;
}

/* Append a term as an FTS5 string: quoted, inner quotes doubled. */
static void put_fts5_string(struct buf *b, const struct term *t)
{
	buf_putc(b, '"');
	for (size_t k = 0; k < t->len; k++) {
		if (t->text[k] == '"')
			buf_putc(b, '"');
		buf_putc(b, t->text[k]);
	}
	buf_putc(b, '"');
}

/* Append a term as websearch_to_tsquery reads it. */
static void put_websearch(struct buf *b, const struct term *t)
{
	if (t->negated)
		buf_putc(b, '-');
	if (t->phrase)
		buf_putc(b, '"');
	buf_append(b, t->text, t->len);
	if (t->phrase)
		buf_putc(b, '"');
}

/*
 * The words of one query's page already judged: a page of results
 * repeats most of its words, and stemming every word of every snippet in
 * two languages was a third of a search page's time.  Open addressing;
 * once three quarters full, further words are judged without being kept.
 */
enum { MEMO_SLOTS = 1024 };

struct memo_slot {
	const char *word; /* NULL: empty */
	uint32_t hash;
	uint32_t len;
	int match;
};

struct search_memo {
	struct arena *a;
	size_t used;
	struct memo_slot slot[MEMO_SLOTS];
};

static uint32_t word_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* True when one of the word's stems is one the query wants. */
static int word_judge(struct stemmer *st, const struct search_query *q, const char *word,
		      size_t len)
{
	struct stem stems[STEM_MAX];
	int n = stemmer_stems(st, word, len, stems);

	if (n < 0)
		return -1;
	for (int k = 0; k < n; k++)
		for (size_t j = 0; j < q->stem_count; j++)
			if (strlen(q->stems[j]) == stems[k].n &&
			    memcmp(q->stems[j], stems[k].s, stems[k].n) == 0)
				return 1;
	return 0;
}

static int word_matches(struct stemmer *st, const struct search_query *q, const char *word,
			size_t len)
{
	struct search_memo *m = q->memo;
	if (m == NULL || len > UINT32_MAX)
		return word_judge(st, q, word, len);
	uint32_t h = word_hash(word, len);
	size_t i = h & (MEMO_SLOTS - 1);
	while (m->slot[i].word != NULL) {
		struct memo_slot *s = &m->slot[i];
		if (s->hash == h && s->len == len && memcmp(s->word, word, len) == 0)
			return s->match;
		i = (i + 1) & (MEMO_SLOTS - 1);
	}
	int match = word_judge(st, q, word, len);
	if (match < 0 || m->used >= MEMO_SLOTS / 4 * 3)
		return match;
	const char *copy = arena_strndup(m->a, word, len);
	if (copy != NULL) {
		m->slot[i] = (struct memo_slot){copy, h, (uint32_t)len, match};
		m->used++;
	}
	return match;
}

/* Add the stems of the term's words to the query's set (no duplicates). */
static int add_stems(struct arena *a, struct stemmer *st, const struct term *t,
		     struct search_query *out, size_t cap)
{
	size_t pos = 0, start, end;

	while (stem_next_word(t->text, t->len, &pos, &start, &end)) {
		struct stem stems[STEM_MAX];
		int n = stemmer_stems(st, t->text + start, end - start, stems);
		if (n < 0)
			return -1;
		for (int k = 0; k < n; k++) {
			bool seen = false;
			for (size_t j = 0; j < out->stem_count && !seen; j++)
				seen = strlen(out->stems[j]) == stems[k].n &&
				       memcmp(out->stems[j], stems[k].s, stems[k].n) == 0;
			if (seen || out->stem_count == cap)
				continue;
			out->stems[out->stem_count] = arena_strndup(a, stems[k].s, stems[k].n);
			if (out->stems[out->stem_count] == NULL)
				return -1;
			out->stem_count++;
		}
	}
	return 0;
}

int search_query_parse(struct arena *a, struct stemmer *st, const char *q, struct search_query *out)
{
	struct term terms[SEARCH_TERMS_MAX];
	struct buf fts, web;
	size_t n, positives = 0;

	memset(out, 0, sizeof(*out));
	if (q == NULL)
		return SEARCH_EMPTY;
	size_t len = strlen(q), blank = 0;
	while (blank < len && is_blank(q[blank]))
		blank++;
	if (blank == len)
		return SEARCH_EMPTY;
	if (utf8_length(q, len) > SEARCH_QUERY_MAX)
		return SEARCH_TOO_LONG;
	n = read_terms(q, terms);
	for (size_t i = 0; i < n; i++)
		positives += !terms[i].negated;
	if (positives == 0)
		return SEARCH_NO_TERMS;

	buf_init(&fts, a);
	buf_init(&web, a);
	/* Each word has at most STEM_MAX stems; a term has at most len words. */
	size_t cap = STEM_MAX * (len + 1);
	out->stems = arena_calloc(a, cap, sizeof(*out->stems));
	out->memo = arena_calloc(a, 1, sizeof(*out->memo));
	if (out->stems == NULL || out->memo == NULL)
		return -1;
	out->memo->a = a;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (terms[i].negated)
			continue;
		if (!first) {
			buf_puts(&fts, terms[i].or_before ? " OR " : " ");
			buf_puts(&web, terms[i].or_before ? " or " : " ");
		}
		first = false;
		put_fts5_string(&fts, &terms[i]);
		put_websearch(&web, &terms[i]);
		if (add_stems(a, st, &terms[i], out, cap) != 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!terms[i].negated)
			continue;
		buf_puts(&fts, " NOT ");
		put_fts5_string(&fts, &terms[i]);
		buf_putc(&web, ' ');
		put_websearch(&web, &terms[i]);
	}
	if (fts.oom || web.oom)
		return -1;
	out->fts5 = buf_cstr(&fts);
	out->websearch = buf_cstr(&web);
	return SEARCH_OK;
}

static void put_word(struct buf *b, const char *word, size_t len, bool mark)
{
	if (mark)
		buf_puts(b, "<mark>");
	tpl_escape_text(b, word, len);
	if (mark)
		buf_puts(b, "</mark>");
}

char *search_highlight(struct arena *a, struct stemmer *st, const struct search_query *q,
		       const char *text)
{
	struct buf b;
	size_t pos = 0, start, end, done = 0;

	buf_init(&b, a);
	if (text == NULL)
		return arena_strdup(a, "");
	size_t len = strlen(text);
	while (stem_next_word(text, len, &pos, &start, &end)) {
		int m = word_matches(st, q, text + start, end - start);
		if (m < 0)
			return NULL;
		tpl_escape_text(&b, text + done, start - done);
		put_word(&b, text + start, end - start, m == 1);
		done = end;
	}
	tpl_escape_text(&b, text + done, len - done);
	return b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
}

/*
 * The text between two words, flattened for a one-line excerpt: blanks
 * become one space and Markdown marks vanish; a gap that had something
 * but loses it all still separates the words with a space.
 */
static void put_gap(struct buf *b, const char *s, size_t n, bool inner)
{
	bool space = false, wrote = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (is_blank(c)) {
			space = true;
			continue;
		}
		if (strchr("#*_`~", c) != NULL)
			continue;
		if (space && (wrote || inner))
			buf_putc(b, ' ');
		space = false;
		tpl_escape_text(b, &c, 1);
		wrote = true;
	}
	if (inner && (space || (!wrote && n > 0)))
		buf_putc(b, ' ');
}

struct span {
	size_t start, end;
	bool match;
};

char *search_snippet(struct arena *a, struct stemmer *st, const struct search_query *q,
		     const char *text, size_t words)
{
	struct buf b;
	size_t pos = 0, start, end, count = 0;

	if (text == NULL || words == 0)
		return arena_strdup(a, "");
	size_t len = strlen(text);
	bool cut = len > SEARCH_SNIPPET_SCAN;
	if (cut) {
		/* Back up to a character boundary. */
		len = SEARCH_SNIPPET_SCAN;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	/* A word takes at least two bytes with its separator. */
	size_t cap = len / 2 + 1;
	struct span *spans = arena_calloc(a, cap, sizeof(*spans));
	if (spans == NULL)
		return NULL;
	while (count < cap && stem_next_word(text, len, &pos, &start, &end)) {
		int m = word_matches(st, q, text + start, end - start);
		if (m < 0)
			return NULL;
		spans[count].start = start;
		spans[count].end = end;
		spans[count].match = m == 1;
		count++;
	}
	if (count == 0)
		return arena_strdup(a, "");

	/* The window with the most matches; a sliding count. */
	size_t w = words < count ? words : count;
	size_t best = 0, best_hits = 0, hits = 0;
	for (size_t i = 0; i < w; i++)
		hits += spans[i].match;
	best_hits = hits;
	for (size_t i = w; i < count; i++) {
		hits += spans[i].match;
		hits -= spans[i - w].match;
		if (hits > best_hits) {
			best_hits = hits;
			best = i - w + 1;
		}
	}
	/* Start a little before the first match, for context. */
	if (best_hits > 0) {
		size_t first = best;
		while (!spans[first].match)
			first++;
		size_t lead = w / 4;
		best = first > lead ? first - lead : 0;
		if (best + w > count)
			best = count - w;
	}

	buf_init(&b, a);
	if (best > 0)
		buf_puts(&b, "… ");
	for (size_t i = best; i < best + w; i++) {
		if (i > best)
			put_gap(&b, text + spans[i - 1].end, spans[i].start - spans[i - 1].end,
				true);
		put_word(&b, text + spans[i].start, spans[i].end - spans[i].start, spans[i].match);
	}
	size_t tail = spans[best + w - 1].end;
	if (best + w < count || cut) {
		buf_puts(&b, " …");
	} else {
		/* Keep closing punctuation ("word."), not trailing blanks. */
		put_gap(&b, text + tail, len - tail, false);
	}
	return b.oom ? NULL : arena_strdup(a, buf_cstr(&b));
}

char *search_cursor_format(struct arena *a, const struct search_cursor *c)
{
	uint64_t bits;

	/* The exact bits of the score, so the next page starts exactly there. */
	memcpy(&bits, &c->score, sizeof(bits));
	return arena_printf(a, "%016" PRIx64 "_%d_%" PRId64, bits, c->kind, c->id);
}

bool search_cursor_parse(const char *s, struct search_cursor *out)
{
	uint64_t bits = 0;
	int64_t id = 0;
	int kind = 0;
	size_t i = 0;

	if (s == NULL)
		return false;
	for (; i < 16; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return false;
		bits = bits << 4 | (uint64_t)v;
	}
	if (s[i++] != '_' || s[i] < '0' || s[i] > '9')
		return false;
	kind = s[i++] - '0';
	if (kind >= SEARCH_KIND__COUNT || s[i++] != '_')
		return false;
	if (s[i] < '1' || s[i] > '9')
		return false;
	for (int digits = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		if (++digits > 18)
			return false;
		id = id * 10 + (s[i] - '0');
	}
	if (s[i] != '\0')
		return false;
	memcpy(&out->score, &bits, sizeof(bits));
	if (out->score != out->score) /* NaN never comes from a ranking */
		return false;
	out->kind = kind;
	out->id = id;
	return true;
}
