package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/storage"
	"redline/storage/internal/fixture"
)

func testLLMCache(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	if _, ok, err := s.LLMAnswer(ctx, "h1", "m", "v1"); err != nil || ok {
		t.Fatalf("empty cache: ok %v err %v", ok, err)
	}
	if err := s.SaveLLMAnswer(ctx, "h1", "m", "v1", []byte(`{"warnings":[]}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLLMAnswer(ctx, "h1", "m", "v1", []byte(`{"warnings":[{"speaker":"X \u00e9"}]}`)); err != nil {
		t.Fatalf("saving again must replace, not fail: %v", err)
	}
	got, ok, err := s.LLMAnswer(ctx, "h1", "m", "v1")
	if err != nil || !ok || string(got) != `{"warnings":[{"speaker":"X \u00e9"}]}` {
		t.Errorf("LLMAnswer = %s, %v, %v", got, ok, err)
	}
	for _, k := range [][3]string{{"h2", "m", "v1"}, {"h1", "other", "v1"}, {"h1", "m", "v2"}} {
		if _, ok, _ := s.LLMAnswer(ctx, k[0], k[1], k[2]); ok {
			t.Errorf("key %v found the answer of (h1, m, v1)", k)
		}
	}
}

// Two processes take calls at once: together they never pass the limit.
func testLLMCallsAcrossHandles(t *testing.T, h Harness) {
	ctx := context.Background()
	a, more := h.Open(t, func() time.Time { return baseTime })
	b := more()
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			ok, err := s.TakeLLMCalls(ctx, "2026-03-01", 1, 7)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if taken != 7 {
		t.Errorf("%d calls taken under a limit of 7", taken)
	}
	if ok, _ := a.TakeLLMCalls(ctx, "2026-03-02", 3, 7); !ok {
		t.Error("a new day starts a new count")
	}
	if ok, _ := a.TakeLLMCalls(ctx, "2026-03-02", 5, 7); ok {
		t.Error("5 more calls on a day of 3 passed a limit of 7")
	}
	if ok, _ := a.TakeLLMCalls(ctx, "2026-03-03", 8, 7); ok {
		t.Error("8 calls on a new day passed a limit of 7")
	}
	if ok, _ := a.TakeLLMCalls(ctx, "2026-03-02", 100, 0); !ok {
		t.Error("limit 0 is no limit")
	}
	if _, err := a.TakeLLMCalls(ctx, "2026-04-10", 1, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := a.LLMCalls(ctx, "2026-03-01"); err != nil || n != 0 {
		t.Errorf("a day past a month kept %d calls (err %v)", n, err)
	}
	if n, _ := b.LLMCalls(ctx, "2026-04-10"); n != 1 {
		t.Errorf("today's count = %d", n)
	}
}

func testPrune(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	day := 24 * time.Hour
	now := feedsT0.Add(90 * day)
	before := now.Add(-storage.DefaultRetention)

	// Deliveries: 30 old, 5 recent.
	for i := range 35 {
		at := now.Add(-time.Duration(60-i) * day) // day -60 … day -26
		if _, err := s.ReserveDelivery(ctx, fmt.Sprintf("briefing:c1:%d", i), "c1", at); err != nil {
			t.Fatal(err)
		}
	}
	// A feed with 12 items: 10 seen long ago, 2 recently; with keep = 3
	// the 3 newest stay whatever their age. Item 1 failed and waits for
	// another try; item 3 was not done when a second channel added the
	// feed (so it is skipped for that channel), item 2 is owed to it.
	sub := fixture.Subscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	item := func(i int) string { return fmt.Sprintf("item-%02d", i) }
	for i := range 12 {
		at := feedsT0.Add(time.Duration(i) * time.Hour)
		if i >= 10 {
			at = now.Add(-time.Duration(12-i) * time.Hour)
		}
		failure := ""
		if i == 1 {
			failure = "site down"
		}
		if err := s.RecordItem(ctx, sub.Feed.ID, item(i), "https://x.example/"+fmt.Sprint(i), 0, failure, i != 1 && i != 3, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c2", Feed: briefing.Feed{URL: "https://x.example/rss"}},
		[]string{item(3)}, []briefing.BackfillItem{{Key: item(2), Link: "https://x.example/2"}}, feedsT0.Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordItem(ctx, sub.Feed.ID, item(3), "https://x.example/3", 0, "", true, feedsT0.Add(21*time.Hour)); err != nil {
		t.Fatal(err)
	}
	small := fixture.Subscribe(t, s, "c1", "https://y.example/rss", briefing.DeliverDigest, feedsT0)
	if err := s.RecordItem(ctx, small.Feed.ID, "only", "https://y.example/1", 0, "", true, feedsT0); err != nil {
		t.Fatal(err)
	}

	got, err := s.Prune(ctx, before, 3, 4) // batches of 4: several transactions
	if err != nil {
		t.Fatal(err)
	}
	if got.Deliveries != 30 || got.FeedItems != 6 {
		t.Errorf("pruned %+v, want 30 deliveries and 6 feed items", got)
	}
	for i := range 35 {
		st, err := s.DeliveryStatus(ctx, fmt.Sprintf("briefing:c1:%d", i))
		if err != nil || (i < 30) != (st == "") {
			t.Errorf("delivery %d after pruning: %q, %v", i, st, err)
		}
	}
	// Kept: 1 (pending, one attempt), 2 (backfill), 3 (skip), 9 10 11 (the
	// newest); a pruned item is unknown again (pending, no attempt).
	keys := make([]string, 12)
	for i := range keys {
		keys[i] = item(i)
	}
	pending, err := s.PendingItems(ctx, sub.Feed.ID, keys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{item(0): 0, item(1): 1, item(4): 0, item(5): 0, item(6): 0, item(7): 0, item(8): 0}
	if fmt.Sprint(pending) != fmt.Sprint(want) {
		t.Errorf("pending after pruning = %v, want %v", pending, want)
	}
	if p, _ := s.PendingItems(ctx, small.Feed.ID, []string{"only"}); len(p) != 0 {
		t.Errorf("the small feed lost its item: %v", p)
	}
	if again, err := s.Prune(ctx, before, 3, 4); err != nil || again != (storage.Pruned{}) {
		t.Errorf("second prune: %+v, %v", again, err)
	}
}

func testUsage(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://example.test/a", 0))
	u, err := s.Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u.FileBytes+u.WALBytes < 4096 || u.Path == "" {
		t.Errorf("usage = %+v", u)
	}
	rows := map[string]int64{}
	for _, r := range u.Rows {
		rows[r.Table] = r.Rows
	}
	if rows["articles"] != 1 || rows["warnings"] != 3 || rows["deliveries"] != 0 || len(rows) != 8 {
		t.Errorf("rows = %v", rows)
	}
}

// Prune forgets the failed posts given up on before the cutoff, and keeps
// those still retried or given up on since.
func testPruneForgetsFailedPostsGivenUpLongAgo(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
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
