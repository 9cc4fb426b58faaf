-- A narrow index for pulls' COUNT(*) (the log's own key carries every entry's data, so counting
-- through it reads all of it): about half of a 1000-entry page's time before this index.
CREATE INDEX log_count ON log (user_id, ts, resource);
