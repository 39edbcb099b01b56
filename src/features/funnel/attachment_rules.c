/*
 * attachment.c - rules for files on ideas and challenges; see attachment.h.
 */
#include "features/funnel/attachment_rules.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"

const char *attachment_sniff_pdf(const unsigned char *p, size_t n)
{
	if (p == NULL || n < 8 || memcmp(p, "%PDF-", 5) != 0)
		return NULL;
	if ((p[5] != '1' && p[5] != '2') || p[6] != '.' || p[7] < '0' || p[7] > '9')
		return NULL;
	return "application/pdf";
}

/*
 * Decode one code point of s[0..n) into *cp; returns its length, or 0 for
 * a malformed sequence (overlong, surrogate, above U+10FFFF, truncated).
 */
static size_t decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
		c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Characters a link text never carries: controls, bidi controls, BOM. */
static bool dropped(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0xFEFF;
}

static bool is_space(unsigned cp)
{
	return cp == ' ' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000;
}

char *attachment_name_clean(struct arena *a, const char *in)
{
	if (in == NULL)
		in = "";
	/* Only the last path component: "C:\Users\x\Plan.pdf" -> "Plan.pdf". */
	const char *base = in;
	for (const char *p = in; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	char *out = arena_alloc(a, n + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0, chars = 0;
	bool pending_space = false;
	const unsigned char *s = (const unsigned char *)base;
	for (size_t i = 0; i < n && chars < ATTACHMENT_NAME_MAX;) {
		unsigned cp;
		size_t len = decode(s + i, n - i, &cp);
		if (len == 0) { /* skip one byte of a malformed sequence */
			i++;
			continue;
		}
		if (is_space(cp) || cp == '\t') {
			pending_space = o > 0;
		} else if (!dropped(cp)) {
			if (pending_space) {
				out[o++] = ' ';
				chars++;
				pending_space = false;
				if (chars == ATTACHMENT_NAME_MAX)
					break;
			}
			memcpy(out + o, s + i, len);
			o += len;
			chars++;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}

static bool ends_with_pdf(const char *s)
{
	size_t n = strlen(s);
	if (n < 4)
		return false;
	const char *e = s + n - 4;
	return e[0] == '.' && (e[1] | 0x20) == 'p' && (e[2] | 0x20) == 'd' && (e[3] | 0x20) == 'f';
}

char *attachment_disposition(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";

	if (name == NULL || name[0] == '\0')
		name = "document";
	const char *ext = ends_with_pdf(name) ? "" : ".pdf";
	size_t n = strlen(name) + strlen(ext);
	/* 'attachment; filename="' + ascii + '"; filename*=UTF-8\'\'' + 3 per byte. */
	char *out = arena_alloc(a, 64 + n * 4);
	if (out == NULL)
		return NULL;
	size_t o = (size_t)snprintf(out, 64, "attachment; filename=\"");
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* Continuation bytes of one character give one '_'. */
		if ((c & 0xC0) == 0x80)
			continue;
		bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			     (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
			     c == ' ' || c == '(' || c == ')' || c == '+' || c == ',';
		out[o++] = plain ? (char)c : '_';
	}
	memcpy(out + o, ext, strlen(ext));
	o += strlen(ext);
	const char *mid = "\"; filename*=UTF-8''";
	memcpy(out + o, mid, strlen(mid));
	o += strlen(mid);
	for (int part = 0; part < 2; part++) {
		for (const char *p = part ? ext : name; *p; p++) {
			unsigned char c = (unsigned char)*p;
			/* RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~" */
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c) != NULL) {
				out[o++] = (char)c;
			} else {
				out[o++] = '%';
				out[o++] = hex[c >> 4];
				out[o++] = hex[c & 15];
			}
		}
	}
	out[o] = '\0';
	return out;
}

void attachment_size_text(char *out, size_t cap, int64_t bytes, char decimal_sep)
{
	if (cap == 0)
		return;
	if (bytes < 0)
		bytes = 0;
	if (bytes < 1024 * 1024) {
		int64_t kb = (bytes + 1023) / 1024;
		snprintf(out, cap, "%lld KB", (long long)(kb < 1 ? 1 : kb));
		return;
	}
	/* Tenths of a MB, rounded half up. */
	int64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
	snprintf(out, cap, "%lld%c%lld MB", (long long)(tenths / 10), decimal_sep,
		 (long long)(tenths % 10));
}

const char *cover_alt_problem(bool has_cover, const char *alt, bool decorative)
{
	if (!has_cover || decorative)
		return NULL;
	size_t chars = 0, visible = 0;
	const unsigned char *s = (const unsigned char *)(alt ? alt : "");
	size_t n = strlen((const char *)s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = decode(s + i, n - i, &cp);
		if (len == 0)
			return N_("The description contains invalid characters.");
		chars++;
		if (!is_space(cp) && cp != '\t' && cp != '\n' && cp != '\r')
			visible++;
		i += len;
	}
	if (visible == 0)
		return N_(
			"Describe the cover picture for people who cannot see it, or mark it as decorative.");
	if (chars > COVER_ALT_MAX)
		return N_("The description of the picture can have at most 250 characters.");
	return NULL;
}
