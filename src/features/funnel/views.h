/*
 * views.h - view structs of funnel: challenges, ideas, the idea box, forms, teams and attachments.  Collected into
 * view/views.h by the build; see view/views.h for the conventions.
 */
#ifndef OIC_FUNNEL_VIEWS_H
#define OIC_FUNNEL_VIEWS_H

/* A co-author in the team list. */
struct team_member {
	int64_t id;
	int64_t idea_id;
	const char *name;
	const char *csrf; /* for the remove button */
	bool can_remove;
};

struct idea_team {
	int64_t idea_id;
	const char *csrf;
	const char *author; /* the original author's name; NULL when the account is gone */
	struct team_member *members;
	size_t members_count;
	const char *inviter;	  /* who invited the viewer ("" when that account is gone) */
	const char *notice;	  /* what the last team action did, translated */
	const char *error;	  /* why a team action was refused, translated */
	const char *invite_error; /* the invite form's problem, translated */
	const char *invite_value; /* what was typed into it */
	/* flags last */
	bool show;    /* anything to show at all */
	bool invited; /* the viewer has an open invitation */
	bool can_invite;
	bool can_leave;
	bool full;
};

/*
 * A PDF attached to an idea: on the idea page a link, in the idea form
 * (preview or correction) a kept file with its link text and a box to
 * remove it.
 */
struct attachment_item {
	int64_t upload_id;
	const char *href; /* /ideas/{id}/attachments/{upload_id}; NULL in the form */
	const char *kept; /* in the form: "ID.MAC", proof this session stored it */
	const char *name; /* the link text */
	const char *size; /* "1.2 MB" / "1,2 MB" */
};

struct topic_chip {
	const char *slug;
	const char *name; /* in the page's language */
};

struct challenge_item {
	int64_t id;
	const char *title;
	const char *summary;
	const char *sponsor;
	const char *phase; /* label, translated */
	const char *phase_id;
	const char *lang;
	int64_t deadline;
	int64_t sponsor_id;
	bool has_deadline;
	bool sponsor_verified; /* the office verified the sponsor */
	int64_t ideas;
	int64_t cover_id; /* the cover picture's upload, or 0 */
	bool is_draft;
};

struct challenges_view {
	struct layout_view layout;
	struct challenge_item *items;
	size_t items_count;
	struct field_option *phases;
	size_t phases_count;
	struct field_option *topics;
	size_t topics_count;
	struct field_option *sectors;
	size_t sectors_count;
	struct field_option *orders;
	size_t orders_count;
	const char *next_href;
	const char *first_href;
	bool filtered;
	bool can_manage;
};

/* One step of a challenge's timeline. */
struct phase_row {
	const char *label;
	int64_t at;
	bool has_at;
	const char *current; /* "step" for the current phase */
	bool done;
};

struct idea_card {
	int64_t id;
	const char *title;
	const char *author;
	const char *status; /* label */
	const char *status_id;
	const char *lang;
	int64_t supports;
	int64_t comments;
	int64_t created;
	int64_t image_id;
	bool has_image;
	bool supported; /* by the viewer */
	bool hidden;
};

/* A list of ideas with its orders and pages (partial idea_list). */
struct idea_list {
	struct idea_card *cards;
	size_t cards_count;
	struct choice_link *orders;
	size_t orders_count;
	const char *next_href;
	const char *first_href;
	const char *empty; /* what to say when there are none */
};

/* An event of a challenge (the events feature links them; event_challenges). */
struct challenge_event {
	int64_t id;
	const char *title;
	const char *lang;
	int64_t starts_at;
	bool cancelled;
};

struct challenge_view {
	struct layout_view layout;
	int64_t id;
	const char *title;
	const char *summary;
	const char *lang;
	struct html_safe brief;
	const char *sponsor;
	int64_t sponsor_id;
	bool sponsor_verified; /* the office verified the sponsor (organisations) */
	struct name_item *sectors;
	size_t sectors_count;
	struct topic_chip *topics;
	size_t topics_count;
	const char *phase;
	const char *phase_id;
	struct phase_row *phases;
	size_t phases_count;
	int64_t deadline;
	int64_t ideas_total;
	int64_t followers;
	const char *csrf;
	int64_t limit;
	int64_t used;
	struct idea_list ideas;
	struct field_option *phase_options;
	size_t phase_options_count;
	struct comment_section comments;
	struct matching_section matches; /* features/matching: who could help */
	int64_t cover_id;		 /* the cover picture's upload, or 0 */
	const char *cover_alt;		 /* "" for a decorative picture */
	struct challenge_event *events;	 /* the latest 20 by start */
	size_t events_count;
	/* flags last: no padding between the pointers */
	bool is_draft;
	bool has_deadline;
	bool logged_in;
	bool following;
	bool accepts_ideas;
	bool has_limit;
	bool can_manage;
};

