package feeds

import (
	"context"
	"time"

	"redline/briefing"
)

// backfillBatch bounds the queued backfill items handled in one cycle.
const backfillBatch = 100

// deliverBackfill brings queued backfill items (see
// SubscriptionStore.Subscribe) to their one subscription: the feed's own
// polling skips them, since the shared seen set has them, and a 304 would
// hide them anyway. Each item is
// put in the channel's digests and, for an instant subscription with
// warnings, posted under the usual instant key. The feed's seen set is
// left untouched, so the feed's other channels get nothing from this.
func (s *Service) deliverBackfill(ctx context.Context, report *PollReport, now time.Time) error {
	items, err := s.backfill.PendingBackfill(ctx, backfillBatch)
	if err != nil {
		return err
	}
	for _, it := range items {
		if ctx.Err() != nil {
			return nil
		}
		n, done, err := s.deliverBackfillItem(ctx, it, now)
		if err != nil {
			return err
		}
		if n != nil {
			report.New = append(report.New, *n)
		}
		if err := s.backfill.FinishBackfill(ctx, it.Subscription.ID, it.Key, done); err != nil {
			return err
		}
	}
	return nil
}

// deliverBackfillItem delivers one item; done is false when briefing it
// failed in a way worth another try.
func (s *Service) deliverBackfillItem(ctx context.Context, it briefing.BackfillItem, now time.Time) (n *NewItem, done bool, err error) {
	sub := it.Subscription
	item := NewItem{Feed: sub.Feed, Item: Item{Key: it.Key, Link: it.Link}}
	if it.Link == "" {
		item.Err = briefing.Errorf(briefing.EINVALID, "feed item %q has no link to an article", it.Key)
		return &item, true, nil
	}
	// A digest needs only the article, which the feed's poll may have
	// briefed already; an instant post needs the briefing itself.
	articleID, err := s.backfill.FeedItemArticle(ctx, sub.Feed.ID, it.Key)
	if err != nil {
		return nil, false, err
	}
	if articleID == 0 || sub.Mode == briefing.DeliverInstant {
		b, err := s.briefer.BriefURL(ctx, canonicalLink(it.Link))
		if err != nil {
			item.Err = err
			if ctx.Err() != nil {
				return &item, false, nil
			}
			final := s.givesUp(err, it.Attempts)
			s.cfg.Logger.Warn("backfill item could not be briefed", "feed", sub.Feed.URL, "channel", sub.ChannelID,
				"link", it.Link, "final", final, "err", err)
			return &item, final, nil
		}
		item.Briefing = b
		articleID = b.Article.ID
		if len(b.Warnings) > 0 && s.poster != nil && sub.Mode == briefing.DeliverInstant {
			s.postInstant(ctx, sub, b, now)
		}
	}
	if articleID != 0 {
		if err := s.backfill.RecordChannelArticle(ctx, sub.ChannelID, articleID, now); err != nil {
			return nil, false, err
		}
	}
	return &item, true, nil
}
