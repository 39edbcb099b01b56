/*
 * pdf.c - checking PDF documents with poppler-glib; see pdf.h.
 */
#include "base/pdf.h"

#include <poppler.h>
#include <pthread.h>

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

enum pdf_rc pdf_check(const void *data, size_t len, int *pages)
{
	GError *err = NULL;
	enum pdf_rc rc = PDF_UNREADABLE;

	if (pages != NULL)
		*pages = 0;
	if (data == NULL || len == 0 || len > (size_t)G_MAXINT)
		return PDF_UNREADABLE;
	/* Static bytes: poppler reads the caller's buffer, no copy. */
	GBytes *bytes = g_bytes_new_static(data, len);
	if (bytes == NULL)
		return PDF_ERROR;
	pthread_mutex_lock(&pdf_lock);
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	if (doc == NULL) {
		if (err != NULL && err->domain == POPPLER_ERROR &&
		    err->code == POPPLER_ERROR_ENCRYPTED)
			rc = PDF_ENCRYPTED;
		goto out;
	}
	int n = poppler_document_get_n_pages(doc);
	if (pages != NULL)
		*pages = n;
	rc = n > 0 ? PDF_OK : PDF_NO_PAGES;
out:
	if (doc != NULL)
		g_object_unref(doc);
	pthread_mutex_unlock(&pdf_lock);
	if (err != NULL)
		g_error_free(err);
	g_bytes_unref(bytes);
	return rc;
}
