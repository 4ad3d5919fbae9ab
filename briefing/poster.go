package briefing

import "context"

// Poster delivers to a channel. The bot implements it for Discord; the
// command line prints instead. key is an idempotency key that an adapter may
// pass on (Discord's message nonce) so a retried send is not shown twice.
type Poster interface {
	PostBriefing(ctx context.Context, channelID string, b *Briefing, key string) error
	PostDigest(ctx context.Context, channelID string, d *Digest, key string) error
	PostNotice(ctx context.Context, channelID string, text string) error
}

// PostOptions are how a channel wants a feed's instant briefing: a role to
// mention when it holds a threat (that role only: never everyone, never a
// user), and a thread opened on it.
type PostOptions struct {
	MentionRole string
	Thread      bool
}
