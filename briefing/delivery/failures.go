package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"redline/briefing"
)

// FailureStore keeps the posts that failed; storage.Store is one.
type FailureStore interface {
	RecordPostFailure(ctx context.Context, f briefing.PostFailure) error
	// PostFailure returns the failure recorded for key; false when none is.
	PostFailure(ctx context.Context, key string) (briefing.PostFailure, bool, error)
	// ClearPostFailures forgets the failures of a kind of post to a channel
	// (for a briefing, those of one feed).
	ClearPostFailures(ctx context.Context, channelID, kind string, feedID int64) error
	// DuePostFailures lists the failures of kind due for another try at now.
	DuePostFailures(ctx context.Context, kind string, now time.Time) ([]briefing.PostFailure, error)
	// ChannelPostFailures lists the failures of posts to a channel, the latest first.
	ChannelPostFailures(ctx context.Context, channelID string) ([]briefing.PostFailure, error)
	// ChannelOwner returns who last set up the channel's feeds or digest ("" when unknown).
	ChannelOwner(ctx context.Context, channelID string) (string, error)
}

// DirectPoster can write to a person directly; the bot's Poster is one. It
// reaches the person who set a channel up when the channel itself cannot
// be posted to.
type DirectPoster interface {
	PostDirect(ctx context.Context, userID, text string) error
}

// Backoff is how long to wait after the n-th failed attempt of a post: a
// minute after the first, doubling, at most half an hour.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 30*time.Minute; i++ {
		d *= 2
	}
	return min(d, 30*time.Minute)
}

// Failures records posts that failed, so that they are retried while they
// still matter and shown to the channel's managers, and tells about them
// once: in the channel, or by direct message to the person who set the
// channel up when the channel cannot be posted to.
type Failures struct {
	Store  FailureStore
	Poster briefing.Poster
	Logger *slog.Logger // nil: slog.Default()
}

// Failed records that the post f.Key (to f.ChannelID, of f.Kind, for
// f.FeedID and f.ArticleID) failed with err at now. A first failure takes
// f.Deadline as the last time to try; later ones keep the first record's.
// what names the post for people ("today's digest"). It returns the record
// as saved: the attempt counted, the next one scheduled with Backoff, and
// Told set once people were told — at once when they must act (redline may
// not post there, the channel is gone, Discord refuses the message), else
// when redline gives up.
func (fs *Failures) Failed(ctx context.Context, f briefing.PostFailure, err error, now time.Time, what string) briefing.PostFailure {
	log := fs.logger()
	// Recording must not depend on a context that a shutdown cancelled.
	ctx = context.WithoutCancel(ctx)
	if prev, ok, lerr := fs.Store.PostFailure(ctx, f.Key); lerr != nil {
		log.Error("reading a failed post", "key", f.Key, "err", lerr)
	} else if ok {
		f.Attempts, f.FirstFailed, f.Deadline, f.Told = prev.Attempts, prev.FirstFailed, prev.Deadline, prev.Told
	}
	if f.FirstFailed.IsZero() {
		f.FirstFailed = now
	}
	if f.Deadline.IsZero() {
		f.Deadline = now
	}
	f.Attempts++
	f.NextAttempt = now.Add(Backoff(f.Attempts))
	f.Code = briefing.ErrorCode(err)
	f.Message = briefing.ErrorMessage(err)
	log.Warn("post failed", "kind", f.Kind, "channel", f.ChannelID, "key", f.Key, "attempts", f.Attempts,
		"next_attempt", f.NextAttempt, "deadline", f.Deadline, "gave_up", f.GaveUp(), "err", err)
	if !f.Told && (mustAct(f.Code) || f.GaveUp()) {
		f.Told = fs.tell(ctx, f, what)
	}
	if rerr := fs.Store.RecordPostFailure(ctx, f); rerr != nil {
		log.Error("recording a failed post", "key", f.Key, "err", rerr)
	}
	return f
}

// Succeeded forgets the failures of the kind of post to the channel (for a
// briefing, those of one feed): a post of that kind went out.
func (fs *Failures) Succeeded(ctx context.Context, channelID, kind string, feedID int64) {
	if err := fs.Store.ClearPostFailures(context.WithoutCancel(ctx), channelID, kind, feedID); err != nil {
		fs.logger().Error("clearing failed posts", "channel", channelID, "kind", kind, "err", err)
	}
}

// Due lists the failed posts of kind due for another try at now.
func (fs *Failures) Due(ctx context.Context, kind string, now time.Time) ([]briefing.PostFailure, error) {
	return fs.Store.DuePostFailures(ctx, kind, now)
}

// mustAct reports whether a failure with code needs people to do something.
func mustAct(code string) bool {
	switch code {
	case briefing.EBLOCKED, briefing.ENOTFOUND, briefing.EINTERNAL:
		return true
	}
	return false
}

// tell says what failed in the channel, else to its owner by direct
// message; it reports whether anyone was told.
func (fs *Failures) tell(ctx context.Context, f briefing.PostFailure, what string) bool {
	log := fs.logger()
	next := fmt.Sprintf("redline will try again until %s UTC.", f.Deadline.UTC().Format("2 Jan 15:04"))
	if f.GaveUp() {
		next = "redline has stopped trying to post it."
	}
	text := fmt.Sprintf("redline could not post %s here: %s %s", what, f.Message, next)
	err := fs.Poster.PostNotice(ctx, f.ChannelID, text)
	if err == nil {
		return true
	}
	log.Warn("could not tell the channel about a failed post", "channel", f.ChannelID, "err", err)
	dp, ok := fs.Poster.(DirectPoster)
	if !ok {
		return false
	}
	owner, err := fs.Store.ChannelOwner(ctx, f.ChannelID)
	if err != nil || owner == "" {
		if err != nil {
			log.Error("reading who manages a channel", "channel", f.ChannelID, "err", err)
		}
		return false
	}
	text = fmt.Sprintf("redline could not post %s in channel %s, which you set up: %s %s", what, f.ChannelID, f.Message, next)
	if err := dp.PostDirect(ctx, owner, text); err != nil {
		log.Warn("could not tell the channel's owner about a failed post", "channel", f.ChannelID, "user", owner, "err", err)
		return false
	}
	return true
}

func (fs *Failures) logger() *slog.Logger {
	if fs.Logger != nil {
		return fs.Logger
	}
	return slog.Default()
}
