package feeds

import (
	"context"
	"time"

	"redline/briefing"
	"redline/briefing/delivery"
)

// Store is what the Service keeps in the database; storage.Store
// implements it. It is the sum of four small stores, one per use, and each
// part of the Service reaches only the one it needs.
type Store interface {
	SubscriptionStore // Add, Remove, List
	PollStore         // PollOnce: the feeds' state and seen sets
	BackfillStore     // PollOnce: items owed to one subscription alone
	delivery.Store    // instant posts and pause notices, at most once each
	PostStore         // PollOnce: instant posts that failed, retried while they matter
}

// PostStore keeps the instant posts that failed, to retry them, and when
// each subscription last got a post.
type PostStore interface {
	delivery.FailureStore
	// Briefing reads a stored briefing back, to post it again.
	Briefing(ctx context.Context, articleID int64) (*briefing.Briefing, error)
	// MarkSubscriptionPosted records that the channel got a post from the feed.
	MarkSubscriptionPosted(ctx context.Context, channelID string, feedID int64, at time.Time) error
}

// SubscriptionStore keeps which channels follow which feeds.
type SubscriptionStore interface {
	// Subscribe stores sub (its Feed found or created by URL) and marks the
	// given item keys of the feed as seen, in one transaction — for this
	// subscription alone when other channels follow the feed, so that what
	// they have not seen yet still reaches them. A feed that already exists
	// keeps its seen set and validators and is unpaused.
	// Of backfill (newest first), the items the seen set already marks done
	// are queued for this subscription alone (BackfillStore.PendingBackfill);
	// the rest are left to the feed's next poll. It fails with ECONFLICT when
	// the channel already has the feed.
	Subscribe(ctx context.Context, sub briefing.Subscription, seen []string, backfill []briefing.BackfillItem, at time.Time) (briefing.Subscription, error)
	// Unsubscribe removes the channel's subscription to the feed at feedURL
	// (ENOTFOUND when there is none).
	Unsubscribe(ctx context.Context, channelID, feedURL string) error
	// Subscriptions lists a channel's subscriptions, oldest first, each with its feed's state.
	Subscriptions(ctx context.Context, channelID string) ([]briefing.Subscription, error)
}

// PollStore keeps each feed's polling state and its seen set.
type PollStore interface {
	// DueFeeds lists the feeds that have a subscriber, are not paused and
	// whose NextPoll is not after now.
	DueFeeds(ctx context.Context, now time.Time) ([]briefing.Feed, error)
	// UpdateFeed saves a feed's title and polling state; UpdateFeeds saves
	// several in one transaction.
	UpdateFeed(ctx context.Context, f briefing.Feed) error
	UpdateFeeds(ctx context.Context, feeds []briefing.Feed) error
	// FeedSubscriptions lists the subscriptions to one feed.
	FeedSubscriptions(ctx context.Context, feedID int64) ([]briefing.Subscription, error)
	// SkippingSubscriptions returns the IDs of the feed's subscriptions that
	// are not to receive the item with key (it was in the feed when they
	// added it, before the feed's other channels had seen it).
	SkippingSubscriptions(ctx context.Context, feedID int64, key string) (map[int64]bool, error)
	// PendingItems returns, for those of keys that are not done yet (new, or
	// failed fewer times than the caller allows), the number of failed
	// attempts so far; done keys are absent.
	PendingItems(ctx context.Context, feedID int64, keys []string) (map[string]int, error)
	// RecordItem saves the outcome of processing one item: the article it
	// was briefed into (0 when none), the failure text (empty on success),
	// and whether it is done. Each call with a failure counts one attempt.
	RecordItem(ctx context.Context, feedID int64, key, link string, articleID int64, failure string, done bool, at time.Time) error
}

// BackfillStore keeps the backfill items owed to one subscription alone
// (see SubscriptionStore.Subscribe) and puts them in the channel's digests.
type BackfillStore interface {
	// PendingBackfill lists up to limit queued backfill items with their
	// subscriptions, the earliest queued first, the oldest item first.
	PendingBackfill(ctx context.Context, limit int) ([]briefing.BackfillItem, error)
	// FinishBackfill removes a delivered (or abandoned) backfill item when
	// done, else counts one failed attempt.
	FinishBackfill(ctx context.Context, subscriptionID int64, key string, done bool) error
	// FeedItemArticle returns the article a feed item was briefed into (0 when none).
	FeedItemArticle(ctx context.Context, feedID int64, key string) (int64, error)
	briefing.ChannelRecorder
}
