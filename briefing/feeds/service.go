// Package feeds polls RSS, Atom and JSON feeds for the channels subscribed
// to them: conditional requests, backoff, a per-host limit, a seen set kept
// in the store so that no item is briefed or posted twice, and pausing of
// feeds that keep failing (the channels are told once).
package feeds

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"redline/briefing"
	"redline/briefing/actors"
	"redline/briefing/delivery"
)

// Config tunes polling. Zero fields take the defaults of DefaultConfig.
type Config struct {
	PollInterval           time.Duration    // how often a healthy feed is polled (15m)
	PerHost                int              // requests at once to one host (2)
	Workers                int              // feeds polled at once (8)
	PauseAfterClientErrors time.Duration    // 4xx, wrong content: pause after failing this long (72h)
	PauseAfterServerErrors time.Duration    // 5xx, 429, timeouts: pause after failing this long (168h)
	MaxBackoff             time.Duration    // longest wait between polls of a failing feed (6h)
	MaxRetryAfter          time.Duration    // Retry-After values above this are shortened to it (24h)
	MaxNewItems            int              // items briefed per feed per poll; the rest wait for the next (25)
	ItemAttempts           int              // tries to brief an item whose article fails temporarily (3)
	MaxBackfill            int              // largest backfill accepted by Add (50)
	PostRetry              time.Duration    // a failed instant post is retried this long (6h)
	Now                    func() time.Time // the clock (time.Now)
	Logger                 *slog.Logger     // (slog.Default())
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		PollInterval:           15 * time.Minute,
		PerHost:                2,
		Workers:                8,
		PauseAfterClientErrors: 72 * time.Hour,
		PauseAfterServerErrors: 7 * 24 * time.Hour,
		MaxBackoff:             6 * time.Hour,
		MaxRetryAfter:          24 * time.Hour,
		MaxNewItems:            25,
		ItemAttempts:           3,
		MaxBackfill:            50,
		PostRetry:              6 * time.Hour,
		Now:                    time.Now,
		Logger:                 slog.Default(),
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.PollInterval <= 0 {
		c.PollInterval = d.PollInterval
	}
	if c.PerHost <= 0 {
		c.PerHost = d.PerHost
	}
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	if c.PauseAfterClientErrors <= 0 {
		c.PauseAfterClientErrors = d.PauseAfterClientErrors
	}
	if c.PauseAfterServerErrors <= 0 {
		c.PauseAfterServerErrors = d.PauseAfterServerErrors
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = d.MaxBackoff
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = d.MaxRetryAfter
	}
	if c.MaxNewItems <= 0 {
		c.MaxNewItems = d.MaxNewItems
	}
	if c.ItemAttempts <= 0 {
		c.ItemAttempts = d.ItemAttempts
	}
	if c.MaxBackfill <= 0 {
		c.MaxBackfill = d.MaxBackfill
	}
	if c.PostRetry <= 0 {
		c.PostRetry = d.PostRetry
	}
	if c.Now == nil {
		c.Now = d.Now
	}
	if c.Logger == nil {
		c.Logger = d.Logger
	}
	return c
}

// Service manages subscriptions and polls feeds.
type Service struct {
	subs       SubscriptionStore
	polls      PollStore
	backfill   BackfillStore
	deliveries delivery.Store
	posts      PostStore
	failures   *delivery.Failures // nil without a poster
	fetcher    Fetcher
	briefer    briefing.Briefer
	poster     briefing.Poster // nil: no instant posts (the command line prints the poll report instead)
	cfg        Config

	mu    sync.Mutex
	hosts map[string]chan struct{} // per-host semaphores
}

// NewService returns a Service. poster may be nil.
func NewService(store Store, fetcher Fetcher, briefer briefing.Briefer, poster briefing.Poster, cfg Config) *Service {
	s := &Service{subs: store, polls: store, backfill: store, deliveries: store, posts: store,
		fetcher: fetcher, briefer: briefer, poster: poster,
		cfg: cfg.withDefaults(), hosts: make(map[string]chan struct{})}
	if poster != nil {
		s.failures = &delivery.Failures{Store: store, Poster: poster, Logger: s.cfg.Logger}
	}
	return s
}

// AddResult is what Add tells the user.
type AddResult struct {
	Subscription briefing.Subscription
	Feed         briefing.Feed
	Latest       Item // the newest item; zero when the feed is empty
	Items        int  // items in the feed now, all but Backfilled marked seen
	Backfilled   int  // newest items briefed for this channel at the next poll
}

