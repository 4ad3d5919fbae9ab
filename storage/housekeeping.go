package storage

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"time"

	"redline/briefing"
)

// Housekeeping defaults.
const (
	// DefaultRetention is how long deliveries and feed items are kept:
	// far past the longest time they can matter (a digest is confirmed
	// or caught up within a day of its time; a feed item is re-offered
	// only while its feed still lists it, and feeds list days, not
	// months).
	DefaultRetention = 30 * 24 * time.Hour
	// KeepFeedItems is how many of each feed's newest items are kept
	// whatever their age, so that a feed listing old items (an archive
	// feed) does not see them as new.
	KeepFeedItems = 1000
	// PruneBatch is how many rows one housekeeping transaction deletes at
	// most, so that the bot's own writes never wait long for it.
	PruneBatch = 500
)

// Pruned says what Prune deleted.
type Pruned struct {
	Deliveries   int64 // delivery records
	FeedItems    int64 // feed items (the feeds' seen sets)
	PostFailures int64 // failed posts given up on before before
}

// Prune deletes what can no longer matter, in transactions of at most
// batch rows (PruneBatch when batch ≤ 0), until nothing is left or ctx
// ends:
//
//   - delivery records (the at-most-once record of every post) reserved
//     before before;
//   - failed posts given up on (past their deadline) before before, shown
//     no longer: a channel that stays closed would otherwise collect one
//     per post;
//   - feed items first seen before before that are done (briefed, or
//     given up), are not among their feed's keep newest (KeepFeedItems
//     when keep ≤ 0), and are owed to no channel's backfill or skipped by
//     none.
//
// Articles and warnings, the history itself, are never pruned.
func (s *Store) Prune(ctx context.Context, before time.Time, keep, batch int) (Pruned, error) {
	if batch <= 0 {
		batch = PruneBatch
	}
	if keep <= 0 {
		keep = KeepFeedItems
	}
	var p Pruned
	n, err := s.pruneBatches(ctx, "removing old delivery records", batch,
		`DELETE FROM deliveries WHERE key IN (SELECT key FROM deliveries WHERE reserved < ?1 LIMIT ?2)`, millis(before))
	p.Deliveries = n
	if err != nil {
		return p, err
	}
	n, err = s.pruneBatches(ctx, "removing old failed posts", batch,
		`DELETE FROM post_failures WHERE key IN (SELECT key FROM post_failures WHERE deadline < ?1 AND next_attempt > deadline LIMIT ?2)`, millis(before))
	p.PostFailures = n
	if err != nil {
		return p, err
	}

	var feeds []int64
	err = s.readTx(ctx, "listing feeds for housekeeping", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM feeds ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			feeds = append(feeds, id)
		}
		return rows.Err()
	})
	if err != nil {
		return p, err
	}
	for _, feedID := range feeds {
		// Only items older than the feed's keep-th newest go (ties with
		// it stay: an added feed's items share one first_seen).
		var cutoff sql.NullInt64
		err := s.readTx(ctx, "reading a feed's items for housekeeping", func(tx *sql.Tx) error {
			err := tx.QueryRowContext(ctx, `SELECT first_seen FROM feed_items WHERE feed_id = ? ORDER BY first_seen DESC LIMIT 1 OFFSET ?`,
				feedID, keep-1).Scan(&cutoff)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		})
		if err != nil {
			return p, err
		}
		if !cutoff.Valid {
			continue // keep items or fewer
		}
		n, err := s.pruneBatches(ctx, "removing old feed items", batch, `
			DELETE FROM feed_items WHERE (feed_id, item_key) IN (
				SELECT fi.feed_id, fi.item_key FROM feed_items fi
				WHERE fi.feed_id = ?3 AND fi.first_seen < ?1 AND fi.first_seen < ?4 AND fi.done = 1
					AND NOT EXISTS (SELECT 1 FROM subscription_backfill b JOIN subscriptions s ON s.id = b.subscription_id
						WHERE s.feed_id = fi.feed_id AND b.item_key = fi.item_key)
					AND NOT EXISTS (SELECT 1 FROM subscription_skips k JOIN subscriptions s ON s.id = k.subscription_id
						WHERE s.feed_id = fi.feed_id AND k.item_key = fi.item_key)
				LIMIT ?2)`, millis(before), feedID, cutoff.Int64)
		p.FeedItems += n
		if err != nil {
			return p, err
		}
	}
	return p, nil
}

// pruneBatches runs a DELETE whose ?2 is the batch size (the other
// arguments from ?1 and ?3 on) until it deletes fewer rows than that, each
// run in its own transaction.
func (s *Store) pruneBatches(ctx context.Context, what string, batch int, query string, first any, rest ...any) (int64, error) {
	args := append([]any{first, batch}, rest...)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, dbError(ctx, err, what)
		}
		var n int64
		err := s.inTx(ctx, what, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return err
			}
			n, err = res.RowsAffected()
			return err
		})
		total += n
		if err != nil || n < int64(batch) {
			return total, err
		}
	}
}

// Usage describes the history database: its size on disk and how many
// rows its main tables hold (Stats counts only the history).
type Usage struct {
	Path      string
	FileBytes int64 // the database file
	WALBytes  int64 // its write-ahead log, not yet copied into the file
	FreeBytes int64 // pages inside the file that hold nothing (reused before the file grows)
	Rows      []TableRows
}

// TableRows is the row count of one table.
type TableRows struct {
	Table string
	Rows  int64
}

// statsTables are the tables Usage counts, in the order shown.
var statsTables = []string{"articles", "warnings", "actors", "feeds", "subscriptions", "feed_items", "deliveries", "digest_schedules"}

// Usage returns the database's size and row counts.
func (s *Store) Usage(ctx context.Context) (Usage, error) {
	st := Usage{Path: s.path}
	if fi, err := os.Stat(s.path); err == nil {
		st.FileBytes = fi.Size()
	}
	if fi, err := os.Stat(s.path + "-wal"); err == nil {
		st.WALBytes = fi.Size()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return st, briefing.WrapError(briefing.EINTERNAL, err, "reading the size of %s-wal failed", s.path)
	}
	err := s.readTx(ctx, "counting the history database's rows", func(tx *sql.Tx) error {
		var free, size int64
		if err := tx.QueryRowContext(ctx, `PRAGMA freelist_count`).Scan(&free); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
			return err
		}
		st.FreeBytes = free * size
		for _, t := range statsTables {
			var n int64
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
				return err
			}
			st.Rows = append(st.Rows, TableRows{Table: t, Rows: n})
		}
		return nil
	})
	return st, err
}
