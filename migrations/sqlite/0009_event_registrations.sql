-- 0009: registration for events, with a waitlist.
--
-- One row per person and event: 'registered' holds a place,
-- 'waitlisted' waits for one in the order of created (then user_id).
-- events.registered_count and events.waitlist_count count the rows and
-- are updated in the same transaction as them.  events.capacity NULL
-- means no limit (nobody is ever waitlisted).

ALTER TABLE events ADD COLUMN registered_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN waitlist_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE event_registrations (
	event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted')),
	created INTEGER NOT NULL,
	PRIMARY KEY (event_id, user_id)
);
-- The waitlist in its order, and a person's registrations (export, deletion).
CREATE INDEX event_registrations_order ON event_registrations (event_id, status, created, user_id);
CREATE INDEX event_registrations_user ON event_registrations (user_id, event_id);

-- Notifications learn the kind 'event_place' (a waitlisted person got a
-- place).  SQLite cannot change a CHECK constraint, so the table is built
-- again with the same columns in the same order (as in 0008).
CREATE TABLE notifications_new (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL
		CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite', 'event_place')),
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
