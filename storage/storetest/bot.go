package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"redline/briefing"
	"redline/storage/internal/fixture"
)

// The stores' side of the bot's features: failed posts, channel owners,
// saved lookups, feed options and filters, stored briefings read back,
// activity, and actors one can name.

func testPostFailures(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	f := briefing.PostFailure{Key: "briefing:c1:7", ChannelID: "c1", Kind: briefing.PostBriefing, FeedID: 3, ArticleID: 7, Attempts: 1,
		FirstFailed: feedsT0, NextAttempt: feedsT0.Add(time.Minute), Deadline: feedsT0.Add(6 * time.Hour), Code: briefing.EBLOCKED, Message: "no permission"}
	if err := s.RecordPostFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordPostFailure(ctx, briefing.PostFailure{ChannelID: "c1"}); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("a failure without a key: %v", err)
	}
	f.Attempts, f.NextAttempt, f.Told = 2, feedsT0.Add(5*time.Minute), true
	if err := s.RecordPostFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.PostFailure(ctx, f.Key)
	if err != nil || !ok || got != f {
		t.Fatalf("PostFailure = %+v, %v, %v\nwant %+v", got, ok, err, f)
	}
	if _, ok, err := s.PostFailure(ctx, "unknown"); ok || err != nil {
		t.Errorf("unknown failure: %v, %v", ok, err)
	}
	digest := briefing.PostFailure{Key: "digest:c1:2026-03-02@UTC", ChannelID: "c1", Kind: briefing.PostDigest, Attempts: 1,
		FirstFailed: feedsT0.Add(time.Hour), NextAttempt: feedsT0.Add(time.Hour), Deadline: feedsT0.Add(2 * time.Hour)}
	if err := s.RecordPostFailure(ctx, digest); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DuePostFailures(ctx, briefing.PostBriefing, feedsT0.Add(10*time.Minute)); err != nil || len(due) != 1 || due[0].Key != f.Key {
		t.Errorf("due briefings = %+v, %v", due, err)
	}
	if due, err := s.DuePostFailures(ctx, briefing.PostBriefing, feedsT0.Add(time.Minute)); err != nil || len(due) != 0 {
		t.Errorf("briefings due before their time = %+v, %v", due, err)
	}
	if due, err := s.DuePostFailures(ctx, briefing.PostDigest, feedsT0.Add(3*time.Hour)); err != nil || len(due) != 1 {
		t.Errorf("due digests = %+v, %v", due, err)
	}
	all, err := s.ChannelPostFailures(ctx, "c1")
	if err != nil || len(all) != 2 || all[0].Key != digest.Key {
		t.Errorf("channel failures = %+v, %v; want the digest's first", all, err)
	}
	if err := s.ClearPostFailures(ctx, "c1", briefing.PostBriefing, 3); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.ChannelPostFailures(ctx, "c1"); len(all) != 1 || all[0].Key != digest.Key {
		t.Errorf("after clearing the feed's briefings: %+v", all)
	}
}

func testChannelOwnersAndSearches(t *testing.T, h Harness) {
	ctx := context.Background()
	s, more := h.Open(t, func() time.Time { return baseTime })
	if u, err := s.ChannelOwner(ctx, "c1"); err != nil || u != "" {
		t.Errorf("unknown owner = %q, %v", u, err)
	}
	for _, u := range []string{"u1", "u2"} {
		if err := s.SetChannelOwner(ctx, "c1", u, feedsT0); err != nil {
			t.Fatal(err)
		}
	}
	if u, err := s.ChannelOwner(ctx, "c1"); err != nil || u != "u2" {
		t.Errorf("owner = %q, %v; want the latest", u, err)
	}

	q := briefing.HistoryQuery{Speaker: "Brandt", Text: "grain", Since: baseTime, Until: baseTime.Add(time.Hour), Limit: 5}
	id, err := s.SaveSearch(ctx, briefing.SavedSearch{UserID: "u1", Query: q, Title: "Brandt on grain", Created: baseTime})
	if err != nil || id == 0 {
		t.Fatalf("SaveSearch = %d, %v", id, err)
	}
	if err := s.SetSearchCursor(ctx, id, 1, "cursor-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSearchCursor(ctx, id, 5, "out of order"); err != nil {
		t.Fatal(err)
	}
	// Another process (a restarted bot) reads it back.
	got, err := more().SavedSearch(ctx, id)
	if err != nil || got.Kind != "history" || got.UserID != "u1" || got.Title != "Brandt on grain" || got.Query != q ||
		!slices.Equal(got.Cursors, []string{"", "cursor-1"}) || !got.Created.Equal(baseTime) {
		t.Errorf("SavedSearch = %+v, %v", got, err)
	}
	// A month later the old search is forgotten when another is saved.
	next, err := s.SaveSearch(ctx, briefing.SavedSearch{Kind: "who", UserID: "u2", Query: briefing.HistoryQuery{Speaker: "Ostmark"},
		Created: baseTime.Add(31 * 24 * time.Hour)})
	if err != nil || next <= id {
		t.Fatalf("second search = %d, %v", next, err)
	}
	if _, err := s.SavedSearch(ctx, id); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("a forgotten search: %v", err)
	}
	if got, err := s.SavedSearch(ctx, next); err != nil || got.Kind != "who" {
		t.Errorf("the who search = %+v, %v", got, err)
	}
}

