package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
)

// TestConcurrentWritersAndReaders runs 8 writers (on two Stores, as two
// processes sharing the file would) against 8 readers for about two
// seconds: every save must land, no call may fail (in particular with
// "database is locked"), and readers must never see half a briefing.
func TestConcurrentWritersAndReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for a few seconds")
	}
	const (
		writers  = 8
		readers  = 8
		duration = 2 * time.Second
	)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	stores := []*Store{openStore(t, path), openStore(t, path)}

	var (
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) < 20 {
			errs = append(errs, err)
		}
	}
	stop := make(chan struct{})
	saved := make([]int, writers) // distinct articles per writer
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				b := concurrentBriefing(w, i)
				if i%4 == 3 {
					// Re-save an earlier article, sometimes identical, sometimes re-extracted.
					b = concurrentBriefing(w, i-1)
					if i%8 == 7 {
						b = concurrentBriefing(w, i-3)
						b.Warnings[1].What = fmt.Sprintf("revised at step %d", i)
					}
				}
				if err := s.SaveBriefing(ctx, b); err != nil {
					fail(fmt.Errorf("writer %d, step %d: %w", w, i, err))
					return
				}
				if i%4 != 3 {
					saved[w]++
				}
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[r%len(stores)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				switch i % 5 {
				case 0:
					var st Stats
					if st, err = s.Stats(ctx); err == nil && st.Warnings != 3*st.Articles {
						err = fmt.Errorf("saw %d warnings for %d articles: a briefing was half saved", st.Warnings, st.Articles)
					}
				case 1:
					_, err = s.History(ctx, briefing.HistoryQuery{Text: fmt.Sprintf("writer%d harbour", r), Limit: 10})
				case 2:
					_, err = s.History(ctx, briefing.HistoryQuery{Speaker: "Brandt", Since: baseTime, Limit: 10})
				case 3:
					_, err = s.Profile(ctx, "Ostmark", 3)
					if briefing.ErrorCode(err) == briefing.ENOTFOUND {
						err = nil // nothing saved yet
					}
				case 4:
					_, err = s.Actors(ctx, "o", 5)
				}
				if err != nil {
					fail(fmt.Errorf("reader %d, step %d: %w", r, i, err))
					return
				}
				// A breath between queries, as real readers take, so that on a
				// small machine the readers do not take all the CPU from the writers.
				time.Sleep(time.Millisecond)
			}
		}()
	}
	time.Sleep(duration)
	close(stop)
	wg.Wait()

	for _, err := range errs {
		if containsAny(strings.ToLower(err.Error()), "locked", "busy") {
			t.Errorf("lock error: %v", err)
		} else {
			t.Error(err)
		}
	}
	total := 0
	for _, n := range saved {
		total += n
	}
	if total < writers {
		t.Fatalf("only %d saves in %v", total, duration)
	}
	st := mustStats(t, stores[0])
	if st.Articles != total || st.Warnings != 3*total {
		t.Errorf("stored %d articles, %d warnings; want %d, %d", st.Articles, st.Warnings, total, 3*total)
	}
	// Each article's first warning carries its writer's word: the full-text
	// index holds every one of them once.
	for w, n := range saved {
		found := 0
		q := briefing.HistoryQuery{Text: fmt.Sprintf("writer%d", w), Limit: MaxHistoryLimit}
		for {
			page, err := stores[len(stores)-1].History(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			found += len(page.Warnings)
			if page.Next == "" {
				break
			}
			q.Cursor = page.Next
		}
		if found != n {
			t.Errorf("writer %d: full-text search finds %d of its %d articles", w, found, n)
		}
	}
	checkActorCounts(t, stores[0])
	t.Logf("%d briefings saved by %d writers in %v", total, writers, duration)
}

func concurrentBriefing(writer, i int) *briefing.Briefing {
	b := sampleBriefing(fmt.Sprintf("https://w%d.test/article/%d", writer, i), i%50)
	b.Warnings[0].What += fmt.Sprintf(" (writer%d)", writer)
	return b
}
