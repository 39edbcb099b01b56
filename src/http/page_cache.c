/*
 * page_cache.c - this node's bounded cache of complete responses; see
 * page_cache.h for what it is for and how it stays fresh.
 *
 * The data structure: a key's 64-bit FNV-1a hash picks a shard; each
 * shard has a mutex, a fixed array of hash buckets (chained entries) and
 * a doubly linked list in order of use, most recent first.  A hit moves
 * the entry to the front; to make room the back is evicted.  The memory
 * limit is split evenly between the shards, so a shard never has to look
 * at another one; a value larger than a shard's share is not stored.
 *
 * Entries are reference counted: the table holds one reference, and every
 * page_cache_get() hands out one more, so an entry evicted while a
 * connection still sends it is freed only when that connection is done.
 * Stale entries (expired, or of an older generation) are dropped lazily
 * when a lookup finds them, or evicted like any other when room is needed.
 *
 * An expired entry is rebuilt by one request only: the first lookup after
 * expiry misses and marks the entry as being refreshed; until the new
 * response replaces it (at most one more TTL), other lookups still get
 * the old one.  Without this, every connection asking for a popular page
 * at the moment it expires would build it at once, and the slow ones
 * (search) would stall the whole node every TTL.  An entry of an older
 * generation is never served: a write must show at once.
 */
#include "http/page_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	PAGE_CACHE_MAX_SHARDS = 16,
	PAGE_CACHE_BUCKETS = 1024,	   /* per shard, a power of two */
	PAGE_CACHE_MIN_SHARD = 256 * 1024, /* fewer shards for a small limit */
	PAGE_CACHE_OVERHEAD = 128,	   /* bookkeeping charged per entry */
};

struct page_cache_entry {
	struct page_cache_entry *chain;		/* next in the bucket */
	struct page_cache_entry *newer, *older; /* use order */
	uint64_t hash;
	uint64_t generation;
	int64_t expires_ms;
	bool refreshing; /* one request rebuilds it (shard lock) */
	atomic_uint refs;
	size_t charged;
	void *value;
	page_cache_destroy_fn *destroy;
	size_t key_len;
	unsigned char key[]; /* key_len bytes */
};

struct page_cache_shard {
	pthread_mutex_t lock;
	struct page_cache_entry *buckets[PAGE_CACHE_BUCKETS];
	struct page_cache_entry *newest, *oldest;
	size_t bytes, limit;
};

static struct {
	struct page_cache_shard *shards;
	unsigned shard_count; /* a power of two */
	size_t max_bytes;
	uint32_t ttl_ms;
	atomic_uint_fast64_t generation;
	atomic_uint_fast64_t hits, misses, stores, evictions, expired, stale_hits, bytes, entries;
} cache;

