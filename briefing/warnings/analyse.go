package warnings

import (
	"slices"
	"strings"
)

// sentInfo is what the analysis learned about one sentence.
type sentInfo struct {
	cues        []cue
	cueSpeaker  []*entity // per cue: the speaker found from its own syntax, or nil
	cueAddr     []span    // per cue: the subject of a passive (the addressee)
	speaker     *entity   // who the sentence reports, from its own attribution
	quoteSpeak  *entity   // speaker of the quotation the sentence belongs to
	speakerSpan span      // tokens of the attribution's subject
}

// who returns the speaker of what the sentence reports.
func (si *sentInfo) who() *entity {
	if si.speaker != nil {
		return si.speaker
	}
	return si.quoteSpeak
}

// analysis runs the stages over a document.
type analysis struct {
	d    *document
	reg  *registry
	info []sentInfo
	// parties counts the parties the article names, by key (lazily)
	parties map[string]*partyCount
	// speakerKeys are the keys of everybody who warns in the article
	speakerKeys map[string]bool
}

func analyse(d *document) *analysis {
	an := &analysis{d: d, reg: newRegistry(), info: make([]sentInfo, len(d.sents))}
	for i, s := range d.sents {
		if s.headline {
			an.info[i].cues = findCues(s)
			an.info[i].cueSpeaker = make([]*entity, len(an.info[i].cues))
			an.info[i].cueAddr = make([]span, len(an.info[i].cues))
			continue
		}
		an.readSentence(i, s)
	}
	an.propagateQuotes()
	return an
}

