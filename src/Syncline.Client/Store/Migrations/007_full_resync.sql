-- A full resync (the server answered "cursor too old": it pruned history this device needed) pulls
-- every live record again from 0. Its start marks every record the server had confirmed as not yet
-- seen, in one transaction with the cursor's reset; each pulled page marks its records seen; the end
-- lets go of those still unseen (deleted on the server, their tombstones pruned). Kept on disk, so a
-- resync cut off half-way is resumed by the next sync and still ends with the sweep.
ALTER TABLE sync_metadata ADD COLUMN resyncing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resources ADD COLUMN resync_unseen INTEGER NOT NULL DEFAULT 0;
