package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/actors"
)

// Page sizes of History.
const (
	DefaultHistoryLimit = 20
	MaxHistoryLimit     = 200
)

// warningColumns selects a warning with its source; scanWarning reads it.
// The query must join warnings AS w with articles AS a.
const warningColumns = `w.id, w.position,
	w.speaker, w.speaker_key, w.speaker_affiliation, w.speaker_affiliation_key,
	w.addressee, w.addressee_key, w.addressee_affiliation, w.addressee_affiliation_key,
	w.kind, w.what, w.condition, w.consequence, w.quote, w.evidence, w.article_time,
	a.id, a.canonical_url, a.title, a.site, a.published, a.fetched`

type rowScanner interface{ Scan(dest ...any) error }

// scanWarning reads one row selected with warningColumns, and returns the
// warning and its article time (the history order).
func scanWarning(r rowScanner) (briefing.Warning, int64, error) {
	var (
		w         briefing.Warning
		kind      string
		evidence  string
		at        int64
		published sql.NullInt64
		fetched   int64
	)
	err := r.Scan(&w.ID, &w.Position,
		&w.Speaker.Name, &w.Speaker.Key, &w.Speaker.Affiliation, &w.Speaker.AffiliationKey,
		&w.Addressee.Name, &w.Addressee.Key, &w.Addressee.Affiliation, &w.Addressee.AffiliationKey,
		&kind, &w.What, &w.Condition, &w.Consequence, &w.Quote, &evidence, &at,
		&w.Source.ArticleID, &w.Source.URL, &w.Source.Title, &w.Source.Site, &published, &fetched)
	if err != nil {
		return w, 0, err
	}
	w.Kind = briefing.Kind(kind)
	if err := json.Unmarshal([]byte(evidence), &w.Evidence); err != nil {
		return w, 0, fmt.Errorf("warning %d: evidence: %w", w.ID, err)
	}
	w.Source.Published = fromNullMillis(published)
	w.Source.Fetched = fromMillis(fetched)
	return w, at, nil
}

// History returns one page of the stored warnings that match q, newest
// first (by the article's published time, else its fetch time, to the
// millisecond; then by position in the article, last first). Names in
// q.Speaker and q.Addressee match an actor's key, an alias, a word run of a
// key ("putin" finds "vladimir putin") or an affiliation ("russia" finds
// what Russia's officials said). q.Text is searched as plain words, all of
// which must appear; FTS5 syntax in it has no special meaning, and text
// without a letter or digit does not filter. An invalid q.Cursor is an
// EINVALID error.
func (s *Store) History(ctx context.Context, q briefing.HistoryQuery) (briefing.HistoryPage, error) {
	var page briefing.HistoryPage
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = DefaultHistoryLimit
	case limit > MaxHistoryLimit:
		limit = MaxHistoryLimit
	}
	// With words to search, the full-text index drives the query in id
	// (time) order; otherwise the warnings table does. Either way SQLite
	// walks newest first and stops after a page.
	match := ftsQuery(q.Text)
	id := "w.id"
	from := "warnings w"
	var where []string
	var args []any
	if match != "" {
		id = "warnings_fts.rowid"
		from = "warnings_fts"
		where = append(where, "warnings_fts MATCH ?")
		args = append(args, match)
	}
	if q.Cursor != "" {
		after, err := decodeCursor(q.Cursor)
		if err != nil {
			return page, err
		}
		where = append(where, id+" < ?")
		args = append(args, after)
	}
	if !q.Since.IsZero() {
		where = append(where, id+" >= ?")
		args = append(args, historyKey(q.Since))
	}
	if !q.Until.IsZero() {
		where = append(where, id+" < ?")
		args = append(args, historyKey(q.Until))
	}

	err := s.readTx(ctx, "searching history", func(tx *sql.Tx) error {
		joined := false // whether a full-text query has joined warnings for the name filters
		for _, side := range []struct{ name, key, affiliationKey string }{
			{q.Speaker, "w.speaker_key", "w.speaker_affiliation_key"},
			{q.Addressee, "w.addressee_key", "w.addressee_affiliation_key"},
		} {
			k := actors.Key(side.name)
			if k == "" {
				continue
			}
			keys, err := resolveKeys(ctx, tx, k)
			if err != nil {
				return err
			}
			if match != "" && !joined {
				from += " JOIN warnings w ON w.id = warnings_fts.rowid"
				joined = true
			}
			where = append(where, fmt.Sprintf(`(%s IN (SELECT value FROM json_each(?)) OR %s IN (SELECT value FROM json_each(?)))`,
				side.key, side.affiliationKey))
			args = append(args, keys, keys)
		}
		// Pick the page's ids first, then read their warnings.
		ids := `SELECT ` + id + ` AS id FROM ` + from
		if len(where) > 0 {
			ids += ` WHERE ` + strings.Join(where, ` AND `)
		}
		ids += ` ORDER BY ` + id + ` DESC LIMIT ?`
		query := `SELECT ` + warningColumns + ` FROM (` + ids + `) p
			JOIN warnings w ON w.id = p.id JOIN articles a ON a.id = w.article_id
			ORDER BY w.id DESC`
		rows, err := tx.QueryContext(ctx, query, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			w, _, err := scanWarning(rows)
			if err != nil {
				return err
			}
			if len(page.Warnings) == limit {
				// One row more than a page: there is a next page, after the last one kept.
				page.Next = encodeCursor(page.Warnings[limit-1].ID)
				break
			}
			page.Warnings = append(page.Warnings, w)
		}
		return rows.Err()
	})
	if err != nil {
		return briefing.HistoryPage{}, err
	}
	return page, nil
}

// resolveKeys returns, as a JSON array, the actor keys a normalised name k
// stands for: k itself, the keys of actors it is an alias of, and the keys
// that contain it as whole words ("putin" → "vladimir putin").
func resolveKeys(ctx context.Context, tx *sql.Tx, k string) (string, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT key FROM actors WHERE key = ?1 OR (' ' || key || ' ') LIKE ?2 ESCAPE '\'
		UNION
		SELECT a.key FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE al.alias_key = ?1`,
		k, "% "+escapeLike(k)+" %")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	keys := []string{k}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return "", err
		}
		if key != k {
			keys = append(keys, key)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	b, err := json.Marshal(keys)
	return string(b), err
}

// escapeLike escapes LIKE's wildcards in s for ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ftsQuery turns what a user typed into an FTS5 query that cannot be a
// syntax error: each whitespace-separated chunk becomes a quoted string
// (FTS5 then splits it into words as it split the indexed text, so
// "don't" or "U.S." match as phrases) and all chunks must match. Chunks
// without a letter or digit (a lone "-" or "\"") are dropped; the result is
// "" when nothing searchable is left.
func ftsQuery(text string) string {
	// FTS5 ends a query string at a NUL; control characters and broken
	// UTF-8 separate words instead.
	text = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	var terms []string
	for _, chunk := range strings.Fields(text) {
		if !strings.ContainsFunc(chunk, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(chunk, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

// The cursor is opaque to callers; inside it is the id of the last warning
// of the previous page (ids are in history order).
const cursorVersion = "h2"

func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + ":" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (int64, error) {
	bad := briefing.Errorf(briefing.EINVALID, "the history page marker is not valid; run the search again from the first page")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, bad
	}
	version, rest, ok := strings.Cut(string(raw), ":")
	if !ok || version != cursorVersion {
		return 0, bad
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0, bad
	}
	return id, nil
}
