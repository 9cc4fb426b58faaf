-- Quotas: each user's usage, kept by the push transaction (counting it per push would read all of a
-- user's data). Live records and the UTF-8 bytes of their stored data; tombstones and the system
-- collection __default__ count nothing.
ALTER TABLE users ADD COLUMN live_records bigint NOT NULL DEFAULT 0, ADD COLUMN live_bytes bigint NOT NULL DEFAULT 0;

UPDATE users u SET live_records = s.records, live_bytes = s.bytes
FROM (SELECT user_id, count(*) AS records, sum(octet_length(data)) AS bytes FROM resources
      WHERE NOT deleted AND NOT (resource = 'COLLECTION' AND id = '__default__')
      GROUP BY user_id) s
WHERE u.user_id = s.user_id;

-- Push responses for Idempotency-Key replay, now kept Brotli-compressed (compressed = true). Replies
-- stored before this migration keep their raw UTF-8 (compressed = false), so a client retrying across
-- the upgrade still gets its first response; they expire within 24 hours like any other.
-- EXTERNAL: compressed bytes gain nothing from PostgreSQL's own TOAST compression, so it is not tried.
ALTER TABLE idempotency
    ALTER COLUMN response TYPE bytea USING convert_to(response, 'UTF8'),
    ALTER COLUMN response SET STORAGE EXTERNAL,
    ADD COLUMN compressed boolean NOT NULL DEFAULT false;
ALTER TABLE idempotency ALTER COLUMN compressed DROP DEFAULT;
