/*
 * map.c - GET /map and GET /map.geojson: ideas and pilot projects with a
 * place in the city.
 *
 * The page is a list first: every located item with its address and a
 * link, newest first and paginated, which is what a screen reader or a
 * browser without JavaScript gets.  With JavaScript, static/js/map.js
 * draws the same items on a Leaflet map from /map.geojson (the newest
 * MAP_FEATURES_MAX located items, or those in a bbox).
 *
 * Tiles come from the server in OIC_MAP_TILES (a Leaflet URL template;
 * default OpenStreetMap's standard tiles; "off" shows the list only).
 * Only this page's Content-Security-Policy allows images from that
 * origin; every other page keeps the strict default.
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "features/funnel/funnel.h"
#include "features/projects/projects.h"
#include "templates.h"
#include "app/app.h"
#include "app/json.h"

enum { MAP_PAGE = 50, MAP_FEATURES_MAX = 500 };

#define MAP_DEFAULT_TILES "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

/* The policy of server.c with the tile server's origin added to img-src. */
#define MAP_CSP_HEAD \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
#define MAP_CSP_TAIL                                                                  \
	"; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " \
	"form-action 'self'; frame-ancestors 'none'"

/*
 * The configured tile URL template and its origin for the CSP, or false
 * when tiles are off or the setting is unusable (logged).  The origin is
 * scheme://host[:port]; a "{s}." subdomain placeholder becomes "*.".  Only
 * characters that cannot end a CSP source or an attribute are accepted.
 */
