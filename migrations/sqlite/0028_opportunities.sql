-- 0028: the opportunities board (/opportunities, /opportunities/{id}).
--
-- An opportunity is a call an organisation makes to the city: for pilot
-- partners, research collaborations, student projects and theses, jobs,
-- internships, fellowships, start-up programmes (kind: the ids of
-- features/opportunities/rules.h).  It belongs to one organisation; the
-- organisation's representatives and the office edit it.  sectors is the
-- bit set of the quadruple-helix sectors it addresses (1 government,
-- 2 research, 4 business, 8 civil society: app/sector.h's order).
--
-- deadline is the last day ("YYYY-MM-DD", the city's time) and closes_at
-- the first second after it (the next day's local midnight): an
-- opportunity is open while closes_at > now, evaluated at each request
-- against the clock, so it leaves the list by itself; it stays at its
-- page, marked archived.
--
-- link: the external address to apply at; '' when people reply through
-- the platform (opportunity_replies: a short message the organisation's
-- representatives read on the opportunity's page; no address is shown).
CREATE TABLE opportunities (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	sectors INTEGER NOT NULL DEFAULT 0,
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	deadline TEXT NOT NULL,
	closes_at INTEGER NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	remote INTEGER NOT NULL DEFAULT 0,
	link TEXT NOT NULL DEFAULT '',
	search_text TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'de',
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE INDEX opportunities_closes ON opportunities (closes_at, id);
CREATE INDEX opportunities_organisation ON opportunities (organisation_id, id);
-- A topic: a curated competence's id (curated = 1, the directory's list)
-- or a free topic folded to its key; label is how a free one is shown.
CREATE TABLE opportunity_topics (
	opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
	topic TEXT NOT NULL,
	label TEXT NOT NULL,
	curated INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (opportunity_id, topic)
);
CREATE INDEX opportunity_topics_topic ON opportunity_topics (topic, opportunity_id);
-- A reply through the platform, read by the organisation's representatives.
CREATE TABLE opportunity_replies (
	id INTEGER PRIMARY KEY,
	opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	created INTEGER NOT NULL
);
CREATE INDEX opportunity_replies_of ON opportunity_replies (opportunity_id, id);

CREATE VIRTUAL TABLE opportunities_fts USING fts5(title, body, content='opportunities', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER opportunities_fts_insert AFTER INSERT ON opportunities BEGIN
	INSERT INTO opportunities_fts (rowid, title, body) VALUES (new.id, new.title, new.search_text);
END;
CREATE TRIGGER opportunities_fts_delete AFTER DELETE ON opportunities BEGIN
	INSERT INTO opportunities_fts (opportunities_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.search_text);
END;
CREATE TRIGGER opportunities_fts_update AFTER UPDATE OF title, search_text ON opportunities BEGIN
	INSERT INTO opportunities_fts (opportunities_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.search_text);
	INSERT INTO opportunities_fts (rowid, title, body) VALUES (new.id, new.title, new.search_text);
END;
