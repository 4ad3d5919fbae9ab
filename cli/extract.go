package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"redline/briefing"
	"redline/briefing/warnings"
)

func extractCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	format := fs.String("format", "jsonl", "output format: jsonl (one object per input: {\"id\", \"extractor\", \"warnings\": […]})")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("extract needs at least one URL or FILE")
		}
		if *format != "jsonl" {
			return usagef("unknown format %q (use jsonl)", *format)
		}
		ex, err := a.extractor(ctx)
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
			got, err := briefing.ExtractReport(ctx, ex, art)
			if err != nil {
				return err
			}
			line, err := predictionLine(inputID(input), got)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "%s\n", line)
			return err
		})
	}
}

// predictionLine is the evaluation's prediction line of one article, with
// the extractor that answered (and why, when it stood in for another)
// between the id and the warnings; score.py reads only id and warnings.
func predictionLine(id string, ex briefing.Extraction) ([]byte, error) {
	line, err := warnings.PredictionJSON(id, ex.Warnings)
	if err != nil {
		return nil, err
	}
	var p struct {
		ID       string          `json:"id"`
		Warnings json.RawMessage `json:"warnings"`
	}
	if err := json.Unmarshal(line, &p); err != nil {
		return nil, briefing.WrapError(briefing.EINTERNAL, err, "writing the warnings of %s as JSON failed", id)
	}
	out, err := json.Marshal(struct {
		ID        string          `json:"id"`
		Extractor string          `json:"extractor,omitempty"`
		Note      string          `json:"extractor_note,omitempty"`
		Warnings  json.RawMessage `json:"warnings"`
	}{p.ID, ex.Extractor, ex.Note, p.Warnings})
	if err != nil {
		return nil, briefing.WrapError(briefing.EINTERNAL, err, "writing the warnings of %s as JSON failed", id)
	}
	return out, nil
}
