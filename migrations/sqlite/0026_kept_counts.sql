-- 0026: counts kept by triggers, so that two pages cost the same in a
-- city of any size.
--
-- analytics_generation: one row whose number grows with every change
-- of an account's sector or ban, of an idea's status, visibility or
-- challenge, every official answer, and every deletion of an account or
-- an idea.  The figures of a long analytics period the job aggregated
-- (sectors, Gini, funnel, time to the first answer: features/office/
-- analytics.c) are kept in analytics_snapshots with this number and the
-- job's last write of the period's days; kept figures of another
-- generation are not used.  A new idea does not move it: it is of today,
-- which is never part of a kept period.
--
-- actor_districts: per folded district, a label and how many listed
-- actors show it (public_fields bit 16), the filter of /actors: its 50
-- most named districts were a GROUP BY over every listed actor on each
-- page.  The label is the first spelling seen of the district; rows
-- whose count falls to 0 stay and are not offered.
CREATE TABLE analytics_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL
);
INSERT INTO analytics_generation (id, generation) VALUES (1, 0);
CREATE TRIGGER analytics_generation_moves AFTER UPDATE OF sector, banned_at ON users
	WHEN OLD.sector IS NOT NEW.sector OR OLD.banned_at IS NOT NEW.banned_at
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER analytics_generation_users_deleted AFTER DELETE ON users
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER analytics_generation_ideas AFTER UPDATE OF status, hidden, challenge_id ON ideas
	WHEN OLD.status IS NOT NEW.status OR OLD.hidden IS NOT NEW.hidden
		OR OLD.challenge_id IS NOT NEW.challenge_id
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER analytics_generation_ideas_deleted AFTER DELETE ON ideas
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER analytics_generation_answers AFTER INSERT ON idea_status_changes
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER analytics_generation_answers_deleted AFTER DELETE ON idea_status_changes
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
END;

CREATE TABLE actor_districts (
	district_key TEXT PRIMARY KEY,
	district TEXT NOT NULL,
	actors INTEGER NOT NULL
);
CREATE INDEX actor_districts_most ON actor_districts (actors DESC, district_key);
INSERT INTO actor_districts (district_key, district, actors)
	SELECT district_key, min(district), count(*) FROM actors
	WHERE listed = 1 AND district_key <> '' AND (public_fields & 16) <> 0
	GROUP BY district_key;
CREATE TRIGGER actor_districts_insert AFTER INSERT ON actors
	WHEN NEW.listed = 1 AND NEW.district_key <> '' AND (NEW.public_fields & 16) <> 0
BEGIN
	INSERT INTO actor_districts (district_key, district, actors)
		VALUES (NEW.district_key, NEW.district, 1)
		ON CONFLICT (district_key) DO UPDATE SET actors = actors + 1;
END;
CREATE TRIGGER actor_districts_delete AFTER DELETE ON actors
	WHEN OLD.listed = 1 AND OLD.district_key <> '' AND (OLD.public_fields & 16) <> 0
BEGIN
	UPDATE actor_districts SET actors = actors - 1 WHERE district_key = OLD.district_key;
END;
CREATE TRIGGER actor_districts_update AFTER UPDATE OF listed, public_fields, district_key ON actors
BEGIN
	UPDATE actor_districts SET actors = actors - 1 WHERE district_key = OLD.district_key
		AND OLD.listed = 1 AND OLD.district_key <> '' AND (OLD.public_fields & 16) <> 0;
	INSERT INTO actor_districts (district_key, district, actors)
		SELECT NEW.district_key, NEW.district, 1
		WHERE NEW.listed = 1 AND NEW.district_key <> '' AND (NEW.public_fields & 16) <> 0
		ON CONFLICT (district_key) DO UPDATE SET actors = actors + 1;
END;
