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
			score += 3
		}
		if score > bestScore {
			bestScore, best = score, x
		}
	}
	if best >= 0 && (bestScore >= 3 || bestScore >= 2 && hasCue) {
		items[best].sents = append([]int{0}, items[best].sents...)
	}
}

// headlineItem makes a warning of a headline that states one ("Fed warns
// of more rate rises") when no warning of the body took it in: its
// speaker is the subject of the headline's cue verb, and the lead
// sentence joins it when it tells the same story.
func (an *analysis) headlineItem(items []*item) *item {
	if len(an.d.sents) == 0 || !an.d.sents[0].headline {
		return nil
	}
	for _, it := range items {
		if it.sents[0] == 0 {
			return nil
		}
	}
	h := an.d.sents[0]
	for _, c := range an.info[0].cues {
		if !c.verb || c.passive || c.class != cueWarn && c.class != cueThreat {
			continue
		}
		subj, _ := subjectLeft(h, c.at)
		np, ok := analyseNP(h, subj.from, subj.to)
		if subj.empty() || !ok || np.pronoun != "" {
			continue
		}
		if np.name == "" && !np.indefinite {
			np.definite = true // headlines drop the article: "Watchdog warns…"
		}
		var sp *entity
		if np.name == "" && np.head != "" {
			// "Watchdog warns…": the first party the body so describes
			for _, e := range an.reg.entities {
				if e.roles[np.head] {
					sp = e
					break
				}
			}
		}
		if sp == nil {
			sp = an.reg.resolve(np, len(an.d.sents), true)
		}
		if sp == nil {
			continue
		}
		for _, it := range items {
			if it.speaker == sp {
				// the body's own warning by the same speaker: the headline states it
				it.sents = append([]int{0}, it.sents...)
				return nil
			}
		}
		it := &item{speaker: sp, class: c.class, anchor: 0, cue: c, sents: []int{0}}
		if len(an.d.sents) > 1 {
			hw := contentWords(h)
			n := 0
			for w := range contentWords(an.d.sents[1]) {
				if hw[w] {
					n++
				}
			}
			if n >= 2 {
				it.sents = append(it.sents, 1)
			}
		}
		it.matter = an.matterOf(it)
		it.addr = an.addressee(it)
		return it
	}
	return nil
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
	side := ""
	if ent, ok := lookupActor(e.affiliation); ok {
		side = ent.Key
	} else if ent, ok := lookupActor(e.name); ok {
		side = ent.Key
	}
	for _, t := range s.toks {
		if t.kind != tokWord || !t.cap {
			continue
		}
		if words[t.lower] {
			return true
		}
		// "Berlin cautions Warsaw" names Germany's minister
		if ent, ok := lookupActor(cleanOwner(t.text)); ok && side != "" && ent.Key == side {
			return true
		}
	}
	return false
}

