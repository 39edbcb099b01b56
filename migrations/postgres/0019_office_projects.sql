-- 0019: the back office's list of pilot projects (/admin/projects) walks
-- them most recently updated first or most advanced first, a keyset on
-- (key, id) each; newest first has projects_created (0003).
CREATE INDEX projects_updated ON projects (updated DESC, id DESC);
CREATE INDEX projects_progress ON projects (progress DESC, id DESC);
