/*
 * test_views.h - view structs of the test templates in tests/unit/tpl/;
 * the production build uses src/view/views.h instead.
 */
#ifndef OIC_TEST_VIEWS_H
#define OIC_TEST_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/tpl.h"

struct esc_view {
	const char *s;
};

struct url_view {
	const char *u;
	const char *q;
	int64_t id;
};

struct num_view {
	int64_t n;
	int small;
	size_t count;
};

struct date_view {
	int64_t t;
};

struct tag {
	const char *name;
};

struct item {
	const char *title;
	int64_t n;
	const struct tag *tags;
	size_t tags_count;
};

struct author {
	const char *name;
	const char *url;
};

struct block_view {
	bool flag;
	int zero;
	const char *sel;
	const char *s;
	struct author author;
	const struct item *items;
	size_t items_count;
};

struct page_view {
	const char *title;
	struct author author;
	const struct item *items;
	size_t items_count;
};

struct html_view {
	struct html_safe body;
	const char *s;
};

struct empty_view {
	int unused;
};

#endif
