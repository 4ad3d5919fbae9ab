// Package bot is redline's Discord adapter. A Poster sends briefings,
// digests and notices to channels (it implements briefing.Poster); a Bot,
// built on the Poster, registers the slash commands and answers
// interactions and direct messages.
//
// Everything it needs from the rest of redline is an interface defined here
// or in briefing (a briefing.Briefer, the briefing.Store, a
// briefing.ChannelRecorder, a FeedManager, a DigestManager), so that
// cli/app.go wires the real ones, in one direction (Poster, then the feed
// engine and the digest scheduler that post through it, then the Bot), and
// tests use fakes.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"redline/briefing"
	"redline/briefing/feeds"
)

// FeedManager manages the feeds a channel follows (/feed); *feeds.Service
// implements it.
type FeedManager interface {
	// AddWith subscribes a channel as req asks (mode, backfill, filter,
	// role, thread).
	AddWith(ctx context.Context, req feeds.AddRequest) (feeds.AddResult, error)
	Remove(ctx context.Context, channelID, feedURL string) error
	List(ctx context.Context, channelID string) ([]briefing.Subscription, error)
	// Preview briefs the newest item of a feed without subscribing.
	Preview(ctx context.Context, feedURL string) (feeds.Item, *briefing.Briefing, error)
}

// DigestManager manages a channel's daily digest (/digest); *digest.Scheduler
// implements it.
type DigestManager interface {
	// Set schedules the channel's digest at timeOfDay ("08:00") in the IANA
	// time zone; it returns the saved schedule and when it fires next.
	Set(ctx context.Context, guildID, channelID, timeOfDay, timeZone string) (briefing.DigestSchedule, time.Time, error)
	Off(ctx context.Context, channelID string) error
	// Show returns the channel's schedule and its next time; ENOTFOUND when it has none.
	Show(ctx context.Context, channelID string) (briefing.DigestSchedule, time.Time, error)
	// Now builds and posts the channel's digest at once.
	Now(ctx context.Context, channelID string) (*briefing.Digest, error)
	// LastFailure returns the channel's latest digest that could not be
	// posted, while no digest went out since; false when none.
	LastFailure(ctx context.Context, channelID string) (briefing.PostFailure, bool, error)
}

// OwnerStore records who last set up a channel's feeds or digest, to be
// told by direct message when the channel cannot be posted to;
// storage.Store is one.
type OwnerStore interface {
	SetChannelOwner(ctx context.Context, channelID, userID string, at time.Time) error
}

// ActivityStore reads an actor's warnings over a period, for /who's chart;
// storage.Store is one.
type ActivityStore interface {
	Activity(ctx context.Context, name, other string, since, until time.Time) (briefing.Activity, error)
}

// RateLimit caps how many /brief requests (and DM links) one user may make:
// at most Count in any window of Per. The zero value means 3 per minute.
type RateLimit struct {
	Count int
	Per   time.Duration
}

// Options configures a Bot.
type Options struct {
	Poster     *Poster // the Discord session the bot answers on and posts with; required
	AppID      string  // application ID; taken from READY when empty
	DevGuildID string  // when set, commands are registered in this guild only (instant updates)

	Briefer  briefing.Briefer         // turns links into briefings (a *briefing.Pipeline); required
	Store    briefing.Store           // history, profiles, actors; required
	Channels briefing.ChannelRecorder // optional: puts briefings made in a channel in its digest
	Feeds    FeedManager              // optional: /feed replies "coming soon" when nil
	Digests  DigestManager            // optional: /digest replies "coming soon" when nil
	Searches SearchStore              // optional: lookups behind buttons; nil keeps them in memory (lost at a restart)
	Owners   OwnerStore               // optional: who set up each channel, told by DM when it cannot be posted to
	Activity ActivityStore            // optional: /who's chart; no chart when nil

	// DigestTime and DigestTimeZone are what /digest set uses when the user
	// leaves them out (config digest.time and digest.timezone); 08:00 and
	// UTC when empty.
	DigestTime     string
	DigestTimeZone string

	// BriefChannels are channel IDs where links posted by people are briefed
	// automatically. Setting it asks for the privileged Message Content intent.
	BriefChannels []string

	RateLimit RateLimit
	Logger    *slog.Logger     // nil: slog.Default()
	Now       func() time.Time // nil: time.Now
}

