/*
 * assets.c - registry of the embedded static files; see assets.h.
 */
#include "app/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secure.h"
#include "base/embedded.h"
#include "view/tpl.h"

static struct asset *assets;
static size_t asset_count;

static const struct {
	const char *ext;
	const char *type;
} asset_types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".webp", "image/webp"},
	{".jpg", "image/jpeg"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".json", "application/json"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(asset_types) / sizeof(asset_types[0]); i++)
		if (strcmp(dot, asset_types[i].ext) == 0)
			return asset_types[i].type;
	return "application/octet-stream";
}

int assets_init(void)
{
	assets = calloc(embedded_static_count + 1, sizeof(*assets));
	if (assets == NULL)
		return -1;
	for (size_t i = 0; i < embedded_static_count; i++) {
		const struct embedded_file *f = &embedded_static[i];
		unsigned char hash[SECURE_HASH_BYTES];
		char hex[17];
		const char *dot = strrchr(f->name, '.');
		const char *slash = strrchr(f->name, '/');
		size_t stem =
			dot && (!slash || dot > slash) ? (size_t)(dot - f->name) : strlen(f->name);

		secure_hash(f->data, f->len, hash);
		for (int k = 0; k < 8; k++)
			snprintf(hex + 2 * k, 3, "%02x", hash[k]);
		size_t len = strlen("/static/") + strlen(f->name) + 18;
		char *url = malloc(len);
		if (url == NULL)
			return -1;
		snprintf(url, len, "/static/%.*s.%s%s", (int)stem, f->name, hex, f->name + stem);
		assets[i].name = f->name;
		assets[i].url = url;
		assets[i].type = type_of(f->name);
		assets[i].data = f->data;
		assets[i].len = f->len;
	}
	asset_count = embedded_static_count;
	return 0;
}

void assets_free(void)
{
	for (size_t i = 0; assets && i < asset_count; i++)
		free((char *)assets[i].url);
	free(assets);
	assets = NULL;
	asset_count = 0;
}

const struct asset *assets_find(const char *path)
{
	for (size_t i = 0; i < asset_count; i++)
		if (strcmp(assets[i].url + strlen("/static/"), path) == 0)
			return &assets[i];
	return NULL;
}

const struct asset *assets_by_name(const char *name)
{
	for (size_t i = 0; i < asset_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}

/* Called by compiled templates for {{asset "name"}}. */
const char *tpl_asset_url(const char *name)
{
	for (size_t i = 0; i < asset_count; i++)
		if (strcmp(assets[i].name, name) == 0)
			return assets[i].url;
	return "/static/missing";
}
