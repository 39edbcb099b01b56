/*
 * secure.h - passwords, tokens and MACs, all from libsodium.
 *
 * Passwords: Argon2id (crypto_pwhash_str) with libsodium's "interactive"
 * limits (~64 MiB); slow on purpose, so callers run it on a worker thread.
 * Tokens: 32 random bytes, shown to the client as base64url; the store
 * keeps only their BLAKE2b hash, so a stolen database holds no sessions.
 */
#ifndef OIC_BASE_SECURE_H
#define OIC_BASE_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	SECURE_TOKEN_BYTES = 32,
	SECURE_HASH_BYTES = 32,
	/* base64url without padding of 32 bytes */
	SECURE_TOKEN_TEXT = 43,
	SECURE_PWHASH_MAX = 128,
};

/* Initialise libsodium; -1 when it cannot be. Call once at start-up. */
int secure_init(void);

/* Fill p with n random bytes. */
void secure_random(void *p, size_t n);

/* A fresh random token as base64url text in the arena (NULL on OOM). */
char *secure_token(struct arena *a);

/*
 * Decode a base64url token text into its 32 bytes.  False when text is
 * not exactly one token.
 */
bool secure_token_decode(const char *text, unsigned char out[SECURE_TOKEN_BYTES]);

/* BLAKE2b-256 of data (for storing token hashes). */
void secure_hash(const void *data, size_t n, unsigned char out[SECURE_HASH_BYTES]);

/*
 * base64url (no padding) of a keyed MAC of msg under key (HMAC-SHA-256),
 * in the arena.  Used for CSRF tokens.
 */
char *secure_mac_text(struct arena *a, const unsigned char *key, size_t key_len, const char *msg);

/* Constant-time equality of two NUL-terminated strings. */
bool secure_equal(const char *a, const char *b);

/*
 * Hash a password into out (SECURE_PWHASH_MAX bytes).  -1 when memory for
 * Argon2id cannot be had.
 */
int secure_password_hash(const char *password, char out[SECURE_PWHASH_MAX]);

/* True when password matches the stored hash. */
bool secure_password_verify(const char *hash, const char *password);

/* An incremental BLAKE2b-256 hash (for table checksums). */
struct secure_hasher {
	_Alignas(64) unsigned char state[384]; /* crypto_generichash_state */
};
void secure_hasher_init(struct secure_hasher *h);
void secure_hasher_update(struct secure_hasher *h, const void *data, size_t n);
/* The digest as 64 lower-case hex digits plus NUL. */
void secure_hasher_hex(struct secure_hasher *h, char out[2 * SECURE_HASH_BYTES + 1]);

/* base64url (no padding) of n bytes, in the arena. */
char *secure_base64url(struct arena *a, const unsigned char *p, size_t n);

#endif
