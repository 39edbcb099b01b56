/*
 * rules.c - the pure rules of events (see rules.h).  The kind ids are
 * those of the CHECK constraint on events.kind in both dialects'
 * migrations.
 */
#include "features/events/rules.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/civil.h"
#include "base/i18n.h"
#include "base/text.h"

const struct event_kind_info event_kind_table[EVENT_KIND__COUNT] = {
	[EVENT_WORKSHOP] = {"workshop", N_("Workshop")},
	[EVENT_HACKATHON] = {"hackathon", N_("Hackathon")},
	[EVENT_LAB] = {"lab", N_("Innovation lab")},
	[EVENT_MEETUP] = {"meetup", N_("Meetup")},
	[EVENT_CONFERENCE] = {"conference", N_("Conference")},
};

const struct event_kind_info event_when_table[EVENT_WHEN__COUNT] = {
	[EVENT_WHEN_UPCOMING] = {"upcoming", N_("Upcoming and running")},
	[EVENT_WHEN_PAST] = {"past", N_("Past")},
	[EVENT_WHEN_ALL] = {"all", N_("All times")},
};

bool event_kind_parse(const char *id, enum event_kind *out)
{
	for (int i = 0; id != NULL && i < EVENT_KIND__COUNT; i++) {
		if (strcmp(event_kind_table[i].id, id) == 0) {
			*out = (enum event_kind)i;
			return true;
		}
	}
	return false;
}

const char *event_kind_label(const char *id)
{
	enum event_kind k;
	return event_kind_parse(id, &k) ? event_kind_table[k].label : id;
}

bool event_when_parse(const char *s, enum event_when *out)
{
	if (s == NULL || s[0] == '\0') {
		*out = EVENT_WHEN_UPCOMING;
		return true;
	}
	for (int i = 0; i < EVENT_WHEN__COUNT; i++)
		if (strcmp(event_when_table[i].id, s) == 0) {
			*out = (enum event_when)i;
			return true;
		}
	return false;
}

bool event_office_may(enum role r)
{
	return role_can(r, PERM_MANAGE_CONTENT);
}

bool event_shows_email(enum role r)
{
	return role_can(r, PERM_MANAGE_ACCOUNTS);
}

/* ---- the form ---- */

