-- 0021: lookups kept for their buttons (/history's Previous, Next and
-- Share; /who's Share), so that a button works after a restart and only
-- for the user who ran the lookup. query is the JSON of the search (its
-- period already absolute); cursors the JSON array of each page's cursor
-- reached so far.

CREATE TABLE history_searches (
    id       INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: an old button must not reach a newer search
    kind     TEXT    NOT NULL DEFAULT 'history' CHECK (kind IN ('history', 'who')),
    user_id  TEXT    NOT NULL,
    query    TEXT    NOT NULL CHECK (json_valid(query)),
    title    TEXT    NOT NULL DEFAULT '',
    cursors  TEXT    NOT NULL DEFAULT '[""]' CHECK (json_valid(cursors)),
    created  INTEGER NOT NULL
);

CREATE INDEX history_searches_created ON history_searches (created);
