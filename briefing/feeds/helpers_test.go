package feeds_test

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"redline/briefing"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/internal/testclock"
	"redline/storage"
)

// testItem is one entry of a served feed.
type testItem struct {
	GUID, Title, Link, Description string
	Published                      time.Time
}

// feedServer serves RSS documents by path, with ETag and Last-Modified
// validators, and records what it was asked.
type feedServer struct {
	*httptest.Server
	mu    sync.Mutex
	feeds map[string]*servedFeed
}

type servedFeed struct {
	Items        []testItem
	Body         string // served as is when set, instead of RSS made from Items
	ContentType  string
	Status       int // when non-zero, answer this status instead
	RetryAfter   string
	ETag         string // validator; empty sends none
	LastModified string
	Requests     int
	NotModified  int
	LastIfNone   string // If-None-Match of the last request
	LastIfMod    string // If-Modified-Since of the last request
}

func newFeedServer(t testing.TB) *feedServer {
	fs := &feedServer{feeds: make(map[string]*servedFeed)}
	fs.Server = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.Close)
	return fs
}

// set installs (or replaces) the feed at path and returns its URL.
func (fs *feedServer) set(path string, f *servedFeed) string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if old, ok := fs.feeds[path]; ok {
		f.Requests, f.NotModified = old.Requests, old.NotModified
	}
	fs.feeds[path] = f
	return fs.URL + path
}

