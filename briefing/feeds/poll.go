package feeds

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"redline/briefing"
	"redline/briefing/delivery"
)

// PollReport sums up one poll cycle.
type PollReport struct {
	Polled      int // feeds asked
	NotModified int // of which answered 304
	Failed      int // of which failed
	Paused      []briefing.Feed
	New         []NewItem // items seen for the first time, briefed or not
	Errors      []FeedError
}

// NewItem is one new feed item and what became of it.
type NewItem struct {
	Feed     briefing.Feed
	Item     Item
	Briefing *briefing.Briefing // nil when briefing failed, or for a digest backfill of an article briefed before
	Err      error
}

// FeedError is one feed's failure in a cycle.
type FeedError struct {
	Feed briefing.Feed
	Err  error
}

// failure classes decide how long a feed may fail before it is paused.
type failureClass int

const (
	clientFailure failureClass = iota // the address or the content is wrong: 4xx, not a feed
	serverFailure                     // the site is struggling: 5xx, 429, timeouts
)

// PollOnce polls every due feed once: new items are briefed and recorded,
// instant subscriptions get their briefings with warnings, failing feeds
// back off and, after failing long enough, are paused with a notice.
func (s *Service) PollOnce(ctx context.Context) (PollReport, error) {
	now := s.cfg.Now()
	due, err := s.polls.DueFeeds(ctx, now)
	if err != nil {
		return PollReport{}, err
	}
	var (
		report PollReport
		states []briefing.Feed // saved together at the end of the cycle
		mu     sync.Mutex
		wg     sync.WaitGroup
		work   = make(chan briefing.Feed)
	)
	for range min(s.cfg.Workers, len(due)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range work {
				r, state := s.pollFeed(ctx, f, now)
				mu.Lock()
				report.merge(r)
				if state != nil {
					states = append(states, *state)
				}
				mu.Unlock()
			}
		}()
	}
	for _, f := range due {
		select {
		case work <- f:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	// Saving the states late is safe: after a crash the feeds are polled
	// again, and the seen set and the deliveries prevent any repeat.
	if err := s.polls.UpdateFeeds(context.WithoutCancel(ctx), states); err != nil {
		return report, err
	}
	if ctx.Err() == nil {
		if err := s.deliverBackfill(ctx, &report, now); err != nil {
			return report, err
		}
	}
	if ctx.Err() == nil {
		if err := s.retryPosts(ctx, now); err != nil {
			return report, err
		}
	}
	return report, ctx.Err()
}

func (r *PollReport) merge(o PollReport) {
	r.Polled += o.Polled
	r.NotModified += o.NotModified
	r.Failed += o.Failed
	r.Paused = append(r.Paused, o.Paused...)
	r.New = append(r.New, o.New...)
	r.Errors = append(r.Errors, o.Errors...)
}

// Run polls until ctx ends, checking for due feeds every minute (or every
// poll interval when shorter).
func (s *Service) Run(ctx context.Context) error {
	tick := min(s.cfg.PollInterval, time.Minute)
	for {
		report, err := s.PollOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			s.cfg.Logger.Error("feed poll failed", "err", err)
		} else if report.Polled > 0 {
			s.cfg.Logger.Info("feeds polled", "polled", report.Polled, "not_modified", report.NotModified,
				"failed", report.Failed, "new_items", len(report.New), "paused", len(report.Paused))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(tick):
		}
	}
}

// pollFeed polls one feed and returns its new state to be saved (nil when
// nothing changed).
func (s *Service) pollFeed(ctx context.Context, f briefing.Feed, now time.Time) (PollReport, *briefing.Feed) {
	report := PollReport{Polled: 1}
	release, err := s.hostSlot(ctx, f.URL)
	if err != nil {
		return report, nil
	}
	res, err := s.fetcher.FetchFeed(ctx, Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified})
	release()
	if ctx.Err() != nil {
		return report, nil // shutting down: not the feed's fault
	}
	f.LastPolled = now
	if err != nil {
		return s.failed(ctx, f, report, classify(err), err, "", now)
	}
	switch code := res.StatusCode; {
	case code == 304:
		report.NotModified = 1
		return s.succeeded(ctx, f, report, now)
	case code >= 200 && code <= 299:
	case code == 429 || code >= 500:
		return s.failed(ctx, f, report, serverFailure, statusError(f.URL, code), res.RetryAfter, now)
	case code >= 400:
		return s.failed(ctx, f, report, clientFailure, statusError(f.URL, code), "", now)
	default:
		return s.failed(ctx, f, report, serverFailure, statusError(f.URL, code), "", now)
	}

	parsed, err := parseFeed(f.URL, res.Body)
	if err != nil {
		return s.failed(ctx, f, report, clientFailure, err, "", now)
	}
	if parsed.Title != "" {
		f.Title = feedTitle(parsed.Title, f.URL)
	}
	items := itemsOf(f.URL, parsed)
	complete, err := s.processItems(ctx, f, items, &report, now)
	if err != nil {
		report.Failed = 1
		report.Errors = append(report.Errors, FeedError{Feed: f, Err: err})
		return report, nil // a store failure: leave the feed's state for the next cycle
	}
	if complete {
		f.ETag, f.LastModified = res.ETag, res.LastModified
	} else {
		// Items are left for the next poll, which must read the body again.
		f.ETag, f.LastModified = "", ""
	}
	return s.succeeded(ctx, f, report, now)
}

