package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

const feedColumns = `f.id, f.url, f.title, f.etag, f.last_modified, f.last_polled, f.last_success,
	f.next_poll, f.error_count, f.last_error, f.failing_since, f.paused`

// feedRow holds the columns of feedColumns that need converting.
type feedRow struct {
	lastPolled, lastSuccess, failingSince sql.NullInt64
	nextPoll                              int64
	paused                                int
}

func (r *feedRow) targets(f *briefing.Feed) []any {
	return []any{&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &r.lastPolled, &r.lastSuccess,
		&r.nextPoll, &f.ErrorCount, &f.LastError, &r.failingSince, &r.paused}
}

func (r *feedRow) fill(f *briefing.Feed) {
	f.LastPolled = fromNullMillis(r.lastPolled)
	f.LastSuccess = fromNullMillis(r.lastSuccess)
	f.NextPoll = fromMillis(r.nextPoll)
	f.FailingSince = fromNullMillis(r.failingSince)
	f.Paused = r.paused != 0
}

func scanFeed(r rowScanner, f *briefing.Feed) error {
	var row feedRow
	if err := r.Scan(row.targets(f)...); err != nil {
		return err
	}
	row.fill(f)
	return nil
}

// subscriptionColumns selects a subscription with its feed; the query
// must join subscriptions AS s with feeds AS f. A subscription's post error
// is that of its feed's latest failed instant post to the channel.
const subscriptionColumns = `s.id, s.guild_id, s.channel_id, s.mode, s.created, s.filter, s.mention_role, s.thread, s.last_posted,
	coalesce((SELECT pf.message FROM post_failures pf WHERE pf.channel_id = s.channel_id AND pf.kind = 'briefing'
		AND pf.feed_id = s.feed_id ORDER BY pf.first_failed DESC LIMIT 1), ''), ` + feedColumns

// subscriptionRow holds the columns of subscriptionColumns that need converting.
type subscriptionRow struct {
	mode       string
	created    int64
	filter     string
	thread     int
	lastPosted sql.NullInt64
	feed       feedRow
}

func (r *subscriptionRow) targets(sub *briefing.Subscription) []any {
	return append([]any{&sub.ID, &sub.GuildID, &sub.ChannelID, &r.mode, &r.created, &r.filter, &sub.MentionRole, &r.thread,
		&r.lastPosted, &sub.PostError}, r.feed.targets(&sub.Feed)...)
}

func (r *subscriptionRow) fill(sub *briefing.Subscription) error {
	sub.Mode = briefing.DeliveryMode(r.mode)
	sub.Created = fromMillis(r.created)
	sub.Thread = r.thread != 0
	sub.LastPosted = fromNullMillis(r.lastPosted)
	r.feed.fill(&sub.Feed)
	sub.Filter = briefing.FeedFilter{}
	if err := json.Unmarshal([]byte(r.filter), &sub.Filter); err != nil {
		return fmt.Errorf("subscription %d: filter: %w", sub.ID, err)
	}
	return nil
}

func scanSubscription(r rowScanner) (briefing.Subscription, error) {
	var sub briefing.Subscription
	var row subscriptionRow
	if err := r.Scan(row.targets(&sub)...); err != nil {
		return sub, err
	}
	return sub, row.fill(&sub)
}

