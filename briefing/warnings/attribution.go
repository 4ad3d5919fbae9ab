package warnings

import "strings"

// span is a token range [from, to) of one sentence.
type span struct{ from, to int }

func (p span) empty() bool { return p.to <= p.from }

// maxScan bounds how far the subject and object finders look, so that the
// work per verb is constant.
const maxScan = 40

// subjectLeft finds the subject of the verb at toks[v]: the phrase just
// before it, skipping auxiliaries and adverbs, with appositions set apart
// ("Dave Prentis, general secretary of Unison, said" → "Dave Prentis";
// "PwC's chief executive, Samuel DiPiazza, said" → "Samuel DiPiazza").
// appos holds the descriptive segments.
func subjectLeft(s *sentence, v int) (subj span, appos []span) {
	toks := s.toks
	j := v
	for j > 0 && toks[j-1].kind == tokWord && verbGap[toks[j-1].lower] && !toks[j-1].cap {
		j--
	}
	if j > 0 && toks[j-1].kind == tokWord && (personPronouns[toks[j-1].lower] || pluralPronouns[toks[j-1].lower] || thingPronouns[toks[j-1].lower] || toks[j-1].is("we", "i")) {
		// "…were so angered they threatened": the pronoun is the subject
		return span{j - 1, j}, nil
	}
	// collect comma-separated segments leftwards
	var segs []span
	end := j
	k := j - 1
	limit := max(v-maxScan, 0)
	midClause := false // the scan stopped at a word inside a clause
	for ; k >= limit; k-- {
		t := toks[k]
		if t.kind == tokQuote || t.inQuote {
			break
		}
		if t.kind == tokWord && modals[t.lower] && !t.cap {
			midClause = true
			break
		}
		if t.kind == tokPunct {
			if t.text == "," {
				segs = append(segs, span{k + 1, end})
				end = k
				// "…, and Mr Mafeca said": a new clause after a comma
				continue
			}
			if t.text == "(" || t.text == ")" || t.text == "'" || t.text == "’" || t.text == "&" {
				continue
			}
			break
		}
		if t.is("for", "of", "and", "&") && k > 0 && k+1 < len(toks) && toks[k-1].kind == tokWord && toks[k-1].cap && !functionWords[toks[k-1].lower] && toks[k+1].kind == tokWord && toks[k+1].cap && !functionWords[toks[k+1].lower] {
			// "The Institute for Fiscal Studies": inside one name
			continue
		}
		if t.is("from") && k > 1 && k+2 < len(toks) && capName(toks[k-1]) && capName(toks[k-2]) && (capName(toks[k+1]) || toks[k+1].is("the") && capName(toks[k+2])) {
			// "Anna Berg from the Red Cross": a person of a body, as with "of"
			continue
		}
		if t.is("to") && k > 0 && toks[k-1].kind == tokWord && toks[k-1].cap && (roleNouns[toks[k-1].lower] || titleWords[toks[k-1].lower]) && k+1 < len(toks) && toks[k+1].is("the") {
			// "Chief Secretary to the Treasury Paul Boateng": an office
			continue
		}
		if (t.is("of", "at", "from") || t.is("in") && k > 0 && isGroupNoun(toks[k-1].lower) || t.is("for") && k > 0 && roleNouns[toks[k-1].lower]) && k > 0 && toks[k-1].kind == tokWord && (roleNouns[toks[k-1].lower] || isGroupNoun(toks[k-1].lower)) {
			// "Analysts at Baltic Securities": part of the subject
			continue
		}
		if clauseBreakers[t.lower] && !t.cap || (t.cap && k > 0 && clauseBreakers[t.lower] && functionWords[t.lower]) {
			// a relative clause set off by commas: skip it and go on
			if t.is("which", "who") && k > 0 && toks[k-1].text == "," {
				end = k - 1
				k--
				continue
			}
			// a prepositional segment after a comma is a post-modifier
			// ("Mark Serwotka, from the PCS union, said")
			if t.is("from", "of", "at") && k > 0 && toks[k-1].text == "," {
				segs = append(segs, span{k, end})
				end = k - 1
				k--
				continue
			}
			// a participle phrase set off by commas: "The minister,
			// speaking in Ankara on Monday, said"
			if c := participleComma(toks, k); c >= 0 {
				end = c
				k = c
				continue
			}
			// a relative clause whose verb came first: "The Pensions
			// Regulator, which was set up last year, said"
			if r := relativeComma(toks, k, end); r >= 0 {
				segs = segs[:len(segs)-1]
				end = r
				k = r
				continue
			}
			midClause = true
			break
		}
		if t.is("and", "but") && k > 0 && toks[k-1].text == "," {
			break
		}
	}
	first := span{k + 1, end}
	if midClause {
		// "…could take months and Icann officials warned": the words
		// before "and" belong to the previous clause
		for x := first.to - 1; x > first.from; x-- {
			if toks[x].is("and") {
				first.from = x + 1
				break
			}
		}
	}
	segs = append(segs, first)
	// segs are right to left; reverse
	for a, b := 0, len(segs)-1; a < b; a, b = a+1, b-1 {
		segs[a], segs[b] = segs[b], segs[a]
	}
	// drop empty segments, remembering whether the verb followed a comma
	afterComma := segs[len(segs)-1].empty() && len(segs) > 1
	var ne []span
	for _, sg := range segs {
		if !sg.empty() {
			ne = append(ne, sg)
		}
	}
	if len(ne) == 0 {
		return span{}, nil
	}
	last := ne[len(ne)-1]
	if !afterComma {
		// "Guy Mansfield QC warned" after "The chairman of the Bar Council,"
		if len(ne) >= 2 && isNameSegment(s, last) && isDescriptionSegment(s, ne[len(ne)-2]) {
			return last, []span{ne[len(ne)-2]}
		}
		// "Dave Prentis, general secretary of Unison said"
		if len(ne) >= 2 && isBareRole(s, last) && isNameSegment(s, ne[len(ne)-2]) {
			return ne[len(ne)-2], []span{last}
		}
		if startsWithPrep(s, last) && len(ne) >= 2 {
			return ne[len(ne)-2], []span{last}
		}
		return last, nil
	}
	// the verb follows a comma: the subject is the name among the
	// segments, the others are appositions
	for i := len(ne) - 1; i >= 0; i-- {
		if isNameSegment(s, ne[i]) {
			var rest []span
			for x, sg := range ne {
				if x != i && x >= i-1 {
					rest = append(rest, sg)
				}
			}
			return ne[i], rest
		}
	}
	// "the chairman of the Police Federation, which represents…, said"
	for i := len(ne) - 1; i >= 0; i-- {
		if !startsWithPrep(s, ne[i]) {
			return ne[i], nil
		}
	}
	return span{}, nil
}

