package feeds

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"redline/briefing"
)

// Observer is told what polling does, for metrics. Implementations must
// be safe for concurrent use and quick.
type Observer interface {
	// FeedPolled is one feed asked: outcome is "ok", "not_modified",
	// "failed" or "paused"; reason is the error code of a failure
	// (briefing.ErrorCode), else "".
	FeedPolled(outcome, reason string)
	// ItemProcessed is one new item: outcome is "briefed" or "failed"
	// (reason as for FeedPolled).
	ItemProcessed(outcome, reason string)
	// LeasesHeld is the number of feeds this poller holds now.
	LeasesHeld(n int)
	// Backlog is the number of feeds due that no poller holds.
	Backlog(n int)
}

type nopObserver struct{}

func (nopObserver) FeedPolled(string, string)    {}
func (nopObserver) ItemProcessed(string, string) {}
func (nopObserver) LeasesHeld(int)               {}
func (nopObserver) Backlog(int)                  {}

// defaultOwner names this poller in the leases: host and process, for an
// operator reading the feeds table, and a random part, so that two
// services (or a restarted process with a recycled pid) never share one.
func defaultOwner() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "redline"
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Owner returns the name this service's leases are held under.
func (s *Service) Owner() string { return s.cfg.Owner }

// renewLeases keeps the leases on ids alive while a batch is polled,
// renewing them every third of the lease; stop ends it and waits.
func (s *Service) renewLeases(ctx context.Context, ids []int64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(max(s.cfg.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if err := s.polls.RenewFeedLeases(ctx, s.cfg.Owner, ids, s.cfg.Now().Add(s.cfg.Lease)); err != nil && ctx.Err() == nil {
					s.cfg.Logger.Warn("feed leases not renewed; another poller may take the feeds", "feeds", len(ids), "err", err)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// holding counts the feeds this poller holds, for the Observer.
func (s *Service) holding(delta int) {
	s.mu.Lock()
	s.held += delta
	n := s.held
	s.mu.Unlock()
	s.cfg.Observer.LeasesHeld(n)
}

// observe tells the Observer about one feed's poll.
func (s *Service) observe(r PollReport) {
	o := s.cfg.Observer
	switch {
	case len(r.Paused) > 0:
		o.FeedPolled("paused", errorReason(r.Errors))
	case r.Failed > 0:
		o.FeedPolled("failed", errorReason(r.Errors))
	case r.NotModified > 0:
		o.FeedPolled("not_modified", "")
	case r.Polled > 0:
		o.FeedPolled("ok", "")
	}
	for _, n := range r.New {
		if n.Err != nil {
			o.ItemProcessed("failed", briefing.ErrorCode(n.Err))
		} else {
			o.ItemProcessed("briefed", "")
		}
	}
}

func errorReason(errs []FeedError) string {
	if len(errs) == 0 {
		return ""
	}
	return briefing.ErrorCode(errs[0].Err)
}

func feedIDs(feeds []briefing.Feed) []int64 {
	ids := make([]int64, len(feeds))
	for i, f := range feeds {
		ids[i] = f.ID
	}
	return ids
}
