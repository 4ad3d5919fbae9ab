package feeds_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/storage"
)

func TestConditionalGetRoundTripAnd304(t *testing.T) {
	e := newEnv(t)
	const etag = `"v1"`
	lastMod := start.Add(-time.Hour).Format(http.TimeFormat)
	url := e.server.set("/wire.xml", &servedFeed{Items: numbered("w", 3, start), ETag: etag, LastModified: lastMod})
	e.add("c1", url, briefing.DeliverInstant, 0)

	rep := e.poll(16 * time.Minute)
	got := e.server.get("/wire.xml")
	if got.LastIfNone != etag || got.LastIfMod != lastMod {
		t.Fatalf("poll sent If-None-Match %q, If-Modified-Since %q; want %q, %q", got.LastIfNone, got.LastIfMod, etag, lastMod)
	}
	if rep.Polled != 1 || rep.NotModified != 1 || len(rep.New) != 0 || got.NotModified != 1 {
		t.Fatalf("304 poll: report %+v, server 304s %d", rep, got.NotModified)
	}
	if f := e.feedState("c1", url); !f.LastSuccess.Equal(e.clock.Now()) || !f.NextPoll.Equal(e.clock.Now().Add(15*time.Minute)) {
		t.Fatalf("after 304: last success %v, next poll %v", f.LastSuccess, f.NextPoll)
	}

	// New content with new validators: the body is read, the new item briefed,
	// and the new validators are sent next time.
	items := append(numbered("x", 1, start.Add(time.Hour)), numbered("w", 3, start)...)
	lastMod2 := start.Add(time.Hour).Format(http.TimeFormat)
	e.server.update("/wire.xml", func(f *servedFeed) { f.Items, f.ETag, f.LastModified = items, `"v2"`, lastMod2 })
	rep = e.poll(16 * time.Minute)
	if len(rep.New) != 1 || rep.New[0].Item.Title != "x story 1" || rep.New[0].Briefing == nil {
		t.Fatalf("changed feed: new items %+v", rep.New)
	}
	e.poll(16 * time.Minute)
	got = e.server.get("/wire.xml")
	if got.LastIfNone != `"v2"` || got.LastIfMod != lastMod2 || got.NotModified != 2 {
		t.Fatalf("validators not updated: sent %q %q, 304s %d", got.LastIfNone, got.LastIfMod, got.NotModified)
	}
	if b, _ := e.poster.counts(); b != 1 {
		t.Fatalf("instant posts = %d, want 1", b)
	}
}

func TestNotDueFeedIsNotPolled(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("a", 2, start)})
	e.add("c1", url, "", 0)
	e.poll(5 * time.Minute) // interval is 15 minutes
	if n := e.server.get("/f.xml").Requests; n != 1 {
		t.Fatalf("feed requested %d times, want only the Add", n)
	}
}

func TestRewrittenItemIsNotRedelivered(t *testing.T) {
	for _, tc := range []struct {
		name string
		item func(date time.Time, desc string) testItem
	}{
		{"by GUID", func(d time.Time, desc string) testItem {
			return testItem{GUID: "tag:wire,2026:1", Title: "Minister warns", Link: "https://news.example/1", Description: desc, Published: d}
		}},
		{"by link without GUID", func(d time.Time, desc string) testItem {
			return testItem{Title: "Minister warns", Link: "https://news.example/2?utm_source=rss", Description: desc, Published: d}
		}},
		{"by title and link hash", func(d time.Time, desc string) testItem {
			return testItem{Title: "Minister warns", Description: desc, Published: d}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			url := e.server.set("/f.xml", &servedFeed{Items: numbered("old", 2, start)})
			e.add("c1", url, briefing.DeliverInstant, 0)

			first := tc.item(start.Add(time.Hour), "first summary")
			e.server.update("/f.xml", func(f *servedFeed) { f.Items = append([]testItem{first}, f.Items...) })
			rep := e.poll(16 * time.Minute)
			if len(rep.New) != 1 {
				t.Fatalf("first poll: %d new items, want 1", len(rep.New))
			}

			// The feed rewrites the item's date and summary; a restart in between
			// proves the seen set is on disk.
			e.open()
			rewritten := tc.item(start.Add(5*time.Hour), "a completely different summary")
			e.server.update("/f.xml", func(f *servedFeed) { f.Items[0] = rewritten })
			rep = e.poll(16 * time.Minute)
			if len(rep.New) != 0 {
				t.Fatalf("rewritten item delivered again: %+v", rep.New)
			}
			if tc.name != "by title and link hash" {
				if b, _ := e.poster.counts(); b != 1 {
					t.Fatalf("instant posts = %d, want 1", b)
				}
			}
		})
	}
}