// Subscribe stores sub, finding its feed by URL or creating it, and marks
// the given item keys of the feed as seen, in one transaction. An existing
// feed keeps its seen set and validators; its errors are cleared and it is
// unpaused, since it was just fetched successfully. It fails with
// ECONFLICT when the channel already follows the feed.
//
// backfill (newest first) are the items the new channel is to receive.
// Those the feed's seen set already holds as done — another channel
// follows the feed — are queued for this subscription alone (see
// PendingBackfill); the others are left to the feed's next poll, which
// brings them to every subscriber.
func (s *Store) Subscribe(ctx context.Context, sub briefing.Subscription, seen []string, backfill []briefing.BackfillItem, at time.Time) (briefing.Subscription, error) {
	if err := storecore.PrepareSubscription(&sub, at); err != nil {
		return sub, err
	}
	f := sub.Feed
	err := s.inTx(ctx, "adding the feed "+f.URL, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, f.URL).Scan(&f.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := tx.ExecContext(ctx, `INSERT INTO feeds (url, title, etag, last_modified, last_polled, last_success, next_poll, created)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				f.URL, f.Title, f.ETag, f.LastModified, nullMillis(f.LastPolled), nullMillis(f.LastSuccess), millis(f.NextPoll), millis(at))
			if err != nil {
				return err
			}
			if f.ID, err = res.LastInsertId(); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE feeds SET title = ?, last_polled = ?, last_success = ?,
				next_poll = min(next_poll, ?), error_count = 0, last_error = '', failing_since = NULL, paused = 0 WHERE id = ?`,
				f.Title, nullMillis(f.LastPolled), nullMillis(f.LastSuccess), millis(f.NextPoll), f.ID); err != nil {
				return err
			}
		}
		var exists, followers int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE channel_id = ?), count(*) FROM subscriptions WHERE feed_id = ?`,
			sub.ChannelID, f.ID).Scan(&exists, &followers); err != nil {
			return err
		}
		if exists > 0 {
			return briefing.Errorf(briefing.ECONFLICT, "this channel already follows %s", f.URL)
		}
		filter, err := storecore.FilterJSON(sub.Filter)
		if err != nil {
			return err
		}
		thread := 0
		if sub.Thread {
			thread = 1
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (guild_id, channel_id, feed_id, mode, created, filter, mention_role, thread)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			sub.GuildID, sub.ChannelID, f.ID, string(sub.Mode), millis(sub.Created), filter, sub.MentionRole, thread)
		if err != nil {
			return err
		}
		if sub.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if followers > 0 {
			// Other channels follow the feed: what they have not seen yet must
			// still reach them, so it is skipped for this subscription alone.
			err = skipUnseen(ctx, tx, sub.ID, f.ID, seen)
		} else {
			err = markSeen(ctx, tx, f.ID, seen, at)
		}
		if err != nil {
			return err
		}
		if err := queueBackfill(ctx, tx, sub.ID, f.ID, backfill, at); err != nil {
			return err
		}
		return scanFeed(tx.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = ?`, f.ID), &f)
	})
	if err != nil {
		return sub, err
	}
	sub.Feed = f
	return sub, nil
}

// Unsubscribe removes the channel's subscription to the feed at feedURL.
// The feed and its seen set stay, so that adding it again later floods nothing.
func (s *Store) Unsubscribe(ctx context.Context, channelID, feedURL string) error {
	return s.inTx(ctx, "removing the feed "+feedURL, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE channel_id = ?
			AND feed_id = (SELECT id FROM feeds WHERE url = ?)`, channelID, feedURL)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return briefing.Errorf(briefing.ENOTFOUND, "this channel does not follow %s — /feed list shows the feeds it follows", feedURL)
		}
		return nil
	})
}

// Subscriptions lists a channel's subscriptions, oldest first.
func (s *Store) Subscriptions(ctx context.Context, channelID string) ([]briefing.Subscription, error) {
	return s.subscriptions(ctx, "listing the channel's feeds", `s.channel_id = ?`, channelID)
}

// FeedSubscriptions lists the subscriptions to one feed, oldest first.
func (s *Store) FeedSubscriptions(ctx context.Context, feedID int64) ([]briefing.Subscription, error) {
	return s.subscriptions(ctx, "listing a feed's channels", `s.feed_id = ?`, feedID)
}

func (s *Store) subscriptions(ctx context.Context, what, where string, args ...any) ([]briefing.Subscription, error) {
	var subs []briefing.Subscription
	err := s.readTx(ctx, what, func(tx *sql.Tx) (err error) {
		subs, err = queryAll(ctx, tx, scanSubscription, `SELECT `+subscriptionColumns+` FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
			WHERE `+where+` ORDER BY s.channel_id, s.created, s.id`, args...)
		return err
	})
	return subs, err
}

// DueFeeds lists the feeds with at least one subscriber that are not paused
// and are due at now, the longest waiting first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]briefing.Feed, error) {
	var feeds []briefing.Feed
	err := s.readTx(ctx, "listing the feeds to poll", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds f
			WHERE f.paused = 0 AND f.next_poll <= ? AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
			ORDER BY f.next_poll, f.id`, millis(now))
		if err != nil {
			return err
		}
		feeds, err = collectFeeds(rows)
		return err
	})
	return feeds, err
}

