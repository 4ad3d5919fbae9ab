-- 0050: feed leases. A poller claims due feeds by writing its name and an
-- expiry here, and clears them when it saves the feeds' state; the feeds
-- it holds are skipped by every other poller until then or until the
-- lease runs out (the poller died). With one process on SQLite this is
-- the same code path as with many on PostgreSQL. lease_until is UTC unix
-- milliseconds, 0 when no lease is held.
ALTER TABLE feeds ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
