/*
 * metrics.c - Prometheus text exposition (version 0.0.4) of HTTP metrics.
 */
#include "http/metrics.h"

#include "http/page_cache.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "http/server.h"

/* The statuses we count separately; anything else counts as "other". */
static const int metrics_statuses[] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404,
				       405, 409, 413, 415, 422, 429, 431, 500, 501, 503};
enum { METRICS_STATUS_COUNT = sizeof(metrics_statuses) / sizeof(metrics_statuses[0]) + 1 };

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t metrics_bounds_us[] = {100,   250,	  500,	  1000,	  2500,	  5000,	   10000,
					    25000, 50000, 100000, 250000, 500000, 1000000, 2500000};
enum { METRICS_BUCKETS = sizeof(metrics_bounds_us) / sizeof(int64_t) };

static const struct http_route *metrics_routes;
static size_t metrics_route_count;
/* [route + 1][status slot]; row 0 is "unrouted". */
static _Atomic uint64_t *metrics_counts;
static _Atomic uint64_t metrics_buckets[METRICS_BUCKETS + 1];
static _Atomic uint64_t metrics_sum_us;
static _Atomic uint64_t metrics_total;
static _Atomic int64_t metrics_open;

int http_metrics_init(const struct http_route *routes, size_t count)
{
	metrics_routes = routes;
	metrics_route_count = count;
	metrics_counts = calloc((count + 1) * METRICS_STATUS_COUNT, sizeof(*metrics_counts));
	return metrics_counts == NULL ? -1 : 0;
}

void http_metrics_free(void)
{
	free((void *)metrics_counts);
	metrics_counts = NULL;
}

static size_t metrics_status_slot(int status)
{
	for (size_t i = 0; i + 1 < METRICS_STATUS_COUNT; i++)
		if (metrics_statuses[i] == status)
			return i;
	return METRICS_STATUS_COUNT - 1;
}

void http_metrics_request(int route, int status, int64_t duration_us)
{
	size_t row = route < 0 || (size_t)route >= metrics_route_count ? 0 : (size_t)route + 1;
	size_t b = 0;

	if (metrics_counts == NULL)
		return;
	atomic_fetch_add_explicit(
		&metrics_counts[row * METRICS_STATUS_COUNT + metrics_status_slot(status)], 1,
		memory_order_relaxed);
	while (b < METRICS_BUCKETS && duration_us > metrics_bounds_us[b])
		b++;
	atomic_fetch_add_explicit(&metrics_buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&metrics_sum_us, (uint64_t)(duration_us > 0 ? duration_us : 0),
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&metrics_total, 1, memory_order_relaxed);
}

void http_metrics_connection(int delta)
{
	atomic_fetch_add_explicit(&metrics_open, delta, memory_order_relaxed);
}

void http_metrics_write(struct buf *out)
{
	buf_puts(out, "# HELP oic_http_requests_total HTTP requests by "
		      "route, method and status.\n"
		      "# TYPE oic_http_requests_total counter\n");
	for (size_t row = 0; metrics_counts && row <= metrics_route_count; row++) {
		const char *route = row == 0 ? "unrouted" : metrics_routes[row - 1].pattern;
		const char *method =
			row == 0 ? "any" : http_method_name(metrics_routes[row - 1].method);
		for (size_t s = 0; s < METRICS_STATUS_COUNT; s++) {
			uint64_t v = atomic_load_explicit(
				&metrics_counts[row * METRICS_STATUS_COUNT + s],
				memory_order_relaxed);
			if (v == 0)
				continue;
			buf_printf(out,
				   "oic_http_requests_total{route=\"%s\","
				   "method=\"%s\",status=\"",
				   route, method);
			if (s + 1 < METRICS_STATUS_COUNT)
				buf_put_i64(out, metrics_statuses[s]);
			else
				buf_puts(out, "other");
			buf_printf(out, "\"} %llu\n", (unsigned long long)v);
		}
	}
	buf_puts(out, "# HELP oic_http_request_duration_seconds Time from "
		      "request to response.\n"
		      "# TYPE oic_http_request_duration_seconds histogram\n");
	uint64_t cumulative = 0;
	for (size_t b = 0; b <= METRICS_BUCKETS; b++) {
		cumulative += atomic_load_explicit(&metrics_buckets[b], memory_order_relaxed);
		if (b < METRICS_BUCKETS)
			buf_printf(out,
				   "oic_http_request_duration_seconds_bucket"
				   "{le=\"%g\"} %llu\n",
				   (double)metrics_bounds_us[b] / 1e6,
				   (unsigned long long)cumulative);
		else
			buf_printf(out,
				   "oic_http_request_duration_seconds_bucket"
				   "{le=\"+Inf\"} %llu\n",
				   (unsigned long long)cumulative);
	}
	buf_printf(out,
		   "oic_http_request_duration_seconds_sum %.6f\n"
		   "oic_http_request_duration_seconds_count %llu\n",
		   (double)atomic_load(&metrics_sum_us) / 1e6,
		   (unsigned long long)atomic_load(&metrics_total));
	buf_printf(out,
		   "# HELP oic_http_open_connections Open client "
		   "connections.\n"
		   "# TYPE oic_http_open_connections gauge\n"
		   "oic_http_open_connections %lld\n",
		   (long long)atomic_load(&metrics_open));
	page_cache_metrics_write(out);
}
