-- 0002: the job queue.  Work that must not block a request (e-mail,
-- federation, exports, scheduled phase changes, maintenance) is a row
-- here, claimed by any node's job thread.  A claim is a lease: a node
-- that dies holding a job loses it when locked_until passes.
CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '',
	run_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	locked_by TEXT,
	locked_until INTEGER,
	done_at INTEGER,
	last_error TEXT,
	-- Set while a job must exist only once (periodic jobs); cleared when done.
	unique_key TEXT UNIQUE
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE done_at IS NULL;
CREATE INDEX jobs_done ON jobs (done_at) WHERE done_at IS NOT NULL;
