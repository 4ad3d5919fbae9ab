package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"redline/briefing/render"
)

func whoCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	latest := fs.Int("latest", 5, "how many of the newest warnings to show")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("who needs a NAME")
		}
		store, err := a.readStore(ctx)
		if err != nil {
			return err
		}
		p, err := store.Profile(ctx, strings.Join(args, " "), *latest)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, render.ProfileText(p))
		return nil
	}
}
