package discordtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// shardSession opens a session that identifies as shard id of count.
func shardSession(t *testing.T, srv *Server, id, count int, got chan<- [2]string) *discordgo.Session {
	t.Helper()
	ds := srv.NewSession()
	ds.ShardID, ds.ShardCount = id, count
	ds.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		got <- [2]string{ic.ID, string(rune('0' + s.ShardID))}
	})
	if err := ds.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.CloseSession(ds) })
	return ds
}

func TestShardedSessionsGetTheirOwnGuildsAndDMsOnShardZero(t *testing.T) {
	t.Parallel()
	srv := New(t, WithShards(2))
	var guilds, channels []string
	for range 4 {
		g, c := srv.AddGuild()
		guilds, channels = append(guilds, g), append(channels, c)
	}
	got := make(chan [2]string, 8)
	shardSession(t, srv, 0, 2, got)
	shardSession(t, srv, 1, 2, got)
	if !srv.WaitShards(2, wait) {
		t.Fatal("the two shards did not connect")
	}
	if !slices.Equal(srv.ConnectedShards(), []int{0, 1}) {
		t.Errorf("connected shards = %v", srv.ConnectedShards())
	}
	// A shard counts as connected as soon as it identified; its READY is
	// written just after.
	if !srv.waitUntil(wait, func() bool {
		n := 0
		for _, f := range srv.frames {
			if f.Type == "READY" {
				n++
			}
		}
		return n == 2
	}) {
		t.Fatal("the two shards did not both get READY")
	}
	// Each IDENTIFY carried its shard; each READY names it and lists the
	// shard's own guilds, and GUILD_CREATE follows for each of them.
	var shardsIdentified [][2]int
	for _, id := range srv.Identifies() {
		if id.Shard == nil {
			t.Fatal("an IDENTIFY without a shard")
		}
		shardsIdentified = append(shardsIdentified, *id.Shard)
	}
	slices.SortFunc(shardsIdentified, func(a, b [2]int) int { return a[0] - b[0] })
	if !slices.Equal(shardsIdentified, [][2]int{{0, 2}, {1, 2}}) {
		t.Errorf("IDENTIFY shards = %v", shardsIdentified)
	}
	perShard := map[int][]string{}
	for _, f := range srv.Frames() {
		if f.Type != "READY" {
			continue
		}
		var r struct {
			Shard  [2]int `json:"shard"`
			Guilds []struct {
				ID string `json:"id"`
			} `json:"guilds"`
		}
		if err := json.Unmarshal(f.Data, &r); err != nil {
			t.Fatal(err)
		}
		for _, g := range r.Guilds {
			perShard[r.Shard[0]] = append(perShard[r.Shard[0]], g.ID)
			if srv.ShardOf(g.ID) != r.Shard[0] {
				t.Errorf("READY of shard %d lists guild %s of shard %d", r.Shard[0], g.ID, srv.ShardOf(g.ID))
			}
		}
	}
	if n := len(perShard[0]) + len(perShard[1]); n != 5 || len(perShard[0]) == 0 || len(perShard[1]) == 0 {
		t.Errorf("guilds per shard = %v, want all 5 spread over both", perShard)
	}

	// An interaction in each guild reaches exactly the session of its shard.
	want := map[string]int{}
	for i, g := range guilds {
		in := slashBrief()
		in.GuildID, in.ChannelID = g, channels[i]
		sent := srv.SendInteraction(in)
		want[sent.ID] = srv.ShardOf(g)
	}
	dm := srv.SendInteraction(map[string]any{"type": 2, "user": map[string]any{"id": srv.UserID, "username": "tester"},
		"data": map[string]any{"id": "1100000000000000500", "name": "brief", "type": 1}})
	want[dm.ID] = 0
	for range want {
		select {
		case g := <-got:
			if shard := int(g[1][0] - '0'); shard != want[g[0]] {
				t.Errorf("interaction %s reached shard %d, want %d", g[0], shard, want[g[0]])
			}
			delete(want, g[0])
		case <-time.After(wait):
			t.Fatalf("interactions never delivered: %v", want)
		}
	}
	// A message posted by REST is accepted in every guild's channel.
	for _, c := range channels {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/api/v10/channels/"+c+"/messages",
			strings.NewReader(`{"content":"hello","allowed_mentions":{"parse":[]}}`))
		req.Header.Set("Authorization", "Bot "+Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("POST to channel %s of guild %s answered %d", c, srv.GuildOfChannel(c), resp.StatusCode)
		}
	}
}

func TestIdentifyWithoutShardsWhenShardingIsRequired(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec, WithShards(2))
	ds := srv.NewSession()
	_ = ds.Open()
	defer func() {
		ds.Lock()
		ds.ShouldReconnectOnError = false
		ds.Unlock()
		_ = ds.Close()
	}()
	ok := srv.waitUntil(wait, func() bool {
		for _, f := range srv.frames {
			if !f.FromClient && f.Op == OpHello {
				return len(rec.reported()) > 0
			}
		}
		return false
	})
	if !ok || !strings.Contains(strings.Join(rec.reported(), "\n"), "Sharding required") {
		t.Errorf("an unsharded IDENTIFY to a bot that must shard was not refused: %v", rec.reported())
	}
}

func TestTwoSessionsOnOneShardAreReported(t *testing.T) {
	t.Parallel()
	rec := &recordingTB{TB: t}
	srv := New(rec, WithShards(2))
	got := make(chan [2]string, 8)
	shardSession(t, srv, 0, 2, got)
	if !srv.WaitConnected(wait) {
		t.Fatal("shard 0 did not connect")
	}
	second := shardSession(t, srv, 0, 2, got)
	_ = second
	if !srv.waitUntil(wait, func() bool { return len(rec.reported()) > 0 }) ||
		!strings.Contains(strings.Join(rec.reported(), "\n"), "identified again while its first session is still connected") {
		t.Errorf("a second session on shard 0 was not reported: %v", rec.reported())
	}
}
