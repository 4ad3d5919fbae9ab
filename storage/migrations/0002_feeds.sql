-- 0002: feeds and their subscribers, the seen set of feed items, articles
-- briefed in a channel, daily digest schedules, and the deliveries record
-- that makes every post happen at most once. Times are UTC unix milliseconds.

CREATE TABLE feeds (
    id             INTEGER PRIMARY KEY,
    url            TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL DEFAULT '',
    etag           TEXT    NOT NULL DEFAULT '',
    last_modified  TEXT    NOT NULL DEFAULT '',
    last_polled    INTEGER,              -- last attempt
    last_success   INTEGER,              -- last 200 or 304
    next_poll      INTEGER NOT NULL DEFAULT 0,
    error_count    INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT    NOT NULL DEFAULT '',
    failing_since  INTEGER,              -- first failure of the current run of failures
    paused         INTEGER NOT NULL DEFAULT 0,
    created        INTEGER NOT NULL
);

CREATE INDEX feeds_due ON feeds (paused, next_poll);

CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    guild_id    TEXT    NOT NULL DEFAULT '',
    channel_id  TEXT    NOT NULL,
    feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    mode        TEXT    NOT NULL CHECK (mode IN ('digest', 'instant')),
    created     INTEGER NOT NULL,
    UNIQUE (channel_id, feed_id)
);

CREATE INDEX subscriptions_feed ON subscriptions (feed_id);

-- The seen set: one row per item key of a feed. done = 1 once the item
-- needs nothing more (briefed, present when the feed was added, or given up).
CREATE TABLE feed_items (
    feed_id     INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_key    TEXT    NOT NULL,        -- GUID, else canonical link, else hash of title and link
    link        TEXT    NOT NULL DEFAULT '',
    article_id  INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    briefed     INTEGER,                 -- when article_id was set: the digest window is on this time
    done        INTEGER NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    first_seen  INTEGER NOT NULL,
    PRIMARY KEY (feed_id, item_key)
) WITHOUT ROWID;

CREATE INDEX feed_items_briefed ON feed_items (feed_id, briefed) WHERE article_id IS NOT NULL;

-- Articles briefed in a channel (/brief), for that channel's digest.
CREATE TABLE channel_articles (
    channel_id  TEXT    NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    added       INTEGER NOT NULL,
    PRIMARY KEY (channel_id, article_id)
) WITHOUT ROWID;

CREATE INDEX channel_articles_added ON channel_articles (channel_id, added);

CREATE TABLE digest_schedules (
    channel_id   TEXT    PRIMARY KEY,
    guild_id     TEXT    NOT NULL DEFAULT '',
    time_of_day  TEXT    NOT NULL,       -- "08:00"
    time_zone    TEXT    NOT NULL,       -- IANA name
    last_sent    INTEGER,
    updated      INTEGER NOT NULL
);

-- Every post by idempotency key: reserved before sending, sent after. A
-- reservation never marked sent is a send that may have happened.
CREATE TABLE deliveries (
    key         TEXT    PRIMARY KEY,
    channel_id  TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('reserved', 'sent')),
    reserved    INTEGER NOT NULL,
    sent        INTEGER
);

CREATE INDEX deliveries_channel ON deliveries (channel_id, reserved);
