package bot

import (
	"sync"
	"time"
)

// rateLimiter allows each user at most count actions in any window of per
// (a sliding log of recent action times per user).
type rateLimiter struct {
	mu    sync.Mutex
	count int
	per   time.Duration
	now   func() time.Time
	seen  map[string][]time.Time
}

func newRateLimiter(l RateLimit, now func() time.Time) *rateLimiter {
	if l.Count <= 0 {
		l.Count = 3
	}
	if l.Per <= 0 {
		l.Per = time.Minute
	}
	return &rateLimiter{count: l.Count, per: l.Per, now: now, seen: map[string][]time.Time{}}
}

// allow records an action by user and reports whether it is within the
// limit; when it is not, wait says how long until the next one is allowed.
func (r *rateLimiter) allow(user string) (ok bool, wait time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	recent := r.prune(r.seen[user], now)
	if len(recent) >= r.count {
		r.seen[user] = recent
		return false, recent[0].Add(r.per).Sub(now)
	}
	r.seen[user] = append(recent, now)
	if len(r.seen) > 4096 { // keep memory bounded: forget users with no recent action
		for u, ts := range r.seen {
			if len(r.prune(ts, now)) == 0 {
				delete(r.seen, u)
			}
		}
	}
	return true, 0
}

// prune drops the times that are out of the window.
func (r *rateLimiter) prune(ts []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-r.per)) {
		i++
	}
	return ts[i:]
}

// refund forgets user's latest action, for one that failed through no
// doing of theirs (redline was too busy to read the page).
func (r *rateLimiter) refund(user string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ts := r.seen[user]; len(ts) > 0 {
		r.seen[user] = ts[:len(ts)-1]
	}
}
