-- The local store of one device: what the app reads, what it still has to push, what failed.

-- Current state as this device sees it, pending local changes included. A link's id is
-- "{collectionId}-{bookmarkId}"; pending_delete rows are hidden from reads until acknowledged.
-- server_data is the last version the server confirmed, so a failed change can be discarded.
CREATE TABLE resources (
    resource         TEXT NOT NULL,
    id               TEXT NOT NULL,
    data             TEXT NOT NULL,
    sync_status      TEXT NOT NULL,
    local_updated_at INTEGER NOT NULL,
    server_timestamp INTEGER,
    server_data      TEXT,
    collection_id    TEXT,
    bookmark_id      TEXT,
    bookmark_key     TEXT,
    PRIMARY KEY (resource, id)
) WITHOUT ROWID;

CREATE INDEX resources_bookmark_key ON resources (bookmark_key) WHERE bookmark_key IS NOT NULL;
CREATE INDEX resources_collection ON resources (collection_id) WHERE collection_id IS NOT NULL;
CREATE INDEX resources_bookmark ON resources (bookmark_id) WHERE bookmark_id IS NOT NULL;

-- One row: the cursor (timestamp of the last applied server entry) and sync times.
CREATE TABLE sync_metadata (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    last_mutation_at     INTEGER NOT NULL,
    last_sync_attempt    INTEGER,
    last_successful_sync INTEGER
);
INSERT INTO sync_metadata (id, last_mutation_at) VALUES (1, 0);

-- Local writes not yet acknowledged, in write order. batch_key is set once the mutation is part
-- of a persisted push batch; from then on the batch is resent unchanged until acknowledged.
CREATE TABLE mutation_queue (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT NOT NULL,
    resource    TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    retry_count INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    batch_key   TEXT
);

CREATE INDEX mutation_queue_batch ON mutation_queue (batch_key);

-- A push batch exactly as sent, with its Idempotency-Key and its queue ids in request order,
-- kept until acknowledged. There is at most one.
CREATE TABLE push_batches (
    idempotency_key TEXT PRIMARY KEY,
    body            TEXT NOT NULL,
    mutation_ids    TEXT NOT NULL,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;

-- Mutations the server refused for good (or lost to a conflict), with the reason.
CREATE TABLE failed_mutations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT NOT NULL,
    resource    TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    failed_at   INTEGER NOT NULL
);
