/*
 * user.c - `oic user add`: create an account from the command line, the
 * way the first administrator comes to be.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/secure.h"
#include "cli/cli.h"
#include "features/accounts/accounts.h"
#include "app/sector.h"

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"sector", required_argument, NULL, 's'},
		{"password", required_argument, NULL, 'p'},
		{"db", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *email = NULL, *name = NULL, *role_text = "participant";
	const char *sector_text = "government", *password = NULL, *url = NULL;
	enum role role;
	enum sector sector;
	struct arena a;
	char hash[SECURE_PWHASH_MAX];
	int c, rc = CLI_FAIL;
	struct db *db = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'r': role_text = optarg; break;
		case 's': sector_text = optarg; break;
		case 'p': password = optarg; break;
		case 'd': url = optarg; break;
		default: cli_usage(stderr); return CLI_USAGE;
		}
	}
	if (optind != argc || email == NULL || name == NULL) {
		fprintf(stderr, "oic user add: --email and --name are required\n");
		return CLI_USAGE;
	}
	if (!role_parse(role_text, &role)) {
		fprintf(stderr,
			"oic user add: unknown role '%s' (participant, representative, evaluator, moderator, admin)\n",
			role_text);
		return CLI_USAGE;
	}
	if (!sector_parse(sector_text, &sector)) {
		fprintf(stderr,
			"oic user add: unknown sector '%s' (government, research, business, civil)\n",
			sector_text);
		return CLI_USAGE;
	}
	arena_init(&a);
	db = cli_open_store(cli_db_url(url), false);
	if (db == NULL)
		goto out;
	bool generated = password == NULL;
	if (generated)
		password = secure_token(&a); /* 43 characters, 256 bits */
	struct registration in = {email, name, password, sector_text, NULL}, ok;
	struct field_problem problems[ACCOUNT_MAX_PROBLEMS];
	if (password == NULL || account_check_registration(&a, &in, &ok, problems) > 0) {
		fprintf(stderr, "oic user add: %s: %s\n", password ? problems[0].field : "password",
			password ? problems[0].message : "out of memory");
		goto out;
	}
	if (secure_password_hash(password, hash) != 0) {
		fprintf(stderr, "oic user add: out of memory for the password hash\n");
		goto out;
	}
	struct db_stmt *st = db_stmt(db, STMT_user_insert);
	int64_t id = 0;
	if (st == NULL)
		goto out;
	db_bind_text(st, 1, ok.email);
	db_bind_text(st, 2, ok.name);
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, ok.sector);
	db_bind_null(st, 5);
	db_bind_text(st, 6, role_id(role));
	db_bind_null(st, 7);
	db_bind_i64(st, 8, (int64_t)time(NULL));
	int r = db_run(st, &id);
	if (r == DB_CONSTRAINT) {
		fprintf(stderr, "oic user add: an account with e-mail %s already exists\n",
			ok.email);
		goto out;
	}
	if (r < 0) {
		fprintf(stderr, "oic user add: %s\n", db_errmsg(db));
		goto out;
	}
	printf("added user %lld <%s> with role %s\n", (long long)id, ok.email, role_id(role));
	if (generated)
		printf("password: %s\n", password);
	rc = CLI_OK;
out:
	if (db != NULL)
		db_close(db);
	db_close_all();
	arena_free(&a);
	return rc;
}

int cli_user(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	fprintf(stderr, "oic user: unknown subcommand (use 'oic user add')\n");
	cli_usage(stderr);
	return CLI_USAGE;
}
