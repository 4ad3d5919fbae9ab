-- 0001: the history of briefings: articles, their warnings, the actors who
-- give and receive them, and a full-text index over the warnings.
-- Times are UTC unix milliseconds.

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    canonical_url TEXT    NOT NULL UNIQUE,  -- briefing.Article.Key(): the identity of an article
    url           TEXT    NOT NULL,
    title         TEXT    NOT NULL DEFAULT '',
    site          TEXT    NOT NULL DEFAULT '',
    byline        TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    published     INTEGER,                  -- NULL when unknown
    fetched       INTEGER NOT NULL,
    content_hash  TEXT    NOT NULL,         -- hex SHA-256 of text
    text          TEXT    NOT NULL DEFAULT '',
    fingerprint   TEXT    NOT NULL,         -- hash of the whole saved briefing: an identical re-save writes nothing
    saved         INTEGER NOT NULL          -- last time the briefing was (re)written
);

CREATE INDEX articles_url ON articles (url);

-- A warning's id is its place in history: the article time (unix ms,
-- clamped to 0 .. 2^47-1) shifted left 16 bits, plus a counter within that
-- millisecond. Ordering by id is ordering by time, newest last, so history
-- pages, time ranges and the full-text index (whose rowid is the id) all
-- walk one order and stop after a page.
CREATE TABLE warnings (
    id                         INTEGER PRIMARY KEY,
    article_id                 INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position                   INTEGER NOT NULL,
    article_time               INTEGER NOT NULL, -- the article's published, else fetched time
    speaker                    TEXT    NOT NULL DEFAULT '',
    speaker_key                TEXT    NOT NULL DEFAULT '',
    speaker_affiliation        TEXT    NOT NULL DEFAULT '',
    speaker_affiliation_key    TEXT    NOT NULL DEFAULT '',
    addressee                  TEXT    NOT NULL DEFAULT '',
    addressee_key              TEXT    NOT NULL DEFAULT '',
    addressee_affiliation      TEXT    NOT NULL DEFAULT '',
    addressee_affiliation_key  TEXT    NOT NULL DEFAULT '',
    kind                       TEXT    NOT NULL CHECK (kind IN ('warning', 'threat')),
    what                       TEXT    NOT NULL DEFAULT '',
    condition                  TEXT    NOT NULL DEFAULT '',
    consequence                TEXT    NOT NULL DEFAULT '',
    quote                      TEXT    NOT NULL DEFAULT '',
    evidence                   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)), -- JSON array of sentences
    UNIQUE (article_id, position)
);

-- Each of these lists its key's warnings in id (time) order.
CREATE INDEX warnings_speaker ON warnings (speaker_key);
CREATE INDEX warnings_speaker_affiliation ON warnings (speaker_affiliation_key);
CREATE INDEX warnings_addressee ON warnings (addressee_key);
CREATE INDEX warnings_addressee_affiliation ON warnings (addressee_affiliation_key);

CREATE TABLE actors (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,  -- normalised identity (briefing/actors.Key)
    name             TEXT NOT NULL,         -- the most specific name seen
    kind             TEXT NOT NULL DEFAULT '', -- "group" once seen as someone's affiliation (a country, an organisation); "" otherwise
    affiliation      TEXT NOT NULL DEFAULT '',
    affiliation_key  TEXT NOT NULL DEFAULT '',
    first_seen       INTEGER NOT NULL,
    last_seen        INTEGER NOT NULL,
    warnings         INTEGER NOT NULL DEFAULT 0 -- warnings the actor takes part in (as a party or an affiliation); kept by triggers
);

-- Other names an actor was given ("Putin", "the Kremlin"), by normalised key.
-- One alias may point at several actors; lookups prefer the most frequent.
CREATE TABLE actor_aliases (
    alias_key  TEXT    NOT NULL,
    actor_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    alias      TEXT    NOT NULL,
    PRIMARY KEY (alias_key, actor_id)
) WITHOUT ROWID;

CREATE INDEX actor_aliases_actor ON actor_aliases (actor_id);

-- Full-text index over who (with affiliations), to whom, what and the
-- evidence sentences. Contentless (the text lives in warnings) with
-- contentless_delete so that triggers can remove rows by id alone; evidence
-- is indexed as its sentences joined, not as JSON text.
CREATE VIRTUAL TABLE warnings_fts USING fts5 (
    speaker, addressee, what, evidence,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER warnings_fts_insert AFTER INSERT ON warnings BEGIN
    INSERT INTO warnings_fts (rowid, speaker, addressee, what, evidence)
    VALUES (
        new.id,
        new.speaker || ' ' || new.speaker_affiliation,
        new.addressee || ' ' || new.addressee_affiliation,
        new.what,
        (SELECT group_concat(value, ' ') FROM json_each(new.evidence))
    );
END;

CREATE TRIGGER warnings_fts_delete AFTER DELETE ON warnings BEGIN
    DELETE FROM warnings_fts WHERE rowid = old.id;
END;

CREATE TRIGGER warnings_fts_update AFTER UPDATE ON warnings BEGIN
    DELETE FROM warnings_fts WHERE rowid = old.id;
    INSERT INTO warnings_fts (rowid, speaker, addressee, what, evidence)
    VALUES (
        new.id,
        new.speaker || ' ' || new.speaker_affiliation,
        new.addressee || ' ' || new.addressee_affiliation,
        new.what,
        (SELECT group_concat(value, ' ') FROM json_each(new.evidence))
    );
END;

-- Actor frequencies for autocomplete and name lookups. An actor must exist
-- before its warnings are inserted (SaveBriefing upserts actors first).
-- IN counts a warning once even when two of its keys are the same actor.
CREATE TRIGGER warnings_count_insert AFTER INSERT ON warnings BEGIN
    UPDATE actors SET warnings = warnings + 1
    WHERE key IN (new.speaker_key, new.speaker_affiliation_key, new.addressee_key, new.addressee_affiliation_key);
END;

CREATE TRIGGER warnings_count_delete AFTER DELETE ON warnings BEGIN
    UPDATE actors SET warnings = warnings - 1
    WHERE key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key);
END;

CREATE TRIGGER warnings_count_update AFTER UPDATE OF speaker_key, speaker_affiliation_key, addressee_key, addressee_affiliation_key ON warnings BEGIN
    UPDATE actors SET warnings = warnings - 1
    WHERE key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key);
    UPDATE actors SET warnings = warnings + 1
    WHERE key IN (new.speaker_key, new.speaker_affiliation_key, new.addressee_key, new.addressee_affiliation_key);
END;