static bool map_tiles(struct arena *a, const char **tiles, const char **origin)
{
	const char *t = getenv("OIC_MAP_TILES");

	if (t == NULL)
		t = MAP_DEFAULT_TILES;
	if (t[0] == '\0' || strcmp(t, "off") == 0)
		return false;
	size_t scheme = strncmp(t, "https://", 8) == 0 ? 8 : strncmp(t, "http://", 7) == 0 ? 7 : 0;
	if (scheme == 0 ||
	    strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789-._~:/?#[]@!$&()*+,=%{}") != strlen(t) ||
	    strstr(t, "{z}") == NULL || strstr(t, "{x}") == NULL || strstr(t, "{y}") == NULL) {
		log_warn("OIC_MAP_TILES is not a usable tile URL template; the map is off");
		return false;
	}
	const char *host = t + scheme, *end = strchr(host, '/');
	size_t n = end ? (size_t)(end - host) : strlen(host);
	bool sub = strncmp(host, "{s}.", 4) == 0;
	const char *rest = sub ? host + 4 : host;
	size_t rest_n = n - (sub ? 4 : 0);
	if (rest_n == 0 ||
	    strspn(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") <
		    rest_n) {
		log_warn("OIC_MAP_TILES has no plain host name; the map is off");
		return false;
	}
	*tiles = t;
	*origin = arena_printf(a, "%.*s%s%.*s", (int)scheme, t, sub ? "*." : "", (int)rest_n, rest);
	return *origin != NULL;
}

static const char *kind_label(enum lang lang, int64_t kno)
{
	return tr(lang, kno == 0 ? N_("Idea") : N_("Pilot project"));
}

static const char *item_status(enum lang lang, int64_t kno, const char *id)
{
	if (kno == 0) {
		enum idea_status s;
		return idea_status_parse(id, &s) ? tr(lang, idea_status_table[s].label) : NULL;
	}
	enum project_status p;
	return project_status_parse(id, &p) ? tr(lang, project_status_table[p].label) : NULL;
}

/* The position as people read it: "50.9375° N, 6.9603° E". */
static const char *position_text(struct arena *a, enum lang lang, double lat, double lon)
{
	/* German says Ost for east. */
	const char *east = lang == LANG_DE ? "O" : "E";
	const char *text = arena_printf(a, "%.4f° %s, %.4f° %s", fabs(lat), lat >= 0 ? "N" : "S",
					fabs(lon), lon >= 0 ? east : "W");
	if (text == NULL || lang != LANG_DE)
		return text;
	/* German writes a decimal comma. */
	char *de = arena_strdup(a, text);
	for (char *p = de; p != NULL && *p != '\0'; p++)
		if (*p == '.')
			*p = ',';
	return de;
}

/* A list cursor "<created>_<kind>_<id>". */
static bool parse_cursor(const char *s, int64_t *created, int64_t *kno, int64_t *id)
{
	char *end;
	if (s == NULL || !(*s >= '0' && *s <= '9'))
		return false;
	long long c = strtoll(s, &end, 10);
	if (*end != '_' || (end[1] != '0' && end[1] != '1') || end[2] != '_')
		return false;
	int k = end[1] - '0';
	const char *p = end + 3;
	if (!(*p >= '1' && *p <= '9'))
		return false;
	long long i = strtoll(p, &end, 10);
	if (*end != '\0' || c < 0 || i <= 0 || c == LLONG_MAX || i == LLONG_MAX)
		return false;
	*created = c;
	*kno = k;
	*id = i;
	return true;
}

struct box {
	double south, north, west, east;
};

/*
 * The located ideas and projects in box, newest first, continuing after
 * the cursor: call row() for each (at most limit).  -1 on a store error.
 */
typedef int map_row_fn(void *arg, struct db_stmt *st);

static void map_bind(struct db_stmt *st, const struct box *b, int64_t c_created, int64_t c_kno,
		     int64_t c_id, int64_t limit)
{
	db_bind_double(st, 1, b->south);
	db_bind_double(st, 2, b->north);
	db_bind_double(st, 3, b->west);
	db_bind_double(st, 4, b->east);
	db_bind_i64(st, 5, c_created);
	db_bind_i64(st, 6, c_kno);
	db_bind_i64(st, 7, c_id);
	db_bind_i64(st, 8, limit);
}

static int map_query(struct app_ctx *ctx, const struct box *b, int64_t c_created, int64_t c_kno,
		     int64_t c_id, int64_t limit, map_row_fn *row, void *arg)
{
	struct db_stmt *ideas = db_stmt(ctx->db, STMT_map_ideas);
	struct db_stmt *projects = db_stmt(ctx->db, STMT_map_projects);
	int result = 0;

	if (ideas == NULL || projects == NULL)
		return -1;
	map_bind(ideas, b, c_created, c_kno, c_id, limit);
	map_bind(projects, b, c_created, c_kno, c_id, limit);
	/* Merge two newest-first lists; at the same time a project comes first. */
	int ri = db_step(ideas), rp = db_step(projects);
	for (int64_t n = 0; n < limit && (ri == DB_ROW || rp == DB_ROW); n++) {
		bool project = rp == DB_ROW &&
			       (ri != DB_ROW || db_col_i64(projects, 8) >= db_col_i64(ideas, 8));
		if (row(arg, project ? projects : ideas) != 0) {
			result = -1;
			break;
		}
		if (project)
			rp = db_step(projects);
		else
			ri = db_step(ideas);
	}
	if (ri < 0 || rp < 0)
		result = -1;
	db_reset(ideas);
	db_reset(projects);
	return result;
}

struct list_state {
	struct http_request *req;
	struct app_ctx *ctx;
	struct map_view *v;
	int64_t created[MAP_PAGE + 1];
	int64_t kno[MAP_PAGE + 1];
	bool more;
};

static int list_row(void *arg, struct db_stmt *st)
{
	struct list_state *s = arg;
	struct arena *a = &s->req->arena;
	struct map_view *v = s->v;

	if (v->items_count == MAP_PAGE) {
		s->more = true;
		return 0;
	}
	int64_t kno = db_col_i64(st, 0);
	struct map_item *it = &v->items[v->items_count];
	it->id = db_col_i64(st, 1);
	it->kind = kind_label(s->ctx->lang, kno);
	it->href = arena_printf(a, kno == 0 ? "/ideas/%lld" : "/projects/%lld", (long long)it->id);
	it->title = db_col_dup(st, 2, a);
	it->position = position_text(a, s->ctx->lang, db_col_double(st, 3), db_col_double(st, 4));
	it->address = db_col_null(st, 5) ? NULL : db_col_dup(st, 5, a);
	if (it->address != NULL && it->address[0] == '\0')
		it->address = NULL;
	it->lang = db_col_dup(st, 6, a);
	it->status = item_status(s->ctx->lang, kno, db_col_text(st, 7));
	s->created[v->items_count] = db_col_i64(st, 8);
	s->kno[v->items_count] = kno;
	v->items_count++;
	return 0;
}

void map_page(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	static const struct box world = {-90, 90, -180, 180};
	struct map_view v;
	struct list_state s;
	const char *after = http_query(req, "after");
	int64_t c_created = INT64_MAX, c_kno = 1, c_id = INT64_MAX;
	const char *origin = NULL;

	if (after != NULL && !parse_cursor(after, &c_created, &c_kno, &c_id)) {
		app_error(req, resp, 400,
			  N_("This page link is not valid. Start again from the first page."));
		return;
	}
	memset(&v, 0, sizeof(v));
	memset(&s, 0, sizeof(s));
	s.req = req;
	s.ctx = ctx;
	s.v = &v;
	v.items = arena_calloc(&req->arena, MAP_PAGE, sizeof(*v.items));
	if (v.items == NULL ||
	    map_query(ctx, &world, c_created, c_kno, c_id, MAP_PAGE + 1, list_row, &s) != 0) {
		app_error(req, resp, 503, NULL);
		return;
	}
	if (s.more) {
		size_t last = v.items_count - 1;
		v.next_href = arena_printf(&req->arena, "/map?after=%lld_%lld_%lld#places-heading",
					   (long long)s.created[last], (long long)s.kno[last],
					   (long long)v.items[last].id);
	}
	if (after != NULL)
		v.first_href = "/map";
	if (v.items_count == 0)
		v.items = NULL;
	v.has_tiles = map_tiles(&req->arena, &v.tiles, &origin);
	if (v.has_tiles) {
		/* OpenStreetMap's licence asks for this credit; other servers name their own. */
		v.attribution = getenv("OIC_MAP_ATTRIBUTION");
		if (v.attribution == NULL && strcmp(v.tiles, MAP_DEFAULT_TILES) == 0)
			v.attribution = "© OpenStreetMap contributors";
		v.data_href = "/map.geojson";
		http_add_header(
			resp, "Content-Security-Policy",
			arena_printf(&req->arena, "%s%s%s", MAP_CSP_HEAD, origin, MAP_CSP_TAIL));
	}
	app_layout(req, resp, &v.layout, N_("Map"), "/map");
	struct tpl_out out = app_html(req, resp, 200);
	tpl_map(&out, &v);
}

/* ---- GeoJSON (RFC 7946) ---- */

struct geo_state {
	struct http_request *req;
	struct app_ctx *ctx;
	json_t *features;
};

static int geo_row(void *arg, struct db_stmt *st)
{
	struct geo_state *s = arg;
	int64_t kno = db_col_i64(st, 0), id = db_col_i64(st, 1);
	struct arena *a = &s->req->arena;
	const char *url =
		arena_printf(a, kno == 0 ? "/ideas/%lld" : "/projects/%lld", (long long)id);
	const char *fid = arena_printf(a, kno == 0 ? "idea-%lld" : "project-%lld", (long long)id);
	if (url == NULL || fid == NULL)
		return -1;
	const char *status = item_status(s->ctx->lang, kno, db_col_text(st, 7));
	/* Positions in GeoJSON are [longitude, latitude]. */
	json_t *f = json_pack(
		"{s:s, s:s, s:{s:s, s:[f,f]}, s:{s:s, s:s, s:I, s:s, s:s, s:s?, s:s?, s:s?}}",
		"type", "Feature", "id", fid, "geometry", "type", "Point", "coordinates",
		db_col_double(st, 4), db_col_double(st, 3), "properties", "kind",
		kno == 0 ? "idea" : "project", "kind_label", kind_label(s->ctx->lang, kno), "id",
		(json_int_t)id, "title", db_col_text(st, 2), "url", url, "address",
		db_col_null(st, 5) ? NULL : db_col_text(st, 5), "status", status, "lang",
		db_col_text(st, 6));
	return f != NULL && json_array_append_new(s->features, f) == 0 ? 0 : -1;
}

/* "west,south,east,north" in degrees; false when malformed or out of range. */
static bool parse_bbox(const char *s, struct box *b)
{
	double v[4];
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		char *end;
		if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return false;
		v[i] = strtod(p, &end);
		if (end == p || !isfinite(v[i]) || *end != (i < 3 ? ',' : '\0'))
			return false;
		p = end + 1;
	}
	b->west = v[0];
	b->south = v[1];
	b->east = v[2];
	b->north = v[3];
	/* A box across the antimeridian would need two queries: not offered. */
	return b->west >= -180 && b->east <= 180 && b->west <= b->east && b->south >= -90 &&
	       b->north <= 90 && b->south <= b->north;
}

