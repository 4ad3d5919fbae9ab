-- 0010: counts kept as warnings are saved, so that an actor's record and
-- the choice of a history query's plan cost the same at a million
-- warnings as at ten. Triggers keep them in the transaction that writes
-- the warnings. An actor "gave" a warning when it is the speaker or the
-- speaker's affiliation, and "received" it when it is the addressee or the
-- addressee's affiliation; a warning counts once per side even when both
-- keys of that side are the same actor. Each table is laid out so that a
-- save changes as few pages as it can: the counts per actor live on the
-- actor's row (which a save already writes), the counts by day are kept in
-- day order (a save writes the current day's few pages), and the index
-- that orders an actor's counterparts moves an entry only when its count
-- doubles.

-- Warnings each actor gave and received, and how many of them were threats.
ALTER TABLE actors ADD COLUMN gave INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN gave_threats INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN received_threats INTEGER NOT NULL DEFAULT 0;

-- The same by UTC day of the article time (unix milliseconds / 86,400,000).
CREATE TABLE actor_days (
    day        INTEGER NOT NULL,
    actor_key  TEXT    NOT NULL,
    side       INTEGER NOT NULL CHECK (side IN (0, 1)), -- 0 gave, 1 received
    warnings   INTEGER NOT NULL,
    threats    INTEGER NOT NULL,
    PRIMARY KEY (day, actor_key, side)
) WITHOUT ROWID;

-- Counterparts: how often actor_key (on either side) warned counterpart_key
-- (the addressee) and was warned by it (the speaker). bucket is
-- floor(log2(total)) (up to 24): actor_pairs_top lists an actor's
-- counterparts by bucket, so the top ten by total are among the entries
-- of the buckets down to the tenth entry's, and an entry moves in the
-- index only when its total doubles.
CREATE TABLE actor_pairs (
    actor_key        TEXT    NOT NULL,
    counterpart_key  TEXT    NOT NULL,
    warned           INTEGER NOT NULL,
    warned_by        INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    bucket           INTEGER NOT NULL,
    PRIMARY KEY (actor_key, counterpart_key)
) WITHOUT ROWID;

CREATE INDEX actor_pairs_top ON actor_pairs (actor_key, bucket DESC, counterpart_key);

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
UPDATE actors SET
    gave = (SELECT count(*) FROM warnings WHERE speaker_key = actors.key OR speaker_affiliation_key = actors.key),
    gave_threats = (SELECT count(*) FROM warnings WHERE (speaker_key = actors.key OR speaker_affiliation_key = actors.key) AND kind = 'threat'),
    received = (SELECT count(*) FROM warnings WHERE addressee_key = actors.key OR addressee_affiliation_key = actors.key),
    received_threats = (SELECT count(*) FROM warnings WHERE (addressee_key = actors.key OR addressee_affiliation_key = actors.key) AND kind = 'threat');

INSERT INTO actor_days (day, actor_key, side, warnings, threats)
SELECT day, k, side, count(*), sum(kind = 'threat') FROM (
    SELECT id, speaker_key AS k, 0 AS side, article_time / 86400000 AS day, kind FROM warnings WHERE speaker_key != ''
    UNION
    SELECT id, speaker_affiliation_key, 0, article_time / 86400000, kind FROM warnings WHERE speaker_affiliation_key != ''
    UNION
    SELECT id, addressee_key, 1, article_time / 86400000, kind FROM warnings WHERE addressee_key != ''
    UNION
    SELECT id, addressee_affiliation_key, 1, article_time / 86400000, kind FROM warnings WHERE addressee_affiliation_key != ''
) GROUP BY day, k, side;

INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total, bucket)
SELECT k, c, sum(warned), sum(warned_by), count(*), ((count(*) >= 2) + (count(*) >= 4) + (count(*) >= 8) + (count(*) >= 16) + (count(*) >= 32) + (count(*) >= 64) + (count(*) >= 128) + (count(*) >= 256) + (count(*) >= 512) + (count(*) >= 1024) + (count(*) >= 2048) + (count(*) >= 4096) + (count(*) >= 8192) + (count(*) >= 16384) + (count(*) >= 32768) + (count(*) >= 65536) + (count(*) >= 131072) + (count(*) >= 262144) + (count(*) >= 524288) + (count(*) >= 1048576) + (count(*) >= 2097152) + (count(*) >= 4194304) + (count(*) >= 8388608) + (count(*) >= 16777216)) FROM (
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

-- Keeping them: each statement over the distinct keys of one side.
CREATE TRIGGER warnings_counts_insert AFTER INSERT ON warnings BEGIN
    UPDATE actors SET gave = gave + 1, gave_threats = gave_threats + (new.kind = 'threat')
    WHERE key IN (new.speaker_key, new.speaker_affiliation_key);
    UPDATE actors SET received = received + 1, received_threats = received_threats + (new.kind = 'threat')
    WHERE key IN (new.addressee_key, new.addressee_affiliation_key);

    INSERT INTO actor_days (day, actor_key, side, warnings, threats)
    SELECT new.article_time / 86400000, k, 0, 1, new.kind = 'threat'
    FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_days (day, actor_key, side, warnings, threats)
    SELECT new.article_time / 86400000, k, 1, 1, new.kind = 'threat'
    FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total, bucket)
    SELECT k, new.addressee_key, 1, 0, 1, 0 FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key)
    WHERE k != '' AND new.addressee_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned = warned + 1, total = total + 1, bucket = (((total + 1) >= 2) + ((total + 1) >= 4) + ((total + 1) >= 8) + ((total + 1) >= 16) + ((total + 1) >= 32) + ((total + 1) >= 64) + ((total + 1) >= 128) + ((total + 1) >= 256) + ((total + 1) >= 512) + ((total + 1) >= 1024) + ((total + 1) >= 2048) + ((total + 1) >= 4096) + ((total + 1) >= 8192) + ((total + 1) >= 16384) + ((total + 1) >= 32768) + ((total + 1) >= 65536) + ((total + 1) >= 131072) + ((total + 1) >= 262144) + ((total + 1) >= 524288) + ((total + 1) >= 1048576) + ((total + 1) >= 2097152) + ((total + 1) >= 4194304) + ((total + 1) >= 8388608) + ((total + 1) >= 16777216));
    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total, bucket)
    SELECT k, new.speaker_key, 0, 1, 1, 0 FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key)
    WHERE k != '' AND new.speaker_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned_by = warned_by + 1, total = total + 1, bucket = (((total + 1) >= 2) + ((total + 1) >= 4) + ((total + 1) >= 8) + ((total + 1) >= 16) + ((total + 1) >= 32) + ((total + 1) >= 64) + ((total + 1) >= 128) + ((total + 1) >= 256) + ((total + 1) >= 512) + ((total + 1) >= 1024) + ((total + 1) >= 2048) + ((total + 1) >= 4096) + ((total + 1) >= 8192) + ((total + 1) >= 16384) + ((total + 1) >= 32768) + ((total + 1) >= 65536) + ((total + 1) >= 131072) + ((total + 1) >= 262144) + ((total + 1) >= 524288) + ((total + 1) >= 1048576) + ((total + 1) >= 2097152) + ((total + 1) >= 4194304) + ((total + 1) >= 8388608) + ((total + 1) >= 16777216));
