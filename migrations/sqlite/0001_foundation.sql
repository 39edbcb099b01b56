-- 0001: accounts, sessions, rate limits, and the first content tables.
-- Times are Unix seconds (UTC) in 64-bit integers on both back ends.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	sector TEXT NOT NULL CHECK (sector IN ('government', 'research', 'business', 'civil')),
	summary TEXT NOT NULL DEFAULT '',
	website TEXT,
	lang TEXT NOT NULL DEFAULT 'de',
	created INTEGER NOT NULL
);
CREATE INDEX organisations_sector ON organisations (sector, name);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	sector TEXT NOT NULL CHECK (sector IN ('government', 'research', 'business', 'civil')),
	organisation TEXT,
	role TEXT NOT NULL DEFAULT 'participant'
		CHECK (role IN ('participant', 'representative', 'evaluator', 'moderator', 'admin')),
	lang TEXT,
	created INTEGER NOT NULL
);
CREATE INDEX users_sector ON users (sector);

CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created INTEGER NOT NULL,
	expires INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE rate_limits (
	key TEXT PRIMARY KEY,
	window_start INTEGER NOT NULL,
	hits INTEGER NOT NULL
);

CREATE TABLE challenges (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	brief TEXT NOT NULL DEFAULT '',
	sponsor_id INTEGER REFERENCES organisations (id),
	phase TEXT NOT NULL DEFAULT 'draft'
		CHECK (phase IN ('draft', 'open', 'evaluation', 'decided', 'implementation', 'closed')),
	sectors INTEGER NOT NULL DEFAULT 15,
	deadline INTEGER,
	lang TEXT NOT NULL DEFAULT 'de',
	ideas_count INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL
);
CREATE INDEX challenges_phase ON challenges (phase, deadline);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('workshop', 'hackathon', 'lab', 'meetup', 'conference')),
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL,
	location TEXT NOT NULL,
	capacity INTEGER,
	organiser_id INTEGER REFERENCES organisations (id),
	lang TEXT NOT NULL DEFAULT 'de',
	created INTEGER NOT NULL
);
CREATE INDEX events_starts ON events (starts_at);

CREATE TABLE partners (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	country TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('city', 'region')),
	since_year INTEGER NOT NULL,
	summary TEXT NOT NULL,
	lang TEXT NOT NULL DEFAULT 'de',
	created INTEGER NOT NULL
);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	action TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
