package warnings

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/actors"
)

// attachHeadline adds the headline to the warning it states: the item
// whose sentences share most content words with it (at least two), or
// whose speaker it names when it holds a cue.
func (an *analysis) attachHeadline(items []*item) {
	if len(an.d.sents) == 0 || !an.d.sents[0].headline || len(items) == 0 {
		return
	}
	h := an.d.sents[0]
	hw := contentWords(h)
	hasCue := len(an.info[0].cues) > 0
	bestScore, best := 0, -1
	for x, it := range items {
		score := 0
		for _, si := range it.sents {
			n := 0
			for w := range contentWords(an.d.sents[si]) {
				if hw[w] {
					n++
				}
			}
			score = max(score, n)
		}
		if hasCue && namesEntity(h, it.speaker) {
			score += 2
		}
		if score > bestScore {
			bestScore, best = score, x
		}
	}
	if best >= 0 && (bestScore >= 3 || bestScore >= 2 && hasCue) {
		items[best].sents = append([]int{0}, items[best].sents...)
	}
}

// namesEntity reports whether the sentence names the entity, by a word of
// its name or its affiliation.
func namesEntity(s *sentence, e *entity) bool {
	words := map[string]bool{}
	for w := range strings.FieldsSeq(strings.ToLower(e.name + " " + e.affiliation)) {
		if len(w) > 2 && !functionWords[w] {
			words[w] = true
		}
	}
	for _, t := range s.toks {
		if t.kind == tokWord && t.cap && words[t.lower] {
			return true
		}
	}
	return false
}

// warning turns an item into a briefing.Warning.
func (an *analysis) warning(it *item) briefing.Warning {
	anchor := an.d.sents[it.anchor]
	w := briefing.Warning{
		Speaker: speakerActor(it.speaker),
		Kind:    it.class.kind(),
	}
	w.Addressee = it.addr
	if w.Kind == briefing.KindWarning && isThreat(anchor, it) {
		w.Kind = briefing.KindThreat
	}
	for _, si := range it.sents {
		text := an.d.sents[si].text
		if len(w.Evidence) > 0 && w.Evidence[len(w.Evidence)-1] == text {
			continue
		}
		w.Evidence = append(w.Evidence, text)
	}
	w.What = what(anchor, it.cue)
	for _, si := range append([]int{it.anchor}, it.sents...) {
		if c, q, ok := conditional(an.d.sents[si]); ok {
			w.Condition, w.Consequence = c, q
			break
		}
	}
	w.Quote = an.strongestQuote(it)
	return w
}

func speakerActor(e *entity) briefing.Actor {
	a := briefing.Actor{Name: e.name, Affiliation: e.affiliation}
	if ent, ok := actors.Lookup(a.Name); ok && ent.Kind == actors.Country {
		a.Name = ent.Name
	}
	if a.Affiliation != "" {
		if ent, ok := actors.Lookup(a.Affiliation); ok {
			a.Affiliation = ent.Name
		}
	}
	if e.country && a.Affiliation == "" {
		a.Affiliation = a.Name
	}
	a.Key = actors.Key(a.Name)
	a.AffiliationKey = actors.Key(a.Affiliation)
	return a
}

// threatVerbs in the speaker's own future action make a warning a threat.
var threatVerbs = set("strike", "retaliate", "respond", "oppose", "sue", "act", "fight",
	"block", "veto", "punish", "sanction", "boycott", "withdraw", "continue", "stand",
	"walk", "quit", "resist", "arm", "send", "answer", "hit")

// isThreat: the speaker itself ("we", "they", its own name) will act.
func isThreat(s *sentence, it *item) bool {
	for k := 0; k+2 < len(s.toks); k++ {
		t := s.toks[k]
		if !(t.is("we", "i") && t.inQuote || t.is("they") && it.speaker.typ == typeGroup) {
			continue
		}
		if s.toks[k+1].is("will", "would", "shall") && threatVerbs[s.toks[k+2].lower] {
			return true
		}
	}
	return false
}

