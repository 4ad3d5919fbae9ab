package cli

import (
	"context"
	"flag"
	"strings"
	"sync"
	"time"

	"redline/storage"
)

func runCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) > 0 {
			return usagef("run takes no arguments (got %q)", strings.Join(args, " "))
		}
		b, e, err := a.discord(ctx)
		if err != nil {
			return err
		}

		// Feeds and digests start once the bot is connected, and stop
		// before the database closes, also when the bot fails to start.
		ctx, stopBackground := context.WithCancel(ctx)
		defer stopBackground()
		var background sync.WaitGroup
		background.Add(1)
		go func() {
			defer background.Done()
			select {
			case <-ctx.Done():
				return
			case <-b.Ready():
			}
			if err := e.digests.Start(ctx); err != nil {
				a.logger.Error("digest schedule did not start", "err", err)
			} else {
				defer e.digests.Stop()
			}
			background.Add(1)
			go func() {
				defer background.Done()
				a.housekeeping(ctx, e.store)
			}()
			if err := e.feeds.Run(ctx); err != nil && ctx.Err() == nil {
				a.logger.Error("feed polling stopped", "err", err)
			}
		}()
		a.logger.Info("redline is starting", "version", a.versionString(), "database", a.cfg.Database.Path)
		err = b.Run(ctx)
		stopBackground()
		background.Wait()
		a.logger.Info("redline stopped")
		return err
	}
}

// housekeepingEvery is how often the bot prunes what can no longer matter.
const housekeepingEvery = 24 * time.Hour

// housekeeping prunes old delivery records and feed items (see
// storage.Store.Prune) now and every day until ctx ends.
func (a *app) housekeeping(ctx context.Context, store *storage.Store) {
	t := time.NewTicker(housekeepingEvery)
	defer t.Stop()
	for {
		before := time.Now().Add(-storage.DefaultRetention)
		p, err := store.Prune(ctx, before, storage.KeepFeedItems, storage.PruneBatch)
		switch {
		case err != nil && ctx.Err() == nil:
			a.logger.Warn("housekeeping stopped early", "err", err)
		case p.Deliveries+p.FeedItems > 0:
			a.logger.Info("housekeeping", "deliveries_removed", p.Deliveries, "feed_items_removed", p.FeedItems, "older_than", before)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
