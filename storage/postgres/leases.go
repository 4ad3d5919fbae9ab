package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
)

// ClaimFeeds leases to owner, until until, up to limit feeds that have a
// subscriber, are not paused, are due at now and hold no lease that runs
// past now, the longest waiting first. Claimers in other processes skip
// the rows being claimed (FOR UPDATE SKIP LOCKED) instead of waiting for
// them, and a lease left by a poller that died is taken once it runs out.
func (s *Store) ClaimFeeds(ctx context.Context, owner string, now, until time.Time, limit int) ([]briefing.Feed, error) {
	if owner == "" || limit <= 0 {
		return nil, briefing.Errorf(briefing.EINVALID, "claiming feeds needs a poller name and a positive limit")
	}
	rows, err := s.pool.Query(ctx, `WITH picked AS (
			SELECT f.id FROM feeds f
			WHERE NOT f.paused AND f.next_poll <= $2 AND (f.lease_until IS NULL OR f.lease_until <= $2)
				AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
			ORDER BY f.next_poll, f.id
			LIMIT $4
			FOR UPDATE OF f SKIP LOCKED
		)
		UPDATE feeds f SET lease_owner = $1, lease_until = $3 FROM picked WHERE f.id = picked.id
		RETURNING `+feedColumns, clean(owner), ts(now), ts(until), limit)
	if err != nil {
		return nil, dbError(ctx, err, "claiming the feeds to poll")
	}
	feeds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Feed, error) { return scanFeed(r) })
	if err != nil {
		return nil, dbError(ctx, err, "claiming the feeds to poll")
	}
	sortFeeds(feeds)
	return feeds, nil
}

// RenewFeedLeases moves owner's leases on the feeds ids to until. A lease
// that ran out and was taken by another poller stays with it.
func (s *Store) RenewFeedLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE feeds SET lease_until = $3 WHERE id = ANY($2) AND lease_owner = $1`, clean(owner), ids, ts(until))
	return dbError(ctx, err, "renewing the leases of the feeds being polled")
}

// SaveClaimedFeeds saves the title and polling state of the feeds that
// owner still holds, releases their leases, and returns how many it
// saved. A feed that another poller has taken meanwhile is left to it.
func (s *Store) SaveClaimedFeeds(ctx context.Context, owner string, feeds []briefing.Feed) (int, error) {
	if len(feeds) == 0 {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, updateFeedsSQL(` AND f.lease_owner = $12`), append(feedStateArgs(feeds), clean(owner))...)
	if err != nil {
		return 0, dbError(ctx, err, "saving the state of the feeds")
	}
	return int(tag.RowsAffected()), nil
}

// ReleaseFeeds gives up owner's leases on the feeds ids, leaving their
// state as it is: they are due again at once.
func (s *Store) ReleaseFeeds(ctx context.Context, owner string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE feeds SET lease_owner = '', lease_until = NULL WHERE id = ANY($2) AND lease_owner = $1`,
		clean(owner), ids)
	return dbError(ctx, err, "releasing the feeds being polled")
}

// FeedBacklog counts the feeds that are due at now and that no live lease
// holds: the polling work waiting for a poller.
func (s *Store) FeedBacklog(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM feeds f
		WHERE NOT f.paused AND f.next_poll <= $1 AND (f.lease_until IS NULL OR f.lease_until <= $1)
			AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)`, ts(now)).Scan(&n)
	return n, dbError(ctx, err, "counting the feeds waiting to be polled")
}

// FeedLeases returns the feeds owner holds a lease on, and the latest of
// those leases' expiries: what a poller holds, for operators and tests.
func (s *Store) FeedLeases(ctx context.Context, owner string) ([]int64, time.Time, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, lease_until FROM feeds WHERE lease_owner = $1 AND lease_owner <> '' ORDER BY id`, clean(owner))
	if err != nil {
		return nil, time.Time{}, dbError(ctx, err, "reading the feed leases")
	}
	var ids []int64
	var latest time.Time
	var id int64
	var until *time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &until}, func() error {
		ids = append(ids, id)
		if u := fromNullTS(until); u.After(latest) {
			latest = u
		}
		return nil
	})
	return ids, latest, dbError(ctx, err, "reading the feed leases")
}
