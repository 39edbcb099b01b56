/*
 * cli.h - the command line: `oic COMMAND [OPTIONS]`.
 *
 * Exit codes: 0 success, 1 failure (one line on stderr), 2 wrong usage.
 */
#ifndef OIC_CLI_CLI_H
#define OIC_CLI_CLI_H

#include "store/db.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_seed(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_migrate_data(int argc, char **argv);

/* Print the overall usage to f. */
void cli_usage(void *f);

/* The database URL: --db beats OIC_DB beats the default. */
const char *cli_db_url(const char *flag);

/*
 * Open the store at url, migrated to this binary's schema when
 * migrate is true, else refusing a schema that differs.  NULL on failure
 * (reason printed).
 */
struct db *cli_open_store(const char *url, bool migrate);

#endif
