-- 0006: files on ideas and challenges.
--
-- A challenge's cover picture has a text alternative (WCAG 1.1.1): the
-- empty text marks a decorative picture (alt="").  An idea's PDF
-- attachment has the link text its author chose (by default the
-- sanitised file name), kept with the attachment rather than with the
-- upload, because one stored upload (same bytes) may be attached by
-- several people under different names.
--
-- The indexes let the orphan purge (job uploads.purge) ask "does anything
-- still use this upload?" without scanning ideas, attachments and
-- challenges for every upload.

ALTER TABLE challenges ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE idea_attachments ADD COLUMN name TEXT NOT NULL DEFAULT '';

CREATE INDEX ideas_image ON ideas (image_id) WHERE image_id IS NOT NULL;
CREATE INDEX idea_attachments_upload ON idea_attachments (upload_id);
CREATE INDEX challenges_cover ON challenges (cover_upload_id) WHERE cover_upload_id IS NOT NULL;
CREATE INDEX uploads_created ON uploads (created);
