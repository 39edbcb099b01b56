/*
 * metrics.h - request counters and a latency histogram for /metrics.
 *
 * Lock-free: relaxed atomic increments on fixed arrays sized at start-up
 * from the route table.  Per node; Prometheus scrapes each node.
 */
#ifndef OIC_HTTP_METRICS_H
#define OIC_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "http/router.h"

/* Size the counters for the route table; returns -1 on allocation failure. */
int http_metrics_init(const struct http_route *routes, size_t count);

/* Free the counters. */
void http_metrics_free(void);

/* Count a finished request (route -1 = unrouted). */
void http_metrics_request(int route, int status, int64_t duration_us);

/* Connection opened (+1) or closed (-1). */
void http_metrics_connection(int delta);

#endif
