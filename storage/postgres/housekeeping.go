package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/storage"
)

// Prune deletes what can no longer matter, with the SQLite store's
// semantics (see storage.Store.Prune): delivery records reserved before
// before, failed posts given up on before before, and feed items first seen before before that are done, are not
// among their feed's keep newest and are owed to no backfill or skip; in
// transactions of at most batch rows. Several processes may prune at once:
// each batch skips the rows another is deleting.
func (s *Store) Prune(ctx context.Context, before time.Time, keep, batch int) (storage.Pruned, error) {
	if batch <= 0 {
		batch = storage.PruneBatch
	}
	if keep <= 0 {
		keep = storage.KeepFeedItems
	}
	var p storage.Pruned
	n, err := s.pruneBatches(ctx, "removing old delivery records", batch,
		`DELETE FROM deliveries WHERE key IN (SELECT key FROM deliveries WHERE reserved < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`, ts(before))
	p.Deliveries = n
	if err != nil {
		return p, err
	}
	n, err = s.pruneBatches(ctx, "removing old failed posts", batch,
		`DELETE FROM post_failures WHERE key IN (SELECT key FROM post_failures WHERE deadline < $1 AND next_attempt > deadline LIMIT $2 FOR UPDATE SKIP LOCKED)`, ts(before))
	p.PostFailures = n
	if err != nil {
		return p, err
	}
	rows, err := s.pool.Query(ctx, `SELECT id FROM feeds ORDER BY id`)
	if err != nil {
		return p, dbError(ctx, err, "listing feeds for housekeeping")
	}
	feeds, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return p, dbError(ctx, err, "listing feeds for housekeeping")
	}
	for _, feedID := range feeds {
		var cutoff time.Time
		err := s.pool.QueryRow(ctx, `SELECT first_seen FROM feed_items WHERE feed_id = $1 ORDER BY first_seen DESC LIMIT 1 OFFSET $2`,
			feedID, keep-1).Scan(&cutoff)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // keep items or fewer
		}
		if err != nil {
			return p, dbError(ctx, err, "reading a feed's items for housekeeping")
		}
		n, err := s.pruneBatches(ctx, "removing old feed items", batch, `
			DELETE FROM feed_items WHERE (feed_id, item_key) IN (
				SELECT fi.feed_id, fi.item_key FROM feed_items fi
				WHERE fi.feed_id = $3 AND fi.first_seen < $1 AND fi.first_seen < $4 AND fi.done
					AND NOT EXISTS (SELECT 1 FROM subscription_backfill b JOIN subscriptions s ON s.id = b.subscription_id
						WHERE s.feed_id = fi.feed_id AND b.item_key = fi.item_key)
					AND NOT EXISTS (SELECT 1 FROM subscription_skips k JOIN subscriptions s ON s.id = k.subscription_id
						WHERE s.feed_id = fi.feed_id AND k.item_key = fi.item_key)
				LIMIT $2 FOR UPDATE OF fi SKIP LOCKED)`, ts(before), feedID, cutoff)
		p.FeedItems += n
		if err != nil {
			return p, err
		}
	}
	return p, nil
}

// pruneBatches runs a DELETE whose $2 is the batch size ($1 and $3 on the
// other arguments) until it deletes fewer rows than that.
func (s *Store) pruneBatches(ctx context.Context, what string, batch int, query string, first any, rest ...any) (int64, error) {
	args := append([]any{first, batch}, rest...)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, dbError(ctx, err, what)
		}
		tag, err := s.pool.Exec(ctx, query, args...)
		if err != nil {
			return total, dbError(ctx, err, what)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(batch) {
			return total, nil
		}
	}
}

// usageTables are the tables Usage counts, as the SQLite store's.
var usageTables = []string{"articles", "warnings", "actors", "feeds", "subscriptions", "feed_items", "deliveries", "digest_schedules"}

// Usage returns the size of redline's tables (with their indexes and
// TOAST) and their row counts. Path names the database, without
// credentials; there is no write-ahead log or free space of a file to
// report.
func (s *Store) Usage(ctx context.Context) (storage.Usage, error) {
	u := storage.Usage{Path: s.name}
	err := s.readTx(ctx, "counting the history database's rows", func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
			WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`).Scan(&u.FileBytes); err != nil {
			return err
		}
		for _, t := range usageTables {
			var n int64
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
				return err
			}
			u.Rows = append(u.Rows, storage.TableRows{Table: t, Rows: n})
		}
		return nil
	})
	return u, err
}