// what is one line saying what the warning is about: the clause the cue
// verb reports, else the anchor sentence.
func what(s *sentence, c cue) string {
	text := s.text
	if qs := quotations(s); len(qs) > 0 && c.at >= 0 && !s.toks[c.at].inQuote && c.at > 0 && s.toks[c.at-1].kind != tokWord {
		// `"…," she warned`: the quotation says what
		return oneLine(capitalise(strings.Trim(qs[0], " ,")), 200)
	}
	if c.at >= 0 && c.verb && !c.passive && c.at+1 < len(s.toks) {
		k := c.at + 1
		for k < len(s.toks) && s.toks[k].is("that", "of", "about", "on", "over") {
			k++
		}
		if k < len(s.toks) && len(s.toks)-k >= 3 {
			text = s.text[s.toks[k].start:]
		}
	}
	text = strings.Trim(text, " \"“”'")
	return oneLine(capitalise(text), 200)
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// oneLine collapses spaces and cuts at a word boundary under n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := cutAtSpace(s, n-3)
	return strings.TrimRight(s[:cut], " ,;:-") + "…"
}

// conditional splits "if X, Y" / "Y unless X" / "as long as X" / "Y by
// doing X" into condition and consequence. The condition keeps its
// connective when it is not a plain "if" ("unless there is a rethink").
func conditional(s *sentence) (cond, cons string, ok bool) {
	toks := s.toks
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		connective, keep := "", false
		width := 1
		switch {
		case t.is("if"):
			connective = "if"
		case t.is("unless"):
			connective, keep = "unless", true
		case t.is("as") && k+2 < len(toks) && toks[k+1].is("long") && toks[k+2].is("as"):
			connective, keep, width = "as long as", true, 3
		case t.is("provided") && k+1 < len(toks) && toks[k+1].is("that"):
			connective, keep, width = "provided that", true, 2
		case t.is("by") && k+1 < len(toks) && strings.HasSuffix(toks[k+1].lower, "ing") && k > 2:
			connective, width = "by", 1
		}
		if connective == "" {
			continue
		}
		// the condition runs to the next comma (or the end)
		e := k + width
		for e < len(toks) && toks[e].text != "," && toks[e].text != ";" && !(toks[e].kind == tokQuote && !toks[e].open) {
			e++
		}
		if e == k+width {
			continue
		}
		cond = spanText(s, k+width, e)
		if keep {
			cond = connective + " " + cond
		}
		if clauseStart(s, k) || k == 0 || toks[k-1].text == "," && e < len(toks) && toks[e].text == "," {
			// "If X, Y": the consequence follows the comma
			if e+1 < len(toks) {
				cons = spanText(s, e+1, len(toks))
			}
		} else {
			// "Y if X": the consequence is what comes before, after any attribution
			from := 0
			for j := k - 1; j >= 0; j-- {
				if toks[j].is("that") || toks[j].kind == tokQuote && toks[j].open || toks[j].text == ":" {
					from = j + 1
					break
				}
			}
			cons = spanText(s, from, k)
		}
		cond = trimClause(cond)
		cons = trimClause(cons)
		if cond == "" || cons == "" {
			continue
		}
		return oneLine(cond, 200), oneLine(cons, 200), true
	}
	return "", "", false
}

func spanText(s *sentence, from, to int) string {
	if from >= to || from >= len(s.toks) {
		return ""
	}
	return s.text[s.toks[from].start:s.toks[to-1].end]
}

func trimClause(c string) string {
	c = strings.TrimSpace(c)
	c = strings.Trim(c, " ,;:.\"“”'")
	for _, tail := range []string{" he said", " she said", " they said", " he added", " she added", " he warned", " she warned"} {
		c = strings.TrimSuffix(c, tail)
	}
	return strings.TrimRight(c, " ,")
}

// strongestQuote is the quoted text of the evidence that holds a cue, else
// the longest quotation.
func (an *analysis) strongestQuote(it *item) string {
	best, bestScore := "", -1
	for _, si := range it.sents {
		s := an.d.sents[si]
		for _, q := range quotations(s) {
			score := len(q)
			if si == it.anchor {
				score += 1000
			}
			if score > bestScore && utf8.RuneCountInString(q) >= 12 {
				best, bestScore = q, score
			}
		}
	}
	return oneLine(best, 300)
}

// quotations returns the quoted stretches of a sentence, without marks.
func quotations(s *sentence) []string {
	var out []string
	start := -1
	for k, t := range s.toks {
		if !t.inQuote || t.kind == tokQuote {
			if start >= 0 && (t.kind == tokQuote || !t.inQuote) {
				out = append(out, strings.TrimSpace(s.text[s.toks[start].start:s.toks[k-1].end]))
				start = -1
			}
			continue
		}
		if start < 0 {
			start = k
		}
	}
	if start >= 0 {
		out = append(out, strings.TrimSpace(s.text[s.toks[start].start:]))
	}
	return out
}
