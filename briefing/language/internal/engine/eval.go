package engine

import (
	"slices"
	"strings"

	"redline/briefing/language/internal/conllu"
)

// Scores are tagging accuracies on a set of gold sentences.
type Scores struct {
	Tokens            int
	UPOS, XPOS, Lemma float64
}

// EvalTagger tags gold words and measures tag and lemma accuracy
// (lemmas compared in lower case, since ours are lower case).
func EvalTagger(t *Tagger, lm *Lemmatizer, sents []conllu.Sentence) Scores {
	var sc Scores
	var u, x, l int
	for _, s := range sents {
		words := forms(s)
		out := make([]int, len(words))
		t.Tag(words, out)
		for i, w := range s.Words {
			sc.Tokens++
			if t.UPOS(out[i]) == w.UPOS {
				u++
			}
			if t.XPOS(out[i]) == w.XPOS {
				x++
			}
			if lm != nil && lm.Lemma(w.Form, t.XPOS(out[i])) == strings.ToLower(w.Lemma) {
				l++
			}
		}
	}
	n := float64(sc.Tokens)
	sc.UPOS, sc.XPOS, sc.Lemma = float64(u)/n, float64(x)/n, float64(l)/n
	return sc
}

func forms(s conllu.Sentence) []string {
	w := make([]string, len(s.Words))
	for i := range s.Words {
		w[i] = s.Words[i].Form
	}
	return w
}

// EvalParser tags and parses gold words and measures attachment scores,
// punctuation included. LAS compares the full relation after folding rare
// subtypes the way the parser was trained (mapRel).
func EvalParser(t *Tagger, p *Parser, sents []conllu.Sentence, mapRel func(string) string) (uas, las, lasBase float64) {
	var n, u, l, lb int
	for _, s := range sents {
		words := forms(s)
		cls := make([]int, len(words))
		t.Tag(words, cls)
		xpos := make([]string, len(words))
		upos := make([]string, len(words))
		for i, c := range cls {
			xpos[i], upos[i] = t.XPOS(c), t.UPOS(c)
		}
		heads := make([]int, len(words))
		labels := make([]int, len(words))
		p.Parse(words, xpos, upos, heads, labels)
		for i, w := range s.Words {
			n++
			if heads[i] == w.Head {
				u++
				rel := p.Label(labels[i])
				if rel == mapRel(w.Rel) {
					l++
				}
				a, _, _ := strings.Cut(rel, ":")
				b, _, _ := strings.Cut(w.Rel, ":")
				if a == b {
					lb++
				}
			}
		}
	}
	return float64(u) / float64(n), float64(l) / float64(n), float64(lb) / float64(n)
}

// TagsOf lists the tagger's classes, the parser's tags.
func TagsOf(t *Tagger) []string { return slices.Clone(t.Classes) }
