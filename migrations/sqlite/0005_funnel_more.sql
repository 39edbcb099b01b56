-- 0005: what the funnel's pages need beyond 0003.
--
-- Comments carry their language (content written in another language
-- than the page gets its own lang attribute); a notification about a
-- comment remembers which one, so that it links straight to it.  The
-- curated topics every installation starts with, in both languages.

ALTER TABLE comments ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
ALTER TABLE notifications ADD COLUMN comment_id INTEGER REFERENCES comments (id) ON DELETE SET NULL;

-- Unread notifications of a user, for marking a page of them read.
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

INSERT INTO topics (slug, name_de, name_en) VALUES
	('mobility', 'Mobilität', 'Mobility'),
	('climate', 'Klima & Energie', 'Climate & energy'),
	('digital', 'Digitalisierung', 'Digitalisation'),
	('housing', 'Wohnen & Quartier', 'Housing & neighbourhoods'),
	('health', 'Gesundheit', 'Health'),
	('education', 'Bildung', 'Education'),
	('economy', 'Wirtschaft & Arbeit', 'Economy & work'),
	('culture', 'Kultur & Freizeit', 'Culture & leisure'),
	('environment', 'Umwelt & Grün', 'Environment & green spaces'),
	('participation', 'Beteiligung & Ehrenamt', 'Participation & volunteering');
