/*
 * image.h - re-encoding uploaded pictures with libvips.
 *
 * A picture someone uploads is never published as it came: it is decoded
 * (with the loader of its sniffed type only), turned upright by its
 * orientation tag, scaled down when huge, and encoded again without any
 * metadata, so that camera data such as GPS positions, names or serial
 * numbers never leaves the platform.  A thumbnail is made at the same
 * time.  Decoding stops on truncated or damaged data, and on pictures with
 * more pixels than allowed (a small file can decode to gigabytes).
 */
#ifndef OIC_BASE_IMAGE_H
#define OIC_BASE_IMAGE_H

#include <stddef.h>

#include "base/arena.h"

enum image_rc {
	IMAGE_OK,
	IMAGE_UNREADABLE, /* not a picture of the type, or damaged */
	IMAGE_TOO_LARGE,  /* more pixels than max_pixels */
	IMAGE_ERROR,	  /* the library failed (out of memory, not initialised) */
};

struct image_result {
	unsigned char *data; /* the re-encoded picture, in the arena */
	size_t len;
	unsigned char *thumb; /* the thumbnail, same type, in the arena */
	size_t thumb_len;
	int width; /* of data */
	int height;
	char sha256[65]; /* hex of data: the content hash it is stored under */
};

/*
 * Re-encode a picture of type ("image/png", "image/jpeg", "image/webp",
 * as sniffed) into out, in arena a: at most max_side pixels on its long
 * side, a thumbnail of thumb_side square (cropped to the centre).
 * Thread-safe; libvips is started on first use.
 */
enum image_rc image_reencode(struct arena *a, const char *type, const void *data, size_t len,
			     long max_pixels, int max_side, int thumb_side,
			     struct image_result *out);

#endif
