package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

func sampleSubscriptions() []briefing.Subscription {
	polled := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	return []briefing.Subscription{
		{Mode: briefing.DeliverInstant, Feed: briefing.Feed{URL: "https://news.example/rss", Title: "World *News* @everyone", LastPolled: polled}},
		{Mode: briefing.DeliverDigest, Feed: briefing.Feed{URL: "https://gone.example/feed", Title: "https://gone.example/feed",
			Paused: true, LastError: "feed https://gone.example/feed: HTTP 404, nothing there", LastPolled: polled}},
		{Mode: briefing.DeliverDigest, Feed: briefing.Feed{URL: "https://slow.example/atom", Title: "Slow\x1b[2J Wire", LastError: "the site is failing"}},
	}
}

func TestFeedListViews(t *testing.T) {
	subs := sampleSubscriptions()
	text := FeedListText(subs, "cli")
	for _, want := range []string{
		"Channel cli follows:",
		"• World *News* @everyone <https://news.example/rss> — each briefing is posted as it arrives — last checked ",
		"• <https://gone.example/feed> — its warnings go into the daily digest — paused: feed https://gone.example/feed: HTTP 404",
		"• Slow[2J Wire <https://slow.example/atom> — its warnings go into the daily digest — failing: the site is failing — not checked yet",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("terminal list lacks %q:\n%s", want, text)
		}
	}
	if strings.ContainsRune(text, '\x1b') {
		t.Errorf("terminal list passes an escape sequence: %q", text)
	}

	md := FeedListMarkdown(subs)
	for _, want := range []string{
		"This channel follows:",
		`• **World \*News\* @` + zwsp + `everyone** <https://news.example/rss> — each briefing is posted as it arrives — last checked <t:`,
		"• <https://gone.example/feed> — its warnings go into the daily digest — **paused**: feed https://gone.example/feed: HTTP 404",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Discord list lacks %q:\n%s", want, md)
		}
	}
}

func TestFeedListEmptyAndLong(t *testing.T) {
	if got := FeedListText(nil, "42"); got != "Channel 42 follows no feeds. Add one with: redline feeds add URL\n" {
		t.Errorf("empty terminal list = %q", got)
	}
	if got := FeedListMarkdown(nil); !strings.Contains(got, "/feed add") {
		t.Errorf("empty Discord list = %q", got)
	}
	var many []briefing.Subscription
	for i := range 60 {
		many = append(many, briefing.Subscription{Feed: briefing.Feed{URL: fmt.Sprintf("https://news%d.example/a-rather-long-feed-address.xml", i), Title: strings.Repeat("Title ", 15)}})
	}
	md := FeedListMarkdown(many)
	if Len(md) > MaxContent || !strings.Contains(md, "more.") {
		t.Errorf("a long Discord list is %d characters, or does not say how many more:\n%s", Len(md), md)
	}
	if text := FeedListText(many, "cli"); strings.Contains(text, "more.") {
		t.Error("the terminal list was cut")
	}
}

func TestFeedListShowsOptionsLastPostAndPostErrors(t *testing.T) {
	posted := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	subs := []briefing.Subscription{{
		Mode: briefing.DeliverInstant, Feed: briefing.Feed{URL: "https://news.example/rss", Title: "World News", LastPolled: posted},
		Filter:      briefing.FeedFilter{ThreatsOnly: true, Actors: []string{"Russia", "Norway"}, Keywords: []string{"cable"}},
		MentionRole: "123<@&9>", Thread: true, LastPosted: posted,
		PostError: "redline may not post in channel 42; give it the Send Messages permission",
	}, {Mode: briefing.DeliverDigest, Feed: briefing.Feed{URL: "https://quiet.example/rss", Title: "Quiet"}}}
	md := FeedListMarkdown(subs)
	for _, want := range []string{
		"(threats only, involving Russia, Norway, mentioning “cable”, mentions <@&1239> on threats, a thread per briefing)",
		fmt.Sprintf("— last post <t:%d:R> — **last post failed**: redline may not post in channel 42; give it the Send Messages permission", posted.Unix()),
		"Quiet** <https://quiet.example/rss> — its warnings go into the daily digest — not checked yet — no post yet",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Discord list lacks %q:\n%s", want, md)
		}
	}
	if text := FeedListText(subs, "cli"); !strings.Contains(text, "mentions role 123<@&9> on threats") || !strings.Contains(text, "last post failed: redline may not post") {
		t.Errorf("terminal list:\n%s", text)
	}
}