// readSentence attributes the reporting and cue verbs of one sentence,
// left to right, registering names as they come so that a pronoun refers
// only to what was said before it.
func (an *analysis) readSentence(i int, s *sentence) {
	info := &an.info[i]
	info.cues = findCues(s)
	info.cueSpeaker = make([]*entity, len(info.cues))
	info.cueAddr = make([]span, len(info.cues))
	// positions whose subject we need: reporting verbs and cue anchors
	type need struct {
		at     int
		cueIdx int // -1 for a plain reporting verb
	}
	var needs []need
	for k, t := range s.toks {
		if t.kind == tokWord && !t.inQuote && reportVerbs[t.lower] && !(t.cap && k > 0 && s.toks[k-1].kind == tokWord) && !passiveReport(s, k) {
			// ("the United States said": "States" is no verb)
			needs = append(needs, need{k, -1})
		}
		if t.kind == tokWord && t.lower == "according" && k+1 < len(s.toks) && s.toks[k+1].lower == "to" && !t.inQuote {
			needs = append(needs, need{k, -2})
		}
	}
	for ci, c := range info.cues {
		if c.subjectAt >= 0 || c.owner >= 0 || !c.agent.empty() {
			needs = append(needs, need{max(c.subjectAt, c.owner, c.agent.from), ci})
		}
	}
	slices.SortStableFunc(needs, func(a, b need) int { return a.at - b.at })
	cursor := an.registerGroupSubject(s, i)
	for _, n := range needs {
		var subj span
		var appos []span
		var ent *entity
		subjectRole := true
		switch {
		case n.cueIdx == -2:
			subj = phraseRight(s, n.at+2, accordingStopsThe)
			if subj.from < len(s.toks) && s.toks[subj.from].is("the") {
				subj = phraseRight(s, n.at+2, accordingStops)
			}
		case n.cueIdx >= 0 && info.cues[n.cueIdx].owner >= 0:
			subj = span{info.cues[n.cueIdx].owner, info.cues[n.cueIdx].owner + 1}
		case n.cueIdx >= 0 && !info.cues[n.cueIdx].agent.empty():
			subj = info.cues[n.cueIdx].agent
			if info.cues[n.cueIdx].passive {
				info.cueAddr[n.cueIdx], _ = subjectLeft(s, info.cues[n.cueIdx].subjectAt)
			}
		case n.cueIdx >= 0 && info.cues[n.cueIdx].passive:
			// no agent: the subject is warned; the speaker comes from the attribution
			info.cueAddr[n.cueIdx], _ = subjectLeft(s, info.cues[n.cueIdx].subjectAt)
			continue
		case info.speaker != nil && n.at > 0 && s.toks[n.at-1].text == "," && strings.HasSuffix(s.toks[n.at].lower, "ing"):
			// "The BRC said sales could slump, warning of a hard year"
			if n.cueIdx >= 0 {
				info.cueSpeaker[n.cueIdx] = info.speaker
			}
			continue
		default:
			if r, aff, ok := speakerRight(s, n.at); ok && s.toks[n.at-1].text == "," && r.to >= lastWordIndex(s) {
				// "…, warn union leaders."
				subj = r
				if !aff.empty() {
					appos = []span{aff}
				}
				break
			}
			subj, appos = subjectLeft(s, n.at)
			if subj.empty() {
				if r, aff, ok := speakerRight(s, n.at); ok {
					subj = r
					if !aff.empty() {
						appos = []span{aff}
					}
				}
			}
		}
		if info.speaker == nil && n.cueIdx == -1 && coordinated(s, n.at) {
			// "Poland's foreign minister, Adam Rotfeld, dismissed the
			// threat and said…": the subject of the first verb
			if v := firstVerbBefore(s, n.at); v >= 0 {
				subj, appos = subjectLeft(s, v)
			}
		}
		if info.speaker != nil && coordinated(s, n.at) {
			// "the firm said …, and warned …": the subject of the first verb
			ent = info.speaker
			if n.cueIdx >= 0 {
				info.cueSpeaker[n.cueIdx] = ent
			} else {
				for ci, c := range info.cues {
					if c.subjectAt == n.at && info.cueSpeaker[ci] == nil && !c.passive {
						info.cueSpeaker[ci] = ent
					}
				}
			}
			continue
		}
		if subj.empty() {
			continue
		}
		if subj.from > cursor {
			an.registerRange(s, i, cursor, subj.from)
		}
		np, ok := analyseNP(s, subj.from, subj.to)
		if ok {
			np.agentive = n.cueIdx >= 0 && info.cues[n.cueIdx].verb && (info.cues[n.cueIdx].class == cueWarn || info.cues[n.cueIdx].class == cueThreat && threatensAction(s, info.cues[n.cueIdx].at))
			ent = an.reg.resolve(np, i, subjectRole)
		}
		if ent != nil {
			for _, a := range appos {
				an.describe(ent, s, a)
			}
		}
		cursor = max(cursor, subj.to)
		if n.cueIdx >= 0 {
			info.cueSpeaker[n.cueIdx] = ent
			// a cue verb is also a reporting verb
			if info.speaker == nil && ent != nil && info.cues[n.cueIdx].verb {
				info.speaker = ent
				info.speakerSpan = subj
			}
			continue
		}
		if info.speaker == nil && ent != nil {
			info.speaker = ent
			info.speakerSpan = subj
		}
		// the same verb may anchor a cue ("warned"): share the speaker
		for ci, c := range info.cues {
			if c.subjectAt == n.at && info.cueSpeaker[ci] == nil && !c.passive {
				info.cueSpeaker[ci] = ent
			}
		}
	}
	an.registerRange(s, i, cursor, len(s.toks))
}

// registerRange records the names in toks[from:to].
func (an *analysis) registerRange(s *sentence, i, from, to int) {
	if from >= to {
		return
	}
	sub := *s
	sub.toks = s.toks[:to]
	toks := sub.toks
	for k := from; k < to; k++ {
		t := toks[k]
		if t.kind != tokWord || !t.cap || functionWords[t.lower] || calendarWords[t.lower] || t.inQuote && titleWords[t.lower] {
			continue
		}
		e := k
		for e < to && toks[e].kind == tokWord && (toks[e].cap && !calendarWords[toks[e].lower] || (toks[e].is("of", "for", "and", "de", "von", "van") && e+1 < to && toks[e+1].cap)) {
			e++
			if toks[e-1].poss {
				break
			}
		}
		b := k
		for b > from && k-b < 3 && toks[b-1].kind == tokWord && !toks[b-1].cap && (titleWords[toks[b-1].lower] || roleNouns[toks[b-1].lower]) {
			b--
		}
		np, ok := analyseNP(&sub, b, e)
		if ok && np.name != "" && !isDemonymOnly(np.name) {
			// a name quoted from somebody is what they speak of, not who
			// a following "he said" is: "'Howard's sums…,' he said"
			an.reg.resolve(np, i, clauseStart(s, b) && !toks[b].inQuote)
		}
		k = e
	}
}

