-- 0003: the innovation funnel: challenges with phases and topics, ideas
-- with status and official answers, supports, threaded comments with
-- votes, follows and notifications, pilot projects with milestones and
-- updates, uploads (stored in the database, so every node serves them),
-- and personal access tokens for the API.
--
-- Counters (supports, comments, followers, ideas, unread notifications)
-- are columns updated in the same transaction as the rows they count.

-- Challenges: phase dates for the scheduler, a support limit, counters.
ALTER TABLE challenges ADD COLUMN opens_at INTEGER;
ALTER TABLE challenges ADD COLUMN evaluation_at INTEGER;
ALTER TABLE challenges ADD COLUMN decided_at INTEGER;
ALTER TABLE challenges ADD COLUMN implementation_at INTEGER;
ALTER TABLE challenges ADD COLUMN closed_at INTEGER;
ALTER TABLE challenges ADD COLUMN supports_per_user INTEGER;
ALTER TABLE challenges ADD COLUMN cover_upload_id INTEGER;
ALTER TABLE challenges ADD COLUMN comments_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE challenges ADD COLUMN followers_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE challenges ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX challenges_created ON challenges (created DESC, id DESC);

ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;

-- Curated topics with labels in both languages.
CREATE TABLE topics (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name_de TEXT NOT NULL,
	name_en TEXT NOT NULL
);
CREATE TABLE challenge_topics (
	challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
	topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	PRIMARY KEY (challenge_id, topic_id)
);
CREATE INDEX challenge_topics_topic ON challenge_topics (topic_id, challenge_id);

-- Uploads: sniffed type, content hash, bytes (images re-encoded without
-- metadata), and a thumbnail for images.
CREATE TABLE uploads (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,
	content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
	size INTEGER NOT NULL,
	width INTEGER,
	height INTEGER,
	data BLOB NOT NULL,
	thumb BLOB,
	filename TEXT NOT NULL DEFAULT '',
	uploader_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL
);

CREATE TABLE ideas (
	id INTEGER PRIMARY KEY,
	challenge_id INTEGER REFERENCES challenges (id) ON DELETE SET NULL, -- NULL: the open idea box
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'submitted'
		CHECK (status IN ('submitted', 'in_review', 'shortlisted', 'selected', 'piloting', 'implemented', 'not_pursued', 'merged')),
	official_answer TEXT,
	answered_at INTEGER,
	merged_into INTEGER REFERENCES ideas (id) ON DELETE SET NULL,
	lat REAL,
	lon REAL,
	address TEXT,
	image_id INTEGER REFERENCES uploads (id) ON DELETE SET NULL,
	lang TEXT NOT NULL DEFAULT 'de',
	hidden INTEGER NOT NULL DEFAULT 0,
	supports_count INTEGER NOT NULL DEFAULT 0,
	comments_count INTEGER NOT NULL DEFAULT 0,
	followers_count INTEGER NOT NULL DEFAULT 0,
	-- Trending: each support adds 2^((t - 2026-01-01) / 3 days), so ordering
	-- by this column ranks recent support higher, with a half-life of 3 days.
	trend REAL NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE INDEX ideas_challenge_new ON ideas (challenge_id, created DESC, id DESC);
CREATE INDEX ideas_challenge_supports ON ideas (challenge_id, supports_count DESC, id DESC);
CREATE INDEX ideas_challenge_trend ON ideas (challenge_id, trend DESC, id DESC);
CREATE INDEX ideas_challenge_comments ON ideas (challenge_id, comments_count DESC, id DESC);
CREATE INDEX ideas_new ON ideas (created DESC, id DESC);
CREATE INDEX ideas_author ON ideas (author_id, created DESC);
CREATE INDEX ideas_status ON ideas (status, created DESC);

CREATE TABLE idea_topics (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
	PRIMARY KEY (idea_id, topic_id)
);
CREATE INDEX idea_topics_topic ON idea_topics (topic_id, idea_id);

-- Co-authors (the author is in ideas.author_id).
CREATE TABLE idea_authors (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE idea_attachments (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	upload_id INTEGER NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (idea_id, upload_id)
);

CREATE TABLE supports (
	idea_id INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	challenge_id INTEGER, -- copied from the idea, for the per-challenge limit
	created INTEGER NOT NULL,
	PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX supports_user ON supports (user_id, challenge_id);

-- Threaded comments (depth 0..2) on challenges, ideas and projects.
CREATE TABLE comments (
	id INTEGER PRIMARY KEY,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('challenge', 'idea', 'project')),
	subject_id INTEGER NOT NULL,
	parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
	depth INTEGER NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 2),
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	body TEXT NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0,
	hidden INTEGER NOT NULL DEFAULT 0,
	up INTEGER NOT NULL DEFAULT 0,
	down INTEGER NOT NULL DEFAULT 0,
	replies_count INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	edited_at INTEGER
);
CREATE INDEX comments_subject ON comments (subject_type, subject_id, parent_id, created, id);
CREATE INDEX comments_author ON comments (author_id, created DESC);

CREATE TABLE comment_votes (
	comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	value INTEGER NOT NULL CHECK (value IN (-1, 1)),
	PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE follows (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	subject_type TEXT NOT NULL CHECK (subject_type IN ('challenge', 'idea', 'project')),
	subject_id INTEGER NOT NULL,
	created INTEGER NOT NULL,
	PRIMARY KEY (user_id, subject_type, subject_id)
);
CREATE INDEX follows_subject ON follows (subject_type, subject_id, user_id);

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('new_idea', 'comment', 'reply', 'status')),
	subject_type TEXT NOT NULL,
	subject_id INTEGER NOT NULL,
	actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created INTEGER NOT NULL,
	read_at INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);

CREATE TABLE projects (
	id INTEGER PRIMARY KEY,
	idea_id INTEGER UNIQUE REFERENCES ideas (id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL,
	responsible_org_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
	budget_cents INTEGER,
	progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'completed', 'stopped')),
	results TEXT NOT NULL DEFAULT '',
	lat REAL,
	lon REAL,
	address TEXT,
	lang TEXT NOT NULL DEFAULT 'de',
	comments_count INTEGER NOT NULL DEFAULT 0,
	followers_count INTEGER NOT NULL DEFAULT 0,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE INDEX projects_created ON projects (created DESC, id DESC);

CREATE TABLE milestones (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	due_at INTEGER,
	done_at INTEGER,
	position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX milestones_project ON milestones (project_id, position);

CREATE TABLE project_updates (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	body TEXT NOT NULL,
	progress INTEGER CHECK (progress BETWEEN 0 AND 100),
	created INTEGER NOT NULL
);
CREATE INDEX project_updates_project ON project_updates (project_id, created DESC);

-- Personal access tokens for the JSON API (only the hash is kept).
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash BLOB NOT NULL UNIQUE,
	name TEXT NOT NULL,
	created INTEGER NOT NULL,
	last_used INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
