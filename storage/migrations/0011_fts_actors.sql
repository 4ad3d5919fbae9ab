-- 0011: the full-text index learns who gave and who received each warning,
-- so that a history search by words and names is one walk of the index in
-- id order, whose AND steps the rarest of its terms and makes the others
-- seek (a leapfrog join): speaker-first when the speaker is rare,
-- text-first when the words are. Its fifth column, actors, holds one token
-- per distinct key of each side: "s" or "a" (speaker or addressee side)
-- and the key's UTF-8 bytes in hexadecimal, so that a key is one token,
-- whatever its words. Searches of what people typed are restricted to the
-- other four columns. The index is rebuilt from the warnings.

DROP TRIGGER warnings_fts_insert;
DROP TRIGGER warnings_fts_delete;
DROP TRIGGER warnings_fts_update;
DROP TABLE warnings_fts;

CREATE VIRTUAL TABLE warnings_fts USING fts5 (
    speaker, addressee, what, evidence, actors,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO warnings_fts (rowid, speaker, addressee, what, evidence, actors)
SELECT
    id,
    speaker || ' ' || speaker_affiliation,
    addressee || ' ' || addressee_affiliation,
    what,
    (SELECT group_concat(value, ' ') FROM json_each(evidence)),
    concat_ws(' ',
        CASE WHEN speaker_key != '' THEN 's' || hex(speaker_key) END,
        CASE WHEN speaker_affiliation_key NOT IN ('', speaker_key) THEN 's' || hex(speaker_affiliation_key) END,
        CASE WHEN addressee_key != '' THEN 'a' || hex(addressee_key) END,
        CASE WHEN addressee_affiliation_key NOT IN ('', addressee_key) THEN 'a' || hex(addressee_affiliation_key) END)
FROM warnings ORDER BY id;

CREATE TRIGGER warnings_fts_insert AFTER INSERT ON warnings BEGIN
    INSERT INTO warnings_fts (rowid, speaker, addressee, what, evidence, actors)
    VALUES (
        new.id,
        new.speaker || ' ' || new.speaker_affiliation,
        new.addressee || ' ' || new.addressee_affiliation,
        new.what,
        (SELECT group_concat(value, ' ') FROM json_each(new.evidence)),
        concat_ws(' ',
            CASE WHEN new.speaker_key != '' THEN 's' || hex(new.speaker_key) END,
            CASE WHEN new.speaker_affiliation_key NOT IN ('', new.speaker_key) THEN 's' || hex(new.speaker_affiliation_key) END,
            CASE WHEN new.addressee_key != '' THEN 'a' || hex(new.addressee_key) END,
            CASE WHEN new.addressee_affiliation_key NOT IN ('', new.addressee_key) THEN 'a' || hex(new.addressee_affiliation_key) END)
    );
END;

CREATE TRIGGER warnings_fts_delete AFTER DELETE ON warnings BEGIN
    DELETE FROM warnings_fts WHERE rowid = old.id;
END;

CREATE TRIGGER warnings_fts_update AFTER UPDATE ON warnings BEGIN
    DELETE FROM warnings_fts WHERE rowid = old.id;
    INSERT INTO warnings_fts (rowid, speaker, addressee, what, evidence, actors)
    VALUES (
        new.id,
        new.speaker || ' ' || new.speaker_affiliation,
        new.addressee || ' ' || new.addressee_affiliation,
        new.what,
        (SELECT group_concat(value, ' ') FROM json_each(new.evidence)),
        concat_ws(' ',
            CASE WHEN new.speaker_key != '' THEN 's' || hex(new.speaker_key) END,
            CASE WHEN new.speaker_affiliation_key NOT IN ('', new.speaker_key) THEN 's' || hex(new.speaker_affiliation_key) END,
            CASE WHEN new.addressee_key != '' THEN 'a' || hex(new.addressee_key) END,
            CASE WHEN new.addressee_affiliation_key NOT IN ('', new.addressee_key) THEN 'a' || hex(new.addressee_affiliation_key) END)
    );
END;
