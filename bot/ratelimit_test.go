package bot

import (
	"testing"
	"time"
)

func TestRateLimiterSlidingWindow(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := newRateLimiter(RateLimit{Count: 2, Per: time.Minute}, func() time.Time { return now })
	for i := 0; i < 2; i++ {
		if ok, _ := r.allow("alice"); !ok {
			t.Fatalf("request %d refused within the limit", i+1)
		}
	}
	ok, wait := r.allow("alice")
	if ok || wait != time.Minute {
		t.Fatalf("third request: ok=%v wait=%v, want refused with 1m wait", ok, wait)
	}
	if ok, _ := r.allow("bob"); !ok {
		t.Fatal("another user was limited by alice's requests")
	}
	now = now.Add(61 * time.Second)
	if ok, _ := r.allow("alice"); !ok {
		t.Fatal("request refused after the window passed")
	}
}

func TestRateLimiterDefaults(t *testing.T) {
	now := time.Unix(0, 0)
	r := newRateLimiter(RateLimit{}, func() time.Time { return now })
	n := 0
	for ok := true; ok && n < 100; n++ {
		ok, _ = r.allow("u")
	}
	if n != 4 { // three allowed, the fourth refused
		t.Fatalf("default limit allowed %d requests, want 3", n-1)
	}
}
