package main

import (
	"fmt"
	"io"

	"redline/briefing/language/internal/conllu"
	"redline/briefing/language/internal/tokenize"
)

// tokenizerF1 tokenises each sentence's raw text and compares the token
// boundaries with the gold words' (a token counts when both its start and
// end match a gold word's).
func tokenizerF1(sents []conllu.Sentence, mistakes io.Writer) (p, r, f float64) {
	var tp, np, ng int
	for _, s := range sents {
		gold, ok := s.Spans()
		if !ok || s.Text == "" {
			continue
		}
		g := map[[2]int]bool{}
		for _, sp := range gold {
			g[sp] = true
		}
		toks := tokenize.Append(nil, s.Text)
		bad := false
		for _, t := range toks {
			if g[t] {
				tp++
			} else {
				bad = true
			}
		}
		np += len(toks)
		ng += len(gold)
		if (bad || len(toks) != len(gold)) && mistakes != nil {
			var a, b []string
			for _, t := range toks {
				a = append(a, s.Text[t[0]:t[1]])
			}
			for _, w := range s.Words {
				b = append(b, w.Form)
			}
			fmt.Fprintf(mistakes, "%q\n  got  %q\n  gold %q\n", s.Text, a, b)
		}
	}
	p = float64(tp) / float64(np)
	r = float64(tp) / float64(ng)
	return p, r, 2 * p * r / (p + r)
}
