package bot

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"redline/bot/internal/discordtest"
	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render"
	"redline/internal/testclock"
	"redline/storage"
)

// digestProcess is one run of redline's digest side: the history database
// and a scheduler posting through a Poster on the fake Discord. A restart
// is a new digestProcess on the same file.
type digestProcess struct {
	store  *storage.Store
	poster *Poster
	sched  *digest.Scheduler
	logs   *bytes.Buffer
}

func startDigests(t *testing.T, srv *discordtest.Server, path string, clock *testclock.Clock) *digestProcess {
	t.Helper()
	st, err := storage.Open(context.Background(), path, storage.WithNow(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	poster, err := NewPoster(PosterOptions{Token: discordtest.Token, HTTPClient: srv.Client(), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	sched := digest.NewScheduler(st, poster, digest.Config{Now: clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	p := &digestProcess{store: st, poster: poster, sched: sched, logs: logs}
	t.Cleanup(p.stop)
	return p
}

func (p *digestProcess) stop() {
	p.sched.Stop()
	p.store.Close()
}

// digestPosts returns the digest messages Discord accepted in the channel.
func digestPosts(srv *discordtest.Server, channelID string) []discordtest.ChannelMessage {
	var out []discordtest.ChannelMessage
	for _, m := range srv.ChannelMessages() {
		if m.ChannelID == channelID && strings.Contains(string(m.Request.Body), "Warning digest") {
			out = append(out, m)
		}
	}
	return out
}

// A digest that reached Discord although redline saw the send fail (the
// answer was lost) is found in the channel after a restart, and not
// posted again.
func TestUncertainDigestIsConfirmedNotRepeatedAcrossARestart(t *testing.T) {
	srv := discordtest.New(t)
	ch := srv.ChannelID
	clock := testclock.New(time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "redline.db")
	ctx := context.Background()

	p := startDigests(t, srv, path, clock)
	if _, _, err := p.sched.Set(ctx, srv.GuildID, ch, "08:00", "UTC"); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC))
	srv.DropNextAnswer(http.MethodPost, discordtest.RouteChannelMessages)
	res := p.sched.RunDue(ctx, ch)
	if res.Outcome != "failed" {
		t.Fatalf("the send whose answer was lost: %+v", res)
	}
	if n := len(digestPosts(srv, ch)); n != 1 {
		t.Fatalf("%d digests reached the channel, want 1", n)
	}
	// Someone else quoting the footer does not count as the bot's post.
	srv.AddMessage(ch, srv.UserID, "look", "redline digest · "+ref(res.Key))
	p.stop()

	// Restart within the grace window.
	clock.Set(time.Date(2026, 3, 10, 8, 20, 0, 0, time.UTC))
	p = startDigests(t, srv, path, clock)
	if err := p.sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	p.sched.Stop()
	if n := len(digestPosts(srv, ch)); n != 1 {
		t.Fatalf("the digest was posted %d times across the restart, want once", n)
	}
	if status, _ := p.store.DeliveryStatus(ctx, res.Key); status != "sent" {
		t.Errorf("after confirming it arrived the delivery is %q, want sent", status)
	}
	lists, _ := srv.WaitCount(wait, 1, func(r discordtest.Request) bool { return r.Is(http.MethodGet, discordtest.RouteChannelMessages) })
	if len(lists) == 0 {
		t.Error("the channel's messages were not read before deciding")
	}
}

// The reference fits the room render keeps in footers.
func TestRefFitsTheFooterRoom(t *testing.T) {
	if n := len([]rune(" · " + ref("digest:1100000000000000003:2026-03-10@America/Argentina/ComodRivadavia"))); n > render.MaxFooterRef {
		t.Errorf("the reference takes %d characters, render keeps %d", n, render.MaxFooterRef)
	}
}

// A crash after reserving the day's digest and before sending it no
// longer loses the day: the restart finds it missing and posts it.
func TestDigestReservedButNeverSentIsPostedAfterARestart(t *testing.T) {
	srv := discordtest.New(t)
	ch := srv.ChannelID
	clock := testclock.New(time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "redline.db")
	ctx := context.Background()

	p := startDigests(t, srv, path, clock)
	if _, _, err := p.sched.Set(ctx, srv.GuildID, ch, "08:00", "UTC"); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC))
	key := digest.DigestKey(ch, clock.Now())
	if _, err := p.store.ReserveDelivery(ctx, key, ch, clock.Now()); err != nil {
		t.Fatal(err)
	}
	// An older digest of the bot, and the channel's chatter, are not it.
	srv.AddMessage(ch, srv.AppID, "", "redline digest · "+ref(digest.DigestKey(ch, clock.Now().Add(-24*time.Hour))))
	srv.AddMessage(ch, srv.UserID, "good morning", "")
	p.stop()

	clock.Set(time.Date(2026, 3, 10, 8, 20, 0, 0, time.UTC))
	p = startDigests(t, srv, path, clock)
	if err := p.sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	posts := digestPosts(srv, ch)
	if len(posts) != 1 {
		t.Fatalf("%d digests after the restart, want 1", len(posts))
	}
	var body struct {
		Embeds []struct {
			Footer struct{ Text string } `json:"footer"`
		} `json:"embeds"`
	}
	if err := posts[0].Request.Decode(&body); err != nil || len(body.Embeds) == 0 ||
		!strings.HasSuffix(body.Embeds[len(body.Embeds)-1].Footer.Text, ref(key)) {
		t.Errorf("the digest's footer does not carry its reference %q: %+v", ref(key), body)
	}
	// A second restart finds it sent and reads nothing.
	p.stop()
	p = startDigests(t, srv, path, clock)
	if err := p.sched.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(digestPosts(srv, ch)); n != 1 {
		t.Errorf("%d digests after a second restart, want 1", n)
	}
}

// Without the Read Message History permission redline cannot tell, and
// then it does not post (a missing digest is the smaller harm).
func TestDigestUnconfirmableIsNotResent(t *testing.T) {
	srv := discordtest.New(t)
	ch := srv.ChannelID
	clock := testclock.New(time.Date(2026, 3, 9, 20, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "redline.db")
	ctx := context.Background()

	p := startDigests(t, srv, path, clock)
	if _, _, err := p.sched.Set(ctx, srv.GuildID, ch, "08:00", "UTC"); err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC))
	if _, err := p.store.ReserveDelivery(ctx, digest.DigestKey(ch, clock.Now()), ch, clock.Now()); err != nil {
		t.Fatal(err)
	}
	srv.FailNext(http.MethodGet, discordtest.RouteChannelMessages, http.StatusForbidden, 0)
	_, err := p.poster.Delivered(ctx, ch, "x")
	if briefing.ErrorCode(err) != briefing.EBLOCKED || !strings.Contains(briefing.ErrorMessage(err), "Read Message History") {
		t.Fatalf("Delivered without permission: %v", err)
	}
	srv.FailNext(http.MethodGet, discordtest.RouteChannelMessages, http.StatusForbidden, 0)
	if res := p.sched.RunDue(ctx, ch); res.Outcome != "interrupted earlier, not resent" {
		t.Fatalf("RunDue: %+v", res)
	}
	if n := len(digestPosts(srv, ch)); n != 0 {
		t.Errorf("%d digests posted without confirmation", n)
	}
}
