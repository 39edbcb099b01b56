-- 0008: the team of an idea, and the discussion of pilot projects.
--
-- Co-authors join by invitation: an author invites an existing account,
-- the invited person accepts (or declines) from the idea page that their
-- notification links to.  An invitation is private between the invited
-- person and the idea, so it is a row of its own, not a co-author yet.
-- Comments on projects need no schema change (comments.subject_type has
-- allowed 'project' since 0003).

-- When someone joined the team (0 for rows from before this migration).
ALTER TABLE idea_authors ADD COLUMN created BIGINT NOT NULL DEFAULT 0;

CREATE TABLE idea_invitations (
	idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	inviter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created BIGINT NOT NULL,
	PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX idea_invitations_user ON idea_invitations (user_id, idea_id);
CREATE INDEX idea_invitations_inviter ON idea_invitations (inviter_id);

-- Notifications learn the kind 'invite'.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite'));
