-- 0011: the Innovation Office's audit log holds what changed.
--
-- Every back-office action records the value before and after it (a
-- role, a status), so the office can answer "who changed this, when,
-- from what" without reading the application's log.  /admin/audit
-- filters by actor and walks newest first: the index serves one actor's
-- actions in that order; the other filters (action, subject, date) run
-- over the id order the primary key already gives.
--
-- The accounts list filters by role and walks by id.
--
-- /admin/analytics counts what happened in a period: each table it counts
-- gets an index on its time, so a period costs its own rows, not the
-- table's (ideas have ideas_new already).
--
-- Those rows grow with the city (225,000 comments in the last 84 days of
-- the 100,000-idea benchmark city: 2.5 s for the page), so the job
-- analytics.snapshot computes the default view (the last 84 days, the
-- whole platform) every hour and keeps it here as the API's JSON; the
-- page and the API read it in one query.

ALTER TABLE audit_log ADD COLUMN before_value TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN after_value TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX users_role ON users (role, id);
CREATE INDEX comments_created ON comments (created);
CREATE INDEX supports_created ON supports (created);
CREATE INDEX users_created ON users (created);
CREATE INDEX event_registrations_created ON event_registrations (created);
CREATE TABLE analytics_snapshots (
	key TEXT PRIMARY KEY,
	computed_at BIGINT NOT NULL,
	body TEXT NOT NULL
);
