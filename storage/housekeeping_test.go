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