END;

CREATE TRIGGER warnings_counts_delete AFTER DELETE ON warnings BEGIN
    UPDATE actors SET gave = gave - 1, gave_threats = gave_threats - (old.kind = 'threat')
    WHERE key IN (old.speaker_key, old.speaker_affiliation_key);
    UPDATE actors SET received = received - 1, received_threats = received_threats - (old.kind = 'threat')
    WHERE key IN (old.addressee_key, old.addressee_affiliation_key);

    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE day = old.article_time / 86400000 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND side = 0;
    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE day = old.article_time / 86400000 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND side = 1;
    DELETE FROM actor_days WHERE day = old.article_time / 86400000
        AND actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key) AND warnings = 0;

    UPDATE actor_pairs SET warned = warned - 1, total = total - 1, bucket = (((total - 1) >= 2) + ((total - 1) >= 4) + ((total - 1) >= 8) + ((total - 1) >= 16) + ((total - 1) >= 32) + ((total - 1) >= 64) + ((total - 1) >= 128) + ((total - 1) >= 256) + ((total - 1) >= 512) + ((total - 1) >= 1024) + ((total - 1) >= 2048) + ((total - 1) >= 4096) + ((total - 1) >= 8192) + ((total - 1) >= 16384) + ((total - 1) >= 32768) + ((total - 1) >= 65536) + ((total - 1) >= 131072) + ((total - 1) >= 262144) + ((total - 1) >= 524288) + ((total - 1) >= 1048576) + ((total - 1) >= 2097152) + ((total - 1) >= 4194304) + ((total - 1) >= 8388608) + ((total - 1) >= 16777216))
    WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.addressee_key AND old.addressee_key NOT IN ('', actor_key);
    UPDATE actor_pairs SET warned_by = warned_by - 1, total = total - 1, bucket = (((total - 1) >= 2) + ((total - 1) >= 4) + ((total - 1) >= 8) + ((total - 1) >= 16) + ((total - 1) >= 32) + ((total - 1) >= 64) + ((total - 1) >= 128) + ((total - 1) >= 256) + ((total - 1) >= 512) + ((total - 1) >= 1024) + ((total - 1) >= 2048) + ((total - 1) >= 4096) + ((total - 1) >= 8192) + ((total - 1) >= 16384) + ((total - 1) >= 32768) + ((total - 1) >= 65536) + ((total - 1) >= 131072) + ((total - 1) >= 262144) + ((total - 1) >= 524288) + ((total - 1) >= 1048576) + ((total - 1) >= 2097152) + ((total - 1) >= 4194304) + ((total - 1) >= 8388608) + ((total - 1) >= 16777216))
    WHERE actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.speaker_key AND old.speaker_key NOT IN ('', actor_key);
    DELETE FROM actor_pairs WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND counterpart_key IN (old.speaker_key, old.addressee_key) AND total = 0;