// processItems briefs the feed's unseen items, oldest first, at most
// MaxNewItems of them; complete is false when some were left for later,
// including items that failed and will be tried again.
func (s *Service) processItems(ctx context.Context, f briefing.Feed, items []Item, report *PollReport, now time.Time) (complete bool, err error) {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	pending, err := s.polls.PendingItems(ctx, f.ID, keys)
	if err != nil {
		return false, err
	}
	if len(pending) == 0 {
		return true, nil
	}
	subs, err := s.polls.FeedSubscriptions(ctx, f.ID)
	if err != nil {
		return false, err
	}
	done := 0
	complete = true
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		attempts, ok := pending[it.Key]
		if !ok {
			continue
		}
		if done == s.cfg.MaxNewItems || ctx.Err() != nil {
			return false, nil
		}
		done++
		n, err := s.processItem(ctx, f, subs, it, attempts, now)
		if err != nil {
			return false, err
		}
		if n.Err != nil && !s.givesUp(n.Err, attempts) {
			complete = false // to be retried: a 304 would hide it at the next poll
		}
		report.New = append(report.New, n)
	}
	return complete, nil
}

// processItem briefs one item, posts it to instant subscribers when it has
// warnings, then records it as seen. Posting comes first so that a crash in
// between re-briefs the item on restart, and the delivery record stops the
// second post.
func (s *Service) processItem(ctx context.Context, f briefing.Feed, subs []briefing.Subscription, it Item, attempts int, now time.Time) (NewItem, error) {
	n := NewItem{Feed: f, Item: it}
	if it.Link == "" {
		n.Err = briefing.Errorf(briefing.EINVALID, "feed item %q has no link to an article", it.Title)
		return n, s.polls.RecordItem(ctx, f.ID, it.Key, "", 0, briefing.ErrorMessage(n.Err), true, now)
	}
	b, err := s.briefer.BriefURL(ctx, canonicalLink(it.Link))
	if err != nil {
		if ctx.Err() != nil {
			n.Err = err
			return n, nil
		}
		n.Err = err
		done := s.givesUp(err, attempts)
		s.cfg.Logger.Warn("feed item could not be briefed", "feed", f.URL, "link", it.Link, "final", done, "err", err)
		return n, s.polls.RecordItem(ctx, f.ID, it.Key, it.Link, 0, briefing.ErrorMessage(err), done, now)
	}
	n.Briefing = b
	if len(b.Warnings) > 0 && s.poster != nil && hasInstant(subs) {
		skip, err := s.polls.SkippingSubscriptions(ctx, f.ID, it.Key)
		if err != nil {
			return n, err
		}
		for _, sub := range subs {
			if sub.Mode != briefing.DeliverInstant || skip[sub.ID] {
				continue
			}
			s.postInstant(ctx, sub, b, now)
		}
	}
	return n, s.polls.RecordItem(ctx, f.ID, it.Key, it.Link, b.Article.ID, "", true, now)
}

func hasInstant(subs []briefing.Subscription) bool {
	for _, sub := range subs {
		if sub.Mode == briefing.DeliverInstant {
			return true
		}
	}
	return false
}

// InstantKey is the idempotency key of an instant post of an article to a channel.
func InstantKey(channelID string, a briefing.Article) string {
	if a.ID != 0 {
		return "briefing:" + channelID + ":" + strconv.FormatInt(a.ID, 10)
	}
	return "briefing:" + channelID + ":" + a.Key()
}

