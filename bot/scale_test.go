package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"redline/bot/internal/discordtest"
	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/feeds"
	"redline/briefing/fetch"
	"redline/storage/postgres"
	"redline/storage/postgres/pgtest"
)

// The scale test's world: 50 channels (one per guild, the guilds spread
// over 4 gateway shards), 200 feeds (4 per channel, every tenth followed by
// a second channel too), all on one loopback news site.
const (
	scaleChannels = 50
	scaleFeeds    = 200
	scaleShards   = 4
	scaleLease    = 2 * time.Second
	scalePoll     = time.Second
)

// wireRoom serves the scale test's feeds and articles, and can freeze one
// instance: its requests (known by their User-Agent) hang until thawed, as
// a process stopped by the kernel, a long GC pause or a network partition
// would leave them.
type wireRoom struct {
	mu     sync.Mutex
	items  map[int]int // feed → items published (item n is /a/feed/n)
	frozen map[string]chan struct{}
}

func (n *wireRoom) publish(perFeed int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for f := range scaleFeeds {
		n.items[f] += perFeed
	}
}

func (n *wireRoom) freeze(agent string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.frozen[agent] = make(chan struct{})
}

func (n *wireRoom) thaw(agent string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ch, ok := n.frozen[agent]; ok {
		close(ch)
		delete(n.frozen, agent)
	}
}

func (n *wireRoom) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	hold := n.frozen[r.UserAgent()]
	n.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return
		}
	}
	var f, i int
	switch {
	case strings.HasPrefix(r.URL.Path, "/feed/"):
		if _, err := fmt.Sscanf(r.URL.Path, "/feed/%d.xml", &f); err != nil {
			http.NotFound(w, r)
			return
		}
		n.mu.Lock()
		count := n.items[f]
		n.mu.Unlock()
		var items strings.Builder
		for i := count; i >= 1; i-- {
			fmt.Fprintf(&items, "<item><title>Story f%d n%d</title><link>http://%s/a/%d/%d</link><guid>f%d-n%d</guid></item>", f, i, r.Host, f, i, f, i)
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire %d</title><link>http://%s/</link>%s</channel></rss>`, f, r.Host, items.String())
	case strings.HasPrefix(r.URL.Path, "/a/"):
		if _, err := fmt.Sscanf(r.URL.Path, "/a/%d/%d", &f, &i); err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "Story f%d n%d\nNorthland warned Southland over story %d of wire %d.", f, i, i, f)
	default:
		http.NotFound(w, r)
	}
}

// wireReader reads the wireRoom's plain-text articles: first line the
// headline, the rest the text. It goes through redline's safe fetcher.
type wireReader struct{ client *fetch.Client }

func (r wireReader) Read(ctx context.Context, rawURL string) (briefing.Article, error) {
	res, err := r.client.Get(ctx, rawURL)
	if err != nil {
		return briefing.Article{}, err
	}
	title, text, _ := strings.Cut(string(res.Body), "\n")
	return briefing.Article{URL: rawURL, CanonicalURL: rawURL, Title: title, Site: "Wire", Text: text}, nil
}

// wireExtractor finds the one warning of a wireRoom article.
type wireExtractor struct{}

func (wireExtractor) Extract(_ context.Context, a briefing.Article) ([]briefing.Warning, error) {
	return []briefing.Warning{{
		Speaker: briefing.Actor{Name: "Northland"}, Addressee: briefing.Actor{Name: "Southland"},
		Kind: briefing.KindWarning, What: "warned over " + a.Title, Evidence: []string{a.Text},
	}}, nil
}

// frozenStore is an instance's store handle; while frozen, its lease
// renewals do nothing, as a stopped process renews nothing.
type frozenStore struct {
	*postgres.Store
	frozen *atomic.Bool
}

func (s frozenStore) RenewFeedLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if s.frozen.Load() {
		return nil
	}
	return s.Store.RenewFeedLeases(ctx, owner, ids, until)
}

