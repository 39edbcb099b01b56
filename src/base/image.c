/*
 * image.c - re-encoding pictures with libvips; see image.h.
 *
 * libvips is started once (pthread_once) with its operation cache off
 * (every upload is new; a cache only holds memory) and with the loaders
 * it marks untrusted blocked.  Each picture is loaded with the loader of
 * its sniffed type, never by guessing, so an SVG or a PDF named .png
 * never reaches a complex parser.
 */
#include "base/image.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <vips/vips.h>

static pthread_once_t image_once = PTHREAD_ONCE_INIT;
static int image_ready;

static void image_init(void)
{
	if (VIPS_INIT("oic") != 0)
		return;
	vips_cache_set_max(0);
	vips_block_untrusted_set(TRUE);
	/* Requests already run in parallel; one thread per picture is enough. */
	vips_concurrency_set(1);
	image_ready = 1;
}

static int load(const char *type, const void *data, size_t len, VipsImage **img)
{
	void *buf = (void *)data; /* libvips takes no const, and only reads */

	if (strcmp(type, "image/png") == 0)
		return vips_pngload_buffer(buf, len, img, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	if (strcmp(type, "image/jpeg") == 0)
		return vips_jpegload_buffer(buf, len, img, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	if (strcmp(type, "image/webp") == 0)
		return vips_webpload_buffer(buf, len, img, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
	return -1;
}

/* Encode without metadata ("strip") in the same type. */
static int save(const char *type, VipsImage *img, void **buf, size_t *len)
{
	if (strcmp(type, "image/png") == 0)
		return vips_pngsave_buffer(img, buf, len, "strip", TRUE, "compression", 6, NULL);
	if (strcmp(type, "image/jpeg") == 0)
		return vips_jpegsave_buffer(img, buf, len, "strip", TRUE, "Q", 85, NULL);
	return vips_webpsave_buffer(img, buf, len, "strip", TRUE, "Q", 85, NULL);
}

/* Copy a g_malloc'ed buffer into the arena and free it. */
static unsigned char *to_arena(struct arena *a, void *buf, size_t len)
{
	unsigned char *p = arena_alloc(a, len ? len : 1);
	if (p != NULL && len > 0)
		memcpy(p, buf, len);
	g_free(buf);
	return p;
}

enum image_rc image_reencode(struct arena *a, const char *type, const void *data, size_t len,
			     long max_pixels, int max_side, int thumb_side,
			     struct image_result *out)
{
	VipsImage *in = NULL, *upright = NULL, *big = NULL, *thumb = NULL;
	void *buf = NULL, *tbuf = NULL;
	size_t blen = 0, tlen = 0;
	enum image_rc rc = IMAGE_UNREADABLE;

	memset(out, 0, sizeof(*out));
	pthread_once(&image_once, image_init);
	if (!image_ready)
		return IMAGE_ERROR;
	/* Loading reads the header only: the size is known before decoding. */
	if (load(type, data, len, &in) != 0)
		goto out;
	if ((long)vips_image_get_width(in) * vips_image_get_height(in) > max_pixels) {
		rc = IMAGE_TOO_LARGE;
		goto out;
	}
	/* Upright first: the orientation tag goes with the other metadata. */
	if (vips_autorot(in, &upright, NULL) != 0)
		goto out;
	/* Scaling also converts to sRGB, as the colour profile is dropped. */
	if (vips_thumbnail_image(upright, &big, max_side, "height", max_side, "size",
				 VIPS_SIZE_DOWN, NULL) != 0 ||
	    vips_thumbnail_image(upright, &thumb, thumb_side, "height", thumb_side, "crop",
				 VIPS_INTERESTING_CENTRE, "size", VIPS_SIZE_DOWN, NULL) != 0)
		goto out;
	/* Saving decodes every pixel: damage shows up here at the latest. */
	if (save(type, big, &buf, &blen) != 0 || save(type, thumb, &tbuf, &tlen) != 0)
		goto out;
	out->width = vips_image_get_width(big);
	out->height = vips_image_get_height(big);
	out->len = blen;
	out->thumb_len = tlen;
	out->data = to_arena(a, buf, blen);
	out->thumb = to_arena(a, tbuf, tlen);
	buf = tbuf = NULL;
	if (out->data == NULL || out->thumb == NULL) {
		rc = IMAGE_ERROR;
		goto out;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, out->data, out->len);
	sodium_bin2hex(out->sha256, sizeof(out->sha256), digest, sizeof(digest));
	rc = IMAGE_OK;
out:
	g_free(buf);
	g_free(tbuf);
	if (thumb)
		g_object_unref(thumb);
	if (big)
		g_object_unref(big);
	if (upright)
		g_object_unref(upright);
	if (in)
		g_object_unref(in);
	if (rc != IMAGE_OK)
		vips_error_clear();
	return rc;
}
