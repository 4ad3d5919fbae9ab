// Package evaluation measures a warning extractor against hand-made gold
// warnings, with the matching rules of the evaluation set's scorer
// (../shared/eval/score.py and its README): a predicted item matches a gold
// item when one of its evidence sentences overlaps one of the gold's, its
// speaker names the gold speaker (or an alias, or the affiliation), and,
// where the gold names an addressee, its addressee names that one. Each
// gold item is matched at most once; an optional gold item found counts
// neither way.
//
// It is the engine of `redline eval` and of the extractor's quality gates,
// so that anyone can score any extractor on their own annotated articles
// without Python.
package evaluation

import (
	"slices"
	"strings"
	"unicode"

	"redline/briefing"
)

// GoldItem is one warning of a gold file (the fields the scorer reads,
// and the ones a report shows).
type GoldItem struct {
	Speaker            string   `json:"speaker"`
	SpeakerAliases     []string `json:"speaker_aliases"`
	SpeakerAffiliation string   `json:"speaker_affiliation"`
	Addressee          string   `json:"addressee"`
	AddresseeAliases   []string `json:"addressee_aliases"`
	Kind               string   `json:"kind"`
	What               string   `json:"what"`
	Evidence           []string `json:"evidence"`
	Optional           bool     `json:"optional"`
}

// SpeakerNames are the names a predicted speaker may match.
func (g GoldItem) SpeakerNames() []string {
	names := append([]string{g.Speaker}, g.SpeakerAliases...)
	if g.SpeakerAffiliation != "" {
		names = append(names, g.SpeakerAffiliation)
	}
	return names
}

// AddresseeNames are the names a predicted addressee may match; none when
// the warning is addressed to nobody in particular.
func (g GoldItem) AddresseeNames() []string {
	if g.Addressee == "" {
		return nil
	}
	return append([]string{g.Addressee}, g.AddresseeAliases...)
}

// Prediction is what the scorer reads of one predicted warning.
type Prediction struct {
	Speaker   string
	Addressee string // empty for nobody in particular
	Kind      briefing.Kind
	Evidence  []string
}

// Predictions turns an extractor's warnings into what the scorer reads.
func Predictions(ws []briefing.Warning) []Prediction {
	out := make([]Prediction, len(ws))
	for i, w := range ws {
		out[i] = Prediction{Speaker: w.Speaker.Name, Addressee: w.Addressee.Name, Kind: w.Kind, Evidence: w.Evidence}
	}
	return out
}

// tokens are the lower-case runs of letters and digits of a text (the
// scorer's [^\W_]+).
func tokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// titles are dropped from names before comparing them.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true,
	"sir": true, "lord": true, "lady": true, "the": true, "a": true, "an": true}

func nameTokens(name string) []string {
	var out []string
	for _, t := range tokens(name) {
		if !titles[t] {
			out = append(out, t)
		}
	}
	return out
}

// EvidenceOverlap reports whether two sentences state the same thing: the
// words they share are at least half of the shorter one's (very short
// ones must be equal).
func EvidenceOverlap(a, b string) bool {
	ta, tb := tokens(a), tokens(b)
	sa, sb := toSet(ta), toSet(tb)
	if len(sa) < 3 || len(sb) < 3 {
		return len(sa) > 0 && strings.Join(ta, " ") == strings.Join(tb, " ")
	}
	n := 0
	for w := range sa {
		if sb[w] {
			n++
		}
	}
	return float64(n)/float64(min(len(sa), len(sb))) >= 0.5
}

func toSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// NameMatch reports whether pred names one of names: the same words, a
// longer name containing it ("Russian President Vladimir Putin"), or its
// surname ("Putin").
func NameMatch(pred string, names []string) bool {
	p := nameTokens(pred)
	if len(p) == 0 {
		return false
	}
	ps := " " + strings.Join(p, " ") + " "
	for _, n := range names {
		g := nameTokens(n)
		if len(g) == 0 {
			continue
		}
		if strings.Contains(ps, " "+strings.Join(g, " ")+" ") {
			return true
		}
		if len(p) < len(g) && slices.Equal(p, g[len(g)-len(p):]) {
			return true
		}
	}
	return false
}

func evidenceMatches(p Prediction, g GoldItem) bool {
	for _, pe := range p.Evidence {
		for _, ge := range g.Evidence {
			if EvidenceOverlap(pe, ge) {
				return true
			}
		}
	}
	return false
}

func speakerMatches(p Prediction, g GoldItem) bool {
	return p.Speaker != "" && NameMatch(p.Speaker, g.SpeakerNames())
}

func addresseeMatches(p Prediction, g GoldItem) bool {
	names := g.AddresseeNames()
	return names == nil || (p.Addressee != "" && NameMatch(p.Addressee, names))
}

// Matches reports whether a prediction matches a gold item.
func Matches(p Prediction, g GoldItem) bool {
	return evidenceMatches(p, g) && speakerMatches(p, g) && addresseeMatches(p, g)
}