func TestAddMarksCurrentItemsSeenExceptBackfill(t *testing.T) {
	for _, backfill := range []int{0, 1, 5} {
		t.Run(fmt.Sprint("backfill ", backfill), func(t *testing.T) {
			e := newEnv(t)
			// No validators: every poll reads the whole feed again.
			url := e.server.set("/big.xml", &servedFeed{Items: numbered("n", 50, start)})
			res := e.add("c1", url, briefing.DeliverInstant, backfill)
			if res.Items != 50 || res.Backfilled != backfill || res.Latest.Title != "n story 50" || res.Feed.Title != "Test Wire" {
				t.Fatalf("AddResult = %+v", res)
			}
			if b, _ := e.poster.counts(); b != 0 {
				t.Fatalf("Add posted %d briefings", b)
			}
			rep := e.poll(16 * time.Minute)
			rep2 := e.poll(16 * time.Minute)
			if len(rep.New) != backfill || len(rep2.New) != 0 {
				t.Fatalf("new items after add: %d then %d, want %d then 0", len(rep.New), len(rep2.New), backfill)
			}
			b, _ := e.poster.counts()
			if b != backfill {
				t.Fatalf("posted %d briefings, want %d", b, backfill)
			}
			// The backfill is the newest items, briefed oldest first.
			for i, n := range rep.New {
				want := fmt.Sprintf("n story %d", 50-backfill+1+i)
				if n.Item.Title != want {
					t.Fatalf("backfilled item %d = %q, want %q", i, n.Item.Title, want)
				}
			}
		})
	}
}

func TestAddRejectsBrokenFeedsAndStoresNothing(t *testing.T) {
	e := newEnv(t)
	good := e.server.set("/good.xml", &servedFeed{Items: numbered("g", 3, start)})
	e.add("c1", good, "", 0)

	huge := strings.Repeat("<!-- padding padding padding padding padding padding -->\n", 6<<20/56)
	cases := []struct {
		path, body, ctype, code, mention string
		status                           int
	}{
		{path: "/malformed.xml", body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>unclosed`,
			code: briefing.EINVALID, mention: "malformed"},
		{path: "/page.html", body: "<!DOCTYPE html><html><head><title>News</title></head><body><p>Hello</p></body></html>",
			ctype: "text/html", code: briefing.EINVALID, mention: "web page, not a feed"},
		{path: "/huge.xml", body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>` + huge + `</channel></rss>`,
			code: briefing.ETOOLARGE, mention: "larger than 5MiB"},
		{path: "/gone.xml", status: http.StatusNotFound, code: briefing.ENOTFOUND, mention: "HTTP 404"},
		{path: "/json.txt", body: `{"not": "a feed"}`, code: briefing.EINVALID, mention: "not an RSS, Atom or JSON feed"},
	}
	for _, tc := range cases {
		url := e.server.set(tc.path, &servedFeed{Body: tc.body, ContentType: tc.ctype, Status: tc.status})
		_, err := e.svc.Add(e.ctx, "guild", "c1", url, "", 0)
		if err == nil {
			t.Fatalf("%s: Add succeeded", tc.path)
		}
		var be *briefing.Error
		if !errors.As(err, &be) || be.Code != tc.code || !strings.Contains(be.Message, tc.mention) || !strings.Contains(be.Message, url) {
			t.Fatalf("%s: error %q (code %s), want code %s naming the URL and %q", tc.path, briefing.ErrorMessage(err), briefing.ErrorCode(err), tc.code, tc.mention)
		}
	}
	subs, err := e.svc.List(e.ctx, "c1")
	if err != nil || len(subs) != 1 || subs[0].Feed.URL != good {
		t.Fatalf("after failed adds the channel follows %+v (err %v); want only the good feed", subs, err)
	}
	due, err := e.store.DueFeeds(e.ctx, e.clock.Now().Add(time.Hour))
	if err != nil || len(due) != 1 {
		t.Fatalf("feeds to poll: %d (err %v), want 1", len(due), err)
	}

	// The good feed turning malformed fails alone and loses its seen set to nothing.
	bad := e.server.set("/good2.xml", &servedFeed{Items: numbered("h", 2, start)})
	e.add("c1", bad, "", 0)
	e.server.update("/good2.xml", func(f *servedFeed) { f.Body = "<rss><channel><item>" })
	e.server.update("/good.xml", func(f *servedFeed) { f.Items = append(numbered("g", 4, start.Add(time.Hour))[:1], f.Items...) })
	rep := e.poll(16 * time.Minute)
	if rep.Failed != 1 || len(rep.New) != 1 || rep.New[0].Feed.URL != good {
		t.Fatalf("poll with one malformed feed: %+v", rep)
	}
	if f := e.feedState("c1", bad); f.ErrorCount != 1 || !strings.Contains(f.LastError, "malformed") {
		t.Fatalf("malformed feed state: %+v", f)
	}
	e.server.update("/good2.xml", func(f *servedFeed) { f.Body = "" })
	if rep := e.poll(time.Hour); len(rep.New) != 0 || rep.Failed != 0 {
		t.Fatalf("recovered feed re-delivered items: %+v", rep)
	}
	if f := e.feedState("c1", bad); f.ErrorCount != 0 || f.LastError != "" {
		t.Fatalf("recovered feed still shows an error: %+v", f)
	}
}

