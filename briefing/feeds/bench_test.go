package feeds_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/internal/testclock"
	"redline/storage"
)

// BenchmarkPollCycle304 measures one poll cycle over 1,000 feeds that all
// answer 304 Not Modified from a loopback server: the steady state of a
// bot whose feeds are quiet. Every feed's state is written back each cycle.
func BenchmarkPollCycle304(b *testing.B) {
	for _, perHost := range []int{2, 8} {
		b.Run(fmt.Sprintf("perHost=%d", perHost), func(b *testing.B) {
			benchPollCycle(b, 1000, perHost)
		})
	}
}

func benchPollCycle(b *testing.B, nFeeds, perHost int) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	clk := testclock.New(start)
	st, err := storage.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), storage.WithNow(clk.Now))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for i := range nFeeds {
		_, err := st.Subscribe(ctx, briefing.Subscription{ChannelID: fmt.Sprintf("c%d", i%50), Mode: briefing.DeliverDigest,
			Feed: briefing.Feed{URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, i), Title: "f", ETag: fmt.Sprintf(`"%d"`, i), NextPoll: start}}, nil, nil, start)
		if err != nil {
			b.Fatal(err)
		}
	}
	client, err := fetch.New(fetch.Options{Allow: []string{srv.Listener.Addr().String()}})
	if err != nil {
		b.Fatal(err)
	}
	svc := feeds.NewService(st, &feeds.HTTPFetcher{Client: client}, nil, nil,
		feeds.Config{PollInterval: 15 * time.Minute, PerHost: perHost, Workers: 8, Now: clk.Now, Logger: slog.New(slog.DiscardHandler)})
	b.ResetTimer()
	for b.Loop() {
		clk.Advance(16 * time.Minute)
		rep, err := svc.PollOnce(ctx)
		if err != nil || rep.NotModified != nFeeds {
			b.Fatalf("cycle: %d of %d not modified, %d failed, err %v", rep.NotModified, nFeeds, rep.Failed, err)
		}
	}
}
