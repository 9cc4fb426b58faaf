-- Pulls and acknowledgements look up a record's queued mutations for every entry they apply.
CREATE INDEX mutation_queue_record ON mutation_queue (resource, resource_id);
