-- 0014: the content pages (imprint, privacy notice, accessibility
-- statement) are written by the Innovation Office in Markdown, in German
-- and English, and kept as versions (/admin/pages).
--
-- Every save is a new row; nothing is ever rewritten, and a restore is a
-- new version with an old text (restored_from: the version it copies).
-- The public page shows the newest version of its slug and language
-- (the unique index walks it backwards); without one it shows the
-- built-in text.  version numbers count per slug and language, and the
-- unique index keeps two saves at the same moment from taking the same
-- number.  The accessibility statement's feedback contact is part of its
-- Markdown, like every other text of the page.  The history lists a
-- page's versions newest first by id.
CREATE TABLE content_page_versions (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL CHECK (slug IN ('imprint', 'privacy', 'accessibility')),
	lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
	version INTEGER NOT NULL,
	body_md TEXT NOT NULL,
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	restored_from INTEGER,
	created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX content_page_versions_current ON content_page_versions (slug, lang, version);
CREATE INDEX content_page_versions_history ON content_page_versions (slug, id);
