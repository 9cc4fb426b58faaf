-- The whole record as this device had it when its change failed, so a retry can bring back a
-- record that is gone (an UPDATE that lost to a DELETE elsewhere comes back as a new record).
ALTER TABLE failed_mutations ADD COLUMN record TEXT;
