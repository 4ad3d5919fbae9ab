package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

// SaveSearch keeps a history search for its paging buttons and returns its
// id. Searches older than 30 days are forgotten on the way.
func (s *Store) SaveSearch(ctx context.Context, ss briefing.SavedSearch) (int64, error) {
	q := ss.Query
	q.Speaker, q.Addressee, q.Text = clean(q.Speaker), clean(q.Addressee), clean(q.Text)
	raw, err := storecore.EncodeSearch(q)
	if err != nil {
		return 0, briefing.WrapError(briefing.EINTERNAL, err, "saving the search failed")
	}
	created := ss.Created
	if created.IsZero() {
		created = s.now()
	}
	var id int64
	err = s.inTx(ctx, "saving the search", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM history_searches WHERE created < $1`, ts(created.Add(-storecore.SearchKeep))); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO history_searches (kind, user_id, query, title, created) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			storecore.SearchKind(ss.Kind), clean(ss.UserID), string(raw), clean(ss.Title), ts(created)).Scan(&id)
	})
	return id, err
}

// SavedSearch returns the saved search with id (ENOTFOUND when it is
// unknown or was forgotten).
func (s *Store) SavedSearch(ctx context.Context, id int64) (briefing.SavedSearch, error) {
	ss := briefing.SavedSearch{ID: id}
	var rawQuery, rawCursors []byte
	var created time.Time
	err := s.pool.QueryRow(ctx, `SELECT kind, user_id, query, title, cursors, created FROM history_searches WHERE id = $1`, id).
		Scan(&ss.Kind, &ss.UserID, &rawQuery, &ss.Title, &rawCursors, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return ss, briefing.Errorf(briefing.ENOTFOUND, "These results have expired; run /history again.")
	}
	if err != nil {
		return ss, dbError(ctx, err, "reading the search")
	}
	if ss.Query, err = storecore.DecodeSearch(rawQuery); err != nil {
		return ss, briefing.WrapError(briefing.EINTERNAL, err, "reading the search failed")
	}
	ss.Created = fromTS(created)
	if err := json.Unmarshal(rawCursors, &ss.Cursors); err != nil {
		return ss, briefing.WrapError(briefing.EINTERNAL, err, "reading the search failed")
	}
	return ss, nil
}

// SetSearchCursor records cursor as the one of page n of the saved search,
// when page n is the next one not yet known (pages are learnt in order).
func (s *Store) SetSearchCursor(ctx context.Context, id int64, n int, cursor string) error {
	_, err := s.pool.Exec(ctx, `UPDATE history_searches SET cursors = cursors || jsonb_build_array($3::text)
		WHERE id = $1 AND jsonb_array_length(cursors) = $2`, id, n, clean(cursor))
	return dbError(ctx, err, "saving the search's page")
}
