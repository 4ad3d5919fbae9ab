package digest_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/internal/testclock"
	"redline/storage"
)

// poster records digests; crashAfterSend makes the next PostDigest deliver
// and then kill the "process" (a panic) before anything is recorded.
type poster struct {
	mu             sync.Mutex
	digests        []postedDigest
	crashAfterSend bool
	confirm        *bool                // when set, the poster is a delivery.Confirmer answering this
	onPost         func(channel string) // called after each digest is posted (a slow post moves the clock)
}

type postedDigest struct {
	Channel, Key string
	Digest       *briefing.Digest
}

func (p *poster) PostBriefing(context.Context, string, *briefing.Briefing, string) error { return nil }
func (p *poster) PostNotice(context.Context, string, string) error                       { return nil }

func (p *poster) PostDigest(_ context.Context, channelID string, d *briefing.Digest, key string) error {
	p.mu.Lock()
	p.digests = append(p.digests, postedDigest{channelID, key, d})
	crash := p.crashAfterSend
	p.crashAfterSend = false
	onPost := p.onPost
	p.mu.Unlock()
	if crash {
		panic("simulated crash after sending")
	}
	if onPost != nil {
		onPost(channelID)
	}
	return nil
}

func (p *poster) sent() []postedDigest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]postedDigest(nil), p.digests...)
}

// confirmingPoster can tell whether a digest reached the channel.
type confirmingPoster struct{ *poster }

func (p confirmingPoster) Delivered(_ context.Context, channelID, key string) (bool, error) {
	for _, d := range p.sent() {
		if d.Channel == channelID && d.Key == key {
			return true, nil
		}
	}
	return false, nil
}

type env struct {
	t      *testing.T
	ctx    context.Context
	path   string
	clock  *testclock.Clock
	store  *storage.Store
	poster *poster
	logs   *bytes.Buffer
	sched  *digest.Scheduler
}

func newEnv(t *testing.T, now time.Time) *env {
	e := &env{t: t, ctx: context.Background(), path: filepath.Join(t.TempDir(), "redline.db"), clock: testclock.New(now), poster: &poster{}}
	e.restart(e.poster)
	return e
}

// restart reopens the database and builds a new scheduler, as a new process would.
func (e *env) restart(p briefing.Poster) { e.restartWith(p, digest.Config{}) }