// AddRequest is what a channel asks for when it follows a feed.
type AddRequest struct {
	GuildID, ChannelID string
	URL                string
	Mode               briefing.DeliveryMode // "" for the daily digest
	Backfill           int                   // how many of the newest items to brief at the next poll
	Filter             briefing.FeedFilter   // which warnings the channel wants; its ActorKeys are filled from Actors
	MentionRole        string                // a role to mention on instant posts holding a threat
	Thread             bool                  // a thread for each instant briefing
}

// Add subscribes channelID to the feed at rawURL (see AddWith).
func (s *Service) Add(ctx context.Context, guildID, channelID, rawURL string, mode briefing.DeliveryMode, backfill int) (AddResult, error) {
	return s.AddWith(ctx, AddRequest{GuildID: guildID, ChannelID: channelID, URL: rawURL, Mode: mode, Backfill: backfill})
}

// AddWith subscribes a channel to a feed as req asks. The feed is fetched and
// parsed at once: on failure nothing is stored and the error says why; on
// success every current item is marked seen except the newest backfill
// ones, so adding a feed never floods the channel. Seen is per channel: on
// a feed that other channels follow, the backfill reaches this channel even
// when they have seen it, and what they have not seen yet still reaches
// them (see SubscriptionStore.Subscribe).
func (s *Service) AddWith(ctx context.Context, req AddRequest) (AddResult, error) {
	guildID, channelID, mode, backfill := req.GuildID, req.ChannelID, req.Mode, req.Backfill
	feedURL, err := NormalizeURL(req.URL)
	if err != nil {
		return AddResult{}, err
	}
	switch mode {
	case "":
		mode = briefing.DeliverDigest
	case briefing.DeliverDigest, briefing.DeliverInstant:
	default:
		return AddResult{}, briefing.Errorf(briefing.EINVALID, "unknown delivery mode %q — use digest or instant", mode)
	}
	if backfill < 0 || backfill > s.cfg.MaxBackfill {
		return AddResult{}, briefing.Errorf(briefing.EINVALID, "backfill must be between 0 and %d", s.cfg.MaxBackfill)
	}
	filter, err := normalizeFilter(req.Filter)
	if err != nil {
		return AddResult{}, err
	}
	subs, err := s.subs.Subscriptions(ctx, channelID)
	if err != nil {
		return AddResult{}, err
	}
	for _, sub := range subs {
		if sub.Feed.URL == feedURL {
			return AddResult{}, briefing.Errorf(briefing.ECONFLICT, "this channel already follows %s", feedURL)
		}
	}

	now := s.cfg.Now()
	res, err := s.fetcher.FetchFeed(ctx, Request{URL: feedURL})
	if err != nil {
		return AddResult{}, err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return AddResult{}, statusError(feedURL, res.StatusCode)
	}
	parsed, err := parseFeed(feedURL, res.Body)
	if err != nil {
		return AddResult{}, err
	}
	items := itemsOf(feedURL, parsed)
	backfilled := min(backfill, len(items))
	seen := make([]string, 0, len(items))
	for _, it := range items[backfilled:] {
		seen = append(seen, it.Key)
	}
	// When another channel follows the feed, some of the newest items may be
	// in its seen set already; the store queues those for this channel alone.
	backfillItems := make([]briefing.BackfillItem, 0, backfilled)
	for _, it := range items[:backfilled] {
		backfillItems = append(backfillItems, briefing.BackfillItem{Key: it.Key, Link: it.Link})
	}

	feed := briefing.Feed{URL: feedURL, Title: feedTitle(parsed.Title, feedURL), LastPolled: now, LastSuccess: now, NextPoll: now.Add(s.cfg.PollInterval)}
	if backfilled > 0 {
		feed.NextPoll = now // brief the backfill at the next poll
	} else {
		// With nothing left unseen, the validators of this answer are safe to
		// keep; with a backfill the next poll must read the body again.
		feed.ETag, feed.LastModified = res.ETag, res.LastModified
	}
	sub, err := s.subs.Subscribe(ctx, briefing.Subscription{GuildID: guildID, ChannelID: channelID, Feed: feed, Mode: mode, Created: now,
		Filter: filter, MentionRole: req.MentionRole, Thread: req.Thread}, seen, backfillItems, now)
	if err != nil {
		return AddResult{}, err
	}
	result := AddResult{Subscription: sub, Feed: sub.Feed, Items: len(items), Backfilled: backfilled}
	if len(items) > 0 {
		result.Latest = items[0]
	}
	return result, nil
}

