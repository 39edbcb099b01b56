-- 0008: the team of an idea, and the discussion of pilot projects.
--
-- Co-authors join by invitation: an author invites an existing account,
-- the invited person accepts (or declines) from the idea page that their
-- notification links to.  An invitation is private between the invited
-- person and the idea, so it is a row of its own, not a co-author yet.
-- Comments on projects need no schema change (comments.subject_type has
-- allowed 'project' since 0003).

-- When someone joined the team (0 for rows from before this migration).
ALTER TABLE idea_authors ADD COLUMN created INTEGER NOT NULL DEFAULT 0;

CREATE TABLE idea_invitations (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	inviter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX idea_invitations_user ON idea_invitations (user_id, idea_id);
CREATE INDEX idea_invitations_inviter ON idea_invitations (inviter_id);

-- Notifications learn the kind 'invite'.  SQLite cannot change a CHECK
-- constraint, so the table is built again with the same columns in the
-- same order (migrate-data copies by column list).
CREATE TABLE notifications_new (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite')),
	subject_type TEXT NOT NULL,
	subject_id INTEGER NOT NULL,
	actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	read_at INTEGER,
	comment_id INTEGER REFERENCES comments (id) ON DELETE SET NULL
);
INSERT INTO notifications_new (id, user_id, kind, subject_type, subject_id, actor_id, created,
	read_at, comment_id)
	SELECT id, user_id, kind, subject_type, subject_id, actor_id, created, read_at, comment_id
	FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;
