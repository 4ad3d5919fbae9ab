package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"redline/briefing"
)

const postFailureColumns = `key, channel_id, kind, feed_id, article_id, attempts, first_failed, next_attempt, deadline, code, message, told`

func scanPostFailure(r rowScanner) (briefing.PostFailure, error) {
	var f briefing.PostFailure
	var first, next, deadline int64
	var told int
	if err := r.Scan(&f.Key, &f.ChannelID, &f.Kind, &f.FeedID, &f.ArticleID, &f.Attempts, &first, &next, &deadline,
		&f.Code, &f.Message, &told); err != nil {
		return f, err
	}
	f.FirstFailed, f.NextAttempt, f.Deadline = fromMillis(first), fromMillis(next), fromMillis(deadline)
	f.Told = told != 0
	return f, nil
}

// RecordPostFailure saves (creates or replaces) the record of a failed post.
func (s *Store) RecordPostFailure(ctx context.Context, f briefing.PostFailure) error {
	if f.Key == "" || f.ChannelID == "" {
		return briefing.Errorf(briefing.EINVALID, "a failed post needs its key and channel")
	}
	told := 0
	if f.Told {
		told = 1
	}
	return s.inTx(ctx, "recording a failed post", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO post_failures (`+postFailureColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts, next_attempt = excluded.next_attempt,
				deadline = excluded.deadline, code = excluded.code, message = excluded.message, told = excluded.told`,
			f.Key, f.ChannelID, f.Kind, f.FeedID, f.ArticleID, f.Attempts, millis(f.FirstFailed), millis(f.NextAttempt),
			millis(f.Deadline), f.Code, f.Message, told)
		return err
	})
}

// PostFailure returns the record of the failed post with key; false when
// the post has no failure on record.
func (s *Store) PostFailure(ctx context.Context, key string) (briefing.PostFailure, bool, error) {
	var f briefing.PostFailure
	found := false
	err := s.readTx(ctx, "reading a failed post", func(tx *sql.Tx) error {
		var err error
		f, err = scanPostFailure(tx.QueryRowContext(ctx, `SELECT `+postFailureColumns+` FROM post_failures WHERE key = ?`, key))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	return f, found, err
}

// ClearPostFailures forgets the failures of one kind of post to a channel
// (for a briefing, those of one feed): a post of that kind went out.
func (s *Store) ClearPostFailures(ctx context.Context, channelID, kind string, feedID int64) error {
	return s.inTx(ctx, "clearing failed posts", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM post_failures WHERE channel_id = ? AND kind = ? AND feed_id = ?`, channelID, kind, feedID)
		return err
	})
}

// DuePostFailures lists the failed posts of kind that are due for another
// try at now and still within their deadline, the longest waiting first.
func (s *Store) DuePostFailures(ctx context.Context, kind string, now time.Time) ([]briefing.PostFailure, error) {
	return s.postFailures(ctx, "listing the posts to retry",
		`kind = ? AND next_attempt <= ? AND next_attempt <= deadline ORDER BY next_attempt, key`, kind, millis(now))
}

// ChannelPostFailures lists the failed posts to a channel, given up or
// not, the latest first.
func (s *Store) ChannelPostFailures(ctx context.Context, channelID string) ([]briefing.PostFailure, error) {
	return s.postFailures(ctx, "listing the channel's failed posts", `channel_id = ? ORDER BY first_failed DESC, key`, channelID)
}

func (s *Store) postFailures(ctx context.Context, what, where string, args ...any) ([]briefing.PostFailure, error) {
	var out []briefing.PostFailure
	err := s.readTx(ctx, what, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanPostFailure, `SELECT `+postFailureColumns+` FROM post_failures WHERE `+where, args...)
		return err
	})
	return out, err
}

// MarkSubscriptionPosted records that the channel's subscription to the
// feed got a post at at.
func (s *Store) MarkSubscriptionPosted(ctx context.Context, channelID string, feedID int64, at time.Time) error {
	return s.inTx(ctx, "recording a post", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE subscriptions SET last_posted = max(coalesce(last_posted, 0), ?)
			WHERE channel_id = ? AND feed_id = ?`, millis(at), channelID, feedID)
		return err
	})
}

// SetChannelOwner records who last set up the channel's feeds or digest:
// the person told by direct message when the channel cannot be posted to.
func (s *Store) SetChannelOwner(ctx context.Context, channelID, userID string, at time.Time) error {
	if channelID == "" || userID == "" {
		return nil
	}
	return s.inTx(ctx, "recording who manages the channel", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_owners (channel_id, user_id, updated) VALUES (?, ?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET user_id = excluded.user_id, updated = excluded.updated`,
			channelID, userID, millis(at))
		return err
	})
}

// ChannelOwner returns who last set up the channel's feeds or digest ("" when nobody is known).
func (s *Store) ChannelOwner(ctx context.Context, channelID string) (string, error) {
	var user string
	err := s.readTx(ctx, "reading who manages the channel", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM channel_owners WHERE channel_id = ?`, channelID).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return user, err
}

// ChannelArticleFilters returns, for each article in the channel's digest
// of [since, until) (see ChannelWarnings), the filters of the ways it came
// to the channel: the filter of each subscription whose feed brought it,
// and a zero filter (everything passes) when it was briefed in the channel.
func (s *Store) ChannelArticleFilters(ctx context.Context, channelID string, since, until time.Time) (map[int64][]briefing.FeedFilter, error) {
	out := map[int64][]briefing.FeedFilter{}
	err := s.readTx(ctx, "reading the channel's feed filters", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `
			SELECT fi.article_id, s.filter FROM subscriptions s JOIN feed_items fi ON fi.feed_id = s.feed_id
			WHERE s.channel_id = ?1 AND fi.article_id IS NOT NULL AND fi.briefed >= ?2 AND fi.briefed < ?3 AND fi.briefed >= s.created
				AND NOT EXISTS (SELECT 1 FROM subscription_skips k WHERE k.subscription_id = s.id AND k.item_key = fi.item_key)
			UNION ALL
			SELECT article_id, '{}' FROM channel_articles WHERE channel_id = ?1 AND added >= ?2 AND added < ?3`,
			channelID, millis(since), millis(until))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var raw string
			if err := rows.Scan(&id, &raw); err != nil {
				return err
			}
			var f briefing.FeedFilter
			if err := json.Unmarshal([]byte(raw), &f); err != nil {
				return err
			}
			out[id] = append(out[id], f)
		}
		return rows.Err()
	})
	return out, err
}
