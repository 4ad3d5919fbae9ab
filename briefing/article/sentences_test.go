package article

import (
	"slices"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		para string
		want []string
	}{
		{`Mr. Lavrov warned the U.S. on Monday. "It would be a mistake," he said. J. Smith agreed.`,
			[]string{"Mr. Lavrov warned the U.S. on Monday.", `"It would be a mistake," he said.`, "J. Smith agreed."}},
		{"Prices rose 3.5 per cent. analysts were calm!  What next?", []string{"Prices rose 3.5 per cent. analysts were calm!", "What next?"}},
		{"No stop at the end", []string{"No stop at the end"}},
	} {
		if got := Sentences(tc.para); !slices.Equal(got, tc.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.para, got, tc.want)
		}
	}
	// text without stops is cut at a space into bounded pieces
	long := strings.Repeat("word ", 1000)
	for _, s := range Sentences(long) {
		if len(s) > MaxSentenceBytes {
			t.Fatalf("a piece of %d bytes", len(s))
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := Paragraphs("First line\r\nsame paragraph\n\n\n  Second  \n")
	if want := []string{"First line same paragraph", "Second"}; !slices.Equal(got, want) {
		t.Errorf("Paragraphs = %q, want %q", got, want)
	}
}
