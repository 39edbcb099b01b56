/*
 * log.c - logfmt lines; each line is built in a local buffer and written
 * with one write(2) so that lines of concurrent threads never interleave.
 */
#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int log_level = LOG_INFO;
static _Atomic bool log_access_on = true;

static const char *const log_level_names[LOG_LEVEL__MAX] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	log_level = level;
}

void log_set_access(bool on)
{
	log_access_on = on;
}

bool log_access_enabled(void)
{
	return log_access_on;
}

/* Write "time=" and an RFC 3339 UTC timestamp with milliseconds. */
static size_t log_time(char *out, size_t cap)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, cap, "time=%Y-%m-%dT%H:%M:%S", &tm);
	int k = snprintf(out + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000);
	return n + (k > 0 ? (size_t)k : 0);
}

/* Append value quoted, with quotes, backslashes and controls escaped. */
static size_t log_quote(char *out, size_t cap, size_t pos, const char *v)
{
	static const char hex[] = "0123456789abcdef";

	if (pos + 2 >= cap)
		return pos;
	out[pos++] = '"';
	for (; v != NULL && *v != '\0' && pos + 5 < cap; v++) {
		unsigned char c = (unsigned char)*v;
		if (c == '"' || c == '\\') {
			out[pos++] = '\\';
			out[pos++] = (char)c;
		} else if (c < 0x20 || c == 0x7F) {
			out[pos++] = '\\';
			out[pos++] = 'x';
			out[pos++] = hex[c >> 4];
			out[pos++] = hex[c & 15];
		} else {
			out[pos++] = (char)c;
		}
	}
	out[pos++] = '"';
	return pos;
}

static void log_write(const char *line, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, line, n);
		if (w <= 0)
			return;
		line += w;
		n -= (size_t)w;
	}
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048];
	char msg[1536];
	va_list ap;

	if ((int)level < log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t n = log_time(line, sizeof(line));
	int k = snprintf(line + n, sizeof(line) - n, " level=%s msg=", log_level_names[level]);
	n += k > 0 ? (size_t)k : 0;
	n = log_quote(line, sizeof(line) - 1, n, msg);
	line[n++] = '\n';
	log_write(line, n);
}

void log_access(const char *method, const char *path, int status, int64_t duration_us,
		uint64_t bytes, const char *client, const char *route)
{
	char line[2048];
	size_t n;

	if (!log_access_on)
		return;
	n = log_time(line, sizeof(line));
	int k = snprintf(line + n, sizeof(line) - n,
			 " level=info msg=request method=%s path=", method ? method : "-");
	n += k > 0 ? (size_t)k : 0;
	n = log_quote(line, sizeof(line) - 200, n, path);
	k = snprintf(line + n, sizeof(line) - n,
		     " status=%d duration_us=%lld bytes=%llu client=%s "
		     "route=",
		     status, (long long)duration_us, (unsigned long long)bytes,
		     client ? client : "-");
	n += k > 0 ? (size_t)k : 0;
	n = log_quote(line, sizeof(line) - 1, n, route ? route : "-");
	line[n++] = '\n';
	log_write(line, n);
}
