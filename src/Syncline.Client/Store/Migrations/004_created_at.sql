-- When a record was created, for a list order that is the same on every device: the server's
-- timestamp of its CREATE once known (the local time of the write until then).
ALTER TABLE resources ADD COLUMN created_at INTEGER;
