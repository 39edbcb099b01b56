/*
 * arena.h - per-request bump allocator.
 *
 * Every request owns one arena; everything the request needs (parsed
 * headers, form fields, rows read from the store, the rendered page) is
 * allocated from it and released in one go by arena_free() when the
 * response has been sent.  Handlers therefore almost never call free().
 *
 * Memory comes in chunks; a chunk is never moved, so pointers handed out
 * stay valid until arena_free() or arena_reset().
 */
#ifndef OIC_BASE_ARENA_H
#define OIC_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t total;		  /* bytes obtained from malloc, for metrics */
};

/* Initialise an empty arena.  No memory is taken until the first alloc. */
void arena_init(struct arena *a);

/*
 * Allocate n bytes aligned for any type.  Returns NULL only when malloc
 * fails; the caller turns that into a 500 during a request.
 */
void *arena_alloc(struct arena *a, size_t n);

/* Like arena_alloc(), zero-filled. Overflow of count*size returns NULL. */
void *arena_calloc(struct arena *a, size_t count, size_t size);

/* Copy n bytes of s and add a NUL.  Returns NULL on allocation failure. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Copy a NUL-terminated string (NULL stays NULL). */
char *arena_strdup(struct arena *a, const char *s);

/*
 * printf into the arena; the result is exactly as long as needed, so no
 * fixed buffer can overflow.  Returns NULL on allocation failure.
 */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Give every chunk back to malloc; the arena is empty and reusable. */
void arena_free(struct arena *a);

#endif
