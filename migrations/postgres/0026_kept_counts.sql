-- 0026: counts kept by triggers (see migrations/sqlite/0026_kept_counts.sql
-- for what they are and why).
CREATE TABLE analytics_generation (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	generation BIGINT NOT NULL
);
INSERT INTO analytics_generation (id, generation) VALUES (1, 0);
CREATE FUNCTION analytics_generation_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE analytics_generation SET generation = generation + 1 WHERE id = 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER analytics_generation_moves AFTER UPDATE OF sector, banned_at ON users
	FOR EACH ROW
	WHEN (OLD.sector IS DISTINCT FROM NEW.sector OR OLD.banned_at IS DISTINCT FROM NEW.banned_at)
	EXECUTE FUNCTION analytics_generation_moves();
CREATE TRIGGER analytics_generation_users_deleted AFTER DELETE ON users
	FOR EACH ROW EXECUTE FUNCTION analytics_generation_moves();

CREATE TRIGGER analytics_generation_ideas AFTER UPDATE OF status, hidden, challenge_id ON ideas
	FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.hidden IS DISTINCT FROM NEW.hidden
		OR OLD.challenge_id IS DISTINCT FROM NEW.challenge_id)
	EXECUTE FUNCTION analytics_generation_moves();
CREATE TRIGGER analytics_generation_ideas_deleted AFTER DELETE ON ideas
	FOR EACH ROW EXECUTE FUNCTION analytics_generation_moves();
CREATE TRIGGER analytics_generation_answers AFTER INSERT OR DELETE ON idea_status_changes
	FOR EACH ROW EXECUTE FUNCTION analytics_generation_moves();

CREATE TABLE actor_districts (
	district_key TEXT PRIMARY KEY,
	district TEXT NOT NULL,
	actors BIGINT NOT NULL
);
CREATE INDEX actor_districts_most ON actor_districts (actors DESC, district_key);
INSERT INTO actor_districts (district_key, district, actors)
	SELECT district_key, min(district), count(*) FROM actors
	WHERE listed = 1 AND district_key <> '' AND (public_fields & 16) <> 0
	GROUP BY district_key;
CREATE FUNCTION actor_districts_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.listed = 1 AND OLD.district_key <> ''
			AND (OLD.public_fields & 16) <> 0 THEN
		UPDATE actor_districts SET actors = actors - 1 WHERE district_key = OLD.district_key;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.listed = 1 AND NEW.district_key <> ''
			AND (NEW.public_fields & 16) <> 0 THEN
		INSERT INTO actor_districts (district_key, district, actors)
			VALUES (NEW.district_key, NEW.district, 1)
			ON CONFLICT (district_key) DO UPDATE SET actors = actor_districts.actors + 1;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER actor_districts_insert AFTER INSERT OR DELETE ON actors
	FOR EACH ROW EXECUTE FUNCTION actor_districts_count();
CREATE TRIGGER actor_districts_update AFTER UPDATE OF listed, public_fields, district_key ON actors
	FOR EACH ROW EXECUTE FUNCTION actor_districts_count();
