package warnings

import (
	"slices"
	"strings"

	"redline/briefing"
	"redline/briefing/actors"
)

// objectStops end an object phrase scanned after a cue verb.
var objectStops = set("that", "to", "of", "about", "against", "over", "not", "on",
	"if", "unless", "after", "before", "in", "at", "this", "last", "over", "and",
	"could", "would", "will", "may", "might", "must", "should", "can", "is", "are",
	"was", "were", "has", "have", "had", "said", "says", "for", "by", "with", "from",
	"when", "while", "as", "because", "during", "there", "it")

// governmentHeads are descriptions that are parties to a warning even
// without a name ("the government", "ministers").
var governmentHeads = set("government", "governments", "ministers", "minister",
	"administration", "regime", "cabinet", "parliament",
	"leadership", "chancellor", "council", "committee", "management", "employers",
	"bosses", "board", "department", "ministry", "congress", "senate", "president",
	"opposition", "regulator", "regulators", "watchdog", "bank")

// addressee chooses who is warned: the cue verb's object ("warned
// Russia"), the subject of a passive ("UK urged"), "for X to", the
// subject of the warned-about clause or its condition, "against X", else
// the first party named in the evidence other than the speaker.
func (an *analysis) addressee(it *item) briefing.Actor {
	if a, ok := an.cueAddressee(it); ok {
		return a
	}
	// another sentence of the warning may name whom it warns: "…
	// cautioned against breaking the law. 'Tenants who refuse to pay
	// could face eviction,' she said."
	for _, si := range it.sents {
		if si == it.anchor || an.d.sents[si].headline {
			continue
		}
		for _, c := range an.info[si].cues {
			other := &item{speaker: it.speaker, class: c.class, anchor: si, cue: c, sents: []int{si}}
			if a, ok := an.cueAddressee(other); ok && a.Key != "" {
				return a
			}
		}
	}
	return an.mentionedAddressee(it)
}

// cueAddressee finds whom the anchor's cue warns from its syntax alone.
func (an *analysis) cueAddressee(it *item) (briefing.Actor, bool) {
	s := an.d.sents[it.anchor]
	info := &an.info[it.anchor]
	c := it.cue
	var cands []span
	// cands[:objects] are objects of the cue: any noun phrase is the
	// addressee there; cands[objects:clauses] are subjects of conditions
	objects, clauses := 0, 0
	if c.at >= 0 {
		for ci, x := range info.cues {
			if x.at == c.at && x.passive && !info.cueAddr[ci].empty() {
				cands = append(cands, info.cueAddr[ci])
			}
		}
		if c.verb && !c.passive {
			if obj, ok := objectAfter(s, c.at); ok && !(c.class == cueThreat && !an.namesParty(s, obj)) {
				// "threatened a campaign of protests": the object of a
				// threat is the action unless it names a party
				cands = append(cands, obj)
			}
			// "urged MPs to vote against the bill and threatened a
			// campaign": another cue verb of the sentence names whom
			for _, x := range info.cues {
				if x.verb && !x.passive && x.at != c.at && x.class != cueThreat {
					if obj, ok := objectAfter(s, x.at); ok {
						cands = append(cands, obj)
					}
				}
			}
		}
		if c.verb && !c.passive && c.class == cueThreat {
			// "threatened to name and shame suppliers": whom the promised
			// action is done to
			if obj, ok := threatenedObject(s, c.at); ok && an.isTarget(s, obj) {
				cands = append(cands, obj)
			}
		}
		if s.toks[c.at].is("face", "faces", "facing", "risk", "risks", "risked", "risking") {
			// "officials who leak data would face jail": who faces it is warned
			if sp, ok := facingParty(s, c.at); ok {
				cands = append(cands, sp)
			}
		}
		if sp, ok := forXTo(s, c.at); ok {
			cands = append(cands, sp)
		}
		if sp, ok := mistakeMaker(s, c.at); ok && an.isTarget(s, sp) {
			// "Businesses that ignore the rules are making a serious
			// mistake": who makes it is warned
			cands = append(cands, sp)
		}
		if c.verb && !c.passive && c.at == lastWordIndex(s) {
			// "Retailers that miss the deadline could face the bill, the
			// banks have warned": the subject of the fronted clause
			if sp, ok := frontedSubject(s); ok && an.isTarget(s, sp) {
				cands = append(cands, sp)
			}
		}
		if c.verb && !c.passive {
			// "cautioned that firms with large deficits must agree…": who
			// is told what they must do
			if sp, ok := deonticSubject(s, c.at); ok && an.isTarget(s, sp) {
				cands = append(cands, sp)
			}
			// "warned that home users who had not updated were most at
			// risk": who is at risk is warned
			if sp, ok := atRiskSubject(s, c.at); ok && an.isTarget(s, sp) {
				cands = append(cands, sp)
			}
		}
		objects = len(cands)
		if sp, ok := conditionSubject(s, c.at); ok {
			cands = append(cands, sp)
		}
		clauses = len(cands)
		if sp, ok := afterWord(s, c.at, "against"); ok && c.verb {
			// "threatened legal action against people who share songs"
			cands = append(cands, sp)
			clauses++
		}
		if c.verb && !c.passive {
			cands = append(cands, complementSubjects(s, c.at)...)
		}
		if sp, ok := afterWord(s, c.at, "against"); ok && !c.verb {
			cands = append(cands, sp)
		}
	}
	for x, sp := range cands {
		if x < objects && isBothParties(s, sp) {
			// "urged both countries not to escalate": the two parties
			// the article is about, or nobody in particular
			return an.bothParties(it), true
		}
		if a, ok := an.partyActor(s, sp, it, modeOf(x, objects, clauses)); ok {
			return a, true
		}
	}
	return briefing.Actor{}, false
}

