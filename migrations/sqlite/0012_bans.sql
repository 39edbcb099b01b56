-- 0012: the office bans an account (/admin/accounts/{id}).
--
-- A banned account cannot log in, its sessions end and its tokens stop
-- working (the session and token statements skip it), and its supports
-- and comment votes stop counting: the ban takes them off the counters in
-- the same transaction and the unban puts them back.  The rows stay, so
-- that the unban restores exactly what was there; every statement that
-- counts rows rather than counters leaves banned accounts out.  The
-- reason is shown to the office only.
ALTER TABLE users ADD COLUMN banned_at INTEGER;
ALTER TABLE users ADD COLUMN ban_reason TEXT;
CREATE INDEX users_banned ON users (id) WHERE banned_at IS NOT NULL;
