/*
 * log.h - structured log lines on stderr.
 *
 * One line per event, logfmt style (key=value, values quoted when they
 * hold spaces), so that journald, grep and log shippers read them alike.
 */
#ifndef OIC_BASE_LOG_H
#define OIC_BASE_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_LEVEL__MAX };

/* Lines below this level are dropped; default LOG_INFO. */
void log_set_level(enum log_level level);

/* Whether the per-request access line is written (default true). */
void log_set_access(bool on);
bool log_access_enabled(void);

/* printf-style message at a level; adds time and level. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The access line: one per finished request.  Strings may be NULL.
 * Untrusted values (path) are quoted with control bytes escaped.
 */
void log_access(const char *method, const char *path, int status, int64_t duration_us,
		uint64_t bytes, const char *client, const char *route);

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
