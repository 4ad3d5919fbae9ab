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
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/storage"
	"redline/storage/internal/fixture"
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
	// KeepsAnyText says the engine gives back every string as it was
	// saved, NUL bytes and broken UTF-8 included (SQLite); otherwise those
	// may come back as U+FFFD (PostgreSQL text holds neither).
	KeepsAnyText bool

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
		{"PruneForgetsFailedPostsGivenUpLongAgo", testPruneForgetsFailedPostsGivenUpLongAgo},
		{"Usage", testUsage},
		{"PostFailures", testPostFailures},
		{"PostFailuresGiveUpAndClear", testPostFailuresGiveUpAndClear},
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

// The suite's clocks.
var (
	baseTime = fixture.BaseTime
	feedsT0  = fixture.FeedsT0
)

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

func ids(ws []briefing.Warning) []int64 {
	var out []int64
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}
