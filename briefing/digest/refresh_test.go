package digest_test

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/storage"
)

// Two processes share one database: a digest set or removed through one
// is picked up by the other's Refresh.
func TestRefreshPicksUpSchedulesSetElsewhere(t *testing.T) {
	e := newEnv(t, london("2026-03-10 12:00"))
	other, err := storage.Open(e.ctx, e.path, storage.WithNow(e.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	there := digest.NewScheduler(other, &poster{}, digest.Config{Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler)})
	if err := there.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(there.Stop)
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}

	e.set("c1", "08:00", "Europe/London")
	if got := there.Running(); len(got) != 0 {
		t.Fatalf("before a refresh the other process runs %v", got)
	}
	if err := there.Refresh(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got := there.Running(); !slices.Equal(got, []string{"c1"}) {
		t.Fatalf("after a refresh the other process runs %v, want c1", got)
	}
	if err := e.sched.Off(e.ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if err := there.Refresh(e.ctx); err != nil {
		t.Fatal(err)
	}
	if got := there.Running(); len(got) != 0 {
		t.Fatalf("after the digest was turned off the other process runs %v", got)
	}
}

// slowPoster takes a while to post, as Discord does, so that two
// processes' runs of one digest overlap.
type slowPoster struct {
	*poster
	delay time.Duration
}

func (p slowPoster) PostDigest(ctx context.Context, channelID string, d *briefing.Digest, key string) error {
	time.Sleep(p.delay)
	return p.poster.PostDigest(ctx, channelID, d, key)
}

// Every process's cron fires at the digest's time: one posts it, the
// others see its reservation in flight and neither resend nor record an
// interrupted send.
func TestEveryProcessRunsADigestItIsPostedOnce(t *testing.T) {
	e := newEnv(t, london("2026-03-10 07:00"))
	e.set("c1", "08:00", "Europe/London")
	e.brief("c1", "https://n.example/1", "a blockade")
	e.clock.Set(london("2026-03-10 08:00"))

	shared := &poster{}
	var results []digest.Result
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 3 {
		st, err := storage.Open(e.ctx, e.path, storage.WithNow(e.clock.Now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		s := digest.NewScheduler(st, slowPoster{shared, 50 * time.Millisecond}, digest.Config{Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler)})
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.RunDue(e.ctx, "c1")
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if n := len(shared.sent()); n != 1 {
		t.Fatalf("the digest was posted %d times by 3 processes", n)
	}
	posted := 0
	for _, r := range results {
		switch r.Outcome {
		case "posted":
			posted++
		case "being sent by another process", "already sent":
		default:
			t.Errorf("a process that did not post reports %q", r.Outcome)
		}
	}
	if posted != 1 {
		t.Errorf("%d processes report posting", posted)
	}
	if d, err := e.store.DigestSchedule(e.ctx, "c1"); err != nil || !d.LastSent.Equal(london("2026-03-10 08:00")) {
		t.Errorf("last sent = %v, %v", d.LastSent, err)
	}
}
