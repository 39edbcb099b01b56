/*
 * secure.c - thin wrappers over libsodium; see secure.h.
 */
#include "base/secure.h"

#include <sodium.h>
#include <string.h>

int secure_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void secure_random(void *p, size_t n)
{
	randombytes_buf(p, n);
}

char *secure_base64url(struct arena *a, const unsigned char *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	if (out == NULL)
		return NULL;
	sodium_bin2base64(out, len, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

char *secure_token(struct arena *a)
{
	unsigned char raw[SECURE_TOKEN_BYTES];
	secure_random(raw, sizeof(raw));
	char *t = secure_base64url(a, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return t;
}

bool secure_token_decode(const char *text, unsigned char out[SECURE_TOKEN_BYTES])
{
	size_t len = 0;
	const char *end = NULL;

	if (text == NULL || strlen(text) != SECURE_TOKEN_TEXT)
		return false;
	if (sodium_base642bin(out, SECURE_TOKEN_BYTES, text, SECURE_TOKEN_TEXT, NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	return len == SECURE_TOKEN_BYTES && end != NULL && *end == '\0';
}

void secure_hash(const void *data, size_t n, unsigned char out[SECURE_HASH_BYTES])
{
	crypto_generichash(out, SECURE_HASH_BYTES, data, n, NULL, 0);
}

char *secure_mac_text(struct arena *a, const unsigned char *key, size_t key_len, const char *msg)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state state;

	crypto_auth_hmacsha256_init(&state, key, key_len);
	crypto_auth_hmacsha256_update(&state, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&state, mac);
	return secure_base64url(a, mac, sizeof(mac));
}

bool secure_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int secure_password_hash(const char *password, char out[SECURE_PWHASH_MAX])
{
	_Static_assert(SECURE_PWHASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	return crypto_pwhash_str(out, password, strlen(password),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
		       ? 0
		       : -1;
}

bool secure_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

_Static_assert(sizeof(((struct secure_hasher *)0)->state) >= sizeof(crypto_generichash_state),
	       "hasher state too small");

void secure_hasher_init(struct secure_hasher *h)
{
	crypto_generichash_init((crypto_generichash_state *)(void *)h->state, NULL, 0,
				SECURE_HASH_BYTES);
}

void secure_hasher_update(struct secure_hasher *h, const void *data, size_t n)
{
	crypto_generichash_update((crypto_generichash_state *)(void *)h->state, data, n);
}

void secure_hasher_hex(struct secure_hasher *h, char out[2 * SECURE_HASH_BYTES + 1])
{
	unsigned char digest[SECURE_HASH_BYTES];
	crypto_generichash_final((crypto_generichash_state *)(void *)h->state, digest,
				 sizeof(digest));
	sodium_bin2hex(out, 2 * SECURE_HASH_BYTES + 1, digest, sizeof(digest));
}
