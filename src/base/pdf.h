/*
 * pdf.h - is this really a PDF document?  Asked of poppler (Debian's
 * libpoppler-glib, already a dependency of libvips).
 *
 * Looking at the first bytes ("%PDF-1.7") says little: anything can
 * follow them.  Here a real PDF parser opens the document: it must find
 * the cross-reference data (or rebuild it, as every reader does), the
 * document catalogue and at least one page, without a password.  Nothing
 * is rendered and no script or form in the file is run; the file is
 * published as it came (PDF metadata such as an author name is not
 * removed: the upload form says so).
 *
 * Why a library and not our own check: the structure of a PDF (objects,
 * xref tables or streams, compressed object streams, incremental
 * updates) is large, and a hand-written partial parser would either
 * refuse valid files or accept invalid ones.  poppler is the parser of
 * most Linux readers, fuzzed continuously by OSS-Fuzz.
 */
#ifndef OIC_BASE_PDF_H
#define OIC_BASE_PDF_H

#include <stddef.h>

enum pdf_rc {
	PDF_OK,
	PDF_UNREADABLE, /* not a PDF document, or damaged beyond repair */
	PDF_ENCRYPTED,	/* needs a password to open */
	PDF_NO_PAGES,	/* a document without a single page */
	PDF_ERROR,	/* the library failed (out of memory) */
};

/*
 * Open data[0..len) as a PDF and count its pages into *pages (may be
 * NULL).  Thread-safe (calls are serialised: uploads of PDFs are rare
 * and poppler's global state is not worth the doubt).  The data is not
 * copied or kept.
 */
enum pdf_rc pdf_check(const void *data, size_t len, int *pages);

#endif
