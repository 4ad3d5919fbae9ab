package delivery

import (
	"context"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

// memFailures is the post_failures table in memory.
type memFailures struct {
	rows  map[string]briefing.PostFailure
	owner string
}

func (m *memFailures) RecordPostFailure(_ context.Context, f briefing.PostFailure) error {
	m.rows[f.Key] = f
	return nil
}

func (m *memFailures) PostFailure(_ context.Context, key string) (briefing.PostFailure, bool, error) {
	f, ok := m.rows[key]
	return f, ok, nil
}

func (m *memFailures) ClearPostFailures(_ context.Context, channelID, kind string, feedID int64) error {
	for k, f := range m.rows {
		if f.ChannelID == channelID && f.Kind == kind && f.FeedID == feedID {
			delete(m.rows, k)
		}
	}
	return nil
}

func (m *memFailures) DuePostFailures(_ context.Context, kind string, now time.Time) ([]briefing.PostFailure, error) {
	var out []briefing.PostFailure
	for _, f := range m.rows {
		if f.Kind == kind && !f.NextAttempt.After(now) && !f.GaveUp() {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memFailures) ChannelPostFailures(_ context.Context, channelID string) ([]briefing.PostFailure, error) {
	var out []briefing.PostFailure
	for _, f := range m.rows {
		if f.ChannelID == channelID {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memFailures) ChannelOwner(context.Context, string) (string, error) { return m.owner, nil }

// tellPoster records notices and direct messages; notices fail when the
// channel is closed to it.
type tellPoster struct {
	closed  bool
	notices []string
	direct  []string
}

func (p *tellPoster) PostBriefing(context.Context, string, *briefing.Briefing, string) error {
	return nil
}
func (p *tellPoster) PostDigest(context.Context, string, *briefing.Digest, string) error { return nil }
func (p *tellPoster) PostNotice(_ context.Context, channelID, text string) error {
	if p.closed {
		return briefing.Errorf(briefing.EBLOCKED, "redline may not post in channel %s", channelID)
	}
	p.notices = append(p.notices, text)
	return nil
}
func (p *tellPoster) PostDirect(_ context.Context, userID, text string) error {
	p.direct = append(p.direct, userID+": "+text)
	return nil
}

func TestBackoffDoublesToHalfAnHour(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestFailedTellsOnceWhenPeopleMustAct(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	store := &memFailures{rows: map[string]briefing.PostFailure{}, owner: "u1"}
	poster := &tellPoster{}
	fs := &Failures{Store: store, Poster: poster}
	forbidden := briefing.Errorf(briefing.EBLOCKED, "redline may not post in channel c1; give it the Send Messages permission")
	f := briefing.PostFailure{Key: "digest:c1:2026-03-02", ChannelID: "c1", Kind: briefing.PostDigest, Deadline: t0.Add(6 * time.Hour)}

	got := fs.Failed(ctx, f, forbidden, t0, "today's digest")
	if got.Attempts != 1 || !got.NextAttempt.Equal(t0.Add(time.Minute)) || !got.Told || got.Code != briefing.EBLOCKED {
		t.Fatalf("first failure = %+v", got)
	}
	if len(poster.notices) != 1 || !strings.Contains(poster.notices[0], "today's digest") || !strings.Contains(poster.notices[0], "Send Messages") {
		t.Fatalf("notices = %q", poster.notices)
	}
	// The next failure keeps the first deadline and tells nobody again.
	got = fs.Failed(ctx, briefing.PostFailure{Key: f.Key, ChannelID: "c1", Kind: briefing.PostDigest, Deadline: t0.Add(99 * time.Hour)},
		forbidden, t0.Add(time.Minute), "today's digest")
	if got.Attempts != 2 || !got.Deadline.Equal(f.Deadline) || !got.NextAttempt.Equal(t0.Add(3*time.Minute)) || len(poster.notices) != 1 {
		t.Errorf("second failure = %+v, %d notices", got, len(poster.notices))
	}
	fs.Succeeded(ctx, "c1", briefing.PostDigest, 0)
	if len(store.rows) != 0 {
		t.Errorf("a success left %d failures", len(store.rows))
	}
}

func TestFailedTellsTheOwnerByDMWhenTheChannelIsClosed(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	store := &memFailures{rows: map[string]briefing.PostFailure{}, owner: "u1"}
	poster := &tellPoster{closed: true}
	fs := &Failures{Store: store, Poster: poster}
	got := fs.Failed(ctx, briefing.PostFailure{Key: "k", ChannelID: "c1", Kind: briefing.PostBriefing, Deadline: t0.Add(time.Hour)},
		briefing.Errorf(briefing.EBLOCKED, "redline may not post in channel c1"), t0, "a briefing")
	if !got.Told || len(poster.direct) != 1 || !strings.HasPrefix(poster.direct[0], "u1: ") || !strings.Contains(poster.direct[0], "channel c1") {
		t.Errorf("told %v, direct messages %q", got.Told, poster.direct)
	}
}

func TestFailedWaitsForGivingUpOnPassingTrouble(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	store := &memFailures{rows: map[string]briefing.PostFailure{}}
	poster := &tellPoster{}
	fs := &Failures{Store: store, Poster: poster}
	down := briefing.Errorf(briefing.EUNAVAILABLE, "could not reach Discord to post in channel c1; it will try again later")
	f := briefing.PostFailure{Key: "k", ChannelID: "c1", Kind: briefing.PostDigest, Deadline: t0.Add(10 * time.Minute)}
	now := t0
	var got briefing.PostFailure
	for i := 0; i < 10 && !got.GaveUp(); i++ {
		got = fs.Failed(ctx, f, down, now, "today's digest")
		if !got.GaveUp() && len(poster.notices) != 0 {
			t.Fatalf("told about a passing 5xx on attempt %d", got.Attempts)
		}
		now = got.NextAttempt
	}
	if !got.GaveUp() || !got.Told || len(poster.notices) != 1 || !strings.Contains(poster.notices[0], "stopped trying") {
		t.Errorf("after giving up: %+v, notices %q", got, poster.notices)
	}
	if due, _ := store.DuePostFailures(ctx, briefing.PostDigest, now.Add(time.Hour)); len(due) != 0 {
		t.Errorf("a post given up on is due: %+v", due)
	}
}