func TestAddValidatesInput(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("a", 2, start)})
	for _, tc := range []struct {
		url      string
		mode     briefing.DeliveryMode
		backfill int
		code     string
	}{
		{"ftp://x/feed", "", 0, briefing.EINVALID},
		{"not a url", "", 0, briefing.EINVALID},
		{url, "sometimes", 0, briefing.EINVALID},
		{url, "", -1, briefing.EINVALID},
		{url, "", 51, briefing.EINVALID},
	} {
		if _, err := e.svc.Add(e.ctx, "g", "c1", tc.url, tc.mode, tc.backfill); briefing.ErrorCode(err) != tc.code {
			t.Errorf("Add(%q, %q, %d) = %v, want code %s", tc.url, tc.mode, tc.backfill, err, tc.code)
		}
	}
	e.add("c1", url, "", 0)
	if _, err := e.svc.Add(e.ctx, "g", "c1", url, "", 0); briefing.ErrorCode(err) != briefing.ECONFLICT {
		t.Fatalf("adding twice: %v, want conflict", err)
	}
	if err := e.svc.Remove(e.ctx, "c1", url); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Remove(e.ctx, "c1", url); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("removing twice: %v, want not found", err)
	}
	if rep := e.poll(time.Hour); rep.Polled != 0 {
		t.Fatalf("a feed nobody follows was polled")
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/busy.xml", &servedFeed{Items: numbered("b", 2, start)})
	e.add("c1", url, "", 0)
	e.server.update("/busy.xml", func(f *servedFeed) { f.Status, f.RetryAfter = http.StatusTooManyRequests, "3600" })

	rep := e.poll(16 * time.Minute)
	if rep.Failed != 1 {
		t.Fatalf("429 not counted as a failure: %+v", rep)
	}
	failedAt := e.clock.Now()
	if f := e.feedState("c1", url); !f.NextPoll.Equal(failedAt.Add(time.Hour)) || f.Paused {
		t.Fatalf("after 429 with Retry-After 3600: next poll %v, want %v", f.NextPoll, failedAt.Add(time.Hour))
	}
	e.poll(30 * time.Minute) // twice the poll interval, still inside Retry-After
	if n := e.server.get("/busy.xml").Requests; n != 2 {
		t.Fatalf("feed requested %d times during Retry-After, want 2 (add + the 429)", n)
	}
	e.server.update("/busy.xml", func(f *servedFeed) { f.Status = 0 })
	e.poll(31 * time.Minute)
	if n := e.server.get("/busy.xml").Requests; n != 3 {
		t.Fatalf("feed requested %d times after Retry-After, want 3", n)
	}
	if f := e.feedState("c1", url); f.ErrorCount != 0 {
		t.Fatalf("error count after recovery = %d", f.ErrorCount)
	}
}

