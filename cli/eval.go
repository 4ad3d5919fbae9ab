package cli

import (
	"context"
	"flag"
	"os"

	"redline/briefing/article"
	"redline/briefing/evaluation"
)

// evalCommand scores the configured extractor on a folder of gold
// warnings, with the matching rules of the evaluation set's score.py.
func evalCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	gold := fs.String("gold", "", "folder of ID.txt articles beside their ID.gold.json (required)")
	verbose := fs.Bool("verbose", false, "list every missed gold warning and every false alarm")
	return func(ctx context.Context, a *app, args []string) error {
		if *gold == "" {
			return usagef("eval needs -gold DIR: a folder of ID.txt articles and their ID.gold.json")
		}
		if st, err := os.Stat(*gold); err != nil || !st.IsDir() {
			return usagef("-gold %s is not a folder", *gold)
		}
		ex, err := a.extractor()
		if err != nil {
			return err
		}
		cases, err := evaluation.Load(*gold, args, article.ReadFile, article.FileID)
		if err != nil {
			return err
		}
		report, err := evaluation.Run(ctx, ex, cases)
		if err != nil {
			return err
		}
		return report.Write(a.stdout, *verbose)
	}
}