// describe adds what an apposition says of an entity: its role and
// affiliation ("general secretary of Unison").
func (an *analysis) describe(e *entity, s *sentence, a span) {
	np, ok := analyseNP(s, a.from, a.to)
	if !ok {
		// "of Argus Research"
		if a.from < a.to {
			from := a.from
			if s.toks[from].is("of", "from", "at") {
				from++
			}
			if org := orgAfter(s, from, a.to); org != "" && e.affiliation == "" {
				e.affiliation = org
			}
		}
		return
	}
	if np.head != "" {
		e.roles[np.head] = true
	}
	for _, t := range np.titles {
		if roleNouns[t] {
			e.roles[t] = true
		}
	}
	if e.affiliation == "" {
		if ent, ok := affiliationFromTitle(phraseText(s, a.from, a.to)); ok {
			// "the US ambassador to the UN": the gazetteer reads the title
			e.affiliation = ent.Name
		}
	}
	if e.affiliation == "" {
		switch {
		case np.affiliation != "":
			e.affiliation = np.affiliation
		case np.name != "" && (np.org || np.country):
			e.affiliation = np.name
		}
	}
	if (e.typ == typeUnknown || e.guessed) && np.name == "" && orgRoleNouns[np.head] {
		// "the Halifax, the UK's largest lender": a firm, not a person
		e.typ, e.guessed = typeOrg, false
		return
	}
	if e.typ == typeUnknown || e.typ == typeDescrib {
		if np.name != "" && e.typ == typeDescrib {
			// "The new chairman of the Bar Council, Guy Mansfield QC" names the description
			e.name = np.name
			e.low = strings.ToLower(np.name)
			an.reg.byName[e.low] = e
		}
		e.typ = typePerson
	}
}

// propagateQuotes gives every sentence of a quotation the quotation's
// speaker, and carries a speaker into the next paragraph when it is a
// quotation with no attribution of its own (the newspaper convention).
func (an *analysis) propagateQuotes() {
	spanSpeaker := map[int]*entity{}
	for i, s := range an.d.sents {
		if s.quoteSpan >= 0 && an.info[i].speaker != nil {
			if _, ok := spanSpeaker[s.quoteSpan]; !ok {
				spanSpeaker[s.quoteSpan] = an.info[i].speaker
			}
		}
	}
	var prev *entity
	prevPara := -1
	for i, s := range an.d.sents {
		info := &an.info[i]
		if s.headline {
			continue
		}
		if s.quoteSpan >= 0 {
			if e, ok := spanSpeaker[s.quoteSpan]; ok {
				info.quoteSpeak = e
			} else if prev != nil && s.para == prevPara+1 && startsWithQuote(s) {
				spanSpeaker[s.quoteSpan] = prev
				info.quoteSpeak = prev
			} else if prev != nil && s.para == prevPara && startsWithQuote(s) {
				info.quoteSpeak = prev
			}
		}
		if w := info.who(); w != nil {
			prev = w
		} else if s.quoteSpan < 0 {
			prev = nil
		}
		prevPara = s.para
	}
}

func startsWithQuote(s *sentence) bool {
	return len(s.toks) > 0 && s.toks[0].kind == tokQuote
}

// hasWord reports whether the sentence holds one of the words.
func hasWord(s *sentence, words map[string]bool) bool {
	for _, t := range s.toks {
		if t.kind == tokWord && words[t.lower] {
			return true
		}
	}
	return false
}

