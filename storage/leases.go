package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"redline/briefing"
)

// ClaimFeeds leases to owner, until until, up to limit feeds that have a
// subscriber, are not paused, are due at now and hold no lease that runs
// past now, the longest waiting first. The single writer connection makes
// each claim one transaction after another, so two pollers never get the
// same feed; a lease left by a poller that died is taken once it runs out.
func (s *Store) ClaimFeeds(ctx context.Context, owner string, now, until time.Time, limit int) ([]briefing.Feed, error) {
	if owner == "" || limit <= 0 {
		return nil, briefing.Errorf(briefing.EINVALID, "claiming feeds needs a poller name and a positive limit")
	}
	var feeds []briefing.Feed
	err := s.inTx(ctx, "claiming the feeds to poll", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.id FROM feeds f
			WHERE f.paused = 0 AND f.next_poll <= ?1 AND f.lease_until <= ?1
				AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
			ORDER BY f.next_poll, f.id LIMIT ?2`, millis(now), limit)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id IN (SELECT value FROM json_each(?))`,
			owner, millis(until), string(list)); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id IN (SELECT value FROM json_each(?))
			ORDER BY f.next_poll, f.id`, string(list))
		if err != nil {
			return err
		}
		feeds, err = collectFeeds(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return feeds, nil
}

// RenewFeedLeases moves owner's leases on the feeds ids to until. A lease
// that ran out and was taken by another poller stays with it.
func (s *Store) RenewFeedLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "renewing the leases of the feeds being polled failed")
	}
	return s.inTx(ctx, "renewing the leases of the feeds being polled", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET lease_until = ? WHERE lease_owner = ? AND id IN (SELECT value FROM json_each(?))`,
			millis(until), owner, string(list))
		return err
	})
}

// SaveClaimedFeeds saves the title and polling state of the feeds that
// owner still holds, releases their leases, and returns how many it saved.
// A feed that another poller has taken meanwhile is left to it.
func (s *Store) SaveClaimedFeeds(ctx context.Context, owner string, feeds []briefing.Feed) (int, error) {
	if len(feeds) == 0 {
		return 0, nil
	}
	saved := 0
	err := s.inTx(ctx, "saving the state of the feeds", func(tx *sql.Tx) error {
		saved = 0
		stmt, err := tx.PrepareContext(ctx, `UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_polled = ?, last_success = ?,
			next_poll = ?, error_count = ?, last_error = ?, failing_since = ?, paused = ?, lease_owner = '', lease_until = 0
			WHERE id = ? AND lease_owner = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, f := range feeds {
			paused := 0
			if f.Paused {
				paused = 1
			}
			res, err := stmt.ExecContext(ctx, f.Title, f.ETag, f.LastModified, nullMillis(f.LastPolled), nullMillis(f.LastSuccess),
				millis(f.NextPoll), f.ErrorCount, f.LastError, nullMillis(f.FailingSince), paused, f.ID, owner)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			saved += int(n)
		}
		return nil
	})
	return saved, err
}

// ReleaseFeeds gives up owner's leases on the feeds ids, leaving their
// state as it is: they are due again at once.
func (s *Store) ReleaseFeeds(ctx context.Context, owner string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return briefing.WrapError(briefing.EINTERNAL, err, "releasing the feeds being polled failed")
	}
	return s.inTx(ctx, "releasing the feeds being polled", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET lease_owner = '', lease_until = 0 WHERE lease_owner = ? AND id IN (SELECT value FROM json_each(?))`,
			owner, string(list))
		return err
	})
}

// FeedBacklog counts the feeds that are due at now and that no live lease
// holds: the polling work waiting for a poller.
func (s *Store) FeedBacklog(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.readTx(ctx, "counting the feeds waiting to be polled", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM feeds f
			WHERE f.paused = 0 AND f.next_poll <= ?1 AND f.lease_until <= ?1
				AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)`, millis(now)).Scan(&n)
	})
	return n, err
}

// ReservedAt returns when the delivery key was reserved (zero when it is
// not recorded), so that a reservation still being sent can be told from
// one a crash left behind.
func (s *Store) ReservedAt(ctx context.Context, key string) (time.Time, error) {
	var at time.Time
	err := s.readTx(ctx, "reading a delivery", func(tx *sql.Tx) error {
		var ms int64
		err := tx.QueryRowContext(ctx, `SELECT reserved FROM deliveries WHERE key = ?`, key).Scan(&ms)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		at = fromMillis(ms)
		return nil
	})
	return at, err
}

// Ping reports whether the database can be read, for readiness checks.
func (s *Store) Ping(ctx context.Context) error {
	return s.readTx(ctx, "reaching the history database", func(tx *sql.Tx) error {
		var one int
		return tx.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
	})
}

// FeedLeases returns the feeds owner holds a lease on, and the latest of
// those leases' expiries: what a poller holds, for operators and tests.
func (s *Store) FeedLeases(ctx context.Context, owner string) ([]int64, time.Time, error) {
	var ids []int64
	var latest int64
	err := s.readTx(ctx, "reading the feed leases", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, lease_until FROM feeds WHERE lease_owner = ? AND lease_owner != '' ORDER BY id`, owner)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, until int64
			if err := rows.Scan(&id, &until); err != nil {
				return err
			}
			ids = append(ids, id)
			latest = max(latest, until)
		}
		return rows.Err()
	})
	if err != nil || len(ids) == 0 {
		return ids, time.Time{}, err
	}
	return ids, fromMillis(latest), nil
}

// RenewReservation moves the delivery key's reservation from at to now if
// it is still reserved at at (see delivery.Reservations): of two senders
// taking over one left reservation, one gets it.
func (s *Store) RenewReservation(ctx context.Context, key string, at, now time.Time) (bool, error) {
	took := false
	err := s.inTx(ctx, "recording a delivery", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE deliveries SET reserved = ? WHERE key = ? AND status = 'reserved' AND reserved = ?`,
			millis(now), key, millis(at))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		took = n == 1
		return err
	})
	return took, err
}