// warning turns an item into a briefing.Warning.
func (an *analysis) warning(it *item) briefing.Warning {
	anchor := an.d.sents[it.anchor]
	w := briefing.Warning{
		Speaker: an.speakerActor(it.speaker),
		Kind:    it.class.kind(),
	}
	w.Addressee = it.addr
	for _, si := range it.sents {
		if w.Kind == briefing.KindWarning && !an.d.sents[si].headline && isThreat(an.d.sents[si], it) {
			w.Kind = briefing.KindThreat
		}
		if an.d.sents[si].headline {
			// the headline calls it a threat ("renews threat to …")
			for _, c := range an.info[si].cues {
				if c.class == cueThreat {
					w.Kind = briefing.KindThreat
				}
			}
		}
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

func (an *analysis) speakerActor(e *entity) briefing.Actor {
	a := briefing.Actor{Name: e.name, Affiliation: an.fullOrgName(e.affiliation)}
	if ent, ok := lookupActor(a.Name); ok && ent.Kind == actors.Country {
		a.Name = ent.Name
	}
	if a.Affiliation != "" {
		if ent, ok := lookupActor(a.Affiliation); ok {
			a.Affiliation = ent.Name
		}
	}
	if e.country && a.Affiliation == "" {
		a.Affiliation = a.Name
	}
	if a.Affiliation == "" && e.typ == typePerson && (speaksForGovernment(e) || e.roles["president"]) {
		// "Prime Minister Sergei Sidorsky" with no country named in the
		// title: the government of the one country the article names
		a.Affiliation = an.soleCountry()
	}
	a.Key = actorKey(a.Name)
	a.AffiliationKey = actorKey(a.Affiliation)
	return a
}

// threatVerbs in the speaker's own future action make a warning a threat.
var threatVerbs = set("strike", "retaliate", "respond", "oppose", "sue", "act", "fight",
	"block", "veto", "punish", "sanction", "boycott", "withdraw", "continue", "stand",
	"walk", "quit", "resist", "arm", "send", "answer", "hit", "impose", "cut", "close",
	"expel", "suspend", "halt", "stop", "take", "shut", "ban")

// actionThreats are actions a speaker's side takes against another; on a
// condition they make a threat.
var actionThreats = set("strike", "strikes", "walkout", "walkouts", "boycott", "sanctions",
	"retaliate", "retaliation", "reprisals", "embargo", "tariffs", "blockade")

// isThreat: the speaker itself ("we", "they", its own name) will act.
func isThreat(s *sentence, it *item) bool {
	own := map[string]bool{}
	for w := range strings.FieldsSeq(strings.ToLower(it.speaker.name + " " + it.speaker.affiliation)) {
		if !functionWords[w] {
			own[w] = true
		}
	}
	for k, t := range s.toks {
		if t.is("face", "faces") && penaltyWithin(s, k, 7) {
			return true // "would face jail": a punishment promised
		}
	}
	conditionalSentence := hasWord(s, conditionWords)
	if conditionalSentence && hasWord(s, actionThreats) {
		return true // "could strike if ministers…", "walkouts unless…"
	}
	for k := 0; k+2 < len(s.toks); k++ {
		t := s.toks[k]
		self := t.is("we", "i") && t.inQuote ||
			t.is("they") && it.speaker.typ == typeGroup ||
			t.is("it") && !t.inQuote && it.speaker.typ == typeOrg ||
			t.cap && own[t.lower]
		n := k + 1
		if !self && t.is("his", "her", "its", "their") && !t.inQuote && ownSideNouns[s.toks[n].lower] {
			// "his government would …"
			self, n = true, k+2
		}
		if !self {
			continue
		}
		if conditionalSentence && s.toks[n].is("will", "would", "shall") {
			// "If that happens, Russia would …": a promise on a condition
			return true
		}
		if s.toks[n].is("will", "would", "shall", "was", "is") {
			n++
			for n < len(s.toks) && s.toks[n].is("be", "ready", "prepared", "willing", "to", "not", "have") {
				n++
			}
			if n < len(s.toks) && threatVerbs[s.toks[n].lower] {
				return true
			}
		}
	}
	return false
}

// what is one line saying what the warning is about: the quotation that
// holds the cue, the clause a cue verb reports, else the anchor sentence.
func what(s *sentence, c cue) string {
	text := s.text
	switch {
	case c.at >= 0 && s.toks[c.at].inQuote:
		if q := quoteAround(s, c.at); len(q) > 12 {
			text = q
		}
	case c.at >= 0 && c.verb && !c.passive && wordsAfter(s, c.at) <= 3 && len(quotations(s)) > 0:
		// `"…," she warned`
		text = quotations(s)[0]
	case c.at >= 0 && c.verb && !c.passive && c.at+2 < len(s.toks) && s.toks[c.at+1].is("that"):
		text = s.text[s.toks[c.at+2].start:]
	}
	text = balanceQuotes(strings.Trim(text, " \"“”'.,"))
	return oneLine(capitalise(text)+".", 200)
}

// wordsAfter counts the words after toks[k].
func wordsAfter(s *sentence, k int) int {
	n := 0
	for _, t := range s.toks[k+1:] {
		if t.kind == tokWord {
			n++
		}
	}
	return n
}

// quoteAround returns the quoted stretch that holds toks[k].
func quoteAround(s *sentence, k int) string {
	a, b := k, k
	for a > 0 && s.toks[a-1].inQuote && s.toks[a-1].kind != tokQuote {
		a--
	}
	for b+1 < len(s.toks) && s.toks[b+1].inQuote && s.toks[b+1].kind != tokQuote {
		b++
	}
	return strings.TrimSpace(s.text[s.toks[a].start:s.toks[b].end])
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
		case t.is("as") && k+2 < len(toks) && toks[k+1].is("long") && toks[k+2].is("as") && !(k+4 < len(toks) && toks[k+4].is("takes", "take", "needed", "necessary")):
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
		if clauseStart(s, k) || k == 0 || (toks[k-1].text == "," || toks[k-1].is("that")) && e < len(toks) && toks[e].text == "," {
			// "If X, Y": the consequence follows the comma, after any
			// parenthetical attribution ("If so, he added, Russia would…")
			from := e + 1
			if from+2 < len(toks) && toks[from].kind == tokWord && (personPronouns[toks[from].lower] || pluralPronouns[toks[from].lower]) && reportVerbs[toks[from+1].lower] && toks[from+2].text == "," {
				from += 3
			}
			to := len(toks)
			if toks[k].inQuote {
				// the quotation ends the consequence, not the attribution after it
				for j := from; j < len(toks); j++ {
					if toks[j].kind == tokQuote && !toks[j].open {
						to = j
						break
					}
				}
			}
			if from < to {
				cons = spanText(s, from, to)
			}
		} else {
			// "Y if X": the consequence is what comes before, after any attribution
			from := 0
			for j := k - 1; j >= 0; j-- {
				t := toks[j]
				if t.is("that") || t.text == ":" || t.kind == tokQuote && t.open && toks[k].inQuote ||
					t.kind == tokWord && !t.inQuote && (reportVerbs[t.lower] || verbCues[t.lower] != cueNone) {
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
	return balanceQuotes(strings.TrimRight(c, " ,"))
}

// balanceQuotes closes or opens a quotation that trimming a clause out of
// its sentence cut in half (`could cross a “red line` → `… “red line”`), so
// a briefing never shows a dangling quote mark.
func balanceQuotes(s string) string {
	opens, closes := strings.Count(s, "“"), strings.Count(s, "”")
	switch {
	case opens > closes:
		s += strings.Repeat("”", opens-closes)
	case closes > opens:
		s = strings.Repeat("“", closes-opens) + s
	}
	if strings.Count(s, "\"")%2 == 1 {
		s += "\""
	}
	return s
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
	return oneLine(strings.TrimRight(best, " ,;:-"), 300)
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

// fullOrgName resolves a short form to the organisation the article named
// in full ("A Commission spokeswoman" after "The European Commission").
func (an *analysis) fullOrgName(short string) string {
	if short == "" || strings.Contains(short, " ") {
		return short
	}
	if _, ok := lookupActor(short); ok {
		return short
	}
	suffix := " " + strings.ToLower(short)
	best := ""
	for _, e := range an.reg.entities {
		if e.typ == typeOrg && strings.HasSuffix(e.low, suffix) && len(e.name) > len(best) {
			best = strings.TrimPrefix(strings.TrimPrefix(e.name, "The "), "the ")
		}
	}
	if best == "" {
		return short
	}
	return best
}

// headlineSpeakerKeys counts the subject of the headline's cue verb as a
// party that warns ("Japan warns North Korea…"): it is seldom the one
// warned in the body.
func (an *analysis) headlineSpeakerKeys() {
	if len(an.d.sents) == 0 || !an.d.sents[0].headline {
		return
	}
	h := an.d.sents[0]
	for _, c := range an.info[0].cues {
		if !c.verb || c.passive {
			continue
		}
		subj, _ := subjectLeft(h, c.at)
		if subj.empty() {
			continue
		}
		if e, ok := lookupActor(cleanOwner(phraseText(h, subj.from, subj.to))); ok {
			an.speakerKeys[groupKey(e.Key)] = true
		}
	}
}

// soleCountry is the one country the article names, or "" when it names
// none or several (then a bare title could be any of theirs).
func (an *analysis) soleCountry() string {
	an.countParties()
	name := ""
	for _, pc := range an.parties {
		if !pc.country {
			continue
		}
		if name != "" && name != pc.actor.Name {
			return ""
		}
		name = pc.actor.Name
	}
	return name
}
