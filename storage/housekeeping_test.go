package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"redline/briefing"
	"redline/storage/internal/fixture"
)

// The suite checks Usage's sizes and rows; here, that it names the file.
func TestUsageNamesTheFile(t *testing.T) {
	s := openStore(t, "")
	u, err := s.Usage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != s.Path() {
		t.Errorf("usage path = %q, want %q", u.Path, s.Path())
	}
}

// Prune forgets the failed posts given up on before the cutoff, and keeps
// those still retried or given up on since. SQLite only: the PostgreSQL
// store's Prune does not prune post failures (yet), so this is not in the
// conformance suite.
func TestPruneForgetsFailedPostsGivenUpLongAgo(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	day := 24 * time.Hour
	old := briefing.PostFailure{Key: "old", ChannelID: "c1", Kind: briefing.PostBriefing, Attempts: 9, FirstFailed: feedsT0,
		NextAttempt: feedsT0.Add(7 * time.Hour), Deadline: feedsT0.Add(6 * time.Hour)}
	retrying := old
	retrying.Key, retrying.NextAttempt, retrying.Deadline = "retrying", feedsT0.Add(time.Hour), feedsT0.Add(40*day)
	recent := old
	recent.Key, recent.FirstFailed, recent.NextAttempt, recent.Deadline = "recent", feedsT0.Add(39*day),
		feedsT0.Add(39*day+7*time.Hour), feedsT0.Add(39*day+6*time.Hour)
	for _, f := range []briefing.PostFailure{old, retrying, recent} {
		if err := s.RecordPostFailure(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Prune(ctx, feedsT0.Add(10*day), 0, 1)
	if err != nil || p.PostFailures != 1 {
		t.Fatalf("Prune = %+v, %v; want the one old failure given up on", p, err)
	}
	left, err := s.ChannelPostFailures(ctx, "c1")
	if err != nil || len(left) != 2 {
		t.Errorf("left %+v, %v; want the retrying and the recent one", left, err)
	}
}

func BenchmarkPrune(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	sub := fixture.Subscribe(b, s, "c1", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	old := feedsT0.Add(-400 * 24 * time.Hour)
	for b.Loop() {
		b.StopTimer()
		tx, _ := s.writer.Begin()
		for i := range 5000 {
			tx.Exec(`INSERT INTO feed_items (feed_id, item_key, done, first_seen) VALUES (?, ?, 1, ?)`, sub.Feed.ID, fmt.Sprintf("k%d", i), millis(old.Add(time.Duration(i)*time.Second)))
			tx.Exec(`INSERT INTO deliveries (key, channel_id, status, reserved) VALUES (?, 'c1', 'sent', ?)`, fmt.Sprintf("k%d", i), millis(old))
		}
		tx.Commit()
		b.StartTimer()
		if _, err := s.Prune(ctx, feedsT0, 100, 0); err != nil {
			b.Fatal(err)
		}
	}
}
