-- 0022: getting in touch through the platform (features/contact).
--
-- A contact request: a logged-in person (sender_id) writes a short
-- message to an actor of the directory (actor_id): a person, or an
-- organisation, whose representatives answer.  status is 'open' until
-- a recipient accepts or declines it (answered_by, answered); only an
-- accepted request shows the two sides' addresses to each other, on
-- /account/contacts.  At most one open request per sender and actor
-- (the unique index); the daily limit counts a sender's requests by
-- created (contact_requests_sender_day).  Deleting the account deletes
-- what it sent; deleting the actor (the account, the organisation)
-- deletes what it received.
CREATE TABLE contact_requests (
	id INTEGER PRIMARY KEY,
	sender_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
	message TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'de',
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),
	answered_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	answered INTEGER
);
CREATE INDEX contact_requests_sender_day ON contact_requests (sender_id, created);
CREATE INDEX contact_requests_sender ON contact_requests (sender_id, id);
CREATE INDEX contact_requests_actor ON contact_requests (actor_id, id);
CREATE UNIQUE INDEX contact_requests_open ON contact_requests (sender_id, actor_id)
	WHERE status = 'open';
-- A recipient blocked a sender: the sender's new requests to that actor
-- are refused.  blocked_by is who did it (a representative, or the person).
CREATE TABLE contact_blocks (
	actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	blocked_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	PRIMARY KEY (actor_id, user_id)
);
-- An account that opted out of contact altogether (/account): its
-- entry shows no form and nobody can send it a request.
CREATE TABLE contact_optouts (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	created INTEGER NOT NULL
);
-- Notifications learn the kinds 'contact' (a request to the person, or
-- to an organisation they represent) and 'contact_accepted' (to the
-- sender); their subject is the request (subject_type 'contact').
-- SQLite cannot change a CHECK constraint, so the table is built again
-- with the same columns in the same order (as in 0009).
CREATE TABLE notifications_new (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL
		CHECK (kind IN ('new_idea', 'comment', 'reply', 'status', 'invite', 'event_place',
			'contact', 'contact_accepted')),
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
