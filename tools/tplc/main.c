/*
 * main.c - the command line and the driver of tplc:
 *
 *   tplc --out DIR --po po/de.po --po po/en.po [--views-header H]
 *        [--check-c FILE.c ...] TEMPLATE.html ...
 *
 * reads the catalogues, checks the C files, loads, parses and
 * compiles every template, then writes the outputs (tplc.h tells the
 * stages).  After any error nothing is written and the exit status
 * is 1.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tplc.h"

/* ------------------------------------------------------------------ */
/* Driver                                                              */

/* The templates named on the command line, in their order. */
struct template *templates;
size_t template_count;

/* Names of src/view/tpl.h that a template function must not take. */
static const char *const runtime_names[] = {
	"raw",	       "raw_n",	    "msg", "eq",   "text",     "attr",	  "url",
	"url_allowed", "num",	    "int", "date", "datetime", "isotime", "html",
	"escape_text", "asset_url", "out", "str",  NULL};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void usage(void)
{
	fputs("usage: tplc --out DIR --po FILE.po [--po FILE.po ...]\n"
	      "            [--views-header H] [--check-c FILE.c ...] "
	      "TEMPLATE.html ...\n",
	      stderr);
	exit(1);
}

/* Name, source and tree of one template; -1 after reporting. */
static int load_template(struct template *t)
{
	if (t->path == NULL)
		return -1;
	const char *base = strrchr(t->path, '/');
	size_t n;

	base = base != NULL ? base + 1 : t->path;
	n = strlen(base);
	if (n <= 5 || strcmp(base + n - 5, ".html") != 0) {
		error_at(t->path, 1, "template file name must end in .html");
		return -1;
	}
	t->name = xstrndup(base, n - 5);
	if (!is_template_name(t->name)) {
		error_at(t->path, 1, "template name '%s' must match [a-z0-9_]+", t->name);
		return -1;
	}
	if (in_list(t->name, runtime_names)) {
		error_at(t->path, 1,
			 "template name '%s' is reserved: tpl_%s is a runtime "
			 "function",
			 t->name, t->name);
		return -1;
	}
	for (struct template *o = templates; o < t; o++) {
		if (o->name != NULL && strcmp(o->name, t->name) == 0) {
			error_at(t->path, 1, "second template named '%s' (%s)", t->name, o->path);
			return -1;
		}
	}
	t->src = read_file(t->path, &t->len);
	if (t->src == NULL)
		return -1;
	if (strlen(t->src) != t->len) {
		error_at(t->path, line_of(t->src, strlen(t->src)), "NUL byte in template");
		return -1;
	}
	size_t bad = utf8_invalid_at(t->src, t->len);
	if (bad != t->len) {
		error_at(t->path, line_of(t->src, bad), "invalid UTF-8");
		return -1;
	}
	return parse_template(t);
}

int main(int argc, char **argv)
{
	const char *out_dir = NULL;
	const char *views_header = "view/views.h";
	const char **check_c = xcalloc((size_t)argc, sizeof(char *));
	size_t check_c_count = 0;
	struct sb code = {0};
	struct out_file files[4] = {
		{.name = "templates.h"},
		{.name = "templates.c"},
		{.name = "i18n_catalog.h"},
		{.name = "i18n_catalog.c"},
	};
	int rc = 1;

	po_files = xcalloc((size_t)argc, sizeof(*po_files));
	templates = xcalloc((size_t)argc, sizeof(*templates));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_arg = i + 1 < argc;
		if (strcmp(a, "--out") == 0 && has_arg) {
			out_dir = argv[++i];
		} else if (strcmp(a, "--po") == 0 && has_arg) {
			memset(&po_files[po_count], 0, sizeof(*po_files));
			po_files[po_count++].path = argv[++i];
		} else if (strcmp(a, "--views-header") == 0 && has_arg) {
			views_header = argv[++i];
		} else if (strcmp(a, "--check-c") == 0 && has_arg) {
			/* "--check-c a.c b.c x.html": C files up to the
			 * next option or template */
			check_c[check_c_count++] = argv[++i];
			while (i + 1 < argc &&
			       (ends_with(argv[i + 1], ".c") || ends_with(argv[i + 1], ".h")))
				check_c[check_c_count++] = argv[++i];
		} else if (a[0] == '-') {
			usage();
		} else {
			memset(&templates[template_count], 0, sizeof(*templates));
			templates[template_count++].path = a;
		}
	}
	if (out_dir == NULL || po_count == 0)
		usage();

	for (size_t i = 0; i < po_count; i++) {
		if (po_parse(&po_files[i]) < 0)
			continue;
		for (size_t k = 0; k < i; k++) {
			if (po_files[k].code != NULL &&
			    strcmp(po_files[k].code, po_files[i].code) == 0)
				error_at(po_files[i].path, 0, "second catalogue for language '%s'",
					 po_files[i].code);
		}
	}
	/* Without sound catalogues every msgid check would be noise. */
	if (error_count > 0)
		goto out;
	for (size_t i = 0; i < check_c_count; i++)
		check_c_file(check_c[i]);
	for (size_t i = 0; i < template_count; i++)
		templates[i].ok = load_template(&templates[i]) == 0;
	for (size_t i = 0; i < template_count; i++)
		if (templates[i].ok)
			compile_template(&templates[i], &code);
	if (error_count > 0)
		goto out;

	write_templates_h(&files[0].text, views_header);
	sb_puts(&files[1].text, generated_note);
	sb_puts(&files[1].text, "#include \"templates.h\"\n\n");
	sb_add(&files[1].text, sb_str(&msg_code), msg_code.len);
	sb_add(&files[1].text, sb_str(&code), code.len);
	write_catalog_h(&files[2].text);
	write_catalog_c(&files[3].text);
	if (write_outputs(out_dir, files, 4) == 0)
		rc = 0;
out:
	for (size_t i = 0; i < 4; i++)
		sb_free(&files[i].text);
	for (size_t i = 0; i < template_count; i++) {
		free(templates[i].name);
		free(templates[i].type);
		free(templates[i].src);
		node_free(templates[i].root);
	}
	for (size_t i = 0; i < po_count; i++) {
		for (size_t k = 0; k < po_files[i].n; k++) {
			free(po_files[i].entries[k].msgid);
			free(po_files[i].entries[k].msgstr);
		}
		free(po_files[i].entries);
		free(po_files[i].code);
		free(po_files[i].enum_name);
	}
	for (size_t i = 0; i < msg_table_count; i++)
		free(msg_tables[i].msgid);
	free(msg_tables);
	sb_free(&msg_code);
	sb_free(&code);
	free(templates);
	free(po_files);
	free(check_c);
	return error_count > 0 ? 1 : rc;
}
