package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
	"redline/storage/internal/storecore"
)

const feedColumns = `f.id, f.url, f.title, f.etag, f.last_modified, f.last_polled, f.last_success,
	f.next_poll, f.error_count, f.last_error, f.failing_since, f.paused`

type feedRow struct {
	lastPolled, lastSuccess, failingSince *time.Time
	nextPoll                              time.Time
}

func (r *feedRow) targets(f *briefing.Feed) []any {
	return []any{&f.ID, &f.URL, &f.Title, &f.ETag, &f.LastModified, &r.lastPolled, &r.lastSuccess,
		&r.nextPoll, &f.ErrorCount, &f.LastError, &r.failingSince, &f.Paused}
}

func (r *feedRow) fill(f *briefing.Feed) {
	f.LastPolled = fromNullTS(r.lastPolled)
	f.LastSuccess = fromNullTS(r.lastSuccess)
	f.NextPoll = fromTS(r.nextPoll)
	f.FailingSince = fromNullTS(r.failingSince)
}

func scanFeed(r pgx.Row) (briefing.Feed, error) {
	var f briefing.Feed
	var row feedRow
	if err := r.Scan(row.targets(&f)...); err != nil {
		return f, err
	}
	row.fill(&f)
	return f, nil
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
	created    time.Time
	filter     []byte
	lastPosted *time.Time
	feed       feedRow
}

func (r *subscriptionRow) targets(sub *briefing.Subscription) []any {
	return append([]any{&sub.ID, &sub.GuildID, &sub.ChannelID, &r.mode, &r.created, &r.filter, &sub.MentionRole, &sub.Thread,
		&r.lastPosted, &sub.PostError}, r.feed.targets(&sub.Feed)...)
}

func (r *subscriptionRow) fill(sub *briefing.Subscription) error {
	sub.Mode = briefing.DeliveryMode(r.mode)
	sub.Created = fromTS(r.created)
	sub.LastPosted = fromNullTS(r.lastPosted)
	r.feed.fill(&sub.Feed)
	sub.Filter = briefing.FeedFilter{}
	if err := json.Unmarshal(r.filter, &sub.Filter); err != nil {
		return fmt.Errorf("subscription %d: filter: %w", sub.ID, err)
	}
	return nil
}

func scanSubscription(r pgx.Row) (briefing.Subscription, error) {
	var sub briefing.Subscription
	var row subscriptionRow
	if err := r.Scan(row.targets(&sub)...); err != nil {
		return sub, err
	}
	return sub, row.fill(&sub)
}

// filterJSON is how a subscription's filter is stored, made storable.
func filterJSON(f briefing.FeedFilter) (string, error) {
	j, err := storecore.FilterJSON(f)
	return clean(j), err
}

