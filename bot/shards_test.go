package bot

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"redline/bot/internal/discordtest"
	"redline/briefing"
)

// runBot runs a bot on srv with o (Poster, Briefer and Store filled when
// empty) until the test ends, and waits until it is ready.
func runBot(t *testing.T, srv *discordtest.Server, o Options) *Bot {
	t.Helper()
	if o.Poster == nil {
		p, err := NewPoster(PosterOptions{Token: discordtest.Token, HTTPClient: srv.Client()})
		if err != nil {
			t.Fatal(err)
		}
		o.Poster = p
	}
	if o.Store == nil {
		o.Store = &fakeStore{warnings: warningsFixture(3)}
	}
	if o.Briefer == nil {
		o.Briefer = &briefing.Pipeline{}
	}
	o.AppID = srv.AppID
	o.RateLimit = RateLimit{Count: 1000, Per: time.Minute}
	lw := &logWriter{t: t}
	o.Logger = slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after shutdown", err)
			}
		case <-time.After(wait):
			t.Error("Run did not return after its context was cancelled")
		}
		lw.done.Store(true)
	})
	select {
	case <-b.Ready():
	case err := <-done:
		t.Fatalf("Run stopped before it was ready: %v", err)
	case <-time.After(wait):
		t.Fatal("the bot did not get ready")
	}
	return b
}

// Two processes split four shards: each runs its two, only the one with
// shard 0 registers the commands and gets the direct messages, and each
// guild's interactions reach the process of its shard.
func TestTwoProcessesShareTheShards(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.WithShards(4))
	type guild struct{ id, channel string }
	var guilds []guild
	for range 8 {
		g, c := srv.AddGuild()
		guilds = append(guilds, guild{g, c})
	}
	storeA, storeB := &fakeStore{warnings: warningsFixture(3)}, &fakeStore{warnings: warningsFixture(3)}
	a := runBot(t, srv, Options{ShardCount: 4, Shards: []int{0, 1}, IdentifySpacing: time.Millisecond, Store: storeA})
	b := runBot(t, srv, Options{ShardCount: 4, Shards: []int{2, 3}, IdentifySpacing: time.Millisecond, Store: storeB})
	if !srv.WaitShards(4, wait) {
		t.Fatalf("connected shards %v, want 0-3", srv.ConnectedShards())
	}
	for name, bot := range map[string]*Bot{"A": a, "B": b} {
		if up, total := bot.Connected(); up != 2 || total != 2 {
			t.Errorf("process %s: %d of %d shards connected, want 2 of 2", name, up, total)
		}
	}
	if n := len(srv.CommandOverwrites()); n != 1 {
		t.Errorf("commands registered %d times by two processes, want once", n)
	}

	queries := func(s *fakeStore) int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.queries)
	}
	wantA, wantB := 0, 0
	for _, g := range guilds {
		in := command("history")
		in["guild_id"], in["channel_id"] = g.id, g.channel
		sent := srv.SendInteraction(in)
		if _, ok := srv.WaitCallback(sent.ID, wait); !ok {
			t.Fatalf("no answer to /history in guild %s (shard %d)", g.id, srv.ShardOf(g.id))
		}
		if srv.ShardOf(g.id) < 2 {
			wantA++
		} else {
			wantB++
		}
		if !eventually(wait, func() bool { return queries(storeA) == wantA && queries(storeB) == wantB }) {
			t.Fatalf("after guild %s (shard %d): process A searched %d times, B %d; want %d, %d",
				g.id, srv.ShardOf(g.id), queries(storeA), queries(storeB), wantA, wantB)
		}
	}
	if wantA == 0 || wantB == 0 {
		t.Fatalf("the guilds did not spread over both processes' shards: %d, %d", wantA, wantB)
	}
	// A direct message arrives on shard 0: process A answers it.
	srv.SendDM("who warned Seoul?")
	if !eventually(wait, func() bool { return queries(storeA) == wantA+1 }) || queries(storeB) != wantB {
		t.Errorf("after a DM: A searched %d times, B %d; want %d, %d", queries(storeA), queries(storeB), wantA+1, wantB)
	}
}

// With no shard count the bot asks Discord (GET /gateway/bot) and runs
// every shard it recommends.
func TestShardCountAutoAsksDiscord(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.WithShards(2))
	b := runBot(t, srv, Options{IdentifySpacing: time.Millisecond})
	if !srv.WaitShards(2, wait) {
		t.Fatalf("connected shards %v, want 0 and 1", srv.ConnectedShards())
	}
	if count, ids := b.Shards(); count != 2 || !slices.Equal(ids, []int{0, 1}) {
		t.Errorf("Shards() = %d, %v", count, ids)
	}
	if _, ok := srv.WaitFor(wait, func(r discordtest.Request) bool { return r.Is("GET", discordtest.RouteGatewayBot) }); !ok {
		t.Error("the bot did not ask GET /gateway/bot")
	}
}

func TestShardOptionsAreChecked(t *testing.T) {
	p, err := NewPoster(PosterOptions{Token: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Options{{ShardCount: 2, Shards: []int{2}}, {ShardCount: -1}, {Shards: []int{-1}}} {
		o.Poster, o.Briefer, o.Store = p, &briefing.Pipeline{}, &fakeStore{}
		if _, err := New(o); briefing.ErrorCode(err) != briefing.EINVALID {
			t.Errorf("New(%d shards, run %v) = %v, want EINVALID", o.ShardCount, o.Shards, err)
		}
	}
}

// eventually polls cond until it holds or timeout passes.
func eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