/* An idea merged into the one shown. */
struct merged_item {
	int64_t id;
	const char *title;
	const char *lang;
};

struct idea_view {
	struct layout_view layout;
	int64_t id;
	int64_t merged_into;		 /* the idea this one was merged into, or 0 */
	struct merged_item *merged_from; /* the ideas merged into this one; NULL: none */
	size_t merged_from_count;
	const char *title;
	const char *lang;
	struct html_safe body;
	const char *author;
	int64_t created;
	const char *status;
	const char *status_id;
	const char *answer;
	int64_t answered_at;
	int64_t challenge_id;
	const char *challenge_title; /* NULL: the open idea box */
	const char *challenge_lang;
	struct topic_chip *topics;
	size_t topics_count;
	const char *lat;
	const char *lon;
	const char *address;
	int64_t image_id;
	struct attachment_item *attachments; /* PDFs; NULL: none */
	size_t attachments_count;
	int64_t supports;
	const char *support_note; /* why supporting is not possible now */
	const char *support_error;
	const char *csrf;
	const char *login_href;
	int64_t followers;
	struct field_option *status_options;
	size_t status_options_count;
	const char *status_error;
	const char *answer_value;
	struct comment_section comments;
	struct idea_team team;
	/* flags last: no padding between the pointers */
	bool has_location;
	bool has_image;
	bool supported;
	bool can_support;
	bool logged_in;
	bool following;
	bool can_set_status;
	bool can_merge;
	bool can_moderate;
	bool hidden;
	bool held; /* held for review: its author and moderators see it */
	bool can_report;
	const char *hide_reason; /* the moderators' public reason */
};

/* In place of an idea the moderators hid. */
struct idea_hidden_view {
	struct layout_view layout;
	int64_t id;
	const char *hide_reason; /* public, or NULL */
};

struct similar_item {
	int64_t id;
	const char *title;
	const char *lang;
	int64_t supports;
};

struct idea_form_view {
	struct layout_view layout;
	const char *csrf;
	const char *action;
	int64_t challenge_id;
	const char *challenge_title; /* NULL: the open idea box */
	const char *challenge_lang;
	const char *title;
	const char *body;
	const char *lat;
	const char *lon;
	const char *address;
	const char *title_error;
	const char *body_error;
	const char *lat_error;
	const char *lon_error;
	const char *address_error;
	const char *image_error;
	int64_t image_id;		     /* a picture already uploaded with this form, or 0 */
	struct attachment_item *attachments; /* PDFs already uploaded with this form */
	size_t attachments_count;
	const char *attachments_error;
	struct error_summary problem_list; /* problems of the form, on top */
	struct check_option *topics;
	size_t topics_count;
	bool preview;
	struct html_safe preview_body;
	struct similar_item *similar;
	size_t similar_count;
	const char *similar_url; /* for funnel.js: suggestions while typing */
};

struct challenge_form_view {
	struct layout_view layout;
	const char *csrf;
	const char *action;
	const char *heading;
	int64_t id; /* 0 when new */
	const char *title;
	const char *summary;
	const char *brief;
	const char *supports_per_user;
	const char *title_error;
	const char *summary_error;
	const char *brief_error;
	const char *sponsor_error;
	const char *sectors_error;
	const char *supports_error;
	struct error_summary problem_list; /* problems of the form, on top */
	struct field_option *sponsors;
	size_t sponsors_count;
	struct field_option *langs;
	size_t langs_count;
	struct check_option *sectors;
	size_t sectors_count;
	struct check_option *topics;
	size_t topics_count;
	struct date_field *dates;
	size_t dates_count;
	int64_t cover_id; /* the current or just uploaded cover picture, or 0 */
	const char *cover_alt;
	const char *cover_error;
	const char *cover_alt_error;
	bool cover_decorative;
};

struct idea_box_view {
	struct layout_view layout;
	struct idea_list ideas;
};

/* Suggestions while typing a title (GET /ideas/similar). */
struct similar_view {
	struct similar_item *similar;
	size_t similar_count;
};

#endif
