package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/bot/internal/discordtest"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/internal/testclock"
	"redline/storage"
)

// engines is a bot wired as cli/app.go wires it — SQLite history, the feed
// service and the digest scheduler posting through the bot's poster — on
// a loopback newsroom, with a test clock for the engines.
type engines struct {
	*env
	room  *newsroom
	site  *httptest.Server
	clock *testclock.Clock
	store *storage.Store
	feeds *feeds.Service
	sched *digest.Scheduler
}

// t0 is a Tuesday, an hour before the default digest time (08:00 UTC).
var t0 = time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC)

func startEngines(t *testing.T, tune func(*Options)) *engines {
	t.Helper()
	room := &newsroom{}
	room.publish("/already-there")
	site := httptest.NewServer(room)
	t.Cleanup(site.Close)
	ctx := context.Background()
	clock := testclock.New(t0)
	store, err := storage.Open(ctx, filepath.Join(t.TempDir(), "redline.db"), storage.WithNow(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	fc, err := fetch.New(fetch.Options{Allow: []string{site.Listener.Addr().String()}})
	if err != nil {
		t.Fatal(err)
	}
	pipeline := realPipeline(t, site, store)
	pipeline.Now = clock.Now
	en := &engines{room: room, site: site, clock: clock, store: store}
	en.env = start(t, func(o *Options) {
		en.feeds = feeds.NewService(store, &feeds.HTTPFetcher{Client: fc}, pipeline, o.Poster, feeds.Config{Now: clock.Now, Logger: o.Logger})
		en.sched = digest.NewScheduler(store, o.Poster, digest.Config{Now: clock.Now, Logger: o.Logger})
		o.Store, o.Channels, o.Briefer = store, store, pipeline
		o.Feeds, o.Digests, o.Searches, o.Owners, o.Activity = en.feeds, en.sched, store, store, store
		o.Now = clock.Now
		if tune != nil {
			tune(o)
		}
	})
	return en
}

// poll advances the clock by d and runs one feed poll.
func (en *engines) poll(t *testing.T, d time.Duration) feeds.PollReport {
	t.Helper()
	en.clock.Advance(d)
	rep, err := en.feeds.PollOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (en *engines) feedURL() string { return en.site.URL + "/rss" }

func TestFeedAddedWithNoScheduleEndsInAPostedDigest(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	got := en.privateEdit(t, "feed", sub("add", strOpt("url", en.feedURL())))
	for _, want := range []string{"now follows", "This channel had no daily digest, so redline set one: every day at 08:00 (UTC)",
		fmt.Sprintf("<t:%d:f>", t0.Add(time.Hour).Unix()), "/digest set"} {
		if !strings.Contains(got, want) {
			t.Errorf("/feed add = %q, lacks %q", got, want)
		}
	}
	if s, err := en.store.DigestSchedule(context.Background(), discordtest.DefaultChannelID); err != nil || s.TimeOfDay != "08:00" {
		t.Fatalf("schedule = %+v, %v", s, err)
	}

	en.room.publish("/red-line")
	en.poll(t, 16*time.Minute)
	en.clock.Set(t0.Add(time.Hour)) // 08:00, when cron would fire
	if res := en.sched.RunDue(context.Background(), discordtest.DefaultChannelID); res.Outcome != "posted" {
		t.Fatalf("RunDue = %+v", res)
	}
	msg, ok := en.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok {
		t.Fatal("no digest was posted")
	}
	text := embedText(msg.Message.Embeds)
	if !strings.Contains(text, "Warning digest — 10 Mar 2026") || !strings.Contains(text, "Chang Ho-jin (South Korea) → Russia") ||
		!strings.Contains(text, "[Seoul weighs sending arms to Ukraine as Moscow deepens ties with Pyongyang]("+en.site.URL+"/red-line) — The Loopback Herald") {
		t.Errorf("digest:\n%s", text)
	}
	if !msg.Message.MentionsNothing() {
		t.Error("the digest allows mentions")
	}
	// A second feed on the channel keeps the digest as it is.
	got = en.privateEdit(t, "feed", sub("add", strOpt("url", en.site.URL+"/rss?second")))
	if strings.Contains(got, "had no daily digest") || !strings.Contains(got, "this channel's daily digest, the next") {
		t.Errorf("second /feed add = %q", got)
	}
}

func TestForbiddenPostIsShownInTheFeedListToldAndRetried(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	en.privateEdit(t, "feed", sub("add", strOpt("url", en.feedURL()), strOpt("mode", "instant")))
	en.room.publish("/red-line")
	en.srv.FailNext(http.MethodPost, discordtest.RouteChannelMessages, http.StatusForbidden, 0)
	en.poll(t, 16*time.Minute)

	list := en.privateEdit(t, "feed", sub("list"))
	if !strings.Contains(list, "**last post failed**: redline may not post in channel") || !strings.Contains(list, "Send Messages") || !strings.Contains(list, "no post yet") {
		t.Errorf("/feed list after a 403 = %q", list)
	}
	notice, ok := en.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok || !strings.Contains(notice.Message.ContentString(), "could not post a briefing") {
		t.Fatalf("the channel was not told: %+v", notice.Message)
	}

	en.poll(t, time.Minute) // the retry, a minute later, goes through
	posted, ok := en.srv.WaitChannelMessage(discordtest.DefaultChannelID, 2, wait)
	if !ok || !strings.Contains(embedText(posted.Message.Embeds), "Chang Ho-jin (South Korea) → Russia") {
		t.Fatalf("the briefing was not retried: %+v", posted.Message)
	}
	list = en.privateEdit(t, "feed", sub("list"))
	if strings.Contains(list, "failed") || !strings.Contains(list, fmt.Sprintf("last post <t:%d:R>", en.clock.Now().Unix())) {
		t.Errorf("/feed list after the retry = %q", list)
	}
	en.poll(t, time.Hour)
	if n := len(en.srv.ChannelMessages()); n != 2 {
		t.Errorf("%d channel messages, want the notice and the briefing once", n)
	}
}

func TestOwnerIsToldByDMWhenTheChannelRefusesEverything(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	en.privateEdit(t, "feed", sub("add", strOpt("url", en.feedURL()), strOpt("mode", "instant")))
	en.room.publish("/red-line")
	en.srv.FailNext(http.MethodPost, discordtest.RouteChannelMessages, http.StatusForbidden, 0) // the briefing
	en.srv.FailNext(http.MethodPost, discordtest.RouteChannelMessages, http.StatusForbidden, 0) // the notice
	en.poll(t, 16*time.Minute)
	dm := en.srv.DMChannelID(discordtest.DefaultUserID)
	m, ok := en.srv.WaitChannelMessage(dm, 1, wait)
	if !ok {
		t.Fatal("the person who added the feed was not told by DM")
	}
	if text := m.Message.ContentString(); !strings.Contains(text, "could not post a briefing") || !strings.Contains(text, discordtest.DefaultChannelID) ||
		!m.Message.MentionsNothing() {
		t.Errorf("DM = %q", text)
	}
}

func TestDigestRefusedAtItsTimeIsRetriedAndShown(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	en.privateEdit(t, "digest", sub("set", strOpt("time", "8am"), strOpt("timezone", "Europe/London")))
	en.privateEdit(t, "feed", sub("add", strOpt("url", en.feedURL())))
	en.room.publish("/red-line")
	en.poll(t, 16*time.Minute)
	en.clock.Set(t0.Add(time.Hour))
	en.srv.FailNext(http.MethodPost, discordtest.RouteChannelMessages, http.StatusServiceUnavailable, 0)
	en.sched.RunDue(context.Background(), discordtest.DefaultChannelID)
	show := en.privateEdit(t, "digest", sub("show"))
	if !strings.Contains(show, "08:00 (Europe/London)") || !strings.Contains(show, "**The last digest could not be posted:**") ||
		!strings.Contains(show, "tries again") {
		t.Errorf("/digest show after a failed post = %q", show)
	}
	if list := en.privateEdit(t, "feed", sub("list")); !strings.Contains(list, "the daily digest: could not reach Discord") {
		t.Errorf("/feed list = %q", list)
	}
	en.clock.Advance(time.Minute)
	en.sched.RetryFailed(context.Background())
	m, ok := en.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok || !strings.Contains(embedText(m.Message.Embeds), "Chang Ho-jin") {
		t.Fatalf("the digest was not retried: %+v", m)
	}
	if show := en.privateEdit(t, "digest", sub("show")); strings.Contains(show, "could not be posted") || !strings.Contains(show, "The last one went out") {
		t.Errorf("/digest show after the retry = %q", show)
	}
}

func TestRoleIsMentionedOnlyWhenOptedInAndOnlyThatRole(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	const role, quiet = "1200000000000000777", "1100000000000000099"
	en.srv.AddChannel(quiet, "quiet")
	in := en.srv.SendInteraction(map[string]any{"type": 2, "data": map[string]any{
		"id": "1200000000000000001", "name": "feed", "type": 1,
		"options":  []any{sub("add", strOpt("url", en.feedURL()), strOpt("mode", "instant"), map[string]any{"name": "mention_role", "type": 8, "value": role})},
		"resolved": map[string]any{"roles": map[string]any{role: map[string]any{"id": role, "name": "threat-watch", "mentionable": true, "color": 0, "hoist": false, "position": 1, "permissions": "0", "managed": false}}},
	}})
	if c := en.callback(t, in); !c.Data.Ephemeral() {
		t.Fatalf("/feed add answered publicly")
	}
	en.edit(t, in, 1)
	quietAdd := en.srv.SendInteraction(map[string]any{"type": 2, "channel_id": quiet,
		"data": map[string]any{"id": "1200000000000000001", "name": "feed", "type": 1, "options": []any{sub("add", strOpt("url", en.feedURL()), strOpt("mode", "instant"))}}})
	en.edit(t, quietAdd, 1)

	en.room.publish("/threat") // Norway will close its ports if another cable is cut
	en.poll(t, 16*time.Minute)
	loud, ok := en.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok {
		t.Fatal("no post in the channel with the role")
	}
	am := loud.Message.AllowedMentions
	if !strings.HasPrefix(loud.Message.ContentString(), "<@&"+role+">") || am == nil || len(am.Parse) != 0 || len(am.Users) != 0 ||
		len(am.Roles) != 1 || am.Roles[0] != role {
		t.Errorf("post with the role: content %q, allowed_mentions %s", loud.Message.ContentString(), loud.Message.Fields["allowed_mentions"])
	}
	plain, ok := en.srv.WaitChannelMessage(quiet, 1, wait)
	if !ok || strings.Contains(plain.Message.ContentString(), "<@&") || !plain.Message.MentionsNothing() {
		t.Errorf("the channel without a role got %q, allowed_mentions %s", plain.Message.ContentString(), plain.Message.Fields["allowed_mentions"])
	}

	// @everyone is never a role to mention; an unmentionable role needs the permission.
	everyone := en.srv.SendInteraction(map[string]any{"type": 2, "data": map[string]any{"id": "1200000000000000001", "name": "feed", "type": 1,
		"options": []any{sub("add", strOpt("url", en.feedURL()+"?x"), map[string]any{"name": "mention_role", "type": 8, "value": discordtest.DefaultGuildID})}}})
	if c := en.callback(t, everyone); !c.Data.Ephemeral() || !strings.Contains(c.Data.ContentString(), "never mentions @everyone") {
		t.Errorf("@everyone as the role: %q", c.Data.ContentString())
	}
	hidden := en.srv.SendInteraction(map[string]any{"type": 2, "app_permissions": "52224", "data": map[string]any{
		"id": "1200000000000000001", "name": "feed", "type": 1,
		"options":  []any{sub("add", strOpt("url", en.feedURL()+"?y"), map[string]any{"name": "mention_role", "type": 8, "value": role})},
		"resolved": map[string]any{"roles": map[string]any{role: map[string]any{"id": role, "name": "hidden", "mentionable": false, "color": 0, "hoist": false, "position": 1, "permissions": "0", "managed": false}}},
	}})
	if c := en.callback(t, hidden); !strings.Contains(c.Data.ContentString(), "not mentionable") {
		t.Errorf("an unmentionable role: %q", c.Data.ContentString())
	}
}

func TestFeedAddAndDigestSetNameTheMissingPermission(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	// View Channel and Send Messages, but no Embed Links.
	noEmbeds := fmt.Sprint(discordgo.PermissionViewChannel | discordgo.PermissionSendMessages)
	for _, c := range []struct {
		cmd  string
		opts map[string]any
		want string
	}{
		{"feed", sub("add", strOpt("url", en.feedURL())), "lacks the Embed Links permission"},
		{"feed", sub("add", strOpt("url", en.feedURL()), map[string]any{"name": "thread", "type": 5, "value": true}),
			"lacks the Embed Links, Create Public Threads and Send Messages in Threads permissions"},
		{"digest", sub("set", strOpt("time", "20:30")), "lacks the Embed Links permission"},
	} {
		in := en.srv.SendInteraction(map[string]any{"type": 2, "app_permissions": noEmbeds,
			"data": map[string]any{"id": "1200000000000000001", "name": c.cmd, "type": 1, "options": []any{c.opts}}})
		cb := en.callback(t, in)
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !cb.Data.Ephemeral() || !strings.Contains(cb.Data.ContentString(), c.want) {
			t.Errorf("/%s without Embed Links = %q, want a private refusal naming %q", c.cmd, cb.Data.ContentString(), c.want)
		}
	}
	if subs, _ := en.store.Subscriptions(context.Background(), discordtest.DefaultChannelID); len(subs) != 0 {
		t.Errorf("a refused /feed add subscribed: %+v", subs)
	}
	if got := en.privateEdit(t, "digest", sub("set", strOpt("time", "20:30"))); !strings.Contains(got, "20:30 (UTC)") {
		t.Errorf("/digest set 20:30 with every permission = %q", got)
	}
}

func TestFeedRemoveAndTimeZoneAutocomplete(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	en.privateEdit(t, "feed", sub("add", strOpt("url", en.feedURL())))
	long := en.site.URL + "/rss?" + strings.Repeat("q", 120)
	en.privateEdit(t, "feed", sub("add", strOpt("url", long)))

	complete := func(cmd string, subcmd string, option, typed string) []*discordgo.ApplicationCommandOptionChoice {
		in := en.srv.SendInteraction(map[string]any{"type": 4, "data": map[string]any{"id": "1200000000000000003", "name": cmd, "type": 1,
			"options": []any{map[string]any{"name": subcmd, "type": 1, "options": []any{map[string]any{"name": option, "type": 3, "value": typed, "focused": true}}}}}})
		return en.callback(t, in).Data.Choices
	}
	choices := complete("feed", "remove", "url", "loopback")
	if len(choices) != 2 || !strings.HasPrefix(choices[0].Name, "Loopback World News — ") || choices[0].Value != en.feedURL() {
		t.Fatalf("feed choices = %+v", choices)
	}
	ref, _ := choices[1].Value.(string)
	if !strings.HasPrefix(ref, feedRef) {
		t.Fatalf("a feed address over 100 characters is offered as %q", ref)
	}
	if got := en.privateEdit(t, "feed", sub("remove", strOpt("url", ref))); !strings.Contains(got, "no longer follows <"+long+">") {
		t.Errorf("/feed remove by the offered value = %q", got)
	}
	zones := complete("digest", "set", "timezone", "new york")
	if len(zones) == 0 || zones[0].Value != "America/New_York" {
		t.Errorf("zones for \"new york\" = %+v", zones)
	}
	if zones := complete("digest", "set", "timezone", "berl"); len(zones) != 1 || zones[0].Value != "Europe/Berlin" {
		t.Errorf("zones for \"berl\" = %+v", zones)
	}
}

func TestFeedTestPreviewsPrivately(t *testing.T) {
	t.Parallel()
	en := startEngines(t, nil)
	en.room.publish("/red-line")
	in := en.srv.SendInteraction(command("feed", sub("test", strOpt("url", en.feedURL()))))
	if c := en.callback(t, in); !c.Data.Ephemeral() {
		t.Fatal("the preview is not private")
	}
	ed := en.edit(t, in, 1)
	if !strings.Contains(ed.Message.ContentString(), "Preview of the newest item") || !strings.Contains(embedText(ed.Message.Embeds), "Chang Ho-jin (South Korea) → Russia") {
		t.Errorf("preview = %q\n%s", ed.Message.ContentString(), embedText(ed.Message.Embeds))
	}
	if subs, _ := en.store.Subscriptions(context.Background(), discordtest.DefaultChannelID); len(subs) != 0 || len(en.srv.ChannelMessages()) != 0 {
		t.Errorf("a preview subscribed (%d) or posted (%d)", len(subs), len(en.srv.ChannelMessages()))
	}
}
