package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/bot/internal/discordtest"
	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/feeds"
)

// The engines cli/app.go wires in must fit the bot's interfaces as they are.
var (
	_ FeedManager   = (*feeds.Service)(nil)
	_ DigestManager = (*digest.Scheduler)(nil)
)

// fakeFeeds keeps subscriptions in memory and records calls.
type fakeFeeds struct {
	mu    sync.Mutex
	subs  []briefing.Subscription
	calls []string
}

func (f *fakeFeeds) AddWith(_ context.Context, req feeds.AddRequest) (feeds.AddResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf("add %s %s %s %s %d %+v role=%s thread=%v", req.GuildID, req.ChannelID, req.URL, req.Mode, req.Backfill,
		req.Filter, req.MentionRole, req.Thread))
	if !strings.HasPrefix(req.URL, "https://") {
		return feeds.AddResult{}, briefing.Errorf(briefing.EINVALID, "%q is not a feed address — give a full https:// link", req.URL)
	}
	s := briefing.Subscription{GuildID: req.GuildID, ChannelID: req.ChannelID, Mode: req.Mode, Feed: briefing.Feed{ID: int64(len(f.subs) + 1), URL: req.URL, Title: "World *News* @everyone"}}
	f.subs = append(f.subs, s)
	latest := feeds.Item{Title: "Minister *warns* @here", Link: "https://news.example/latest"}
	return feeds.AddResult{Subscription: s, Feed: s.Feed, Latest: latest, Backfilled: req.Backfill}, nil
}

func (f *fakeFeeds) Preview(_ context.Context, feedURL string) (feeds.Item, *briefing.Briefing, error) {
	return feeds.Item{Title: "Newest"}, &briefing.Briefing{Article: briefing.Article{URL: "https://news.example/newest", Title: "Newest"}, Warnings: warningsFixture(2)}, nil
}

func (f *fakeFeeds) Remove(_ context.Context, channelID, feedURL string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "remove "+channelID+" "+feedURL)
	return nil
}

func (f *fakeFeeds) List(_ context.Context, channelID string) ([]briefing.Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]briefing.Subscription(nil), f.subs...), nil
}

type fakeDigests struct{ set *briefing.DigestSchedule }

func (d *fakeDigests) Set(_ context.Context, guildID, channelID, tod, tz string) (briefing.DigestSchedule, time.Time, error) {
	if _, err := time.LoadLocation(tz); err != nil {
		return briefing.DigestSchedule{}, time.Time{}, briefing.Errorf(briefing.EINVALID, "%q is not a time zone; use a name such as Europe/Berlin", tz)
	}
	d.set = &briefing.DigestSchedule{GuildID: guildID, ChannelID: channelID, TimeOfDay: tod, TimeZone: tz}
	return *d.set, time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC), nil
}
func (d *fakeDigests) Off(context.Context, string) error { d.set = nil; return nil }
func (d *fakeDigests) Show(context.Context, string) (briefing.DigestSchedule, time.Time, error) {
	if d.set == nil {
		return briefing.DigestSchedule{}, time.Time{}, briefing.Errorf(briefing.ENOTFOUND, "no digest")
	}
	return *d.set, time.Time{}, nil
}
func (d *fakeDigests) Now(context.Context, string) (*briefing.Digest, error) {
	g := briefing.DigestGroup{Items: make([]briefing.DigestItem, 2)}
	return &briefing.Digest{Groups: []briefing.DigestGroup{g, g, g}}, nil
}
func (d *fakeDigests) LastFailure(context.Context, string) (briefing.PostFailure, bool, error) {
	return briefing.PostFailure{}, false, nil
}

func sub(name string, opts ...map[string]any) map[string]any {
	if opts == nil {
		opts = []map[string]any{}
	}
	return map[string]any{"name": name, "type": 1, "options": opts}
}

// privateEdit runs a management command and returns its ephemeral answer.
func (e *env) privateEdit(t *testing.T, cmd string, subcmd map[string]any) string {
	t.Helper()
	in := e.srv.SendInteraction(command(cmd, subcmd))
	c := e.callback(t, in)
	if c.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !c.Data.Ephemeral() {
		t.Fatalf("/%s answer type %d ephemeral %v, want a private deferred answer", cmd, c.Type, c.Data.Ephemeral())
	}
	ed := e.edit(t, in, 1)
	if !ed.Message.MentionsNothing() {
		t.Errorf("/%s reply allows mentions", cmd)
	}
	return ed.Message.ContentString()
}