// Subscribe stores sub, finding its feed by URL or creating it, and marks
// the given item keys of the feed as seen, in one transaction, with the
// SQLite store's semantics (see feeds.SubscriptionStore). It fails with
// ECONFLICT when the channel already follows the feed.
func (s *Store) Subscribe(ctx context.Context, sub briefing.Subscription, seen []string, backfill []briefing.BackfillItem, at time.Time) (briefing.Subscription, error) {
	if err := storecore.PrepareSubscription(&sub, at); err != nil {
		return sub, err
	}
	f := sub.Feed
	seen = cleanAll(seen)
	err := s.inTx(ctx, "adding the feed "+f.URL, func(tx pgx.Tx) error {
		// Two channels adding one new feed at once: the second waits for
		// the first's feed row instead of failing on the unique URL.
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO feeds (url, title, etag, last_modified, last_polled, last_success, next_poll, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (url) DO NOTHING RETURNING id`,
			clean(f.URL), clean(f.Title), clean(f.ETag), clean(f.LastModified), nullTS(f.LastPolled), nullTS(f.LastSuccess),
			ts(f.NextPoll), ts(at)).Scan(&id)
		switch {
		case err == nil:
		case errors.Is(err, pgx.ErrNoRows):
			if err := tx.QueryRow(ctx, `UPDATE feeds SET title = $1, last_polled = $2, last_success = $3,
				next_poll = least(next_poll, $4), error_count = 0, last_error = '', failing_since = NULL, paused = false
				WHERE url = $5 RETURNING id`,
				clean(f.Title), nullTS(f.LastPolled), nullTS(f.LastSuccess), ts(f.NextPoll), clean(f.URL)).Scan(&id); err != nil {
				return err
			}
		default:
			return err
		}
		var exists, followers int
		if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE channel_id = $1), count(*) FROM subscriptions WHERE feed_id = $2`,
			sub.ChannelID, id).Scan(&exists, &followers); err != nil {
			return err
		}
		if exists > 0 {
			return briefing.Errorf(briefing.ECONFLICT, "this channel already follows %s", f.URL)
		}
		filter, err := filterJSON(sub.Filter)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO subscriptions (guild_id, channel_id, feed_id, mode, created, filter, mention_role, thread)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (channel_id, feed_id) DO NOTHING RETURNING id`,
			clean(sub.GuildID), clean(sub.ChannelID), id, string(sub.Mode), ts(sub.Created), filter, clean(sub.MentionRole), sub.Thread).Scan(&sub.ID); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return briefing.Errorf(briefing.ECONFLICT, "this channel already follows %s", f.URL)
			}
			return err
		}
		if followers > 0 {
			// Other channels follow the feed: what they have not seen yet must
			// still reach them, so it is skipped for this subscription alone.
			_, err = tx.Exec(ctx, `INSERT INTO subscription_skips (subscription_id, item_key)
				SELECT $1, k FROM unnest($2::text[]) AS k
				WHERE NOT EXISTS (SELECT 1 FROM feed_items WHERE feed_id = $3 AND item_key = k AND done)
				ON CONFLICT DO NOTHING`, sub.ID, seen, id)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO feed_items (feed_id, item_key, done, first_seen)
				SELECT $1, k, true, $3 FROM unnest($2::text[]) AS k
				ON CONFLICT (feed_id, item_key) DO NOTHING`, id, seen, ts(at))
		}
		if err != nil {
			return err
		}
		if len(backfill) > 0 {
			keys, links := make([]string, len(backfill)), make([]string, len(backfill))
			for i, it := range backfill {
				keys[i], links[i] = clean(it.Key), clean(it.Link)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO subscription_backfill (subscription_id, item_key, link, position, queued)
				SELECT $1, v.key, v.link, v.n - 1, $4
				FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS v (key, link, n)
				WHERE EXISTS (SELECT 1 FROM feed_items WHERE feed_id = $5 AND item_key = v.key AND done)
				ON CONFLICT DO NOTHING`, sub.ID, keys, links, ts(at), id); err != nil {
				return err
			}
		}
		f, err = scanFeed(tx.QueryRow(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = $1`, id))
		return err
	})
	if err != nil {
		return sub, err
	}
	sub.Feed = f
	return sub, nil
}

// Unsubscribe removes the channel's subscription to the feed at feedURL.
func (s *Store) Unsubscribe(ctx context.Context, channelID, feedURL string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM subscriptions WHERE channel_id = $1
		AND feed_id = (SELECT id FROM feeds WHERE url = $2)`, clean(channelID), clean(feedURL))
	if err != nil {
		return dbError(ctx, err, "removing the feed "+feedURL)
	}
	if tag.RowsAffected() == 0 {
		return briefing.Errorf(briefing.ENOTFOUND, "this channel does not follow %s — /feed list shows the feeds it follows", feedURL)
	}
	return nil
}

// Subscriptions lists a channel's subscriptions, oldest first.
func (s *Store) Subscriptions(ctx context.Context, channelID string) ([]briefing.Subscription, error) {
	return s.subscriptions(ctx, "listing the channel's feeds", `s.channel_id = $1`, clean(channelID))
}

// FeedSubscriptions lists the subscriptions to one feed, oldest first.
func (s *Store) FeedSubscriptions(ctx context.Context, feedID int64) ([]briefing.Subscription, error) {
	return s.subscriptions(ctx, "listing a feed's channels", `s.feed_id = $1`, feedID)
}

func (s *Store) subscriptions(ctx context.Context, what, where string, args ...any) ([]briefing.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions s JOIN feeds f ON f.id = s.feed_id
		WHERE `+where+` ORDER BY s.channel_id COLLATE "C", s.created, s.id`, args...)
	if err != nil {
		return nil, dbError(ctx, err, what)
	}
	subs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Subscription, error) { return scanSubscription(r) })
	return subs, dbError(ctx, err, what)
}

