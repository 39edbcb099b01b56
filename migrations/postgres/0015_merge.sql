-- 0015: the office merges duplicate ideas (/admin/ideas/{id}/merge).
--
-- ideas.merged_into exists since 0003; a merge sets it together with the
-- status 'merged', moves the duplicate's supports (an account that
-- supported both counts once), comments and follows to the idea it is
-- merged into and credits its authors there as co-authors.  The idea page
-- of the one merged into lists the ideas merged into it: this index finds
-- them, and holds only the few merged rows.
CREATE INDEX ideas_merged_into ON ideas (merged_into) WHERE merged_into IS NOT NULL;
