package feeds

import (
	"context"
	"time"

	"redline/briefing"
	"redline/briefing/feeds/delivery"
)

// Store keeps feeds, subscriptions and the seen set. storage.DB implements it.
type Store interface {
	delivery.Store

	// Subscribe stores sub (its Feed found or created by URL) and marks the
	// given item keys of the feed as seen, in one transaction. A feed that
	// already exists keeps its seen set and validators and is unpaused.
	// It fails with ECONFLICT when the channel already has the feed.
	Subscribe(ctx context.Context, sub briefing.Subscription, seen []string, at time.Time) (briefing.Subscription, error)
	// Unsubscribe removes the channel's subscription to the feed at feedURL
	// (ENOTFOUND when there is none).
	Unsubscribe(ctx context.Context, channelID, feedURL string) error
	// Subscriptions lists a channel's subscriptions, oldest first, each with its feed's state.
	Subscriptions(ctx context.Context, channelID string) ([]briefing.Subscription, error)
	// FeedSubscriptions lists the subscriptions to one feed.
	FeedSubscriptions(ctx context.Context, feedID int64) ([]briefing.Subscription, error)
	// DueFeeds lists the feeds that have a subscriber, are not paused and
	// whose NextPoll is not after now.
	DueFeeds(ctx context.Context, now time.Time) ([]briefing.Feed, error)
	// UpdateFeed saves a feed's title and polling state; UpdateFeeds saves
	// several in one transaction.
	UpdateFeed(ctx context.Context, f briefing.Feed) error
	UpdateFeeds(ctx context.Context, feeds []briefing.Feed) error

	// PendingItems returns, for those of keys that are not done yet (new, or
	// failed fewer times than the caller allows), the number of failed
	// attempts so far; done keys are absent.
	PendingItems(ctx context.Context, feedID int64, keys []string) (map[string]int, error)
	// RecordItem saves the outcome of processing one item: the article it
	// was briefed into (0 when none), the failure text (empty on success),
	// and whether it is done. Each call with a failure counts one attempt.
	RecordItem(ctx context.Context, feedID int64, key, link string, articleID int64, failure string, done bool, at time.Time) error
}

// Briefer briefs an article link and records it; *briefing.Pipeline is one.
type Briefer interface {
	BriefURL(ctx context.Context, rawURL string) (*briefing.Briefing, error)
}