// postInstant posts a briefing to an instant subscription: the warnings
// its filter passes, none at all when it passes none. A post that fails is
// recorded to be retried for PostRetry, and told about (delivery.Failures).
func (s *Service) postInstant(ctx context.Context, sub briefing.Subscription, b *briefing.Briefing, now time.Time) {
	ws := sub.Filter.Apply(b.Warnings)
	if len(ws) == 0 {
		return
	}
	b = &briefing.Briefing{Article: b.Article, Warnings: ws}
	channelID := sub.ChannelID
	key := InstantKey(channelID, b.Article)
	var postErr error
	outcome, err := delivery.Once(ctx, s.deliveries, s.confirmer(), channelID, key, now, func(ctx context.Context) error {
		postErr = s.postBriefing(ctx, sub, b, key)
		return postErr
	})
	switch {
	case postErr != nil && s.failures != nil && ctx.Err() == nil:
		s.failures.Failed(ctx, briefing.PostFailure{Key: key, ChannelID: channelID, Kind: briefing.PostBriefing,
			FeedID: sub.Feed.ID, ArticleID: b.Article.ID, Deadline: now.Add(s.cfg.PostRetry)},
			postErr, now, "a briefing from the feed "+describe(sub.Feed))
	case err != nil:
		s.cfg.Logger.Error("instant briefing not posted", "channel", channelID, "article", b.Article.Key(), "outcome", outcome.String(), "err", err)
	case outcome == delivery.MaybeSent:
		s.cfg.Logger.Warn("instant briefing was interrupted between sending and recording; not sending it again", "channel", channelID, "key", key)
	default:
		if s.failures != nil {
			s.failures.Succeeded(ctx, channelID, briefing.PostBriefing, sub.Feed.ID)
		}
		if err := s.posts.MarkSubscriptionPosted(context.WithoutCancel(ctx), channelID, sub.Feed.ID, now); err != nil {
			s.cfg.Logger.Error("recording an instant post", "channel", channelID, "err", err)
		}
	}
}

// optionsPoster is a Poster that can mention a role and open a thread on
// a briefing; the bot's Poster is one.
type optionsPoster interface {
	PostBriefingWith(ctx context.Context, channelID string, b *briefing.Briefing, key string, o briefing.PostOptions) error
}

func (s *Service) postBriefing(ctx context.Context, sub briefing.Subscription, b *briefing.Briefing, key string) error {
	if op, ok := s.poster.(optionsPoster); ok && (sub.MentionRole != "" || sub.Thread) {
		return op.PostBriefingWith(ctx, sub.ChannelID, b, key, briefing.PostOptions{MentionRole: sub.MentionRole, Thread: sub.Thread})
	}
	return s.poster.PostBriefing(ctx, sub.ChannelID, b, key)
}

// retryPosts posts again the instant briefings whose post failed and is
// due for another try; a subscription removed since, or an article gone
// from history, ends the retries.
func (s *Service) retryPosts(ctx context.Context, now time.Time) error {
	if s.failures == nil {
		return nil
	}
	due, err := s.failures.Due(ctx, briefing.PostBriefing, now)
	if err != nil {
		return err
	}
	for _, f := range due {
		if ctx.Err() != nil {
			return nil
		}
		subs, err := s.polls.FeedSubscriptions(ctx, f.FeedID)
		if err != nil {
			return err
		}
		var sub *briefing.Subscription
		for i := range subs {
			if subs[i].ChannelID == f.ChannelID && subs[i].Mode == briefing.DeliverInstant {
				sub = &subs[i]
			}
		}
		if sub == nil {
			s.failures.Succeeded(ctx, f.ChannelID, briefing.PostBriefing, f.FeedID) // nothing left to post to
			continue
		}
		b, err := s.posts.Briefing(ctx, f.ArticleID)
		if briefing.ErrorCode(err) == briefing.ENOTFOUND {
			s.failures.Succeeded(ctx, f.ChannelID, briefing.PostBriefing, f.FeedID)
			continue
		}
		if err != nil {
			return err
		}
		s.postInstant(ctx, *sub, b, now)
	}
	return nil
}

// givesUp reports whether an item whose briefing failed with err, after
// attempts earlier failures, is not to be tried again.
func (s *Service) givesUp(err error, attempts int) bool {
	return permanent(err) || attempts+1 >= s.cfg.ItemAttempts
}

// permanent reports whether briefing an item failed for a reason that a
// retry will not fix.
func permanent(err error) bool {
	switch briefing.ErrorCode(err) {
	case briefing.ENOTARTICLE, briefing.EINVALID, briefing.EBLOCKED, briefing.ETOOLARGE, briefing.ENOTFOUND:
		return true
	}
	return false
}

