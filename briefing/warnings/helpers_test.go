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
	"redline/briefing/language"
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

// staged is one text run through the stages before the decisions.
type staged struct {
	d        *document
	trees    map[int]*tree
	mentions []sentenceMentions
	claims   []*claim
}

// stage runs the stages up to the claims on a headline and a body.
func stage(tb testing.TB, title, text string) staged {
	tb.Helper()
	d := newDocument(title, text)
	trees := parseWhereNeeded(language.Default(), d)
	ments, _ := readMentions(d, trees)
	return staged{d: d, trees: trees, mentions: ments, claims: findClaims(d, trees, ments)}
}

// claimOf returns the claim of sentence i whose cue has the lemma.
func (s staged) claimOf(tb testing.TB, i int, lemma string) *claim {
	tb.Helper()
	for _, cl := range s.claims {
		if cl.sent == i && cl.cue.lemma == lemma {
			return cl
		}
	}
	tb.Fatalf("no claim %q in sentence %d (%q)", lemma, i, s.d.sents[i].text)
	return nil
}

// names lists candidates as name(path,path).
func (cs candidates) names() []string {
	var out []string
	for _, c := range cs {
		name := "nobody"
		if c.ent != nil {
			name = c.ent.name
		}
		out = append(out, name+"("+strings.Join(c.paths, ",")+")")
	}
	return out
}

// withPath returns the candidate found by the path, or nil.
func (cs candidates) withPath(path string) *candidate {
	for _, c := range cs {
		if c.hasPath(path) {
			return c
		}
	}
	return nil
}

// parseOne parses a single sentence.
func parseOne(tb testing.TB, sentence string) *tree {
	tb.Helper()
	d := newDocument("", sentence)
	if len(d.sents) != 1 {
		tb.Fatalf("%q is %d sentences", sentence, len(d.sents))
	}
	return parse(language.Default(), d, 0)
}

// token returns the index of the first token with this text.
func (t *tree) token(tb testing.TB, text string) int {
	tb.Helper()
	for k, tok := range t.toks {
		if tok.Text == text {
			return k
		}
	}
	tb.Fatalf("no token %q in %q", text, t.text)
	return -1
}
