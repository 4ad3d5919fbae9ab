-- 0010: counts kept as warnings are saved, so that an actor's record and
-- the choice of a history query's plan cost the same at a million
-- warnings as at ten. Triggers keep them in the transaction that writes
-- the warnings. An actor "gave" a warning when it is the speaker or the
-- speaker's affiliation, and "received" it when it is the addressee or the
-- addressee's affiliation; a warning counts once per side even when both
-- keys of that side are the same actor.

-- Warnings each actor gave (side 0) and received (side 1), and how many of
-- them were threats.
CREATE TABLE actor_counts (
    actor_key  TEXT    NOT NULL,
    side       INTEGER NOT NULL CHECK (side IN (0, 1)),
    warnings   INTEGER NOT NULL,
    threats    INTEGER NOT NULL,
    PRIMARY KEY (actor_key, side)
) WITHOUT ROWID;

-- The same by UTC day of the article time (unix milliseconds / 86,400,000).
CREATE TABLE actor_days (
    actor_key  TEXT    NOT NULL,
    side       INTEGER NOT NULL CHECK (side IN (0, 1)),
    day        INTEGER NOT NULL,
    warnings   INTEGER NOT NULL,
    threats    INTEGER NOT NULL,
    PRIMARY KEY (actor_key, side, day)
) WITHOUT ROWID;

-- Counterparts: how often actor_key (on one side) warned counterpart_key
-- (the addressee) and was warned by it (the speaker). total orders an
-- actor's counterparts, most frequent first, through actor_pairs_top.
CREATE TABLE actor_pairs (
    actor_key        TEXT    NOT NULL,
    counterpart_key  TEXT    NOT NULL,
    warned           INTEGER NOT NULL,
    warned_by        INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    PRIMARY KEY (actor_key, counterpart_key)
) WITHOUT ROWID;

CREATE INDEX actor_pairs_top ON actor_pairs (actor_key, total DESC, counterpart_key);

-- The words of actor keys, lower-cased as LIKE compares them, so that a
-- name that is a word run of a key ("putin" in "vladimir putin") is found
-- without reading every actor. The store adds the words of a new actor.
CREATE TABLE actor_words (
    word      TEXT    NOT NULL,
    actor_id  INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    PRIMARY KEY (word, actor_id)
) WITHOUT ROWID;

CREATE INDEX actor_words_actor ON actor_words (actor_id);

WITH RECURSIVE split (actor_id, word, rest) AS (
    SELECT id, '', lower(key) || ' ' FROM actors
    UNION ALL
    SELECT actor_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest != ''
)
INSERT OR IGNORE INTO actor_words (word, actor_id) SELECT word, actor_id FROM split WHERE word != '';

-- The counts of the warnings already stored.
INSERT INTO actor_counts (actor_key, side, warnings, threats)
SELECT k, side, count(*), sum(kind = 'threat') FROM (
    SELECT id, speaker_key AS k, 0 AS side, kind FROM warnings WHERE speaker_key != ''
    UNION
    SELECT id, speaker_affiliation_key, 0, kind FROM warnings WHERE speaker_affiliation_key != ''
    UNION
    SELECT id, addressee_key, 1, kind FROM warnings WHERE addressee_key != ''
    UNION
    SELECT id, addressee_affiliation_key, 1, kind FROM warnings WHERE addressee_affiliation_key != ''
) GROUP BY k, side;

INSERT INTO actor_days (actor_key, side, day, warnings, threats)
SELECT k, side, day, count(*), sum(kind = 'threat') FROM (
    SELECT id, speaker_key AS k, 0 AS side, article_time / 86400000 AS day, kind FROM warnings WHERE speaker_key != ''
    UNION
    SELECT id, speaker_affiliation_key, 0, article_time / 86400000, kind FROM warnings WHERE speaker_affiliation_key != ''
    UNION
    SELECT id, addressee_key, 1, article_time / 86400000, kind FROM warnings WHERE addressee_key != ''
    UNION
    SELECT id, addressee_affiliation_key, 1, article_time / 86400000, kind FROM warnings WHERE addressee_affiliation_key != ''
) GROUP BY k, side, day;

INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total)
SELECT k, c, sum(warned), sum(warned_by), count(*) FROM (
    SELECT id, speaker_key AS k, addressee_key AS c, 1 AS warned, 0 AS warned_by FROM warnings
        WHERE speaker_key != '' AND addressee_key NOT IN ('', speaker_key)
    UNION
    SELECT id, speaker_affiliation_key, addressee_key, 1, 0 FROM warnings
        WHERE speaker_affiliation_key != '' AND addressee_key NOT IN ('', speaker_affiliation_key)
    UNION
    SELECT id, addressee_key, speaker_key, 0, 1 FROM warnings
        WHERE addressee_key != '' AND speaker_key NOT IN ('', addressee_key)
    UNION
    SELECT id, addressee_affiliation_key, speaker_key, 0, 1 FROM warnings
        WHERE addressee_affiliation_key != '' AND speaker_key NOT IN ('', addressee_affiliation_key)
) GROUP BY k, c;

-- Keeping them: one statement per table and side, each over the distinct
-- keys of that side.
CREATE TRIGGER warnings_counts_insert AFTER INSERT ON warnings BEGIN
    INSERT INTO actor_counts (actor_key, side, warnings, threats)
    SELECT k, 0, 1, new.kind = 'threat' FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_counts (actor_key, side, warnings, threats)
    SELECT k, 1, 1, new.kind = 'threat' FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_days (actor_key, side, day, warnings, threats)
    SELECT k, 0, new.article_time / 86400000, 1, new.kind = 'threat' FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_days (actor_key, side, day, warnings, threats)
    SELECT k, 1, new.article_time / 86400000, 1, new.kind = 'threat' FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total)
    SELECT k, new.addressee_key, 1, 0, 1 FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key)
    WHERE k != '' AND new.addressee_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned = warned + 1, total = total + 1;
    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total)
    SELECT k, new.speaker_key, 0, 1, 1 FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key)
    WHERE k != '' AND new.speaker_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned_by = warned_by + 1, total = total + 1;
END;

CREATE TRIGGER warnings_counts_delete AFTER DELETE ON warnings BEGIN
    UPDATE actor_counts SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 0 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key);
    UPDATE actor_counts SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 1 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key);
    DELETE FROM actor_counts WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND warnings = 0;

    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 0 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND day = old.article_time / 86400000;
    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 1 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND day = old.article_time / 86400000;
    DELETE FROM actor_days WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND day = old.article_time / 86400000 AND warnings = 0;

    UPDATE actor_pairs SET warned = warned - 1, total = total - 1
    WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.addressee_key AND old.addressee_key NOT IN ('', actor_key);
    UPDATE actor_pairs SET warned_by = warned_by - 1, total = total - 1
    WHERE actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.speaker_key AND old.speaker_key NOT IN ('', actor_key);
    DELETE FROM actor_pairs WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND counterpart_key IN (old.speaker_key, old.addressee_key) AND total = 0;
END;

CREATE TRIGGER warnings_counts_update AFTER UPDATE OF
    speaker_key, speaker_affiliation_key, addressee_key, addressee_affiliation_key, kind, article_time ON warnings BEGIN
    UPDATE actor_counts SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 0 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key);
    UPDATE actor_counts SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 1 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key);
    DELETE FROM actor_counts WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND warnings = 0;

    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 0 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND day = old.article_time / 86400000;
    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE side = 1 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND day = old.article_time / 86400000;
    DELETE FROM actor_days WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND day = old.article_time / 86400000 AND warnings = 0;

    UPDATE actor_pairs SET warned = warned - 1, total = total - 1
    WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.addressee_key AND old.addressee_key NOT IN ('', actor_key);
    UPDATE actor_pairs SET warned_by = warned_by - 1, total = total - 1
    WHERE actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.speaker_key AND old.speaker_key NOT IN ('', actor_key);
    DELETE FROM actor_pairs WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND counterpart_key IN (old.speaker_key, old.addressee_key) AND total = 0;
    INSERT INTO actor_counts (actor_key, side, warnings, threats)
    SELECT k, 0, 1, new.kind = 'threat' FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_counts (actor_key, side, warnings, threats)
    SELECT k, 1, 1, new.kind = 'threat' FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_days (actor_key, side, day, warnings, threats)
    SELECT k, 0, new.article_time / 86400000, 1, new.kind = 'threat' FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_days (actor_key, side, day, warnings, threats)
    SELECT k, 1, new.article_time / 86400000, 1, new.kind = 'threat' FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total)
    SELECT k, new.addressee_key, 1, 0, 1 FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key)
    WHERE k != '' AND new.addressee_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned = warned + 1, total = total + 1;
    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total)
    SELECT k, new.speaker_key, 0, 1, 1 FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key)
    WHERE k != '' AND new.speaker_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned_by = warned_by + 1, total = total + 1;
END;
