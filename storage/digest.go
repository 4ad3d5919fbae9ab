package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"redline/briefing"
)

// RecordChannelArticle notes that the article was briefed in the channel
// (by /brief or a direct link there), so that its warnings appear in the
// channel's next digest. Recording it again keeps the first time.
func (s *Store) RecordChannelArticle(ctx context.Context, channelID string, articleID int64, at time.Time) error {
	if channelID == "" || articleID == 0 {
		return briefing.Errorf(briefing.EINVALID, "recording a briefing for a channel needs the channel and a saved article")
	}
	return s.inTx(ctx, "recording the channel's briefing", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_articles (channel_id, article_id, added) VALUES (?, ?, ?)
			ON CONFLICT (channel_id, article_id) DO NOTHING`, channelID, articleID, millis(at))
		return err
	})
}

// ChannelWarnings returns the warnings for a channel's digest: those of
// articles that the channel's feeds brought in, and of articles briefed in
// the channel, at or after since and before until (by when redline briefed
// them for the channel), oldest first, each with its Source.
func (s *Store) ChannelWarnings(ctx context.Context, channelID string, since, until time.Time) ([]briefing.Warning, error) {
	return s.digestWarnings(ctx, "reading the channel's warnings", `
		SELECT fi.article_id FROM subscriptions s JOIN feed_items fi ON fi.feed_id = s.feed_id
		WHERE s.channel_id = ?1 AND fi.article_id IS NOT NULL AND fi.briefed >= ?2 AND fi.briefed < ?3 AND fi.briefed >= s.created
			AND NOT EXISTS (SELECT 1 FROM subscription_skips k WHERE k.subscription_id = s.id AND k.item_key = fi.item_key)
		UNION
		SELECT article_id FROM channel_articles WHERE channel_id = ?1 AND added >= ?2 AND added < ?3`,
		channelID, millis(since), millis(until))
}

// WarningsForFeeds returns the warnings of the articles that the given
// feeds brought in at or after since and before until, oldest first.
func (s *Store) WarningsForFeeds(ctx context.Context, feedIDs []int64, since, until time.Time) ([]briefing.Warning, error) {
	ids, err := json.Marshal(feedIDs)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINTERNAL, err, "reading the feeds' warnings failed")
	}
	return s.digestWarnings(ctx, "reading the feeds' warnings", `
		SELECT fi.article_id FROM feed_items fi
		WHERE fi.feed_id IN (SELECT value FROM json_each(?1)) AND fi.article_id IS NOT NULL AND fi.briefed >= ?2 AND fi.briefed < ?3`,
		string(ids), millis(since), millis(until))
}

func (s *Store) digestWarnings(ctx context.Context, what, articles string, args ...any) ([]briefing.Warning, error) {
	var ws []briefing.Warning
	err := s.readTx(ctx, what, func(tx *sql.Tx) (err error) {
		ws, err = queryAll(ctx, tx, scanWarningOnly, `WITH picked (article_id) AS (`+articles+`)
			SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
			WHERE w.article_id IN (SELECT article_id FROM picked)
			ORDER BY w.article_time, w.id`, args...)
		return err
	})
	return ws, err
}

const scheduleColumns = `channel_id, guild_id, time_of_day, time_zone, last_sent, updated`

func scanSchedule(r rowScanner) (briefing.DigestSchedule, error) {
	var d briefing.DigestSchedule
	var lastSent sql.NullInt64
	var updated int64
	if err := r.Scan(&d.ChannelID, &d.GuildID, &d.TimeOfDay, &d.TimeZone, &lastSent, &updated); err != nil {
		return d, err
	}
	d.LastSent = fromNullMillis(lastSent)
	d.Updated = fromMillis(updated)
	return d, nil
}

// SetDigestSchedule creates or changes a channel's digest schedule. The
// time of last sending is kept when the schedule changes.
func (s *Store) SetDigestSchedule(ctx context.Context, d briefing.DigestSchedule) error {
	if d.Updated.IsZero() {
		d.Updated = s.now()
	}
	return s.inTx(ctx, "saving the digest schedule", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO digest_schedules (`+scheduleColumns+`) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, time_of_day = excluded.time_of_day,
				time_zone = excluded.time_zone, updated = excluded.updated`,
			d.ChannelID, d.GuildID, d.TimeOfDay, d.TimeZone, nullMillis(d.LastSent), millis(d.Updated))
		return err
	})
}

// DeleteDigestSchedule stops a channel's digest (ENOTFOUND when it has none).
func (s *Store) DeleteDigestSchedule(ctx context.Context, channelID string) error {
	return s.inTx(ctx, "removing the digest schedule", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM digest_schedules WHERE channel_id = ?`, channelID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return briefing.Errorf(briefing.ENOTFOUND, "this channel has no daily digest — set one with /digest set")
		}
		return nil
	})
}

// DigestSchedule returns a channel's schedule (ENOTFOUND when it has none).
func (s *Store) DigestSchedule(ctx context.Context, channelID string) (briefing.DigestSchedule, error) {
	var d briefing.DigestSchedule
	err := s.readTx(ctx, "reading the digest schedule", func(tx *sql.Tx) error {
		var err error
		d, err = scanSchedule(tx.QueryRowContext(ctx, `SELECT `+scheduleColumns+` FROM digest_schedules WHERE channel_id = ?`, channelID))
		if errors.Is(err, sql.ErrNoRows) {
			return briefing.Errorf(briefing.ENOTFOUND, "this channel has no daily digest — set one with /digest set")
		}
		return err
	})
	return d, err
}

// DigestSchedules lists every channel's schedule.
func (s *Store) DigestSchedules(ctx context.Context) ([]briefing.DigestSchedule, error) {
	var out []briefing.DigestSchedule
	err := s.readTx(ctx, "reading the digest schedules", func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanSchedule, `SELECT `+scheduleColumns+` FROM digest_schedules ORDER BY channel_id`)
		return err
	})
	return out, err
}

// MarkDigestSent records when the channel's last digest was sent: the next
// one covers what came after. A channel without a schedule (a digest asked
// for by hand) is left as is.
func (s *Store) MarkDigestSent(ctx context.Context, channelID string, at time.Time) error {
	return s.inTx(ctx, "recording the digest", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE digest_schedules SET last_sent = max(coalesce(last_sent, 0), ?) WHERE channel_id = ?`,
			millis(at), channelID)
		return err
	})
}