END;

CREATE TRIGGER warnings_counts_update AFTER UPDATE OF
    speaker_key, speaker_affiliation_key, addressee_key, addressee_affiliation_key, kind, article_time ON warnings BEGIN
    UPDATE actors SET gave = gave - 1, gave_threats = gave_threats - (old.kind = 'threat')
    WHERE key IN (old.speaker_key, old.speaker_affiliation_key);
    UPDATE actors SET received = received - 1, received_threats = received_threats - (old.kind = 'threat')
    WHERE key IN (old.addressee_key, old.addressee_affiliation_key);

    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE day = old.article_time / 86400000 AND actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND side = 0;
    UPDATE actor_days SET warnings = warnings - 1, threats = threats - (old.kind = 'threat')
    WHERE day = old.article_time / 86400000 AND actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND side = 1;
    DELETE FROM actor_days WHERE day = old.article_time / 86400000
        AND actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key) AND warnings = 0;

    UPDATE actor_pairs SET warned = warned - 1, total = total - 1, bucket = (((total - 1) >= 2) + ((total - 1) >= 4) + ((total - 1) >= 8) + ((total - 1) >= 16) + ((total - 1) >= 32) + ((total - 1) >= 64) + ((total - 1) >= 128) + ((total - 1) >= 256) + ((total - 1) >= 512) + ((total - 1) >= 1024) + ((total - 1) >= 2048) + ((total - 1) >= 4096) + ((total - 1) >= 8192) + ((total - 1) >= 16384) + ((total - 1) >= 32768) + ((total - 1) >= 65536) + ((total - 1) >= 131072) + ((total - 1) >= 262144) + ((total - 1) >= 524288) + ((total - 1) >= 1048576) + ((total - 1) >= 2097152) + ((total - 1) >= 4194304) + ((total - 1) >= 8388608) + ((total - 1) >= 16777216))
    WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.addressee_key AND old.addressee_key NOT IN ('', actor_key);
    UPDATE actor_pairs SET warned_by = warned_by - 1, total = total - 1, bucket = (((total - 1) >= 2) + ((total - 1) >= 4) + ((total - 1) >= 8) + ((total - 1) >= 16) + ((total - 1) >= 32) + ((total - 1) >= 64) + ((total - 1) >= 128) + ((total - 1) >= 256) + ((total - 1) >= 512) + ((total - 1) >= 1024) + ((total - 1) >= 2048) + ((total - 1) >= 4096) + ((total - 1) >= 8192) + ((total - 1) >= 16384) + ((total - 1) >= 32768) + ((total - 1) >= 65536) + ((total - 1) >= 131072) + ((total - 1) >= 262144) + ((total - 1) >= 524288) + ((total - 1) >= 1048576) + ((total - 1) >= 2097152) + ((total - 1) >= 4194304) + ((total - 1) >= 8388608) + ((total - 1) >= 16777216))
    WHERE actor_key IN (old.addressee_key, old.addressee_affiliation_key) AND actor_key != ''
        AND counterpart_key = old.speaker_key AND old.speaker_key NOT IN ('', actor_key);
    DELETE FROM actor_pairs WHERE actor_key IN (old.speaker_key, old.speaker_affiliation_key, old.addressee_key, old.addressee_affiliation_key)
        AND counterpart_key IN (old.speaker_key, old.addressee_key) AND total = 0;
    UPDATE actors SET gave = gave + 1, gave_threats = gave_threats + (new.kind = 'threat')
    WHERE key IN (new.speaker_key, new.speaker_affiliation_key);
    UPDATE actors SET received = received + 1, received_threats = received_threats + (new.kind = 'threat')
    WHERE key IN (new.addressee_key, new.addressee_affiliation_key);

    INSERT INTO actor_days (day, actor_key, side, warnings, threats)
    SELECT new.article_time / 86400000, k, 0, 1, new.kind = 'threat'
    FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;
    INSERT INTO actor_days (day, actor_key, side, warnings, threats)
    SELECT new.article_time / 86400000, k, 1, 1, new.kind = 'threat'
    FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key) WHERE k != ''
    ON CONFLICT DO UPDATE SET warnings = warnings + 1, threats = threats + excluded.threats;

    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total, bucket)
    SELECT k, new.addressee_key, 1, 0, 1, 0 FROM (SELECT new.speaker_key AS k UNION SELECT new.speaker_affiliation_key)
    WHERE k != '' AND new.addressee_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned = warned + 1, total = total + 1, bucket = (((total + 1) >= 2) + ((total + 1) >= 4) + ((total + 1) >= 8) + ((total + 1) >= 16) + ((total + 1) >= 32) + ((total + 1) >= 64) + ((total + 1) >= 128) + ((total + 1) >= 256) + ((total + 1) >= 512) + ((total + 1) >= 1024) + ((total + 1) >= 2048) + ((total + 1) >= 4096) + ((total + 1) >= 8192) + ((total + 1) >= 16384) + ((total + 1) >= 32768) + ((total + 1) >= 65536) + ((total + 1) >= 131072) + ((total + 1) >= 262144) + ((total + 1) >= 524288) + ((total + 1) >= 1048576) + ((total + 1) >= 2097152) + ((total + 1) >= 4194304) + ((total + 1) >= 8388608) + ((total + 1) >= 16777216));
    INSERT INTO actor_pairs (actor_key, counterpart_key, warned, warned_by, total, bucket)
    SELECT k, new.speaker_key, 0, 1, 1, 0 FROM (SELECT new.addressee_key AS k UNION SELECT new.addressee_affiliation_key)
    WHERE k != '' AND new.speaker_key NOT IN ('', k)
    ON CONFLICT DO UPDATE SET warned_by = warned_by + 1, total = total + 1, bucket = (((total + 1) >= 2) + ((total + 1) >= 4) + ((total + 1) >= 8) + ((total + 1) >= 16) + ((total + 1) >= 32) + ((total + 1) >= 64) + ((total + 1) >= 128) + ((total + 1) >= 256) + ((total + 1) >= 512) + ((total + 1) >= 1024) + ((total + 1) >= 2048) + ((total + 1) >= 4096) + ((total + 1) >= 8192) + ((total + 1) >= 16384) + ((total + 1) >= 32768) + ((total + 1) >= 65536) + ((total + 1) >= 131072) + ((total + 1) >= 262144) + ((total + 1) >= 524288) + ((total + 1) >= 1048576) + ((total + 1) >= 2097152) + ((total + 1) >= 4194304) + ((total + 1) >= 8388608) + ((total + 1) >= 16777216));
END;
