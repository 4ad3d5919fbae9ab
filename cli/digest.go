package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render"
)

func digestCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	channel := fs.String("channel", "", "the channel whose digest to print (its feeds and briefings); empty: all of history")
	period := fs.String("since", "24h", "the period the digest covers, back from now (24h, 7d)")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) > 0 {
			return usagef("digest takes no arguments, only flags (got %q)", strings.Join(args, " "))
		}
		now := time.Now()
		from, err := since(*period, now)
		if err != nil {
			return err
		}
		cfg, err := a.config()
		if err != nil {
			return err
		}
		store, err := a.readStore(ctx)
		if err != nil {
			return err
		}
		var dg *briefing.Digest
		if *channel != "" {
			dg, err = digest.Build(ctx, store, *channel, from, now, cfg.Digest.MaxItems)
		} else {
			dg, err = digest.BuildFromHistory(ctx, store, from, now, cfg.Digest.MaxItems)
		}
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, render.DigestText(dg))
		return nil
	}
}
