package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/briefing"
)

// RecordChannelArticle notes that the article was briefed in the channel,
// so that its warnings appear in the channel's next digest. Recording it
// again keeps the first time.
func (s *Store) RecordChannelArticle(ctx context.Context, channelID string, articleID int64, at time.Time) error {
	if channelID == "" || articleID == 0 {
		return briefing.Errorf(briefing.EINVALID, "recording a briefing for a channel needs the channel and a saved article")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO channel_articles (channel_id, article_id, added) VALUES ($1, $2, $3)
		ON CONFLICT (channel_id, article_id) DO NOTHING`, clean(channelID), articleID, ts(at))
	return dbError(ctx, err, "recording the channel's briefing")
}

// ChannelWarnings returns the warnings for a channel's digest: those of
// articles that the channel's feeds brought in, and of articles briefed in
// the channel, at or after since and before until, oldest first.
func (s *Store) ChannelWarnings(ctx context.Context, channelID string, since, until time.Time) ([]briefing.Warning, error) {
	return s.digestWarnings(ctx, "reading the channel's warnings", `
		SELECT fi.article_id FROM subscriptions s JOIN feed_items fi ON fi.feed_id = s.feed_id
		WHERE s.channel_id = $1 AND fi.article_id IS NOT NULL AND fi.briefed >= $2 AND fi.briefed < $3 AND fi.briefed >= s.created
			AND NOT EXISTS (SELECT 1 FROM subscription_skips k WHERE k.subscription_id = s.id AND k.item_key = fi.item_key)
		UNION
		SELECT article_id FROM channel_articles WHERE channel_id = $1 AND added >= $2 AND added < $3`,
		clean(channelID), ts(since), ts(until))
}

// WarningsForFeeds returns the warnings of the articles that the given
// feeds brought in at or after since and before until, oldest first.
func (s *Store) WarningsForFeeds(ctx context.Context, feedIDs []int64, since, until time.Time) ([]briefing.Warning, error) {
	return s.digestWarnings(ctx, "reading the feeds' warnings", `
		SELECT fi.article_id FROM feed_items fi
		WHERE fi.feed_id = ANY($1) AND fi.article_id IS NOT NULL AND fi.briefed >= $2 AND fi.briefed < $3`,
		feedIDs, ts(since), ts(until))
}

func (s *Store) digestWarnings(ctx context.Context, what, articles string, args ...any) ([]briefing.Warning, error) {
	rows, err := s.pool.Query(ctx, `WITH picked (article_id) AS (`+articles+`)
		SELECT `+warningColumns+` FROM warnings w JOIN articles a ON a.id = w.article_id
		WHERE w.article_id IN (SELECT article_id FROM picked)
		ORDER BY w.article_time, w.id`, args...)
	if err != nil {
		return nil, dbError(ctx, err, what)
	}
	ws, err := collectWarnings(rows)
	return ws, dbError(ctx, err, what)
}

const scheduleColumns = `channel_id, guild_id, time_of_day, time_zone, last_sent, updated`

func scanSchedule(r pgx.Row) (briefing.DigestSchedule, error) {
	var d briefing.DigestSchedule
	var lastSent *time.Time
	var updated time.Time
	if err := r.Scan(&d.ChannelID, &d.GuildID, &d.TimeOfDay, &d.TimeZone, &lastSent, &updated); err != nil {
		return d, err
	}
	d.LastSent = fromNullTS(lastSent)
	d.Updated = fromTS(updated)
	return d, nil
}

// SetDigestSchedule creates or changes a channel's digest schedule. The
// time of last sending is kept when the schedule changes.
func (s *Store) SetDigestSchedule(ctx context.Context, d briefing.DigestSchedule) error {
	if d.Updated.IsZero() {
		d.Updated = s.now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO digest_schedules (`+scheduleColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, time_of_day = excluded.time_of_day,
			time_zone = excluded.time_zone, updated = excluded.updated`,
		clean(d.ChannelID), clean(d.GuildID), clean(d.TimeOfDay), clean(d.TimeZone), nullTS(d.LastSent), ts(d.Updated))
	return dbError(ctx, err, "saving the digest schedule")
}

// DeleteDigestSchedule stops a channel's digest (ENOTFOUND when it has none).
func (s *Store) DeleteDigestSchedule(ctx context.Context, channelID string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM digest_schedules WHERE channel_id = $1`, clean(channelID))
	if err != nil {
		return dbError(ctx, err, "removing the digest schedule")
	}
	if tag.RowsAffected() == 0 {
		return briefing.Errorf(briefing.ENOTFOUND, "this channel has no daily digest — set one with /digest set")
	}
	return nil
}

// DigestSchedule returns a channel's schedule (ENOTFOUND when it has none).
func (s *Store) DigestSchedule(ctx context.Context, channelID string) (briefing.DigestSchedule, error) {
	d, err := scanSchedule(s.pool.QueryRow(ctx, `SELECT `+scheduleColumns+` FROM digest_schedules WHERE channel_id = $1`, clean(channelID)))
	if errors.Is(err, pgx.ErrNoRows) {
		return d, briefing.Errorf(briefing.ENOTFOUND, "this channel has no daily digest — set one with /digest set")
	}
	return d, dbError(ctx, err, "reading the digest schedule")
}

// DigestSchedules lists every channel's schedule.
func (s *Store) DigestSchedules(ctx context.Context) ([]briefing.DigestSchedule, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+scheduleColumns+` FROM digest_schedules ORDER BY channel_id COLLATE "C"`)
	if err != nil {
		return nil, dbError(ctx, err, "reading the digest schedules")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (briefing.DigestSchedule, error) { return scanSchedule(r) })
	return out, dbError(ctx, err, "reading the digest schedules")
}

// MarkDigestSent records when the channel's last digest was sent; an older
// time never moves it back.
func (s *Store) MarkDigestSent(ctx context.Context, channelID string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE digest_schedules SET last_sent = greatest(coalesce(last_sent, $1), $1) WHERE channel_id = $2`,
		ts(at), clean(channelID))
	return dbError(ctx, err, "recording the digest")
}
