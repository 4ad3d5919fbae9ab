package engine

import (
	"strings"

	"redline/briefing/language/internal/conllu"
)

// Scores are accuracies on a set of gold sentences.
type Scores struct {
	Tokens                 int
	UPOS, XPOS, Lemma      float64
	UAS, LAS               float64
	TaggerSecs, ParserSecs float64
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
