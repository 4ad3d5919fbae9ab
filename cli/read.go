package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"redline/briefing/render"
)

// readRecord is one line of "redline read --format jsonl".
type readRecord struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Byline    string `json:"byline"`
	Site      string `json:"site"`
	Published string `json:"published"`
	Language  string `json:"language"`
	Text      string `json:"text"`
}

func readCommand(fs *flag.FlagSet) func(context.Context, *app, []string) error {
	format := fs.String("format", "text", "output format: text or jsonl")
	return func(ctx context.Context, a *app, args []string) error {
		if len(args) == 0 {
			return usagef("read needs at least one URL or FILE")
		}
		if *format != "text" && *format != "jsonl" {
			return usagef("unknown format %q (use text or jsonl)", *format)
		}
		in, err := a.inputReader()
		if err != nil {
			return err
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		first := true
		return a.eachInput(args, func(input string) error {
			art, err := in.Read(ctx, input)
			if err != nil {
				return err
			}
			if *format == "jsonl" {
				rec := readRecord{ID: inputID(input), URL: art.Key(), Title: art.Title, Byline: art.Byline,
					Site: art.Site, Language: art.Language, Text: art.Text}
				if !art.Published.IsZero() {
					rec.Published = art.Published.Format(time.RFC3339)
				}
				return enc.Encode(rec)
			}
			if !first {
				fmt.Fprintln(a.stdout, "\n"+strings.Repeat("─", 60))
			}
			first = false
			fmt.Fprint(a.stdout, render.ArticleText(art))
			return nil
		})
	}
}
