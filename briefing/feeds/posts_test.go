package feeds_test

import (
	"strings"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/feeds"
)

// A post Discord refuses is recorded, shown in the feed list, told about
// once, and retried with backoff until it goes out.
func TestFailedInstantPostIsRetriedShownAndToldOnce(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("r", 1, start)})
	e.add("c1", url, briefing.DeliverInstant, 0)
	e.server.update("/f.xml", func(f *servedFeed) { f.Items = append(numbered("s", 1, start.Add(time.Hour)), f.Items...) })
	forbidden := briefing.Errorf(briefing.EBLOCKED, "redline may not post in channel c1; give it the View Channel, Send Messages and Embed Links permissions there")
	e.poster.failNext(forbidden, forbidden)

	e.poll(16 * time.Minute)
	if n := len(e.poster.posted()); n != 0 {
		t.Fatalf("%d posts went out through a refusing channel", n)
	}
	subs, err := e.svc.List(e.ctx, "c1")
	if err != nil || len(subs) != 1 || !strings.Contains(subs[0].PostError, "Send Messages") {
		t.Fatalf("feed list after a refused post = %+v, %v; want the post error", subs, err)
	}
	if notes := e.poster.noticeTexts(); len(notes) != 1 || !strings.Contains(notes[0], "could not post a briefing") {
		t.Fatalf("notices = %q, want one telling the channel", notes)
	}

	// Retried after a minute: refused again, not told again.
	e.poll(time.Minute)
	if n := len(e.poster.posted()); n != 0 || len(e.poster.noticeTexts()) != 1 {
		t.Fatalf("second try: %d posts, %d notices", n, len(e.poster.noticeTexts()))
	}
	// Then, two minutes later, it goes out, and the error is gone.
	e.poll(2 * time.Minute)
	got := e.poster.posted()
	if len(got) != 1 || got[0].Channel != "c1" || !strings.Contains(got[0].Briefing.Article.URL, "/s/1") {
		t.Fatalf("posts after the retry = %+v", got)
	}
	subs, _ = e.svc.List(e.ctx, "c1")
	if subs[0].PostError != "" || subs[0].LastPosted.IsZero() {
		t.Errorf("after the retry the list shows error %q, last post %v", subs[0].PostError, subs[0].LastPosted)
	}
	e.poll(time.Hour)
	if n := len(e.poster.posted()); n != 1 {
		t.Errorf("%d posts after a later poll, want the one", n)
	}
}

func TestFailedInstantPostIsGivenUpAfterTheRetryWindow(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("r", 1, start)})
	e.add("c1", url, briefing.DeliverInstant, 0)
	e.server.update("/f.xml", func(f *servedFeed) { f.Items = append(numbered("s", 1, start.Add(time.Hour)), f.Items...) })
	down := briefing.Errorf(briefing.EUNAVAILABLE, "could not reach Discord to post in channel c1; it will try again later")
	fails := make([]error, 100)
	for i := range fails {
		fails[i] = down
	}
	e.poster.failNext(fails...)
	e.poll(16 * time.Minute)
	if notes := e.poster.noticeTexts(); len(notes) != 0 {
		t.Fatalf("told about a passing outage at once: %q", notes)
	}
	for range 30 {
		e.poll(30 * time.Minute)
	}
	notes := e.poster.noticeTexts()
	if len(notes) != 1 || !strings.Contains(notes[0], "stopped trying") {
		t.Fatalf("notices after the window = %q, want one saying redline gave up", notes)
	}
	if n := len(e.poster.posted()); n != 0 {
		t.Errorf("%d posts", n)
	}
	e.poster.mu.Lock()
	left := len(e.poster.failBriefings)
	e.poster.mu.Unlock()
	if tries := 100 - left; tries < 5 || tries > 20 {
		t.Errorf("%d attempts in 6 hours, want a backoff between a handful and a score", tries)
	}
}

func TestInstantPostsFollowTheSubscriptionsFilterAndOptions(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("r", 1, start)})
	_, err := e.svc.AddWith(e.ctx, feeds.AddRequest{GuildID: "g", ChannelID: "north", URL: url, Mode: briefing.DeliverInstant,
		Filter: briefing.FeedFilter{Actors: []string{" Northland ", ""}}, MentionRole: "42", Thread: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddWith(e.ctx, feeds.AddRequest{ChannelID: "threats", URL: url, Mode: briefing.DeliverInstant,
		Filter: briefing.FeedFilter{ThreatsOnly: true}}); err != nil {
		t.Fatal(err)
	}
	subs, _ := e.svc.List(e.ctx, "north")
	if f := subs[0].Filter; len(f.ActorKeys) != 1 || f.ActorKeys[0] != "northland" || f.Actors[0] != "Northland" {
		t.Fatalf("stored filter = %+v", f)
	}
	e.server.update("/f.xml", func(f *servedFeed) { f.Items = append(numbered("s", 1, start.Add(time.Hour)), f.Items...) })
	e.poll(16 * time.Minute)
	got := e.poster.posted()
	if len(got) != 1 || got[0].Channel != "north" {
		t.Fatalf("posts = %+v, want only the channel whose filter the warning passes", got)
	}
	if got[0].Options != (briefing.PostOptions{MentionRole: "42", Thread: true}) {
		t.Errorf("post options = %+v", got[0].Options)
	}
}

func TestPreviewBriefsTheNewestItemAndSubscribesNothing(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("p", 3, start)})
	it, b, err := e.svc.Preview(e.ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if it.Link != "https://news.example/p/3" || b == nil || len(b.Warnings) != 1 {
		t.Errorf("preview = %+v, %+v", it, b)
	}
	if subs, _ := e.svc.List(e.ctx, "c1"); len(subs) != 0 {
		t.Errorf("a preview subscribed: %+v", subs)
	}
	empty := e.server.set("/empty.xml", &servedFeed{})
	if _, _, err := e.svc.Preview(e.ctx, empty); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("preview of an empty feed: %v", err)
	}
}
