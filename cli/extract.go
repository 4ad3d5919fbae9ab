package cli

import (
	"context"
	"flag"
	"fmt"

	"redline/briefing/warnings"
)

func extractCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	format := fs.String("format", "jsonl", "output format: jsonl (one object per input: {\"id\", \"warnings\": […]})")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("extract needs at least one URL or FILE")
		}
		if *format != "jsonl" {
			return usagef("unknown format %q (use jsonl)", *format)
		}
		ex, err := a.extractor()
		if err != nil {
			return err
		}
		in, err := a.inputReader()
		if err != nil {
			return err
		}
		return a.eachInput(args, func(input string) error {
			art, err := in.Read(ctx, input)
			if err != nil {
				return err
			}
			ws, err := ex.Extract(ctx, art)
			if err != nil {
				return err
			}
			line, err := warnings.PredictionJSON(inputID(input), ws)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s\n", line)
			return err
		})
	}
}