// DueFeeds lists the feeds with at least one subscriber that are not paused
// and are due at now, the longest waiting first.
func (s *Store) DueFeeds(ctx context.Context, now time.Time) ([]briefing.Feed, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+feedColumns+` FROM feeds f
		WHERE NOT f.paused AND f.next_poll <= $1 AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id)
		ORDER BY f.next_poll, f.id`, ts(now))
	if err != nil {
		return nil, dbError(ctx, err, "listing the feeds to poll")
	}
	feeds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.Feed, error) { return scanFeed(r) })
	return feeds, dbError(ctx, err, "listing the feeds to poll")
}

// UpdateFeed saves a feed's title and polling state.
func (s *Store) UpdateFeed(ctx context.Context, f briefing.Feed) error {
	return s.UpdateFeeds(ctx, []briefing.Feed{f})
}

// UpdateFeeds saves the title and polling state of several feeds in one
// statement.
func (s *Store) UpdateFeeds(ctx context.Context, feeds []briefing.Feed) error {
	if len(feeds) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, updateFeedsSQL(""), feedStateArgs(feeds)...)
	return dbError(ctx, err, "saving the state of the feeds")
}

// updateFeedsSQL writes the state columns of the feeds in feedStateArgs'
// arrays; extra narrows the rows written (it may use $12, the owner).
func updateFeedsSQL(extra string) string {
	return `UPDATE feeds f SET title = v.title, etag = v.etag, last_modified = v.last_modified,
			last_polled = v.last_polled, last_success = v.last_success, next_poll = v.next_poll,
			error_count = v.error_count, last_error = v.last_error, failing_since = v.failing_since, paused = v.paused` + leaseReset(extra) + `
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
			$7::timestamptz[], $8::int[], $9::text[], $10::timestamptz[], $11::bool[])
			AS v (id, title, etag, last_modified, last_polled, last_success, next_poll, error_count, last_error, failing_since, paused)
		WHERE f.id = v.id` + extra
}

func leaseReset(extra string) string {
	if extra == "" {
		return ""
	}
	return `, lease_owner = '', lease_until = NULL`
}

func feedStateArgs(feeds []briefing.Feed) []any {
	n := len(feeds)
	ids := make([]int64, n)
	titles, etags, lastMods, errs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	polled, success, next, failing := make([]*time.Time, n), make([]*time.Time, n), make([]time.Time, n), make([]*time.Time, n)
	counts := make([]int32, n)
	paused := make([]bool, n)
	for i, f := range feeds {
		ids[i] = f.ID
		titles[i], etags[i], lastMods[i], errs[i] = clean(f.Title), clean(f.ETag), clean(f.LastModified), clean(f.LastError)
		polled[i], success[i], next[i], failing[i] = nullTS(f.LastPolled), nullTS(f.LastSuccess), ts(f.NextPoll), nullTS(f.FailingSince)
		counts[i] = int32(f.ErrorCount)
		paused[i] = f.Paused
	}
	return []any{ids, titles, etags, lastMods, polled, success, next, counts, errs, failing, paused}
}

// PendingItems returns, for each of keys that is not done, the number of
// failed attempts so far (0 for a key never seen).
func (s *Store) PendingItems(ctx context.Context, feedID int64, keys []string) (map[string]int, error) {
	pending := make(map[string]int, len(keys))
	cleaned := make([]string, len(keys))
	byClean := make(map[string]string, len(keys))
	for i, k := range keys {
		pending[k] = 0
		cleaned[i] = clean(k)
		byClean[cleaned[i]] = k
	}
	rows, err := s.pool.Query(ctx, `SELECT item_key, done, attempts FROM feed_items WHERE feed_id = $1 AND item_key = ANY($2)`,
		feedID, cleaned)
	if err != nil {
		return nil, dbError(ctx, err, "reading a feed's seen items")
	}
	var key string
	var done bool
	var attempts int
	_, err = pgx.ForEachRow(rows, []any{&key, &done, &attempts}, func() error {
		orig := byClean[key]
		if done {
			delete(pending, orig)
		} else {
			pending[orig] = attempts
		}
		return nil
	})
	if err != nil {
		return nil, dbError(ctx, err, "reading a feed's seen items")
	}
	return pending, nil
}

