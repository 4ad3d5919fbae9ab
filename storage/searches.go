package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// SaveSearch keeps a history search for its paging buttons and returns its
// id. Searches older than 30 days are forgotten on the way.
func (s *Store) SaveSearch(ctx context.Context, ss briefing.SavedSearch) (int64, error) {
	raw, err := storecore.EncodeSearch(ss.Query)
	if err != nil {
		return 0, briefing.WrapError(briefing.EINTERNAL, err, "saving the search failed")
	}
	created := ss.Created
	if created.IsZero() {
		created = s.now()
	}
	var id int64
	err = s.inTx(ctx, "saving the search", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM history_searches WHERE created < ?`, millis(created.Add(-storecore.SearchKeep))); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO history_searches (kind, user_id, query, title, created) VALUES (?, ?, ?, ?, ?)`,
			storecore.SearchKind(ss.Kind), ss.UserID, string(raw), ss.Title, millis(created))
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
		if ss.Query, err = storecore.DecodeSearch([]byte(rawQuery)); err != nil {
			return err
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
