/*
 * views.h - view structs of discover: search and the map.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_DISCOVER_VIEWS_H
#define OIC_DISCOVER_VIEWS_H

/* ---- search ---- */
struct search_kind_filter {
	const char *id;
	const char *label;
	int64_t count;
	bool more; /* count is the cap: at least that many */
	bool checked;
};

struct search_hit {
	const char *kind; /* translated */
	const char *href; /* NULL: nothing to link to */
	struct html_safe title;
	const char *title_lang;
	const char *context; /* "Comment on": the title is of the discussed item */
	struct html_safe snippet;
	const char *body_lang;
};

struct search_view {
	struct layout_view layout;
	const char *q;
	const char *error; /* about the query, shown at the field */
	bool searched;	   /* results (maybe none) are shown */
	struct search_kind_filter *kinds;
	size_t kinds_count;
	int64_t total;	 /* matches of the chosen kinds */
	bool total_more; /* at least total: a kind's count reached the cap */
	struct search_hit *hits;
	size_t hits_count;
	const char *next_href;
	const char *first_href;
};

/* ---- the map ---- */
struct map_item {
	int64_t id;
	const char *kind; /* translated */
	const char *href;
	const char *title;
	const char *lang;
	const char *address;
	const char *status;   /* translated */
	const char *position; /* "50.94° N, 6.96° E", for the list */
};

struct map_view {
	struct layout_view layout;
	bool has_tiles;		 /* a tile server is configured: show the map */
	const char *tiles;	 /* URL template for Leaflet */
	const char *attribution; /* credit for the tiles, plain text */
	const char *data_href;	 /* the GeoJSON feed */
	struct map_item *items;
	size_t items_count;
	const char *next_href;
	const char *first_href;
};

#endif
