-- 0030: matchmaking suggests opportunities and reads ideas (issue 12, items 3 and 4).
-- A new kind of suggestion, actor: opportunity (the open opportunities
-- an actor's profile fits), computed from the opportunities' title,
-- description and topics; a change of them marks the suggestions for
-- the next run of matching.refresh as 0027's triggers do.  An
-- opportunity whose deadline passes is not shown from then on (the page
-- compares closes_at with the clock), and the next run leaves it out.
CREATE TRIGGER matching_opportunity_insert AFTER INSERT ON opportunities
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_opportunity_update AFTER UPDATE OF title, description, closes_at
	ON opportunities
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_opportunity_delete AFTER DELETE ON opportunities
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_opportunity_topic_insert AFTER INSERT ON opportunity_topics
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_opportunity_topic_delete AFTER DELETE ON opportunity_topics
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
-- A challenge's document also holds the titles of its ideas (the best
-- supported 20 that show): a new idea, a new title, hiding, holding,
-- merging or moving one marks the suggestions too.
CREATE TRIGGER matching_idea_insert AFTER INSERT ON ideas
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_idea_update AFTER UPDATE OF title, hidden, held, status, challenge_id
	ON ideas
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_idea_delete AFTER DELETE ON ideas
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
-- And its topics are tags (a topic's slug is a competence's id where
-- both mean the same, "mobility"): choosing them marks the suggestions.
CREATE TRIGGER matching_challenge_topic_insert AFTER INSERT ON challenge_topics
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
CREATE TRIGGER matching_challenge_topic_delete AFTER DELETE ON challenge_topics
BEGIN UPDATE matching_state SET dirty = 1 WHERE dirty = 0; END;
