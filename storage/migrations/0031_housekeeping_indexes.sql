-- 0031: indexes for housekeeping (Store.Prune), which deletes deliveries
-- and feed items by age in small batches: without them each batch would
-- read the whole table.
CREATE INDEX deliveries_reserved ON deliveries (reserved);
CREATE INDEX feed_items_first_seen ON feed_items (feed_id, first_seen);
