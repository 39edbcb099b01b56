/*
 * test_http_parse.c - percent-decoding, query/form parsing, cookies,
 * multipart, the router, UTF-8 validation and the arena.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/utf8.h"
#include "http/parse.h"
#include "http/router.h"

static void test_arena_alignment_and_growth(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	for (int i = 1; i < 2000; i++) {
		char *p = arena_alloc(&a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xAB, (size_t)i); /* ASan catches overruns */
	}
	char *big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	memset(big, 1, 1 << 20);
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	arena_free(&a);
	assert_null(a.head);
}

static void test_buf(void **state)
{
	struct arena a;
	struct buf b;
	(void)state;
	arena_init(&a);
	buf_init(&b, &a);
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'x');
	assert_int_equal(b.len, 10000);
	buf_put_i64(&b, INT64_MIN);
	assert_string_equal(b.data + 10000, "-9223372036854775808");
	buf_printf(&b, "%05d", 42);
	assert_string_equal(b.data + b.len - 5, "00042");
	assert_false(b.oom);
	arena_free(&a);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("Fahrräder", strlen("Fahrräder")));
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));	 /* emoji */
	assert_false(utf8_valid("\xC3\x28", 2));	 /* bad continuation */
	assert_false(utf8_valid("\xC0\xAF", 2));	 /* overlong */
	assert_false(utf8_valid("\xE0\x80\xAF", 3));	 /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));	 /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("\xE2\x82", 2));	 /* truncated */
	assert_false(utf8_valid("a\0b", 3));		 /* NUL */
	assert_int_equal(utf8_length("äöü", strlen("äöü")), 3);
	assert_true(utf8_has_controls("a\x01", 2));
	assert_false(utf8_has_controls("a\tb\n", 4));
}

static void test_decode(void **state)
{
	struct arena a;
	char *out;
	size_t n;
	(void)state;
	arena_init(&a);
	assert_int_equal(http_decode(&a, "a%20b+c", 7, true, &out, &n), HTTP_PARSE_OK);
	assert_string_equal(out, "a b c");
	assert_int_equal(http_decode(&a, "a+b", 3, false, &out, &n), HTTP_PARSE_OK);
	assert_string_equal(out, "a+b");
	assert_int_equal(http_decode(&a, "%C3%A4", 6, false, &out, &n), HTTP_PARSE_OK);
	assert_string_equal(out, "ä");
	assert_int_equal(http_decode(&a, "%zz", 3, false, &out, &n), HTTP_PARSE_BAD_ENCODING);
	assert_int_equal(http_decode(&a, "%4", 2, false, &out, &n), HTTP_PARSE_BAD_ENCODING);
	assert_int_equal(http_decode(&a, "%", 1, false, &out, &n), HTTP_PARSE_BAD_ENCODING);
	assert_int_equal(http_decode(&a, "%00", 3, false, &out, &n), HTTP_PARSE_BAD_UTF8);
	assert_int_equal(http_decode(&a, "%C3%28", 6, false, &out, &n), HTTP_PARSE_BAD_UTF8);
	arena_free(&a);
}

static void test_urlencoded(void **state)
{
	struct arena a;
	struct http_fields f;
	const char *s = "email=a%40b.de&name=Erika+M&&empty=&flag";
	(void)state;
	arena_init(&a);
	assert_int_equal(http_parse_urlencoded(&a, s, strlen(s), 10, &f), HTTP_PARSE_OK);
	assert_int_equal(f.count, 4);
	assert_string_equal(f.items[0].name, "email");
	assert_string_equal(f.items[0].value, "a@b.de");
	assert_string_equal(f.items[1].value, "Erika M");
	assert_string_equal(f.items[2].name, "empty");
	assert_string_equal(f.items[2].value, "");
	assert_string_equal(f.items[3].name, "flag");
	assert_string_equal(f.items[3].value, "");
	assert_int_equal(http_parse_urlencoded(&a, "a=1&b=2&c=3", 11, 2, &f), HTTP_PARSE_TOO_MANY);
	assert_int_equal(http_parse_urlencoded(&a, "a=%FF", 5, 2, &f), HTTP_PARSE_BAD_UTF8);
	assert_int_equal(http_parse_urlencoded(&a, "", 0, 2, &f), HTTP_PARSE_OK);
	assert_int_equal(f.count, 0);
	arena_free(&a);
}

static void test_cookies(void **state)
{
	struct arena a;
	struct http_fields f;
	(void)state;
	arena_init(&a);
	assert_int_equal(http_parse_cookies(&a, "a=1; oic_session=abc;lang=\"en\"; junk; =x", &f),
			 HTTP_PARSE_OK);
	assert_int_equal(f.count, 3);
	assert_string_equal(f.items[1].name, "oic_session");
	assert_string_equal(f.items[1].value, "abc");
	assert_string_equal(f.items[2].value, "en");
	arena_free(&a);
}