static void json_error(struct http_response *resp, int status, const char *code,
		       const char *message)
{
	app_json_error(resp, status, code, message, "application/json; charset=utf-8");
}

void map_geojson(struct http_request *req, struct http_response *resp, struct app_ctx *ctx)
{
	struct box b = {-90, 90, -180, 180};
	const char *bbox = http_query(req, "bbox");
	struct geo_state s = {req, ctx, json_array()};

	if (bbox != NULL && !parse_bbox(bbox, &b)) {
		json_decref(s.features);
		json_error(resp, 400, "bad_request",
			   tr(ctx->lang, N_("The bbox must be west,south,east,north in degrees, "
					    "with west <= east and south <= north.")));
		return;
	}
	if (s.features == NULL ||
	    map_query(ctx, &b, INT64_MAX, 1, INT64_MAX, MAP_FEATURES_MAX, geo_row, &s) != 0) {
		json_decref(s.features);
		json_error(resp, 503, "unavailable", tr(ctx->lang, N_("Temporarily unavailable")));
		return;
	}
	json_t *fc = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", s.features);
	/* Ten significant digits keep a position to a centimetre, without float noise. */
	if (!app_json(resp, 200, fc, "application/geo+json", JSON_COMPACT | JSON_REAL_PRECISION(10),
		      "no-cache")) {
		json_error(resp, 500, "internal", tr(ctx->lang, N_("Something went wrong")));
		return;
	}
	http_add_header(resp, "Vary", "Cookie, Accept-Language");
}
