package storage

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"redline/briefing"
)

func TestPostFailuresAreDueUntilTheirDeadlineAndShownUntilCleared(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	sub := feedsSubscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverInstant, feedsT0)
	f := briefing.PostFailure{Key: "briefing:c1:7", ChannelID: "c1", Kind: briefing.PostBriefing, FeedID: sub.Feed.ID, ArticleID: 7,
		Attempts: 1, FirstFailed: feedsT0, NextAttempt: feedsT0.Add(time.Minute), Deadline: feedsT0.Add(6 * time.Hour),
		Code: briefing.EBLOCKED, Message: "redline may not post in channel c1"}
	if err := s.RecordPostFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	digest := briefing.PostFailure{Key: "digest:c1:2026-03-02", ChannelID: "c1", Kind: briefing.PostDigest, Attempts: 1,
		FirstFailed: feedsT0, NextAttempt: feedsT0.Add(2 * time.Minute), Deadline: feedsT0.Add(time.Hour), Message: "Discord failed"}
	if err := s.RecordPostFailure(ctx, digest); err != nil {
		t.Fatal(err)
	}
	due := func(kind string, at time.Time) []string {
		fs, err := s.DuePostFailures(ctx, kind, at)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, f := range fs {
			keys = append(keys, f.Key)
		}
		return keys
	}
	if got := due(briefing.PostBriefing, feedsT0); got != nil {
		t.Errorf("due before the next attempt: %q", got)
	}
	if got := due(briefing.PostBriefing, feedsT0.Add(time.Minute)); !slices.Equal(got, []string{f.Key}) {
		t.Errorf("due briefings = %q", got)
	}
	if got := due(briefing.PostDigest, feedsT0.Add(time.Hour)); !slices.Equal(got, []string{digest.Key}) {
		t.Errorf("due digests = %q", got)
	}

	// The subscription shows the failure; giving up keeps it shown.
	f.Attempts, f.NextAttempt, f.Told = 9, feedsT0.Add(7*time.Hour), true
	if err := s.RecordPostFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.PostFailure(ctx, f.Key)
	if err != nil || !ok || got.Attempts != 9 || !got.Told || !got.GaveUp() || got.Message != f.Message || !got.FirstFailed.Equal(feedsT0) {
		t.Fatalf("PostFailure = %+v, %v, %v", got, ok, err)
	}
	if keys := due(briefing.PostBriefing, feedsT0.Add(8*time.Hour)); keys != nil {
		t.Errorf("a post given up on is still due: %q", keys)
	}
	subs, err := s.Subscriptions(ctx, "c1")
	if err != nil || len(subs) != 1 || subs[0].PostError != f.Message {
		t.Fatalf("subscriptions = %+v, %v; want the post error shown", subs, err)
	}
	if all, err := s.ChannelPostFailures(ctx, "c1"); err != nil || len(all) != 2 {
		t.Errorf("channel failures = %d, %v", len(all), err)
	}

	// A post of the feed that went out clears its failures, not the digest's.
	if err := s.MarkSubscriptionPosted(ctx, "c1", sub.Feed.ID, feedsT0.Add(9*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearPostFailures(ctx, "c1", briefing.PostBriefing, sub.Feed.ID); err != nil {
		t.Fatal(err)
	}
	subs, _ = s.Subscriptions(ctx, "c1")
	if subs[0].PostError != "" || !subs[0].LastPosted.Equal(feedsT0.Add(9*time.Hour)) {
		t.Errorf("after a post: %+v", subs[0])
	}
	if _, ok, _ := s.PostFailure(ctx, digest.Key); !ok {
		t.Error("clearing the feed's failures cleared the digest's")
	}
}

func TestChannelOwner(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if u, err := s.ChannelOwner(ctx, "c1"); err != nil || u != "" {
		t.Fatalf("unknown owner = %q, %v", u, err)
	}
	for _, u := range []string{"u1", "u2"} {
		if err := s.SetChannelOwner(ctx, "c1", u, feedsT0); err != nil {
			t.Fatal(err)
		}
	}
	if u, err := s.ChannelOwner(ctx, "c1"); err != nil || u != "u2" {
		t.Errorf("owner = %q, %v; want the last one to set up", u, err)
	}
}

func TestSubscriptionOptionsAreKept(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	filter := briefing.FeedFilter{Actors: []string{"Russia"}, ActorKeys: []string{"russia"}, ThreatsOnly: true, Keywords: []string{"cable"}}
	_, err := s.Subscribe(ctx, briefing.Subscription{GuildID: "g", ChannelID: "c1", Mode: briefing.DeliverInstant,
		Feed: briefing.Feed{URL: "https://x.example/rss"}, Filter: filter, MentionRole: "123", Thread: true}, nil, nil, feedsT0)
	if err != nil {
		t.Fatal(err)
	}
	feedsSubscribe(t, s, "c2", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	subs, err := s.Subscriptions(ctx, "c1")
	if err != nil || len(subs) != 1 {
		t.Fatal(subs, err)
	}
	got := subs[0]
	if !slices.Equal(got.Filter.ActorKeys, filter.ActorKeys) || !got.Filter.ThreatsOnly || !slices.Equal(got.Filter.Keywords, filter.Keywords) ||
		got.MentionRole != "123" || !got.Thread {
		t.Errorf("options read back = %+v", got)
	}
	other, _ := s.FeedSubscriptions(ctx, got.Feed.ID)
	if len(other) != 2 || !other[1].Filter.IsZero() || other[1].MentionRole != "" || other[1].Thread {
		t.Errorf("the other channel's subscription took options: %+v", other)
	}
}

func TestChannelArticleFiltersSayHowEachArticleCame(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	threats := briefing.FeedFilter{ThreatsOnly: true}
	sub, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c1", Feed: briefing.Feed{URL: "https://x.example/rss"}, Filter: threats}, nil, nil, feedsT0)
	if err != nil {
		t.Fatal(err)
	}
	b := feedsBriefing("https://n.example/1", "a blockade", feedsT0)
	mustSave(t, s, b)
	if err := s.RecordItem(ctx, sub.Feed.ID, "k1", "", b.Article.ID, "", true, feedsT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	direct := feedsBriefing("https://n.example/2", "tariffs", feedsT0)
	mustSave(t, s, direct)
	if err := s.RecordChannelArticle(ctx, "c1", direct.Article.ID, feedsT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.ChannelArticleFilters(ctx, "c1", feedsT0, feedsT0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if fs := got[b.Article.ID]; len(fs) != 1 || !fs[0].ThreatsOnly {
		t.Errorf("the feed's article filters = %+v", fs)
	}
	if fs := got[direct.Article.ID]; len(fs) != 1 || !fs[0].IsZero() {
		t.Errorf("an article briefed in the channel: filters %+v, want one that lets all through", fs)
	}
}

func TestSavedSearchesSurviveAReopenAndExpire(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(ctx, path, WithNow(func() time.Time { return feedsT0 }))
	if err != nil {
		t.Fatal(err)
	}
	q := briefing.HistoryQuery{Speaker: "Russia", Text: "cable", Since: feedsT0.Add(-7 * 24 * time.Hour), Limit: 5}
	id, err := s.SaveSearch(ctx, briefing.SavedSearch{UserID: "u1", Query: q, Title: "Warnings by Russia"})
	if err != nil {
		t.Fatal(err)
	}
	for n, c := range []string{"c1", "c2"} {
		if err := s.SetSearchCursor(ctx, id, n+1, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSearchCursor(ctx, id, 1, "again"); err != nil { // an old page learnt twice changes nothing
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2 := openStore(t, path, WithNow(func() time.Time { return feedsT0.Add(40 * 24 * time.Hour) }))
	got, err := s2.SavedSearch(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != "history" || got.UserID != "u1" || got.Title != "Warnings by Russia" || got.Query.Speaker != "Russia" || got.Query.Text != "cable" ||
		!got.Query.Since.Equal(q.Since) || got.Query.Limit != 5 || !slices.Equal(got.Cursors, []string{"", "c1", "c2"}) {
		t.Fatalf("saved search = %+v", got)
	}
	// Saving another one 40 days later forgets the old one.
	id2, err := s2.SaveSearch(ctx, briefing.SavedSearch{Kind: "who", UserID: "u2", Query: briefing.HistoryQuery{Speaker: "Russia", Addressee: "Norway"}})
	if err != nil {
		t.Fatal(err)
	}
	if who, err := s2.SavedSearch(ctx, id2); err != nil || id2 == id || who.Kind != "who" || who.Query.Addressee != "Norway" {
		t.Errorf("who lookup = %+v (id %d after %d), %v", who, id2, id, err)
	}
	if _, err := s2.SavedSearch(ctx, id); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("a 40-day-old search: %v, want ENOTFOUND", err)
	}
}

func TestBriefingReadsAStoredArticleBack(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	b := sampleBriefing("https://ledger.test/day0", 0)
	mustSave(t, s, b)
	got, err := s.Briefing(ctx, b.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Article.Title != b.Article.Title || got.Article.Text != b.Article.Text || len(got.Warnings) != len(b.Warnings) || got.Warnings[0].What != b.Warnings[0].What {
		t.Errorf("briefing read back = %+v", got)
	}
	if _, err := s.Briefing(ctx, 9999); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("unknown article: %v", err)
	}
}

func TestActivityAndNameableActors(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	at := func(d int) time.Time { return feedsT0.AddDate(0, 0, d) }
	save := func(url string, d int, ws ...briefing.Warning) {
		mustSave(t, s, &briefing.Briefing{Article: briefing.Article{URL: url, Title: url, Published: at(d), Fetched: at(d)}, Warnings: ws})
	}
	w := func(speaker, addressee string, kind briefing.Kind) briefing.Warning {
		return briefing.Warning{Speaker: briefing.Actor{Name: speaker}, Addressee: briefing.Actor{Name: addressee}, Kind: kind, What: speaker + " warns " + addressee}
	}
	save("https://n.example/1", -20, w("Russia", "Norway", briefing.KindThreat))
	save("https://n.example/2", -10, w("Norway", "Russia", briefing.KindWarning), w("Russia", "Finland", briefing.KindWarning))
	save("https://n.example/3", -5, w("Russia and Norway", "Finland", briefing.KindWarning), w("A Commission spokeswoman", "Russia", briefing.KindWarning))
	save("https://n.example/old", -400, w("Russia", "Norway", briefing.KindThreat))

	act, err := s.Activity(ctx, "Russia", "", at(-30), at(0))
	if err != nil {
		t.Fatal(err)
	}
	var by, to int
	for _, e := range act.Events {
		if e.By {
			by++
		} else {
			to++
		}
	}
	if act.Actor.Key != "russia" || by != 2 || to != 2 {
		t.Errorf("Russia's activity: %d by, %d to (%+v), want 2 and 2", by, to, act.Events)
	}
	pair, err := s.Activity(ctx, "Norway", "Russia", at(-30), at(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(pair.Events) != 2 || pair.Events[0].By || pair.Events[0].Kind != briefing.KindThreat || !pair.Events[1].By || pair.Other.Key != "russia" {
		t.Errorf("Norway ↔ Russia = %+v, want Russia's threat to Norway, then Norway's warning to Russia", pair.Events)
	}
	if _, err := s.Activity(ctx, "Atlantis", "", at(-30), at(0)); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("unknown actor: %v", err)
	}

	// Compounds and generic speakers are no actors to offer.
	as, err := s.Actors(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == "Russia and Norway" || a.Name == "A Commission spokeswoman" {
			t.Errorf("autocomplete offers %q", a.Name)
		}
	}
	p, err := s.Profile(ctx, "Russia", 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Counterparts {
		if c.Actor.Name == "A Commission spokeswoman" {
			t.Errorf("profile counterparts offer %q", c.Actor.Name)
		}
	}
	if _, err := s.Profile(ctx, "A Commission spokeswoman", 5); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("a generic speaker's profile: %v, want ENOTFOUND", err)
	}
}

func TestPruneForgetsFailedPostsGivenUpLongAgo(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	old := briefing.PostFailure{Key: "old", ChannelID: "c1", Kind: briefing.PostBriefing, Attempts: 9, FirstFailed: feedsT0,
		NextAttempt: feedsT0.Add(7 * time.Hour), Deadline: feedsT0.Add(6 * time.Hour)}
	retrying := old
	retrying.Key, retrying.NextAttempt, retrying.Deadline = "retrying", feedsT0.Add(time.Hour), feedsT0.Add(40*24*time.Hour)
	recent := old
	recent.Key, recent.FirstFailed, recent.NextAttempt, recent.Deadline = "recent", feedsT0.Add(39*24*time.Hour),
		feedsT0.Add(39*24*time.Hour+7*time.Hour), feedsT0.Add(39*24*time.Hour+6*time.Hour)
	for _, f := range []briefing.PostFailure{old, retrying, recent} {
		if err := s.RecordPostFailure(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Prune(ctx, feedsT0.Add(10*24*time.Hour), 0, 1)
	if err != nil || p.PostFailures != 1 {
		t.Fatalf("Prune = %+v, %v; want the one old failure given up on", p, err)
	}
	left, _ := s.ChannelPostFailures(ctx, "c1")
	if len(left) != 2 {
		t.Errorf("left %+v", left)
	}
}
