package cli

import (
	"context"
	"flag"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"redline/bot"
	"redline/briefing"
	"redline/briefing/article"
	"redline/internal/ops"
	"redline/storage"
)

// listen opens the metrics address before anything starts, so that a
// wrong metrics.listen stops the start with a clear message.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "cannot serve metrics on %s: is the address right and free? (metrics.listen)", addr)
	}
	return ln, nil
}

// opsHandler is the metrics endpoint of a running bot: the queue depths
// and shard states read at each scrape, and readiness as the gateway
// shards connected and the database reachable.
func (a *app) opsHandler(b *bot.Bot, e *engine) http.Handler {
	m := a.metrics
	m.GaugeFunc("redline_reads_running", "Pages being read (extracted) now in this process.", func() float64 {
		r, _ := article.ReadQueue()
		return float64(r)
	})
	m.GaugeFunc("redline_reads_waiting", "Pages waiting for their turn to be read in this process.", func() float64 {
		_, w := article.ReadQueue()
		return float64(w)
	})
	m.GaugeFunc("redline_handlers_in_flight", "Interactions and direct messages being handled now.", func() float64 {
		return float64(b.InFlight())
	})
	m.GaugeFunc("redline_gateway_shards_connected", "This process's gateway shards connected now.", func() float64 {
		up, _ := b.Connected()
		return float64(up)
	})
	m.GaugeFunc("redline_gateway_shards", "The gateway shards this process runs.", func() float64 {
		_, total := b.Connected()
		return float64(total)
	})
	return ops.Handler(m, map[string]ops.Check{
		"database": e.store.Ping,
		"gateway": func(context.Context) error {
			up, total := b.Connected()
			if total == 0 || up < total {
				return briefing.Errorf(briefing.EUNAVAILABLE, "%d of %d gateway shards connected", up, total)
			}
			return nil
		},
	})
}

func runCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) > 0 {
			return usagef("run takes no arguments (got %q)", strings.Join(args, " "))
		}
		cfg, err := a.config()
		if err != nil {
			return err
		}
		if cfg.Metrics.Listen != "" {
			a.observe() // before the parts it observes are built
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
		if a.metrics != nil {
			h := a.opsHandler(b, e)
			ln, err := listen(cfg.Metrics.Listen)
			if err != nil {
				return err
			}
			background.Add(1)
			go func() {
				defer background.Done()
				if err := ops.ServeListener(ctx, ln, h, a.logger); err != nil {
					a.logger.Error("metrics endpoint stopped", "err", err)
				}
			}()
		}
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
		a.logger.Info("redline is starting", "version", a.versionString(), "database", a.cfg.Database.Describe())
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
// storage.Store.Prune) now and every day until ctx ends. With several
// processes on one PostgreSQL each prunes; their batches skip each other's rows.
func (a *app) housekeeping(ctx context.Context, store historyStore) {
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
