/*
 * serve.c - `oic serve`: run the platform until SIGTERM or SIGINT.
 *
 * Signals are blocked in every thread and taken by the main thread with
 * sigwait(), so no handler runs in an async-signal context.  On a signal
 * the server stops accepting, lets requests in flight finish, then
 * closes the store.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "cli/cli.h"
#include "http/page_cache.h"
#include "app/app.h"
#include "app/jobs.h"
#include "features/funnel/funnel.h"

static bool env_flag(const char *name)
{
	const char *v = getenv(name);
	return v != NULL &&
	       (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct http_config cfg = {0};
	struct app_config app_cfg = {0};
	const char *url = NULL, *port_text = getenv("PORT");
	int c;

	cfg.port = 8080;
	cfg.bind = getenv("OIC_BIND");
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': port_text = optarg; break;
		case 'b': cfg.bind = optarg; break;
		case 'd': url = optarg; break;
		case 'h': cli_usage(stdout); return CLI_OK;
		default: cli_usage(stderr); return CLI_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "oic serve: unexpected argument '%s'\n", argv[optind]);
		return CLI_USAGE;
	}
	if (port_text != NULL && parse_port(port_text, &cfg.port) != 0) {
		fprintf(stderr, "oic serve: invalid port '%s'\n", port_text);
		return CLI_USAGE;
	}
	const char *max_body = getenv("OIC_MAX_BODY");
	if (max_body != NULL)
		cfg.max_body = (size_t)strtoull(max_body, NULL, 10);
	const char *max_upload = getenv("OIC_MAX_UPLOAD");
	if (max_upload != NULL)
		app_cfg.max_upload = (size_t)strtoull(max_upload, NULL, 10);
	/* The page cache: 1 s and 32 MB unless told otherwise; TTL 0 turns it off. */
	cfg.page_cache_ttl_ms = 1000;
	cfg.page_cache_bytes = (size_t)32 * 1024 * 1024;
	const char *ttl = getenv("OIC_PAGE_CACHE_TTL");
	if (ttl != NULL) {
		char *end;
		double v = strtod(ttl, &end);
		if (*ttl == '\0' || *end != '\0' || !(v >= 0 && v <= 3600)) {
			fprintf(stderr,
				"oic serve: OIC_PAGE_CACHE_TTL must be seconds from 0 to 3600\n");
			return CLI_USAGE;
		}
		cfg.page_cache_ttl_ms = (uint32_t)(v * 1000 + 0.5);
	}
	const char *mb = getenv("OIC_PAGE_CACHE_MB");
	if (mb != NULL) {
		char *end;
		unsigned long long v = strtoull(mb, &end, 10);
		if (*mb == '\0' || *mb == '-' || *end != '\0' || v > 65536) {
			fprintf(stderr,
				"oic serve: OIC_PAGE_CACHE_MB must be megabytes from 0 to 65536\n");
			return CLI_USAGE;
		}
		cfg.page_cache_bytes = (size_t)v * 1024 * 1024;
	}
	cfg.trust_proxy = env_flag("OIC_TRUST_PROXY");
	app_cfg.contact_email = getenv("OIC_CONTACT_EMAIL");
	app_cfg.secure_cookies = env_flag("OIC_SECURE_COOKIES");
	const char *access = getenv("OIC_ACCESS_LOG");
	if (access != NULL && strcmp(access, "0") == 0)
		log_set_access(false);

	/* Dates on pages are Berlin time, whatever the server's zone. */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();

	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct db *db = cli_open_store(cli_db_url(url), false);
	if (db == NULL)
		return CLI_FAIL;
	if (app_init(db, &app_cfg) != 0) {
		fprintf(stderr, "oic serve: cannot prepare the application: %s\n", db_errmsg(db));
		db_close(db);
		return CLI_FAIL;
	}
	db_close(db);
	/* Group commit of supports (support_batch.c); OIC_GROUP_COMMIT=0: off. */
	const char *group = getenv("OIC_GROUP_COMMIT");
	if (support_batch_start(group == NULL || strcmp(group, "0") != 0) != 0) {
		fprintf(stderr, "oic serve: cannot start the committer thread\n");
		app_free();
		db_close_all();
		return CLI_FAIL;
	}
	struct http_server *srv = http_server_start(&cfg, &app_http);
	if (srv == NULL) {
		fprintf(stderr, "oic serve: cannot listen on port %u\n", (unsigned)cfg.port);
		support_batch_stop();
		app_free();
		db_close_all();
		return CLI_FAIL;
	}
	/* A job may change what pages show (phase changes, ...). */
	jobq_set_after_run(page_cache_invalidate);
	struct jobq_runner *jobs = jobq_start(app_job_kinds);
	if (jobs == NULL)
		log_warn("the job thread could not be started; jobs wait for another node");
	log_info("listening on %s port %u (store %s)", cfg.bind ? cfg.bind : "127.0.0.1",
		 (unsigned)http_server_port(srv),
		 db_configured_kind() == DB_KIND_POSTGRES ? "postgres" : "sqlite");
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("received %s, finishing requests in flight",
		 sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_server_stop(srv, 30);
	support_batch_stop();
	jobq_stop(jobs);
	app_free();
	db_close_all();
	log_info("stopped");
	return CLI_OK;
}