func TestFeedCommands(t *testing.T) {
	t.Parallel()
	ff := &fakeFeeds{}
	e := start(t, func(o *Options) { o.Feeds = ff })

	got := e.privateEdit(t, "feed", sub("add", strOpt("url", "https://news.example/rss"), strOpt("mode", "instant"),
		map[string]any{"name": "backfill", "type": 4, "value": 3}))
	if !strings.Contains(got, "now follows") || !strings.Contains(got, "posted as it arrives") || strings.Contains(got, "*News*") {
		t.Errorf("/feed add = %q", got)
	}
	if !strings.Contains(got, "Latest item: Minister \\*warns\\*") || !strings.Contains(got, "<https://news.example/latest>") || strings.Contains(got, "@here") {
		t.Errorf("/feed add does not show the latest item safely: %q", got)
	}
	if want := "add " + discordtest.DefaultGuildID + " " + discordtest.DefaultChannelID + " https://news.example/rss instant 3 {Actors:[] ActorKeys:[] ThreatsOnly:false Keywords:[]} role= thread=false"; len(ff.calls) != 1 || ff.calls[0] != want {
		t.Errorf("calls = %q, want %q", ff.calls, want)
	}
	if got := e.privateEdit(t, "feed", sub("list")); !strings.Contains(got, "<https://news.example/rss>") {
		t.Errorf("/feed list = %q", got)
	}
	if got := e.privateEdit(t, "feed", sub("add", strOpt("url", "ftp://x"))); !strings.Contains(got, "not a feed address") {
		t.Errorf("/feed add with a bad address = %q, want the engine's message", got)
	}
}

func TestDigestCommands(t *testing.T) {
	t.Parallel()
	e := start(t, func(o *Options) { o.Digests = &fakeDigests{} })
	if got := e.privateEdit(t, "digest", sub("show")); !strings.Contains(got, "no daily digest") {
		t.Errorf("/digest show before set = %q", got)
	}
	got := e.privateEdit(t, "digest", sub("set", strOpt("time", "08:00"), strOpt("timezone", "Europe/Berlin")))
	if !strings.Contains(got, "08:00 (Europe/Berlin)") || !strings.Contains(got, "<t:1767340800:f>") {
		t.Errorf("/digest set = %q", got)
	}
	if got := e.privateEdit(t, "digest", sub("set", strOpt("time", "08:00"), strOpt("timezone", "Mars/Olympus"))); !strings.Contains(got, "not a time zone") {
		t.Errorf("/digest set with a bad zone = %q", got)
	}
	if got := e.privateEdit(t, "digest", sub("now")); !strings.Contains(got, "6 warnings, between 3 pairs") {
		t.Errorf("/digest now = %q", got)
	}
	// Management commands are for server channels only.
	in := e.srv.SendInteraction(map[string]any{"type": 2, "user": map[string]any{"id": discordtest.DefaultUserID, "username": "tester"},
		"data": map[string]any{"id": "1200000000000000001", "name": "digest", "type": 1, "options": []any{sub("show")}}})
	if c := e.callback(t, in); !c.Data.Ephemeral() || !strings.Contains(c.Data.ContentString(), "server channel") {
		t.Errorf("/digest in a DM = %q", c.Data.ContentString())
	}
}

func TestDigestSetFallsBackToConfiguredDefaults(t *testing.T) {
	t.Parallel()
	fd := &fakeDigests{}
	e := start(t, func(o *Options) {
		o.Digests = fd
		o.DigestTime, o.DigestTimeZone = "07:30", "Asia/Tokyo"
	})
	got := e.privateEdit(t, "digest", sub("set"))
	if fd.set == nil || fd.set.TimeOfDay != "07:30" || fd.set.TimeZone != "Asia/Tokyo" {
		t.Fatalf("/digest set without options scheduled %+v (reply %q), want the configured 07:30 Asia/Tokyo", fd.set, got)
	}
	e.privateEdit(t, "digest", sub("set", strOpt("timezone", "Europe/Paris")))
	if fd.set.TimeOfDay != "07:30" || fd.set.TimeZone != "Europe/Paris" {
		t.Errorf("a given zone with the default time scheduled %+v", fd.set)
	}
}
