/*
 * rules.c - matchmaking's TF-IDF vectors, inverted index, ranking and
 * explanations; see rules.h.
 *
 * Words are cut and stemmed by base/stem.h, the same as full-text search
 * (a word gives its German and its English stem), so "Fahrräder" meets
 * "Fahrrad" here as it does in a search.  A tag is a term of its own
 * (kept apart from the words by a leading byte 1), weighed 1 and
 * normalised on its own, then scaled by sqrt(MATCHING_W_TAG) on both
 * sides: one dot product gives cos(texts) + MATCHING_W_TAG x cos(tags).
 */
#include "features/matching/rules.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/stem.h"

enum { MATCHING_PRUNE_FROM = 1000 };

struct term {
	const char *key; /* the stem; a tag's key after byte 1 */
	size_t len;
	uint32_t hash;
	uint32_t df;	  /* documents holding it */
	const char *word; /* the first word it was seen as; a tag's label */
	bool tag;
};

struct entry {
	uint32_t term;
	float w;
};

struct posting {
	uint32_t doc;
	float w;
};

struct doc {
	int64_t id;
	size_t start, count; /* its entries, sorted by term */
	unsigned source;
	const char *district;
};

struct index {
	size_t docs;	 /* documents of the source */
	size_t *offsets; /* terms + 1 */
	struct posting *postings;
};

