/* tr(lang, "Save") is fine; the one below is not in the catalogues. */
const char *f(enum lang lang)
{
	return tr(lang, "Unknown"
			" thing");
}
