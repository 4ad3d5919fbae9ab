-- 0002: what the SQLite store's migrations 0031 and 0040 add there:
-- indexes for housekeeping (Store.Prune deletes deliveries and feed items
-- by age in small batches), and the LLM extractor's cache of answers and
-- its daily count of calls, shared by every process on the database.
-- (SQLite's 0030 rewrote old digest keys to name their zone; a PostgreSQL
-- database only ever had the new keys.)
CREATE INDEX deliveries_reserved ON deliveries (reserved);
CREATE INDEX feed_items_first_seen ON feed_items (feed_id, first_seen);

CREATE TABLE llm_answers (
    text_hash       text        NOT NULL, -- hex SHA-256 of the headline and text
    model           text        NOT NULL,
    prompt_version  text        NOT NULL,
    answer          text        NOT NULL, -- JSON
    saved           timestamptz NOT NULL,
    PRIMARY KEY (text_hash, model, prompt_version)
);

CREATE TABLE llm_calls (
    day    text    PRIMARY KEY, -- YYYY-MM-DD, UTC
    calls  integer NOT NULL
);
