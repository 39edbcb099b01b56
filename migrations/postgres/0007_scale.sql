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

-- Search leaves out comments on hidden ideas as a small set (statements_
-- discover.def: SEARCH_PG_PUBLIC); without this index that set costs a
-- scan of every idea.  The GIN indexes find the matches.
CREATE INDEX ideas_hidden ON ideas (id) WHERE hidden <> 0;
