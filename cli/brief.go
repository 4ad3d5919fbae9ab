package cli

import (
	"context"
	"flag"
	"fmt"

	"redline/briefing/render"
)

func briefCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	noStore := fs.Bool("no-store", false, "do not record the briefings in the history database")
	markdown := fs.Bool("markdown", false, "print Discord-flavoured Markdown instead of terminal text")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("brief needs at least one URL or FILE")
		}
		in, err := a.inputReader()
		if err != nil {
			return err
		}
		p, err := a.pipeline(ctx, in, !*noStore)
		if err != nil {
			return err
		}
		first := true
		return a.eachInput(args, func(input string) error {
			b, err := p.BriefURL(ctx, input)
			if err != nil {
				return err
			}
			if !first {
				fmt.Fprintln(a.stdout)
			}
			first = false
			if *markdown {
				fmt.Fprintln(a.stdout, render.Markdown(b))
			} else {
				fmt.Fprint(a.stdout, render.Text(b))
			}
			return nil
		})
	}
}
