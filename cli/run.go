package cli

import (
	"context"
	"flag"
	"strings"
	"sync"
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
