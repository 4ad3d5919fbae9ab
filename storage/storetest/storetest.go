// Package storetest is the conformance suite of redline's stores: one set
// of tests that the SQLite store (package storage) and the PostgreSQL
// store (package storage/postgres) both run, so that the two cannot
// drift. Each store's own test file calls Run with a Harness that opens
// fresh, empty stores of its engine.
//
// The suite tests behaviour through the interfaces the rest of redline
// uses (briefing.Store, briefing.ChannelRecorder, feeds.Store,
// digest.Store, delivery.Store) plus the few extra methods both stores
// offer; it never looks at tables. What an engine may do differently is
// written down where the test allows it (text PostgreSQL cannot hold).
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/storage"
)

// Store is everything a redline store offers the rest of redline.
type Store interface {
	briefing.Store
	briefing.ChannelRecorder
	feeds.Store
	digest.Store
	// ArticleByURL returns the stored article whose canonical, else fetched, URL is rawURL.
	ArticleByURL(ctx context.Context, rawURL string) (briefing.Article, bool, error)
	// DueFeeds lists the feeds due at now that have a subscriber and are not paused.
	DueFeeds(ctx context.Context, now time.Time) ([]briefing.Feed, error)
	// UpdateFeed saves a feed's state whoever holds it.
	UpdateFeed(ctx context.Context, f briefing.Feed) error
	// WarningsForFeeds returns the warnings the feeds brought in [since, until).
	WarningsForFeeds(ctx context.Context, feedIDs []int64, since, until time.Time) ([]briefing.Warning, error)
	// ReservedAt and RenewReservation tell a send in progress from a
	// reservation a crash left, and take the latter over (delivery.Reservations).
	ReservedAt(ctx context.Context, key string) (time.Time, error)
	RenewReservation(ctx context.Context, key string, at, now time.Time) (bool, error)
	// The LLM extractor's cache and budget (briefing/llm.Cache, llm.Ledger).
	LLMAnswer(ctx context.Context, textHash, model, promptVersion string) ([]byte, bool, error)
	SaveLLMAnswer(ctx context.Context, textHash, model, promptVersion string, answer []byte) error
	TakeLLMCalls(ctx context.Context, day string, n, limit int) (bool, error)
	LLMCalls(ctx context.Context, day string) (int, error)
	// Prune deletes delivery records and feed items that can no longer
	// matter; Usage reports the database's size and rows.
	Prune(ctx context.Context, before time.Time, keep, batch int) (storage.Pruned, error)
	Usage(ctx context.Context) (storage.Usage, error)
	// What the bot's features keep (bot.SearchStore, OwnerStore, ActivityStore).
	SaveSearch(ctx context.Context, s briefing.SavedSearch) (int64, error)
	SavedSearch(ctx context.Context, id int64) (briefing.SavedSearch, error)
	SetSearchCursor(ctx context.Context, id int64, n int, cursor string) error
	SetChannelOwner(ctx context.Context, channelID, userID string, at time.Time) error
	ChannelOwner(ctx context.Context, channelID string) (string, error)
	Activity(ctx context.Context, name, other string, since, until time.Time) (briefing.Activity, error)
	ChannelArticleFilters(ctx context.Context, channelID string, since, until time.Time) (map[int64][]briefing.FeedFilter, error)
	ChannelPostFailures(ctx context.Context, channelID string) ([]briefing.PostFailure, error)
	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// Harness opens stores of one engine for the suite.
type Harness struct {
	// Open opens a store on a new, empty database for the test, with the
	// clock now. more opens another handle on the same database, as another
	// process would (with the same clock). Every handle is closed when the
	// test ends; closing one twice must be harmless.
	Open func(t testing.TB, now func() time.Time) (s Store, more func() Store)
	// CheckCounts, when set, compares the actors' warning counts that the
	// store keeps with a count from scratch (engine-specific SQL).
	CheckCounts func(t testing.TB, s Store)

	analyzed bool // settle refreshes the planner's statistics (see Run)
}

// analyzer is a store whose query plans follow statistics it can refresh
// (the PostgreSQL store).
type analyzer interface {
	Analyze(ctx context.Context) error
}

// settle is called by the history tests once their data is saved: in the
// suite's analyzed run it refreshes the statistics, so that the store's
// plans for a large history (collecting matches from the indexes rather
// than walking back) are the ones tested.
func (h Harness) settle(t testing.TB, s Store) {
	t.Helper()
	if !h.analyzed {
		return
	}
	if err := s.(analyzer).Analyze(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Run runs the whole suite as subtests of t.
func Run(t *testing.T, h Harness) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, h Harness)
	}{
		{"SaveSetsIDsHashAndKeys", testSaveSetsIDsHashAndKeys},
		{"SavedTwiceIsStoredOnce", testSavedTwiceIsStoredOnce},
		{"ResaveReplacesWarnings", testResaveReplacesWarnings},
		{"SaveRejectsBadInput", testSaveRejectsBadInput},
		{"SaveOddCharacters", testSaveOddCharacters},
		{"FullTextFindsWords", testFullTextFindsWords},
		{"HostileFullTextInput", testHostileFullTextInput},
		{"HistoryFilters", testHistoryFilters},
		{"HistoryUsesFetchTimeWhenUndated", testHistoryUsesFetchTimeWhenUndated},
		{"HistoryPaging", testHistoryPaging},
		{"HistoryRejectsBadCursor", testHistoryRejectsBadCursor},
		{"HistoryOrder", testHistoryOrder},
		{"Profile", testProfile},
		{"Actors", testActors},
		{"ArticleByURL", testArticleByURL},
		{"ErrorsHideDriverText", testErrorsHideDriverText},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Subscriptions", testSubscriptions},
		{"DueFeeds", testDueFeeds},
		{"RecordItem", testRecordItem},
		{"ChannelWarnings", testChannelWarnings},
		{"Backfill", testBackfill},
		{"DigestSchedules", testDigestSchedules},
		{"Deliveries", testDeliveries},
		{"DeliveryReservedOnceAcrossHandles", testDeliveryReservedOnceAcrossHandles},
		{"LeaseClaimAndSave", testLeaseClaimAndSave},
		{"LeaseExpiryTakeover", testLeaseExpiryTakeover},
		{"LeasesExclusiveAcrossHandles", testLeasesExclusiveAcrossHandles},
		{"LLMCache", testLLMCache},
		{"LLMCallsAcrossHandles", testLLMCallsAcrossHandles},
		{"Prune", testPrune},
		{"Usage", testUsage},
		{"PostFailures", testPostFailures},
		{"ChannelOwnersAndSearches", testChannelOwnersAndSearches},
		{"SubscriptionOptionsAndFilters", testSubscriptionOptionsAndFilters},
		{"ActivityAndNameableActors", testActivityAndNameableActors},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, h) })
	}
	// The history's answers must not depend on the plan: with statistics
	// (a store that has them) the history tests run again.
	probe, _ := h.Open(t, func() time.Time { return baseTime })
	if _, ok := probe.(analyzer); !ok {
		return
	}
	probe.Close()
	analyzed := h
	analyzed.analyzed = true
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, h Harness)
	}{
		{"Analyzed/FullTextFindsWords", testFullTextFindsWords},
		{"Analyzed/HostileFullTextInput", testHostileFullTextInput},
		{"Analyzed/HistoryFilters", testHistoryFilters},
		{"Analyzed/HistoryPaging", testHistoryPaging},
		{"Analyzed/HistoryOrder", testHistoryOrder},
		{"Analyzed/SaveOddCharacters", testSaveOddCharacters},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, analyzed) })
	}
}

