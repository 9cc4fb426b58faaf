-- Set while a send of the batch is out and its outcome not yet recorded. A batch a sync finds still
-- "sending" was cut off mid-send (the app was closed or crashed): it may have been applied.
ALTER TABLE push_batches ADD COLUMN sending INTEGER NOT NULL DEFAULT 0;
