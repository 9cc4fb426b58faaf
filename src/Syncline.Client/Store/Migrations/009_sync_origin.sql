-- Where this device's synced data came from: the server's address and the account (a JWT's subject;
-- NULL for a token that is not a JWT). Recorded by the first sync; a later sync against another server
-- or account starts a full resync instead of pushing with a cursor that server never gave.
-- resyncing (migration 007) now also says why a resync runs: 1 history pruned, 2 server changed,
-- 3 account changed, 4 asked for by a reset.
ALTER TABLE sync_metadata ADD COLUMN origin_server TEXT;
ALTER TABLE sync_metadata ADD COLUMN origin_account TEXT;
