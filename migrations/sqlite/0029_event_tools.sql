-- 0029: organisers' event tools (issue 12, item 5).
--
-- events.online_url: an http(s) link to take part online ('' none).
-- events.cancelled_at / cancel_reason: the event was called off (NULL:
-- it takes place); registration is closed, the calendars say
-- STATUS:CANCELLED.  events.sequence: the calendar's SEQUENCE, raised
-- when the time changes or the event is called off.
-- event_registrations.attended: NULL not recorded, 1 came, 0 did not.
-- event_challenges: the challenges an event belongs to.
-- calendar_tokens: the secret of a person's private calendar feed,
-- hashed (base/secure.h) as session tokens are; renewing replaces it.
ALTER TABLE events ADD COLUMN online_url TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN cancelled_at INTEGER;
ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_registrations ADD COLUMN attended INTEGER;

CREATE TABLE event_challenges (
	event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	PRIMARY KEY (event_id, challenge_id)
);
CREATE INDEX event_challenges_challenge ON event_challenges (challenge_id, event_id);

CREATE TABLE calendar_tokens (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	created INTEGER NOT NULL
);

-- Notifications learn 'event_cancelled' and 'event_moved' (the kinds of
-- 0022 are kept).  SQLite cannot change a CHECK constraint, so the table
-- is built again with the same columns in the same order (as in 0009).
CREATE TABLE notifications_new (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL
		CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite', 'event_place',
			'contact', 'contact_accepted', 'event_cancelled', 'event_moved')),
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