struct matching {
	struct arena strings;
	size_t string_bytes;
	struct stemmer *stemmer;
	struct term *terms;
	size_t terms_n, terms_cap;
	uint32_t *table; /* open addressing: term index + 1, 0 free */
	size_t table_cap;
	struct entry *entries;
	size_t entries_n, entries_cap;
	struct doc *docs;
	size_t docs_n, docs_cap;
	uint32_t *scratch; /* the term ids of the document being added */
	size_t scratch_n, scratch_cap;
	struct index index[MATCHING_SOURCES_MAX];
	double *scores; /* per document, while a query runs */
	uint32_t *touched;
	bool built;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (q == NULL)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static uint32_t hash_of(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

struct matching *matching_new(void)
{
	struct matching *m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	arena_init(&m->strings);
	m->stemmer = stemmer_new();
	m->table_cap = 1024;
	m->table = calloc(m->table_cap, sizeof(*m->table));
	if (m->stemmer == NULL || m->table == NULL) {
		matching_free(m);
		return NULL;
	}
	return m;
}

void matching_free(struct matching *m)
{
	if (m == NULL)
		return;
	stemmer_free(m->stemmer);
	arena_free(&m->strings);
	free(m->terms);
	free(m->table);
	free(m->entries);
	free(m->docs);
	free(m->scratch);
	for (size_t s = 0; s < MATCHING_SOURCES_MAX; s++) {
		free(m->index[s].offsets);
		free(m->index[s].postings);
	}
	free(m->scores);
	free(m->touched);
	free(m);
}

static char *keep(struct matching *m, const char *s, size_t n)
{
	m->string_bytes += n + 1;
	return arena_strndup(&m->strings, s, n);
}

static bool rehash(struct matching *m)
{
	size_t cap = m->table_cap * 2;
	uint32_t *t = calloc(cap, sizeof(*t));
	if (t == NULL)
		return false;
	for (size_t i = 0; i < m->terms_n; i++) {
		size_t at = m->terms[i].hash & (cap - 1);
		while (t[at] != 0)
			at = (at + 1) & (cap - 1);
		t[at] = (uint32_t)i + 1;
	}
	free(m->table);
	m->table = t;
	m->table_cap = cap;
	return true;
}

/* The term of key[0..n) (made when new, shown as word): its index, or -1. */
static long intern(struct matching *m, const char *key, size_t n, const char *word, size_t wn,
		   bool tag)
{
	uint32_t h = hash_of(key, n);
	size_t at = h & (m->table_cap - 1);
	for (; m->table[at] != 0; at = (at + 1) & (m->table_cap - 1)) {
		const struct term *t = &m->terms[m->table[at] - 1];
		if (t->hash == h && t->len == n && memcmp(t->key, key, n) == 0)
			return (long)m->table[at] - 1;
	}
	if (!grow((void **)&m->terms, &m->terms_cap, m->terms_n + 1, sizeof(*m->terms)))
		return -1;
	struct term *t = &m->terms[m->terms_n];
	t->key = keep(m, key, n);
	t->word = keep(m, word, wn);
	if (t->key == NULL || t->word == NULL)
		return -1;
	t->len = n;
	t->hash = h;
	t->df = 0;
	t->tag = tag;
	m->table[at] = (uint32_t)m->terms_n + 1;
	m->terms_n++;
	if (m->terms_n * 2 > m->table_cap && !rehash(m))
		return -1;
	return (long)m->terms_n - 1;
}

static bool scratch_push(struct matching *m, long term)
{
	if (term < 0 ||
	    !grow((void **)&m->scratch, &m->scratch_cap, m->scratch_n + 1, sizeof(*m->scratch)))
		return false;
	m->scratch[m->scratch_n++] = (uint32_t)term;
	return true;
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static bool add_words(struct matching *m, const char *text)
{
	size_t len = text ? strlen(text) : 0, pos = 0, start, end;
	struct stem stems[STEM_MAX];

	while (stem_next_word(text, len, &pos, &start, &end)) {
		int k = stemmer_stems(m->stemmer, text + start, end - start, stems);
		if (k < 0)
			return false;
		for (int i = 0; i < k; i++)
			if (stems[i].n > 0 &&
			    !scratch_push(m, intern(m, stems[i].s, stems[i].n, text + start,
						    end - start, false)))
				return false;
	}
	return true;
}

static bool add_tags(struct matching *m, const struct matching_tag *tags, size_t n)
{
	struct buf b;
	struct arena tmp;
	bool ok = true;

	arena_init(&tmp);
	for (size_t i = 0; ok && i < n; i++) {
		if (tags[i].key == NULL || tags[i].key[0] == '\0')
			continue;
		buf_init(&b, &tmp);
		buf_printf(&b, "\001%s", tags[i].key);
		const char *label = tags[i].label ? tags[i].label : tags[i].key;
		ok = !b.oom &&
		     scratch_push(m, intern(m, buf_cstr(&b), b.len, label, strlen(label), true));
	}
	arena_free(&tmp);
	return ok;
}

long matching_add(struct matching *m, unsigned source, const struct matching_doc *d)
{
	if (m->built || source >= MATCHING_SOURCES_MAX || m->docs_n >= UINT32_MAX - 1 ||
	    !grow((void **)&m->docs, &m->docs_cap, m->docs_n + 1, sizeof(*m->docs)))
		return -1;
	m->scratch_n = 0;
	if (!add_words(m, d->text) || !add_tags(m, d->tags, d->tags_count))
		return -1;
	qsort(m->scratch, m->scratch_n, sizeof(*m->scratch), compare_u32);
	struct doc *doc = &m->docs[m->docs_n];
	doc->id = d->id;
	doc->source = source;
	doc->start = m->entries_n;
	doc->district =
		d->district && d->district[0] ? keep(m, d->district, strlen(d->district)) : NULL;
	for (size_t i = 0; i < m->scratch_n;) {
		size_t j = i;
		while (j < m->scratch_n && m->scratch[j] == m->scratch[i])
			j++;
		if (!grow((void **)&m->entries, &m->entries_cap, m->entries_n + 1,
			  sizeof(*m->entries)))
			return -1;
		m->entries[m->entries_n++] = (struct entry){m->scratch[i], (float)(j - i)};
		m->terms[m->scratch[i]].df++;
		i = j;
	}
	doc->count = m->entries_n - doc->start;
	return (long)m->docs_n++;
}

/* TF-IDF of the words, 1 for each tag; each part normalised, the tags scaled. */
static void weigh(struct matching *m, const struct doc *d)
{
	double text = 0, tags = 0, n = (double)m->docs_n;
	struct entry *e = m->entries + d->start;

	for (size_t i = 0; i < d->count; i++) {
		const struct term *t = &m->terms[e[i].term];
		double w = t->tag ? 1.0 : (1.0 + log((double)e[i].w)) * log(1.0 + n / t->df);
		e[i].w = (float)w;
		*(t->tag ? &tags : &text) += w * w;
	}
	text = text > 0 ? 1.0 / sqrt(text) : 0;
	tags = tags > 0 ? sqrt(MATCHING_W_TAG) / sqrt(tags) : 0;
	for (size_t i = 0; i < d->count; i++)
		e[i].w = (float)(e[i].w * (m->terms[e[i].term].tag ? tags : text));
}

int matching_build(struct matching *m)
{
	size_t used[MATCHING_SOURCES_MAX] = {0};

	for (size_t i = 0; i < m->docs_n; i++) {
		weigh(m, &m->docs[i]);
		used[m->docs[i].source] += m->docs[i].count;
	}
	for (unsigned s = 0; s < MATCHING_SOURCES_MAX; s++) {
		struct index *x = &m->index[s];
		if (used[s] == 0)
			continue;
		x->offsets = calloc(m->terms_n + 1, sizeof(*x->offsets));
		x->postings = malloc(used[s] * sizeof(*x->postings));
		if (x->offsets == NULL || x->postings == NULL)
			return -1;
		for (size_t i = 0; i < m->docs_n; i++)
			if (m->docs[i].source == s)
				for (size_t k = 0; k < m->docs[i].count; k++)
					x->offsets[m->entries[m->docs[i].start + k].term + 1]++;
		for (size_t t = 0; t < m->terms_n; t++)
			x->offsets[t + 1] += x->offsets[t];
		for (size_t i = 0; i < m->docs_n; i++)
			x->docs += m->docs[i].source == s;
		size_t *fill = calloc(m->terms_n + 1, sizeof(*fill));
		if (fill == NULL)
			return -1;
		for (size_t i = 0; i < m->docs_n; i++) {
			if (m->docs[i].source != s)
				continue;
			for (size_t k = 0; k < m->docs[i].count; k++) {
				const struct entry *e = &m->entries[m->docs[i].start + k];
				x->postings[x->offsets[e->term] + fill[e->term]++] =
					(struct posting){(uint32_t)i, e->w};
			}
		}
		free(fill);
	}
	m->scores = calloc(m->docs_n ? m->docs_n : 1, sizeof(*m->scores));
	m->touched = malloc((m->docs_n ? m->docs_n : 1) * sizeof(*m->touched));
	if (m->scores == NULL || m->touched == NULL)
		return -1;
	m->built = true;
	return 0;
}

int64_t matching_doc_id(const struct matching *m, size_t doc)
{
	return doc < m->docs_n ? m->docs[doc].id : 0;
}

long matching_top(struct matching *m, size_t subject, unsigned source, int64_t exclude_id,
		  double min_score, struct matching_hit *out, size_t n)
{
	size_t touched = 0, got = 0;

	if (!m->built || subject >= m->docs_n || source >= MATCHING_SOURCES_MAX)
		return -1;
	const struct index *x = &m->index[source];
	const struct doc *d = &m->docs[subject];
	if (x->offsets == NULL || n == 0)
		return 0;
	for (size_t k = 0; k < d->count; k++) {
		const struct entry *e = &m->entries[d->start + k];
		/* In a large source, a word in more than a tenth of it weighs little (its
		 * IDF is at most log 11) and costs most: skipped, unless it is a tag. */
		size_t len = x->offsets[e->term + 1] - x->offsets[e->term];
		if (x->docs >= MATCHING_PRUNE_FROM && len * 10 > x->docs && !m->terms[e->term].tag)
			continue;
		for (size_t p = x->offsets[e->term]; p < x->offsets[e->term + 1]; p++) {
			uint32_t t = x->postings[p].doc;
			if (m->scores[t] == 0)
				m->touched[touched++] = t;
			m->scores[t] += (double)e->w * x->postings[p].w;
		}
	}
	for (size_t i = 0; i < touched; i++) {
		uint32_t t = m->touched[i];
		double s = m->scores[t];
		m->scores[t] = 0;
		if (exclude_id != 0 && m->docs[t].id == exclude_id)
			continue;
		if (s > 0 && d->district && m->docs[t].district &&
		    strcmp(d->district, m->docs[t].district) == 0)
			s += MATCHING_W_DISTRICT;
		if (s < min_score || s <= 0)
			continue;
		/* Keep the n best, best first; equal scores by the smaller id. */
		size_t at = got;
		while (at > 0 && (out[at - 1].score < s ||
				  (out[at - 1].score == s && out[at - 1].id > m->docs[t].id)))
			at--;
		if (at >= n)
			continue;
		if (got < n)
			got++;
		memmove(out + at + 1, out + at, (got - at - 1) * sizeof(*out));
		out[at] = (struct matching_hit){t, m->docs[t].id, s};
	}
	return (long)got;
}

struct contribution {
	uint32_t term;
	double w;
};

static int compare_contribution(const void *a, const void *b)
{
	const struct contribution *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return compare_u32(&x->term, &y->term);
}

static bool same_word(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
		if (x != y && !(x < 128 && y < 128 && (x | 32) == (y | 32)))
			return false;
	}
	return *a == *b;
}

size_t matching_explain(const struct matching *m, size_t a, size_t b, struct matching_reason *out,
			size_t n)
{
	struct contribution c[64];
	size_t cn = 0, got = 0;

	if (a >= m->docs_n || b >= m->docs_n)
		return 0;
	const struct entry *x = m->entries + m->docs[a].start, *y = m->entries + m->docs[b].start;
	size_t i = 0, j = 0, xn = m->docs[a].count, yn = m->docs[b].count;
	while (i < xn && j < yn) {
		if (x[i].term < y[j].term) {
			i++;
		} else if (x[i].term > y[j].term) {
			j++;
		} else {
			double w = (double)x[i].w * y[j].w;
			/* The 64 that weigh most are enough to name 3. */
			if (cn < sizeof(c) / sizeof(c[0])) {
				c[cn++] = (struct contribution){x[i].term, w};
			} else {
				size_t low = 0;
				for (size_t k = 1; k < cn; k++)
					if (c[k].w < c[low].w)
						low = k;
				if (c[low].w < w)
					c[low] = (struct contribution){x[i].term, w};
			}
			i++;
			j++;
		}
	}
	qsort(c, cn, sizeof(*c), compare_contribution);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < cn && got < n; k++) {
			const struct term *t = &m->terms[c[k].term];
			if (t->tag != (pass == 0))
				continue;
			bool seen = false;
			for (size_t r = 0; r < got && !seen; r++)
				seen = same_word(out[r].word, t->word);
			if (!seen)
				out[got++] = (struct matching_reason){
					t->tag, t->tag ? t->key + 1 : t->word, t->word};
		}
	}
	return got;
}

