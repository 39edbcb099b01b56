/*
 * test_page_cache.c - the page cache's own rules: hits and misses, the
 * generation, the memory limit with LRU order, references that outlive
 * eviction, and one refresher for an expired entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/page_cache.h"

static int destroyed;

static void value_free(void *value)
{
	destroyed++;
	free(value);
}

static char *value_new(const char *text)
{
	char *v = malloc(strlen(text) + 1);
	assert_non_null(v);
	strcpy(v, text);
	return v;
}

static int put(const char *key, const char *text, size_t bytes)
{
	return page_cache_put(key, strlen(key), page_cache_generation(), value_new(text), bytes,
			      value_free);
}

static void test_hit_miss_and_generation(void **state)
{
	(void)state;
	destroyed = 0;
	assert_int_equal(page_cache_init(1 << 20, 60000), 0);
	assert_true(page_cache_enabled());
	assert_null(page_cache_get("a", 1));
	assert_int_equal(put("a", "first", 100), 0);
	struct page_cache_entry *e = page_cache_get("a", 1);
	assert_non_null(e);
	assert_string_equal(page_cache_value(e), "first");
	page_cache_release(e);

	/* A response built before a write is refused after it. */
	uint64_t before = page_cache_generation();
	page_cache_invalidate();
	assert_int_equal(page_cache_put("b", 1, before, value_new("old"), 10, value_free), -1);
	assert_int_equal(destroyed, 1);
	/* And what was stored before the write is gone. */
	assert_null(page_cache_get("a", 1));
	assert_int_equal(destroyed, 2);

	struct page_cache_stats st;
	page_cache_stats(&st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.bytes, 0);
	page_cache_free();
}

static void test_memory_limit_lru(void **state)
{
	char key[32];
	(void)state;
	destroyed = 0;
	/* 256 KiB: one shard, so the LRU order is global. */
	assert_int_equal(page_cache_init(256 * 1024, 60000), 0);
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "page-%d", i);
		assert_int_equal(put(key, key, 10 * 1024), 0);
		if (i == 5) {
			/* Touch page-0: it becomes the most recently used. */
			struct page_cache_entry *e = page_cache_get("page-0", 6);
			assert_non_null(e);
			page_cache_release(e);
		}
	}
	struct page_cache_stats st;
	page_cache_stats(&st);
	assert_true(st.bytes <= 256 * 1024);
	assert_true(st.entries > 10);
	assert_true(st.evictions > 0);
	assert_int_equal(destroyed, (int)st.evictions);
	struct page_cache_entry *last = page_cache_get("page-99", 7);
	assert_non_null(last);
	assert_null(page_cache_get("page-1", 6)); /* least recently used: gone */
	/* A reference keeps an evicted value alive. */
	int before = destroyed;
	for (int i = 100; i < 200; i++) {
		snprintf(key, sizeof(key), "page-%d", i);
		put(key, key, 10 * 1024);
	}
	assert_null(page_cache_get("page-99", 7));
	assert_string_equal(page_cache_value(last), "page-99");
	int during = destroyed;
	page_cache_release(last);
	assert_int_equal(destroyed, during + 1);
	assert_true(during > before);
	/* Larger than a shard may hold: refused, freed. */
	assert_int_equal(put("huge", "x", 300 * 1024), -1);
	page_cache_free();
}

static void test_one_refresher_after_expiry(void **state)
{
	(void)state;
	assert_int_equal(page_cache_init(1 << 20, 200), 0);
	assert_int_equal(put("k", "v1", 10), 0);
	struct timespec pause = {0, 300 * 1000 * 1000};
	nanosleep(&pause, NULL);
	/* The first lookup after expiry rebuilds; the others get the old page. */
	assert_null(page_cache_get("k", 1));
	struct page_cache_entry *e = page_cache_get("k", 1);
	assert_non_null(e);
	assert_string_equal(page_cache_value(e), "v1");
	page_cache_release(e);
	assert_int_equal(put("k", "v2", 10), 0);
	e = page_cache_get("k", 1);
	assert_string_equal(page_cache_value(e), "v2");
	page_cache_release(e);
	/* A write: the old page is never served, not even while rebuilding. */
	nanosleep(&pause, NULL);
	assert_null(page_cache_get("k", 1));
	page_cache_invalidate();
	assert_null(page_cache_get("k", 1));
	page_cache_free();
}

static void test_off(void **state)
{
	(void)state;
	destroyed = 0;
	assert_int_equal(page_cache_init(1 << 20, 0), 0);
	assert_false(page_cache_enabled());
	assert_int_equal(put("a", "v", 10), -1);
	assert_int_equal(destroyed, 1);
	assert_null(page_cache_get("a", 1));
	page_cache_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_miss_and_generation),
		cmocka_unit_test(test_memory_limit_lru),
		cmocka_unit_test(test_one_refresher_after_expiry),
		cmocka_unit_test(test_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
