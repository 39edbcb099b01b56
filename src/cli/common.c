/*
 * common.c - what the commands share: the store URL and opening it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/secure.h"
#include "cli/cli.h"
#include "store/migrate.h"

void cli_usage(void *f)
{
	fputs("usage: oic COMMAND [OPTIONS]\n"
	      "\n"
	      "commands:\n"
	      "  serve [--port N] [--bind ADDR] [--db URL]   serve the platform\n"
	      "  migrate [--db URL]                          bring the schema up to date\n"
	      "  seed --demo [--db URL]                      load demo content (once)\n"
	      "  seed --synthetic [--ideas N ...] [--db URL] a large synthetic city into an\n"
	      "                                              empty store (bench/README.md)\n"
	      "  migrate-data --from URL --to URL            copy a city to an empty store,\n"
	      "                                              verified by counts and checksums\n"
	      "  user add --email E --name N [--role R] [--sector S] [--password P] [--db URL]\n"
	      "                                              add an account; without\n"
	      "                                              --password one is generated\n"
	      "\n"
	      "options:\n"
	      "  --help       show this help\n"
	      "  --version    show the version\n"
	      "\n"
	      "environment: PORT, OIC_DB (default sqlite:var/oic.db), OIC_BIND,\n"
	      "OIC_TRUST_PROXY=1, OIC_ACCESS_LOG=0, OIC_MAX_BODY, OIC_CONTACT_EMAIL\n",
	      f);
}

const char *cli_db_url(const char *flag)
{
	const char *env = getenv("OIC_DB");
	if (flag != NULL)
		return flag;
	if (env != NULL && env[0] != '\0')
		return env;
	return "sqlite:var/oic.db";
}

/* SQLite cannot create folders: make the database file's folder. */
static void make_parent_dir(const char *url)
{
	if (strncmp(url, "sqlite:", 7) != 0)
		return;
	const char *path = url + 7;
	const char *slash = strrchr(path, '/');
	if (slash == NULL || slash == path)
		return;
	char *dir = strndup(path, (size_t)(slash - path));
	if (dir != NULL && mkdir(dir, 0750) != 0 && errno != EEXIST)
		fprintf(stderr, "oic: cannot create %s: %s\n", dir, strerror(errno));
	free(dir);
}

struct db *cli_open_store(const char *url, bool migrate)
{
	char *err = NULL;

	if (secure_init() != 0) {
		fprintf(stderr, "oic: libsodium cannot be initialised\n");
		return NULL;
	}
	if (db_configure(url) != 0) {
		fprintf(stderr,
			"oic: unknown database URL '%s' (use sqlite:PATH or postgres://...)\n",
			url);
		return NULL;
	}
	make_parent_dir(url);
	struct db *db = db_open(url, &err);
	if (db == NULL) {
		fprintf(stderr, "oic: cannot open the store: %s\n", err ? err : "unknown error");
		free(err);
		return NULL;
	}
	if (migrate) {
		int applied = 0;
		if (migrate_run(db, &applied) != 0) {
			fprintf(stderr, "oic: migration failed: %s\n", db_errmsg(db));
			db_close(db);
			return NULL;
		}
		if (applied > 0)
			fprintf(stderr, "oic: applied %d migration(s), schema version %d\n",
				applied, migrate_latest(db_kind(db)));
		return db;
	}
	int current = migrate_current(db), latest = migrate_latest(db_kind(db));
	if (current < 0) {
		fprintf(stderr, "oic: cannot read the schema version: %s\n", db_errmsg(db));
	} else if (current > latest) {
		fprintf(stderr,
			"oic: the database schema (version %d) is newer than this oic (version %d); install a newer oic\n",
			current, latest);
	} else if (current < latest) {
		fprintf(stderr,
			"oic: the database schema is at version %d, this oic needs %d: run 'oic migrate' first\n",
			current, latest);
	} else {
		return db;
	}
	db_close(db);
	return NULL;
}

int cli_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *url = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'h': cli_usage(stdout); return CLI_OK;
		default: cli_usage(stderr); return CLI_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "oic migrate: unexpected argument '%s'\n", argv[optind]);
		return CLI_USAGE;
	}
	struct db *db = cli_open_store(cli_db_url(url), true);
	if (db == NULL)
		return CLI_FAIL;
	printf("schema is at version %d\n", migrate_latest(db_kind(db)));
	db_close(db);
	db_close_all();
	return CLI_OK;
}
