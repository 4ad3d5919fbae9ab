-- 0003: what the SQLite store's migrations 0020-0022 add there: failed
-- posts kept to be retried and shown, who set a channel up, when each
-- subscription last got a post, lookups kept for their buttons, and what
-- a channel wants from a feed (a filter, a role to mention, a thread per
-- briefing). (SQLite's 0010-0012 keep counts and compress text for its
-- own query plans; this store plans from pg_stats and lets TOAST compress.)

CREATE TABLE post_failures (
    key           text        PRIMARY KEY,     -- the post's idempotency key (deliveries.key)
    channel_id    text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('digest', 'briefing')),
    feed_id       bigint      NOT NULL DEFAULT 0,
    article_id    bigint      NOT NULL DEFAULT 0,
    attempts      integer     NOT NULL,
    first_failed  timestamptz NOT NULL,
    next_attempt  timestamptz NOT NULL,
    deadline      timestamptz NOT NULL,
    code          text        NOT NULL DEFAULT '',
    message       text        NOT NULL DEFAULT '',
    told          boolean     NOT NULL DEFAULT false
);

CREATE INDEX post_failures_due ON post_failures (kind, next_attempt);
CREATE INDEX post_failures_channel ON post_failures (channel_id, kind, feed_id);

CREATE TABLE channel_owners (
    channel_id  text        PRIMARY KEY,
    user_id     text        NOT NULL,
    updated     timestamptz NOT NULL
);

ALTER TABLE subscriptions ADD COLUMN last_posted timestamptz;
ALTER TABLE subscriptions ADD COLUMN filter jsonb NOT NULL DEFAULT '{}';
ALTER TABLE subscriptions ADD COLUMN mention_role text NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN thread boolean NOT NULL DEFAULT false;

CREATE TABLE history_searches (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- never reused: an old button must not reach a newer search
    kind     text        NOT NULL DEFAULT 'history' CHECK (kind IN ('history', 'who')),
    user_id  text        NOT NULL,
    query    jsonb       NOT NULL,
    title    text        NOT NULL DEFAULT '',
    cursors  jsonb       NOT NULL DEFAULT '[""]',
    created  timestamptz NOT NULL
);

CREATE INDEX history_searches_created ON history_searches (created);
