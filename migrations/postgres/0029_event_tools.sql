-- 0029: organisers' event tools (issue 12, item 5); see the SQLite file.
ALTER TABLE events ADD COLUMN online_url TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN cancelled_at BIGINT;
ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event_registrations ADD COLUMN attended BIGINT;

CREATE TABLE event_challenges (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	challenge_id BIGINT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	PRIMARY KEY (event_id, challenge_id)
);
CREATE INDEX event_challenges_challenge ON event_challenges (challenge_id, event_id);

CREATE TABLE calendar_tokens (
	user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	token_hash BYTEA NOT NULL UNIQUE,
	created BIGINT NOT NULL
);

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite', 'event_place',
		'contact', 'contact_accepted', 'event_cancelled', 'event_moved'));