// restartWith is restart with a scheduler configuration (the clock and the logger are the env's).
func (e *env) restartWith(p briefing.Poster, cfg digest.Config) {
	e.t.Helper()
	if e.sched != nil {
		e.sched.Stop()
	}
	if e.store != nil {
		e.store.Close()
	}
	st, err := storage.Open(e.ctx, e.path, storage.WithNow(e.clock.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	e.store = st
	e.logs = &bytes.Buffer{}
	cfg.Now, cfg.Logger = e.clock.Now, slog.New(slog.NewTextHandler(e.logs, nil))
	e.sched = digest.NewScheduler(st, p, cfg)
	e.t.Cleanup(e.sched.Stop)
}

// brief stores an article with one warning and records it for the channel at the clock's time.
func (e *env) brief(channel, url, what string) {
	e.t.Helper()
	b := &briefing.Briefing{
		Article: briefing.Article{URL: url, Title: "About " + what, Site: "Wire", Text: what, Fetched: e.clock.Now()},
		Warnings: []briefing.Warning{{
			Speaker: briefing.Actor{Name: "Northland"}, Addressee: briefing.Actor{Name: "Southland"},
			Kind: briefing.KindWarning, What: what, Evidence: []string{"Northland warned Southland: " + what + "."},
		}},
	}
	if err := e.store.SaveBriefing(e.ctx, b); err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.RecordChannelArticle(e.ctx, channel, b.Article.ID, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) set(channel, tod, tz string) {
	e.t.Helper()
	if _, _, err := e.sched.Set(e.ctx, "g", channel, tod, tz); err != nil {
		e.t.Fatal(err)
	}
}

func london(s string) time.Time {
	loc, _ := time.LoadLocation("Europe/London")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSetShowOff(t *testing.T) {
	e := newEnv(t, london("2026-03-28 12:00"))
	d, next, err := e.sched.Set(e.ctx, "g", "c1", "08:00", "Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	if d.TimeOfDay != "08:00" || d.TimeZone != "Europe/London" || !next.Equal(london("2026-03-29 08:00")) {
		t.Fatalf("Set = %+v, next %s", d, next)
	}
	if !next.Equal(time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)) {
		t.Fatalf("next is %s UTC, want 07:00 UTC (BST)", next.UTC())
	}
	if _, _, err := e.sched.Set(e.ctx, "g", "c1", "8h", "Europe/London"); briefing.ErrorCode(err) != briefing.EINVALID ||
		!strings.Contains(briefing.ErrorMessage(err), "24-hour clock") {
		t.Fatalf("bad time: %v", err)
	}
	if _, _, err := e.sched.Set(e.ctx, "g", "c1", "08:00", "Europe/Londres"); briefing.ErrorCode(err) != briefing.EINVALID ||
		!strings.Contains(briefing.ErrorMessage(err), "IANA") {
		t.Fatalf("bad zone: %v", err)
	}
	shown, next2, err := e.sched.Show(e.ctx, "c1")
	if err != nil || shown.TimeOfDay != "08:00" || !next2.Equal(next) {
		t.Fatalf("Show = %+v, %s, %v (the bad Set must not have changed it)", shown, next2, err)
	}
	if err := e.sched.Off(e.ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.sched.Show(e.ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("Show after Off: %v", err)
	}
	if err := e.sched.Off(e.ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("Off twice: %v", err)
	}
}

func TestScheduledDigestIsSentOnceAndCoversSinceThePrevious(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	e.set("c1", "08:00", "Europe/London")
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")

	e.clock.Set(london("2026-03-10 08:00"))
	res := e.sched.RunDue(e.ctx, "c1")
	if res.Outcome != "posted" || res.Key != "digest:c1:2026-03-10@Europe/London" {
		t.Fatalf("first run: %+v", res)
	}
	// The cron job firing twice (or a restart right after) sends nothing more.
	e.clock.Set(london("2026-03-10 08:01"))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "already sent" {
		t.Fatalf("second run: %+v", res)
	}
	e.brief("c1", "https://wire.example/2", "Naval drills near the strait")
	e.clock.Set(london("2026-03-11 08:00"))
	e.sched.RunDue(e.ctx, "c1")
	sent := e.poster.sent()
	if len(sent) != 2 {
		t.Fatalf("%d digests sent, want 2", len(sent))
	}
	if got := whats(sent[0].Digest); got != "[Troops massing at the border]" {
		t.Fatalf("first digest: %s", got)
	}
	if got := whats(sent[1].Digest); got != "[Naval drills near the strait]" {
		t.Fatalf("second digest covers %s; want only what came after the first", got)
	}
}

func whats(d *briefing.Digest) string {
	var out []string
	for _, g := range d.Groups {
		for _, it := range g.Items {
			out = append(out, it.What)
		}
	}
	return fmt.Sprint(out)
}

func TestCrashBetweenSendAndRecordDoesNotSendTwice(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	e.set("c1", "08:00", "Europe/London")
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")
	e.clock.Set(london("2026-03-10 08:00"))
	e.poster.crashAfterSend = true
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Fatal("the simulated crash did not happen")
			}
		}()
		e.sched.RunDue(e.ctx, "c1")
	}()
	if n := len(e.poster.sent()); n != 1 {
		t.Fatalf("%d digests before the restart, want 1", n)
	}

	// Restart ten minutes later: start-up catch-up must not send it again.
	e.clock.Set(london("2026-03-10 08:10"))
	e.restart(e.poster)
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.sched.Stop()
	if n := len(e.poster.sent()); n != 1 {
		t.Fatalf("the digest was sent %d times across the crash", n)
	}
	if !strings.Contains(e.logs.String(), "interrupted") {
		t.Fatalf("the uncertain delivery was not logged: %s", e.logs.String())
	}
	// The next day's digest still goes out, from the crashed one's time on.
	e.brief("c1", "https://wire.example/2", "Naval drills near the strait")
	e.clock.Set(london("2026-03-11 08:00"))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "posted" || !strings.Contains(whats(res.Digest), "Naval drills") {
		t.Fatalf("next day: %+v", res)
	}
}

func TestCrashBeforeSendIsResentWhenThePosterCanTell(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	e.set("c1", "08:00", "Europe/London")
	e.clock.Set(london("2026-03-10 08:00"))
	// A reservation without a send: the process died before the post left.
	if _, err := e.store.ReserveDelivery(e.ctx, "digest:c1:2026-03-10@Europe/London", "c1", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(london("2026-03-10 08:10"))
	e.restart(confirmingPoster{e.poster})
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.poster.sent()); n != 1 {
		t.Fatalf("%d digests after the confirmed-missing restart, want 1", n)
	}
	e.restart(confirmingPoster{e.poster})
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.poster.sent()); n != 1 {
		t.Fatalf("%d digests after a second restart, want 1", n)
	}
}

