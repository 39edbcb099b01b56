-- 0017: organisations verified by the office, with representatives
-- (/admin/organisations/{id}, /organisations/{id}).
--
-- verified_at is when the office verified the organisation (NULL: not
-- verified; withdrawing the verification sets it back to NULL) and
-- verified_by who did; the audit log keeps the history.  A representative
-- is an account that may edit the organisation's profile (summary,
-- website, language); the office adds and removes them.  Deleting the
-- account or the organisation ends the representation.
ALTER TABLE organisations ADD COLUMN verified_at INTEGER;
ALTER TABLE organisations ADD COLUMN verified_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
CREATE TABLE organisation_representatives (
	organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_representatives_user ON organisation_representatives (user_id);
-- The organisation's page lists what it sponsors, runs and organises.
CREATE INDEX challenges_sponsor ON challenges (sponsor_id, created) WHERE sponsor_id IS NOT NULL;
CREATE INDEX projects_responsible_org ON projects (responsible_org_id, created)
	WHERE responsible_org_id IS NOT NULL;
CREATE INDEX events_organiser ON events (organiser_id, starts_at) WHERE organiser_id IS NOT NULL;
