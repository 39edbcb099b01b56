-- 0007: pages whose cost does not grow with the city (issue 4).
--
-- A reply knows the top-level comment of its thread (root_id; NULL for a
-- top-level comment), so the replies under one page of comments are an
-- index range over the roots shown instead of every reply of the subject.
-- Depth is at most 2: a reply's root is its parent's parent, else its
-- parent.  comment_insert sets it from the parent.
ALTER TABLE comments ADD COLUMN root_id INTEGER REFERENCES comments (id) ON DELETE CASCADE;
UPDATE comments SET root_id = (SELECT coalesce(p.parent_id, p.id) FROM comments p
	WHERE p.id = comments.parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_root ON comments (root_id, depth, created, id) WHERE root_id IS NOT NULL;

-- Search leaves out what is not public as small sets instead of looking up
-- a row per match (statements_discover.def: search_results, search_counts).
CREATE INDEX ideas_hidden ON ideas (id) WHERE hidden <> 0;
CREATE INDEX comments_gone ON comments (id) WHERE hidden <> 0 OR deleted <> 0;