func TestServiceUnavailableBacksOff(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/down.xml", &servedFeed{Items: numbered("d", 2, start)})
	e.add("c1", url, "", 0)
	e.server.update("/down.xml", func(f *servedFeed) { f.Status = http.StatusServiceUnavailable })
	var waits []time.Duration
	for range 4 {
		f := e.feedState("c1", url)
		e.clock.Advance(f.NextPoll.Sub(e.clock.Now()))
		if _, err := e.svc.PollOnce(e.ctx); err != nil {
			t.Fatal(err)
		}
		f = e.feedState("c1", url)
		waits = append(waits, f.NextPoll.Sub(e.clock.Now()))
	}
	want := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("backoff after 503s = %v, want %v", waits, want)
	}
}

func TestFailingFeedIsPausedAndChannelsToldOnce(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/dying.xml", &servedFeed{Items: numbered("d", 2, start)})
	e.add("c1", url, "", 0)
	e.add("c2", url, briefing.DeliverInstant, 0)
	e.server.update("/dying.xml", func(f *servedFeed) { f.Status = http.StatusNotFound })

	// Poll every 6 hours: a 4xx feed is paused once it has failed for 3 days.
	var pausedAfter time.Duration
	firstFailure := time.Time{}
	for i := 0; i < 40 && pausedAfter == 0; i++ {
		rep := e.poll(6 * time.Hour)
		if firstFailure.IsZero() && rep.Failed == 1 {
			firstFailure = e.clock.Now()
		}
		if len(rep.Paused) == 1 {
			pausedAfter = e.clock.Now().Sub(firstFailure)
		}
		if _, n := e.poster.counts(); n != 0 && pausedAfter == 0 {
			t.Fatalf("channels told before the feed was paused")
		}
	}
	if pausedAfter != 72*time.Hour {
		t.Fatalf("paused after failing for %v, want 72h", pausedAfter)
	}
	_, notices := e.poster.counts()
	if notices != 2 {
		t.Fatalf("%d notices, want one per channel (2)", notices)
	}
	for _, n := range e.poster.notices {
		if !strings.Contains(n.Text, "stopped checking") || !strings.Contains(n.Text, url) || !strings.Contains(n.Text, "HTTP 404") || !strings.Contains(n.Text, "3 days") {
			t.Fatalf("notice is not plain enough: %q", n.Text)
		}
	}
	requests := e.server.get("/dying.xml").Requests
	for range 5 {
		e.poll(24 * time.Hour)
	}
	e.open()
	e.poll(24 * time.Hour)
	if _, n := e.poster.counts(); n != 2 || e.server.get("/dying.xml").Requests != requests {
		t.Fatalf("paused feed kept being polled or announced: %d notices, %d requests", n, e.server.get("/dying.xml").Requests-requests)
	}
	if f := e.feedState("c1", url); !f.Paused || !strings.Contains(f.LastError, "404") {
		t.Fatalf("list does not show the pause: %+v", f)
	}

	// Adding it again once it works unpauses it.
	e.server.update("/dying.xml", func(f *servedFeed) { f.Status = 0 })
	if err := e.svc.Remove(e.ctx, "c1", url); err != nil {
		t.Fatal(err)
	}
	e.add("c1", url, "", 0)
	if f := e.feedState("c2", url); f.Paused || f.ErrorCount != 0 {
		t.Fatalf("re-added feed still paused: %+v", f)
	}
}

func TestServerErrorsPauseOnlyAfterAWeek(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/flaky.xml", &servedFeed{Items: numbered("f", 2, start)})
	e.add("c1", url, "", 0)
	e.server.update("/flaky.xml", func(f *servedFeed) { f.Status = http.StatusBadGateway })
	e.poll(time.Hour)
	for range 6 {
		e.poll(24 * time.Hour)
	}
	if f := e.feedState("c1", url); f.Paused {
		t.Fatalf("a 5xx feed was paused after 6 days")
	}
	e.poll(24 * time.Hour)
	if f := e.feedState("c1", url); !f.Paused {
		t.Fatalf("a 5xx feed failing for 7 days is not paused: %+v", f)
	}
}

