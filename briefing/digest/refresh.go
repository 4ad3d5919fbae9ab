package digest

import (
	"context"
	"time"
)

// Refresh brings the running schedules in line with the store: a schedule
// that another process set, changed or removed (several redline processes
// share one PostgreSQL database, and /digest may reach any of them) is
// picked up here. Every process runs every schedule; the digest's
// delivery key makes sure that one of them posts it, once. Start runs
// Refresh every Config.Refresh until Stop.
func (s *Scheduler) Refresh(ctx context.Context) error {
	schedules, err := s.store.DigestSchedules(ctx)
	if err != nil {
		return err
	}
	stored := make(map[string]bool, len(schedules))
	for _, d := range schedules {
		stored[d.ChannelID] = true
		spec := d.TimeOfDay + " " + d.TimeZone
		s.mu.Lock()
		_, running := s.entries[d.ChannelID]
		same := s.specs[d.ChannelID] == spec
		s.mu.Unlock()
		if running && same {
			continue
		}
		sched, _, err := ParseSchedule(d.TimeOfDay, d.TimeZone)
		if err != nil {
			continue // Start logged it
		}
		s.register(d.ChannelID, sched)
		s.mu.Lock()
		if s.specs == nil {
			s.specs = map[string]string{}
		}
		s.specs[d.ChannelID] = spec
		s.mu.Unlock()
	}
	s.mu.Lock()
	var gone []string
	for ch := range s.entries {
		if !stored[ch] {
			gone = append(gone, ch)
		}
	}
	s.mu.Unlock()
	for _, ch := range gone {
		s.unregister(ch)
	}
	return nil
}

func (s *Scheduler) refreshLoop(ctx context.Context, done <-chan struct{}) {
	t := time.NewTicker(s.cfg.Refresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-t.C:
			if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				s.cfg.Logger.Warn("digest schedules not refreshed from the database", "err", err)
			}
		}
	}
}

// Running lists the channels whose daily digest this scheduler runs, in
// no particular order.
func (s *Scheduler) Running() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.entries))
	for ch := range s.entries {
		out = append(out, ch)
	}
	return out
}
