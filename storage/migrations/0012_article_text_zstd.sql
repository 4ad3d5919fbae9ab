-- 0012: article text, kept for re-extraction and for redline read, is
-- stored compressed: text_zstd holds the text as one zstd frame, and text
-- is then ''. Rows written before this migration keep their plain text
-- until the store compresses them (it does so in batches when it opens).
ALTER TABLE articles ADD COLUMN text_zstd BLOB;

-- The articles whose text is still plain: empty once all are compressed,
-- so that finding none costs nothing.
CREATE INDEX articles_plain_text ON articles (id) WHERE text != '';
