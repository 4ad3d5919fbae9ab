-- 0003: backfill owed to one subscription alone. When a channel adds, with
-- backfill N, a feed that another channel already follows, the newest N
-- items may already be in the shared seen set (feed_items), so the feed's
-- polling would never bring them to the new channel. They wait here until
-- the next poll cycle delivers them to that subscription only.
CREATE TABLE subscription_backfill (
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    item_key         TEXT    NOT NULL,
    link             TEXT    NOT NULL DEFAULT '',
    position         INTEGER NOT NULL,           -- 0 = the newest item of the feed when it was added
    attempts         INTEGER NOT NULL DEFAULT 0, -- failed attempts to brief it
    queued           INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, item_key)
) WITHOUT ROWID;

-- The other side: items of a shared feed that were current when a channel
-- added it, so are not for that channel, but that the feed's other channels
-- have not seen yet. They stay unseen in feed_items, so that the next poll
-- still brings them to the other channels, and this subscription is left out.
CREATE TABLE subscription_skips (
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    item_key         TEXT    NOT NULL,
    PRIMARY KEY (subscription_id, item_key)
) WITHOUT ROWID;
