-- 0027: matchmaking (issue 12, item 3): the suggestions the job
-- matching.refresh computes (features/matching), what the actors they
-- are shown to dismissed, who switched suggestions off, and whether
-- anything they are computed from changed since the last run.
--
-- A suggestion is for a subject (a challenge, or an actor) of a kind:
--   challenge: actor      the actors that could help with it
--   actor:     challenge  the open challenges they could help with
--              offers     actors whose offers meet their needs
--              needs      actors whose needs their offers meet
-- target_id is the suggested actor or challenge, rank its place (1 the
-- best), reasons the explanation (features/matching/rules.h: one reason
-- a line, "#key<TAB>label" for a shared tag, the word for a term).
CREATE TABLE matching_suggestions (
	subject TEXT NOT NULL CHECK (subject IN ('challenge', 'actor')),
	subject_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	target_id INTEGER NOT NULL,
	rank INTEGER NOT NULL,
	score REAL NOT NULL,
	reasons TEXT NOT NULL,
	PRIMARY KEY (subject, subject_id, kind, target_id)
);
CREATE INDEX matching_suggestions_rank ON matching_suggestions (subject, subject_id, kind, rank);
CREATE INDEX matching_suggestions_target ON matching_suggestions (kind, target_id);
-- Dismissed by whoever the subject's suggestions are shown to; kept
-- across refreshes (the job never deletes them).
CREATE TABLE matching_dismissals (
	subject TEXT NOT NULL CHECK (subject IN ('challenge', 'actor')),
	subject_id INTEGER NOT NULL,
	kind TEXT NOT NULL,
	target_id INTEGER NOT NULL,
	created INTEGER NOT NULL,
	PRIMARY KEY (subject, subject_id, kind, target_id)
);
-- Actors who switched suggestions off: they neither receive nor appear in any.
CREATE TABLE matching_optouts (
	actor_id INTEGER PRIMARY KEY REFERENCES actors (id) ON DELETE CASCADE,
	created INTEGER NOT NULL
);
-- One row: dirty = 1 when a profile, a tag, a challenge or an opt-out
-- changed since the job last read them (set by the triggers below).
CREATE TABLE matching_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	dirty INTEGER NOT NULL DEFAULT 1,
	refreshed INTEGER NOT NULL DEFAULT 0
);
INSERT INTO matching_state (id, dirty, refreshed) VALUES (1, 1, 0);

CREATE TRIGGER matching_actor_insert AFTER INSERT ON actors
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_actor_update AFTER UPDATE OF name, listed, public_fields, offers, needs,
	district_key, search_text ON actors
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_actor_delete AFTER DELETE ON actors
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_tag_insert AFTER INSERT ON actor_tags
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_tag_delete AFTER DELETE ON actor_tags
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_challenge_insert AFTER INSERT ON challenges
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_challenge_update AFTER UPDATE OF title, summary, brief, phase ON challenges
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_challenge_delete AFTER DELETE ON challenges
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_optout_insert AFTER INSERT ON matching_optouts
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_optout_delete AFTER DELETE ON matching_optouts
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
