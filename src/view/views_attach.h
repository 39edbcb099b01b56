/*
 * views_attach.h - view structs of files on ideas and challenges (PDF
 * attachments, cover pictures); included by views.h before the funnel's
 * structs that hold them.
 */
#ifndef OIC_VIEW_VIEWS_ATTACH_H
#define OIC_VIEW_VIEWS_ATTACH_H

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

#endif