static bool two_digits(const char *s, int *v)
{
	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'))
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

bool event_parse_time(const char *s, int *hour, int *minute)
{
	int h, m, sec = 0;
	size_t n = s ? strlen(s) : 0;

	if ((n != 5 && n != 8) || s[2] != ':' || !two_digits(s, &h) || !two_digits(s + 3, &m))
		return false;
	if (n == 8 && (s[5] != ':' || !two_digits(s + 6, &sec) || sec > 59))
		return false;
	if (h > 23 || m > 59)
		return false;
	*hour = h;
	*minute = m;
	return true;
}

/*
 * One end of the event: its date and time fields into *at.  Problems go
 * at date_field and time_field; false when either is missing or wrong.
 */
static bool moment_check(const char *date, const char *time, const char *date_field,
			 const char *time_field, event_local_time_fn *to_time, int64_t *at,
			 struct field_problem *problems, size_t *n)
{
	struct event_local l = {0};
	bool ok = true;

	if (date == NULL || date[0] == '\0') {
		problems[(*n)++] = (struct field_problem){date_field, N_("Enter the date.")};
		ok = false;
	} else if (!civil_parse_date(date, &l.year, &l.month, &l.day)) {
		problems[(*n)++] = (struct field_problem){
			date_field, N_("Enter a real date like 2026-03-01 (year, month, day).")};
		ok = false;
	}
	if (time == NULL || time[0] == '\0') {
		problems[(*n)++] = (struct field_problem){time_field, N_("Enter the time.")};
		ok = false;
	} else if (!event_parse_time(time, &l.hour, &l.minute)) {
		problems[(*n)++] = (struct field_problem){
			time_field, N_("Enter a time of day like 09:30 (hours and minutes).")};
		ok = false;
	}
	if (ok)
		*at = to_time(&l);
	return ok;
}

/* The capacity as typed: empty for no limit, else 1..EVENT_CAPACITY_MAX. */
static bool capacity_parse(const char *s, bool *has, int64_t *capacity)
{
	size_t n = s ? strlen(s) : 0;
	size_t b = 0, e = n;

	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	*has = b < e;
	*capacity = 0;
	if (!*has)
		return true;
	if (e - b > 6)
		return false;
	int64_t v = 0;
	for (size_t i = b; i < e; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*capacity = v;
	return v >= 1 && v <= EVENT_CAPACITY_MAX;
}

size_t event_form_check(struct arena *a, const struct event_input *in, event_local_time_fn *to_time,
			struct event_fields *out, struct field_problem *problems)
{
	size_t n = 0;
	const char *problem = NULL;
	enum event_kind kind;
	enum lang l;

	memset(out, 0, sizeof(*out));
	out->title = text_check(a, in->title ? in->title : "", EVENT_TITLE_MAX,
				N_("Enter the event's title."),
				N_("The title can be at most 200 characters long."), &problem);
	if (out->title == NULL)
		problems[n++] = (struct field_problem){"title", problem};
	/* Markdown: text_check keeps line breaks and tabs, and refuses other controls. */
	out->summary =
		text_check(a, in->summary ? in->summary : "", EVENT_SUMMARY_MAX,
			   N_("Describe the event in a few sentences."),
			   N_("The description can be at most 5,000 characters long."), &problem);
	if (out->summary == NULL)
		problems[n++] = (struct field_problem){"summary", problem};
	if (event_kind_parse(in->kind, &kind))
		out->kind = event_kind_table[kind].id;
	else
		problems[n++] =
			(struct field_problem){"kind", N_("Choose one of the kinds of event.")};
	bool start = moment_check(in->start_date, in->start_time, "start_date", "start_time",
				  to_time, &out->starts_at, problems, &n);
	bool end = moment_check(in->end_date, in->end_time, "end_date", "end_time", to_time,
				&out->ends_at, problems, &n);
	if (start && end && out->ends_at <= out->starts_at)
		problems[n++] = (struct field_problem){
			"end_date", N_("The event must end after it begins: choose a later end.")};
	out->location =
		text_check(a, in->location ? in->location : "", EVENT_LOCATION_MAX,
			   N_("Enter where the event takes place: an address, a room, or online."),
			   N_("The location can be at most 200 characters long."), &problem);
	if (out->location == NULL)
		problems[n++] = (struct field_problem){"location", problem};
	if (!capacity_parse(in->capacity, &out->has_capacity, &out->capacity))
		problems[n++] = (struct field_problem){
			"capacity", N_("Enter the number of places as a whole number from 1 to "
				       "100,000, or leave it empty for no limit.")};
	const char *org = in->organiser;
	if (org != NULL && org[0] != '\0') {
		int64_t v = 0;
		size_t len = strlen(org);
		bool digits = len > 0 && len <= 18;
		for (size_t i = 0; digits && i < len; i++) {
			digits = org[i] >= '0' && org[i] <= '9';
			v = v * 10 + (org[i] - '0');
		}
		if (digits && v > 0)
			out->organiser_id = v;
		else
			problems[n++] = (struct field_problem){
				"organiser", N_("Choose one of the offered organisations.")};
	}
	out->online_url = "";
	const char *url = text_trim_dup(a, in->online_url);
	if (url != NULL && url[0] != '\0') {
		const char *why = event_online_url_problem(url);
		if (why != NULL)
			problems[n++] = (struct field_problem){"online_url", why};
		else
			out->online_url = url;
	}
	if (!event_challenges_set(a, in->challenges, in->challenges_count, out))
		problems[n++] = (struct field_problem){
			"challenges", N_("Choose at most 20 of the offered challenges.")};
	if (in->lang != NULL && strlen(in->lang) == 2 &&
	    i18n_lang_from_code(in->lang, strlen(in->lang), &l))
		out->lang = i18n_code(l);
	else
		problems[n++] =
			(struct field_problem){"lang", N_("Choose one of the offered languages.")};
	return n;
}

const char *event_capacity_problem(bool has_capacity, int64_t capacity, int64_t registered)
{
	if (has_capacity && capacity < registered)
		return N_("More people are registered than this capacity allows. Enter at least "
			  "the number of places taken, or leave it empty for no limit.");
	return NULL;
}

int64_t event_places_freed(bool has_capacity, int64_t capacity, int64_t registered, int64_t waiting)
{
	if (waiting <= 0)
		return 0;
	if (!has_capacity)
		return waiting;
	int64_t free_places = capacity - registered;
	return free_places <= 0 ? 0 : free_places < waiting ? free_places : waiting;
}

/* ---- what a change did ---- */

/* One field's "name: value" line for the audit log (value as stored). */
static void line_text(struct buf *b, const char *name, const char *value)
{
	buf_puts(b, name);
	buf_puts(b, ": ");
	buf_puts(b, value);
	buf_putc(b, '\n');
}

static void line_time(struct buf *b, const char *name, int64_t t)
{
	buf_puts(b, name);
	buf_puts(b, ": ");
	civil_put_rfc3339(b, t);
	buf_putc(b, '\n');
}

static void line_count(struct buf *b, const char *name, bool has, int64_t v, const char *none,
		       const char *prefix)
{
	buf_puts(b, name);
	buf_puts(b, ": ");
	if (has) {
		buf_puts(b, prefix);
		buf_printf(b, "%lld", (long long)v);
	} else {
		buf_puts(b, none);
	}
	buf_putc(b, '\n');
}

/* Append the lines of f whose fields differ from other's (every line when other is NULL). */
static void lines(struct buf *b, const struct event_fields *f, const struct event_fields *other)
{
#define DIFF_TEXT(x) (other == NULL || strcmp(f->x, other->x) != 0)
	if (DIFF_TEXT(title))
		line_text(b, "title", f->title);
	if (DIFF_TEXT(summary))
		line_text(b, "summary", f->summary);
	if (DIFF_TEXT(kind))
		line_text(b, "kind", f->kind);
	if (other == NULL || f->starts_at != other->starts_at)
		line_time(b, "starts", f->starts_at);
	if (other == NULL || f->ends_at != other->ends_at)
		line_time(b, "ends", f->ends_at);
	if (DIFF_TEXT(location))
		line_text(b, "location", f->location);
	if (other == NULL || f->has_capacity != other->has_capacity ||
	    (f->has_capacity && f->capacity != other->capacity))
		line_count(b, "capacity", f->has_capacity, f->capacity, "unlimited", "");
	if (other == NULL || f->organiser_id != other->organiser_id)
		line_count(b, "organiser", f->organiser_id != 0, f->organiser_id, "none",
			   "organisation:");
	if (DIFF_TEXT(lang))
		line_text(b, "lang", f->lang);
	const char *ch = f->challenges ? f->challenges : "";
	const char *other_ch = other == NULL ? "" : other->challenges ? other->challenges : "";
	if (strcmp(ch, other_ch) != 0)
		line_text(b, "challenges", ch);
	/* NULL is no link; a new event without one has no line for it. */
	const char *url = f->online_url ? f->online_url : "";
	const char *other_url = other == NULL ? "" : other->online_url ? other->online_url : "";
	if (strcmp(url, other_url) != 0)
		line_text(b, "online_url", url);
#undef DIFF_TEXT
}

/* The buffer's text without its last line break, in a; NULL when out of memory. */
static const char *buf_text(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] == '\n')
		b->len--;
	buf_putc(b, '\0');
	return b->oom ? NULL : b->data;
}