static void test_multipart(void **state)
{
	struct arena a;
	struct http_fields f;
	struct http_file *files;
	size_t nfiles;
	const char body[] = "--XyZ\r\n"
			    "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
			    "Radweg\r\n"
			    "--XyZ\r\n"
			    "Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
			    "Content-Type: image/png\r\n\r\n"
			    "\x89PNG\r\n\x1a\n\0\0\r\n"
			    "--XyZ--\r\n";
	(void)state;
	arena_init(&a);
	assert_int_equal(http_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body,
					      sizeof(body) - 1, 10, &f, &files, &nfiles),
			 HTTP_PARSE_OK);
	assert_int_equal(f.count, 1);
	assert_string_equal(f.items[0].name, "title");
	assert_string_equal(f.items[0].value, "Radweg");
	assert_int_equal(nfiles, 1);
	assert_string_equal(files[0].filename, "a.png");
	assert_string_equal(files[0].content_type, "image/png");
	assert_int_equal(files[0].len, 10);
	assert_memory_equal(files[0].data, "\x89PNG\r\n\x1a\n\0\0", 10);
	assert_int_equal(http_parse_multipart(&a, "multipart/form-data", body, sizeof(body) - 1, 10,
					      &f, &files, &nfiles),
			 HTTP_PARSE_MALFORMED);
	assert_int_equal(http_parse_multipart(&a, "multipart/form-data; boundary=XyZ", body, 40, 10,
					      &f, &files, &nfiles),
			 HTTP_PARSE_MALFORMED);
	arena_free(&a);
}

static const struct http_route routes[] = {
	{HTTP_GET, "/"},
	{HTTP_GET, "/ideas/{id}"},
	{HTTP_POST, "/ideas/{id}/support"},
	{HTTP_GET, "/events/{id}.ics"},
	{HTTP_GET, "/events/{id}"},
	{HTTP_GET, "/static/*"},
};

static void test_router(void **state)
{
	size_t idx, n;
	int64_t p[HTTP_MAX_PARAMS];
	unsigned allow;
	const size_t count = sizeof(routes) / sizeof(routes[0]);
	(void)state;
	assert_int_equal(router_match(routes, count, HTTP_GET, "/", &idx, p, &n, &allow),
			 ROUTER_FOUND);
	assert_int_equal(idx, 0);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/42", &idx, p, &n, &allow),
			 ROUTER_FOUND);
	assert_int_equal(idx, 1);
	assert_int_equal(n, 1);
	assert_int_equal(p[0], 42);
	assert_int_equal(router_match(routes, count, HTTP_HEAD, "/ideas/42", &idx, p, &n, &allow),
			 ROUTER_FOUND);
	assert_int_equal(
		router_match(routes, count, HTTP_GET, "/events/7.ics", &idx, p, &n, &allow),
		ROUTER_FOUND);
	assert_int_equal(idx, 3);
	assert_int_equal(p[0], 7);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/events/7", &idx, p, &n, &allow),
			 ROUTER_FOUND);
	assert_int_equal(idx, 4);
	/* no leading zeros, no signs, no overflow, no trailing junk */
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/042", &idx, p, &n, &allow),
			 ROUTER_NOT_FOUND);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/-1", &idx, p, &n, &allow),
			 ROUTER_NOT_FOUND);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/1234567890123456789", &idx,
				      p, &n, &allow),
			 ROUTER_NOT_FOUND);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/1x", &idx, p, &n, &allow),
			 ROUTER_NOT_FOUND);
	assert_int_equal(router_match(routes, count, HTTP_GET, "/ideas/", &idx, p, &n, &allow),
			 ROUTER_NOT_FOUND);
	/* 405 with the allowed methods */
	assert_int_equal(router_match(routes, count, HTTP_DELETE, "/ideas/3", &idx, p, &n, &allow),
			 ROUTER_WRONG_METHOD);
	assert_true(allow & (1u << HTTP_GET));
	assert_true(allow & (1u << HTTP_HEAD));
	assert_false(allow & (1u << HTTP_POST));
	assert_int_equal(
		router_match(routes, count, HTTP_GET, "/ideas/3/support", &idx, p, &n, &allow),
		ROUTER_WRONG_METHOD);
	assert_true(allow & (1u << HTTP_POST));
	assert_int_equal(
		router_match(routes, count, HTTP_GET, "/static/css/a.css", &idx, p, &n, &allow),
		ROUTER_FOUND);
	assert_int_equal(idx, 5);
}

static void test_url_encode(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	assert_string_equal(text_url_encode(&a, "/a b?x=ä&y"), "%2Fa%20b%3Fx%3D%C3%A4%26y");
	assert_string_equal(text_url_encode(&a, "AZaz09-_.~"), "AZaz09-_.~");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alignment_and_growth),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_router),
		cmocka_unit_test(test_url_encode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
