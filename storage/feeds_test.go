package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"redline/briefing"
)

var feedsT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func feedsSubscribe(t testing.TB, s *Store, channel, url string, mode briefing.DeliveryMode, at time.Time, seen ...string) briefing.Subscription {
	t.Helper()
	sub, err := s.Subscribe(context.Background(), briefing.Subscription{GuildID: "g", ChannelID: channel, Mode: mode,
		Feed: briefing.Feed{URL: url, Title: "Feed " + url, ETag: `"e1"`, LastSuccess: at, NextPoll: at.Add(15 * time.Minute)}}, seen, nil, at)
	if err != nil {
		t.Fatalf("Subscribe(%s, %s): %v", channel, url, err)
	}
	return sub
}

func TestSubscribeListsAndKeepsASharedFeedsState(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	a := feedsSubscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverInstant, feedsT0, "k1", "k2")
	if a.ID == 0 || a.Feed.ID == 0 || a.Feed.ETag != `"e1"` || a.Mode != briefing.DeliverInstant || !a.Feed.NextPoll.Equal(feedsT0.Add(15*time.Minute)) {
		t.Fatalf("subscription = %+v", a)
	}
	if _, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c1", Feed: briefing.Feed{URL: "https://x.example/rss"}}, nil, nil, feedsT0); briefing.ErrorCode(err) != briefing.ECONFLICT {
		t.Fatalf("second subscription of one channel: %v", err)
	}

	// The feed fails and is paused; a second channel adding it finds the same
	// feed, unpaused, with its seen set and validators.
	f := a.Feed
	f.ErrorCount, f.LastError, f.FailingSince, f.Paused = 5, "HTTP 404", feedsT0, true
	if err := s.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	b, err := s.Subscribe(ctx, briefing.Subscription{GuildID: "g", ChannelID: "c2",
		Feed: briefing.Feed{URL: "https://x.example/rss", Title: "X", NextPoll: feedsT0.Add(time.Hour)}}, []string{"k3"}, nil, feedsT0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if b.Feed.ID != a.Feed.ID || b.Feed.Paused || b.Feed.ErrorCount != 0 || b.Feed.ETag != `"e1"` || b.Mode != briefing.DeliverDigest {
		t.Fatalf("shared feed = %+v", b)
	}
	// k3 was current when c2 added the feed, but c1 has not seen it: it
	// stays unseen for the feed's poll and is skipped for c2 alone.
	pending, err := s.PendingItems(ctx, a.Feed.ID, []string{"k1", "k2", "k3", "k4"})
	if err != nil || len(pending) != 2 || pending["k3"] != 0 || pending["k4"] != 0 {
		t.Fatalf("pending = %v, %v; want k3 and k4", pending, err)
	}
	skip, err := s.SkippingSubscriptions(ctx, a.Feed.ID, "k3")
	if err != nil || len(skip) != 1 || !skip[b.ID] {
		t.Fatalf("subscriptions skipping k3 = %v, %v; want only c2's %d", skip, err, b.ID)
	}
	if skip, err := s.SkippingSubscriptions(ctx, a.Feed.ID, "k4"); err != nil || len(skip) != 0 {
		t.Fatalf("subscriptions skipping k4 = %v, %v; want none", skip, err)
	}

	subs, err := s.FeedSubscriptions(ctx, a.Feed.ID)
	if err != nil || len(subs) != 2 {
		t.Fatalf("feed subscriptions = %+v, %v", subs, err)
	}
	list, err := s.Subscriptions(ctx, "c2")
	if err != nil || len(list) != 1 || list[0].Feed.Title != "X" {
		t.Fatalf("c2 list = %+v, %v", list, err)
	}
	if err := s.Unsubscribe(ctx, "c2", "https://x.example/rss"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unsubscribe(ctx, "c2", "https://x.example/rss"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("unsubscribing twice: %v", err)
	}
}

func TestDueFeeds(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	due := feedsSubscribe(t, s, "c1", "https://a.example/rss", "", feedsT0)
	later := feedsSubscribe(t, s, "c1", "https://b.example/rss", "", feedsT0)
	later.Feed.NextPoll = feedsT0.Add(2 * time.Hour)
	paused := feedsSubscribe(t, s, "c1", "https://c.example/rss", "", feedsT0)
	paused.Feed.Paused = true
	orphan := feedsSubscribe(t, s, "c2", "https://d.example/rss", "", feedsT0)
	for _, f := range []briefing.Feed{later.Feed, paused.Feed} {
		if err := s.UpdateFeed(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Unsubscribe(ctx, "c2", orphan.Feed.URL); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.DueFeeds(ctx, feedsT0.Add(time.Hour))
	if err != nil || len(feeds) != 1 || feeds[0].ID != due.Feed.ID {
		t.Fatalf("due = %+v, %v; want only %s", feeds, err, due.Feed.URL)
	}
}

func TestRecordItemCountsAttemptsAndLinksTheArticle(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	sub := feedsSubscribe(t, s, "c1", "https://a.example/rss", "", feedsT0)
	id := sub.Feed.ID
	for i := range 2 {
		if err := s.RecordItem(ctx, id, "k", "https://a.example/1", 0, "site down", false, feedsT0); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.PendingItems(ctx, id, []string{"k"}); p["k"] != i+1 {
			t.Fatalf("attempts after %d failures = %v", i+1, p)
		}
	}
	b := feedsBriefing("https://a.example/1", "Quiet harbour", feedsT0)
	if err := s.SaveBriefing(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordItem(ctx, id, "k", "https://a.example/1", b.Article.ID, "", true, feedsT0); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingItems(ctx, id, []string{"k"}); len(p) != 0 {
		t.Fatalf("done item still pending: %v", p)
	}
	if got, err := s.FeedItemArticle(ctx, id, "k"); err != nil || got != b.Article.ID {
		t.Fatalf("item article = %d, %v", got, err)
	}
	// Many keys at once (more than one IN chunk).
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("many-%d", i)
	}
	if p, err := s.PendingItems(ctx, id, append(keys, "k")); err != nil || len(p) != 1000 {
		t.Fatalf("pending of 1000 new keys: %d, %v", len(p), err)
	}
}

func feedsBriefing(url, what string, at time.Time) *briefing.Briefing {
	return &briefing.Briefing{
		Article: briefing.Article{URL: url, Title: what, Site: "Wire", Text: "The text about " + what + ".", Published: at, Fetched: at},
		Warnings: []briefing.Warning{{
			Speaker: briefing.Actor{Name: "Northland"}, Addressee: briefing.Actor{Name: "Southland"},
			Kind: briefing.KindWarning, What: what, Evidence: []string{"Northland warned of " + what + "."},
		}},
	}
}

func TestChannelWarningsCoverItsFeedsAndBriefingsInTheWindow(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	mine := feedsSubscribe(t, s, "c1", "https://mine.example/rss", "", feedsT0)
	other := feedsSubscribe(t, s, "c2", "https://other.example/rss", "", feedsT0)

	save := func(url, what string) int64 {
		b := feedsBriefing(url, what, feedsT0.Add(-48*time.Hour)) // published long ago: the window is on when redline briefed it
		if err := s.SaveBriefing(ctx, b); err != nil {
			t.Fatal(err)
		}
		return b.Article.ID
	}
	item := func(feedID int64, key string, article int64, at time.Time) {
		if err := s.RecordItem(ctx, feedID, key, "", article, "", true, at); err != nil {
			t.Fatal(err)
		}
	}
	item(mine.Feed.ID, "in", save("https://n.example/in", "from my feed"), feedsT0.Add(time.Hour))
	item(mine.Feed.ID, "before", save("https://n.example/before", "too early"), feedsT0.Add(-time.Hour))
	item(mine.Feed.ID, "after", save("https://n.example/after", "too late"), feedsT0.Add(30*time.Hour))
	item(other.Feed.ID, "theirs", save("https://n.example/theirs", "another channel's feed"), feedsT0.Add(time.Hour))
	if err := s.RecordChannelArticle(ctx, "c1", save("https://n.example/briefed", "briefed here"), feedsT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Joining another channel's feed later does not bring in what it had before.
	feedsSubscribe(t, s, "c1", "https://other.example/rss", "", feedsT0.Add(3*time.Hour))

	ws, err := s.ChannelWarnings(ctx, "c1", feedsT0, feedsT0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.What)
		if w.Source.URL == "" || w.Source.ArticleID == 0 {
			t.Fatalf("warning without source: %+v", w)
		}
	}
	if fmt.Sprint(got) != "[from my feed briefed here]" {
		t.Fatalf("channel warnings = %q", got)
	}
	fw, err := s.WarningsForFeeds(ctx, []int64{mine.Feed.ID, other.Feed.ID}, feedsT0, feedsT0.Add(24*time.Hour))
	if err != nil || len(fw) != 2 {
		t.Fatalf("warnings for feeds = %d, %v; want 2", len(fw), err)
	}
}

func TestSubscribeQueuesBackfillOnlyForItemsAlreadySeen(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	url := "https://shared.example/rss"
	first := feedsSubscribe(t, s, "c1", url, "", feedsT0, "old-1", "old-2")
	if err := s.RecordItem(ctx, first.Feed.ID, "pending", "https://n.example/p", 0, "site down", false, feedsT0); err != nil {
		t.Fatal(err)
	}

	// Newest first: "fresh" is unknown and "pending" not done, so the feed's
	// poll brings them to every channel; only the done items are queued.
	backfill := []briefing.BackfillItem{
		{Key: "fresh", Link: "https://n.example/fresh"},
		{Key: "pending", Link: "https://n.example/p"},
		{Key: "old-2", Link: "https://n.example/2"},
		{Key: "old-1", Link: "https://n.example/1"},
	}
	second, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c2", Mode: briefing.DeliverInstant, Feed: briefing.Feed{URL: url}},
		nil, backfill, feedsT0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	queued, err := s.PendingBackfill(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range queued {
		if it.Subscription.ID != second.ID || it.Subscription.ChannelID != "c2" || it.Subscription.Mode != briefing.DeliverInstant ||
			it.Subscription.Feed.ID != first.Feed.ID {
			t.Fatalf("queued item with subscription %+v, want c2's", it.Subscription)
		}
		got = append(got, it.Key+" "+it.Link)
	}
	if fmt.Sprint(got) != "[old-1 https://n.example/1 old-2 https://n.example/2]" {
		t.Fatalf("queued backfill = %q, want the done items, oldest first", got)
	}

	if err := s.FinishBackfill(ctx, second.ID, "old-1", false); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishBackfill(ctx, second.ID, "old-2", true); err != nil {
		t.Fatal(err)
	}
	queued, err = s.PendingBackfill(ctx, 10)
	if err != nil || len(queued) != 1 || queued[0].Key != "old-1" || queued[0].Attempts != 1 {
		t.Fatalf("after one failure and one delivery: %+v, %v", queued, err)
	}
	// Removing the subscription drops what it was owed.
	if err := s.Unsubscribe(ctx, "c2", url); err != nil {
		t.Fatal(err)
	}
	if queued, err := s.PendingBackfill(ctx, 10); err != nil || len(queued) != 0 {
		t.Fatalf("backfill of a removed subscription: %+v, %v", queued, err)
	}
}
