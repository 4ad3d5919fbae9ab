package digest_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
)

// failingPoster refuses the next failures digests, then posts; it records
// the notices it was asked to post.
type failingPoster struct {
	*poster
	mu       sync.Mutex
	failures int
	err      error
	notices  []string
}

func (p *failingPoster) PostDigest(ctx context.Context, channelID string, d *briefing.Digest, key string) error {
	p.mu.Lock()
	if p.failures > 0 {
		p.failures--
		p.mu.Unlock()
		return p.err
	}
	p.mu.Unlock()
	return p.poster.PostDigest(ctx, channelID, d, key)
}

func (p *failingPoster) PostNotice(_ context.Context, _ string, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notices = append(p.notices, text)
	return nil
}

func TestFailedDigestIsRetriedThatDayAndShown(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	fp := &failingPoster{poster: e.poster, failures: 2,
		err: briefing.Errorf(briefing.EBLOCKED, "redline may not post in channel c1; give it the Send Messages permission there")}
	e.restart(fp)
	e.set("c1", "08:00", "Europe/London")
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")

	e.clock.Set(london("2026-03-10 08:00"))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "failed" {
		t.Fatalf("first run: %+v", res)
	}
	fails, err := e.store.ChannelPostFailures(e.ctx, "c1")
	if err != nil || len(fails) != 1 || !strings.Contains(fails[0].Message, "Send Messages") || fails[0].Kind != briefing.PostDigest {
		t.Fatalf("recorded failures = %+v, %v", fails, err)
	}
	if len(fp.notices) != 1 || !strings.Contains(fp.notices[0], "today's digest") {
		t.Fatalf("notices = %q, want the channel told once", fp.notices)
	}

	// Not yet due: nothing happens.
	e.clock.Set(london("2026-03-10 08:00").Add(30 * time.Second))
	e.sched.RetryFailed(e.ctx)
	if n := len(e.poster.sent()); n != 0 {
		t.Fatalf("%d digests before the retry was due", n)
	}
	e.clock.Set(london("2026-03-10 08:01"))
	e.sched.RetryFailed(e.ctx) // refused again
	e.clock.Set(london("2026-03-10 08:04"))
	e.sched.RetryFailed(e.ctx) // goes out
	sent := e.poster.sent()
	if len(sent) != 1 || sent[0].Key != digest.DigestKey("c1", london("2026-03-10 08:00")) || whats(sent[0].Digest) != "[Troops massing at the border]" {
		t.Fatalf("sent = %+v, want today's digest, retried", sent)
	}
	if sent[0].Digest.TimeZone != "Europe/London" {
		t.Errorf("digest time zone %q, want the schedule's", sent[0].Digest.TimeZone)
	}
	if fails, _ := e.store.ChannelPostFailures(e.ctx, "c1"); len(fails) != 0 {
		t.Errorf("failures left after the digest went out: %+v", fails)
	}
	if len(fp.notices) != 1 {
		t.Errorf("notices = %q, want one", fp.notices)
	}
	e.clock.Set(london("2026-03-10 09:00"))
	e.sched.RetryFailed(e.ctx)
	if n := len(e.poster.sent()); n != 1 {
		t.Errorf("%d digests after another retry pass, want 1", n)
	}
}

func TestFailedDigestIsNotRetriedPastItsGraceWindow(t *testing.T) {
	e := newEnv(t, london("2026-03-08 20:00"))
	fp := &failingPoster{poster: e.poster,
		err: briefing.Errorf(briefing.EUNAVAILABLE, "could not reach Discord to post in channel c1; it will try again later")}
	e.restart(fp)
	e.set("c1", "08:00", "Europe/London")
	e.clock.Set(london("2026-03-09 08:00"))
	e.sched.RunDue(e.ctx, "c1") // an empty digest goes out on the 9th
	e.clock.Set(london("2026-03-09 20:00"))
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")
	fp.mu.Lock()
	fp.failures = 1000
	fp.mu.Unlock()
	e.clock.Set(london("2026-03-10 08:00"))
	e.sched.RunDue(e.ctx, "c1")
	for now := london("2026-03-10 08:00"); now.Before(london("2026-03-10 16:00")); now = now.Add(time.Minute) {
		e.clock.Set(now)
		e.sched.RetryFailed(e.ctx)
	}
	fp.mu.Lock()
	tries := 1000 - fp.failures
	notices := append([]string(nil), fp.notices...)
	fp.mu.Unlock()
	if tries < 8 || tries > 20 {
		t.Errorf("%d attempts within the 6h grace window, want a backoff", tries)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "stopped trying") {
		t.Errorf("notices = %q, want one when redline gave up", notices)
	}
	// Tomorrow's digest still covers what today's failed to post.
	fp.mu.Lock()
	fp.failures = 0
	fp.mu.Unlock()
	e.clock.Set(london("2026-03-11 08:00"))
	e.sched.RunDue(e.ctx, "c1")
	if sent := e.poster.sent(); len(sent) != 2 || whats(sent[1].Digest) != "[Troops massing at the border]" {
		t.Errorf("next day's digest = %+v, want the warnings the failed one held", sent)
	}
}

func TestLastFailureShowsTheDigestThatDidNotGoOut(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	fp := &failingPoster{poster: e.poster, failures: 1, err: briefing.Errorf(briefing.ENOTFOUND, "channel c1 no longer exists")}
	e.restart(fp)
	e.set("c1", "08:00", "Europe/London")
	if _, ok, err := e.sched.LastFailure(e.ctx, "c1"); ok || err != nil {
		t.Fatalf("a failure before any post: %v %v", ok, err)
	}
	e.clock.Set(london("2026-03-10 08:00"))
	e.sched.RunDue(e.ctx, "c1")
	f, ok, err := e.sched.LastFailure(e.ctx, "c1")
	if err != nil || !ok || f.Message != "channel c1 no longer exists" || !f.NextAttempt.Equal(london("2026-03-10 08:01")) {
		t.Errorf("LastFailure = %+v, %v, %v", f, ok, err)
	}
}
