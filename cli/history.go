package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"redline/briefing"
	"redline/briefing/render"
)

func historyCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	speaker := fs.String("speaker", "", "only warnings given by this actor (a name, country, capital…)")
	addressee := fs.String("addressee", "", "only warnings given to this actor")
	period := fs.String("since", "", "only articles from this recent period (24h, 7d, 30d)")
	limit := fs.Int("limit", 20, "how many warnings to show")
	after := fs.String("after", "", "show the page after this one: the value printed at the end of the previous page")
	return func(ctx context.Context, a *app, args []string) error {
		q := briefing.HistoryQuery{Speaker: *speaker, Addressee: *addressee, Text: strings.Join(args, " "), Limit: *limit, Cursor: *after}
		if *limit < 1 {
			return usagef("-limit must be at least 1")
		}
		if *period != "" {
			from, err := since(*period, time.Now())
			if err != nil {
				return err
			}
			q.Since = from
		}
		store, err := a.readStore(ctx)
		if err != nil {
			return err
		}
		page, err := store.History(ctx, q)
		if err != nil {
			return err
		}
		fmt.Fprint(a.stdout, render.HistoryText(page, render.HistoryTitle(q, 0)))
		if page.Next != "" {
			fmt.Fprintf(a.stdout, "To see them: redline history -after %s (with the same filters)\n", page.Next)
		}
		return nil
	}
}