static int64_t now_ms(void)
{
	struct timespec ts;
	/* The coarse clock costs no system call; its few ms are enough here. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t key_hash(const unsigned char *key, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= key[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void count(atomic_uint_fast64_t *counter, int64_t delta)
{
	atomic_fetch_add_explicit(counter, (uint_fast64_t)delta, memory_order_relaxed);
}

static void entry_release(struct page_cache_entry *e)
{
	if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) != 1)
		return;
	if (e->destroy != NULL)
		e->destroy(e->value);
	free(e);
}

/* Take e out of its shard's bucket and list (lock held); the table's
 * reference is the caller's to release after unlocking. */
static void shard_unlink(struct page_cache_shard *s, struct page_cache_entry *e)
{
	struct page_cache_entry **p = &s->buckets[e->hash & (PAGE_CACHE_BUCKETS - 1)];
	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		s->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		s->oldest = e->newer;
	e->newer = e->older = NULL;
	s->bytes -= e->charged;
	count(&cache.bytes, -(int64_t)e->charged);
	count(&cache.entries, -1);
}

static void shard_push_front(struct page_cache_shard *s, struct page_cache_entry *e)
{
	e->older = s->newest;
	e->newer = NULL;
	if (s->newest != NULL)
		s->newest->newer = e;
	s->newest = e;
	if (s->oldest == NULL)
		s->oldest = e;
}

static struct page_cache_entry *shard_find(struct page_cache_shard *s, uint64_t hash,
					   const void *key, size_t key_len)
{
	for (struct page_cache_entry *e = s->buckets[hash & (PAGE_CACHE_BUCKETS - 1)]; e != NULL;
	     e = e->chain)
		if (e->hash == hash && e->key_len == key_len && memcmp(e->key, key, key_len) == 0)
			return e;
	return NULL;
}

static struct page_cache_shard *shard_of(uint64_t hash)
{
	/* The high bits pick the shard, the low bits the bucket. */
	return &cache.shards[(hash >> 48) & (cache.shard_count - 1)];
}

int page_cache_init(size_t max_bytes, uint32_t ttl_ms)
{
	page_cache_free();
	cache.max_bytes = max_bytes;
	cache.ttl_ms = ttl_ms;
	if (max_bytes == 0 || ttl_ms == 0)
		return 0;
	unsigned n = 1;
	while (n < PAGE_CACHE_MAX_SHARDS && max_bytes / (n * 2) >= PAGE_CACHE_MIN_SHARD)
		n *= 2;
	cache.shards = calloc(n, sizeof(*cache.shards));
	if (cache.shards == NULL)
		return -1;
	cache.shard_count = n;
	for (unsigned i = 0; i < n; i++) {
		pthread_mutex_init(&cache.shards[i].lock, NULL);
		cache.shards[i].limit = max_bytes / n;
	}
	return 0;
}

void page_cache_free(void)
{
	for (unsigned i = 0; cache.shards != NULL && i < cache.shard_count; i++) {
		struct page_cache_shard *s = &cache.shards[i];
		while (s->oldest != NULL) {
			struct page_cache_entry *e = s->oldest;
			shard_unlink(s, e);
			entry_release(e);
		}
		pthread_mutex_destroy(&s->lock);
	}
	free(cache.shards);
	cache.shards = NULL;
	cache.shard_count = 0;
	cache.ttl_ms = 0;
	atomic_store(&cache.bytes, 0);
	atomic_store(&cache.entries, 0);
}

bool page_cache_enabled(void)
{
	return cache.shards != NULL;
}

uint64_t page_cache_generation(void)
{
	return atomic_load_explicit(&cache.generation, memory_order_acquire);
}

void page_cache_invalidate(void)
{
	atomic_fetch_add_explicit(&cache.generation, 1, memory_order_acq_rel);
}

struct page_cache_entry *page_cache_get(const void *key, size_t key_len)
{
	if (cache.shards == NULL)
		return NULL;
	uint64_t hash = key_hash(key, key_len);
	struct page_cache_shard *s = shard_of(hash);
	struct page_cache_entry *stale = NULL, *e;

	bool served_stale = false;
	pthread_mutex_lock(&s->lock);
	e = shard_find(s, hash, key, key_len);
	int64_t now = e != NULL ? now_ms() : 0;
	if (e != NULL && e->generation == page_cache_generation() && e->expires_ms <= now &&
	    now < e->expires_ms + (int64_t)cache.ttl_ms) {
		if (!e->refreshing) {
			e->refreshing = true; /* this request rebuilds it */
			e = NULL;
		} else {
			served_stale = true;
		}
	} else if (e != NULL &&
		   (e->expires_ms <= now || e->generation != page_cache_generation())) {
		shard_unlink(s, e);
		stale = e;
		e = NULL;
	}
	if (e != NULL) {
		if (s->newest != e) {
			/* Move to the front: unlink from the list only. */
			e->newer->older = e->older;
			if (e->older != NULL)
				e->older->newer = e->newer;
			else
				s->oldest = e->newer;
			shard_push_front(s, e);
		}
		atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&s->lock);
	if (stale != NULL) {
		count(&cache.expired, 1);
		entry_release(stale);
	}
	if (served_stale)
		count(&cache.stale_hits, 1);
	count(e != NULL ? &cache.hits : &cache.misses, 1);
	return e;
}

void *page_cache_value(const struct page_cache_entry *e)
{
	return e->value;
}

void page_cache_release(struct page_cache_entry *e)
{
	if (e != NULL)
		entry_release(e);
}

int page_cache_put(const void *key, size_t key_len, uint64_t generation, void *value, size_t bytes,
		   page_cache_destroy_fn *destroy)
{
	struct page_cache_entry *e = NULL, *dropped = NULL;
	size_t charged = bytes + key_len + sizeof(*e) + PAGE_CACHE_OVERHEAD;

	if (cache.shards == NULL || generation != page_cache_generation())
		goto refuse;
	uint64_t hash = key_hash(key, key_len);
	struct page_cache_shard *s = shard_of(hash);
	if (charged > s->limit)
		goto refuse;
	e = malloc(sizeof(*e) + key_len);
	if (e == NULL)
		goto refuse;
	memset(e, 0, sizeof(*e));
	memcpy(e->key, key, key_len);
	e->key_len = key_len;
	e->hash = hash;
	e->generation = generation;
	e->expires_ms = now_ms() + cache.ttl_ms;
	atomic_init(&e->refs, 1);
	e->charged = charged;
	e->value = value;
	e->destroy = destroy;

	pthread_mutex_lock(&s->lock);
	/* A write may have come while the response was being built. */
	if (generation != page_cache_generation()) {
		pthread_mutex_unlock(&s->lock);
		free(e);
		goto refuse;
	}
	struct page_cache_entry *old = shard_find(s, hash, key, key_len);
	if (old != NULL) {
		shard_unlink(s, old);
		old->chain = dropped;
		dropped = old;
	}
	while (s->bytes + charged > s->limit && s->oldest != NULL) {
		struct page_cache_entry *victim = s->oldest;
		shard_unlink(s, victim);
		victim->chain = dropped;
		dropped = victim;
		count(&cache.evictions, 1);
	}
	e->chain = s->buckets[hash & (PAGE_CACHE_BUCKETS - 1)];
	s->buckets[hash & (PAGE_CACHE_BUCKETS - 1)] = e;
	shard_push_front(s, e);
	s->bytes += charged;
	count(&cache.bytes, (int64_t)charged);
	count(&cache.entries, 1);
	pthread_mutex_unlock(&s->lock);
	count(&cache.stores, 1);
	/* Destructors run outside the lock. */
	while (dropped != NULL) {
		struct page_cache_entry *next = dropped->chain;
		entry_release(dropped);
		dropped = next;
	}
	return 0;
refuse:
	if (destroy != NULL)
		destroy(value);
	return -1;
}

void page_cache_stats(struct page_cache_stats *out)
{
	out->hits = atomic_load(&cache.hits);
	out->misses = atomic_load(&cache.misses);
	out->stores = atomic_load(&cache.stores);
	out->evictions = atomic_load(&cache.evictions);
	out->expired = atomic_load(&cache.expired);
	out->stale_hits = atomic_load(&cache.stale_hits);
	out->bytes = atomic_load(&cache.bytes);
	out->entries = atomic_load(&cache.entries);
	out->max_bytes = cache.shards != NULL ? cache.max_bytes : 0;
}

void page_cache_metrics_write(struct buf *out)
{
	struct page_cache_stats st;
	page_cache_stats(&st);
	buf_printf(out,
		   "# HELP oic_page_cache_hits_total Anonymous reads answered from this "
		   "node's page cache.\n"
		   "# TYPE oic_page_cache_hits_total counter\n"
		   "oic_page_cache_hits_total %llu\n"
		   "# HELP oic_page_cache_misses_total Cacheable reads the page cache "
		   "could not answer.\n"
		   "# TYPE oic_page_cache_misses_total counter\n"
		   "oic_page_cache_misses_total %llu\n"
		   "# HELP oic_page_cache_stores_total Responses stored in the page cache.\n"
		   "# TYPE oic_page_cache_stores_total counter\n"
		   "oic_page_cache_stores_total %llu\n"
		   "# HELP oic_page_cache_evictions_total Entries evicted to stay under the "
		   "memory limit.\n"
		   "# TYPE oic_page_cache_evictions_total counter\n"
		   "oic_page_cache_evictions_total %llu\n"
		   "# HELP oic_page_cache_stale_total Entries dropped as expired or "
		   "invalidated by a write.\n"
		   "# TYPE oic_page_cache_stale_total counter\n"
		   "oic_page_cache_stale_total %llu\n"
		   "# HELP oic_page_cache_stale_hits_total Hits answered with an expired "
		   "page while one request rebuilt it.\n"
		   "# TYPE oic_page_cache_stale_hits_total counter\n"
		   "oic_page_cache_stale_hits_total %llu\n"
		   "# HELP oic_page_cache_bytes Memory charged to the page cache.\n"
		   "# TYPE oic_page_cache_bytes gauge\n"
		   "oic_page_cache_bytes %llu\n"
		   "# HELP oic_page_cache_entries Responses held by the page cache.\n"
		   "# TYPE oic_page_cache_entries gauge\n"
		   "oic_page_cache_entries %llu\n"
		   "# HELP oic_page_cache_max_bytes Memory limit of the page cache (0: off).\n"
		   "# TYPE oic_page_cache_max_bytes gauge\n"
		   "oic_page_cache_max_bytes %llu\n",
		   (unsigned long long)st.hits, (unsigned long long)st.misses,
		   (unsigned long long)st.stores, (unsigned long long)st.evictions,
		   (unsigned long long)st.expired, (unsigned long long)st.stale_hits,
		   (unsigned long long)st.bytes, (unsigned long long)st.entries,
		   (unsigned long long)st.max_bytes);
}
