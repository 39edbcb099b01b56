-- 0004: search, the map and feeds.
--
-- Full-text search: one FTS5 table per searchable kind, with external
-- content (the rows themselves stay the only copy of the text), kept in
-- sync by triggers.  The tokenizer oic_stem (store/sqlite_stem.c, registered
-- on every connection) indexes each word under its German and English
-- Snowball stem, so "Fahrräder" finds "Fahrrad" and "bikes" finds "bike"
-- whatever the row's language.  Updates re-index only when an indexed
-- column changes, so counters (supports, comments) cost no index work.

CREATE VIRTUAL TABLE challenges_fts USING fts5(title, summary, brief, content='challenges', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER challenges_fts_insert AFTER INSERT ON challenges BEGIN
	INSERT INTO challenges_fts (rowid, title, summary, brief) VALUES (new.id, new.title, new.summary, new.brief);
END;
CREATE TRIGGER challenges_fts_delete AFTER DELETE ON challenges BEGIN
	INSERT INTO challenges_fts (challenges_fts, rowid, title, summary, brief) VALUES ('delete', old.id, old.title, old.summary, old.brief);
END;
CREATE TRIGGER challenges_fts_update AFTER UPDATE OF title, summary, brief ON challenges BEGIN
	INSERT INTO challenges_fts (challenges_fts, rowid, title, summary, brief) VALUES ('delete', old.id, old.title, old.summary, old.brief);
	INSERT INTO challenges_fts (rowid, title, summary, brief) VALUES (new.id, new.title, new.summary, new.brief);
END;
INSERT INTO challenges_fts (challenges_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE ideas_fts USING fts5(title, body, address, content='ideas', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN
	INSERT INTO ideas_fts (rowid, title, body, address) VALUES (new.id, new.title, new.body, new.address);
END;
CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN
	INSERT INTO ideas_fts (ideas_fts, rowid, title, body, address) VALUES ('delete', old.id, old.title, old.body, old.address);
END;
CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body, address ON ideas BEGIN
	INSERT INTO ideas_fts (ideas_fts, rowid, title, body, address) VALUES ('delete', old.id, old.title, old.body, old.address);
	INSERT INTO ideas_fts (rowid, title, body, address) VALUES (new.id, new.title, new.body, new.address);
END;
INSERT INTO ideas_fts (ideas_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE comments_fts USING fts5(body, content='comments', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
	INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
	INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments BEGIN
	INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.id, old.body);
	INSERT INTO comments_fts (rowid, body) VALUES (new.id, new.body);
END;
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE projects_fts USING fts5(title, summary, results, address, content='projects', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER projects_fts_insert AFTER INSERT ON projects BEGIN
	INSERT INTO projects_fts (rowid, title, summary, results, address) VALUES (new.id, new.title, new.summary, new.results, new.address);
END;
CREATE TRIGGER projects_fts_delete AFTER DELETE ON projects BEGIN
	INSERT INTO projects_fts (projects_fts, rowid, title, summary, results, address) VALUES ('delete', old.id, old.title, old.summary, old.results, old.address);
END;
CREATE TRIGGER projects_fts_update AFTER UPDATE OF title, summary, results, address ON projects BEGIN
	INSERT INTO projects_fts (projects_fts, rowid, title, summary, results, address) VALUES ('delete', old.id, old.title, old.summary, old.results, old.address);
	INSERT INTO projects_fts (rowid, title, summary, results, address) VALUES (new.id, new.title, new.summary, new.results, new.address);
END;
INSERT INTO projects_fts (projects_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, location, content='events', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
	INSERT INTO events_fts (rowid, title, summary, location) VALUES (new.id, new.title, new.summary, new.location);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
	INSERT INTO events_fts (events_fts, rowid, title, summary, location) VALUES ('delete', old.id, old.title, old.summary, old.location);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, summary, location ON events BEGIN
	INSERT INTO events_fts (events_fts, rowid, title, summary, location) VALUES ('delete', old.id, old.title, old.summary, old.location);
	INSERT INTO events_fts (rowid, title, summary, location) VALUES (new.id, new.title, new.summary, new.location);
END;
INSERT INTO events_fts (events_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE organisations_fts USING fts5(name, summary, content='organisations', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
	INSERT INTO organisations_fts (rowid, name, summary) VALUES (new.id, new.name, new.summary);
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
	INSERT INTO organisations_fts (organisations_fts, rowid, name, summary) VALUES ('delete', old.id, old.name, old.summary);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF name, summary ON organisations BEGIN
	INSERT INTO organisations_fts (organisations_fts, rowid, name, summary) VALUES ('delete', old.id, old.name, old.summary);
	INSERT INTO organisations_fts (rowid, name, summary) VALUES (new.id, new.name, new.summary);
END;
INSERT INTO organisations_fts (organisations_fts) VALUES ('rebuild');

-- Status changes of ideas with the official answer at that moment, for the
-- status feed.  A trigger writes them, so every way of changing a status
-- (pages, API, back office) is logged alike.  The time is the idea's own
-- updated / answered_at, which the application binds from its clock.
CREATE TABLE idea_status_changes (
	id INTEGER PRIMARY KEY,
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	old_status TEXT NOT NULL,
	new_status TEXT NOT NULL,
	answer TEXT,
	changed_at INTEGER NOT NULL
);
CREATE INDEX idea_status_changes_idea ON idea_status_changes (idea_id);
CREATE TRIGGER ideas_status_log AFTER UPDATE OF status ON ideas
WHEN old.status IS NOT new.status BEGIN
	INSERT INTO idea_status_changes (idea_id, old_status, new_status, answer, changed_at)
	VALUES (new.id, old.status, new.status, new.official_answer,
		max(new.updated, coalesce(new.answered_at, 0)));
END;

-- The map: newest located items first, and a box query by position.
CREATE INDEX ideas_located ON ideas (created DESC, id DESC) WHERE lat IS NOT NULL;
CREATE INDEX ideas_position ON ideas (lat, lon) WHERE lat IS NOT NULL;
CREATE INDEX projects_located ON projects (created DESC, id DESC) WHERE lat IS NOT NULL;
CREATE INDEX projects_position ON projects (lat, lon) WHERE lat IS NOT NULL;

-- Pilot projects by status; their updates newest first.
CREATE INDEX projects_status ON projects (status, created DESC, id DESC);
CREATE INDEX project_updates_newest ON project_updates (project_id, id DESC);
