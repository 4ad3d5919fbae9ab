package warnings

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"redline/briefing"
	"redline/briefing/article"
)

// The helpers every test file of the package shares.

// extract runs the built-in extractor on a headline and a body.
func extract(tb testing.TB, title, text string) []briefing.Warning {
	tb.Helper()
	ws, err := New().Extract(context.Background(), briefing.Article{Title: title, Text: text})
	if err != nil {
		tb.Fatal(err)
	}
	return ws
}

// textArticle is an article file's ID and text.
type textArticle struct {
	id   string
	text string
}

// readArticles reads the ID.txt files of a folder; a missing folder of
// the shared sets skips the test.
func readArticles(tb testing.TB, dir string) []textArticle {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Skipf("no articles in %s (the shared evaluation sets are absent)", dir)
	}
	sort.Strings(paths)
	var out []textArticle
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, textArticle{id: strings.TrimSuffix(filepath.Base(p), ".txt"), text: string(b)})
	}
	return out
}

// ownArticles are the articles in testdata, written for these tests.
func ownArticles(tb testing.TB) []textArticle {
	return readArticles(tb, "testdata")
}

// predictionsJSONL runs the extractor over articles and writes the
// evaluation's prediction lines.
func predictionsJSONL(tb testing.TB, arts []textArticle) []byte {
	tb.Helper()
	x := New()
	var buf bytes.Buffer
	for _, a := range arts {
		ws, err := x.Extract(context.Background(), article.FromText(a.text, a.id))
		if err != nil {
			tb.Fatal(err)
		}
		line, err := PredictionJSON(a.id, ws)
		if err != nil {
			tb.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// oneWarning extracts from a body and requires exactly one warning.
func oneWarning(tb testing.TB, text string) briefing.Warning {
	tb.Helper()
	ws := extract(tb, "", text)
	if len(ws) != 1 {
		tb.Fatalf("%q: got %d warnings %+v, want 1", text, len(ws), ws)
	}
	return ws[0]
}
