package warnings

import "strings"

// cue is one word (or phrase) of a parsed sentence that may state a
// warning.
type cue struct {
	tok   int    // the cue's head token
	last  int    // its last token (phrases)
	lemma string // "warn", "red line"
	class cueClass
}

// mayHoldCue is the spotter's cheap test, before any parsing: does the
// sentence hold a word form that may start a cue?
func mayHoldCue(s *sentence) bool {
	for _, t := range s.toks {
		if t.kind == tokWord && lex.forms[t.lower] {
			return true
		}
	}
	return false
}

// findCues returns the cues of a parsed sentence, in token order: words
// whose lemma is a cue of a fitting part of speech, and cue phrases.
func findCues(t *tree) []cue {
	var out []cue
	covered := make([]bool, len(t.toks))
	for _, p := range lex.phrases {
		for k := 0; k+len(p.lemmas) <= len(t.toks); k++ {
			if matchesPhrase(t, k, p.lemmas) {
				out = append(out, cue{tok: phraseHead(t, k, k+len(p.lemmas)), last: k + len(p.lemmas) - 1, lemma: strings.Join(p.lemmas, " "), class: p.class})
				for j := k; j < k+len(p.lemmas); j++ {
					covered[j] = true
				}
			}
		}
	}
	for k, tok := range t.toks {
		if covered[k] {
			continue
		}
		class, ok := lex.cues[tok.Lemma]
		if !ok {
			continue
		}
		switch tok.Tag {
		case "VERB", "NOUN", "ADJ", "PROPN":
		case "SCONJ":
			if tok.Lemma != "unless" {
				continue
			}
		default:
			continue
		}
		out = append(out, cue{tok: k, last: k, lemma: tok.Lemma, class: class})
	}
	sortCues(out)
	return out
}

func matchesPhrase(t *tree, k int, lemmas []string) bool {
	for j, l := range lemmas {
		if t.toks[k+j].Lemma != l && strings.ToLower(t.toks[k+j].Text) != l {
			return false
		}
	}
	return true
}

// phraseHead is the token of [from, to) whose head lies outside it.
func phraseHead(t *tree, from, to int) int {
	for k := from; k < to; k++ {
		if h := t.head(k); h < from || h >= to {
			return k
		}
	}
	return from
}

func sortCues(cs []cue) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].tok < cs[j-1].tok; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
