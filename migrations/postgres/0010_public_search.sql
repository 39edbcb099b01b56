-- 0010: the search indexes of ideas and challenges hold only what is public
-- (SQLite: migrations/sqlite/0010_public_search.sql).
--
-- On PostgreSQL the GIN indexes find the matches and the row's own
-- hidden / phase columns are tested on the rows they return, which costs
-- the same in any city; nothing changes here.  The migration exists so
-- that both dialects stay at the same schema version.
SELECT 1;