// RecordItem saves the outcome of processing one feed item.
func (s *Store) RecordItem(ctx context.Context, feedID int64, key, link string, articleID int64, failure string, done bool, at time.Time) error {
	attempt := 0
	if failure != "" {
		attempt = 1
	}
	var article *int64
	var briefed *time.Time
	if articleID != 0 {
		article = &articleID
		briefed = nullTS(at)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feed_items AS fi (feed_id, item_key, link, article_id, briefed, done, attempts, last_error, first_seen)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (feed_id, item_key) DO UPDATE SET link = excluded.link,
			article_id = coalesce(excluded.article_id, fi.article_id), briefed = coalesce(excluded.briefed, fi.briefed),
			done = excluded.done, attempts = fi.attempts + excluded.attempts, last_error = excluded.last_error`,
		feedID, clean(key), clean(link), article, briefed, done, attempt, clean(failure), ts(at))
	return dbError(ctx, err, "recording a feed item")
}

// FeedItemArticle returns the article a feed item was briefed into (0 when none).
func (s *Store) FeedItemArticle(ctx context.Context, feedID int64, key string) (int64, error) {
	var id *int64
	err := s.pool.QueryRow(ctx, `SELECT article_id FROM feed_items WHERE feed_id = $1 AND item_key = $2`, feedID, clean(key)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && id == nil) {
		return 0, nil
	}
	if err != nil {
		return 0, dbError(ctx, err, "reading a feed item")
	}
	return *id, nil
}

// SkippingSubscriptions returns the IDs of the feed's subscriptions that
// are not to receive the item with key.
func (s *Store) SkippingSubscriptions(ctx context.Context, feedID int64, key string) (map[int64]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT k.subscription_id FROM subscription_skips k
		JOIN subscriptions s ON s.id = k.subscription_id WHERE s.feed_id = $1 AND k.item_key = $2`, feedID, clean(key))
	if err != nil {
		return nil, dbError(ctx, err, "reading a feed item's channels")
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, dbError(ctx, err, "reading a feed item's channels")
	}
	skip := make(map[int64]bool, len(ids))
	for _, id := range ids {
		skip[id] = true
	}
	return skip, nil
}

// PendingBackfill lists up to limit items queued for single subscriptions,
// the earliest queued first and, within a subscription, the oldest item first.
func (s *Store) PendingBackfill(ctx context.Context, limit int) ([]briefing.BackfillItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT b.item_key, b.link, b.attempts, `+subscriptionColumns+`
		FROM subscription_backfill b JOIN subscriptions s ON s.id = b.subscription_id JOIN feeds f ON f.id = s.feed_id
		ORDER BY b.queued, b.subscription_id, b.position DESC LIMIT $1`, limit)
	if err != nil {
		return nil, dbError(ctx, err, "reading the backfill of new subscriptions")
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.BackfillItem, error) {
		var it briefing.BackfillItem
		var row subscriptionRow
		if err := r.Scan(append([]any{&it.Key, &it.Link, &it.Attempts}, row.targets(&it.Subscription)...)...); err != nil {
			return it, err
		}
		return it, row.fill(&it.Subscription)
	})
	return items, dbError(ctx, err, "reading the backfill of new subscriptions")
}

// FinishBackfill records the outcome of delivering a queued backfill item:
// done removes it; otherwise the failed attempt is counted.
func (s *Store) FinishBackfill(ctx context.Context, subscriptionID int64, key string, done bool) error {
	query := `UPDATE subscription_backfill SET attempts = attempts + 1 WHERE subscription_id = $1 AND item_key = $2`
	if done {
		query = `DELETE FROM subscription_backfill WHERE subscription_id = $1 AND item_key = $2`
	}
	_, err := s.pool.Exec(ctx, query, subscriptionID, clean(key))
	return dbError(ctx, err, "recording the backfill of a subscription")
}

// sortFeeds puts feeds in polling order: the longest waiting first.
func sortFeeds(feeds []briefing.Feed) {
	slices.SortFunc(feeds, func(a, b briefing.Feed) int {
		if c := a.NextPoll.Compare(b.NextPoll); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