// fetchClient is the safe fetcher with this server's loopback address allowed.
func (fs *feedServer) fetchClient(t testing.TB) *fetch.Client {
	t.Helper()
	c, err := fetch.New(fetch.Options{Allow: []string{fs.Listener.Addr().String()}, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// get returns a copy of the feed's state.
func (fs *feedServer) get(path string) servedFeed {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return *fs.feeds[path]
}

func (fs *feedServer) update(path string, fn func(*servedFeed)) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fn(fs.feeds[path])
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	f, ok := fs.feeds[r.URL.Path]
	if !ok {
		fs.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	f.Requests++
	f.LastIfNone = r.Header.Get("If-None-Match")
	f.LastIfMod = r.Header.Get("If-Modified-Since")
	if f.Status != 0 {
		status, retry := f.Status, f.RetryAfter
		fs.mu.Unlock()
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		w.WriteHeader(status)
		return
	}
	if (f.ETag != "" && f.LastIfNone == f.ETag) || (f.ETag == "" && f.LastModified != "" && f.LastIfMod == f.LastModified) {
		f.NotModified++
		fs.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, ctype := f.Body, f.ContentType
	if body == "" {
		body = rss(f.Items)
	}
	if ctype == "" {
		ctype = "application/rss+xml"
	}
	if f.ETag != "" {
		w.Header().Set("ETag", f.ETag)
	}
	if f.LastModified != "" {
		w.Header().Set("Last-Modified", f.LastModified)
	}
	fs.mu.Unlock()
	w.Header().Set("Content-Type", ctype)
	fmt.Fprint(w, body)
}

func rss(items []testItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link><description>test</description>`)
	for _, it := range items {
		b.WriteString("<item>")
		if it.GUID != "" {
			fmt.Fprintf(&b, "<guid>%s</guid>", html.EscapeString(it.GUID))
		}
		fmt.Fprintf(&b, "<title>%s</title>", html.EscapeString(it.Title))
		if it.Link != "" {
			fmt.Fprintf(&b, "<link>%s</link>", html.EscapeString(it.Link))
		}
		if it.Description != "" {
			fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(it.Description))
		}
		if !it.Published.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it.Published.UTC().Format(time.RFC1123Z))
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// numbered returns n items, newest first, published an hour apart before at.
func numbered(prefix string, n int, at time.Time) []testItem {
	items := make([]testItem, n)
	for i := range items {
		num := n - i
		items[i] = testItem{
			GUID:        fmt.Sprintf("%s-%d", prefix, num),
			Title:       fmt.Sprintf("%s story %d", prefix, num),
			Link:        fmt.Sprintf("https://news.example/%s/%d", prefix, num),
			Description: "summary",
			Published:   at.Add(-time.Duration(i) * time.Hour),
		}
	}
	return items
}

// reader "reads" any link into an article without the network.
type reader struct{}

func (reader) Read(_ context.Context, rawURL string) (briefing.Article, error) {
	return briefing.Article{URL: rawURL, CanonicalURL: rawURL, Title: "Article at " + rawURL, Site: "News", Text: "Body of " + rawURL}, nil
}

// extractor gives every article one warning, except links listed in none.
type extractor struct {
	mu   sync.Mutex
	none map[string]bool
	fail map[string]error
}

func (e *extractor) Extract(_ context.Context, a briefing.Article) ([]briefing.Warning, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.fail[a.URL]; err != nil {
		return nil, err
	}
	if e.none[a.URL] {
		return nil, nil
	}
	return []briefing.Warning{{
		Speaker:   briefing.Actor{Name: "Ministry of Defence", Key: "ministry of defence"},
		Addressee: briefing.Actor{Name: "Northland", Key: "northland"},
		Kind:      briefing.KindWarning,
		What:      "Warned about " + a.URL,
		Evidence:  []string{"The ministry warned Northland about " + a.URL + "."},
	}}, nil
}

// poster records what was posted; failBriefings makes the next briefing
// posts fail with those errors, in order.
type poster struct {
	mu            sync.Mutex
	briefings     []posted
	digests       []posted
	notices       []posted
	failBriefings []error
}

type posted struct {
	Channel, Key, Text string
	Briefing           *briefing.Briefing
	Options            briefing.PostOptions
}

func (p *poster) PostBriefing(ctx context.Context, channelID string, b *briefing.Briefing, key string) error {
	return p.PostBriefingWith(ctx, channelID, b, key, briefing.PostOptions{})
}

func (p *poster) PostBriefingWith(_ context.Context, channelID string, b *briefing.Briefing, key string, o briefing.PostOptions) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.failBriefings) > 0 {
		err := p.failBriefings[0]
		p.failBriefings = p.failBriefings[1:]
		return err
	}
	p.briefings = append(p.briefings, posted{Channel: channelID, Key: key, Briefing: b, Options: o})
	return nil
}

func (p *poster) failNext(errs ...error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failBriefings = append(p.failBriefings, errs...)
}

func (p *poster) posted() []posted {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]posted(nil), p.briefings...)
}

func (p *poster) noticeTexts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, n := range p.notices {
		out = append(out, n.Text)
	}
	return out
}

func (p *poster) PostDigest(_ context.Context, channelID string, d *briefing.Digest, key string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.digests = append(p.digests, posted{Channel: channelID, Key: key})
	return nil
}

func (p *poster) PostNotice(_ context.Context, channelID string, text string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notices = append(p.notices, posted{Channel: channelID, Text: text})
	return nil
}

func (p *poster) counts() (briefings, notices int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.briefings), len(p.notices)
}

// env is a feed service on a real SQLite file with a loopback feed server.
type env struct {
	t       testing.TB
	ctx     context.Context
	dbPath  string
	store   *storage.Store
	clock   *testclock.Clock
	server  *feedServer
	extract *extractor
	poster  *poster
	cfg     feeds.Config
	svc     *feeds.Service
}

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), dbPath: filepath.Join(t.TempDir(), "redline.db"),
		clock: testclock.New(start), server: newFeedServer(t), extract: &extractor{none: map[string]bool{}, fail: map[string]error{}},
		poster: &poster{}}
	e.cfg = feeds.Config{PollInterval: 15 * time.Minute, Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler)}
	e.open()
	return e
}

// open (re)opens the database and builds a new service, as a restart does.
func (e *env) open() {
	e.t.Helper()
	if e.store != nil {
		e.store.Close()
	}
	st, err := storage.Open(e.ctx, e.dbPath, storage.WithNow(e.clock.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	e.store = st
	pipe := &briefing.Pipeline{Reader: reader{}, Extractor: e.extract, Recorder: st, Now: e.clock.Now}
	fetcher := &feeds.HTTPFetcher{Client: e.server.fetchClient(e.t)}
	e.svc = feeds.NewService(st, fetcher, pipe, e.poster, e.cfg)
}

func (e *env) add(channel, url string, mode briefing.DeliveryMode, backfill int) feeds.AddResult {
	e.t.Helper()
	res, err := e.svc.Add(e.ctx, "guild", channel, url, mode, backfill)
	if err != nil {
		e.t.Fatalf("Add(%s): %v", url, err)
	}
	return res
}

// poll advances the clock by d and runs one cycle.
func (e *env) poll(d time.Duration) feeds.PollReport {
	e.t.Helper()
	e.clock.Advance(d)
	rep, err := e.svc.PollOnce(e.ctx)
	if err != nil {
		e.t.Fatalf("PollOnce: %v", err)
	}
	return rep
}

func (e *env) feedState(channel, url string) briefing.Feed {
	e.t.Helper()
	subs, err := e.svc.List(e.ctx, channel)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, s := range subs {
		if s.Feed.URL == url {
			return s.Feed
		}
	}
	e.t.Fatalf("channel %s does not follow %s", channel, url)
	return briefing.Feed{}
}
