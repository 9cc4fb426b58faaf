-- Every table's key and every index starts with user_id: all access is per user, so the data
-- can be sharded by user (Citus distribution column, or routing in the application).

-- The head of each user's log. Its row lock (SELECT ... FOR UPDATE) serializes one user's pushes.
CREATE TABLE users (
    user_id text PRIMARY KEY,
    head    bigint NOT NULL
);

-- The append-only log. (user_id, ts) is the key, so two entries of a user never share a timestamp.
-- data is the JSON text exactly as served: pulls copy it to the response without re-encoding.
CREATE TABLE log (
    user_id     text NOT NULL,
    ts          bigint NOT NULL,
    type        text NOT NULL,
    resource    text NOT NULL,
    resource_id text,
    data        text NOT NULL,
    PRIMARY KEY (user_id, ts)
);

-- Current state, deleted rows kept as tombstones. The last four columns are derived lookups.
CREATE TABLE resources (
    user_id       text NOT NULL,
    resource      text NOT NULL,
    id            text NOT NULL,
    data          text NOT NULL,
    deleted       boolean NOT NULL,
    ts            bigint NOT NULL,
    bookmark_key  text,
    is_reading    boolean NOT NULL,
    collection_id text,
    bookmark_id   text,
    PRIMARY KEY (user_id, resource, id)
);

CREATE UNIQUE INDEX resources_bookmark_key ON resources (user_id, bookmark_key) WHERE bookmark_key IS NOT NULL;
CREATE INDEX resources_reading ON resources (user_id) WHERE is_reading;
CREATE INDEX resources_link_collection ON resources (user_id, collection_id) WHERE collection_id IS NOT NULL AND NOT deleted;
CREATE INDEX resources_link_bookmark ON resources (user_id, bookmark_id) WHERE bookmark_id IS NOT NULL AND NOT deleted;

-- Push responses kept 24 hours for Idempotency-Key replay.
CREATE TABLE idempotency (
    user_id    text NOT NULL,
    key        text NOT NULL,
    body_hash  text NOT NULL,
    head       bigint NOT NULL,
    response   text NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_created ON idempotency (user_id, created_at);
