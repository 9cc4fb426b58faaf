-- Every table and index starts with user_id: all access is per user.

-- The head of each user's log: the sync cursor and the optimistic-concurrency token.
CREATE TABLE users (
    user_id TEXT NOT NULL PRIMARY KEY,
    head    INTEGER NOT NULL
) WITHOUT ROWID;

-- The append-only log. (user_id, ts) is the key, so two entries of a user never share a timestamp.
CREATE TABLE log (
    user_id     TEXT NOT NULL,
    ts          INTEGER NOT NULL,
    type        TEXT NOT NULL,
    resource    TEXT NOT NULL,
    resource_id TEXT,
    data        TEXT NOT NULL,
    PRIMARY KEY (user_id, ts)
) WITHOUT ROWID;

-- Current state, deleted rows kept as tombstones. The last four columns are derived lookups.
CREATE TABLE resources (
    user_id       TEXT NOT NULL,
    resource      TEXT NOT NULL,
    id            TEXT NOT NULL,
    data          TEXT NOT NULL,
    deleted       INTEGER NOT NULL,
    ts            INTEGER NOT NULL,
    bookmark_key  TEXT,
    is_reading    INTEGER NOT NULL,
    collection_id TEXT,
    bookmark_id   TEXT,
    PRIMARY KEY (user_id, resource, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX resources_bookmark_key ON resources (user_id, bookmark_key) WHERE bookmark_key IS NOT NULL;
CREATE INDEX resources_reading ON resources (user_id) WHERE is_reading = 1;
CREATE INDEX resources_link_collection ON resources (user_id, collection_id) WHERE collection_id IS NOT NULL AND deleted = 0;
CREATE INDEX resources_link_bookmark ON resources (user_id, bookmark_id) WHERE bookmark_id IS NOT NULL AND deleted = 0;

-- Push responses kept 24 hours for Idempotency-Key replay.
CREATE TABLE idempotency (
    user_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    head       INTEGER NOT NULL,
    response   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

CREATE INDEX idempotency_created ON idempotency (user_id, created_at);