// mentionedAddressee falls back on the parties the evidence names, else
// the party the article is most about.
func (an *analysis) mentionedAddressee(it *item) briefing.Actor {
	s := an.d.sents[it.anchor]
	info := &an.info[it.anchor]
	c := it.cue
	// the first party named in the evidence, after the cue first
	if c.at >= 0 && c.verb {
		for _, sp := range partySpans(s, c.at+1) {
			if locativeOrAudience(s, sp) {
				continue
			}
			if a, ok := an.partyActor(s, sp, it, partyLoose); ok {
				return a
			}
		}
	}
	for _, si := range append([]int{it.anchor}, it.sents...) {
		es := an.d.sents[si]
		for _, sp := range partySpans(es, 0) {
			if sp.from <= it.cue.at && si == it.anchor && c.verb {
				continue
			}
			if si == it.anchor && sp.from < info.speakerSpan.to && sp.to > info.speakerSpan.from {
				continue // the speaker's own title ("PwC's chief executive")
			}
			if es.toks[sp.from].inQuote && sp.from > 0 && es.toks[sp.from-1].is("for", "of", "to", "in", "on", "at", "with", "by", "from", "about") {
				continue // "not for the Labour Party": a mention, not the one warned
			}
			if es.toks[sp.to-1].poss && !clauseStart(es, sp.from) {
				continue // "destroy Scotland's regiments": an owner, not a party
			}
			if locativeOrAudience(es, sp) || askedToAct(es, sp) {
				continue
			}
			if a, ok := an.partyActor(es, sp, it, partyLoose); ok {
				return a
			}
		}
	}
	// else the party the article is most about
	it.addrGuessed = true
	return an.salientParty(it)
}

// salientParty returns the party the article names most often (the
// headline counting double), other than the speaker's side: the likely
// target of a warning whose sentence names nobody.
func (an *analysis) salientParty(it *item) briefing.Actor {
	an.countParties()
	var best *partyCount
	bestScore := 0
	for key, pc := range an.parties {
		if !notSpeakerSide(it, key) {
			continue
		}
		sc := an.partyScore(pc)
		if best == nil || sc > bestScore || sc == bestScore && (pc.first < best.first || pc.first == best.first && pc.actor.Key < best.actor.Key) {
			best, bestScore = pc, sc
		}
	}
	if best == nil || bestScore < 2 {
		return briefing.Actor{}
	}
	return best.actor
}

// partyScore weighs a party's mentions: a party that warns in the article
// is seldom the one warned.
func (an *analysis) partyScore(pc *partyCount) int {
	if an.speakerKeys[pc.key] {
		return pc.n / 2
	}
	return pc.n
}

// rankedParties lists the counted parties other than the speaker's side,
// best first (score, then first mention, then key: deterministic).
func (an *analysis) rankedParties(it *item) []*partyCount {
	var out []*partyCount
	for key, pc := range an.parties {
		if notSpeakerSide(it, key) {
			out = append(out, pc)
		}
	}
	slices.SortFunc(out, func(a, b *partyCount) int {
		if d := an.partyScore(b) - an.partyScore(a); d != 0 {
			return d
		}
		if a.first != b.first {
			return a.first - b.first
		}
		return strings.Compare(a.actor.Key, b.actor.Key)
	})
	return out
}

// notSpeakerSide: the party key is neither the speaker nor its side.
func notSpeakerSide(it *item, key string) bool {
	if key == "government" && speaksForGovernment(it.speaker) {
		return false // a minister does not warn the government he sits in
	}
	sk := groupKey(actorKey(it.speaker.name))
	ak := groupKey(actorKey(it.speaker.affiliation))
	return key != sk && key != ak && !strings.Contains(sk, key) && !strings.Contains(key, sk)
}

// isBothParties: "both countries", "both sides", "the two governments".
func isBothParties(s *sentence, sp span) bool {
	if sp.to-sp.from != 2 {
		return false
	}
	a, b := s.toks[sp.from], s.toks[sp.to-1]
	return a.is("both", "two") && b.is("countries", "sides", "parties", "nations", "governments", "states", "neighbours", "neighbors", "capitals")
}