func TestSameArticleFromTwoFeedsIsPostedOnce(t *testing.T) {
	e := newEnv(t)
	a := e.server.set("/a.xml", &servedFeed{Items: numbered("a", 1, start)})
	b := e.server.set("/b.xml", &servedFeed{Items: numbered("b", 1, start)})
	e.add("c1", a, briefing.DeliverInstant, 0)
	e.add("c1", b, briefing.DeliverInstant, 0)
	shared := testItem{Title: "Shared", Link: "https://news.example/shared#top", Published: start.Add(time.Hour)}
	e.server.update("/a.xml", func(f *servedFeed) { f.Items = append(f.Items, shared) })
	shared.Link = "https://news.example/shared"
	e.server.update("/b.xml", func(f *servedFeed) { f.Items = append(f.Items, shared) })
	e.extract.mu.Lock()
	e.extract.none["https://news.example/a/1"] = true
	e.extract.mu.Unlock()
	rep := e.poll(16 * time.Minute)
	if len(rep.New) != 2 {
		t.Fatalf("%d new items, want 2 (one per feed)", len(rep.New))
	}
	if n, _ := e.poster.counts(); n != 1 {
		t.Fatalf("the shared article was posted %d times", n)
	}
}

func TestArticleWithoutWarningsIsStoredNotPosted(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("q", 1, start)})
	e.add("c1", url, briefing.DeliverInstant, 0)
	quiet := testItem{GUID: "quiet", Title: "Quiet", Link: "https://news.example/quiet", Published: start.Add(time.Hour)}
	e.server.update("/f.xml", func(f *servedFeed) { f.Items = append([]testItem{quiet}, f.Items...) })
	e.extract.mu.Lock()
	e.extract.none[quiet.Link] = true
	e.extract.mu.Unlock()
	rep := e.poll(16 * time.Minute)
	if len(rep.New) != 1 || rep.New[0].Briefing == nil || rep.New[0].Briefing.Article.ID == 0 {
		t.Fatalf("article without warnings not stored: %+v", rep.New)
	}
	if n, _ := e.poster.counts(); n != 0 {
		t.Fatalf("a briefing without warnings was posted")
	}
	id, err := e.store.FeedItemArticle(e.ctx, rep.New[0].Feed.ID, "guid:quiet")
	if err != nil || id != rep.New[0].Briefing.Article.ID {
		t.Fatalf("feed item linked to article %d (err %v), want %d", id, err, rep.New[0].Briefing.Article.ID)
	}
}

// The feed answers 304 to its validators: an item left to retry must still
// be retried, so the poll after a temporary failure reads the body again.
func TestTemporaryArticleFailureIsRetriedThenGivenUp(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("r", 1, start), ETag: `"v1"`})
	e.add("c1", url, "", 0)
	item := testItem{GUID: "r-new", Title: "New", Link: "https://news.example/r-new", Published: start.Add(time.Hour)}
	e.server.update("/f.xml", func(f *servedFeed) { f.Items, f.ETag = append([]testItem{item}, f.Items...), `"v2"` })
	e.extract.mu.Lock()
	e.extract.fail[item.Link] = briefing.Errorf(briefing.EUNAVAILABLE, "the site is down")
	e.extract.mu.Unlock()
	for i := range 4 {
		rep := e.poll(16 * time.Minute)
		want := 1
		if i == 3 {
			want = 0 // three attempts, then given up
		}
		if len(rep.New) != want {
			t.Fatalf("poll %d: %d attempts at the failing item, want %d", i+1, len(rep.New), want)
		}
	}
}

func TestLoopbackFeedIsRefusedWithoutTheAllowList(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("a", 2, start)})
	client, err := fetch.New(fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := feeds.NewService(e.store, &feeds.HTTPFetcher{Client: client}, nil, nil, e.cfg)
	_, err = svc.Add(e.ctx, "g", "c1", url, "", 0)
	if briefing.ErrorCode(err) != briefing.EBLOCKED {
		t.Fatalf("Add of a loopback feed without the allow-list: %v, want blocked", err)
	}
	if subs, _ := svc.List(e.ctx, "c1"); len(subs) != 0 {
		t.Fatalf("a refused feed was stored")
	}
}

