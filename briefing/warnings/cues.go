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

// spot is what the spotter sees of a sentence before any parsing.
type spot struct {
	speech   bool // a word that may state a warning itself: "warned", "threat"
	content  bool // a word that states one only in reported speech: "consequences"
	reported bool // a reporting verb outside quotation marks: "said", "told"
	quoted   bool // quoted words
}

// spotCues is the spotter's cheap look at a sentence.
func spotCues(s *sentence) spot {
	var sp spot
	for k, t := range s.toks {
		if t.kind != tokWord {
			continue
		}
		if t.inQuote {
			sp.quoted = true
		}
		switch {
		case lex.forms[t.lower]:
			sp.speech = true
		case lex.contentForms[t.lower]:
			sp.content = true
		case lex.phraseStarts[t.lower] != nil && k+1 < len(s.toks):
			if class, ok := lex.phraseStarts[t.lower][s.toks[k+1].lower]; ok {
				sp.speech = sp.speech || class != cueContent
				sp.content = sp.content || class == cueContent
			}
		}
		if !t.inQuote && (lex.reportForms[t.lower] || t.lower == "according") {
			sp.reported = true
		}
	}
	return sp
}

// worthParsing: a speech cue anywhere, a content cue only where somebody
// is reported to speak (a reporting verb) or in the headline; a content
// cue in a quotation is worth it when its quotation names the speaker
// (parseWhereNeeded).
func (sp spot) worthParsing(headline bool) bool {
	return sp.speech || sp.content && (sp.reported || headline)
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
			// "if another cable is cut, Norway will close its ports": a
			// condition in reported speech may carry a threat
			if tok.Lemma != "unless" && tok.Lemma != "if" {
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
