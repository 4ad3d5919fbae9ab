package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	"redline/briefing/article"
	"redline/briefing/evaluation"
	"redline/briefing/llm"
)

// evalCommand scores the configured extractor (or the one -extractor
// names) on a folder of gold warnings, with the matching rules of the
// evaluation set's score.py. With the LLM extractor it ends, on stderr,
// with what the run cost in calls.
func evalCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	gold := fs.String("gold", "", "folder of ID.txt articles beside their ID.gold.json (required)")
	verbose := fs.Bool("verbose", false, "list every missed gold warning and every false alarm")
	extractor := fs.String("extractor", "", "the extractor to score, builtin or llm (default: the configured one)")
	return func(ctx context.Context, a *app, args []string) error {
		switch *extractor {
		case "", "builtin", "llm":
			a.extractorName = *extractor
		default:
			return usagef("-extractor %q is not known (use builtin or llm)", *extractor)
		}
		if *gold == "" {
			return usagef("eval needs -gold DIR: a folder of ID.txt articles and their ID.gold.json")
		}
		if st, err := os.Stat(*gold); err != nil || !st.IsDir() {
			return usagef("-gold %s is not a folder", *gold)
		}
		ex, err := a.extractor(ctx)
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
		if err := report.Write(a.stdout, *verbose); err != nil {
			return err
		}
		if x, ok := ex.(*llm.Extractor); ok {
			st := x.Stats()
			fmt.Fprintf(a.stderr, "%s: %d articles, %d calls, %d answered from the cache, %d by the built-in extractor instead, %d items dropped by the checks; tokens reported by the server: %d prompt, %d completion\n",
				x.Name(), st.Articles, st.Calls, st.CacheHits, st.Fallbacks, st.Dropped, st.PromptTokens, st.CompletionTokens)
		}
		return nil
	}
}
