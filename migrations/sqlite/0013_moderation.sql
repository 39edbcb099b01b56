-- 0013: moderation (/admin/moderation).
--
-- Anyone logged in reports an idea, a comment or an account with a
-- reason; one open report per reporter and subject.  report_subjects
-- holds one row per reported subject with its number of open reports,
-- so that the queue is a keyset walk of an index (most reports first)
-- instead of a GROUP BY over every report.  A moderator hides a post
-- with a public reason (hide_reason, shown in its place) or restores it,
-- or dismisses the reports.  A new post with one of the held words
-- (settings: moderation.held_words) is stored hidden and held: only its
-- author (told "held for review") and the moderators see it until a
-- moderator lets it through.
CREATE TABLE reports (
	id INTEGER PRIMARY KEY,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('idea', 'comment', 'account')),
	subject_id INTEGER NOT NULL,
	reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	reason TEXT NOT NULL CHECK (reason IN ('spam', 'insult', 'personal_data', 'off_topic', 'other')),
	details TEXT NOT NULL DEFAULT '',
	created INTEGER NOT NULL,
	resolved_at INTEGER,
	resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	resolution TEXT CHECK (resolution IN ('dismissed', 'hidden'))
);
CREATE UNIQUE INDEX reports_open_once ON reports (subject_type, subject_id, reporter_id)
	WHERE resolved_at IS NULL;
CREATE INDEX reports_subject ON reports (subject_type, subject_id, id);
CREATE TABLE report_subjects (
	id INTEGER PRIMARY KEY,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('idea', 'comment', 'account')),
	subject_id INTEGER NOT NULL,
	open_reports INTEGER NOT NULL DEFAULT 0,
	last_report INTEGER NOT NULL,
	UNIQUE (subject_type, subject_id)
);
CREATE INDEX report_subjects_queue ON report_subjects (open_reports, id) WHERE open_reports > 0;
ALTER TABLE ideas ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ideas ADD COLUMN hide_reason TEXT;
ALTER TABLE comments ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN hide_reason TEXT;
CREATE INDEX ideas_held ON ideas (id) WHERE held <> 0;
CREATE INDEX comments_held ON comments (id) WHERE held <> 0;
