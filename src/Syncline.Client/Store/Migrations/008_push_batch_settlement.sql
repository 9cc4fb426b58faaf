-- When a batch was first sent: a server keeps a push's reply under its Idempotency-Key for a day, so a
-- batch that may have been applied longer ago than that cannot learn its fate by a resend. Batches from
-- before this column count from when they were planned (created_at, just before their first send).
ALTER TABLE push_batches ADD COLUMN first_sent_at INTEGER;
-- Set once a batch that may have been applied is settled by pulling its echoes instead of by a resend
-- (no idempotency keys upstream, or the reply expired): from then on it is never sent again. Its
-- mutation_ids and body shrink as pages settle its mutations; the last page puts the rest back in the queue.
ALTER TABLE push_batches ADD COLUMN settling INTEGER NOT NULL DEFAULT 0;
