-- 0030: matchmaking suggests opportunities; see the SQLite file.
CREATE TRIGGER matching_opportunity_change AFTER INSERT OR DELETE ON opportunities
	FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
CREATE TRIGGER matching_opportunity_update AFTER UPDATE OF title, description, closes_at
	ON opportunities FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
CREATE TRIGGER matching_opportunity_topic_change AFTER INSERT OR DELETE ON opportunity_topics
	FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
CREATE TRIGGER matching_idea_change AFTER INSERT OR DELETE ON ideas
	FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
CREATE TRIGGER matching_idea_update AFTER UPDATE OF title, hidden, held, status, challenge_id
	ON ideas FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
CREATE TRIGGER matching_challenge_topic_change AFTER INSERT OR DELETE ON challenge_topics
	FOR EACH STATEMENT EXECUTE FUNCTION matching_dirty();
