package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
)

// Failed posts, who set a channel up, and what came to a channel through
// which subscription: the SQLite store's posts.go, on PostgreSQL.

const postFailureColumns = `key, channel_id, kind, feed_id, article_id, attempts, first_failed, next_attempt, deadline, code, message, told`

func scanPostFailure(r pgx.Row) (briefing.PostFailure, error) {
	var f briefing.PostFailure
	var first, next, deadline time.Time
	if err := r.Scan(&f.Key, &f.ChannelID, &f.Kind, &f.FeedID, &f.ArticleID, &f.Attempts, &first, &next, &deadline,
		&f.Code, &f.Message, &f.Told); err != nil {
		return f, err
	}
	f.FirstFailed, f.NextAttempt, f.Deadline = fromTS(first), fromTS(next), fromTS(deadline)
	return f, nil
}

// RecordPostFailure saves (creates or replaces) the record of a failed post.
func (s *Store) RecordPostFailure(ctx context.Context, f briefing.PostFailure) error {
	if f.Key == "" || f.ChannelID == "" {
		return briefing.Errorf(briefing.EINVALID, "a failed post needs its key and channel")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO post_failures (`+postFailureColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts, next_attempt = excluded.next_attempt,
			deadline = excluded.deadline, code = excluded.code, message = excluded.message, told = excluded.told`,
		clean(f.Key), clean(f.ChannelID), f.Kind, f.FeedID, f.ArticleID, f.Attempts, ts(f.FirstFailed), ts(f.NextAttempt),
		ts(f.Deadline), clean(f.Code), clean(f.Message), f.Told)
	return dbError(ctx, err, "recording a failed post")
}

// PostFailure returns the record of the failed post with key; false when
// the post has no failure on record.
func (s *Store) PostFailure(ctx context.Context, key string) (briefing.PostFailure, bool, error) {
	f, err := scanPostFailure(s.pool.QueryRow(ctx, `SELECT `+postFailureColumns+` FROM post_failures WHERE key = $1`, clean(key)))
	if errors.Is(err, pgx.ErrNoRows) {
		return briefing.PostFailure{}, false, nil
	}
	if err != nil {
		return briefing.PostFailure{}, false, dbError(ctx, err, "reading a failed post")
	}
	return f, true, nil
}

// ClearPostFailures forgets the failures of one kind of post to a channel
// (for a briefing, those of one feed): a post of that kind went out.
func (s *Store) ClearPostFailures(ctx context.Context, channelID, kind string, feedID int64) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM post_failures WHERE channel_id = $1 AND kind = $2 AND feed_id = $3`, clean(channelID), kind, feedID)
	return dbError(ctx, err, "clearing failed posts")
}

// DuePostFailures lists the failed posts of kind that are due for another
// try at now and still within their deadline, the longest waiting first.
func (s *Store) DuePostFailures(ctx context.Context, kind string, now time.Time) ([]briefing.PostFailure, error) {
	return s.postFailures(ctx, "listing the posts to retry",
		`kind = $1 AND next_attempt <= $2 AND next_attempt <= deadline ORDER BY next_attempt, key COLLATE "C"`, kind, ts(now))
}

// ChannelPostFailures lists the failed posts to a channel, given up or
// not, the latest first.
func (s *Store) ChannelPostFailures(ctx context.Context, channelID string) ([]briefing.PostFailure, error) {
	return s.postFailures(ctx, "listing the channel's failed posts", `channel_id = $1 ORDER BY first_failed DESC, key COLLATE "C"`, clean(channelID))
}

func (s *Store) postFailures(ctx context.Context, what, where string, args ...any) ([]briefing.PostFailure, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+postFailureColumns+` FROM post_failures WHERE `+where, args...)
	if err != nil {
		return nil, dbError(ctx, err, what)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.PostFailure, error) { return scanPostFailure(r) })
	return out, dbError(ctx, err, what)
}

// MarkSubscriptionPosted records that the channel's subscription to the
// feed got a post at at.
func (s *Store) MarkSubscriptionPosted(ctx context.Context, channelID string, feedID int64, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE subscriptions SET last_posted = greatest(coalesce(last_posted, $1), $1)
		WHERE channel_id = $2 AND feed_id = $3`, ts(at), clean(channelID), feedID)
	return dbError(ctx, err, "recording a post")
}

// SetChannelOwner records who last set up the channel's feeds or digest.
func (s *Store) SetChannelOwner(ctx context.Context, channelID, userID string, at time.Time) error {
	if channelID == "" || userID == "" {
		return nil
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO channel_owners (channel_id, user_id, updated) VALUES ($1, $2, $3)
		ON CONFLICT (channel_id) DO UPDATE SET user_id = excluded.user_id, updated = excluded.updated`,
		clean(channelID), clean(userID), ts(at))
	return dbError(ctx, err, "recording who manages the channel")
}

// ChannelOwner returns who last set up the channel's feeds or digest ("" when nobody is known).
func (s *Store) ChannelOwner(ctx context.Context, channelID string) (string, error) {
	var user string
	err := s.pool.QueryRow(ctx, `SELECT user_id FROM channel_owners WHERE channel_id = $1`, clean(channelID)).Scan(&user)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return user, dbError(ctx, err, "reading who manages the channel")
}

// ChannelArticleFilters returns, for each article in the channel's digest
// of [since, until) (see ChannelWarnings), the filters of the ways it came
// to the channel: the filter of each subscription whose feed brought it,
// and a zero filter when it was briefed in the channel.
func (s *Store) ChannelArticleFilters(ctx context.Context, channelID string, since, until time.Time) (map[int64][]briefing.FeedFilter, error) {
	const what = "reading the channel's feed filters"
	rows, err := s.pool.Query(ctx, `
		SELECT fi.article_id, s.filter FROM subscriptions s JOIN feed_items fi ON fi.feed_id = s.feed_id
		WHERE s.channel_id = $1 AND fi.article_id IS NOT NULL AND fi.briefed >= $2 AND fi.briefed < $3 AND fi.briefed >= s.created
			AND NOT EXISTS (SELECT 1 FROM subscription_skips k WHERE k.subscription_id = s.id AND k.item_key = fi.item_key)
		UNION ALL
		SELECT article_id, '{}'::jsonb FROM channel_articles WHERE channel_id = $1 AND added >= $2 AND added < $3`,
		clean(channelID), ts(since), ts(until))
	if err != nil {
		return nil, dbError(ctx, err, what)
	}
	out := map[int64][]briefing.FeedFilter{}
	var id int64
	var raw []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		var f briefing.FeedFilter
		if err := json.Unmarshal(raw, &f); err != nil {
			return err
		}
		out[id] = append(out[id], f)
		return nil
	})
	if err != nil {
		return nil, dbError(ctx, err, what)
	}
	return out, nil
}
