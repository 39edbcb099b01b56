-- 0021: the directory of actors (/actors, /actors/{id}).
--
-- An actor is an organisation (every one of them: a trigger gives each
-- new organisation its row, and the rows of the existing ones are made
-- below) or a person who chose to be listed (their row is made when they
-- first save their entry on /account).  Exactly one of organisation_id
-- and user_id is set, and each at most once; actors.id is the {id} of
-- /actors/{id}.  Deleting the organisation or the account deletes the
-- actor and its tags.
--
-- name and sector are copies of the organisation's or the account's,
-- kept by the triggers below whatever page changes them: the directory
-- is ordered by lower(name), id and filtered by sector on this one table
-- (an index walk for a page, not a sort of every actor).
--
-- listed: an organisation is always listed; a person only when they say
-- so.  public_fields is the bit set of the fields a person made public
-- (features/actors/rules.h: 1 sector, 2 competencies, 4 offers, 8 needs,
-- 16 district, 32 website, 64 languages, 128 the ideas they
-- took part in); an organisation's are all.
-- search_text holds the public fields' words (offers, needs, district,
-- competencies in both languages), written by the application when the
-- entry is saved; '' when nothing is public.  The full-text index holds
-- only listed rows (as 0010 does for ideas).
--
-- district_key is the district folded for the filter (lower case,
-- blanks collapsed); languages the codes an actor works in ("de,en").
-- A person's website is their own; an organisation's is the
-- organisation's (organisations.website), so the column stays ''.
CREATE TABLE actors (
	id INTEGER PRIMARY KEY,
	organisation_id INTEGER UNIQUE REFERENCES organisations (id) ON DELETE CASCADE,
	user_id INTEGER UNIQUE REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	sector TEXT NOT NULL,
	listed INTEGER NOT NULL DEFAULT 0,
	public_fields INTEGER NOT NULL DEFAULT 0,
	offers TEXT NOT NULL DEFAULT '',
	needs TEXT NOT NULL DEFAULT '',
	district TEXT NOT NULL DEFAULT '',
	district_key TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	languages TEXT NOT NULL DEFAULT '',
	search_text TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT 'de',
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	CHECK ((organisation_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX actors_directory ON actors (lower(name), id) WHERE listed = 1;
CREATE INDEX actors_district ON actors (district_key) WHERE listed = 1 AND district_key <> '';
-- A competence: tag is a curated competence's id (curated = 1) or a free
-- tag folded to its key (curated = 0); label is how a free tag is shown.
CREATE TABLE actor_tags (
	actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
	tag TEXT NOT NULL,
	label TEXT NOT NULL,
	curated INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (actor_id, tag)
);
CREATE INDEX actor_tags_tag ON actor_tags (tag, actor_id);

CREATE TRIGGER actors_organisation_insert AFTER INSERT ON organisations BEGIN
	INSERT INTO actors (organisation_id, name, sector, listed, public_fields, lang, created, updated)
	VALUES (new.id, new.name, new.sector, 1, 255, new.lang, new.created, new.created);
END;
CREATE TRIGGER actors_organisation_update AFTER UPDATE OF name, sector, lang ON organisations BEGIN
	UPDATE actors SET name = new.name, sector = new.sector, lang = new.lang
		WHERE organisation_id = new.id;
END;
CREATE TRIGGER actors_user_update AFTER UPDATE OF name, sector ON users BEGIN
	UPDATE actors SET name = new.name, sector = new.sector WHERE user_id = new.id;
END;
INSERT INTO actors (organisation_id, name, sector, listed, public_fields, lang, created, updated)
	SELECT id, name, sector, 1, 255, lang, created, created FROM organisations ORDER BY id;

CREATE VIRTUAL TABLE actors_fts USING fts5(name, body, content='actors', content_rowid='id', tokenize='oic_stem');
CREATE TRIGGER actors_fts_insert AFTER INSERT ON actors WHEN new.listed = 1 BEGIN
	INSERT INTO actors_fts (rowid, name, body) VALUES (new.id, new.name, new.search_text);
END;
CREATE TRIGGER actors_fts_delete AFTER DELETE ON actors WHEN old.listed = 1 BEGIN
	INSERT INTO actors_fts (actors_fts, rowid, name, body) VALUES ('delete', old.id, old.name, old.search_text);
END;
CREATE TRIGGER actors_fts_update AFTER UPDATE OF name, search_text, listed ON actors BEGIN
	INSERT INTO actors_fts (actors_fts, rowid, name, body)
		SELECT 'delete', old.id, old.name, old.search_text WHERE old.listed = 1;
	INSERT INTO actors_fts (rowid, name, body)
		SELECT new.id, new.name, new.search_text WHERE new.listed = 1;
END;
INSERT INTO actors_fts (rowid, name, body) SELECT id, name, search_text FROM actors WHERE listed = 1;
