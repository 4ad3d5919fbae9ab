package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/storage/internal/fixture"
)

func testSubscriptions(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	a := fixture.Subscribe(t, s, "c1", "https://x.example/rss", briefing.DeliverInstant, feedsT0, "k1", "k2")
	if a.ID == 0 || a.Feed.ID == 0 || a.Feed.ETag != `"e1"` || a.Mode != briefing.DeliverInstant || !a.Feed.NextPoll.Equal(feedsT0.Add(15*time.Minute)) ||
		!a.Created.Equal(feedsT0) || a.GuildID != "g" || a.Feed.Title != "Feed https://x.example/rss" || !a.Feed.LastSuccess.Equal(feedsT0) {
		t.Fatalf("subscription = %+v", a)
	}
	if _, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c1", Feed: briefing.Feed{URL: "https://x.example/rss"}}, nil, nil, feedsT0); briefing.ErrorCode(err) != briefing.ECONFLICT {
		t.Fatalf("second subscription of one channel: %v", err)
	}
	if _, err := s.Subscribe(ctx, briefing.Subscription{ChannelID: "c1"}, nil, nil, feedsT0); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Fatalf("subscription without a feed: %v", err)
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
	if b.Feed.ID != a.Feed.ID || b.Feed.Paused || b.Feed.ErrorCount != 0 || b.Feed.LastError != "" || !b.Feed.FailingSince.IsZero() ||
		b.Feed.ETag != `"e1"` || b.Mode != briefing.DeliverDigest || !b.Feed.NextPoll.Equal(feedsT0.Add(15*time.Minute)) {
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
	if err != nil || len(subs) != 2 || subs[0].ChannelID != "c1" || subs[1].ChannelID != "c2" {
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
	if list, err := s.Subscriptions(ctx, "nobody"); err != nil || len(list) != 0 {
		t.Fatalf("an unknown channel's list = %+v, %v", list, err)
	}
}

func testDueFeeds(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	due := fixture.Subscribe(t, s, "c1", "https://a.example/rss", "", feedsT0)
	later := fixture.Subscribe(t, s, "c1", "https://b.example/rss", "", feedsT0)
	later.Feed.NextPoll = feedsT0.Add(2 * time.Hour)
	paused := fixture.Subscribe(t, s, "c1", "https://c.example/rss", "", feedsT0)
	paused.Feed.Paused = true
	orphan := fixture.Subscribe(t, s, "c2", "https://d.example/rss", "", feedsT0)
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
	if n, err := s.FeedBacklog(ctx, feedsT0.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("backlog = %d, %v; want 1", n, err)
	}
}

func testRecordItem(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	sub := fixture.Subscribe(t, s, "c1", "https://a.example/rss", "", feedsT0)
	id := sub.Feed.ID
	for i := range 2 {
		if err := s.RecordItem(ctx, id, "k", "https://a.example/1", 0, "site down", false, feedsT0); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.PendingItems(ctx, id, []string{"k"}); p["k"] != i+1 {
			t.Fatalf("attempts after %d failures = %v", i+1, p)
		}
	}
	if got, err := s.FeedItemArticle(ctx, id, "k"); err != nil || got != 0 {
		t.Fatalf("article of an item not briefed = %d, %v", got, err)
	}
	b := fixture.FeedBriefing("https://a.example/1", "Quiet harbour", feedsT0)
	fixture.MustSave(t, s, b)
	if err := s.RecordItem(ctx, id, "k", "https://a.example/1", b.Article.ID, "", true, feedsT0); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingItems(ctx, id, []string{"k"}); len(p) != 0 {
		t.Fatalf("done item still pending: %v", p)
	}
	if got, err := s.FeedItemArticle(ctx, id, "k"); err != nil || got != b.Article.ID {
		t.Fatalf("item article = %d, %v", got, err)
	}
	// A later failure of the same key keeps its article.
	if err := s.RecordItem(ctx, id, "k", "https://a.example/1", 0, "", true, feedsT0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FeedItemArticle(ctx, id, "k"); err != nil || got != b.Article.ID {
		t.Fatalf("item article after a second record = %d, %v", got, err)
	}
	if got, err := s.FeedItemArticle(ctx, id, "never-seen"); err != nil || got != 0 {
		t.Fatalf("article of an unknown item = %d, %v", got, err)
	}
	// Many keys at once, odd ones among them.
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("many-%d", i)
	}
	keys = append(keys, "k", "with 'quotes' and %_", "ünïcödé")
	if p, err := s.PendingItems(ctx, id, keys); err != nil || len(p) != 1002 || p["ünïcödé"] != 0 {
		t.Fatalf("pending of 1002 new keys: %d, %v", len(p), err)
	}
}

func testChannelWarnings(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	mine := fixture.Subscribe(t, s, "c1", "https://mine.example/rss", "", feedsT0)
	other := fixture.Subscribe(t, s, "c2", "https://other.example/rss", "", feedsT0)
	save := func(url, what string) int64 {
		b := fixture.FeedBriefing(url, what, feedsT0.Add(-48*time.Hour)) // published long ago: the window is on when redline briefed it
		fixture.MustSave(t, s, b)
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
	briefed := save("https://n.example/briefed", "briefed here")
	if err := s.RecordChannelArticle(ctx, "c1", briefed, feedsT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Recording it again keeps the first time.
	if err := s.RecordChannelArticle(ctx, "c1", briefed, feedsT0.Add(40*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordChannelArticle(ctx, "", briefed, feedsT0); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Fatalf("recording for no channel: %v", err)
	}
	// Joining another channel's feed later does not bring in what it had before.
	fixture.Subscribe(t, s, "c1", "https://other.example/rss", "", feedsT0.Add(3*time.Hour))

	ws, err := s.ChannelWarnings(ctx, "c1", feedsT0, feedsT0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Source.URL == "" || w.Source.ArticleID == 0 {
			t.Fatalf("warning without source: %+v", w)
		}
	}
	if got := fmt.Sprint(fixture.Whats(ws)); got != "[from my feed briefed here]" {
		t.Fatalf("channel warnings = %q", got)
	}
	fw, err := s.WarningsForFeeds(ctx, []int64{mine.Feed.ID, other.Feed.ID}, feedsT0, feedsT0.Add(24*time.Hour))
	if err != nil || len(fw) != 2 {
		t.Fatalf("warnings for feeds = %d, %v; want 2", len(fw), err)
	}
}

func testBackfill(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	url := "https://shared.example/rss"
	first := fixture.Subscribe(t, s, "c1", url, "", feedsT0, "old-1", "old-2")
	if err := s.RecordItem(ctx, first.Feed.ID, "pending", "https://n.example/p", 0, "site down", false, feedsT0); err != nil {
		t.Fatal(err)
	}
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
			it.Subscription.Feed.ID != first.Feed.ID || it.Subscription.Feed.URL != url {
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
	if err := s.Unsubscribe(ctx, "c2", url); err != nil {
		t.Fatal(err)
	}
	if queued, err := s.PendingBackfill(ctx, 10); err != nil || len(queued) != 0 {
		t.Fatalf("backfill of a removed subscription: %+v, %v", queued, err)
	}
}

func testDigestSchedules(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	if _, err := s.DigestSchedule(ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("missing schedule: %v", err)
	}
	d := briefing.DigestSchedule{GuildID: "g", ChannelID: "c1", TimeOfDay: "08:00", TimeZone: "Europe/Berlin", Updated: feedsT0}
	if err := s.SetDigestSchedule(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got, err := s.DigestSchedule(ctx, "c1"); err != nil || !got.LastSent.IsZero() || got.GuildID != "g" || got.TimeZone != "Europe/Berlin" {
		t.Fatalf("new schedule = %+v, %v", got, err)
	}
	if err := s.MarkDigestSent(ctx, "c1", feedsT0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDigestSent(ctx, "c1", feedsT0.Add(time.Hour)); err != nil { // an older one never moves it back
		t.Fatal(err)
	}
	if err := s.MarkDigestSent(ctx, "no-schedule", feedsT0); err != nil { // a digest asked for by hand
		t.Fatal(err)
	}
	d.TimeOfDay, d.Updated = "18:30", feedsT0.Add(3*time.Hour)
	if err := s.SetDigestSchedule(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := s.DigestSchedule(ctx, "c1")
	if err != nil || got.TimeOfDay != "18:30" || !got.LastSent.Equal(feedsT0.Add(2*time.Hour)) || !got.Updated.Equal(feedsT0.Add(3*time.Hour)) {
		t.Fatalf("schedule = %+v, %v", got, err)
	}
	if err := s.SetDigestSchedule(ctx, briefing.DigestSchedule{ChannelID: "b0", TimeOfDay: "07:00", TimeZone: "UTC", Updated: feedsT0}); err != nil {
		t.Fatal(err)
	}
	all, err := s.DigestSchedules(ctx)
	if err != nil || len(all) != 2 || all[0].ChannelID != "b0" || all[1].ChannelID != "c1" {
		t.Fatalf("all = %+v, %v", all, err)
	}
	if err := s.DeleteDigestSchedule(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDigestSchedule(ctx, "c1"); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("deleting twice: %v", err)
	}
}

func testDeliveries(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	if at, err := s.ReservedAt(ctx, "k"); err != nil || !at.IsZero() {
		t.Fatalf("ReservedAt of an unknown key = %v, %v", at, err)
	}
	if prev, err := s.ReserveDelivery(ctx, "k", "c1", feedsT0); err != nil || prev != "" {
		t.Fatalf("first reserve = %q, %v", prev, err)
	}
	if at, err := s.ReservedAt(ctx, "k"); err != nil || !at.Equal(feedsT0) {
		t.Fatalf("ReservedAt = %v, %v; want %v", at, err, feedsT0)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "reserved" {
		t.Fatalf("second reserve = %q, want reserved", prev)
	}
	// Two senders take the reservation over: the first gets it.
	later := feedsT0.Add(time.Hour)
	if took, err := s.RenewReservation(ctx, "k", feedsT0, later); err != nil || !took {
		t.Fatalf("first takeover = %v, %v", took, err)
	}
	if took, err := s.RenewReservation(ctx, "k", feedsT0, later.Add(time.Second)); err != nil || took {
		t.Fatalf("second takeover of the same reservation = %v, %v", took, err)
	}
	if at, _ := s.ReservedAt(ctx, "k"); !at.Equal(later) {
		t.Fatalf("reserved at %v after the takeover, want %v", at, later)
	}
	if err := s.ReleaseDelivery(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.DeliveryStatus(ctx, "k"); st != "" {
		t.Fatalf("status after release = %q", st)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "" {
		t.Fatalf("reserve after release = %q", prev)
	}
	if err := s.MarkDelivered(ctx, "k", feedsT0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseDelivery(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.DeliveryStatus(ctx, "k"); st != "sent" {
		t.Fatalf("a sent delivery was released: %q", st)
	}
	if prev, _ := s.ReserveDelivery(ctx, "k", "c1", feedsT0); prev != "sent" {
		t.Fatalf("reserve of a sent key = %q", prev)
	}
}

// Many callers on two handles reserve the same keys at once: each key is
// reserved by exactly one.
func testDeliveryReservedOnceAcrossHandles(t *testing.T, h Harness) {
	ctx := context.Background()
	first, more := h.Open(t, func() time.Time { return feedsT0 })
	stores := []Store{first, more()}
	const keys, callers = 20, 6
	var mu sync.Mutex
	winners := map[string]int{}
	var wg sync.WaitGroup
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[c%2]
			for k := range keys {
				key := fmt.Sprintf("digest:c%d:2026-03-02", k)
				prev, err := s.ReserveDelivery(ctx, key, "c", feedsT0)
				if err != nil {
					t.Error(err)
					return
				}
				if prev == "" {
					mu.Lock()
					winners[key]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if len(winners) != keys {
		t.Fatalf("%d keys reserved, want %d", len(winners), keys)
	}
	for k, n := range winners {
		if n != 1 {
			t.Errorf("key %s reserved %d times", k, n)
		}
	}
}

// leaseFeeds subscribes n feeds due at feedsT0.
func leaseFeeds(t testing.TB, s Store, n int) []briefing.Feed {
	t.Helper()
	var out []briefing.Feed
	for i := range n {
		sub := fixture.Subscribe(t, s, fmt.Sprintf("c%d", i%3), fmt.Sprintf("https://lease%d.example/rss", i), "", feedsT0.Add(-time.Hour))
		out = append(out, sub.Feed)
	}
	return out
}

func feedIDs(fs []briefing.Feed) []int64 {
	var out []int64
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func testLeaseClaimAndSave(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	all := leaseFeeds(t, s, 5)
	now := feedsT0
	got, err := s.ClaimFeeds(ctx, "a", now, now.Add(time.Minute), 3)
	if err != nil || len(got) != 3 {
		t.Fatalf("claim 3 = %+v, %v", got, err)
	}
	if !slices.Equal(feedIDs(got), feedIDs(all[:3])) {
		t.Errorf("claimed %v, want the longest waiting %v", feedIDs(got), feedIDs(all[:3]))
	}
	if n, _ := s.FeedBacklog(ctx, now); n != 2 {
		t.Errorf("backlog with 3 of 5 leased = %d, want 2", n)
	}
	rest, err := s.ClaimFeeds(ctx, "b", now, now.Add(time.Hour), 10)
	if err != nil || !slices.Equal(feedIDs(rest), feedIDs(all[3:])) {
		t.Fatalf("second poller claimed %v, %v; want %v", feedIDs(rest), err, feedIDs(all[3:]))
	}
	if none, err := s.ClaimFeeds(ctx, "c", now, now.Add(time.Minute), 10); err != nil || len(none) != 0 {
		t.Fatalf("third poller claimed %v, %v; want none", feedIDs(none), err)
	}
	// a saves two of its feeds, polled; b cannot save a's third.
	polled := got[:2]
	for i := range polled {
		polled[i].LastPolled, polled[i].LastSuccess, polled[i].NextPoll = now, now, now.Add(15*time.Minute)
		polled[i].Title = fmt.Sprintf("polled %d", i)
	}
	if n, err := s.SaveClaimedFeeds(ctx, "a", polled); err != nil || n != 2 {
		t.Fatalf("saving a's feeds: %d, %v", n, err)
	}
	stranger := got[2]
	stranger.Title = "written by b"
	if n, err := s.SaveClaimedFeeds(ctx, "b", []briefing.Feed{stranger}); err != nil || n != 0 {
		t.Fatalf("b saved a's feed: %d, %v", n, err)
	}
	// a releases its third unpolled: due again at once, for anyone.
	if err := s.ReleaseFeeds(ctx, "a", []int64{got[2].ID}); err != nil {
		t.Fatal(err)
	}
	again, err := s.ClaimFeeds(ctx, "c", now, now.Add(time.Hour), 10)
	if err != nil || !slices.Equal(feedIDs(again), []int64{got[2].ID}) {
		t.Fatalf("after release c claimed %v, %v; want %d", feedIDs(again), err, got[2].ID)
	}
	if again[0].Title == "written by b" {
		t.Error("a save by a poller without the lease was written")
	}
	// The saved feeds are not due until their next poll; their leases are gone.
	if n, _ := s.FeedBacklog(ctx, now.Add(16*time.Minute)); n != 2 {
		t.Errorf("backlog after the next poll time = %d, want a's 2 saved feeds (the others are leased)", n)
	}
	subs, err := s.Subscriptions(ctx, "c0")
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range subs {
		if sub.Feed.ID == polled[0].ID && (sub.Feed.Title != "polled 0" || !sub.Feed.NextPoll.Equal(now.Add(15*time.Minute))) {
			t.Errorf("saved feed reads back as %+v", sub.Feed)
		}
	}
	later, err := s.ClaimFeeds(ctx, "d", now.Add(16*time.Minute), now.Add(17*time.Minute), 10)
	if err != nil || len(later) != 2 {
		t.Fatalf("claim after the next poll time: %v, %v", feedIDs(later), err)
	}
	if _, err := s.ClaimFeeds(ctx, "", now, now, 1); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("claim without an owner: %v", err)
	}
}

func testLeaseExpiryTakeover(t *testing.T, h Harness) {
	ctx := context.Background()
	s := open(t, h)
	all := leaseFeeds(t, s, 3)
	now := feedsT0
	lease := 2 * time.Minute
	held, err := s.ClaimFeeds(ctx, "dead", now, now.Add(lease), 10)
	if err != nil || len(held) != 3 {
		t.Fatalf("claim = %v, %v", feedIDs(held), err)
	}
	// The poller renews one lease, then dies.
	if err := s.RenewFeedLeases(ctx, "dead", []int64{all[0].ID}, now.Add(2*lease)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ClaimFeeds(ctx, "alive", now.Add(lease-time.Second), now.Add(2*lease), 10); len(got) != 0 {
		t.Fatalf("leases taken before they ran out: %v", feedIDs(got))
	}
	got, err := s.ClaimFeeds(ctx, "alive", now.Add(lease), now.Add(3*lease), 10)
	if err != nil || !slices.Equal(feedIDs(got), feedIDs(all[1:])) {
		t.Fatalf("after expiry claimed %v, %v; want the two not renewed %v", feedIDs(got), err, feedIDs(all[1:]))
	}
	got, err = s.ClaimFeeds(ctx, "alive", now.Add(2*lease), now.Add(3*lease), 10)
	if err != nil || !slices.Equal(feedIDs(got), feedIDs(all[:1])) {
		t.Fatalf("after the renewed lease ran out claimed %v, %v; want %v", feedIDs(got), err, feedIDs(all[:1]))
	}
	// The dead poller wakes: it cannot save, renew or release what was taken.
	if n, err := s.SaveClaimedFeeds(ctx, "dead", held); err != nil || n != 0 {
		t.Errorf("a poller whose leases were taken saved %d feeds (%v)", n, err)
	}
	if err := s.RenewFeedLeases(ctx, "dead", feedIDs(all), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseFeeds(ctx, "dead", feedIDs(all)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.FeedBacklog(ctx, now.Add(2*lease)); err != nil || n != 0 {
		t.Errorf("backlog while the live poller holds everything = %d, %v", n, err)
	}
	if n, err := s.SaveClaimedFeeds(ctx, "alive", got); err != nil || n != 1 {
		t.Errorf("the live poller saved %d, %v; want 1", n, err)
	}
}

// Pollers on two handles claim at once, in small batches, until nothing
// is due: each feed is claimed exactly once.
func testLeasesExclusiveAcrossHandles(t *testing.T, h Harness) {
	ctx := context.Background()
	first, more := h.Open(t, func() time.Time { return feedsT0 })
	stores := []Store{first, more()}
	all := leaseFeeds(t, first, 60)
	var mu sync.Mutex
	claims := map[int64]int{}
	var wg sync.WaitGroup
	for p := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[p%2]
			owner := fmt.Sprintf("poller-%d", p)
			for {
				got, err := s.ClaimFeeds(ctx, owner, feedsT0, feedsT0.Add(time.Minute), 4)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, f := range got {
					claims[f.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claims) != len(all) {
		t.Fatalf("%d feeds claimed, want %d", len(claims), len(all))
	}
	for id, n := range claims {
		if n != 1 {
			t.Errorf("feed %d claimed %d times", id, n)
		}
	}
}
