-- 0010: the search indexes of ideas and challenges hold only what is public.
--
-- Search left out hidden ideas and draft challenges as sets
-- (rowid NOT IN ...) built for every query; the set of hidden ideas grows
-- with the city (316 at 100,000 ideas), and so did search (1.6 x slower
-- than at 1,000 ideas, make bench).  Whether an idea or a challenge is
-- public depends on its own row alone, so the triggers can keep the index
-- exactly to the public rows: a row enters when it is inserted public or
-- becomes public, and leaves (with the values it was indexed with) when it
-- is deleted, hidden or put back into draft.
--
-- Comments stay fully indexed: whether one is public also depends on its
-- subject, and an FTS5 'delete' of a row that is not in the index would
-- corrupt it.  Search walks their matches newest first and looks each up.
--
-- Never run 'rebuild' on ideas_fts or challenges_fts: it would index every
-- row of the content table.  The statements below are the rebuild.

DROP TRIGGER ideas_fts_insert;
DROP TRIGGER ideas_fts_delete;
DROP TRIGGER ideas_fts_update;
CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas WHEN new.hidden = 0 BEGIN
	INSERT INTO ideas_fts (rowid, title, body, address) VALUES (new.id, new.title, new.body, new.address);
END;
CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas WHEN old.hidden = 0 BEGIN
	INSERT INTO ideas_fts (ideas_fts, rowid, title, body, address) VALUES ('delete', old.id, old.title, old.body, old.address);
END;
CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body, address, hidden ON ideas BEGIN
	INSERT INTO ideas_fts (ideas_fts, rowid, title, body, address)
		SELECT 'delete', old.id, old.title, old.body, old.address WHERE old.hidden = 0;
	INSERT INTO ideas_fts (rowid, title, body, address)
		SELECT new.id, new.title, new.body, new.address WHERE new.hidden = 0;
END;
INSERT INTO ideas_fts (ideas_fts) VALUES ('delete-all');
INSERT INTO ideas_fts (rowid, title, body, address)
	SELECT id, title, body, address FROM ideas WHERE hidden = 0;

DROP TRIGGER challenges_fts_insert;
DROP TRIGGER challenges_fts_delete;
DROP TRIGGER challenges_fts_update;
CREATE TRIGGER challenges_fts_insert AFTER INSERT ON challenges WHEN new.phase <> 'draft' BEGIN
	INSERT INTO challenges_fts (rowid, title, summary, brief) VALUES (new.id, new.title, new.summary, new.brief);
END;
CREATE TRIGGER challenges_fts_delete AFTER DELETE ON challenges WHEN old.phase <> 'draft' BEGIN
	INSERT INTO challenges_fts (challenges_fts, rowid, title, summary, brief) VALUES ('delete', old.id, old.title, old.summary, old.brief);
END;
CREATE TRIGGER challenges_fts_update AFTER UPDATE OF title, summary, brief, phase ON challenges BEGIN
	INSERT INTO challenges_fts (challenges_fts, rowid, title, summary, brief)
		SELECT 'delete', old.id, old.title, old.summary, old.brief WHERE old.phase <> 'draft';
	INSERT INTO challenges_fts (rowid, title, summary, brief)
		SELECT new.id, new.title, new.summary, new.brief WHERE new.phase <> 'draft';
END;
INSERT INTO challenges_fts (challenges_fts) VALUES ('delete-all');
INSERT INTO challenges_fts (rowid, title, summary, brief)
	SELECT id, title, summary, brief FROM challenges WHERE phase <> 'draft';

-- The set of hidden ideas served only search.
DROP INDEX ideas_hidden;
-- So did the set of hidden or deleted comments (search counts them now by
-- looking each match up).
DROP INDEX comments_gone;
