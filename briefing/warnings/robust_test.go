package warnings

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/article"
)

func TestOwnArticles(t *testing.T) {
	// every warning must be backed by sentences of the article, verbatim
	for _, a := range ownArticles(t) {
		art := article.FromText(a.text, a.id)
		ws := extract(t, art.Title, art.Text)
		if len(ws) == 0 {
			t.Errorf("%s: no warnings found", a.id)
		}
		for _, w := range ws {
			if w.Speaker.Name == "" || w.Speaker.Key == "" || len(w.Evidence) == 0 || w.What == "" {
				t.Errorf("%s: incomplete warning %+v", a.id, w)
			}
			for _, e := range w.Evidence {
				if !strings.Contains(a.text, e) {
					t.Errorf("%s: evidence %q is not a sentence of the article", a.id, e)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	arts := ownArticles(t)
	if _, err := os.Stat(sharedEval); err == nil {
		arts = append(arts, readArticles(t, filepath.Join(sharedEval, "dev-web"))...)
	}
	first := predictionsJSONL(t, arts)
	if again := predictionsJSONL(t, arts); !bytes.Equal(first, again) {
		t.Fatal("the same articles gave different output")
	}
}

func TestPredictionJSON(t *testing.T) {
	ws := []briefing.Warning{{
		Speaker:   briefing.Actor{Name: "Ana Ruiz", Affiliation: "Chile"},
		Kind:      briefing.KindThreat,
		What:      "Fares will rise",
		Condition: "the subsidy ends", Consequence: "fares will rise",
		Evidence: []string{"Ana Ruiz warned fares would rise."},
	}, {
		Speaker:  briefing.Actor{Name: "Analysts"},
		What:     "Prices may fall",
		Evidence: []string{"Analysts warned prices may fall."},
	}}
	b, err := PredictionJSON("some-id", ws)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("\n")) {
		t.Error("a prediction must be one line")
	}
	var got struct {
		ID       string           `json:"id"`
		Warnings []map[string]any `json:"warnings"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != "some-id" || len(got.Warnings) != 2 {
		t.Fatalf("got %s", b)
	}
	for _, field := range []string{"speaker", "speaker_affiliation", "addressee", "kind", "what", "condition", "consequence", "evidence"} {
		if _, ok := got.Warnings[1][field]; !ok {
			t.Errorf("field %s missing in %s", field, b)
		}
	}
	if got.Warnings[0]["speaker_affiliation"] != "Chile" || got.Warnings[0]["kind"] != "threat" || got.Warnings[0]["condition"] != "the subsidy ends" {
		t.Errorf("first warning: %v", got.Warnings[0])
	}
	if got.Warnings[1]["addressee"] != nil || got.Warnings[1]["speaker_affiliation"] != nil || got.Warnings[1]["kind"] != "warning" {
		t.Errorf("absent fields must be null and kind default to warning: %v", got.Warnings[1])
	}
	if b, _ := PredictionJSON("empty", nil); !bytes.Equal(b, []byte(`{"id":"empty","warnings":[]}`)) {
		t.Errorf("no warnings: got %s", b)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New().Extract(ctx, briefing.Article{Text: "Ana Ruiz warned fares would rise."})
	if briefing.ErrorCode(err) != briefing.ETIMEOUT {
		t.Fatalf("got %v, want a %s error", err, briefing.ETIMEOUT)
	}
}

func TestMaxWarnings(t *testing.T) {
	var b strings.Builder
	for _, name := range []string{"Ana Ruiz", "Karl Obi", "Lena Berg", "Omar Haddad", "Ines Costa", "Tom Price"} {
		b.WriteString(name + " warned that the dam could fail within weeks. ")
	}
	body := b.String()
	ws, err := New(WithMaxWarnings(3)).Extract(context.Background(), briefing.Article{Text: body})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 3 {
		t.Fatalf("got %d warnings, want the cap of 3", len(ws))
	}
	for i, w := range ws {
		if w.Position != i {
			t.Errorf("warning %d has position %d", i, w.Position)
		}
	}
}

// TestPathologicalInput feeds a megabyte of text without full stops,
// with unclosed quotes and endless names: the caps on sentence length and
// on the scans keep the work linear, so it completes (no wall-time assert).
func TestPathologicalInput(t *testing.T) {
	inputs := map[string]string{
		"no stops":        strings.Repeat("the minister warned that he said they would ", 1<<20/44),
		"unclosed quotes": strings.Repeat("\"He warned \"that \u201cthey threatened ", 1<<20/36),
		"one long name":   strings.Repeat("Ana Ruiz Obi Karl ", 1<<20/18),
		"stops only":      strings.Repeat(". ", 1<<19),
		"one paragraph":   strings.Repeat("Mr Obi warned Chile. ", 1<<20/21),
		"distinct names":  manyNames(1 << 20),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			ws, err := New().Extract(context.Background(), briefing.Article{Title: in[:200], Text: in})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				for _, e := range w.Evidence {
					if len(e) > article.MaxSentenceBytes+4 {
						t.Fatalf("evidence of %d bytes exceeds the sentence cap", len(e))
					}
				}
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	seeds := []string{
		"",
		"Ana Ruiz warned that fares would rise.",
		"\"It would be a big mistake,\" he said. She warned Chile.",
		"Moscow warned Kyiv that the talks were over, said Ivan Petrov of the Foreign Ministry.",
		"“Unclosed quote warned the firm",
		"Mr. . . . U.S. \" \" “ ” ’s 's",
		"He also warned that unless ministers act, the scheme would collapse.",
		"\x00\xff invalid \xc3",
		strings.Repeat("warned ", 100),
	}
	for _, a := range ownArticles(f) {
		seeds = append(seeds, a.text)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	x := New()
	f.Fuzz(func(t *testing.T, text string) {
		art := article.FromText(text, "fuzz")
		ws, err := x.Extract(context.Background(), art)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if w.Speaker.Name == "" {
				t.Fatalf("warning without a speaker: %+v", w)
			}
			if utf8.ValidString(text) && !utf8.ValidString(w.What) {
				t.Fatalf("invalid UTF-8 in what: %q", w.What)
			}
		}
		if _, err := PredictionJSON("fuzz", ws); err != nil {
			t.Fatal(err)
		}
	})
}

// manyNames writes n bytes of sentences by ever new speakers, the worst
// case for the searches over earlier mentions.
func manyNames(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		first := string(rune('A'+i%26)) + strings.Repeat("a", 1+i%7)
		last := string(rune('A'+(i/26)%26)) + strings.Repeat("o", 1+(i/676)%9)
		b.WriteString(first + " " + last + " warned " + last + " that he would act. ")
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}
