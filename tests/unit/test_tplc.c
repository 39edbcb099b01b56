/*
 * test_tplc.c - the template compiler and its runtime.
 *
 * Three kinds of test:
 *  - golden renderings: the templates in tests/unit/tpl/ were compiled by
 * tools/tplc when this binary was built; each test fills a view struct, renders
 *    and compares the exact bytes;
 *  - refusals: tplc runs on every template in tests/unit/tpl-fail/ (and each
 *    catalogue case under tpl-fail/po/) and must exit 1, name the
 *    expected FILE:LINE: message and leave no output behind;
 *  - C-level refusals: templates under tests/unit/tpl-cfail/ compile
 *    with tplc but their C must not compile (wrong field, wrong type).
 *
 * Built with -DTPLC_PATH="build/tools/tplc" -DTEST_CC="cc" and run from
 * the top of the tree (the Makefile's test_tplc rule builds it).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "templates.h"

#ifndef TPLC_PATH
#define TPLC_PATH "build/tools/tplc"
#endif
#ifndef TEST_CC
#define TEST_CC "cc"
#endif

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

static struct arena arena;
static struct buf page;
static struct tpl_out out;

/* A fresh output in lang; the previous page's memory is released. */
static struct tpl_out *start(enum lang lang)
{
	arena_free(&arena);
	buf_init(&page, &arena);
	out.buf = &page;
	out.lang = lang;
	return &out;
}

static const char *result(void)
{
	assert_false(page.oom);
	return buf_cstr(&page);
}