/* A stored reason's text: no line breaks or tabs of its own. */
static void put_clean(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_putc(b, *s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s);
}

char *matching_reasons_encode(struct arena *a, const struct matching_reason *r, size_t n)
{
	struct buf b;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '\n');
		if (r[i].tag) {
			buf_putc(&b, '#');
			put_clean(&b, r[i].key);
			buf_putc(&b, '\t');
		}
		put_clean(&b, r[i].word);
	}
	return b.oom ? NULL : (char *)buf_cstr(&b);
}

size_t matching_reasons_decode(struct arena *a, const char *s, struct matching_reason *out,
			       size_t n)
{
	size_t got = 0;

	while (s != NULL && *s && got < n) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *line = arena_strndup(a, s, len);
		if (line == NULL)
			return got;
		struct matching_reason r = {false, line, line};
		char *tab = line[0] == '#' ? strchr(line, '\t') : NULL;
		if (tab != NULL) {
			*tab = '\0';
			r = (struct matching_reason){true, line + 1, tab + 1};
		}
		if (r.word[0] != '\0')
			out[got++] = r;
		s = end ? end + 1 : NULL;
	}
	return got;
}

char *matching_reasons_text(struct arena *a, const char *stored, const char *lang,
			    const char *(*label)(const char *key, const char *lang))
{
	struct matching_reason r[MATCHING_REASONS_MAX];
	struct buf b;
	size_t n = matching_reasons_decode(a, stored, r, MATCHING_REASONS_MAX);

	const char *shown[MATCHING_REASONS_MAX];
	size_t k = 0;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		const char *w = r[i].tag && label ? label(r[i].key, lang) : NULL;
		w = w ? w : r[i].word;
		/* A tag's label and a word of the texts may read the same ("Mobilität"): once. */
		bool seen = false;
		for (size_t j = 0; j < k && !seen; j++)
			seen = same_word(shown[j], w);
		if (seen)
			continue;
		buf_printf(&b, "%s%s", k ? ", " : "", w);
		shown[k++] = w;
	}
	return b.oom ? NULL : (char *)buf_cstr(&b);
}

void matching_stats(const struct matching *m, struct matching_stats *out)
{
	size_t bytes = sizeof(*m) + m->string_bytes + m->terms_cap * sizeof(*m->terms) +
		       m->table_cap * sizeof(*m->table) + m->entries_cap * sizeof(*m->entries) +
		       m->docs_cap * sizeof(*m->docs) + m->scratch_cap * sizeof(*m->scratch);
	for (size_t s = 0; s < MATCHING_SOURCES_MAX; s++)
		if (m->index[s].offsets != NULL)
			bytes += (m->terms_n + 1) * sizeof(size_t);
	if (m->built)
		bytes += m->entries_n * sizeof(struct posting) +
			 m->docs_n * (sizeof(double) + sizeof(uint32_t));
	*out = (struct matching_stats){m->docs_n, m->terms_n, m->entries_n, bytes};
}
