package warnings

import (
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
	"administration", "regime", "cabinet", "parliament", "authorities", "executive",
	"leadership", "chancellor", "council", "committee", "management", "employers",
	"bosses", "board", "department", "ministry", "congress", "senate", "president",
	"opposition", "regulator", "regulators", "watchdog", "bank")

// addressee chooses who is warned: the cue verb's object ("warned
// Russia"), the subject of a passive ("UK urged"), "for X to", the
// subject of the warned-about clause or its condition, "against X", else
// the first party named in the evidence other than the speaker.
func (an *analysis) addressee(it *item) briefing.Actor {
	s := an.d.sents[it.anchor]
	info := &an.info[it.anchor]
	c := it.cue
	var cands []span
	objects := 0 // cands[:objects] are objects of the cue; group nouns may be addressees there
	if c.at >= 0 {
		for ci, x := range info.cues {
			if x.at == c.at && x.passive && !info.cueAddr[ci].empty() {
				cands = append(cands, info.cueAddr[ci])
			}
		}
		if c.verb && !c.passive {
			if obj, ok := objectAfter(s, c.at); ok {
				cands = append(cands, obj)
			}
		}
		if sp, ok := forXTo(s, c.at); ok {
			cands = append(cands, sp)
		}
		objects = len(cands)
		if c.verb && !c.passive {
			cands = append(cands, complementSubjects(s, c.at)...)
		}
		if sp, ok := afterWord(s, c.at, "against"); ok {
			cands = append(cands, sp)
		}
	}
	for x, sp := range cands {
		if a, ok := an.partyActor(s, sp, it, x >= objects); ok {
			return a
		}
	}
	// the first party named in the evidence, after the cue first
	if c.at >= 0 && c.verb {
		for _, sp := range partySpans(s, c.at+1) {
			if a, ok := an.partyActor(s, sp, it, true); ok {
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
			if a, ok := an.partyActor(es, sp, it, true); ok {
				return a
			}
		}
	}
	// else the party the article is most about
	return an.salientParty(it)
}

// salientParty returns the party the article names most often (the
// headline counting double), other than the speaker's side: the likely
// target of a warning whose sentence names nobody.
func (an *analysis) salientParty(it *item) briefing.Actor {
	if an.parties == nil {
		an.parties = map[string]*partyCount{}
		for si, s := range an.d.sents {
			weight := 1
			if s.headline {
				weight = 2
			}
			for _, sp := range partySpans(s, 0) {
				a, ok := an.partyActor(s, sp, nil, true)
				if !ok {
					continue
				}
				key := groupKey(a.Key)
				pc := an.parties[key]
				if pc == nil {
					pc = &partyCount{actor: a, first: si}
					an.parties[key] = pc
				}
				if key == "government" {
					weight *= 2 // the usual target of a warning about policy
				}
				pc.n += weight
			}
		}
	}
	var best *partyCount
	sk := actors.Key(it.speaker.name)
	ak := actors.Key(it.speaker.affiliation)
	sk, ak = groupKey(sk), groupKey(ak)
	for key, pc := range an.parties {
		if key == sk || key == ak || strings.Contains(sk, key) || strings.Contains(key, sk) {
			continue
		}
		if best == nil || pc.n > best.n || pc.n == best.n && pc.first < best.first {
			best = pc
		}
	}
	if best == nil || best.n < 2 {
		return briefing.Actor{}
	}
	return best.actor
}

type partyCount struct {
	actor briefing.Actor
	n     int
	first int
}

// objectAfter returns the object of a cue verb when the phrase after it
// is followed by "that", "to", "of"… (an object), not by a verb (then it
// is the subject of the reported clause).
func objectAfter(s *sentence, v int) (span, bool) {
	k := v + 1
	for k < len(s.toks) && s.toks[k].is("also", "again", "repeatedly", "publicly") {
		k++
	}
	if k >= len(s.toks) || s.toks[k].kind != tokWord || objectStops[s.toks[k].lower] {
		return span{}, false
	}
	sp := phraseRight(s, k, objectStops)
	if sp.empty() || sp.to-sp.from > 8 {
		return span{}, false
	}
	if sp.to < len(s.toks) {
		n := s.toks[sp.to]
		if n.kind == tokWord && !n.is("that", "to", "of", "about", "against", "not", "over", "on") {
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
		sp := phraseRight(s, k+1, set("to", "that", "of", "in", "and", "on"))
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
			if e < len(toks) && toks[e-1].allUpper && toks[e].kind == tokWord && !toks[e].cap && !npEnders[toks[e].lower] && !objectStops[toks[e].lower] && !reportVerbs[toks[e].lower] && !verbGap[toks[e].lower] {
				// "ID cards", "EC advice": an acronym used as a modifier
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
func (an *analysis) partyActor(s *sentence, sp span, it *item, strict bool) (briefing.Actor, bool) {
	np, ok := analyseNP(s, sp.from, sp.to)
	if !ok || np.pronoun != "" {
		return briefing.Actor{}, false
	}
	for k := sp.from; k < sp.to; k++ {
		if mediaWords[s.toks[k].lower] && s.toks[k].lower != "the" && s.toks[k].lower != "a" && s.toks[k].lower != "an" {
			return briefing.Actor{}, false
		}
	}
	var name string
	switch {
	case np.name != "":
		if strict && !(np.country || np.org || np.person) {
			return briefing.Actor{}, false
		}
		if isDemonymOnly(np.name) {
			return briefing.Actor{}, false
		}
		name = np.name
		if np.head == "" && len(np.titles) > 0 && np.person {
			name = np.name
		}
	case governmentHeads[np.head] || !strict && groupNouns[np.head]:
		name = np.text
	default:
		return briefing.Actor{}, false
	}
	a := briefing.Actor{Name: name}
	if e, ok := actors.Lookup(name); ok && e.Kind == actors.Country {
		a.Name = e.Name
		a.Affiliation = e.Name
	}
	a.Key = actors.Key(a.Name)
	a.AffiliationKey = actors.Key(a.Affiliation)
	if it == nil {
		return a, a.Key != ""
	}
	sk := actors.Key(it.speaker.name)
	if a.Key == "" || a.Key == sk || a.Key == actors.Key(it.speaker.affiliation) {
		return briefing.Actor{}, false
	}
	if strings.Contains(sk, a.Key) || strings.Contains(a.Key, sk) {
		return briefing.Actor{}, false
	}
	if ak := actors.Key(it.speaker.affiliation); ak != "" && (strings.Contains(ak, a.Key) || strings.Contains(a.Key, ak)) {
		return briefing.Actor{}, false
	}
	return a, true
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
