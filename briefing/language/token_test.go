package language

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"I don't know.", []string{"I", "do", "n't", "know", "."}},
		{"Russia's army", []string{"Russia", "'s", "army"}},
		{"Russia’s army", []string{"Russia", "’s", "army"}},
		{"They can’t and won't", []string{"They", "ca", "n’t", "and", "wo", "n't"}},
		{"We cannot go, I'm sure, they're late.", []string{"We", "can", "not", "go", ",", "I", "'m", "sure", ",", "they", "'re", "late", "."}},
		{"the U.S. warned", []string{"the", "U.S.", "warned"}},
		{"talks with the U.S.", []string{"talks", "with", "the", "U.S", "."}}, // the treebank's sentence-final split
		{"1,000 troops and 4.75 percent", []string{"1,000", "troops", "and", "4.75", "percent"}},
		{"Mr. Smith met Dr. Jones on Jan. 5.", []string{"Mr.", "Smith", "met", "Dr.", "Jones", "on", "Jan.", "5", "."}},
		{"George W. Bush", []string{"George", "W.", "Bush"}},
		{"“We will respond,” he said.", []string{"“", "We", "will", "respond", ",", "”", "he", "said", "."}},
		{"\"We will,\" he said", []string{"\"", "We", "will", ",", "\"", "he", "said"}},
		{"Kyiv—the capital—was hit", []string{"Kyiv", "—", "the", "capital", "—", "was", "hit"}},
		{"a war – or not", []string{"a", "war", "–", "or", "not"}},
		{"Wait... what…", []string{"Wait", "...", "what", "…"}},
		{"See https://example.com/a?b=1, now.", []string{"See", "https://example.com/a?b=1", ",", "now", "."}},
		{"Mail bob@example.org.", []string{"Mail", "bob@example.org", "."}},
		{"a rules-based order", []string{"a", "rules", "-", "based", "order"}},
		{"an e-mail from a pro-Russian group", []string{"an", "e-mail", "from", "a", "pro-Russian", "group"}},
		{"in 1969-1970, call 713-853-3989", []string{"in", "1969", "-", "1970", ",", "call", "713-853-3989"}},
		{"(Reuters) -", []string{"(", "Reuters", ")", "-"}},
		{"$5 billion, 10% and 5pm", []string{"$", "5", "billion", ",", "10", "%", "and", "5", "pm"}},
		{"the parents' house", []string{"the", "parents", "'", "house"}},
		{"in the '90s and ’72", []string{"in", "the", "'90s", "and", "’72"}},
		{"Really?! Yes!!!", []string{"Really", "?!", "Yes", "!!!"}},
		{"AT&T and 10:30 on 11/28/2000", []string{"AT&T", "and", "10:30", "on", "11/28/2000"}},
		{"gonna wanna", []string{"gon", "na", "wan", "na"}},
		{"Zürich’s café", []string{"Zürich", "’s", "café"}},
	}
	for _, c := range cases {
		got := Tokenize(c.in)
		if !slices.Equal(texts(got), c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Tokenize(%q)\n got  %q\n want %q", c.in, texts(got), c.want)
		}
		checkOffsets(t, c.in, got)
	}
}

// checkOffsets asserts that every token is the text at its offsets, in
// order and without overlap, and starts unparsed (Head -1).
func checkOffsets(t *testing.T, s string, toks []Token) {
	t.Helper()
	end := 0
	for i, tk := range toks {
		if tk.Start < end || tk.End <= tk.Start || tk.End > len(s) || s[tk.Start:tk.End] != tk.Text {
			t.Fatalf("%q: token %d %q at [%d,%d) does not match the text", s, i, tk.Text, tk.Start, tk.End)
		}
		if strings.TrimSpace(tk.Text) == "" {
			t.Fatalf("%q: token %d is blank", s, i)
		}
		end = tk.End
	}
}

func TestTokenizeGarbage(t *testing.T) {
	for _, s := range []string{
		"\xff\xfe\xfd", "abc\xffdef", "don\xe2\x80t", "'", "’", "''", "n't", "'s", "-", "---", ".", "...",
		"U.S.", "Mr.", "http://", "@", "a@b", "1,", ",1", "’72", "'7", strings.Repeat("a", 10000),
		strings.Repeat("-", 1000), "\u200b\ufeff", "\t\n", "a\u0301b", "x\x00y",
	} {
		toks := Tokenize(s)
		checkOffsets(t, s, toks)
		if !utf8.ValidString(s) {
			continue
		}
		// Tokens plus the spaces between them rebuild the input.
		var b strings.Builder
		prev := 0
		for _, tk := range toks {
			b.WriteString(s[prev:tk.Start])
			b.WriteString(tk.Text)
			prev = tk.End
		}
		b.WriteString(s[prev:])
		if b.String() != s {
			t.Errorf("%q does not rebuild", s)
		}
	}
}

// A long input takes time in proportion to its length (a quadratic step
// would take minutes here).
func TestTokenizeLongInput(t *testing.T) {
	s := strings.Repeat("The U.S. didn't warn Russia’s army — 1,000 troops... ", 20000)
	start := time.Now()
	toks := Tokenize(s)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("tokenising %d bytes took %v", len(s), d)
	}
	if len(toks) != 20000*12 {
		t.Errorf("%d tokens, want %d", len(toks), 20000*12)
	}
	checkOffsets(t, s, toks)
}

func BenchmarkTokenize(b *testing.B) {
	s := "The United States warned China on Friday that an attack on the Philippines’ vessels would invoke its 1951 mutual defence treaty, officials said."
	n := len(Tokenize(s))
	b.ReportAllocs()
	for b.Loop() {
		Tokenize(s)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
