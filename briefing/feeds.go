package briefing

import (
	"strings"
	"time"
)

// DeliveryMode says how a channel receives a feed's briefings.
type DeliveryMode string

const (
	DeliverDigest  DeliveryMode = "digest"  // wait for the channel's daily digest (the default)
	DeliverInstant DeliveryMode = "instant" // post each briefing with warnings as it arrives
)

// Feed is an RSS, Atom or JSON feed that redline polls, with its polling state.
type Feed struct {
	ID           int64
	URL          string
	Title        string
	ETag         string
	LastModified string
	LastPolled   time.Time // last attempt
	LastSuccess  time.Time // last poll that got a valid answer (200 or 304)
	NextPoll     time.Time // not before this (Retry-After, backoff)
	ErrorCount   int       // consecutive failures
	LastError    string    // user-facing text of the last failure; empty after a success
	FailingSince time.Time // first failure of the current run of failures
	Paused       bool      // stopped after failing too long; the channels were told
}

// Subscription ties a feed to a Discord channel.
type Subscription struct {
	ID        int64
	GuildID   string
	ChannelID string
	Feed      Feed
	Mode      DeliveryMode
	Created   time.Time

	Filter      FeedFilter // which warnings the channel wants from the feed; zero: all
	MentionRole string     // a role mentioned when an instant post holds a threat; "" for none
	Thread      bool       // each instant briefing gets a thread

	LastPosted time.Time // last instant briefing posted to the channel from this feed
	PostError  string    // why the last post failed, when it did and no post succeeded since
}

// FeedFilter narrows what a channel gets from a feed. A warning passes when
// it passes every part that is set.
type FeedFilter struct {
	Actors      []string // names as typed: the warning's speaker or addressee must be one of them
	ActorKeys   []string // the actor keys of Actors (briefing/actors.Key), which are matched
	ThreatsOnly bool     // only threats
	Keywords    []string // one of these must appear in the warning's text (any case)
}

// IsZero reports whether the filter lets every warning through.
func (f FeedFilter) IsZero() bool {
	return len(f.ActorKeys) == 0 && !f.ThreatsOnly && len(f.Keywords) == 0
}

// Matches reports whether w passes the filter.
func (f FeedFilter) Matches(w Warning) bool {
	if f.ThreatsOnly && w.Kind != KindThreat {
		return false
	}
	if len(f.ActorKeys) > 0 {
		found := false
		for _, k := range f.ActorKeys {
			if k != "" && (k == w.Speaker.Key || k == w.Speaker.AffiliationKey || k == w.Addressee.Key || k == w.Addressee.AffiliationKey) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(f.Keywords) > 0 {
		text := strings.ToLower(strings.Join(append([]string{w.What, w.Condition, w.Consequence, w.Quote}, w.Evidence...), "\n"))
		found := false
		for _, k := range f.Keywords {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" && strings.Contains(text, k) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Apply returns the warnings of ws that pass the filter, in order.
func (f FeedFilter) Apply(ws []Warning) []Warning {
	if f.IsZero() {
		return ws
	}
	var out []Warning
	for _, w := range ws {
		if f.Matches(w) {
			out = append(out, w)
		}
	}
	return out
}

// Kinds of posts that are retried after a failure.
const (
	PostDigest   = "digest"   // a channel's scheduled daily digest
	PostBriefing = "briefing" // an instant briefing from a feed
)

// PostFailure is a post to a channel that failed (Discord refused it, the
// channel is gone, Discord was down). It is kept to be retried with backoff
// while the post still matters, shown where the channel's feeds and digest
// are listed, and told once to the channel or to the person who set it up.
type PostFailure struct {
	Key         string // the post's idempotency key
	ChannelID   string
	Kind        string // PostDigest or PostBriefing
	FeedID      int64  // an instant briefing's feed
	ArticleID   int64  // an instant briefing's article
	Attempts    int
	FirstFailed time.Time
	NextAttempt time.Time // not retried before
	Deadline    time.Time // not retried after: the post no longer matters
	Code        string    // the error code of the last failure
	Message     string    // what failed and what to do, for people
	Told        bool      // the channel (or the person who set it up) was told
}

// GaveUp reports whether the post will not be tried again.
func (f PostFailure) GaveUp() bool { return f.NextAttempt.After(f.Deadline) }

// BackfillItem is a feed item owed to one subscription alone: a channel
// added, with a backfill, a feed that another channel already follows, and
// the item had been seen before, so the feed's own polling will not bring it.
type BackfillItem struct {
	Subscription Subscription // filled when read back from the store
	Key          string       // the item's identity in the feed's seen set
	Link         string       // the article to brief
	Attempts     int          // failed attempts to brief it so far
}

// DigestSchedule is a channel's daily digest time.
type DigestSchedule struct {
	GuildID   string
	ChannelID string
	TimeOfDay string    // "08:00", 24-hour clock
	TimeZone  string    // IANA name ("Europe/Berlin")
	LastSent  time.Time // zero when none was sent yet
	Updated   time.Time // when the schedule was set or changed; no digest due before it is sent late
}