func TestMissedDigestInsideGraceIsSentOutsideSkipped(t *testing.T) {
	for _, tc := range []struct {
		name    string
		restart time.Time
		sent    int
	}{
		{"two hours late", london("2026-03-10 10:00"), 1},
		{"just inside six hours", london("2026-03-10 14:00"), 1},
		{"seven hours late", london("2026-03-10 15:00"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, london("2026-03-09 20:00"))
			e.set("c1", "08:00", "Europe/London")
			e.brief("c1", "https://wire.example/1", "Troops massing at the border")
			// Down from 07:00 until the restart.
			e.clock.Set(tc.restart)
			e.restart(e.poster)
			if err := e.sched.Start(e.ctx); err != nil {
				t.Fatal(err)
			}
			sent := e.poster.sent()
			if len(sent) != tc.sent {
				t.Fatalf("%d digests sent at start-up, want %d", len(sent), tc.sent)
			}
			if tc.sent == 1 && sent[0].Key != "digest:c1:2026-03-10@Europe/London" {
				t.Fatalf("key %q", sent[0].Key)
			}
			if tc.sent == 0 && !strings.Contains(e.logs.String(), "skipped") {
				t.Fatalf("skipped digest not logged: %q", e.logs.String())
			}
		})
	}
}

func TestScheduleSetAfterItsTimeDoesNotFireAtStartUp(t *testing.T) {
	e := newEnv(t, london("2026-03-10 09:00"))
	e.set("c1", "08:00", "Europe/London") // today's 08:00 is already past
	e.clock.Set(london("2026-03-10 10:00"))
	e.restart(e.poster)
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(e.poster.sent()); n != 0 {
		t.Fatalf("a digest due before the schedule existed was sent")
	}
}

func TestNowPostsAtOnceAndMovesTheWindow(t *testing.T) {
	e := newEnv(t, london("2026-03-10 09:00"))
	e.set("c1", "18:00", "Europe/London")
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")
	e.clock.Set(london("2026-03-10 12:00"))
	d, err := e.sched.Now(e.ctx, "c1")
	if err != nil || whats(d) != "[Troops massing at the border]" {
		t.Fatalf("Now = %s, %v", whats(d), err)
	}
	e.clock.Set(london("2026-03-10 18:00"))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "posted" || whats(res.Digest) != "[]" {
		t.Fatalf("evening digest repeats what /digest now posted: %+v", res)
	}
	if n := len(e.poster.sent()); n != 2 {
		t.Fatalf("%d digests, want 2", n)
	}
}