// isNameSegment: a phrase whose words are all capitalised (a name), maybe
// with a leading filler ("Samuel DiPiazza", "Guy Mansfield QC").
func isNameSegment(s *sentence, sg span) bool {
	n := 0
	for k := sg.from; k < sg.to; k++ {
		t := s.toks[k]
		if t.kind != tokWord {
			continue
		}
		if (leadingFillers[t.lower] || t.is("the")) && n == 0 {
			continue
		}
		if !t.cap || functionWords[t.lower] && !t.is("of", "and") {
			return false
		}
		n++
	}
	return n > 0 && n <= 6
}

// capName: a capitalised word that is not a function word.
func capName(t token) bool {
	return t.kind == tokWord && t.cap && !functionWords[t.lower]
}

// isDescriptionSegment: "the new chairman of the Bar Council", "PwC's
// global chief executive" — a role phrase that is not a bare name.
func isDescriptionSegment(s *sentence, sg span) bool {
	for k := sg.from; k < sg.to; k++ {
		t := s.toks[k]
		if t.kind == tokWord && roleNouns[t.lower] && !t.cap || t.kind == tokWord && titleWords[t.lower] {
			return true
		}
	}
	return false
}

// isBareRole: a role without an article ("general secretary of Unison").
func isBareRole(s *sentence, sg span) bool {
	t := s.toks[sg.from]
	return t.kind == tokWord && !t.cap && !functionWords[t.lower] && isDescriptionSegment(s, sg)
}

func startsWithPrep(s *sentence, sg span) bool {
	return s.toks[sg.from].is("from", "of", "at", "with")
}

// phraseRight returns the phrase starting at toks[k], up to a clause
// boundary: a comma, a quote, a full stop, or one of the stop words.
func phraseRight(s *sentence, k int, stop map[string]bool) span {
	toks := s.toks
	e := k
	for e < len(toks) && e-k < maxScan {
		t := toks[e]
		if t.kind == tokQuote || t.kind == tokPunct && t.text != "'" && t.text != "’" && t.text != "&" {
			break
		}
		if stop[t.lower] && !(t.cap && e > k) {
			break
		}
		e++
	}
	return span{k, e}
}

// speakerRight handles inverted attribution: `"…," said Richard Yamarone
// of Argus Research` and "…, say MPs." The phrase after the verb is the
// speaker when the verb follows a comma or a closing quote.
func speakerRight(s *sentence, v int) (subj span, affil span, ok bool) {
	if v == 0 || v+1 >= len(s.toks) {
		return span{}, span{}, false
	}
	prev := s.toks[v-1]
	if !(prev.text == "," || prev.kind == tokQuote && !prev.open) {
		return span{}, span{}, false
	}
	if s.toks[v+1].is("that", "it", "on", "in", "at", "to", "he", "she", "they", "we", "i") {
		return span{}, span{}, false
	}
	sp := phraseRight(s, v+1, invertedStops)
	if sp.empty() || sp.to-sp.from > 10 {
		return span{}, span{}, false
	}
	if sp.to < len(s.toks) && s.toks[sp.to].is("of", "at", "from") {
		affil = phraseRight(s, sp.to+1, affiliationStops)
	}
	if sp.to+1 < len(s.toks) && s.toks[sp.to].text == "," {
		// "said its director, Selin Arslan": the name after the role
		name := phraseRight(s, sp.to+1, nameStops)
		if isNameSegment(s, name) && name.to >= lastWordIndex(s) {
			return name, sp, true
		}
	}
	return sp, affil, true
}

// participleComma returns the comma that opens a participle phrase
// holding toks[k] ("…, speaking in Ankara, …"), or -1.
func participleComma(toks []token, k int) int {
	for c := k; c >= 0 && k-c <= 6; c-- {
		if toks[c].text != "," {
			continue
		}
		if c+1 < len(toks) && toks[c+1].kind == tokWord && !toks[c+1].cap && strings.HasSuffix(toks[c+1].lower, "ing") && c > 0 {
			return c
		}
		return -1
	}
	return -1
}

// relativeComma finds ", which" or ", who" opening the comma-closed
// segment toks[k:end] that the leftward scan is inside, and returns the
// comma's index, or -1.
func relativeComma(toks []token, k, end int) int {
	if end >= len(toks) || toks[end].text != "," {
		return -1 // the clause must close with a comma before the verb
	}
	for r := k - 1; r > 0 && k-r <= 8; r-- {
		t := toks[r]
		if t.kind != tokWord {
			return -1
		}
		if t.is("which", "who") && toks[r-1].text == "," {
			return r - 1
		}
	}
	return -1
}
