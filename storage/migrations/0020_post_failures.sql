-- 0020: posts that failed, kept to be retried while they still matter and
-- shown to the channel's managers (/feed list, /digest show); who last set
-- up a channel's feeds or digest, told by direct message when the channel
-- itself cannot be posted to; when each subscription last got a post.
-- Times are UTC unix milliseconds.

CREATE TABLE post_failures (
    key           TEXT    PRIMARY KEY,     -- the post's idempotency key (deliveries.key)
    channel_id    TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('digest', 'briefing')),
    feed_id       INTEGER NOT NULL DEFAULT 0,  -- an instant briefing's feed
    article_id    INTEGER NOT NULL DEFAULT 0,  -- an instant briefing's article
    attempts      INTEGER NOT NULL,
    first_failed  INTEGER NOT NULL,
    next_attempt  INTEGER NOT NULL,        -- after deadline: given up, kept to be shown
    deadline      INTEGER NOT NULL,
    code          TEXT    NOT NULL DEFAULT '',
    message       TEXT    NOT NULL DEFAULT '',
    told          INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX post_failures_due ON post_failures (kind, next_attempt);
CREATE INDEX post_failures_channel ON post_failures (channel_id, kind, feed_id);

CREATE TABLE channel_owners (
    channel_id  TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL,
    updated     INTEGER NOT NULL
);

ALTER TABLE subscriptions ADD COLUMN last_posted INTEGER;
