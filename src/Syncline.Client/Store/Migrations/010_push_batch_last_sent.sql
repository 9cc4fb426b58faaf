-- When a batch was last sent: a send whose answer was lost may still reach the server later (held by a proxy or a
-- slow network), so a pull that shows none of the batch proves it was not applied only once it was made long
-- enough after this (SyncClientOptions.LostPushWindow). Batches from before this column count from their first send.
ALTER TABLE push_batches ADD COLUMN last_sent_at INTEGER;
