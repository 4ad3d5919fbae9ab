package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"redline/briefing"
)

// searchKeep is how long a saved history search keeps its buttons working.
const searchKeep = 30 * 24 * time.Hour

// searchQuery is how a saved search's query is stored.
type searchQuery struct {
	Speaker   string `json:"speaker,omitempty"`
	Addressee string `json:"addressee,omitempty"`
	Text      string `json:"text,omitempty"`
	Since     int64  `json:"since,omitempty"` // unix ms; 0 for none
	Until     int64  `json:"until,omitempty"`
	Limit     int    `json:"limit,omitempty"`
}

// SaveSearch keeps a history search for its paging buttons and returns its
// id. Searches older than 30 days are forgotten on the way.
func (s *Store) SaveSearch(ctx context.Context, ss briefing.SavedSearch) (int64, error) {
	q := searchQuery{Speaker: ss.Query.Speaker, Addressee: ss.Query.Addressee, Text: ss.Query.Text, Limit: ss.Query.Limit}
	if !ss.Query.Since.IsZero() {
		q.Since = millis(ss.Query.Since)
	}
	if !ss.Query.Until.IsZero() {
		q.Until = millis(ss.Query.Until)
	}
	raw, err := json.Marshal(q)
	if err != nil {
		return 0, briefing.WrapError(briefing.EINTERNAL, err, "saving the search failed")
	}
	created := ss.Created
	if created.IsZero() {
		created = s.now()
	}
	var id int64
	err = s.inTx(ctx, "saving the search", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM history_searches WHERE created < ?`, millis(created.Add(-searchKeep))); err != nil {
			return err
		}
		kind := ss.Kind
		if kind == "" {
			kind = "history"
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO history_searches (kind, user_id, query, title, created) VALUES (?, ?, ?, ?, ?)`,
			kind, ss.UserID, string(raw), ss.Title, millis(created))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// SavedSearch returns the saved search with id (ENOTFOUND when it is
// unknown or was forgotten).
func (s *Store) SavedSearch(ctx context.Context, id int64) (briefing.SavedSearch, error) {
	ss := briefing.SavedSearch{ID: id}
	err := s.readTx(ctx, "reading the search", func(tx *sql.Tx) error {
		var rawQuery, rawCursors string
		var created int64
		err := tx.QueryRowContext(ctx, `SELECT kind, user_id, query, title, cursors, created FROM history_searches WHERE id = ?`, id).
			Scan(&ss.Kind, &ss.UserID, &rawQuery, &ss.Title, &rawCursors, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return briefing.Errorf(briefing.ENOTFOUND, "These results have expired; run /history again.")
		}
		if err != nil {
			return err
		}
		var q searchQuery
		if err := json.Unmarshal([]byte(rawQuery), &q); err != nil {
			return err
		}
		ss.Query = briefing.HistoryQuery{Speaker: q.Speaker, Addressee: q.Addressee, Text: q.Text, Limit: q.Limit}
		if q.Since != 0 {
			ss.Query.Since = fromMillis(q.Since)
		}
		if q.Until != 0 {
			ss.Query.Until = fromMillis(q.Until)
		}
		ss.Created = fromMillis(created)
		return json.Unmarshal([]byte(rawCursors), &ss.Cursors)
	})
	return ss, err
}

// SetSearchCursor records cursor as the one of page n of the saved search,
// when page n is the next one not yet known (pages are learnt in order).
func (s *Store) SetSearchCursor(ctx context.Context, id int64, n int, cursor string) error {
	return s.inTx(ctx, "saving the search's page", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE history_searches SET cursors = json_insert(cursors, '$[#]', ?)
			WHERE id = ? AND json_array_length(cursors) = ?`, cursor, id, n)
		return err
	})
}
