package storage

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestLLMAnswerCache(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "", WithNow(func() time.Time { return baseTime }))
	if _, ok, err := s.LLMAnswer(ctx, "h1", "m", "v1"); err != nil || ok {
		t.Fatalf("empty cache: ok %v err %v", ok, err)
	}
	if err := s.SaveLLMAnswer(ctx, "h1", "m", "v1", []byte(`{"warnings":[]}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveLLMAnswer(ctx, "h1", "m", "v1", []byte(`{"warnings":[{"speaker":"X"}]}`)); err != nil {
		t.Fatalf("saving again must replace, not fail: %v", err)
	}
	got, ok, err := s.LLMAnswer(ctx, "h1", "m", "v1")
	if err != nil || !ok || string(got) != `{"warnings":[{"speaker":"X"}]}` {
		t.Errorf("LLMAnswer = %s, %v, %v", got, ok, err)
	}
	// each part of the key counts
	for _, k := range [][3]string{{"h2", "m", "v1"}, {"h1", "other", "v1"}, {"h1", "m", "v2"}} {
		if _, ok, _ := s.LLMAnswer(ctx, k[0], k[1], k[2]); ok {
			t.Errorf("key %v found the answer of (h1, m, v1)", k)
		}
	}
}

func TestTakeLLMCallsKeepsTheDailyLimitAcrossWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	a, b := openStore(t, path), openStore(t, path) // two processes on one file
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
	if ok, _ := a.TakeLLMCalls(ctx, "2026-03-02", 100, 0); !ok {
		t.Error("limit 0 is no limit")
	}
	// a month later, the old days are gone
	if _, err := a.TakeLLMCalls(ctx, "2026-04-10", 1, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := a.LLMCalls(ctx, "2026-03-01"); err != nil || n != 0 {
		t.Errorf("a day past a month kept %d calls (err %v)", n, err)
	}
	if n, _ := a.LLMCalls(ctx, "2026-04-10"); n != 1 {
		t.Errorf("today's count = %d", n)
	}
}
