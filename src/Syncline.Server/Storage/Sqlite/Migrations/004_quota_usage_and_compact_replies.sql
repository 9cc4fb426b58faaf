-- Quotas: each user's usage, kept by the push transaction (counting it per push would read all of a
-- user's data). Live records and the UTF-8 bytes of their stored data; tombstones and the system
-- collection __default__ count nothing.
ALTER TABLE users ADD COLUMN live_records INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN live_bytes INTEGER NOT NULL DEFAULT 0;

UPDATE users SET
    live_records = (SELECT COUNT(*) FROM resources r
                    WHERE r.user_id = users.user_id AND r.deleted = 0 AND NOT (r.resource = 'COLLECTION' AND r.id = '__default__')),
    live_bytes = (SELECT COALESCE(SUM(length(CAST(r.data AS BLOB))), 0) FROM resources r
                  WHERE r.user_id = users.user_id AND r.deleted = 0 AND NOT (r.resource = 'COLLECTION' AND r.id = '__default__'));

-- Push responses for Idempotency-Key replay, now kept Brotli-compressed (compressed = 1). Replies
-- stored before this migration are kept as their raw UTF-8 (compressed = 0), so a client retrying
-- across the upgrade still gets its first response; they expire within 24 hours like any other.
CREATE TABLE idempotency_compact (
    user_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    head       INTEGER NOT NULL,
    response   BLOB NOT NULL,
    compressed INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

INSERT INTO idempotency_compact (user_id, key, body_hash, head, response, compressed, created_at)
SELECT user_id, key, body_hash, head, CAST(response AS BLOB), 0, created_at FROM idempotency;

DROP TABLE idempotency;
ALTER TABLE idempotency_compact RENAME TO idempotency;
CREATE INDEX idempotency_created ON idempotency (user_id, created_at);