func testSubscriptionOptionsAndFilters(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	filter := briefing.FeedFilter{Actors: []string{"Ostmark"}, ActorKeys: []string{"ostmark"}, ThreatsOnly: true, Keywords: []string{"grain"}}
	sub, err := s.Subscribe(ctx, briefing.Subscription{GuildID: "g", ChannelID: "c1", Mode: briefing.DeliverInstant, Filter: filter,
		MentionRole: "role-1", Thread: true, Feed: briefing.Feed{URL: "https://x.example/rss", NextPoll: feedsT0}}, nil, nil, feedsT0)
	if err != nil {
		t.Fatal(err)
	}
	plain := fixture.Subscribe(t, s, "c2", "https://x.example/rss", briefing.DeliverDigest, feedsT0)
	if err := s.MarkSubscriptionPosted(ctx, "c1", sub.Feed.ID, feedsT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkSubscriptionPosted(ctx, "c1", sub.Feed.ID, feedsT0); err != nil { // an older post never moves it back
		t.Fatal(err)
	}
	if err := s.RecordPostFailure(ctx, briefing.PostFailure{Key: "k", ChannelID: "c1", Kind: briefing.PostBriefing, FeedID: sub.Feed.ID,
		Attempts: 1, FirstFailed: feedsT0, NextAttempt: feedsT0, Deadline: feedsT0, Message: "redline may not post here"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Subscriptions(ctx, "c1")
	if err != nil || len(list) != 1 {
		t.Fatalf("c1's subscriptions = %+v, %v", list, err)
	}
	got := list[0]
	if fmtFilter(got.Filter) != fmtFilter(filter) || got.MentionRole != "role-1" || !got.Thread ||
		!got.LastPosted.Equal(feedsT0.Add(time.Hour)) || got.PostError != "redline may not post here" {
		t.Errorf("subscription read back as %+v", got)
	}
	if list, _ := s.FeedSubscriptions(ctx, sub.Feed.ID); len(list) != 2 || !list[1].Filter.IsZero() || list[1].Thread || list[1].ID != plain.ID {
		t.Errorf("the plain subscription read back as %+v", list)
	}
	// A digest's articles come with the filters of the ways they came.
	b := fixture.FeedBriefing("https://n.example/1", "a grain embargo", feedsT0)
	fixture.MustSave(t, s, b)
	if err := s.RecordItem(ctx, sub.Feed.ID, "k1", "https://n.example/1", b.Article.ID, "", true, feedsT0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	briefed := fixture.FeedBriefing("https://n.example/2", "briefed by hand", feedsT0)
	fixture.MustSave(t, s, briefed)
	if err := s.RecordChannelArticle(ctx, "c1", briefed.Article.ID, feedsT0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	filters, err := s.ChannelArticleFilters(ctx, "c1", feedsT0, feedsT0.Add(time.Hour))
	if err != nil || len(filters) != 2 || len(filters[b.Article.ID]) != 1 || fmtFilter(filters[b.Article.ID][0]) != fmtFilter(filter) ||
		len(filters[briefed.Article.ID]) != 1 || !filters[briefed.Article.ID][0].IsZero() {
		t.Errorf("ChannelArticleFilters = %+v, %v", filters, err)
	}
	// And the stored briefing reads back whole.
	back, err := s.Briefing(ctx, b.Article.ID)
	if err != nil || back.Article.Key() != b.Article.Key() || back.Article.Text != b.Article.Text || len(back.Warnings) != 1 ||
		back.Warnings[0].What != "a grain embargo" || back.Warnings[0].ID != b.Warnings[0].ID {
		t.Errorf("Briefing = %+v, %v", back, err)
	}
	if _, err := s.Briefing(ctx, 999999); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("a briefing that is gone: %v", err)
	}
}

func fmtFilter(f briefing.FeedFilter) string {
	return slicesJoin(f.Actors) + "|" + slicesJoin(f.ActorKeys) + "|" + slicesJoin(f.Keywords) + "|" + map[bool]string{true: "threats"}[f.ThreatsOnly]
}

func slicesJoin(ss []string) string {
	out := ""
	for _, s := range ss {
		out += s + ","
	}
	return out
}

func testActivityAndNameableActors(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day0", 0))
	fixture.MustSave(t, s, fixture.Briefing("https://ledger.test/day1", 24))
	generic := fixture.OtherBriefing("https://courier.test/officials", 30)
	generic.Warnings[0].Speaker = briefing.Actor{Name: "officials"}
	generic.Warnings[0].Addressee = briefing.Actor{Name: "Ostmark"}
	// Two speakers in one name are no one to name either.
	compound := generic.Warnings[0]
	compound.Speaker = briefing.Actor{Name: "Northland and Southland"}
	generic.Warnings = append(generic.Warnings, compound)
	fixture.MustSave(t, s, generic)

	act, err := s.Activity(ctx, "Brandt", "", baseTime, baseTime.Add(48*time.Hour))
	if err != nil || act.Actor.Key != "anika brandt" || len(act.Events) != 4 {
		t.Fatalf("Activity(Brandt) = %+v, %v", act, err)
	}
	for i, e := range act.Events {
		if !e.By || (i > 0 && e.At.Before(act.Events[i-1].At)) {
			t.Errorf("event %d = %+v: Brandt gave every warning, oldest first", i, e)
		}
	}
	pair, err := s.Activity(ctx, "Ostmark", "Veloria", baseTime, baseTime.Add(48*time.Hour))
	if err != nil || pair.Other.Key != "veloria" || len(pair.Events) != 4 {
		t.Fatalf("Activity(Ostmark, Veloria) = %+v, %v", pair, err)
	}
	by := 0
	for _, e := range pair.Events {
		if e.By {
			by++
		}
	}
	if by != 2 {
		t.Errorf("Ostmark gave %d of the 4 warnings between it and Veloria, want 2", by)
	}
	if _, err := s.Activity(ctx, "", "", baseTime, baseTime); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("Activity of no one: %v", err)
	}
	// "officials" is a role, not a name: never offered, never looked up.
	as, err := s.Actors(ctx, "off", 0)
	if err != nil || len(as) != 0 {
		t.Errorf("Actors(off) = %+v, %v", as, err)
	}
	if _, err := s.Profile(ctx, "officials", 5); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("Profile(officials): %v", err)
	}
	p, err := s.Profile(ctx, "Ostmark", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Counterparts {
		if c.Actor.Key == "officials" || c.Actor.Key == "northland and southland" {
			t.Errorf("Ostmark's counterparts offer %q", c.Actor.Name)
		}
	}
	all, err := s.Actors(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Key == "officials" || a.Key == "northland and southland" {
			t.Errorf("Actors offers %q", a.Name)
		}
	}
}

// A post given up on is no longer due, and stays shown on its subscription
// until a post of the feed goes out; that clears the feed's failures only.
func testPostFailuresGiveUpAndClear(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	sub := fixture.Subscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverInstant, feedsT0)
	f := briefing.PostFailure{Key: "briefing:c1:7", ChannelID: "c1", Kind: briefing.PostBriefing, FeedID: sub.Feed.ID, ArticleID: 7,
		Attempts: 9, FirstFailed: feedsT0, NextAttempt: feedsT0.Add(7 * time.Hour), Deadline: feedsT0.Add(6 * time.Hour), Told: true,
		Code: briefing.EBLOCKED, Message: "redline may not post in channel c1"}
	digest := briefing.PostFailure{Key: "digest:c1:2026-03-02", ChannelID: "c1", Kind: briefing.PostDigest, Attempts: 1,
		FirstFailed: feedsT0, NextAttempt: feedsT0.Add(2 * time.Minute), Deadline: feedsT0.Add(time.Hour), Message: "Discord failed"}
	for _, pf := range []briefing.PostFailure{f, digest} {
		if err := s.RecordPostFailure(ctx, pf); err != nil {
			t.Fatal(err)
		}
	}
	if got, ok, err := s.PostFailure(ctx, f.Key); err != nil || !ok || !got.GaveUp() {
		t.Fatalf("PostFailure = %+v, %v, %v; want one given up on", got, ok, err)
	}
	if due, err := s.DuePostFailures(ctx, briefing.PostBriefing, feedsT0.Add(8*time.Hour)); err != nil || len(due) != 0 {
		t.Errorf("a post given up on is still due: %+v, %v", due, err)
	}
	subs, err := s.Subscriptions(ctx, "c1")
	if err != nil || len(subs) != 1 || subs[0].PostError != f.Message {
		t.Fatalf("subscriptions = %+v, %v; want the post error shown", subs, err)
	}
	if err := s.MarkSubscriptionPosted(ctx, "c1", sub.Feed.ID, feedsT0.Add(9*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearPostFailures(ctx, "c1", briefing.PostBriefing, sub.Feed.ID); err != nil {
		t.Fatal(err)
	}
	if subs, err := s.Subscriptions(ctx, "c1"); err != nil || len(subs) != 1 || subs[0].PostError != "" || !subs[0].LastPosted.Equal(feedsT0.Add(9*time.Hour)) {
		t.Errorf("after a post: %+v, %v", subs, err)
	}
	if _, ok, _ := s.PostFailure(ctx, digest.Key); !ok {
		t.Error("clearing the feed's failures cleared the digest's")
	}
}
