/*
 * attachment.h - rules for files on ideas and challenges, without I/O:
 * which bytes count as a PDF (by content, never by name), how many PDFs an
 * idea may carry and how large each may be, how a file name becomes a
 * safe link text and a safe download name, how a size reads for people,
 * and when a challenge's cover picture needs a text alternative.
 *
 * The structural check of a PDF (does a real parser find a document with
 * pages in it?) is base/pdf.h; this file only decides on the first bytes.
 */
#ifndef OIC_DOMAIN_ATTACHMENT_H
#define OIC_DOMAIN_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

enum {
	/* PDFs per idea. */
	ATTACHMENT_MAX_PER_IDEA = 5,
	/*
	 * Bytes per PDF.  Below the upload body limit (OIC_MAX_UPLOAD, 8 MiB
	 * by default) so that one file always fits into one request; more
	 * files travel over several preview steps, each kept as an id.
	 */
	ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024,
	/* Characters of a link text (the file name, or what the author typed). */
	ATTACHMENT_NAME_MAX = 100,
	/* Characters of a cover picture's text alternative. */
	COVER_ALT_MAX = 250,
};

/*
 * "application/pdf" when p starts like a PDF file ("%PDF-1." or "%PDF-2."
 * and a digit), NULL otherwise.  Readers accept junk before the header;
 * we do not: a file that needs it is refused with a clear message.
 */
const char *attachment_sniff_pdf(const unsigned char *p, size_t n);

/*
 * A link text from a file name or from what an author typed, in arena a:
 * the last path component (browsers of old sent "C:\..."), invalid UTF-8
 * and control characters dropped, bidirectional overrides dropped (they
 * can make "gpj.exe" read as "exe.jpg"), white space collapsed and
 * trimmed, cut to ATTACHMENT_NAME_MAX characters.  "" when nothing is
 * left; NULL only when the arena is exhausted.
 */
char *attachment_name_clean(struct arena *a, const char *in);

/*
 * The value of a Content-Disposition header that downloads a PDF named
 * name (already cleaned): an ASCII fallback in filename="..." (anything
 * else becomes '_') and the exact name in filename*=UTF-8''... (RFC 6266,
 * RFC 8187).  ".pdf" is added when the name does not end with it; an
 * empty name becomes "document.pdf".  NULL when the arena is exhausted.
 */
char *attachment_disposition(struct arena *a, const char *name);

/*
 * A size for people: "812 bytes" is not used; sizes below 1 KB read as
 * "1 KB", below 1 MB as whole KB, above as MB with one decimal ("1.2 MB"),
 * with decimal_sep ('.' or ',') between.  1 KB = 1024 bytes, as in the
 * limits the forms name.  Writes at most cap bytes (NUL included).
 */
void attachment_size_text(char *out, size_t cap, int64_t bytes, char decimal_sep);

/*
 * The problem of a cover picture's text alternative, as a msgid, or NULL
 * when it is fine: without a cover there is nothing to describe; with one,
 * a description of 1..COVER_ALT_MAX characters, unless the picture is
 * marked decorative (then the text is ignored and alt="" is used).
 */
const char *cover_alt_problem(bool has_cover, const char *alt, bool decorative);

#endif
