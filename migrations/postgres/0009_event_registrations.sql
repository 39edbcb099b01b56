-- 0009: registration for events, with a waitlist.
--
-- One row per person and event: 'registered' holds a place,
-- 'waitlisted' waits for one in the order of created (then user_id).
-- events.registered_count and events.waitlist_count count the rows and
-- are updated in the same transaction as them, under a lock of the event
-- row (SELECT ... FOR UPDATE).  events.capacity NULL means no limit.

ALTER TABLE events ADD COLUMN registered_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN waitlist_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE event_registrations (
	event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted')),
	created BIGINT NOT NULL,
	PRIMARY KEY (event_id, user_id)
);
-- The waitlist in its order, and a person's registrations (export, deletion).
CREATE INDEX event_registrations_order ON event_registrations (event_id, status, created, user_id);
CREATE INDEX event_registrations_user ON event_registrations (user_id, event_id);

-- Notifications learn the kind 'event_place' (a waitlisted person got a place).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
	CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite', 'event_place'));
