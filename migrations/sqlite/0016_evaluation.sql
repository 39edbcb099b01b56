-- 0016: expert evaluation (/admin/challenges/{id}/evaluation, /evaluate).
--
-- Per challenge the office sets weighted criteria (the four defaults are
-- stored with the first assigned evaluator) and assigns evaluators.  An
-- evaluator scores each idea of the challenge's evaluation set (its ideas
-- neither hidden nor merged) 1 to 5 on every criterion, with a comment,
-- once: evaluations holds the submission, evaluation_scores its scores.
-- Totals, ranking and spread are computed from these rows when shown.
CREATE TABLE evaluation_criteria (
	id INTEGER PRIMARY KEY,
	challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
	position INTEGER NOT NULL
);
CREATE INDEX evaluation_criteria_challenge ON evaluation_criteria (challenge_id, position);
CREATE TABLE evaluation_assignments (
	challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created INTEGER NOT NULL,
	PRIMARY KEY (challenge_id, user_id)
);
CREATE INDEX evaluation_assignments_user ON evaluation_assignments (user_id, challenge_id);
CREATE TABLE evaluations (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	evaluator_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	comment TEXT NOT NULL DEFAULT '',
	submitted_at INTEGER NOT NULL,
	PRIMARY KEY (idea_id, evaluator_id)
);
CREATE TABLE evaluation_scores (
	idea_id INTEGER NOT NULL,
	evaluator_id INTEGER NOT NULL,
	criterion_id INTEGER NOT NULL REFERENCES evaluation_criteria (id) ON DELETE CASCADE,
	score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	PRIMARY KEY (idea_id, evaluator_id, criterion_id),
	FOREIGN KEY (idea_id, evaluator_id) REFERENCES evaluations (idea_id, evaluator_id) ON DELETE CASCADE
);
