package cli

import (
	"fmt"

	"redline/briefing"
	"redline/briefing/article"
)

// inputID names an input in JSON output: a file's name without its
// extensions, or the link itself.
func inputID(input string) string {
	if article.IsURL(input) {
		return input
	}
	return article.FileID(input)
}

// eachInput runs fn on every input, reports each failure on stderr and
// goes on with the next, and fails at the end if any input failed.
func (a *app) eachInput(inputs []string, fn func(input string) error) error {
	failed := 0
	for _, in := range inputs {
		if err := fn(in); err != nil {
			if len(inputs) == 1 {
				return err
			}
			failed++
			fmt.Fprintf(a.stderr, "redline: %s: %s\n", in, oneLine(briefing.ErrorMessage(err)))
		}
	}
	if failed > 0 {
		return briefing.Errorf(briefing.EINVALID, "%d of %d inputs failed", failed, len(inputs))
	}
	return nil
}
