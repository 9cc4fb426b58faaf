-- Pulls read the current state (one entry per resource), not the log; the log and old tombstones are pruned.

-- created_ts: the timestamp of the resource's first CREATE (set once; a link created again keeps it). A pull
-- since X calls a live resource with created_ts > X a CREATE, and leaves out a deleted one: the client never had it.
ALTER TABLE resources ADD COLUMN created_ts bigint NOT NULL DEFAULT 0;

-- horizon: the newest timestamp of pruned history a pull would need (a pruned tombstone's); a pull with
-- 0 < mutationsSince < horizon is answered 410 CursorTooOld.
ALTER TABLE users ADD COLUMN horizon bigint NOT NULL DEFAULT 0;

-- Back-fill from the log: each resource's first CREATE (a link's id is "{collectionId}-{bookmarkId}").
UPDATE resources r SET created_ts = b.ts
FROM (
    SELECT user_id, resource,
           CASE WHEN resource = 'COLLECTION_BOOKMARK'
                THEN (data::json ->> 'collectionId') || '-' || (data::json ->> 'bookmarkId')
                ELSE resource_id END AS id,
           min(ts) AS ts
    FROM log WHERE type = 'CREATE' GROUP BY 1, 2, 3
) b
WHERE r.user_id = b.user_id AND r.resource = b.resource AND r.id = b.id;
UPDATE resources SET created_ts = ts WHERE created_ts = 0;

-- A keyset pull since X is a range scan of this index (it covers the count and the filters); page-number
-- pulls walk resources in creation order, which concurrent writes never reorder.
CREATE INDEX resources_changes ON resources (user_id, ts) INCLUDE (resource, deleted, created_ts);
CREATE INDEX resources_births ON resources (user_id, created_ts, resource, id) INCLUDE (ts, deleted);
CREATE INDEX resources_tombstones ON resources (user_id, ts) WHERE deleted;