// instance is one redline process: its own store handle, Discord session
// and shards, feed service and digest scheduler, as cli/app.go wires them.
type instance struct {
	name    string
	store   *postgres.Store
	frozen  atomic.Bool
	bot     *Bot
	feeds   *feeds.Service
	digests *digest.Scheduler
	cancel  context.CancelFunc
	done    chan struct{}
}

func startInstance(t *testing.T, name, dbURL string, srv *discordtest.Server, site *httptest.Server, shards []int) *instance {
	t.Helper()
	ctx := context.Background()
	in := &instance{name: name, done: make(chan struct{})}
	st, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	in.store = st
	store := frozenStore{st, &in.frozen}
	client, err := fetch.New(fetch.Options{Allow: []string{site.Listener.Addr().String()}, UserAgent: name, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	poster, err := NewPoster(PosterOptions{Token: discordtest.Token, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	lw := &logWriter{t: t}
	t.Cleanup(func() { lw.done.Store(true) })
	logger := slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn})).With("instance", name)
	pipeline := &briefing.Pipeline{Reader: wireReader{client}, Extractor: wireExtractor{}, Recorder: st}
	in.feeds = feeds.NewService(store, &feeds.HTTPFetcher{Client: client}, pipeline, poster, feeds.Config{
		PollInterval: scalePoll, Lease: scaleLease, Owner: name, Logger: logger,
	})
	in.digests = digest.NewScheduler(st, poster, digest.Config{Logger: logger})
	in.bot, err = New(Options{
		Poster: poster, AppID: srv.AppID, Briefer: pipeline, Store: st, Channels: st, Feeds: in.feeds, Digests: in.digests,
		ShardCount: scaleShards, Shards: shards, IdentifySpacing: time.Millisecond, Logger: logger,
	})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	in.cancel = cancel
	botDone := make(chan error, 1)
	go func() { botDone <- in.bot.Run(runCtx) }()
	select {
	case <-in.bot.Ready():
	case err := <-botDone:
		t.Fatalf("instance %s: the bot stopped before it was ready: %v", name, err)
	case <-time.After(wait):
		t.Fatalf("instance %s: the bot did not get ready", name)
	}
	go func() {
		defer close(in.done)
		if err := in.feeds.Run(runCtx); err != nil {
			t.Errorf("instance %s: feeds: %v", name, err)
		}
		if err := <-botDone; err != nil {
			t.Errorf("instance %s: bot: %v", name, err)
		}
		in.digests.Stop()
	}()
	t.Cleanup(in.stop)
	return in
}

// stop ends the instance and waits for it (once).
func (in *instance) stop() {
	in.cancel()
	select {
	case <-in.done:
	case <-time.After(wait):
	}
}

// TestManyProcessesOnePostgres runs three redline processes, each with its
// own store handle, Discord session and shards of the gateway, against one
// PostgreSQL database and the sharded fake Discord: 200 feeds across 50
// channels, from a loopback news site. Every new item is posted exactly
// once to each channel that follows its feed, even when one process
// freezes holding feed leases (the others take its feeds once the leases
// run out, and it wakes up to find them done) and is then stopped; every
// channel's digest is posted exactly once although every process runs the
// schedule. Every request is validated against Discord's OpenAPI
// description by the fake, as everywhere.
func TestManyProcessesOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three processes for a while")
	}
	dbURL := pgtest.Schema(t)
	ctx := context.Background()
	srv := discordtest.New(t, discordtest.WithShards(scaleShards))
	channels := make([]string, scaleChannels)
	for i := range channels {
		_, channels[i] = srv.AddGuild()
	}
	room := &wireRoom{items: map[int]int{}, frozen: map[string]chan struct{}{}}
	site := httptest.NewServer(room)
	t.Cleanup(site.Close)

	// The channels follow their feeds (in instant mode) and have a daily
	// digest that was due two minutes ago; one item per feed is already
	// there and seen.
	setup, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { setup.Close() })
	room.publish(1)
	start := time.Now().UTC()
	followers := map[int][]string{} // feed → channels
	for f := range scaleFeeds {
		followers[f] = append(followers[f], channels[f%scaleChannels])
		if f%10 == 0 {
			followers[f] = append(followers[f], channels[(f+1)%scaleChannels])
		}
		for _, ch := range followers[f] {
			_, err := setup.Subscribe(ctx, briefing.Subscription{GuildID: srv.GuildOfChannel(ch), ChannelID: ch, Mode: briefing.DeliverInstant,
				Feed: briefing.Feed{URL: fmt.Sprintf("%s/feed/%d.xml", site.URL, f), Title: fmt.Sprintf("Wire %d", f), NextPoll: start}},
				[]string{fmt.Sprintf("guid:f%d-n1", f)}, nil, start)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	due := start.Add(-2 * time.Minute)
	for _, ch := range channels {
		if err := setup.SetDigestSchedule(ctx, briefing.DigestSchedule{GuildID: srv.GuildOfChannel(ch), ChannelID: ch,
			TimeOfDay: due.Format("15:04"), TimeZone: "UTC", Updated: start.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}

	// Three processes: A runs shards 0 and 1 (so it gets the DMs and
	// registers the commands), B shard 2, C shard 3.
	a := startInstance(t, "instance-a", dbURL, srv, site, []int{0, 1})
	b := startInstance(t, "instance-b", dbURL, srv, site, []int{2})
	c := startInstance(t, "instance-c", dbURL, srv, site, []int{3})
	if !srv.WaitShards(scaleShards, wait) {
		t.Fatalf("connected shards %v, want all %d", srv.ConnectedShards(), scaleShards)
	}
	if n := len(srv.CommandOverwrites()); n != 1 {
		t.Errorf("commands registered %d times by three processes, want once", n)
	}

	// Round 1: two new items on every feed.
	room.publish(2)
	expected := map[string]int{} // "channel|headline" → posts wanted
	expect := func(from, to int) {
		for f := range scaleFeeds {
			for n := from; n <= to; n++ {
				for _, ch := range followers[f] {
					expected[ch+"|"+fmt.Sprintf("Story f%d n%d", f, n)] = 1
				}
			}
		}
	}
	expect(2, 3)
	waitPosts(t, srv, len(expected), time.Minute)

	// Round 2: A freezes (its requests to the site hang, its lease renewals
	// stop) and one more item appears on every feed. A claims feeds and
	// holds them; once their leases run out, B and C take them.
	a.frozen.Store(true)
	room.freeze("instance-a")
	room.publish(1)
	expect(4, 4)
	var stuck []int64
	var stuckUntil time.Time
	if !eventually(30*time.Second, func() bool {
		stuck, stuckUntil = leasesOf(t, setup, "instance-a")
		return len(stuck) > 0
	}) {
		t.Fatal("the frozen instance never held a feed")
	}
	t.Logf("instance A froze holding %d feeds until %s", len(stuck), stuckUntil.Format(time.RFC3339Nano))
	posts := waitPosts(t, srv, len(expected), time.Minute)
	// The stuck feeds' new items were posted only after A's leases ran out.
	stuckFeeds := map[int]bool{}
	for _, id := range stuck {
		stuckFeeds[feedNumber(t, setup, id)] = true
	}
	for _, p := range posts {
		var f, n int
		if _, err := fmt.Sscanf(p.headline, "Story f%d n%d", &f, &n); err == nil && n == 4 && stuckFeeds[f] && p.at.Before(stuckUntil) {
			t.Errorf("%s was posted at %s, before the frozen instance's lease ran out at %s", p.headline, p.at.Format(time.RFC3339Nano), stuckUntil.Format(time.RFC3339Nano))
		}
	}
	// A wakes up: what it was doing is done already, and it posts nothing
	// again; then it is stopped for good.
	room.thaw("instance-a")
	a.frozen.Store(false)
	time.Sleep(2 * scalePoll)
	a.stop()

	// Every process runs the digest schedule: B and C start theirs at once
	// (each catches up every channel's due digest), and each runs it once
	// more, as cron would.
	var wg sync.WaitGroup
	for _, in := range []*instance{b, c} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := in.digests.Start(ctx); err != nil {
				t.Errorf("%s: digest start: %v", in.name, err)
			}
			for _, ch := range channels {
				in.digests.RunDue(ctx, ch)
			}
		}()
	}
	wg.Wait()

	// Count: every item once per following channel, every digest once.
	got := map[string]int{}
	digests := map[string]int{}
	for _, m := range srv.ChannelMessages() {
		if len(m.Message.Embeds) == 0 {
			t.Errorf("a message without an embed in channel %s: %q", m.ChannelID, m.Message.ContentString())
			continue
		}
		title := m.Message.Embeds[0].Title
		if strings.HasPrefix(title, "Warning digest") {
			digests[m.ChannelID]++
			continue
		}
		got[m.ChannelID+"|"+title]++
	}
	for key, want := range expected {
		if got[key] != want {
			t.Errorf("%s posted %d times, want %d", key, got[key], want)
		}
	}
	for key, n := range got {
		if expected[key] == 0 {
			t.Errorf("%s posted %d times, want none", key, n)
		}
	}
	for _, ch := range channels {
		if digests[ch] != 1 {
			t.Errorf("channel %s got %d digests, want 1", ch, digests[ch])
		}
	}
	if left, _ := leasesOf(t, setup, "instance-a"); len(left) != 0 {
		t.Errorf("the stopped instance still holds feeds %v", left)
	}
	var notDone int
	if err := setupPool(t, dbURL).QueryRow(ctx, `SELECT count(*) FROM feed_items WHERE NOT done`).Scan(&notDone); err != nil || notDone != 0 {
		t.Errorf("%d feed items not done (%v)", notDone, err)
	}
	t.Logf("%d briefings and %d digests posted by 3 processes over %d requests", len(expected), len(digests), len(srv.Requests()))
}

type post struct {
	headline string
	at       time.Time
}

// waitPosts waits until n briefings have been posted (counting each
// channel-headline pair once) and returns every briefing post.
func waitPosts(t *testing.T, srv *discordtest.Server, n int, timeout time.Duration) []post {
	t.Helper()
	var posts []post
	ok := eventually(timeout, func() bool {
		posts = posts[:0]
		distinct := map[string]bool{}
		for _, m := range srv.ChannelMessages() {
			if len(m.Message.Embeds) == 0 || strings.HasPrefix(m.Message.Embeds[0].Title, "Warning digest") {
				continue
			}
			posts = append(posts, post{m.Message.Embeds[0].Title, m.At})
			distinct[m.ChannelID+"|"+m.Message.Embeds[0].Title] = true
		}
		return len(distinct) >= n
	})
	if !ok {
		t.Fatalf("only %d briefings posted of %d", len(posts), n)
	}
	return posts
}

// setupPool is a plain connection to the test database, for checks.
func setupPool(t *testing.T, dbURL string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// leasesOf returns the feeds owner holds and the latest of their expiries.
func leasesOf(t *testing.T, s *postgres.Store, owner string) ([]int64, time.Time) {
	t.Helper()
	ids, until, err := s.FeedLeases(context.Background(), owner)
	if err != nil {
		t.Fatal(err)
	}
	return ids, until
}

// feedNumber returns the wireRoom number of the feed with id.
func feedNumber(t *testing.T, s *postgres.Store, id int64) int {
	t.Helper()
	subs, err := s.FeedSubscriptions(context.Background(), id)
	if err != nil || len(subs) == 0 {
		t.Fatalf("feed %d: %v", id, err)
	}
	var f int
	if _, err := fmt.Sscanf(subs[0].Feed.URL[strings.LastIndex(subs[0].Feed.URL, "/"):], "/%d.xml", &f); err != nil {
		t.Fatal(err)
	}
	return f
}
