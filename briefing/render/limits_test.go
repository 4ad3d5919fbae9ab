package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"@everyone look", "@\u200beveryone look"},
		{"ping @here now", "ping @\u200bhere now"},
		{"<@&123456> and <@!42> and <@7>", "<@\u200b&123456\\> and <@\u200b!42\\> and <@\u200b7\\>"},
		{"**bold** and __under__", `\*\*bold\*\* and \_\_under\_\_`},
		{"run `rm -rf` now", "run \\`rm -rf\\` now"},
		{"||spoiler|| ~~gone~~", `\|\|spoiler\|\| \~\~gone\~\~`},
		{"> quoted # heading", `\> quoted \# heading`},
		{"[click](https://evil.example)", `\[click\]\(https://evil.example)`},
		{`C:\path\*`, `C:\\path\\\*`},
		{"- not a list", `\- not a list`},
		{"see https://example.com/a_b*c?x=(1) here", "see https://example.com/a_b*c?x=(1) here"},
		{"https://example.com/@everyone/x", "https://example.com/@\u200beveryone/x"},
		{"mail me@example.com", "mail me@\u200bexample.com"},
		{"plain words, 5 km", "plain words, 5 km"},
	}
	for _, tt := range tests {
		if got := EscapeMarkdown(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	family := "👨‍👩‍👧" // five code points, one grapheme
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits", "short text", 10, "short text"},
		{"word boundary", "the quick brown fox jumps", 12, "the quick…"},
		{"trailing punctuation dropped", "alpha, beta gamma", 8, "alpha…"},
		{"no space: cut between letters", "abcdefghij", 5, "abcd…"},
		{"emoji sequence kept whole", strings.Repeat(family, 3), 8, family + "…"},
		{"combining accent kept with its letter", "e\u0301e\u0301e\u0301e\u0301", 4, "e\u0301…"},
		{"flags are pairs", "🇫🇮🇧🇾🇫🇮", 4, "🇫🇮…"},
		{"escape backslash not left dangling", `abcd\*efgh`, 6, "abcd…"},
		{"limit one", "abc", 1, "…"},
		{"limit zero", "abc", 0, ""},
		{"multibyte counted as characters", strings.Repeat("é", 10), 10, strings.Repeat("é", 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Truncate(tt.in, tt.limit); got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestTruncateNeverSplitsAGrapheme cuts mixed text at every limit and
// checks the result is a whole-grapheme prefix within the limit.
func TestTruncateNeverSplitsAGrapheme(t *testing.T) {
	s := "Stop 👨‍👩‍👧 now, e\u0301te\u0301 — 🇫🇮 Ωμέγα 👍🏽 \\*x\\* «quote» 漢字かな @\u200beveryone end"
	graphemes := splitGraphemes(s)
	for limit := 0; limit <= Len(s)+1; limit++ {
		got := Truncate(s, limit)
		if Len(got) > limit || !utf8.ValidString(got) {
			t.Fatalf("limit %d: %q has %d characters", limit, got, Len(got))
		}
		body := strings.TrimSuffix(got, "…")
		if body == got && got != s && limit > 0 {
			t.Fatalf("limit %d: a cut string must end with …: %q", limit, got)
		}
		// The kept part must be made of the original's first graphemes
		// (ignoring trimmed trailing space and punctuation).
		kept := splitGraphemes(body)
		for i, g := range kept {
			if g != graphemes[i] {
				t.Fatalf("limit %d: grapheme %d is %q, want %q (result %q)", limit, i, g, graphemes[i], got)
			}
		}
	}
}

func splitGraphemes(s string) []string {
	var out []string
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		out = append(out, g.Str())
	}
	return out
}

func TestValidateCatchesEveryViolation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"empty message", Message{}, "neither content nor embeds"},
		{"content", Message{Content: long(2001)}, "content has 2001 characters"},
		{"title", Message{Embeds: []Embed{{Title: long(257)}}}, "title has 257"},
		{"description", Message{Embeds: []Embed{{Description: long(4097)}}}, "description has 4097"},
		{"footer", Message{Embeds: []Embed{{Title: "x", Footer: long(2049)}}}, "footer has 2049"},
		{"field count", Message{Embeds: []Embed{{Fields: make([]Field, 26)}}}, "26 fields"},
		{"field name", Message{Embeds: []Embed{{Fields: []Field{{Name: long(257), Value: "v"}}}}}, "name has 257"},
		{"field value", Message{Embeds: []Embed{{Fields: []Field{{Name: "n", Value: long(1025)}}}}}, "value has 1025"},
		{"empty field", Message{Embeds: []Embed{{Fields: []Field{{Name: " ", Value: ""}}}}}, "empty name"},
		{"embed count", Message{Embeds: make([]Embed, 11)}, "11 embeds"},
		{"total", Message{Embeds: []Embed{{Description: long(4000)}, {Description: long(2001)}}}, "total 6001"},
		{"url", Message{Embeds: []Embed{{Title: "t", URL: "/etc/passwd"}}}, "not an absolute http(s) URL"},
		{"colour", Message{Embeds: []Embed{{Title: "t", Color: 0x1000000}}}, "colour"},
		{"mention", Message{Content: "hi @everyone"}, "unneutralised mention"},
		{"role mention in a field", Message{Embeds: []Embed{{Fields: []Field{{Name: "n", Value: "<@&1>"}}}}}, "unneutralised mention"},
		{"multibyte counted as characters", Message{Embeds: []Embed{{Title: strings.Repeat("é", 257)}}}, "title has 257"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want an error with %q", err, tt.want)
			}
		})
	}
	ok := Message{Embeds: []Embed{{Title: strings.Repeat("é", 256), URL: "https://example.com/x"}}}
	if err := Validate(ok); err != nil {
		t.Errorf("256 two-byte characters are within the title limit: %v", err)
	}
}

// FuzzTruncateEscape checks the invariants every builder relies on: the
// result is within the limit, valid UTF-8 for valid input, and escaped
// text never carries a mention.
func FuzzTruncateEscape(f *testing.F) {
	f.Add("@everyone **bold** <@&1> 👨‍👩‍👧 e\u0301", 7)
	f.Add(`\\\\\\\\`, 3)
	f.Add("https://x.example/@here?q=(1)", 12)
	f.Add("Invoice \u202eexe.txt \u200d\u200c👨\u200d👩", 40)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit % 3000
		got := Truncate(s, limit)
		if Len(got) > max(limit, 0) {
			t.Fatalf("Truncate(%q, %d) = %q is too long", s, limit, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Truncate(%q, %d) = %q is not valid UTF-8", s, limit, got)
		}
		if m := mentionPattern.FindString(md(s, 4096)); m != "" {
			t.Fatalf("md(%q) keeps the mention %q", s, m)
		}
		for _, out := range []string{md(s, 4096), plain(s, 4096), cleanLines(s)} {
			if i := strings.IndexFunc(out, func(r rune) bool { return alwaysInvisible(r) && r != '\u200b' }); i >= 0 {
				t.Fatalf("%q keeps an invisible character at %d: %q", s, i, out)
			}
			if got := stripInvisible(out); got != out && !strings.Contains(out, "@"+zwsp) {
				t.Fatalf("stripping %q twice changes it: %q → %q", s, out, got)
			}
		}
	})
}
