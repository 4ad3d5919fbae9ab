// Package briefing holds redline's domain: articles, the warnings read from
// them, the actors who give and receive those warnings, briefings and
// digests, and the pipeline that turns a link or a text into a Briefing.
//
// It knows nothing of SQL, HTTP or Discord.
//
// # Interfaces
//
// Interfaces follow one rule. The domain's own interfaces, what the domain
// needs from the world to brief, record, look up and deliver, are declared
// here, once: Reader, Extractor and Recorder (the pipeline's stages),
// Briefer (what a pipeline is to its users), Store and ChannelRecorder
// (history) and Poster (delivery to a channel). The sub-packages, the
// storage adapter and the bot implement them. Every other interface is
// small and declared where it is consumed, next to the code that calls it,
// with only the methods that code calls (feeds.Fetcher, the stores of
// feeds and digest, bot.FeedManager); a larger need is several small
// interfaces by use, not one large one.
package briefing

import (
	"time"
)

// Article is one news article as read from a web page or a text file.
type Article struct {
	ID           int64     // set by the store; 0 until saved
	URL          string    // the address it was read from (or a file path)
	CanonicalURL string    // the page's own canonical address, tracking parameters removed; the identity of an article
	Title        string    // the headline
	Byline       string    // the author(s), as printed
	Site         string    // the publication's name
	Language     string    // BCP 47 tag when known ("en")
	Published    time.Time // zero when unknown
	Fetched      time.Time // when redline read it
	Text         string    // the body without the headline; paragraphs separated by a blank line
	ContentHash  string    // hex SHA-256 of Text, set by the store
}

// Key is the article's identity: its canonical URL, else the URL it was read from.
func (a Article) Key() string {
	if a.CanonicalURL != "" {
		return a.CanonicalURL
	}
	return a.URL
}

// Kind tells a threat (the speaker itself promises to act against the
// addressee) from a warning (anything else cautioned about).
type Kind string

const (
	KindWarning Kind = "warning"
	KindThreat  Kind = "threat"
)

// Actor is a party that gives or receives a warning.
type Actor struct {
	Name           string // the most specific name the article gives ("Vladimir Putin", "South Korea")
	Affiliation    string // the country or organisation the actor acts for ("Russia"); empty when none
	Key            string // normalised identity used to search history ("vladimir putin", "russia"); see briefing/actors
	AffiliationKey string // normalised key of Affiliation ("russia")
}

// IsZero reports whether the actor is unknown (for an addressee: nobody in particular).
func (a Actor) IsZero() bool { return a.Name == "" }

// Source says where a stored warning was read.
type Source struct {
	ArticleID int64
	URL       string // canonical URL of the article
	Title     string
	Site      string
	Published time.Time // zero when unknown
	Fetched   time.Time
}

// Warning is one warning or threat reported by an article: who warned whom
// about what, backed by the article's own sentences.
type Warning struct {
	ID          int64 // set by the store
	Position    int   // order within its article, from 0
	Speaker     Actor
	Addressee   Actor // zero when addressed to nobody in particular
	Kind        Kind
	What        string   // one line: what the warning is about
	Condition   string   // for "if X then Y": X; empty otherwise
	Consequence string   // for "if X then Y": Y; empty otherwise
	Quote       string   // the strongest direct quote, verbatim, without quote marks; may be empty
	Evidence    []string // the article's sentences that state it, verbatim, in article order
	Source      Source   // filled when read back from history
	// OtherSources are the other outlets that reported the same warning,
	// when history merged their reports into this one (see digest.Collapse).
	OtherSources []Source
}

// Briefing is what redline makes of one article.
type Briefing struct {
	Article  Article
	Warnings []Warning
	// Extractor names the extractor that found the warnings ("builtin",
	// "llm qwen2.5:7b-instruct"); empty when the extractor does not say.
	Extractor string
	// ExtractorNote tells the reader, in one sentence, why another
	// extractor than the configured one answered ("the daily budget of
	// language-model calls is spent; the built-in extractor answered").
	ExtractorNote string
}

// Digest is a channel's summary of the warnings seen over a period, grouped
// by who warned whom and ranked (threats and the most reported first).
type Digest struct {
	ChannelID string
	Since     time.Time
	Until     time.Time
	TimeZone  string // IANA name of the schedule's zone, in which the period is shown; "" for UTC
	Groups    []DigestGroup
	Omitted   int // items left out to keep the digest readable ("and N more")
}

// DigestGroup holds the items of one speaker → addressee pair.
type DigestGroup struct {
	Speaker   Actor
	Addressee Actor
	Items     []DigestItem
}

// DigestItem is one warning, possibly reported by several outlets.
type DigestItem struct {
	Kind        Kind
	What        string
	Condition   string
	Consequence string
	Quote       string
	Sources     []Source // each outlet that reported it, first seen first
}

// Profile is an actor's record in history.
type Profile struct {
	Actor        Actor
	WarningsBy   int           // warnings the actor gave
	WarningsTo   int           // warnings given to the actor
	Counterparts []Counterpart // most frequent counterparts first
	Latest       []Warning     // the newest warnings by or to the actor
}

// Counterpart is a party an actor warned or was warned by, with counts.
type Counterpart struct {
	Actor    Actor
	Warned   int // times the profiled actor warned this one
	WarnedBy int // times this one warned the profiled actor
}

// HistoryQuery selects stored warnings. Empty fields do not filter.
type HistoryQuery struct {
	Speaker   string    // a name or key; matched against speaker and speaker affiliation keys
	Addressee string    // a name or key; matched against addressee keys
	Text      string    // free text, searched in speaker, addressee, what and evidence
	Since     time.Time // article time (published, else fetched) at or after
	Until     time.Time // article time before
	Limit     int       // page size; the store picks a default when 0
	Cursor    string    // opaque; from HistoryPage.Next to get the following page
}

// HistoryPage is one page of history, newest first.
type HistoryPage struct {
	Warnings []Warning
	Next     string // cursor of the following (older) page; empty at the end
}

// SavedSearch is a lookup kept so that its buttons (Previous, Next, Share)
// work for as long as the message shows them, across restarts: the query
// (with its period made absolute), who ran it, and the cursor of each page
// reached so far.
type SavedSearch struct {
	ID      int64
	Kind    string // "history" (the default) or "who" (Query.Speaker is the name, Query.Addressee the other)
	UserID  string // only this user may page it
	Query   HistoryQuery
	Title   string
	Cursors []string // Cursors[i] fetches page i; Cursors[0] is ""
	Created time.Time
}

// Activity is an actor's warnings over a period, for a chart: each event
// is one warning the actor gave (By) or was given. With Other set it holds
// only the warnings between Actor and Other, By meaning Actor → Other.
type Activity struct {
	Actor  Actor
	Other  Actor
	Since  time.Time
	Until  time.Time
	Events []ActivityEvent
}

// ActivityEvent is one warning of an Activity.
type ActivityEvent struct {
	At   time.Time // the article's time
	Kind Kind
	By   bool // given by the Activity's actor; false: given to it
}