static int setup(void **state)
{
	(void)state;
	/* as the server does at start */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

/* The static file registry is the lead's; this stands in for it. */
const char *tpl_asset_url(const char *name)
{
	if (strcmp(name, "app.css") == 0)
		return "/static/app.5e1f.css";
	if (strcmp(name, "app.js") == 0)
		return "/static/app.77aa.js";
	return "/static/unknown";
}

/* literal text that a careless C string writer would break */
#define TRIGRAPHS                                        \
	"<p>Was?\?! ?\?= ?\?/ ?\"?\\ Gr\xc3\xbc\xc3\x9f" \
	"e\t\xe2\x82\xac</p>\n"
#define SPECIAL	    "<a href=\"x\">'&'</a>"
#define SPECIAL_ESC "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"

static void test_escape_contexts(void **state)
{
	(void)state;
	tpl_escape(start(LANG_DE), &(struct esc_view){.s = SPECIAL});
	assert_string_equal(result(),
			    "<p>" SPECIAL_ESC "</p>\n"
			    "<p title=\"" SPECIAL_ESC "\" data-x='" SPECIAL_ESC "'>x</p>\n"
			    "<textarea name=\"t\">" SPECIAL_ESC "</textarea>\n"
			    "<title>" SPECIAL_ESC "</title>\n" TRIGRAPHS);

	/* NULL renders nothing; the comment and {{@struct}} lines are
	 * gone with their newlines */
	tpl_escape(start(LANG_EN), &(struct esc_view){.s = NULL});
	assert_string_equal(result(), "<p></p>\n<p title=\"\" data-x=''>x</p>\n"
				      "<textarea "
				      "name=\"t\"></textarea>\n<title></title>\n" TRIGRAPHS);

	/* UTF-8 and the text between specials pass unchanged */
	tpl_escape(start(LANG_EN), &(struct esc_view){.s = "Grüße <3"});
	assert_non_null(strstr(result(), "<p>Grüße &lt;3</p>"));
}

static void test_escape_text_buffer(void **state)
{
	(void)state;
	struct tpl_out *o = start(LANG_DE);
	/* (pointer, length): stops at n, copes with embedded NUL */
	tpl_escape_text(o->buf, "a<b\0>c\"", 7);
	assert_int_equal(page.len, 18);
	assert_memory_equal(page.data, "a&lt;b\0&gt;c&quot;", 18);
	tpl_escape_text(o->buf, "", 0);
	assert_int_equal(page.len, 18);
}

static const char *render_link(const char *u)
{
	tpl_link(start(LANG_DE), &(struct url_view){.u = u});
	return result();
}

static void test_url_scheme_filter(void **state)
{
	static const char *const blocked[] = {
		"javascript:alert(1)",
		"JaVaScRiPt:alert(1)",
		" javascript:alert(1)",
		"\t\n javascript:alert(1)",
		"\x01javascript:alert(1)",
		"java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)",
		"file:///etc/passwd",
		":x",
		"http\t:x",
		"https :x",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++) {
		assert_false(tpl_url_allowed(blocked[i]));
		assert_string_equal(render_link(blocked[i]), "<a href=\"#\">");
	}
	assert_string_equal(render_link("/ideas/7"), "<a href=\"/ideas/7\">");
	assert_string_equal(render_link("ideas/7?x=a:b#c:d"), "<a href=\"ideas/7?x=a:b#c:d\">");
	assert_string_equal(render_link("?q=javascript:x"), "<a href=\"?q=javascript:x\">");
	assert_string_equal(render_link("#top:1"), "<a href=\"#top:1\">");
	assert_string_equal(render_link("https://example.org/?a=1&b=\"2\""),
			    "<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">");
	assert_string_equal(render_link("HTTP://EXAMPLE.ORG"), "<a href=\"HTTP://EXAMPLE.ORG\">");
	assert_string_equal(render_link(" http://x"), "<a href=\" http://x\">");
	assert_string_equal(render_link("mailto:a@example.org"),
			    "<a href=\"mailto:a@example.org\">");
	assert_string_equal(render_link("tel:+49301234"), "<a href=\"tel:+49301234\">");
	assert_string_equal(render_link(""), "<a href=\"\">");
	assert_string_equal(render_link(NULL), "<a href=\"\">");
}

static void test_url_contexts(void **state)
{
	(void)state;
	tpl_urls(start(LANG_DE),
		 &(struct url_view){.u = "javascript:alert(1)", .q = "a\"b:c", .id = 42});
	assert_string_equal(result(),
			    "<a href=\"#\">a</a>\n"
			    "<a href='#'>b</a>\n"
			    "<img src=\"#\" alt=\"\">\n"
			    "<form action=\"  #\"></form>\n"
			    /* after '/', '?', ':' the scheme is settled: plain escaping */
			    "<a href=\"/ideas/42?q=a&quot;b:c#top\">c</a>\n"
			    "<a href=\"mailto:a&quot;b:c\">d</a>\n"
			    "<a href=\"#/a&quot;b:c\">e</a>\n"
			    "<a href=\"x#\">f</a>\n"
			    "<a href=\"#&amp;p=2\">g</a>\n"
			    "<p>javascript:alert(1)</p>\n"
			    "<svg><a "
			    "xlink:href=\"#\"><title>a&quot;b:c</title></a></svg>\n");

	tpl_urls(start(LANG_DE),
		 &(struct url_view){.u = "https://a.example/x", .q = "q", .id = -1});
	assert_string_equal(result(), "<a href=\"https://a.example/x\">a</a>\n"
				      "<a href='https://a.example/x'>b</a>\n"
				      "<img src=\"https://a.example/x\" alt=\"\">\n"
				      "<form action=\"  https://a.example/x\"></form>\n"
				      "<a href=\"/ideas/-1?q=q#top\">c</a>\n"
				      "<a href=\"mailto:q\">d</a>\n"
				      "<a href=\"https://a.example/x/q\">e</a>\n"
				      "<a href=\"xhttps://a.example/x\">f</a>\n"
				      "<a href=\"https://a.example/x&amp;p=2\">g</a>\n"
				      "<p>https://a.example/x</p>\n"
				      "<svg><a xlink:href=\"https://a.example/x\"><title>q</title>"
				      "</a></svg>\n");
}

/*
 * context.html hides attribute-looking text in comments, raw text,
 * RCDATA and attribute values; a tokenizer that got lost would filter
 * the text slots as URLs or fail to filter the real href.
 */
static void test_tokenizer_contexts(void **state)
{
	(void)state;
	tpl_context(start(LANG_DE), &(struct url_view){.u = "javascript:x", .q = "<q>"});
	assert_string_equal(result(), "<!DOCTYPE html>\n"
				      "<!-- a comment with <a href=\" and  -->\n"
				      "<!---->javascript:x<!-- x --!>javascript:x\n"
				      "<script src=\"/x.js\"></script>\n"
				      "<script>var a = \"<a href='\";</script>javascript:x\n"
				      "<style>p::before { content: \"<a href='\"; }</STYLE >"
				      "javascript:x\n"
				      "<textarea><a href=\"</textarea><a "
				      "href=\"#\">javascript:x</a>\n"
				      "<title>x</TITLE >javascript:x\n"
				      "<p title=\"</p><a href=\">javascript:x</p>\n"
				      "<p title='\" href=\"'>javascript:x</p>\n"
				      "<script>x</script>javascript:x\n"
				      "<a href=/x title=\"javascript:x\">x</a>\n"
				      "<br/><img src=x alt>javascript:x\n"
				      "<svg viewBox=\"0 0 10 10\"><title>javascript:x</title>"
				      "<text x=\"1\">&lt;q&gt;</text><a href=\"#\"></a>"
				      "<rect width=\"&lt;q&gt;\"/></svg>\n"
				      "<p>a < b javascript:x</p>\n");
}

static const char *render_numbers(enum lang lang, int64_t n)
{
	tpl_numbers(start(lang), &(struct num_view){.n = n, .small = -5, .count = 1000});
	return result();
}

static void test_numbers(void **state)
{
	(void)state;
	assert_string_equal(render_numbers(LANG_DE, 1234567),
			    "<p>1.234.567|1234567|-5|1.000</p>\n"
			    "<data value=\"1234567\">1.234.567</data>\n");
	assert_string_equal(render_numbers(LANG_EN, 1234567),
			    "<p>1,234,567|1234567|-5|1,000</p>\n"
			    "<data value=\"1234567\">1,234,567</data>\n");
	assert_string_equal(render_numbers(LANG_DE, 0),
			    "<p>0|0|-5|1.000</p>\n<data value=\"0\">0</data>\n");
	assert_string_equal(render_numbers(LANG_EN, -999), "<p>-999|-999|-5|1,000</p>\n"
							   "<data value=\"-999\">-999</data>\n");
	assert_string_equal(render_numbers(LANG_DE, -1000),
			    "<p>-1.000|-1000|-5|1.000</p>\n"
			    "<data value=\"-1000\">-1.000</data>\n");
	assert_string_equal(render_numbers(LANG_DE, INT64_MIN),
			    "<p>-9.223.372.036.854.775.808|-9223372036854775808|-5|1.000"
			    "</p>\n<data value=\"-9223372036854775808\">"
			    "-9.223.372.036.854.775.808</data>\n");
	assert_string_equal(render_numbers(LANG_EN, INT64_MAX),
			    "<p>9,223,372,036,854,775,807|9223372036854775807|-5|1,000"
			    "</p>\n<data value=\"9223372036854775807\">"
			    "9,223,372,036,854,775,807</data>\n");
}

static const char *render_date(enum lang lang, int64_t t)
{
	tpl_dates(start(lang), &(struct date_view){.t = t});
	return result();
}

static void test_dates(void **state)
{
	(void)state;
	/* 2026-11-26 14:05:00 CET */
	assert_string_equal(render_date(LANG_DE, 1795698300),
			    "<time "
			    "datetime=\"2026-11-26T14:05:00+01:00\">26.11.2026</time>; "
			    "26.11.2026, 14:05\n");
	assert_string_equal(render_date(LANG_EN, 1795698300),
			    "<time datetime=\"2026-11-26T14:05:00+01:00\">26 "
			    "Nov 2026</time>; "
			    "26 Nov 2026, 14:05\n");
	/* 2026-07-03 09:07:30 CEST: summer time, single-digit day */
	assert_string_equal(render_date(LANG_DE, 1783062450),
			    "<time "
			    "datetime=\"2026-07-03T09:07:30+02:00\">03.07.2026</time>; "
			    "03.07.2026, 09:07\n");
	assert_string_equal(render_date(LANG_EN, 1783062450),
			    "<time datetime=\"2026-07-03T09:07:30+02:00\">3 "
			    "Jul 2026</time>; "
			    "3 Jul 2026, 09:07\n");
	/* 2025-12-31 23:30 UTC is already New Year in Berlin */
	assert_string_equal(render_date(LANG_EN, 1767223800),
			    "<time datetime=\"2026-01-01T00:30:00+01:00\">1 "
			    "Jan 2026</time>; "
			    "1 Jan 2026, 00:30\n");
	assert_string_equal(render_date(LANG_DE, 0),
			    "<time "
			    "datetime=\"1970-01-01T01:00:00+01:00\">01.01.1970</time>; "
			    "01.01.1970, 01:00\n");
	/* a time localtime_r() cannot represent renders nothing */
	assert_string_equal(render_date(LANG_DE, INT64_MAX), "<time datetime=\"\"></time>; \n");
}

static void test_blocks_on(void **state)
{
	static const struct tag tags[] = {{"a"}, {"b"}};
	static const struct item items[] = {
		{.title = "One", .n = 1, .tags = tags, .tags_count = 2},
		{.title = "Two", .n = 0},
	};
	(void)state;
	tpl_blocks(start(LANG_DE),
		   &(struct block_view){.flag = true,
					.sel = "b",
					.s = "<s>",
					.author = {.name = "Ann & Bob", .url = "javascript:x"},
					.items = items,
					.items_count = 2});
	assert_string_equal(result(), "<p>yes</p>\n"
				      "\n"
				      "<select name=\"s\">\n"
				      "\t<option value=\"a\">A</option>\n"
				      "\t<option value=\"b\" selected>B</option>\n"
				      "</select>\n"
				      "<ul>\n"
				      "\t<li class=\"has\">One #a #b\n"
				      "\t\t<a href=\"/t/a/b/\">t</a>\n"
				      "\t\t<a href=\"ab\">u</a>\n"
				      "\t</li>\n"
				      "\t<li class=\"none\">Two\n"
				      "\t\t<a href=\"/t/\">t</a>\n"
				      "\t\t<a href=\"\">u</a>\n"
				      "\t</li>\n"
				      "</ul>\n"
				      "<a href=\"#\">Ann &amp; Bob</a>\n"
				      "<input type=\"checkbox\" checked>\n"
				      "<a href=\"/on?x=&lt;s&gt;\">t</a>\n"
				      "\n"
				      "end\n");
}

static void test_blocks_off(void **state)
{
	static const struct tag evil[] = {{"javascript"}, {":x"}};
	static const struct item items[] = {
		{.title = NULL, .n = 5, .tags = evil, .tags_count = 2},
	};
	(void)state;
	tpl_blocks(start(LANG_EN), &(struct block_view){.flag = false,
							.zero = 3,
							.sel = "a",
							.s = "q",
							.items = items,
							.items_count = 1});
	assert_string_equal(result(), "<p>no</p>\n"
				      "<i>not</i>\n"
				      "<select name=\"s\">\n"
				      "\t<option value=\"a\" selected>A</option>\n"
				      "\t<option value=\"b\" data-x=\"q\">B</option>\n"
				      "</select>\n"
				      "<ul>\n"
				      "\t<li class=\"has\"> #javascript #:x\n"
				      "\t\t<a href=\"/t/javascript/:x/\">t</a>\n"
				      /* every piece before the scheme is settled is
			   * checked: "javascript" + ":x" cannot be assembled */
				      "\t\t<a href=\"javascript#\">u</a>\n"
				      "\t</li>\n"
				      "</ul>\n"
				      "\n"
				      "<input type=\"checkbox\">\n"
				      "<a href=\"/off?x=q\">t</a>\n"
				      "zero\n"
				      "end\n");

	/* eq is false for NULL */
	tpl_blocks(start(LANG_EN), &(struct block_view){.sel = NULL});
	assert_non_null(strstr(result(), "<option value=\"a\">A</option>\n"
					 "\t<option value=\"b\" data-x=\"\">B</option>"));
}

static void test_partials(void **state)
{
	static const struct item items[] = {{.title = "One"}, {.title = "<Two>"}};
	(void)state;
	tpl_page(start(LANG_DE),
		 &(struct page_view){
			 .title = "T<",
			 .items = items,
			 .items_count = 2,
			 .author = {.name = "Ann", .url = "https://a.example/?x=1&y=2"}});
	assert_string_equal(result(), "<h1>T&lt;</h1>\n"
				      "<a href=\"https://a.example/?x=1&amp;y=2\">Ann</a>\n"
				      "\n"
				      "<ul><li>One</li><li>&lt;Two&gt;</li></ul>\n");
}

static void test_html_safe(void **state)
{
	(void)state;
	tpl_rawhtml(start(LANG_DE), &(struct html_view){.body = {"<b>bold</b> &amp;"}, .s = "<i>"});
	assert_string_equal(result(), "<div><b>bold</b> &amp;</div><p>&lt;i&gt;</p>\n");
	tpl_rawhtml(start(LANG_DE), &(struct html_view){.body = {NULL}});
	assert_string_equal(result(), "<div></div><p></p>\n");
}

static void test_translations(void **state)
{
	(void)state;
	tpl_i18n(start(LANG_DE), &(struct empty_view){0});
	assert_string_equal(result(), "<html lang=\"de\">\n"
				      "<button title=\"Speichern\">Speichern</button>\n"
				      "<p>Anführungszeichen &quot;und&quot; &lt;Tags&gt; &amp; "
				      "&#39;Apostrophe&#39;</p>\n"
				      "<textarea>Ideen &amp; &lt;Vorschläge&gt;</textarea>\n");
	tpl_i18n(start(LANG_EN), &(struct empty_view){0});
	assert_string_equal(result(), "<html lang=\"en\">\n"
				      "<button title=\"Save\">Save</button>\n"
				      "<p>Quotes &quot;and&quot; &lt;tags&gt; &amp; "
				      "&#39;apostrophes&#39;</p>\n"
				      "<textarea>Ideas &amp; &lt;proposals&gt;</textarea>\n");
}

static void test_assets(void **state)
{
	(void)state;
	tpl_asset(start(LANG_EN), &(struct empty_view){0});
	assert_string_equal(result(), "<link rel=\"stylesheet\" href=\"/static/app.5e1f.css\">\n"
				      "<script src=\"/static/app.77aa.js\"></script>\n"
				      "<img src=\"/static/unknown\" alt=\"City logo\">\n");
}

/* The catalogue tplc generated from the test po files, through tr(). */
static void test_catalogue(void **state)
{
	(void)state;
	assert_string_equal(tr(LANG_DE, "Welcome back"), "Willkommen zurück");
	assert_string_equal(tr(LANG_EN, "Welcome back"), "Welcome back");
	assert_string_equal(tr(LANG_DE, "Line one\nline two\ttab"), "Zeile eins\nZeile zwei\tTab");
	/* in de.po only: English falls back to the msgid */
	assert_string_equal(tr(LANG_EN, "Only in German catalogue"), "Only in German catalogue");
	assert_string_equal(tr(LANG_DE, N_("Sector")), "Sektor");
}

/* ------------------------------------------------------------------ */
/* Running tplc                                                        */

struct run {
	int status; /* exit status, or -1 when it did not exit normally */
	char *err;  /* stderr */
};

/* Run argv (NULL-terminated) with stdout and stderr captured. */
static struct run run_command(char *const argv[])
{
	struct run r = {-1, NULL};
	char path[] = "/tmp/test_tplc_err.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		r.status = WEXITSTATUS(status);
	off_t size = lseek(fd, 0, SEEK_END);
	r.err = calloc(1, (size_t)size + 1);
	assert_non_null(r.err);
	assert_int_equal(pread(fd, r.err, (size_t)size, 0), size);
	close(fd);
	return r;
}

static char *make_tmpdir(void)
{
	char *dir = strdup("/tmp/test_tplc_out.XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p;
		assert_true(asprintf(&p, "%s/%s", dir, e->d_name) > 0);
		unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

/* The expected fragment from a first line "{{!-- expect: ... --}}". */
static char *expected_fragment(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[512];

	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	char *s = strstr(line, "{{!-- expect: ");
	char *e = strstr(line, "--}}");
	if (s == NULL || e == NULL || e < s + 14) {
		print_error("%s: first line must be {{!-- expect: ... --}}\n", file);
		fail();
	}
	s += strlen("{{!-- expect: ");
	while (e > s && e[-1] == ' ')
		e--;
	return strndup(s, (size_t)(e - s));
}

/*
 * tplc must fail, print the fragment and write nothing.  Extra
 * arguments go before the template (NULL-terminated).
 */
static void expect_failure(const char *fragment, const char *tpl_file, ...)
{
	char *dir = make_tmpdir();
	char *argv[32];
	int n = 0;
	va_list ap;

	argv[n++] = TPLC_PATH;
	argv[n++] = "--out";
	argv[n++] = dir;
	argv[n++] = "--views-header";
	argv[n++] = "test_views.h";
	va_start(ap, tpl_file);
	for (char *a = va_arg(ap, char *); a != NULL; a = va_arg(ap, char *))
		argv[n++] = a;
	va_end(ap);
	argv[n++] = (char *)tpl_file;
	argv[n] = NULL;

	struct run r = run_command(argv);
	if (r.status != 1 || strstr(r.err, fragment) == NULL) {
		print_error("%s: exit %d, wanted 1 and \"%s\"; stderr:\n%s\n", tpl_file, r.status,
			    fragment, r.err);
		fail();
	}
	/* "FILE:LINE: " on every line */
	for (char *line = r.err; *line != '\0';) {
		char *colon = strchr(line, ':');
		assert_non_null(colon);
		assert_true(colon[1] >= '0' && colon[1] <= '9');
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		line = nl + 1;
	}
	assert_int_equal(dir_entries(dir), 0);
	remove_tree(dir);
	free(dir);
	free(r.err);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir that end in suffix (or are directories, ""). */
static size_t list_dir(const char *dir, const char *suffix, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	*names = NULL;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name), sl = strlen(suffix);
		if (e->d_name[0] == '.')
			continue;
		if (sl > 0 && (len <= sl || strcmp(e->d_name + len - sl, suffix)))
			continue;
		if (sl == 0 && e->d_type != DT_DIR)
			continue;
		*names = realloc(*names, (n + 1) * sizeof(**names));
		assert_non_null(*names);
		(*names)[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(*names, n, sizeof(**names), cmp_names);
	return n;
}

static void test_fail_templates(void **state)
{
	char **names;
	size_t n = list_dir("tests/unit/tpl-fail", ".html", &names);

	(void)state;
	assert_true(n >= 12);
	for (size_t i = 0; i < n; i++) {
		char *file;
		assert_true(asprintf(&file, "tests/unit/tpl-fail/%s", names[i]) > 0);
		char *fragment = expected_fragment(file);
		expect_failure(fragment, file, "--po", "tests/unit/tpl/de.po", "--po",
			       "tests/unit/tpl/en.po", (char *)NULL);
		free(fragment);
		free(file);
		free(names[i]);
	}
	free(names);
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * Each tpl-fail/po/CASE/ holds de.po, en.po, page.html, expect.txt and
 * maybe code.c for --check-c.
 */
static void test_fail_catalogues(void **state)
{
	char **names;
	size_t n = list_dir("tests/unit/tpl-fail/po", "", &names);

	(void)state;
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		char *base, *de, *en, *page_file, *code, *expect;
		assert_true(asprintf(&base, "tests/unit/tpl-fail/po/%s", names[i]) > 0);
		assert_true(asprintf(&de, "%s/de.po", base) > 0);
		assert_true(asprintf(&en, "%s/en.po", base) > 0);
		assert_true(asprintf(&page_file, "%s/page.html", base) > 0);
		assert_true(asprintf(&code, "%s/code.c", base) > 0);
		assert_true(asprintf(&expect, "%s/expect.txt", base) > 0);

		char line[512] = "";
		FILE *f = fopen(expect, "r");
		assert_non_null(f);
		assert_non_null(fgets(line, sizeof(line), f));
		fclose(f);
		line[strcspn(line, "\n")] = '\0';
		if (exists(code))
			expect_failure(line, page_file, "--po", de, "--po", en, "--check-c", code,
				       (char *)NULL);
		else
			expect_failure(line, page_file, "--po", de, "--po", en, (char *)NULL);
		free(base);
		free(de);
		free(en);
		free(page_file);
		free(code);
		free(expect);
		free(names[i]);
	}
	free(names);
}

/* One --check-c may name several files; the template after them is
 * still a template. */
static void test_check_c_list(void **state)
{
	(void)state;
	expect_failure("code.c:4: msgid \"Unknown thing\" missing from "
		       "tests/unit/tpl/de.po",
		       "tests/unit/tpl/item_row.html", "--po", "tests/unit/tpl/de.po", "--check-c",
		       "tests/unit/tpl/checked.c", "tests/unit/tpl-fail/po/check_c_missing/code.c",
		       (char *)NULL);
}

/* Outputs stay as they were when a later run fails. */
static void test_failure_keeps_old_outputs(void **state)
{
	char *dir = make_tmpdir();
	char *ok[] = {TPLC_PATH,
		      "--out",
		      dir,
		      "--views-header",
		      "test_views.h",
		      "--po",
		      "tests/unit/tpl/de.po",
		      "--po",
		      "tests/unit/tpl/en.po",
		      "tests/unit/tpl/item_row.html",
		      NULL};
	char *bad[] = {TPLC_PATH,
		       "--out",
		       dir,
		       "--po",
		       "tests/unit/tpl/de.po",
		       "tests/unit/tpl-fail/script.html",
		       NULL};
	(void)state;

	struct run r = run_command(ok);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	free(r.err);
	assert_int_equal(dir_entries(dir), 4);
	r = run_command(bad);
	assert_int_equal(r.status, 1);
	free(r.err);
	assert_int_equal(dir_entries(dir), 4);

	char *h;
	assert_true(asprintf(&h, "%s/templates.h", dir) > 0);
	FILE *f = fopen(h, "r");
	char text[4096];
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "void tpl_item_row(struct tpl_out *out, "
				     "const struct item *v);"));
	assert_null(strstr(text, "tpl_script"));
	free(h);
	remove_tree(dir);
	free(dir);
}

/* A rerun with the same result leaves the outputs' timestamps alone. */
static void test_unchanged_outputs_untouched(void **state)
{
	char *dir = make_tmpdir();
	char *argv[] = {TPLC_PATH,
			"--out",
			dir,
			"--views-header",
			"test_views.h",
			"--po",
			"tests/unit/tpl/de.po",
			"tests/unit/tpl/item_row.html",
			NULL};
	const struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
	char *h, *c;
	struct stat st;
	(void)state;

	assert_true(asprintf(&h, "%s/templates.h", dir) > 0);
	assert_true(asprintf(&c, "%s/templates.c", dir) > 0);
	struct run r = run_command(argv);
	assert_int_equal(r.status, 0);
	free(r.err);
	assert_int_equal(utimensat(AT_FDCWD, h, old, 0), 0);
	assert_int_equal(utimensat(AT_FDCWD, c, old, 0), 0);
	/* a changed templates.c is replaced, the same templates.h not */
	assert_int_equal(truncate(c, 10), 0);
	r = run_command(argv);
	assert_int_equal(r.status, 0);
	free(r.err);
	assert_int_equal(stat(h, &st), 0);
	assert_int_equal(st.st_mtim.tv_sec, 1000000000);
	assert_int_equal(stat(c, &st), 0);
	assert_true(st.st_mtim.tv_sec != 1000000000);
	assert_true(st.st_size > 10);
	assert_int_equal(dir_entries(dir), 4);
	free(h);
	free(c);
	remove_tree(dir);
	free(dir);
}

/*
 * Compile dir/templates.c as the build would; returns the compiler's
 * exit status.  The warnings that make type errors fatal are the
 * project's: -Wall -Wextra -Werror.
 */
static int compile_generated(const char *dir)
{
	char *cmd;
	assert_true(asprintf(&cmd,
			     TEST_CC " -std=c11 -Wall -Wextra -Werror -fsyntax-only -Isrc "
				     "-Itests/unit/tpl -I%s %s/templates.c",
			     dir, dir) > 0);
	char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	struct run r = run_command(argv);
	free(cmd);
	free(r.err);
	return r.status;
}

static void check_cfail(const char *tpl_file, bool want_ok)
{
	char *dir = make_tmpdir();
	char *argv[] = {TPLC_PATH,
			"--out",
			dir,
			"--views-header",
			"test_views.h",
			"--po",
			"tests/unit/tpl/de.po",
			"--po",
			"tests/unit/tpl/en.po",
			"tests/unit/tpl/item_row.html",
			"tests/unit/tpl/author_card.html",
			(char *)tpl_file,
			NULL};
	struct run r = run_command(argv);
	if (r.status != 0) {
		print_error("%s: tplc failed:\n%s\n", tpl_file, r.err);
		fail();
	}
	free(r.err);
	int cc = compile_generated(dir);
	if ((cc == 0) != want_ok) {
		print_error("%s: C compiler exit %d, wanted %s\n", tpl_file, cc,
			    want_ok ? "success" : "failure");
		fail();
	}
	remove_tree(dir);
	free(dir);
}

static void test_c_type_errors(void **state)
{
	char **names;
	size_t n = list_dir("tests/unit/tpl-cfail", ".html", &names);

	(void)state;
	/* the control: the same command accepts a correct template */
	check_cfail("tests/unit/tpl/page.html", true);
	assert_true(n >= 5);
	for (size_t i = 0; i < n; i++) {
		char *file;
		assert_true(asprintf(&file, "tests/unit/tpl-cfail/%s", names[i]) > 0);
		check_cfail(file, false);
		free(file);
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_contexts),
		cmocka_unit_test(test_escape_text_buffer),
		cmocka_unit_test(test_url_scheme_filter),
		cmocka_unit_test(test_url_contexts),
		cmocka_unit_test(test_tokenizer_contexts),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_blocks_on),
		cmocka_unit_test(test_blocks_off),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_html_safe),
		cmocka_unit_test(test_translations),
		cmocka_unit_test(test_assets),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_fail_templates),
		cmocka_unit_test(test_fail_catalogues),
		cmocka_unit_test(test_check_c_list),
		cmocka_unit_test(test_failure_keeps_old_outputs),
		cmocka_unit_test(test_unchanged_outputs_untouched),
		cmocka_unit_test(test_c_type_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
