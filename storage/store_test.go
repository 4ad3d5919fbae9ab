package storage

import (
	"context"
	"testing"
	"time"

	"redline/internal/testclock"
	"redline/storage/internal/fixture"
)

// The behaviour both stores share is tested by the conformance suite
// (storage/storetest, run by conformance_test.go); these tests look at
// what only the SQLite store's tables show.

func mustStats(t testing.TB, s *Store) Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checkActorCounts compares the warning counts the triggers keep on actors
// with a count from scratch.
func checkActorCounts(t testing.TB, s *Store) {
	t.Helper()
	rows, err := s.reader.Query(fixture.ActorCountsSQL)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	fixture.CheckActorCounts(t, rows)
}

// The suite sees that a second save of the same briefing keeps its ids;
// here, that it writes nothing at all, not even the article's row.
func TestIdenticalResaveWritesNothing(t *testing.T) {
	ctx := context.Background()
	c := testclock.New(baseTime)
	s := openStore(t, "", WithNow(c.Now))

	first := fixture.Briefing("https://ledger.test/harbour", 0)
	fixture.MustSave(t, s, first)
	before := mustStats(t, s)

	c.Advance(time.Hour)
	again := fixture.Briefing("https://ledger.test/harbour", 0)
	again.Article.URL = "https://ledger.test/harbour?ref=feed"
	again.Article.Fetched = first.Article.Fetched.Add(36 * time.Hour)
	fixture.MustSave(t, s, again)
	if got := mustStats(t, s); got != before {
		t.Fatalf("after saving twice: %+v, want %+v", got, before)
	}
	var saved int64
	if err := s.reader.QueryRowContext(ctx, `SELECT saved FROM articles`).Scan(&saved); err != nil {
		t.Fatal(err)
	}
	if saved != baseTime.UnixMilli() {
		t.Errorf("identical re-save rewrote the article (saved %d, want %d)", saved, baseTime.UnixMilli())
	}
}
