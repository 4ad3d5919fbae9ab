package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"redline/briefing"
	"redline/briefing/digest"
	"redline/briefing/render"
	"redline/briefing/render/chart"
)

func whoCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	latest := fs.Int("latest", 5, "how many of the newest warnings to show")
	with := fs.String("with", "", "another actor: show the warnings between the two, both ways")
	chartPath := fs.String("chart", "", "also draw the warnings per week as a PNG picture into this file")
	weeks := fs.Int("weeks", chart.Weeks, "how many weeks the chart and the counts of -with cover")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("who needs a NAME")
		}
		if *weeks < 1 || *weeks > 520 {
			return usagef("-weeks must be between 1 and 520")
		}
		if *latest < 0 {
			return usagef("-latest must not be negative")
		}
		name := strings.Join(args, " ")
		store, err := a.readStore(ctx)
		if err != nil {
			return err
		}
		since, until := chart.Period(time.Now(), *weeks)
		var act briefing.Activity
		if *with != "" || *chartPath != "" {
			if act, err = store.Activity(ctx, name, *with, since, until); err != nil {
				return err
			}
		}
		if *with != "" {
			ws, err := briefing.Between(ctx, store, act.Actor.Key, act.Other.Key, max(*latest, 1)*3)
			if err != nil {
				return err
			}
			ws = digest.Collapse(ws)
			fmt.Fprint(a.stdout, render.PairText(act, ws[:min(len(ws), *latest)]))
		} else {
			p, err := store.Profile(ctx, name, *latest)
			if err != nil {
				return err
			}
			p.Latest = digest.Collapse(p.Latest)
			fmt.Fprint(a.stdout, render.ProfileText(p))
		}
		if *chartPath == "" {
			return nil
		}
		raw, err := chart.PNG(act)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*chartPath, raw, 0o644); err != nil {
			return briefing.WrapError(briefing.EINVALID, err, "cannot write the chart to %s; check that its folder exists and is writable", *chartPath)
		}
		fmt.Fprintf(a.stdout, "\nChart written to %s. %s\n", *chartPath, chart.Summary(act))
		return nil
	}
}
