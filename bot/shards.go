package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
)

// identifyInterval is Discord's pace for IDENTIFY: one per five seconds
// per max_concurrency bucket.
const identifyInterval = 5 * time.Second

// openShards works out the shard count (asking Discord when it is 0),
// then opens a gateway session for each of this process's shards, one
// IDENTIFY at a time at Discord's pace. The first session is the
// Poster's; the others share its token, HTTP client and intents.
func (b *Bot) openShards(ctx context.Context) error {
	count, spacing := b.shardCount, b.identifySpacing
	if count <= 0 {
		gb, err := b.session.GatewayBot(discordgo.WithContext(ctx))
		if err != nil {
			return briefing.WrapError(briefing.EUNAVAILABLE, err,
				"could not ask Discord how many gateway shards to use; check the token and the network, or set discord.shard_count")
		}
		count = max(gb.Shards, 1)
		if spacing <= 0 && gb.SessionStartLimit.MaxConcurrency > 1 {
			spacing = identifyInterval / time.Duration(gb.SessionStartLimit.MaxConcurrency)
		}
		b.log.Info("gateway shard count from Discord", "shards", count)
	}
	if spacing <= 0 {
		spacing = identifyInterval
	}
	ids := b.shardIDs
	if len(ids) == 0 {
		ids = make([]int, count)
		for i := range ids {
			ids[i] = i
		}
	}
	for _, id := range ids {
		if id >= count {
			return briefing.Errorf(briefing.EINVALID, "shard %d is out of range: Discord recommends %d shards (0 to %d); set discord.shard_count", id, count, count-1)
		}
	}
	b.shardMu.Lock()
	b.shardCount, b.shardIDs = count, ids
	b.up = make([]bool, len(ids))
	b.shardMu.Unlock()

	for i, id := range ids {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(spacing):
			}
		}
		s := b.session
		if i > 0 {
			s = b.shardSession()
			b.addHandlers(s, i)
		}
		s.ShardID, s.ShardCount = id, count
		if err := s.Open(); err != nil {
			return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not connect shard %d of %d to Discord; check the token and the network", id, count)
		}
		b.shardMu.Lock()
		b.sessions = append(b.sessions, s)
		b.up[i] = true
		b.shardMu.Unlock()
	}
	return nil
}

// shardSession is a new session like the Poster's, for another shard.
func (b *Bot) shardSession() *discordgo.Session {
	p := b.session
	s, _ := discordgo.New(p.Token) // p.Token is already "Bot …"; New cannot fail on a string
	s.Client = p.Client
	s.UserAgent = p.UserAgent
	s.ShouldReconnectOnError = true
	s.ShouldRetryOnRateLimit = true
	s.StateEnabled = true
	s.Identify.Intents = p.Identify.Intents
	return s
}

// addHandlers sets the bot's handlers on the session at position i of this
// process's shards.
func (b *Bot) addHandlers(s *discordgo.Session, i int) {
	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { b.setUp(i, true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Ready) { b.setUp(i, true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { b.setUp(i, false) })
}

func (b *Bot) setUp(i int, up bool) {
	b.shardMu.Lock()
	defer b.shardMu.Unlock()
	if i < len(b.up) {
		b.up[i] = up
	}
}

// closeShards closes every session Run opened.
func (b *Bot) closeShards() {
	b.shardMu.Lock()
	sessions := b.sessions
	b.sessions = nil
	for i := range b.up {
		b.up[i] = false
	}
	b.shardMu.Unlock()
	for _, s := range sessions {
		if err := s.Close(); err != nil {
			b.log.Warn("closing a Discord gateway shard", "shard", s.ShardID, "err", err)
		}
	}
}

// Shards returns the shard count and the shards this process runs, once
// Run has worked them out (the configured ones before).
func (b *Bot) Shards() (count int, ids []int) {
	b.shardMu.Lock()
	defer b.shardMu.Unlock()
	return b.shardCount, append([]int(nil), b.shardIDs...)
}

// Connected reports how many of this process's shards are connected to
// the gateway now, and how many it runs; for readiness checks.
func (b *Bot) Connected() (up, total int) {
	b.shardMu.Lock()
	defer b.shardMu.Unlock()
	for _, u := range b.up {
		if u {
			up++
		}
	}
	return up, len(b.up)
}

// InFlight returns the number of handlers (interactions, messages) running now.
func (b *Bot) InFlight() int { return int(b.busy.Load()) }
