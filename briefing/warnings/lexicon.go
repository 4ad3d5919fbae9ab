package warnings

import (
	_ "embed"
	"fmt"
	"strings"
)

// cueClass groups cues by the speech act they report.
type cueClass uint8

const (
	cueNone    cueClass = iota
	cueWarn             // warn, caution, alert
	cueThreat           // threaten, vow, ultimatum
	cueUrge             // urge, call on … to
	cueFear             // fear, be concerned, raise alarm
	cueContent          // "red line", "consequences": a warning only in attributed speech
)

var cueClassNames = map[string]cueClass{"warn": cueWarn, "threat": cueThreat, "urge": cueUrge, "fear": cueFear, "content": cueContent}

func (c cueClass) String() string {
	for n, v := range cueClassNames {
		if v == c {
			return n
		}
	}
	return "none"
}

// phrase is a cue of several words, matched as a lemma sequence.
type phrase struct {
	lemmas []string
	class  cueClass
}

// lexicon is data/lexicon.txt read into look-up tables.
type lexicon struct {
	cues         map[string]cueClass // one-word cues by lemma
	phrases      []phrase            // multi-word cues
	forms        map[string]bool     // lower-case word forms that may start a speech cue
	contentForms map[string]bool     // lower-case word forms that may start a content cue
	reportForms  map[string]bool     // lower-case forms of the reporting verbs ("said", "told")
	// phraseStarts maps the forms that start a multi-word cue to the forms
	// of the word that must follow ("call" → "on"), so that the spotter
	// does not take every "called" for "call on"; and to the cue's class
	phraseStarts map[string]map[string]cueClass
	reportVerbs  map[string]bool
	lightVerbs   map[string]bool
	audiences    map[string]bool // who hears a statement without being warned: "reporters"
	media        map[string]bool // words naming news outlets, which report warnings but rarely give them
	// openers are prepositions and conjunctions that may open a sentence,
	// where their capital can pass them off as names
	openers map[string]bool
}

//go:embed data/lexicon.txt
var lexiconText string

var lex = mustReadLexicon(lexiconText)

func mustReadLexicon(text string) *lexicon {
	l, err := readLexicon(text)
	if err != nil {
		panic(err) // the file is part of the program: a bad line is a bug caught by any test
	}
	return l
}

func readLexicon(text string) (*lexicon, error) {
	l := &lexicon{cues: map[string]cueClass{}, forms: map[string]bool{}, contentForms: map[string]bool{}, reportForms: map[string]bool{}, phraseStarts: map[string]map[string]cueClass{}, reportVerbs: map[string]bool{}, lightVerbs: map[string]bool{}, audiences: map[string]bool{}, media: map[string]bool{}, openers: map[string]bool{}}
	section := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			continue
		}
		entry, irregular, _ := strings.Cut(line, "|")
		words := strings.Fields(entry)
		switch section {
		case "speech-cues", "content-cues":
			if len(words) < 2 {
				return nil, fmt.Errorf("lexicon line %d: %q needs a lemma and a class", n+1, line)
			}
			class, ok := cueClassNames[words[len(words)-1]]
			if !ok {
				return nil, fmt.Errorf("lexicon line %d: unknown cue class %q", n+1, words[len(words)-1])
			}
			lemmas := words[:len(words)-1]
			if len(lemmas) == 1 {
				l.cues[lemmas[0]] = class
			} else {
				l.phrases = append(l.phrases, phrase{lemmas: lemmas, class: class})
			}
			forms := l.forms
			if section == "content-cues" {
				forms = l.contentForms
			}
			for _, f := range append(inflections(lemmas[0]), strings.Fields(irregular)...) {
				if len(lemmas) == 1 {
					forms[f] = true
					continue
				}
				if l.phraseStarts[f] == nil {
					l.phraseStarts[f] = map[string]cueClass{}
				}
				for _, next := range inflections(lemmas[1]) {
					l.phraseStarts[f][next] = class
				}
			}
		case "report-verbs":
			l.reportVerbs[strings.Join(words, " ")] = true
			for _, f := range append(inflections(words[0]), strings.Fields(irregular)...) {
				l.reportForms[f] = true
			}
		case "light-verbs":
			l.lightVerbs[strings.Join(words, " ")] = true
		case "audiences":
			l.audiences[strings.Join(words, " ")] = true
		case "media":
			l.media[strings.Join(words, " ")] = true
		case "openers":
			l.openers[strings.Join(words, " ")] = true
		default:
			return nil, fmt.Errorf("lexicon line %d: %q is outside any known section", n+1, line)
		}
	}
	return l, nil
}

// inflections returns the regular forms of a lemma, verb or noun: warn →
// warn, warns, warned, warning; risk → risks; catastrophe →
// catastrophes; worry → worries, worried.
func inflections(w string) []string {
	out := []string{w}
	n := len(w)
	switch {
	case n > 2 && w[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[n-2])):
		stem := w[:n-1]
		out = append(out, stem+"ies", stem+"ied", w+"ing")
	case strings.HasSuffix(w, "e"):
		out = append(out, w+"s", w+"d", w[:n-1]+"ing")
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "x"):
		out = append(out, w+"es", w+"ed", w+"ing")
	default:
		out = append(out, w+"s", w+"ed", w+"ing")
		// a short verb ending consonant-vowel-consonant doubles it: "stepped"
		if n >= 3 && !strings.ContainsRune("aeiouwxy", rune(w[n-1])) && strings.ContainsRune("aeiou", rune(w[n-2])) && !strings.ContainsRune("aeiou", rune(w[n-3])) {
			out = append(out, w+w[n-1:]+"ed", w+w[n-1:]+"ing")
		}
	}
	return out
}
