package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/bot/internal/discordtest"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/internal/testclock"
	"redline/storage"
)

// newsroom serves an RSS feed whose items can be added while the test
// runs, and the article pages in testdata/.
type newsroom struct {
	mu    sync.Mutex
	items []string // article paths, newest last
}

func (n *newsroom) publish(path string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.items = append(n.items, path)
}

func (n *newsroom) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/rss" {
		n.mu.Lock()
		defer n.mu.Unlock()
		var items strings.Builder
		for i := len(n.items) - 1; i >= 0; i-- {
			fmt.Fprintf(&items, "<item><title>Story %d</title><link>http://%s%s</link><guid>story-%d</guid></item>", i, r.Host, n.items[i], i)
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback World News</title><link>http://%s/</link>%s</channel></rss>`, r.Host, items.String())
		return
	}
	page, err := os.ReadFile(filepath.Join("testdata", filepath.Base(r.URL.Path)+".html"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

// TestFeedAddPollAndDigestNowPostTheDigest drives the whole feed path
// through the fake Discord: /feed add, a poll that briefs a new item, and
// /digest now, which posts the channel's digest.
func TestFeedAddPollAndDigestNowPostTheDigest(t *testing.T) {
	t.Parallel()
	room := &newsroom{}
	room.publish("/already-there") // an old item: adding the feed must not brief it
	site := httptest.NewServer(room)
	t.Cleanup(site.Close)

	ctx := context.Background()
	clock := testclock.New(time.Now().UTC())
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

	// One direction, as cli/app.go wires it: the poster, then the engines
	// that post through it, then the bot that manages them.
	var svc *feeds.Service
	e := start(t, func(o *Options) {
		svc = feeds.NewService(store, &feeds.HTTPFetcher{Client: fc}, pipeline, o.Poster, feeds.Config{Now: clock.Now})
		o.Store = store
		o.Channels = store
		o.Briefer = pipeline
		o.Feeds = svc
		o.Digests = digest.NewScheduler(store, o.Poster, digest.Config{Now: clock.Now})
	})

	got := e.privateEdit(t, "feed", sub("add", strOpt("url", site.URL+"/rss")))
	if !strings.Contains(got, "Loopback World News") {
		t.Fatalf("/feed add = %q, want the feed's title", got)
	}

	room.publish("/red-line")
	clock.Advance(feeds.DefaultConfig().PollInterval + time.Minute)
	rep, err := svc.PollOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.New) != 1 || rep.New[0].Briefing == nil || len(rep.New[0].Briefing.Warnings) == 0 {
		t.Fatalf("the poll should brief exactly the new item with warnings; report %+v", rep)
	}

	clock.Advance(time.Minute)
	if got := e.privateEdit(t, "digest", sub("now")); strings.Contains(strings.ToLower(got), "no warnings") {
		t.Fatalf("/digest now = %q", got)
	}
	msg, ok := e.srv.WaitChannelMessage(discordtest.DefaultChannelID, 1, wait)
	if !ok {
		t.Fatal("no digest was posted to the channel")
	}
	text := embedText(msg.Message.Embeds)
	for _, want := range []string{"Chang Ho-jin", "Russia", "Putin", "South Korea"} {
		if !strings.Contains(text, want) {
			t.Errorf("the digest does not name %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "already-there") {
		t.Errorf("the item present when the feed was added reached the digest:\n%s", text)
	}
	if !msg.Message.MentionsNothing() {
		t.Error("the digest allows mentions")
	}
	if n := len(e.srv.ChannelMessages()); n != 1 {
		t.Errorf("%d channel messages, want the one digest", n)
	}
}