func TestPerHostLimitBoundsConcurrentRequests(t *testing.T) {
	var (
		mu            sync.Mutex
		inFlight, top int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		top = max(top, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // hold the slot so that requests overlap if allowed to
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss(numbered("p", 1, start)))
	}))
	defer srv.Close()
	e := newEnv(t)
	client, err := fetch.New(fetch.Options{Allow: []string{srv.Listener.Addr().String()}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.cfg
	cfg.PerHost, cfg.Workers = 2, 8
	svc := feeds.NewService(e.store, &feeds.HTTPFetcher{Client: client}, nil, nil, cfg)
	for i := range 8 {
		if _, err := svc.Add(e.ctx, "g", "c1", fmt.Sprintf("%s/f%d.xml", srv.URL, i), "", 0); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	top = 0
	mu.Unlock()
	e.clock.Advance(time.Hour)
	rep, err := svc.PollOnce(e.ctx)
	if err != nil || rep.Polled != 8 {
		t.Fatalf("poll: %+v, %v", rep, err)
	}
	if top > 2 {
		t.Fatalf("%d requests at once to one host, limit 2", top)
	}
}

// crashAfterSend stands for a process that dies right after a post left:
// nothing it would have written afterwards reaches the database.
type crashAfterSend struct {
	*storage.Store
	sent *poster
}

func (c crashAfterSend) dead() bool { n, _ := c.sent.counts(); return n > 0 }

func (c crashAfterSend) MarkDelivered(ctx context.Context, key string, at time.Time) error {
	if c.dead() {
		return errors.New("process gone")
	}
	return c.Store.MarkDelivered(ctx, key, at)
}

func (c crashAfterSend) RecordItem(ctx context.Context, feedID int64, key, link string, articleID int64, failure string, done bool, at time.Time) error {
	if c.dead() {
		return errors.New("process gone")
	}
	return c.Store.RecordItem(ctx, feedID, key, link, articleID, failure, done, at)
}

func (c crashAfterSend) FinishBackfill(ctx context.Context, subscriptionID int64, key string, done bool) error {
	if c.dead() {
		return errors.New("process gone")
	}
	return c.Store.FinishBackfill(ctx, subscriptionID, key, done)
}

func (c crashAfterSend) UpdateFeeds(ctx context.Context, fs []briefing.Feed) error {
	if c.dead() {
		return errors.New("process gone")
	}
	return c.Store.UpdateFeeds(ctx, fs)
}

func TestCrashAfterInstantPostDoesNotPostTwice(t *testing.T) {
	e := newEnv(t)
	url := e.server.set("/f.xml", &servedFeed{Items: numbered("z", 1, start)})
	e.add("c1", url, briefing.DeliverInstant, 0)
	e.server.update("/f.xml", func(f *servedFeed) { f.Items = append(numbered("z", 2, start.Add(time.Hour))[:1], f.Items...) })

	pipe := &briefing.Pipeline{Reader: reader{}, Extractor: e.extract, Recorder: e.store, Now: e.clock.Now}
	crashing := feeds.NewService(crashAfterSend{e.store, e.poster}, &feeds.HTTPFetcher{Client: e.server.fetchClient(t)}, pipe, e.poster, e.cfg)
	e.clock.Advance(16 * time.Minute)
	if _, err := crashing.PollOnce(e.ctx); err == nil {
		t.Fatal("the simulated crash did not stop the cycle")
	}
	if n, _ := e.poster.counts(); n != 1 {
		t.Fatalf("%d posts before the crash, want 1", n)
	}

	// After the restart the item is still unseen, so it is briefed again, but
	// the reservation of its post stops a second one.
	e.open()
	rep := e.poll(time.Minute)
	if len(rep.New) != 1 || rep.New[0].Briefing == nil {
		t.Fatalf("after restart: %+v", rep.New)
	}
	if n, _ := e.poster.counts(); n != 1 {
		t.Fatalf("the briefing was posted %d times across the crash", n)
	}
	if rep := e.poll(16 * time.Minute); len(rep.New) != 0 {
		t.Fatalf("item still pending after the restart's poll")
	}
}
