-- Pulls read the current state (one entry per resource), not the log; the log and old tombstones are pruned.

-- created_ts: the timestamp of the resource's first CREATE (set once; a link created again keeps it). A pull
-- since X calls a live resource with created_ts > X a CREATE, and leaves out a deleted one: the client never had it.
ALTER TABLE resources ADD COLUMN created_ts INTEGER NOT NULL DEFAULT 0;

-- horizon: the newest timestamp of pruned history a pull would need (a pruned tombstone's); a pull with
-- 0 < mutationsSince < horizon is answered 410 CursorTooOld.
ALTER TABLE users ADD COLUMN horizon INTEGER NOT NULL DEFAULT 0;

-- Back-fill from the log: each resource's first CREATE (a link's id is "{collectionId}-{bookmarkId}").
CREATE TEMP TABLE births AS
    SELECT user_id, resource,
           CASE WHEN resource = 'COLLECTION_BOOKMARK'
                THEN json_extract(data, '$.collectionId') || '-' || json_extract(data, '$.bookmarkId')
                ELSE resource_id END AS id,
           MIN(ts) AS ts
    FROM log WHERE type = 'CREATE' GROUP BY 1, 2, 3;
CREATE INDEX births_key ON births (user_id, resource, id);
UPDATE resources SET created_ts = COALESCE(
    (SELECT b.ts FROM births b WHERE b.user_id = resources.user_id AND b.resource = resources.resource AND b.id = resources.id),
    ts);
DROP TABLE births;

-- A pull since X is a range scan of this index: the count reads only the index, a keyset page walks it in
-- order; page-number pulls (pages in creation order, which concurrent writes never reorder) sort what it
-- finds, and pruning finds old tombstones in it too (SQLite's planner picked it over narrower indexes).
CREATE INDEX resources_changes ON resources (user_id, ts, resource, deleted, created_ts);

-- Pulls no longer count the log.
DROP INDEX log_count;
