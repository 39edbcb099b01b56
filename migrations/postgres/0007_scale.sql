-- 0007: pages whose cost does not grow with the city (issue 4).
--
-- A reply knows the top-level comment of its thread (root_id; NULL for a
-- top-level comment), so the replies under one page of comments are an
-- index range over the roots shown instead of every reply of the subject.
-- Depth is at most 2: a reply's root is its parent's parent, else its
-- parent.  comment_insert sets it from the parent.
ALTER TABLE comments ADD COLUMN root_id BIGINT REFERENCES comments (id) ON DELETE CASCADE;
UPDATE comments c SET root_id = coalesce(p.parent_id, p.id) FROM comments p
	WHERE p.id = c.parent_id;
CREATE INDEX comments_root ON comments (root_id, depth, created, id) WHERE root_id IS NOT NULL;

-- Search needs no index here: the GIN index finds the matches and the
-- few rows it keeps are checked on the table.  (SQLite's FTS5 tables
-- know no columns of their rows; its 0007 adds partial indexes for the
-- sets of hidden ideas and of hidden or deleted comments.)