// bothParties names the two countries or bodies the article is most
// about, other than the speaker's side ("Norway and Russia"), or nobody.
func (an *analysis) bothParties(it *item) briefing.Actor {
	an.countParties()
	var two []*partyCount
	for _, pc := range an.rankedParties(it) {
		if pc.actor.Affiliation != "" || pc.country {
			two = append(two, pc)
		}
		if len(two) == 2 {
			break
		}
	}
	if len(two) < 2 || an.partyScore(two[1]) < 2 {
		return briefing.Actor{}
	}
	if two[1].first < two[0].first {
		two[0], two[1] = two[1], two[0]
	}
	name := two[0].actor.Name + " and " + two[1].actor.Name
	return briefing.Actor{Name: name, Key: actorKey(name)}
}

// countParties counts the parties the article names, by key (once).
func (an *analysis) countParties() {
	if an.parties == nil {
		an.parties = map[string]*partyCount{}
		for si, s := range an.d.sents {
			weight := 1
			if s.headline {
				weight = 2
			}
			for _, sp := range partySpans(s, 0) {
				a, ok := an.partyActor(s, sp, nil, partyLoose)
				if !ok || a.Affiliation == "" && isPersonName(s, sp) {
					continue // a person is the target of a warning only when named so
				}
				key := groupKey(a.Key)
				pc := an.parties[key]
				if pc == nil {
					pc = &partyCount{actor: a, first: si, key: key}
					an.parties[key] = pc
				}
				if e, ok := lookupActor(a.Name); ok && e.Kind == actors.Country {
					pc.country = true
				}
				if key == "government" {
					weight *= 3 // the usual target of a warning about policy
				}
				pc.n += weight
			}
		}
		countries := 0
		for _, pc := range an.parties {
			if pc.country {
				countries++
			}
		}
		if pc := an.parties["government"]; pc != nil && countries >= 2 {
			// between countries, "the government" is one of theirs, not
			// a party of its own
			pc.n /= 3
		}
	}

}

type partyCount struct {
	actor   briefing.Actor
	key     string
	country bool
	n       int
	first   int
}

// objectAfter returns the object of a cue verb when the phrase after it
// is followed by "that", "to", "of"… (an object), not by a verb (then it
// is the subject of the reported clause).
func objectAfter(s *sentence, v int) (span, bool) {
	k := v + 1
	for k < len(s.toks) && (s.toks[k].is("also", "again", "repeatedly", "publicly") || strings.HasSuffix(s.toks[k].lower, "ly") && !s.toks[k].cap) {
		k++
	}
	if k >= len(s.toks) || s.toks[k].kind != tokWord || objectStops[s.toks[k].lower] {
		return span{}, false
	}
	sp := phraseRight(s, k, objectStops)
	// a name goes on over "of": "the Department of Health"
	for sp.to+1 < len(s.toks) && sp.to > sp.from && s.toks[sp.to-1].cap && s.toks[sp.to].is("of", "for") && s.toks[sp.to+1].cap && s.toks[sp.to+1].kind == tokWord {
		e := sp.to + 1
		for e < len(s.toks) && s.toks[e].kind == tokWord && s.toks[e].cap {
			e++
		}
		sp.to = e
	}
	for x := sp.from + 1; x < sp.to; x++ {
		if s.toks[x].is("the", "a", "an") && s.toks[x-1].cap {
			sp.to = x // "warned Michael Howard the party…": the name ends
			break
		}
	}
	if sp.empty() || sp.to-sp.from > 8 {
		return span{}, false
	}
	if sp.to < len(s.toks) {
		n := s.toks[sp.to]
		// "warned Michael Howard the party could not win": a clause starts
		// "warned companies in England that…": a place, not a clause
		placeAfter := n.is("in", "across") && sp.to+1 < len(s.toks) && s.toks[sp.to+1].cap
		if n.kind == tokWord && !placeAfter && !n.is("that", "to", "of", "about", "against", "not", "over", "on", "the", "a", "an", "it", "they", "he", "she", "there", "this", "we") {
			return span{}, false
		}
	}
	return sp, true
}

// complementSubjects returns the subject of the clause a cue verb reports
// and, before it, the subject of that clause's condition ("warned that
// unless ministers backed down, the government would…").
func complementSubjects(s *sentence, v int) []span {
	k := v + 1
	if k < len(s.toks) && s.toks[k].is("that") {
		k++
	}
	var out []span
	if k < len(s.toks) && s.toks[k].is("if", "unless") {
		out = append(out, phraseRight(s, k+1, npEnders))
		for k < len(s.toks) && s.toks[k].text != "," {
			k++
		}
		k++
	}
	if k < len(s.toks) {
		out = append(out, phraseRight(s, k, npEnders))
	}
	return out
}