// classify sorts a fetch error into the failure classes.
func classify(err error) failureClass {
	switch briefing.ErrorCode(err) {
	case briefing.EUNAVAILABLE, briefing.ETIMEOUT, briefing.ERATELIMIT, briefing.EINTERNAL:
		return serverFailure
	}
	return clientFailure
}

func (s *Service) succeeded(_ context.Context, f briefing.Feed, report PollReport, now time.Time) (PollReport, *briefing.Feed) {
	f.LastSuccess = now
	f.ErrorCount = 0
	f.LastError = ""
	f.FailingSince = time.Time{}
	f.NextPoll = now.Add(s.cfg.PollInterval)
	return report, &f
}

// failed records a failure, schedules the next try (Retry-After when the
// site gave one, else exponential backoff) and pauses the feed once it has
// failed longer than its class allows.
func (s *Service) failed(ctx context.Context, f briefing.Feed, report PollReport, class failureClass, cause error, retryHeader string, now time.Time) (PollReport, *briefing.Feed) {
	report.Failed = 1
	report.Errors = append(report.Errors, FeedError{Feed: f, Err: cause})
	f.ErrorCount++
	f.LastError = briefing.ErrorMessage(cause)
	if f.FailingSince.IsZero() {
		f.FailingSince = now
	}
	wait := s.backoff(f.ErrorCount)
	if d, ok := retryAfter(retryHeader, now); ok {
		wait = max(min(d, s.cfg.MaxRetryAfter), time.Second)
	}
	f.NextPoll = now.Add(wait)

	limit := s.cfg.PauseAfterClientErrors
	if class == serverFailure {
		limit = s.cfg.PauseAfterServerErrors
	}
	s.cfg.Logger.Warn("feed poll failed", "feed", f.URL, "errors", f.ErrorCount, "next_poll", f.NextPoll, "err", cause)
	if now.Sub(f.FailingSince) < limit {
		return report, &f
	}
	// Pausing is saved before the channels are told, so that they are told
	// about a pause that holds.
	f.Paused = true
	if err := s.polls.UpdateFeed(ctx, f); err != nil {
		report.Errors = append(report.Errors, FeedError{Feed: f, Err: err})
		return report, nil
	}
	s.cfg.Logger.Warn("feed paused after failing too long", "feed", f.URL, "failing_since", f.FailingSince)
	report.Paused = append(report.Paused, f)
	s.announcePause(ctx, f, now)
	return report, nil
}

func (s *Service) backoff(errorCount int) time.Duration {
	wait := s.cfg.PollInterval
	for i := 1; i < errorCount && wait < s.cfg.MaxBackoff; i++ {
		wait *= 2
	}
	return min(wait, s.cfg.MaxBackoff)
}

// PauseNotice is the plain-words message a channel gets when a feed is paused.
func PauseNotice(f briefing.Feed, now time.Time) string {
	days := int(now.Sub(f.FailingSince).Hours() / 24)
	since := "since " + f.FailingSince.UTC().Format("2 Jan 2006 15:04 MST")
	if days >= 1 {
		since = fmt.Sprintf("for %d day%s", days, plural(days))
	}
	return fmt.Sprintf("I have stopped checking the feed %s: it has been failing %s. The last problem was: %s. "+
		"Nothing more will be posted from it. To try again, use /feed remove and then /feed add with a working address.",
		describe(f), since, f.LastError)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// announcePause tells each subscribed channel once that the feed was paused.
func (s *Service) announcePause(ctx context.Context, f briefing.Feed, now time.Time) {
	if s.poster == nil {
		return
	}
	subs, err := s.polls.FeedSubscriptions(ctx, f.ID)
	if err != nil {
		s.cfg.Logger.Error("paused feed: could not list its channels", "feed", f.URL, "err", err)
		return
	}
	text := PauseNotice(f, now)
	for _, sub := range subs {
		key := fmt.Sprintf("paused:%s:%d:%d", sub.ChannelID, f.ID, f.FailingSince.Unix())
		// A notice carries no key a Confirmer could find it by: one that
		// may have been sent is not sent again.
		_, err := delivery.Once(ctx, s.deliveries, nil, sub.ChannelID, key, now, func(ctx context.Context) error {
			return s.poster.PostNotice(ctx, sub.ChannelID, text)
		})
		if err != nil {
			s.cfg.Logger.Error("paused feed: notice not posted", "feed", f.URL, "channel", sub.ChannelID, "err", err)
		}
	}
}
