package briefing

import (
	"context"
	"time"
)

// Store is the history that the bot and the command line look things up in.
type Store interface {
	Recorder
	History(ctx context.Context, q HistoryQuery) (HistoryPage, error)
	// Profile returns the record of the actor named name (a name, alias or key);
	// latest caps Profile.Latest.
	Profile(ctx context.Context, name string, latest int) (Profile, error)
	// Actors lists known actors whose name or alias starts with (or contains)
	// prefix, the most warned-about first; for autocomplete.
	Actors(ctx context.Context, prefix string, limit int) ([]Actor, error)
}

// ChannelRecorder notes that an article was brought to a channel (briefed
// there, or delivered by one of its feeds) so that the channel's digest
// includes it; storage.Store is one.
type ChannelRecorder interface {
	// RecordChannelArticle puts the article in the channel's digests from at on.
	RecordChannelArticle(ctx context.Context, channelID string, articleID int64, at time.Time) error
}