// collectFeeds reads the feeds of rows selected with feedColumns, and closes rows.
func collectFeeds(rows *sql.Rows) ([]briefing.Feed, error) {
	defer rows.Close()
	var feeds []briefing.Feed
	for rows.Next() {
		var f briefing.Feed
		if err := scanFeed(rows, &f); err != nil {
			return nil, err
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

// UpdateFeed saves a feed's title and polling state.
func (s *Store) UpdateFeed(ctx context.Context, f briefing.Feed) error {
	return s.UpdateFeeds(ctx, []briefing.Feed{f})
}

// UpdateFeeds saves the title and polling state of several feeds in one
// transaction: a poll cycle over many quiet feeds is one write, not one each.
func (s *Store) UpdateFeeds(ctx context.Context, feeds []briefing.Feed) error {
	if len(feeds) == 0 {
		return nil
	}
	return s.inTx(ctx, "saving the state of the feeds", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_polled = ?, last_success = ?,
			next_poll = ?, error_count = ?, last_error = ?, failing_since = ?, paused = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, f := range feeds {
			paused := 0
			if f.Paused {
				paused = 1
			}
			if _, err := stmt.ExecContext(ctx, f.Title, f.ETag, f.LastModified, nullMillis(f.LastPolled), nullMillis(f.LastSuccess),
				millis(f.NextPoll), f.ErrorCount, f.LastError, nullMillis(f.FailingSince), paused, f.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// pendingChunk bounds the number of keys in one IN (...) list.
const pendingChunk = 400

// PendingItems returns, for each of keys that is not done, the number of
// failed attempts so far (0 for a key never seen).
func (s *Store) PendingItems(ctx context.Context, feedID int64, keys []string) (map[string]int, error) {
	pending := make(map[string]int, len(keys))
	for _, k := range keys {
		pending[k] = 0
	}
	err := s.readTx(ctx, "reading a feed's seen items", func(tx *sql.Tx) error {
		for start := 0; start < len(keys); start += pendingChunk {
			chunk := keys[start:min(start+pendingChunk, len(keys))]
			args := make([]any, 0, len(chunk)+1)
			args = append(args, feedID)
			for _, k := range chunk {
				args = append(args, k)
			}
			rows, err := tx.QueryContext(ctx, `SELECT item_key, done, attempts FROM feed_items WHERE feed_id = ? AND item_key IN (?`+
				strings.Repeat(`, ?`, len(chunk)-1)+`)`, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var key string
				var done, attempts int
				if err := rows.Scan(&key, &done, &attempts); err != nil {
					rows.Close()
					return err
				}
				if done != 0 {
					delete(pending, key)
				} else {
					pending[key] = attempts
				}
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pending, nil
}

// RecordItem saves the outcome of processing one feed item. A failure
// (non-empty) counts one attempt; articleID links the item to the article
// it was briefed into, which puts the article's warnings in the digests of
// the feed's channels.
func (s *Store) RecordItem(ctx context.Context, feedID int64, key, link string, articleID int64, failure string, done bool, at time.Time) error {
	doneInt, attempt := 0, 0
	if done {
		doneInt = 1
	}
	if failure != "" {
		attempt = 1
	}
	var article, briefed sql.NullInt64
	if articleID != 0 {
		article = sql.NullInt64{Int64: articleID, Valid: true}
		briefed = sql.NullInt64{Int64: millis(at), Valid: true}
	}
	return s.inTx(ctx, "recording a feed item", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_items (feed_id, item_key, link, article_id, briefed, done, attempts, last_error, first_seen)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (feed_id, item_key) DO UPDATE SET link = excluded.link,
				article_id = coalesce(excluded.article_id, article_id), briefed = coalesce(excluded.briefed, briefed),
				done = excluded.done, attempts = attempts + excluded.attempts, last_error = excluded.last_error`,
			feedID, key, link, article, briefed, doneInt, attempt, failure, millis(at))
		return err
	})
}

// FeedItemArticle returns the article a feed item was briefed into (0 when none).
func (s *Store) FeedItemArticle(ctx context.Context, feedID int64, key string) (int64, error) {
	var id sql.NullInt64
	err := s.readTx(ctx, "reading a feed item", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT article_id FROM feed_items WHERE feed_id = ? AND item_key = ?`, feedID, key).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return id.Int64, err
}

// markSeen marks the keys of the feed as seen and done.
func markSeen(ctx context.Context, tx *sql.Tx, feedID int64, keys []string, at time.Time) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO feed_items (feed_id, item_key, done, first_seen) VALUES (?, ?, 1, ?)
		ON CONFLICT (feed_id, item_key) DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, key := range keys {
		if _, err := stmt.ExecContext(ctx, feedID, key, millis(at)); err != nil {
			return err
		}
	}
	return nil
}

// skipUnseen leaves the subscription out of those of keys that the feed's
// seen set does not hold as done: the feed's poll brings them to the other
// subscribers only.
func skipUnseen(ctx context.Context, tx *sql.Tx, subscriptionID, feedID int64, keys []string) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO subscription_skips (subscription_id, item_key)
		SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ? AND done = 1)
		ON CONFLICT (subscription_id, item_key) DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, key := range keys {
		if _, err := stmt.ExecContext(ctx, subscriptionID, key, feedID, key); err != nil {
			return err
		}
	}
	return nil
}

// SkippingSubscriptions returns the IDs of the feed's subscriptions that
// are not to receive the item with key: it was already in the feed when
// they added it (see Subscribe).
func (s *Store) SkippingSubscriptions(ctx context.Context, feedID int64, key string) (map[int64]bool, error) {
	skip := make(map[int64]bool)
	err := s.readTx(ctx, "reading a feed item's channels", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT k.subscription_id FROM subscription_skips k
			JOIN subscriptions s ON s.id = k.subscription_id WHERE s.feed_id = ? AND k.item_key = ?`, feedID, key)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			skip[id] = true
		}
		return rows.Err()
	})
	return skip, err
}

// queueBackfill queues for the subscription the backfill items that the
// feed's seen set already marks done: nothing else would bring them.
func queueBackfill(ctx context.Context, tx *sql.Tx, subscriptionID, feedID int64, backfill []briefing.BackfillItem, at time.Time) error {
	if len(backfill) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO subscription_backfill (subscription_id, item_key, link, position, queued)
		SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ? AND done = 1)
		ON CONFLICT (subscription_id, item_key) DO NOTHING`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i, it := range backfill {
		if _, err := stmt.ExecContext(ctx, subscriptionID, it.Key, it.Link, i, millis(at), feedID, it.Key); err != nil {
			return err
		}
	}
	return nil
}

// PendingBackfill lists up to limit items queued for single subscriptions
// (see Subscribe), each with its subscription and feed, the earliest queued
// first and, within a subscription, the oldest item first.
func (s *Store) PendingBackfill(ctx context.Context, limit int) ([]briefing.BackfillItem, error) {
	var items []briefing.BackfillItem
	err := s.readTx(ctx, "reading the backfill of new subscriptions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT b.item_key, b.link, b.attempts, `+subscriptionColumns+`
			FROM subscription_backfill b JOIN subscriptions s ON s.id = b.subscription_id JOIN feeds f ON f.id = s.feed_id
			ORDER BY b.queued, b.subscription_id, b.position DESC LIMIT ?`, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it briefing.BackfillItem
			var row subscriptionRow
			if err := rows.Scan(append([]any{&it.Key, &it.Link, &it.Attempts}, row.targets(&it.Subscription)...)...); err != nil {
				return err
			}
			if err := row.fill(&it.Subscription); err != nil {
				return err
			}
			items = append(items, it)
		}
		return rows.Err()
	})
	return items, err
}

// FinishBackfill records the outcome of delivering a queued backfill item:
// done removes it; otherwise the failed attempt is counted and it stays
// queued for the next cycle.
func (s *Store) FinishBackfill(ctx context.Context, subscriptionID int64, key string, done bool) error {
	return s.inTx(ctx, "recording the backfill of a subscription", func(tx *sql.Tx) error {
		query := `UPDATE subscription_backfill SET attempts = attempts + 1 WHERE subscription_id = ? AND item_key = ?`
		if done {
			query = `DELETE FROM subscription_backfill WHERE subscription_id = ? AND item_key = ?`
		}
		_, err := tx.ExecContext(ctx, query, subscriptionID, key)
		return err
	})
}