var modals = set("would", "could", "will", "might", "may", "must", "should", "can", "cannot", "wo")

// contentWords returns the lower-case content words of a sentence.
func contentWords(s *sentence) map[string]bool {
	m := map[string]bool{}
	for _, t := range s.toks {
		if t.kind == tokWord && len(t.lower) > 2 && !functionWords[t.lower] && !stopContent[t.lower] {
			m[stem(t.lower)] = true
		}
	}
	return m
}

var stopContent = set("said", "says", "say", "told", "added", "warned", "warns", "warning",
	"would", "could", "also", "which", "been", "have", "has", "had", "was", "were", "are",
	"the", "and", "not", "its", "their", "mr", "mrs", "ms", "he", "she", "they")

// stem is a crude suffix stripper, enough to compare matters.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// registerGroupSubject records a sentence-initial group description as a
// subject ("The campaigners were so angered they threatened…"), so that a
// later "they" finds it. It returns the token after the phrase, or 0.
func (an *analysis) registerGroupSubject(s *sentence, i int) int {
	k := 0
	for k < len(s.toks) && (s.toks[k].kind == tokQuote || s.toks[k].kind == tokWord && leadingFillers[s.toks[k].lower]) {
		k++
	}
	e := k
	for e < len(s.toks) && e-k < 8 {
		t := s.toks[e]
		if t.kind != tokWord || npEnders[t.lower] || beForms[t.lower] || reportVerbs[t.lower] || verbGap[t.lower] || clauseBreakers[t.lower] && !t.is("of") {
			break
		}
		e++
		if !t.cap && isGroupNoun(t.lower) {
			break
		}
	}
	if e == k || e >= len(s.toks) || s.toks[e-1].cap || !isGroupNoun(s.toks[e-1].lower) {
		return 0
	}
	if np, ok := analyseNP(s, k, e); ok {
		an.reg.resolve(np, i, true)
		return e
	}
	return 0
}

// coordinated reports whether the verb at toks[v] is joined to an earlier
// verb by "and"/"but" and so shares its subject.
func coordinated(s *sentence, v int) bool {
	j := v - 1
	for j >= 0 && s.toks[j].kind == tokWord && verbGap[s.toks[j].lower] && !s.toks[j].cap {
		j--
	}
	return j >= 0 && s.toks[j].is("and", "but")
}

// threatensAction: "threatened to sue", whose subject is somebody; a
// thing threatens too ("the row threatens to derail talks"), but does not
// promise an action against anyone.
func threatensAction(s *sentence, k int) bool {
	if k+2 >= len(s.toks) || !s.toks[k+1].is("to") {
		return false
	}
	return conditionalActions[s.toks[k+2].lower] || vowActions[s.toks[k+2].lower]
}

// passiveReport: "publishers have been told they could face…": the
// subject of a passive reporting verb is the one spoken to, not the speaker.
func passiveReport(s *sentence, k int) bool {
	if !s.toks[k].is("told", "warned", "cautioned", "advised") {
		return false
	}
	p, pi := prevWord(s, k)
	return pi >= 0 && p.is("been", "was", "were", "being", "is", "are", "be")
}

// firstVerbBefore finds the verb that opens a sentence's main clause
// before toks[v]: the first past-tense word after a capitalised subject
// or an apposition's comma ("Adam Rotfeld, dismissed"), or -1.
func firstVerbBefore(s *sentence, v int) int {
	for k := 1; k < v && k < maxScan; k++ {
		t, p := s.toks[k], s.toks[k-1]
		if t.kind != tokWord || t.cap || t.inQuote || functionWords[t.lower] {
			continue
		}
		if clauseBreakers[t.lower] || t.is("and", "but") {
			return -1
		}
		if (p.text == "," || p.kind == tokWord && p.cap && !p.poss) && (strings.HasSuffix(t.lower, "ed") || reportVerbs[t.lower]) {
			return k
		}
	}
	return -1
}
