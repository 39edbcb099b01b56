/*
 * page_cache.h - this node's bounded in-memory cache of complete responses.
 *
 * Anonymous reads of public pages are the same bytes for every visitor
 * who speaks the same language, so a node may answer them from memory
 * for a short while instead of asking the store again.  The cache is
 * generic: a key (bytes) maps to an opaque value with a size and a
 * destructor; http/server.c stores ready-made libmicrohttpd responses in
 * it, app/app.c decides which requests and responses may use it.
 *
 * Freshness has two parts:
 *   - every entry lives ttl; after that one request rebuilds it while
 *     the others still get the old one, for at most another ttl;
 *   - a generation counter: page_cache_invalidate() (called after every
 *     write on this node) makes every entry made before it stale at once.
 *     A response is stored with the generation read *before* its handler
 *     ran, so a page built from data older than a write is never stored
 *     as current after that write.
 * Other nodes of a cluster do not see this node's writes: their caches
 * are at most ttl seconds stale.
 *
 * Memory: the sum of the charged sizes stays under max_bytes; the least
 * recently used entries are evicted to make room.  The table is split in
 * shards, each with its own lock and LRU list, so the server's threads
 * rarely wait for each other.
 *
 * Thread safety: every function may be called from any thread once
 * page_cache_init() has returned; init and free are not concurrent with
 * anything.  A global, like the HTTP metrics: one cache per process.
 */
#ifndef OIC_HTTP_PAGE_CACHE_H
#define OIC_HTTP_PAGE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct page_cache_entry;

/* Frees a stored value (called once, when the last reference goes). */
typedef void page_cache_destroy_fn(void *value);

/*
 * Start the cache with a memory limit in bytes and a time to live in
 * milliseconds; ttl_ms 0 (or max_bytes 0) leaves it off, and then every
 * lookup misses and every store is refused.  Returns -1 when out of
 * memory.  Calling it again replaces the cache (tests).
 */
int page_cache_init(size_t max_bytes, uint32_t ttl_ms);

/* Drop every entry and free the cache. */
void page_cache_free(void);

/* Whether the cache is on. */
bool page_cache_enabled(void);

/* The current generation: read it before building a response to store. */
uint64_t page_cache_generation(void);

/* Make every entry stale at once (after a write). */
void page_cache_invalidate(void);

/*
 * The fresh entry stored under key, with a reference the caller owns
 * (page_cache_release()), or NULL.  Counts a hit or a miss.
 */
struct page_cache_entry *page_cache_get(const void *key, size_t key_len);

/* The value of an entry (valid while the caller holds its reference). */
void *page_cache_value(const struct page_cache_entry *e);

/* Give back a reference from page_cache_get(). */
void page_cache_release(struct page_cache_entry *e);

/*
 * Store value under key for ttl.  The cache takes ownership of value in
 * every case: when the entry is refused (cache off, generation no longer
 * current, larger than a shard may hold, out of memory) value is
 * destroyed at once.  bytes is what the entry costs (body, headers);
 * the key and bookkeeping are added.  Returns 0 when stored, -1 when not.
 */
int page_cache_put(const void *key, size_t key_len, uint64_t generation, void *value, size_t bytes,
		   page_cache_destroy_fn *destroy);

/* Counters, for tests and /metrics. */
struct page_cache_stats {
	uint64_t hits, misses, stores, evictions, expired, stale_hits;
	uint64_t bytes, entries, max_bytes;
};
void page_cache_stats(struct page_cache_stats *out);

/* Append the Prometheus text of the cache's counters. */
void page_cache_metrics_write(struct buf *out);

#endif
