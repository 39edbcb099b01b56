/*
 * embedded.h - files compiled into the binary by tools/embed.c.
 *
 * Tables end with an all-zero entry; data is NUL-terminated (len excludes
 * the NUL), so SQL scripts can be used as C strings.
 */
#ifndef OIC_BASE_EMBEDDED_H
#define OIC_BASE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

/* migrations/sqlite/NNNN_name.sql, sorted by name */
extern const struct embedded_file embedded_migrations_sqlite[];
extern const size_t embedded_migrations_sqlite_count;
/* migrations/postgres/NNNN_name.sql, sorted by name */
extern const struct embedded_file embedded_migrations_postgres[];
extern const size_t embedded_migrations_postgres_count;
/* static/... (paths relative to static/) */
extern const struct embedded_file embedded_static[];
extern const size_t embedded_static_count;

#endif