// Bot is a running (or ready to run) Discord bot: it answers interactions
// and direct messages on its Poster's session.
type Bot struct {
	session       *discordgo.Session
	poster        *Poster
	appID         string
	devGuildID    string
	briefer       briefing.Briefer
	store         briefing.Store
	channels      briefing.ChannelRecorder
	feeds         FeedManager
	digests       DigestManager
	searches      SearchStore
	owners        OwnerStore
	activity      ActivityStore
	briefChannels map[string]bool
	digestTime    string
	digestZone    string
	log           *slog.Logger
	now           func() time.Time
	limiter       *rateLimiter

	// ctx is cancelled when Run stops; handlers derive their contexts from it.
	ctx      context.Context
	cancel   context.CancelFunc
	started  atomic.Bool
	inflight sync.WaitGroup
	// stopping, set under stopMu when Run begins to wait for inflight,
	// keeps guard from adding to inflight once a Wait may have started.
	stopMu   sync.Mutex
	stopping bool
	acked    sync.Map      // IDs of interactions answered so far, while their handler runs
	ready    chan struct{} // closed after READY and command registration
}

// New checks the options and sets the bot's handlers on the Poster's
// session; it does not connect. One Poster serves one Bot.
func New(o Options) (*Bot, error) {
	if o.Poster == nil {
		return nil, briefing.Errorf(briefing.EINVALID, "the bot needs a Discord poster")
	}
	if o.Briefer == nil {
		return nil, briefing.Errorf(briefing.EINVALID, "the bot needs a briefing pipeline")
	}
	if o.Store == nil {
		return nil, briefing.Errorf(briefing.EINVALID, "the bot needs a history store")
	}
	s := o.Poster.session
	s.Identify.Intents = intents(len(o.BriefChannels) > 0)

	b := &Bot{
		session:       s,
		poster:        o.Poster,
		appID:         o.AppID,
		devGuildID:    o.DevGuildID,
		briefer:       o.Briefer,
		store:         o.Store,
		channels:      o.Channels,
		feeds:         o.Feeds,
		digests:       o.Digests,
		searches:      o.Searches,
		owners:        o.Owners,
		activity:      o.Activity,
		briefChannels: map[string]bool{},
		log:           o.Logger,
		now:           o.Now,
		ready:         make(chan struct{}),
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	b.digestTime, b.digestZone = o.DigestTime, o.DigestTimeZone
	if b.digestTime == "" {
		b.digestTime = "08:00"
	}
	if b.digestZone == "" {
		b.digestZone = "UTC"
	}
	if b.now == nil {
		b.now = time.Now
	}
	for _, c := range o.BriefChannels {
		b.briefChannels[c] = true
	}
	b.limiter = newRateLimiter(o.RateLimit, b.now)
	if b.searches == nil {
		b.searches = newMemSearches(b.now)
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())

	s.AddHandler(b.onInteraction)
	s.AddHandler(b.onMessage)
	return b, nil
}

// intents asks for guilds and direct messages; the privileged Message
// Content intent (and guild messages) only when links in channels are briefed.
func intents(briefChannels bool) discordgo.Intent {
	i := discordgo.IntentsGuilds | discordgo.IntentsDirectMessages
	if briefChannels {
		i |= discordgo.IntentsGuildMessages | discordgo.IntentsMessageContent
	}
	return i
}

// Ready is closed once Run has connected and registered the commands.
func (b *Bot) Ready() <-chan struct{} { return b.ready }

// Run connects to the gateway, registers the commands with one bulk
// overwrite and serves until ctx is done; then it waits briefly for the
// handlers in flight and closes the gateway.
func (b *Bot) Run(ctx context.Context) error {
	if !b.started.CompareAndSwap(false, true) {
		return briefing.Errorf(briefing.EINTERNAL, "the Discord bot is already running")
	}
	defer b.cancel()
	if err := b.session.Open(); err != nil {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not connect to Discord; check the token and the network")
	}
	closed := false
	closeSession := func() {
		if !closed {
			closed = true
			if err := b.session.Close(); err != nil {
				b.log.Warn("closing the Discord gateway", "err", err)
			}
		}
	}
	defer closeSession()

	if b.appID == "" && b.session.State != nil && b.session.State.User != nil {
		b.appID = b.session.State.User.ID
	}
	if err := b.registerCommands(); err != nil {
		return err
	}
	close(b.ready)
	b.log.Info("discord bot ready", "app", b.appID, "guild", b.devGuildID)
	b.log.Info("add redline to a server with "+InviteURL(b.appID)+" ; install it for yourself with "+InstallURL(b.appID), "app", b.appID)
	if b.devGuildID == "" {
		b.log.Info("slash commands are global: Discord may take up to an hour to show new ones; set discord.dev_guild_id to see them at once in one server")
	}

	<-ctx.Done()
	b.log.Info("discord bot stopping")
	b.stopMu.Lock()
	b.stopping = true
	b.stopMu.Unlock()
	// Let the handlers in flight send their answers, then cut them short.
	if !b.waitInflight(shutdownGrace) {
		b.cancel()
		if !b.waitInflight(time.Second) {
			b.log.Warn("handlers still running at shutdown")
		}
	}
	b.cancel()
	closeSession()
	return nil
}

// shutdownGrace is how long Run lets handlers in flight finish at shutdown.
const shutdownGrace = 5 * time.Second

// waitInflight waits up to d for the handlers in flight to return and
// reports whether they did.
func (b *Bot) waitInflight(d time.Duration) bool {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// registerCommands replaces every command of the application with ours in
// one request, in the dev guild when configured, else globally.
func (b *Bot) registerCommands() error {
	if b.appID == "" {
		return briefing.Errorf(briefing.EINVALID, "the Discord application ID is unknown; set it in the config file")
	}
	cmds, err := b.session.ApplicationCommandBulkOverwrite(b.appID, b.devGuildID, commands())
	if err != nil {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "could not register the slash commands with Discord")
	}
	b.log.Info("slash commands registered", "count", len(cmds), "guild", b.devGuildID)
	return nil
}

// guard runs one handler: it counts it as in flight and turns a panic into
// a log line (and onPanic, when set, tells the user), so one user's input
// never stops the bot.
func (b *Bot) guard(what string, fn func(), onPanic func()) {
	b.stopMu.Lock()
	if b.stopping {
		b.stopMu.Unlock()
		return // shutting down: the store may close before this could finish
	}
	b.inflight.Add(1)
	b.stopMu.Unlock()
	defer b.inflight.Done()
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panicked", "handler", what, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if onPanic != nil {
				func() {
					defer func() { _ = recover() }() // never let the apology panic the process
					onPanic()
				}()
			}
		}
	}()
	fn()
}

// sendText posts plain text, logging failure (used for replies in DMs).
func (b *Bot) sendText(ctx context.Context, channelID, text string) {
	if _, err := b.poster.send(ctx, channelID, outMessage{Content: truncateRunes(text, maxContent)}, nil, ""); err != nil {
		b.logErr("sending a message", err, "channel", channelID)
	}
}

// logErr logs an error with its code; user-facing text is sent separately.
func (b *Bot) logErr(msg string, err error, args ...any) {
	if err == nil {
		return
	}
	level := slog.LevelWarn
	if code := briefing.ErrorCode(err); code == briefing.EINTERNAL || code == briefing.EUNAVAILABLE {
		level = slog.LevelError
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		level = slog.LevelError
	}
	b.log.Log(context.Background(), level, msg, append(args, "err", err, "code", briefing.ErrorCode(err))...)
}