// open is the suite's one way to get a fresh store at a fixed clock.
func open(t *testing.T, h Harness) Store {
	t.Helper()
	s, _ := h.Open(t, func() time.Time { return baseTime })
	return s
}

var (
	baseTime = time.Date(2026, 2, 10, 9, 30, 0, 0, time.UTC)
	feedsT0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

// sampleBriefing returns an article at url with three warnings, published
// n hours after baseTime.
func sampleBriefing(url string, n int) *briefing.Briefing {
	published := baseTime.Add(time.Duration(n) * time.Hour)
	return &briefing.Briefing{
		Article: briefing.Article{
			URL:          url + "?utm_source=test",
			CanonicalURL: url,
			Title:        fmt.Sprintf("Harbour talks stall, day %d", n),
			Byline:       "Mira Castell",
			Site:         "The Northern Ledger",
			Language:     "en",
			Published:    published,
			Fetched:      published.Add(2 * time.Hour),
			Text: "Admiral Teodor Vask said on Tuesday that any blockade of the harbour would be met with force.\n\n" +
				"Veloria's foreign minister, Anika Brandt, cautioned Ostmark that new tariffs could unravel the grain accord.",
		},
		Warnings: []briefing.Warning{
			{
				Speaker:     briefing.Actor{Name: "Teodor Vask", Affiliation: "Ostmark"},
				Addressee:   briefing.Actor{Name: "Veloria", Affiliation: "Veloria"},
				Kind:        briefing.KindThreat,
				What:        "a blockade of the harbour",
				Condition:   "any blockade of the harbour",
				Consequence: "it would be met with force",
				Quote:       "would be met with force",
				Evidence:    []string{"Admiral Teodor Vask said on Tuesday that any blockade of the harbour would be met with force."},
			},
			{
				Speaker:     briefing.Actor{Name: "Anika Brandt", Affiliation: "Veloria"},
				Addressee:   briefing.Actor{Name: "Ostmark", Affiliation: "Ostmark"},
				Kind:        briefing.KindWarning,
				What:        "new tariffs could unravel the grain accord",
				Condition:   "new tariffs",
				Consequence: "the grain accord could unravel",
				Evidence:    []string{"Veloria's foreign minister, Anika Brandt, cautioned Ostmark that new tariffs could unravel the grain accord."},
			},
			{
				Speaker:  briefing.Actor{Name: "Anika Brandt", Affiliation: "Veloria"},
				Kind:     briefing.KindWarning,
				What:     "shipping insurers may leave the strait",
				Evidence: []string{"Brandt added that insurers were \"already quietly packing\" & rates had tripled <since> spring."},
			},
		},
	}
}

// otherBriefing is a second article with different actors.
func otherBriefing(url string, n int) *briefing.Briefing {
	published := baseTime.Add(time.Duration(n) * time.Hour)
	return &briefing.Briefing{
		Article: briefing.Article{
			URL: url, Title: "Engineers doubt the dam", Site: "Valley Courier", Published: published, Fetched: published,
			Text: "Chief engineer Lucía Rivera, speaking in Zurich, warned the dam board that the spillway could fail in a wet spring.",
		},
		Warnings: []briefing.Warning{{
			Speaker: briefing.Actor{Name: "Lucía Rivera"},
			// The extractor knew the board as part of the water authority: the name becomes an alias.
			Addressee: briefing.Actor{Name: "the dam board", Key: "valley water authority"},
			Kind:      briefing.KindWarning,
			What:      "the dam's spillway",
			Condition: "a wet spring", Consequence: "the spillway could fail",
			Evidence: []string{"Chief engineer Lucía Rivera, speaking in Zürich, warned the dam board that the spillway could fail in a wet spring."},
		}},
	}
}

func mustSave(t testing.TB, s Store, b *briefing.Briefing) {
	t.Helper()
	if err := s.SaveBriefing(context.Background(), b); err != nil {
		t.Fatalf("SaveBriefing(%s): %v", b.Article.Key(), err)
	}
}

// history returns the first page of q.
func history(t testing.TB, s Store, q briefing.HistoryQuery) []briefing.Warning {
	t.Helper()
	page, err := s.History(context.Background(), q)
	if err != nil {
		t.Fatalf("History(%+v): %v", q, err)
	}
	return page.Warnings
}

// allHistory follows q's pages to the end.
func allHistory(t testing.TB, s Store, q briefing.HistoryQuery) []briefing.Warning {
	t.Helper()
	var out []briefing.Warning
	for {
		page, err := s.History(context.Background(), q)
		if err != nil {
			t.Fatalf("History(%+v): %v", q, err)
		}
		out = append(out, page.Warnings...)
		if page.Next == "" {
			return out
		}
		q.Cursor = page.Next
	}
}

func whats(ws []briefing.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.What)
	}
	return out
}

func ids(ws []briefing.Warning) []int64 {
	var out []int64
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}
