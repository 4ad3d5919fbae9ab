package briefing

import "time"

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
}

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
