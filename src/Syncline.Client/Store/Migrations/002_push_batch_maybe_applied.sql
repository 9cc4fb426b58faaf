-- Set once any send of the batch may have reached the server (a reset or timeout after sending):
-- from then on only the server's answer to its Idempotency-Key can settle it, so it is never given up.
ALTER TABLE push_batches ADD COLUMN maybe_applied INTEGER NOT NULL DEFAULT 0;