// A channel due while another channel's missed digest is being caught up
// at start-up is not skipped for the day: the schedules start after the
// catch-up, so the times that passed meanwhile are run then.
func TestChannelDueDuringStartUpCatchUpIsNotSkipped(t *testing.T) {
	e := newEnv(t, london("2026-03-09 20:00"))
	e.set("c1", "08:00", "Europe/London") // due a minute after the restart
	e.set("c2", "07:00", "Europe/London") // missed while down: caught up at start
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")
	e.brief("c2", "https://wire.example/2", "Naval drills near the strait")

	e.clock.Set(london("2026-03-10 07:59"))
	e.restart(e.poster)
	// Catching c2 up is slow: it ends after c1's time.
	e.poster.onPost = func(channel string) {
		if channel == "c2" {
			e.clock.Set(london("2026-03-10 08:01"))
		}
	}
	if err := e.sched.Start(e.ctx); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, d := range e.poster.sent() {
		keys[d.Key] = true
	}
	for _, want := range []string{"digest:c2:2026-03-10@Europe/London", "digest:c1:2026-03-10@Europe/London"} {
		if !keys[want] {
			t.Errorf("%s was not sent at start-up; sent %v", want, keys)
		}
	}
	// Nothing runs twice: the schedule firing now finds both sent.
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "already sent" {
		t.Errorf("c1 after start-up: %+v", res)
	}
	if n := len(e.poster.sent()); n != 2 {
		t.Errorf("%d digests sent, want 2", n)
	}
}

// A channel that moves its digest west after the day's digest gets the
// new zone's digest of the same date: the key is the new zone's date.
func TestTimeZoneChangeAfterTodaysDigest(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	at := func(s string, loc *time.Location) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	e := newEnv(t, at("2026-03-09 20:00", time.UTC))
	e.set("c1", "08:00", "UTC")
	e.brief("c1", "https://wire.example/1", "Troops massing at the border")
	e.clock.Set(at("2026-03-10 08:00", time.UTC))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "posted" {
		t.Fatalf("UTC digest: %+v", res)
	}

	e.clock.Set(at("2026-03-10 10:00", time.UTC)) // 03:00 in Los Angeles
	d, next, err := e.sched.Set(e.ctx, "g", "c1", "08:00", "America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	if want := at("2026-03-10 08:00", la); !next.Equal(want) || d.TimeZone != "America/Los_Angeles" {
		t.Fatalf("next = %s, want %s", next, want)
	}
	e.brief("c1", "https://wire.example/2", "Naval drills near the strait")
	e.clock.Set(at("2026-03-10 08:00", la))
	res := e.sched.RunDue(e.ctx, "c1")
	if res.Outcome != "posted" || res.Key != "digest:c1:2026-03-10@America/Los_Angeles" {
		t.Fatalf("the new zone's digest of the same date: %+v", res)
	}
	if got := whats(res.Digest); got != "[Naval drills near the strait]" {
		t.Errorf("it covers %s; want what came after the UTC digest", got)
	}
	// Back to UTC the same day: today's UTC digest was sent, none is due.
	e.clock.Set(at("2026-03-10 17:00", time.UTC))
	e.set("c1", "08:00", "UTC")
	e.clock.Set(at("2026-03-10 18:00", time.UTC))
	if res := e.sched.RunDue(e.ctx, "c1"); res.Outcome != "" {
		t.Errorf("after moving back: %+v", res)
	}
	if n := len(e.poster.sent()); n != 2 {
		t.Errorf("%d digests, want 2", n)
	}
}

// digest.grace: 0s is "no catch-up": a digest missed while down is
// skipped, one sent at its time (give or take digest.OnTime) goes out.
func TestNoCatchUp(t *testing.T) {
	for _, tc := range []struct {
		name    string
		restart time.Time
		sent    int
	}{
		{"on time", london("2026-03-10 08:00"), 1},
		{"seconds late", london("2026-03-10 08:00").Add(30 * time.Second), 1},
		{"ten minutes late", london("2026-03-10 08:10"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, london("2026-03-09 20:00"))
			e.set("c1", "08:00", "Europe/London")
			e.clock.Set(tc.restart)
			e.restartWith(e.poster, digest.Config{Grace: digest.NoCatchUp})
			if err := e.sched.Start(e.ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(e.poster.sent()); n != tc.sent {
				t.Fatalf("%d digests sent, want %d", n, tc.sent)
			}
			if tc.sent == 0 && !strings.Contains(e.logs.String(), "skipped") {
				t.Errorf("the skipped digest was not logged: %s", e.logs.String())
			}
		})
	}
}