// forXTo finds "for X to" after the cue: "a big mistake for Seoul to …".
func forXTo(s *sentence, v int) (span, bool) {
	for k := v + 1; k < len(s.toks) && k-v < 20; k++ {
		if !s.toks[k].is("for") {
			continue
		}
		sp := phraseRight(s, k+1, forXStops)
		if !sp.empty() && sp.to < len(s.toks) && s.toks[sp.to].is("to") && sp.to-sp.from <= 6 {
			return sp, true
		}
	}
	return span{}, false
}

func afterWord(s *sentence, v int, word string) (span, bool) {
	for k := v + 1; k < len(s.toks) && k-v < 15; k++ {
		if s.toks[k].is(word) {
			sp := phraseRight(s, k+1, objectStops)
			return sp, !sp.empty()
		}
	}
	return span{}, false
}

// partySpans lists the names and government words of a sentence from
// token from on.
func partySpans(s *sentence, from int) []span {
	var out []span
	toks := s.toks
	for k := from; k < len(toks); k++ {
		t := toks[k]
		if t.kind != tokWord {
			continue
		}
		if governmentHeads[t.lower] && !t.cap {
			if k+1 < len(toks) && isModifiedNoun(toks[k+1]) {
				continue // "council tax", "government plans": a modifier
			}
			b := k
			for b > 0 && k-b < 3 && toks[b-1].kind == tokWord && !toks[b-1].cap && titleWords[toks[b-1].lower] && !governmentHeads[toks[b-1].lower] {
				b--
			}
			if b > 0 && toks[b-1].is("the") {
				b--
			}
			out = append(out, span{b, k + 1})
			continue
		}
		if t.cap && !functionWords[t.lower] && !calendarWords[t.lower] {
			e := k
			for e < len(toks) && toks[e].kind == tokWord && (toks[e].cap || toks[e].is("of", "and") && e+1 < len(toks) && toks[e+1].cap) {
				e++
				if toks[e-1].poss {
					break
				}
			}
			b := k
			if b > 0 && toks[b-1].is("the") {
				b--
			}
			k = e - 1
			if e < len(toks) && (toks[e-1].allUpper || e-k == 1 && partyAdjectives[toks[e-1].lower] != "") && toks[e].kind == tokWord && !toks[e].cap && !npEnders[toks[e].lower] && !objectStops[toks[e].lower] && !reportVerbs[toks[e].lower] && !verbGap[toks[e].lower] {
				// "ID cards", "Tory promises": a name used as a modifier
				continue
			}
			out = append(out, span{b, e})
		}
	}
	return out
}

