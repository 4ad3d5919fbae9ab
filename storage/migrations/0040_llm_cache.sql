-- 0040: the LLM extractor's cache and its daily count of calls.
--
-- llm_answers keeps a language model's answer for an article, by the hash
-- of the article's text, the model and the prompt version, so that an
-- article briefed twice, or brought by several feeds, costs one call. The
-- answer is the model's items as JSON (sentence numbers and fields), checked
-- against the article again each time it is read.
CREATE TABLE llm_answers (
    text_hash       TEXT    NOT NULL, -- hex SHA-256 of the headline and text
    model           TEXT    NOT NULL,
    prompt_version  TEXT    NOT NULL,
    answer          TEXT    NOT NULL, -- JSON
    saved           INTEGER NOT NULL, -- unix milliseconds, UTC
    PRIMARY KEY (text_hash, model, prompt_version)
) WITHOUT ROWID;

-- llm_calls counts the calls made to the model per UTC day, for
-- llm.daily_calls, across every process that shares the database.
CREATE TABLE llm_calls (
    day    TEXT    PRIMARY KEY, -- YYYY-MM-DD, UTC
    calls  INTEGER NOT NULL
) WITHOUT ROWID;
