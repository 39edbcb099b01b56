/*
 * main.c - entry point: dispatch to a command of src/cli/.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef OIC_VERSION
#define OIC_VERSION "0.0.0-dev"
#endif

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"serve", cli_serve}, {"migrate", cli_migrate},		  {"seed", cli_seed},
	{"user", cli_user},   {"migrate-data", cli_migrate_data},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		cli_usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		cli_usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("oic %s\n", OIC_VERSION);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "oic: unknown command '%s'\n", argv[1]);
	cli_usage(stderr);
	return CLI_USAGE;
}
