package ops_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"redline/bot"
	"redline/briefing"
	"redline/briefing/delivery"
	"redline/briefing/feeds"
	"redline/internal/ops"
)

var (
	_ feeds.Observer = (*ops.Metrics)(nil)
	_ bot.Observer   = (*ops.Metrics)(nil)
)

type poster struct{ fail error }

func (p poster) PostBriefing(context.Context, string, *briefing.Briefing, string) error {
	return p.fail
}
func (p poster) PostDigest(context.Context, string, *briefing.Digest, string) error { return p.fail }
func (p poster) PostNotice(context.Context, string, string) error                   { return nil }

type confirming struct{ poster }

func (confirming) Delivered(context.Context, string, string) (bool, error) { return true, nil }

type extractor struct{}

func (extractor) Extract(context.Context, briefing.Article) ([]briefing.Warning, error) {
	return []briefing.Warning{{What: "x"}}, nil
}

// serve runs the handler on loopback until the test ends and returns its URL.
func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ops.ServeListener(ctx, ln, h, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestMetricsCountWhatHappened(t *testing.T) {
	m := ops.NewMetrics()
	m.FeedPolled("ok", "")
	m.FeedPolled("failed", briefing.EUNAVAILABLE)
	m.ItemProcessed("briefed", "")
	m.LeasesHeld(7)
	m.Backlog(3)
	m.InteractionAcked("command", 120*time.Millisecond)
	m.GaugeFunc("redline_test_depth", "a queue", func() float64 { return 42 })
	if _, err := m.Extractor(extractor{}).Extract(context.Background(), briefing.Article{}); err != nil {
		t.Fatal(err)
	}
	p := m.Poster(poster{fail: briefing.Errorf(briefing.EBLOCKED, "no permission")})
	_ = p.PostBriefing(context.Background(), "c", &briefing.Briefing{}, "k")
	_ = p.PostNotice(context.Background(), "c", "hi")
	if _, ok := p.(delivery.Confirmer); ok {
		t.Error("a poster that cannot confirm became a Confirmer")
	}
	if _, ok := m.Poster(confirming{}).(delivery.Confirmer); !ok {
		t.Error("the counting poster hides its poster's Confirmer")
	}

	base := serve(t, ops.Handler(m, nil))
	code, body := get(t, base+"/metrics")
	if code != 200 {
		t.Fatalf("/metrics answered %d", code)
	}
	for _, want := range []string{
		`redline_feed_polls_total{outcome="ok",reason=""} 1`,
		`redline_feed_polls_total{outcome="failed",reason="unavailable"} 1`,
		`redline_feed_items_total{outcome="briefed",reason=""} 1`,
		`redline_feed_leases_held 7`,
		`redline_feed_backlog 3`,
		`redline_interaction_ack_seconds_count{kind="command"} 1`,
		`redline_extraction_seconds_count 1`,
		`redline_posts_total{kind="briefing",outcome="blocked"} 1`,
		`redline_posts_total{kind="notice",outcome="ok"} 1`,
		`redline_test_depth 42`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	var dbDown atomic.Bool
	checks := map[string]ops.Check{
		"database": func(ctx context.Context) error {
			if dbDown.Load() {
				return briefing.WrapError(briefing.EUNAVAILABLE, errors.New("dial unix /tmp/.s.PGSQL.5432: connect: no such file"),
					"the history database cannot be reached")
			}
			return nil
		},
		"gateway": func(ctx context.Context) error { return nil },
	}
	base := serve(t, ops.Handler(ops.NewMetrics(), checks))
	if code, body := get(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := get(t, base+"/readyz"); code != 200 || strings.TrimSpace(body) != "ready" {
		t.Errorf("/readyz = %d %q", code, body)
	}
	dbDown.Store(true)
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database: the history database cannot be reached") {
		t.Errorf("/readyz with the database down = %d %q", code, body)
	}
	if strings.Contains(body, "dial unix") {
		t.Errorf("/readyz shows the raw error: %q", body)
	}
}

func TestServeRefusesABadAddress(t *testing.T) {
	err := ops.Serve(context.Background(), "256.0.0.1:1", ops.Handler(ops.NewMetrics(), nil), slog.New(slog.DiscardHandler))
	if briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("Serve on a bad address = %v", err)
	}
}