bool event_fields_diff(struct arena *a, const struct event_fields *before,
		       const struct event_fields *after, const char **was, const char **is)
{
	struct buf w, i;

	buf_init(&w, a);
	buf_init(&i, a);
	if (before != NULL)
		lines(&w, before, after);
	lines(&i, after, before);
	*was = buf_text(&w);
	*is = buf_text(&i);
	return i.len > 1;
}

/* ---- organisers' tools ---- */

const char *event_online_url_problem(const char *url)
{
	if (url == NULL || url[0] == '\0')
		return NULL;
	size_t len = strlen(url);
	size_t scheme = strncmp(url, "https://", 8) == 0  ? 8
			: strncmp(url, "http://", 7) == 0 ? 7
							  : 0;
	if (scheme == 0)
		return N_("Enter the online link as a web address starting with https:// or "
			  "http://.");
	if (len > EVENT_ONLINE_URL_MAX)
		return N_("The online link can be at most 500 characters long.");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f || url[i] == '"' ||
		    url[i] == '<' || url[i] == '>')
			return N_("The online link cannot contain spaces, quotes or angle "
				  "brackets.");
	if (url[scheme] == '\0' || url[scheme] == '/' || url[scheme] == '?' || url[scheme] == '#' ||
	    url[scheme] == '.' || url[scheme] == ':' || url[scheme] == '@')
		return N_("Enter the online link as a web address starting with https:// or "
			  "http://.");
	return NULL;
}

bool event_organiser_may(enum role r, bool represents)
{
	return represents || event_office_may(r);
}

const char *event_call_off_problem(bool cancelled, bool over)
{
	if (cancelled)
		return N_("This event has already been called off.");
	if (over)
		return N_("This event has taken place and can no longer be called off.");
	return NULL;
}

bool event_time_changed(const struct event_fields *before, const struct event_fields *after)
{
	return before->starts_at != after->starts_at || before->ends_at != after->ends_at;
}

bool event_attendance_parse(const char *s, int *out)
{
	if (s == NULL)
		return false;
	if (strcmp(s, "yes") == 0)
		*out = 1;
	else if (strcmp(s, "no") == 0)
		*out = 0;
	else if (strcmp(s, "unknown") == 0)
		*out = -1;
	else
		return false;
	return true;
}

static int id_order(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

bool event_challenges_set(struct arena *a, const char *const *ids, size_t n, struct event_fields *f)
{
	int64_t v[EVENT_CHALLENGES_MAX] = {0};
	size_t count = 0;
	struct buf b;

	f->challenges_count = 0;
	f->challenges = "";
	for (size_t i = 0; i < n; i++) {
		const char *s = ids[i];
		size_t len = s ? strlen(s) : 0;
		int64_t x = 0;
		if (len == 0)
			continue; /* an empty choice is none */
		if (len > 18)
			return false;
		for (size_t k = 0; k < len; k++) {
			if (s[k] < '0' || s[k] > '9')
				return false;
			x = x * 10 + (s[k] - '0');
		}
		if (x <= 0)
			return false;
		bool seen = false;
		for (size_t k = 0; k < count && !seen; k++)
			seen = v[k] == x;
		if (seen)
			continue;
		if (count == EVENT_CHALLENGES_MAX)
			return false;
		v[count++] = x;
	}
	qsort(v, count, sizeof(v[0]), id_order);
	buf_init(&b, a);
	for (size_t i = 0; i < count; i++) {
		f->challenge_ids[i] = v[i];
		buf_printf(&b, i ? ",%lld" : "%lld", (long long)v[i]);
	}
	buf_putc(&b, '\0');
	if (b.oom)
		return false;
	f->challenges_count = count;
	f->challenges = b.data;
	return true;
}