// normalizeFilter cleans a filter as typed and keys its actors.
func normalizeFilter(f briefing.FeedFilter) (briefing.FeedFilter, error) {
	out := briefing.FeedFilter{ThreatsOnly: f.ThreatsOnly}
	for _, name := range f.Actors {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		k := actors.Key(name)
		if k == "" {
			return out, briefing.Errorf(briefing.EINVALID, "%q is not a name to filter on; give people, countries or organisations separated by commas", name)
		}
		out.Actors = append(out.Actors, name)
		out.ActorKeys = append(out.ActorKeys, k)
	}
	for _, k := range f.Keywords {
		if k = strings.TrimSpace(k); k != "" {
			out.Keywords = append(out.Keywords, k)
		}
	}
	return out, nil
}

// Preview fetches the feed at rawURL and briefs its newest item, as it
// would be posted; nothing is subscribed.
func (s *Service) Preview(ctx context.Context, rawURL string) (Item, *briefing.Briefing, error) {
	feedURL, err := NormalizeURL(rawURL)
	if err != nil {
		return Item{}, nil, err
	}
	res, err := s.fetcher.FetchFeed(ctx, Request{URL: feedURL})
	if err != nil {
		return Item{}, nil, err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return Item{}, nil, statusError(feedURL, res.StatusCode)
	}
	parsed, err := parseFeed(feedURL, res.Body)
	if err != nil {
		return Item{}, nil, err
	}
	items := itemsOf(feedURL, parsed)
	if len(items) == 0 {
		return Item{}, nil, briefing.Errorf(briefing.ENOTFOUND, "feed %s has no items yet, so there is nothing to preview", feedURL)
	}
	it := items[0]
	if it.Link == "" {
		return it, nil, briefing.Errorf(briefing.ENOTARTICLE, "the newest item of %s has no link to an article", feedURL)
	}
	b, err := s.briefer.BriefURL(ctx, canonicalLink(it.Link))
	if err != nil {
		return it, nil, err
	}
	return it, b, nil
}

// Remove stops the channel's subscription to the feed at rawURL.
func (s *Service) Remove(ctx context.Context, channelID, rawURL string) error {
	feedURL, err := NormalizeURL(rawURL)
	if err != nil {
		return err
	}
	return s.subs.Unsubscribe(ctx, channelID, feedURL)
}

// List returns the channel's subscriptions with their feeds' state.
func (s *Service) List(ctx context.Context, channelID string) ([]briefing.Subscription, error) {
	return s.subs.Subscriptions(ctx, channelID)
}

// NormalizeURL checks that raw is an http(s) address and returns it in the
// form feeds are stored under.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", briefing.Errorf(briefing.EINVALID, "%q is not a feed address — give a full http:// or https:// link", raw)
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	return u.String(), nil
}

func feedTitle(title, feedURL string) string {
	if t := strings.TrimSpace(title); t != "" {
		return t
	}
	return feedURL
}

// statusError explains an HTTP status that is not a feed.
func statusError(feedURL string, code int) *briefing.Error {
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		return briefing.Errorf(briefing.ENOTFOUND, "feed %s: HTTP %d, nothing there — check the address or remove it with /feed remove", feedURL, code)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return briefing.Errorf(briefing.EBLOCKED, "feed %s: HTTP %d, the site refuses access — the feed may need a login, which redline cannot give", feedURL, code)
	case code == http.StatusTooManyRequests:
		return briefing.Errorf(briefing.ERATELIMIT, "feed %s: HTTP 429, the site asks redline to slow down — try again later", feedURL)
	case code >= 500:
		return briefing.Errorf(briefing.EUNAVAILABLE, "feed %s: HTTP %d, the site is failing — try again later", feedURL, code)
	default:
		return briefing.Errorf(briefing.EINVALID, "feed %s: unexpected HTTP %d — check the address", feedURL, code)
	}
}

// hostSlot takes one of the host's concurrency slots; release gives it back.
func (s *Service) hostSlot(ctx context.Context, feedURL string) (release func(), err error) {
	host := feedURL
	if u, err := url.Parse(feedURL); err == nil {
		host = u.Host
	}
	s.mu.Lock()
	sem, ok := s.hosts[host]
	if !ok {
		sem = make(chan struct{}, s.cfg.PerHost)
		s.hosts[host] = sem
	}
	s.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Service) confirmer() delivery.Confirmer {
	c, _ := s.poster.(delivery.Confirmer)
	return c
}

func describe(f briefing.Feed) string {
	if f.Title != "" && f.Title != f.URL {
		return fmt.Sprintf("%q (%s)", f.Title, f.URL)
	}
	return f.URL
}
