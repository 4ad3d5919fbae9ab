package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"redline/briefing"
)

func countRows(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.reader.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPruneDeletesOnlyWhatCanNoLongerMatter(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	day := 24 * time.Hour
	now := feedsT0.Add(90 * day)
	before := now.Add(-DefaultRetention)

	// Deliveries: 30 old, 5 recent.
	for i := range 35 {
		at := now.Add(-time.Duration(60-i) * day) // day -60 … day -26
		key := fmt.Sprintf("briefing:c1:%d", i)
		if _, err := s.ReserveDelivery(ctx, key, "c1", at); err != nil {
			t.Fatal(err)
		}
	}

	// A feed with 12 items: 10 seen long ago, 2 recently; with keep = 3,
	// the 3 newest stay whatever their age.
	sub := feedsSubscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	for i := range 12 {
		at := feedsT0.Add(time.Duration(i) * time.Hour)
		if i >= 10 {
			at = now.Add(-time.Duration(12-i) * time.Hour)
		}
		done := i != 1 // item 1 failed and waits for another try
		if err := s.RecordItem(ctx, sub.Feed.ID, fmt.Sprintf("item-%02d", i), "https://x.example/"+fmt.Sprint(i), 0, "", done, at); err != nil {
			t.Fatal(err)
		}
	}
	// Item 2 is owed to a second channel's backfill, item 3 skipped for it.
	other := feedsSubscribe(t, s, "c2", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	if _, err := s.writer.Exec(`INSERT INTO subscription_backfill (subscription_id, item_key, position, queued) VALUES (?, 'item-02', 0, 0)`, other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.Exec(`INSERT INTO subscription_skips (subscription_id, item_key) VALUES (?, 'item-03')`, other.ID); err != nil {
		t.Fatal(err)
	}
	// A small feed keeps everything.
	small := feedsSubscribe(t, s, "c1", "https://y.example/rss", briefing.DeliverDigest, feedsT0)
	if err := s.RecordItem(ctx, small.Feed.ID, "only", "https://y.example/1", 0, "", true, feedsT0); err != nil {
		t.Fatal(err)
	}

	got, err := s.Prune(ctx, before, 3, 4) // batches of 4: several transactions
	if err != nil {
		t.Fatal(err)
	}
	if got.Deliveries != 30 || countRows(t, s, `SELECT count(*) FROM deliveries`) != 5 {
		t.Errorf("deliveries: pruned %d, %d left; want 30 and 5", got.Deliveries, countRows(t, s, `SELECT count(*) FROM deliveries`))
	}
	if n := countRows(t, s, `SELECT count(*) FROM deliveries WHERE reserved < ?`, millis(before)); n != 0 {
		t.Errorf("%d old deliveries left", n)
	}
	// Kept: 1 (pending), 2 (backfill), 3 (skip), 9 10 11 (the 3 newest).
	var left []string
	rows, err := s.reader.Query(`SELECT item_key FROM feed_items WHERE feed_id = ? ORDER BY item_key`, sub.Feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		left = append(left, k)
	}
	rows.Close()
	if want := "[item-01 item-02 item-03 item-09 item-10 item-11]"; fmt.Sprint(left) != want {
		t.Errorf("feed items left %v, want %s", left, want)
	}
	if got.FeedItems != 6 {
		t.Errorf("pruned %d feed items, want 6", got.FeedItems)
	}
	if n := countRows(t, s, `SELECT count(*) FROM feed_items WHERE feed_id = ?`, small.Feed.ID); n != 1 {
		t.Errorf("the small feed lost its items: %d left", n)
	}
	// The pruned items are unseen again only for the store; a poll that
	// finds one in its feed again would brief it, which is why the newest
	// are kept. Pruning again finds nothing.
	again, err := s.Prune(ctx, before, 3, 4)
	if err != nil || again != (Pruned{}) {
		t.Errorf("second prune: %+v, %v", again, err)
	}
}

func TestUsageReportsSizeAndRows(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if err := s.SaveBriefing(ctx, sampleBriefing("https://example.test/a", 0)); err != nil {
		t.Fatal(err)
	}
	u, err := s.Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.FileBytes+u.WALBytes < 4096 || u.Path != s.Path() {
		t.Errorf("usage = %+v", u)
	}
	rows := map[string]int64{}
	for _, r := range u.Rows {
		rows[r.Table] = r.Rows
	}
	if rows["articles"] != 1 || rows["warnings"] != 3 || rows["deliveries"] != 0 {
		t.Errorf("rows = %v", rows)
	}
}

func BenchmarkPrune(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, "")
	sub := feedsSubscribe(b, s, "c1", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
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
