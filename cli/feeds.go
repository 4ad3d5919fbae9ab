package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"redline/briefing"
	"redline/briefing/feeds"
	"redline/briefing/render"
)

// cliChannel is the channel the command line acts for when none is given.
const cliChannel = "cli"

func feedsCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	channel := fs.String("channel", cliChannel, "the channel whose feeds to manage")
	guild := fs.String("guild", "", "the guild (server) of the channel")
	mode := fs.String("mode", string(briefing.DeliverDigest), "add: how the channel gets briefings: digest or instant")
	backfill := fs.Int("backfill", 0, "add: brief this many of the newest current items (0: none, no flood)")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("feeds needs an action: add URL, list, remove URL or poll")
		}
		action, rest := args[0], args[1:]
		needURL := func() (string, error) {
			if len(rest) != 1 {
				return "", usagef("feeds %s needs exactly one feed URL", action)
			}
			return rest[0], nil
		}
		switch action {
		case "add", "remove", "list", "poll":
		default:
			return usagef("unknown feeds action %q (use add, list, remove or poll)", action)
		}
		deliveryMode := briefing.DeliveryMode(*mode)
		if deliveryMode != briefing.DeliverDigest && deliveryMode != briefing.DeliverInstant {
			return usagef("-mode must be digest or instant, not %q", *mode)
		}
		if *backfill < 0 {
			return usagef("-backfill must not be negative")
		}
		var feedURL string
		if action == "add" || action == "remove" {
			u, err := needURL()
			if err != nil {
				return err
			}
			feedURL = u
		}
		e, err := a.engine(ctx, &printPoster{w: a.stdout})
		if err != nil {
			return err
		}
		switch action {
		case "add":
			res, err := e.feeds.Add(ctx, *guild, *channel, feedURL, deliveryMode, *backfill)
			if err != nil {
				return err
			}
			fmt.Fprint(a.stdout, describeAdded(res))
		case "remove":
			if err := e.feeds.Remove(ctx, *channel, feedURL); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Removed %s from channel %s.\n", feedURL, *channel)
		case "list":
			subs, err := e.feeds.List(ctx, *channel)
			if err != nil {
				return err
			}
			fmt.Fprint(a.stdout, render.FeedListText(subs, *channel))
		case "poll":
			rep, err := e.feeds.PollOnce(ctx)
			if err != nil {
				return err
			}
			printPollReport(a.stdout, rep)
		}
		return nil
	}
}

func describeAdded(res feeds.AddResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Following %s.\n", render.FeedText(res.Feed))
	if res.Latest.Title != "" || res.Latest.Link != "" {
		fmt.Fprintf(&b, "Latest item: %s %s\n", render.Plain(res.Latest.Title), render.Plain(res.Latest.Link))
	}
	if res.Backfilled > 0 {
		fmt.Fprintf(&b, "The newest %d items will be briefed at the next poll; older ones are skipped.\n", res.Backfilled)
	} else {
		b.WriteString("Items already in the feed are skipped; new ones are briefed from the next poll.\n")
	}
	return b.String()
}

func printPollReport(w io.Writer, rep feeds.PollReport) {
	briefed := 0
	for _, item := range rep.New {
		if item.Briefing == nil {
			continue
		}
		if briefed > 0 {
			fmt.Fprintln(w)
		}
		briefed++
		fmt.Fprint(w, render.Text(item.Briefing))
	}
	for _, item := range rep.New {
		if item.Err != nil {
			fmt.Fprintf(w, "could not brief %s: %s\n", item.Item.Link, oneLine(briefing.ErrorMessage(item.Err)))
		}
	}
	for _, fe := range rep.Errors {
		fmt.Fprintf(w, "feed %s: %s\n", fe.Feed.URL, oneLine(briefing.ErrorMessage(fe.Err)))
	}
	fmt.Fprintf(w, "Polled %d feeds (%d unchanged, %d failed): %d new items, %d briefed.\n",
		rep.Polled, rep.NotModified, rep.Failed, len(rep.New), briefed)
}

// printPoster delivers to the terminal: the command line's briefing.Poster.
type printPoster struct{ w io.Writer }

// PostBriefing only notes the delivery: the poll report prints every briefing once.
func (p *printPoster) PostBriefing(_ context.Context, channelID string, b *briefing.Briefing, _ string) error {
	fmt.Fprintf(p.w, "[posted to channel %s: %s]\n", channelID, render.Plain(b.Article.Title))
	return nil
}

func (p *printPoster) PostDigest(_ context.Context, channelID string, d *briefing.Digest, _ string) error {
	fmt.Fprintf(p.w, "[to channel %s]\n%s\n", channelID, render.DigestText(d))
	return nil
}

func (p *printPoster) PostNotice(_ context.Context, channelID, text string) error {
	fmt.Fprintf(p.w, "[to channel %s] %s\n", channelID, render.Plain(text))
	return nil
}