// partyActor makes an addressee of a phrase when it names a party: a
// country or organisation of the gazetteer, a name, or a government word;
// never the speaker, the speaker's own side, an audience or a pronoun.
func (an *analysis) partyActor(s *sentence, sp span, it *item, mode partyMode) (briefing.Actor, bool) {
	strict := mode != partyObject
	np, ok := analyseNP(s, sp.from, sp.to)
	if !ok || np.pronoun != "" {
		return briefing.Actor{}, false
	}
	for k := sp.from; k < sp.to; k++ {
		if k < sp.to-1 && !s.toks[k].allUpper {
			continue // "the Post Office", "Independent Schools Council": not media
		}
		if mediaWords[s.toks[k].lower] && s.toks[k].lower != "the" && s.toks[k].lower != "a" && s.toks[k].lower != "an" {
			return briefing.Actor{}, false
		}
	}
	if it != nil && np.name == "" && np.head != "" && it.speaker.roles[np.head] && !np.plural {
		// "Islamabad's foreign minister, Khurshid Kasuri": the speaker's own title
		return briefing.Actor{}, false
	}
	if mode != partyObject && (s.toks[sp.from].is("his", "her", "its", "our", "my") || sp.from > 0 && s.toks[sp.from-1].is("his", "her", "its", "our", "my")) {
		// "warned that his government would pull out": the speaker's own
		// side acting in the warned-about clause is not whom it warns
		return briefing.Actor{}, false
	}
	if e, ok := agentsOfCountry(s, sp); ok && mode != partyObject {
		// "unless Ethiopian troops are gone": the country they serve
		np.name, np.country = e.Name, true
	}
	if np.name != "" && isPlace(np.name) {
		// "the Arctic", "the Barents Sea": where things happen, not who acts
		return briefing.Actor{}, false
	}
	if np.name != "" && sp.to-sp.from == 1 && governmentHeads[s.toks[sp.from].lower] && (sp.from == 0 || s.toks[sp.from-1].kind == tokQuote) {
		// "Management would be making…": a common noun capitalised at the start
		np.name, np.head = "", s.toks[sp.from].lower
	}
	var name string
	switch {
	case np.name != "":
		if strict && !(np.country || np.org || np.person || an.actsInArticle(np.name) && !(sp.to-sp.from == 1 && clauseStart(s, sp.from))) {
			return briefing.Actor{}, false
		}
		if isDemonymOnly(np.name) {
			return briefing.Actor{}, false
		}
		name = np.name
		if np.head == "" && len(np.titles) > 0 && np.person {
			name = np.name
		}
	case governmentHeads[np.head] || mode == partyObject && np.head != "":
		name = np.text
	case mode == partyClause && np.definite && !np.plural && (orgRoleNouns[np.head] || roleNouns[np.head]) && !agentNouns[np.head]:
		// "unless the port authority raises pay"
		name = np.text
	case mode == partyClause && np.plural && isGroupNoun(np.head) && !mediaWords[np.head]:
		// "if buyers continue to borrow"
		name = np.text
	default:
		return briefing.Actor{}, false
	}
	a := briefing.Actor{Name: strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")}
	if e, ok := lookupActor(a.Name); ok && e.Kind == actors.Country {
		a.Name = e.Name
		a.Affiliation = e.Name
	}
	a.Key = actorKey(a.Name)
	a.AffiliationKey = actorKey(a.Affiliation)
	if it == nil {
		return a, a.Key != ""
	}
	sk := actorKey(it.speaker.name)
	if a.Key == "" || a.Key == sk || a.Key == actorKey(it.speaker.affiliation) {
		return briefing.Actor{}, false
	}
	if strings.Contains(sk, a.Key) || strings.Contains(a.Key, sk) {
		return briefing.Actor{}, false
	}
	if ak := actorKey(it.speaker.affiliation); ak != "" && (strings.Contains(ak, a.Key) || strings.Contains(a.Key, ak)) {
		return briefing.Actor{}, false
	}
	return a, true
}

// stateAgentNouns are the people who act for a state: "Ethiopian troops".
var stateAgentNouns = set("troops", "forces", "soldiers", "officials", "diplomats", "authorities", "ministers", "leaders", "negotiators")

// atRiskSubject finds the subject of a reported clause that says it is at
// risk, vulnerable or in danger, or would face a penalty, past any
// relative clause on the subject.
func atRiskSubject(s *sentence, v int) (span, bool) {
	subs := complementSubjects(s, v)
	if len(subs) == 0 || subs[len(subs)-1].empty() {
		return span{}, false
	}
	sp := subs[len(subs)-1]
	for k := sp.to; k < len(s.toks) && k-sp.to < 14 && s.toks[k].text != ","; k++ {
		if !s.toks[k].is("is", "are", "was", "were", "be", "been") && !modals[s.toks[k].lower] {
			continue
		}
		j := k + 1
		for j < len(s.toks) && s.toks[j].is("most", "particularly", "especially", "more", "all", "now", "still", "be", "also") {
			j++
		}
		if j < len(s.toks) && s.toks[j].is("vulnerable") || modals[s.toks[k].lower] && j < len(s.toks) && s.toks[j].is("face") && penaltyWithin(s, j, 7) || j+1 < len(s.toks) && (s.toks[j].is("at") && s.toks[j+1].is("risk") || s.toks[j].is("in") && s.toks[j+1].is("danger")) {
			return sp, true
		}
		return span{}, false
	}
	return span{}, false
}

// agentsOfCountry: the phrase is, or begins, a demonym followed by people
// who act for its state ("Ethiopian troops"); it returns the country.
func agentsOfCountry(s *sentence, sp span) (actors.Entity, bool) {
	noun := sp.from + 1
	if noun >= len(s.toks) || noun > sp.to || !stateAgentNouns[s.toks[noun].lower] {
		return actors.Entity{}, false
	}
	e, ok := lookupDemonym(s.toks[sp.from].text)
	return e, ok && e.Kind == actors.Country
}

// groupKey folds the forms of one party ("Tories", "Conservative Party")
// and of government ("ministers", "the government") into one key for
// counting.
func groupKey(key string) string {
	key = strings.TrimPrefix(key, "the ")
	if p, ok := partyAdjectives[strings.TrimSuffix(strings.TrimSuffix(key, " party"), "s")]; ok {
		return strings.ToLower(p)
	}
	switch key {
	case "tories", "conservatives":
		return "conservative party"
	case "ministers", "government", "administration", "cabinet":
		return "government"
	case "lib dems", "liberal democrats", "lib dem":
		return "liberal democrats"
	}
	return key
}

// partyMode says how sure the syntax is that a phrase is the addressee.
type partyMode uint8

const (
	partyObject partyMode = iota // the cue's object: any noun phrase
	partyClause                  // subject of a condition: names, government, "the authority"
	partyLoose                   // any mention: names and government words only
)

func modeOf(x, objects, clauses int) partyMode {
	switch {
	case x < objects:
		return partyObject
	case x < clauses:
		return partyClause
	}
	return partyLoose
}

// conditionSubject finds the subject of an "if"/"unless" clause after the
// cue: the party whose action the warning is about.
func conditionSubject(s *sentence, v int) (span, bool) {
	for k := max(v, 0); k < len(s.toks) && k-v < 30; k++ {
		if s.toks[k].is("if", "unless") {
			sp := clauseSubject(s, k+1)
			return sp, !sp.empty() && sp.to < len(s.toks) && sp.to-sp.from <= 6
		}
	}
	return span{}, false
}

// clauseSubject returns the subject of the clause starting at toks[k]: a
// pronoun, a capitalised name ("New Delhi (went ahead)"), or a phrase
// ending at its head noun ("the port authority (raises…)") or before its
// verb ("buyers (continue…)").
func clauseSubject(s *sentence, k int) span {
	if k < 0 || k >= len(s.toks) {
		return span{}
	}
	sp := phraseRight(s, k, npEnders)
	if sp.empty() {
		return sp
	}
	first := s.toks[sp.from]
	if first.kind == tokWord && (personPronouns[first.lower] || pluralPronouns[first.lower] || thingPronouns[first.lower] || first.is("we", "i", "you")) {
		return span{sp.from, sp.from + 1}
	}
	x := sp.from
	if first.is("the") {
		x++
	}
	if x < sp.to && s.toks[x].cap {
		e := x
		for e < sp.to && (s.toks[e].cap || s.toks[e].is("of", "and") && e+1 < sp.to && s.toks[e+1].cap) {
			e++
			if s.toks[e-1].poss {
				break
			}
		}
		if e == sp.to || !s.toks[e-1].poss {
			return span{sp.from, e}
		}
	}
	for x := sp.from; x < sp.to; x++ {
		t := s.toks[x]
		if t.kind != tokWord || t.cap {
			continue
		}
		if roleNouns[t.lower] || governmentHeads[t.lower] || isGroupNoun(t.lower) {
			return span{sp.from, x + 1}
		}
		if x > sp.from && (strings.HasSuffix(t.lower, "ed") || clauseVerbs[t.lower]) {
			return span{sp.from, x}
		}
	}
	return sp
}

// clauseVerbs often follow the subject of a condition.
var clauseVerbs = set("goes", "go", "went", "continue", "continues", "continued", "fail",
	"fails", "refuse", "refuses", "keep", "keeps", "pay", "pays", "try", "tries", "make",
	"makes", "take", "takes", "push", "pushes", "press", "presses", "ignore", "ignores",
	"decide", "decides", "carry", "carries", "launch", "launches", "give", "gives", "cross", "crosses")

// compoundHeads follow a government word used as a modifier.
var compoundHeads = set("tax", "taxes", "policy", "spending", "budget", "funding",
	"plans", "plan", "officials", "official", "sources", "source", "bonds", "debt",
	"figures", "data", "scheme", "schemes", "bill", "proposals", "housing", "estate", "elections",
	"meeting", "meetings", "session", "sessions")

// isModifiedNoun: the word after a government word makes it a modifier
// ("council tax", "government plans").
func isModifiedNoun(t token) bool {
	return t.kind == tokWord && !t.cap && compoundHeads[t.lower]
}

// isPersonName reports whether the phrase names a person (a title or a
// two-word name that is not an organisation).
func isPersonName(s *sentence, sp span) bool {
	np, ok := analyseNP(s, sp.from, sp.to)
	return ok && np.name != "" && !np.org && !np.country && (np.person || strings.Contains(np.name, " ") || sp.to-sp.from == 1)
}

// facingParty finds who "would face" a penalty: the nearest group noun or
// name before the verb.
func facingParty(s *sentence, v int) (span, bool) {
	if sp, ok := reportedSubject(s, v); ok {
		return sp, true
	}
	// the subject of the verb's own clause: "Users who install software
	// from unknown sources (risk …)"
	start := v - 1
	for start >= 0 && !(s.toks[start].kind == tokQuote || s.toks[start].is("that") || s.toks[start].kind == tokPunct) {
		start--
	}
	aside := start >= 0 && s.toks[start].kind == tokPunct // a list or an aside: the nearest party below
	if sp := clauseSubject(s, start+1); !aside && s.toks[v].is("risk", "risks") && !sp.empty() && sp.to < v && sp.to-sp.from <= 4 {
		if s.toks[sp.to].is("who", "that") {
			e := v
			for e > sp.to+1 && s.toks[e-1].kind == tokWord && (modals[s.toks[e-1].lower] || verbGap[s.toks[e-1].lower]) {
				e--
			}
			sp.to = e
		}
		if np, ok := analyseNP(s, sp.from, sp.to); ok && np.pronoun == "" && (isGroupNoun(np.head) || np.name != "" || governmentHeads[np.head]) {
			return sp, true
		}
	}
	for k := v - 1; k >= 0 && v-k <= 14; k-- {
		t := s.toks[k]
		if t.kind != tokWord || t.inQuote != s.toks[v].inQuote {
			continue
		}
		initial := k == 0 || s.toks[k-1].kind == tokQuote
		if (!t.cap || initial) && isGroupNoun(t.lower) || t.cap && !functionWords[t.lower] && !initial {
			// "People who refuse to pay (could face …)": the relative clause
			// says which of them
			if k+1 < v && s.toks[k+1].is("who", "that") {
				e := v
				for e > k+2 && s.toks[e-1].kind == tokWord && (modals[s.toks[e-1].lower] || verbGap[s.toks[e-1].lower]) {
					e--
				}
				return span{k, e}, true
			}
			return span{k, k + 1}, true
		}
	}
	return span{}, false
}

// placeHeads end the names of places that are not actors.
var placeHeads = set("sea", "ocean", "river", "mountains", "gulf", "strait", "straits",
	"bay", "island", "islands", "peninsula", "region", "valley", "desert", "lake",
	"coast", "basin", "province", "county")

// regions are places the gazetteer does not hold as actors.
var regions = set("arctic", "antarctic", "antarctica", "europe", "asia", "africa",
	"america", "latin america", "north america", "south america", "middle east",
	"far east", "balkans", "caucasus", "caribbean", "mediterranean", "pacific",
	"atlantic", "scandinavia", "siberia")

// isPlace reports whether a name is a region or geographic feature
// rather than a country or body that can be warned.
func isPlace(name string) bool {
	low := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The "))
	if regions[low] {
		return true
	}
	if _, ok := lookupActor(name); ok {
		return false
	}
	words := strings.Fields(low)
	return len(words) > 1 && placeHeads[words[len(words)-1]]
}

// namesParty reports whether a phrase names a country, body, person or
// government rather than a thing.
func (an *analysis) namesParty(s *sentence, sp span) bool {
	_, ok := an.partyActor(s, sp, nil, partyLoose)
	return ok
}

// locativeOrAudience: "speaking in Beijing", "evidence from Ireland",
// "told parliament" name where something happens or who listened, not
// the party warned.
func locativeOrAudience(s *sentence, sp span) bool {
	p, pi := prevWord(s, sp.from)
	if pi < 0 {
		return false
	}
	return p.is("in", "at", "near", "from", "across", "around", "throughout", "inside", "outside", "within", "into", "through", "told", "tells", "tell", "telling", "addressing", "before")
}

// askedToAct: "urged the Security Council to prepare a response": a party
// called on to act is an ally asked for help, not the one warned.
func askedToAct(s *sentence, sp span) bool {
	p, pi := prevWord(s, sp.from)
	if pi < 0 || !p.is("urged", "urges", "urge", "urging", "asked", "asks", "called", "calls", "on", "invited", "encouraged") {
		return false
	}
	if p.is("on") {
		if q, qi := prevWord(s, pi); qi < 0 || !q.is("called", "calls", "calling") {
			return false
		}
	}
	return sp.to+1 < len(s.toks) && s.toks[sp.to].is("to") && !s.toks[sp.to+1].is("not", "stop", "avoid", "refrain", "halt", "end", "drop", "abandon")
}

// speaksForGovernment: the speaker holds a government office (a minister,
// a premier), so "the government" of the article is the speaker's side.
func speaksForGovernment(e *entity) bool {
	return e.roles["minister"] || e.roles["premier"] || e.roles["ministers"]
}

// threatenedObject returns the object of the infinitive after a threat
// verb: "threatened to sue the council", "to name and shame suppliers".
func threatenedObject(s *sentence, v int) (span, bool) {
	k := v + 2
	if k >= len(s.toks) || !s.toks[v+1].is("to") || s.toks[k].kind != tokWord {
		return span{}, false
	}
	if k+2 < len(s.toks) && s.toks[k+1].is("and", "or") && s.toks[k+2].kind == tokWord && !s.toks[k+2].cap {
		k += 2 // "name and shame", "fine or suspend"
	}
	if sp, ok := objectAfter(s, k); ok {
		return sp, true
	}
	// "to fine solicitors who overcharge": a relative clause says which
	e := k + 1
	for e < len(s.toks) && e-k <= 6 && s.toks[e].kind == tokWord && !s.toks[e].is("who") && !objectStops[s.toks[e].lower] {
		e++
	}
	if e == k+1 || e >= len(s.toks) || !s.toks[e].is("who") {
		return span{}, false
	}
	return span{k + 1, e}, true
}

// isTarget: a phrase that may be acted against — a party, or a plural
// group of people or firms ("suppliers", "members").
func (an *analysis) isTarget(s *sentence, sp span) bool {
	if an.namesParty(s, sp) {
		return true
	}
	if sp.to-sp.from == 1 && clauseStart(s, sp.from) {
		// "Businesses …", "Management …": a common noun capitalised first
		w := s.toks[sp.from].lower
		return isGroupNoun(w) || governmentHeads[w] || orgRoleNouns[strings.TrimSuffix(w, "es")] || orgRoleNouns[strings.TrimSuffix(w, "s")]
	}
	np, ok := analyseNP(s, sp.from, sp.to)
	return ok && np.pronoun == "" && np.name == "" && np.plural && (isGroupNoun(np.head) || orgRoleNouns[strings.TrimSuffix(np.head, "s")])
}

// mistakeMaker returns the subject of "(are) making a (serious) mistake"
// when the cue at k is that mistake or error.
func mistakeMaker(s *sentence, k int) (span, bool) {
	if k < 2 || !s.toks[k].is("mistake", "error", "blunder") {
		return span{}, false
	}
	m := k - 1
	for m > 0 && k-m <= 3 && !s.toks[m].is("making", "make", "made") {
		m--
	}
	if !s.toks[m].is("making", "make", "made") {
		return span{}, false
	}
	j := m
	for j > 0 && s.toks[j-1].kind == tokWord && (modals[s.toks[j-1].lower] || beForms[s.toks[j-1].lower] || s.toks[j-1].is("be", "been")) {
		j--
	}
	// back to the start of the clause: punctuation, a quote, "if", or
	// the "that" after a reporting verb
	b := j
	for b > 0 && j-b < 12 && s.toks[b-1].kind == tokWord && !s.toks[b-1].is("if", "unless") && !reportVerbs[s.toks[b-1].lower] {
		if s.toks[b-1].is("that") && b > 1 && reportVerbs[s.toks[b-2].lower] {
			break
		}
		b--
	}
	if b == j {
		return span{}, false
	}
	// "Businesses that treat the rules as optional": the head comes first
	for x := b + 1; x < j; x++ {
		if s.toks[x].is("that", "who", "which") {
			return span{b, x}, true
		}
	}
	return span{b, j}, true
}

// deonticSubject returns the subject of a reported clause whose verb is
// "must", "should" or "ought": the party told what to do.
func deonticSubject(s *sentence, v int) (span, bool) {
	subs := complementSubjects(s, v)
	if len(subs) == 0 {
		return span{}, false
	}
	sp := subs[len(subs)-1]
	if sp.empty() || sp.to >= len(s.toks) || !s.toks[sp.to].is("must", "should", "ought") {
		return span{}, false
	}
	return sp, true
}

// frontedSubject returns the subject of a sentence's first clause when it
// opens the sentence ("Retailers that miss the deadline could face…"),
// cut before a relative clause.
func frontedSubject(s *sentence) (span, bool) {
	k := 0
	for k < len(s.toks) && s.toks[k].kind != tokWord {
		k++
	}
	e := k
	for e < len(s.toks) && e-k < 6 && s.toks[e].kind == tokWord && !s.toks[e].is("that", "who", "which") && !modals[s.toks[e].lower] && !verbGap[s.toks[e].lower] {
		e++
	}
	if e == k || e >= len(s.toks) || !(s.toks[e].is("that", "who", "which") || modals[s.toks[e].lower]) {
		return span{}, false
	}
	return span{k, e}, true
}

// sectorNouns name a trade or body of firms as a whole: "the industry".
var sectorNouns = set("industry", "sector", "profession", "trade", "city")

// reportedSubject returns the subject of a reported clause whose verb is
// at v: "said the industry risked losing…", "warned that landlords
// would face…". It takes only a short phrase that names a party, a
// group of people or firms, or a trade.
func reportedSubject(s *sentence, v int) (span, bool) {
	e := v
	for e > 0 && s.toks[e-1].kind == tokWord && (modals[s.toks[e-1].lower] || verbGap[s.toks[e-1].lower]) {
		e--
	}
	b := e
	for b > 0 && e-b < 5 && s.toks[b-1].kind == tokWord && !reportVerbs[s.toks[b-1].lower] && !s.toks[b-1].is("that") {
		b--
	}
	if b == e || b == 0 {
		return span{}, false
	}
	p := s.toks[b-1]
	reported := reportVerbs[p.lower] || p.is("that") && b >= 2 && reportVerbs[s.toks[b-2].lower]
	if !reported || p.inQuote != s.toks[v].inQuote {
		return span{}, false
	}
	np, ok := analyseNP(s, b, e)
	if !ok || np.pronoun != "" {
		return span{}, false
	}
	if np.name != "" || isGroupNoun(np.head) || governmentHeads[np.head] || orgRoleNouns[np.head] || sectorNouns[np.head] {
		return span{b, e}, true
	}
	return span{}, false
}

// actsInArticle: the article elsewhere has the name as the subject of a
// clause ("Royal Mail said it was disappointed"), so it is a party even
// when nothing in the name says so.
func (an *analysis) actsInArticle(name string) bool {
	e := an.reg.byName[strings.ToLower(name)]
	return e != nil && e.lastSubject >= 0 && e.typ != typeGroup && e.typ != typeDescrib
}
