package warnings

import (
	"slices"
	"strings"

	"redline/briefing"
)

// item is one warning being assembled: a speaker, the sentence whose cue
// states it (the anchor), and the sentences that carry it.
type item struct {
	speaker *entity
	class   cueClass
	anchor  int // sentence index
	cue     cue
	sents   []int // evidence, sentence indices in article order
	matter  wordSet
	// alsoMarked: "It also warned…" announces a further warning
	alsoMarked bool
	addr       briefing.Actor
	// addrGuessed: no sentence of the item names whom it warns; addr is
	// the party the article is most about
	addrGuessed bool
}

// wordSet is the matter of a warning: the content words of its cue sentences.
type wordSet map[string]bool

// overlaps reports whether two warnings speak of the same matter.
func (a wordSet) overlaps(b wordSet) bool {
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return n >= 3 || a["red"] && a["line"] && b["red"] && b["line"]
}

func (a wordSet) union(b wordSet) wordSet {
	out := make(wordSet, len(a)+len(b))
	for w := range a {
		out[w] = true
	}
	for w := range b {
		out[w] = true
	}
	return out
}

func (it *item) last() int { return it.sents[len(it.sents)-1] }

// maxContinuation bounds how many following sentences of the same speaker
// join a warning without a cue of their own.
const maxContinuation = 4

// items makes one item per sentence with a cue and a known speaker, and
// gives it the neighbouring sentences of the same speaker that go on
// with it (the rest of the quotation, "he added …").
func (an *analysis) items() []*item {
	var out []*item
	for i, s := range an.d.sents {
		if s.headline {
			continue
		}
		info := &an.info[i]
		best := -1
		var bestSpeaker *entity
		for ci, c := range info.cues {
			sp := info.cueSpeaker[ci]
			if c.class == cueFear && !c.verb && info.speaker != nil && info.speakerSpan.to <= c.subjectAt {
				// "X said companies were concerned…": X's warning
				sp = info.speaker
			}
			if sp == nil {
				switch {
				case c.verb && !c.passive && !s.toks[c.at].inQuote:
					// a cue verb whose subject names nobody: no speaker
					continue
				case c.passive && info.speaker != nil && sameSpan(info.cueAddr[ci], info.speakerSpan):
					continue
				}
				sp = info.who()
				if sp == nil || (c.class == cuePhrase || c.class == cueCondition || c.class == cueThreat && !c.verb) && !attributed(s, info, c.at) {
					continue
				}
			}
			if best < 0 || c.class.strength() > info.cues[best].class.strength() {
				best, bestSpeaker = ci, sp
			}
		}
		var it *item
		switch {
		case best >= 0:
			it = &item{speaker: bestSpeaker, class: info.cues[best].class, anchor: i, cue: info.cues[best], sents: []int{i}}
		case info.who() != nil:
			c, ok := an.conditionalThreat(i, info.who())
			if !ok {
				continue
			}
			it = &item{speaker: info.who(), class: cueThreat, anchor: i, cue: c, sents: []int{i}}
		default:
			continue
		}
		an.extend(it)
		it.matter = an.matterOf(it)
		it.alsoMarked = alsoBefore(s, it.cue.at)
		out = append(out, it)
	}
	return out
}

func sameSpan(a, b span) bool { return !a.empty() && a == b }

// attributed reports whether the cue at token k is in words the sentence
// attributes to somebody: inside a quotation, or outside the subject of
// the attribution.
func attributed(s *sentence, info *sentInfo, k int) bool {
	if k < 0 {
		return true
	}
	if s.toks[k].inQuote {
		return true
	}
	if info.speaker == nil {
		return false
	}
	return k < info.speakerSpan.from || k >= info.speakerSpan.to
}

// extend adds the sentences around the anchor that continue the same
// speaker's words.
func (an *analysis) extend(it *item) {
	i := it.anchor
	s := an.d.sents[i]
	// backwards: the start of the same quotation
	for j := i - 1; j >= 0 && i-j <= 2; j-- {
		p := an.d.sents[j]
		if p.headline || s.quoteSpan < 0 || p.quoteSpan != s.quoteSpan || an.info[j].who() != it.speaker || an.hasOwnItem(j) {
			break
		}
		it.sents = append([]int{j}, it.sents...)
	}
	for j := i + 1; j < len(an.d.sents) && j-i <= maxContinuation; j++ {
		n := an.d.sents[j]
		if an.info[j].who() != it.speaker || an.hasOwnItem(j) {
			break
		}
		sameQuote := n.quoteSpan >= 0 && n.quoteSpan == an.d.sents[j-1].quoteSpan
		if !sameQuote && !hasWord(n, modals) && !hasWord(n, conditionWords) {
			break
		}
		if n.para > an.d.sents[j-1].para+1 {
			break
		}
		it.sents = append(it.sents, j)
	}
}

// hasOwnItem reports whether sentence j states a warning of its own.
func (an *analysis) hasOwnItem(j int) bool {
	info := &an.info[j]
	for ci, c := range info.cues {
		if info.cueSpeaker[ci] != nil || c.class != cueCondition && info.who() != nil && attributed(an.d.sents[j], info, c.at) {
			return true
		}
	}
	return false
}

// mergeLookback is how many earlier items a new one may join.
const mergeLookback = 10

// mergeItems joins items that carry one warning: the same speaker (or
// the same side speaking through two of its people) and the same
// matter, or the same speaker going straight on.
func mergeItems(items []*item) []*item {
	var out []*item
	for _, b := range items {
		merged := false
		// one warning is told within a few items of itself; the bound keeps
		// merging linear on hostile input
		for x := len(out) - 1; x >= max(0, len(out)-mergeLookback) && !merged; x-- {
			a := out[x]
			if b.anchor <= a.last() && a.speaker == b.speaker {
				// b's anchor was already taken in as a continuation
				a.sents = unionSorted(a.sents, b.sents)
				a.takeAddressee(b)
				merged = true
				break
			}
			if a.speaker == b.speaker {
				// the next sentence goes on; one further on does when it
				// warns the same named party again
				goesOn := (b.anchor-a.last() <= 1 || b.anchor-a.last() <= 3 && (sameAddressee(a.addr, b.addr) || looseAddressees(a.addr, b.addr)) && !a.addrGuessed && !b.addrGuessed) && !marksNewWarning(b)
				if goesOn || b.matter.overlaps(a.matter) {
					a.absorb(b)
					merged = true
				}
				continue
			}
			if (sameSide(a.speaker, b.speaker) || oneUnnamed(a, b)) && b.matter.overlaps(a.matter) && b.anchor-a.last() <= 8 {
				a.absorb(b)
				merged = true
				continue
			}
			if a.addr.Key == "" && b.anchor == a.last()+1 && (b.speaker.typ == typeOrg || b.speaker.typ == typeUnknown) && !b.speaker.country && isBodiesGroup(a.speaker) && standsIn(a.speaker, b.speaker) {
				// "Consumer groups cautioned that suing fans could backfire.
				// Which? said the industry risked…": the lead's collective
				// speaker named in the next sentence, which says whom
				a.absorb(b)
				a.speaker = b.speaker
				merged = true
				continue
			}
			if sameAddressee(a.addr, b.addr) && b.sents[0]-a.last() <= 2 && (standsIn(a.speaker, b.speaker) || standsIn(b.speaker, a.speaker) && !a.addrGuessed && !b.addrGuessed) {
				// "Pensioner groups have threatened … Its general secretary,
				// Joe Harris, told the BBC: 'If …, we will …'": the named
				// voice of the side that warned the same party just before;
				// a group after a named speaker ("One analyst said
				// investors feared…") is somebody else unless the party
				// warned is named, not guessed
				a.absorb(b)
				merged = true
			}
			if b.sents[0]-a.last() <= 2 && (voiceOf(b.speaker, a.speaker) || voiceOf(a.speaker, b.speaker)) && b.matter.overlaps(a.matter) {
				// "The Bank of England warned … The governor, Mervyn
				// King, said …": a body and its own voice on one matter
				// are one warning, whoever each sentence names as warned
				a.absorb(b)
				merged = true
			}
		}
		if !merged {
			out = append(out, b)
		}
	}
	return out
}

func (a *item) absorb(b *item) {
	a.sents = unionSorted(a.sents, b.sents)
	if b.class.strength() > a.class.strength() {
		a.class, a.cue, a.anchor = b.class, b.cue, b.anchor
	}
	// prefer a named person to a description of them
	if a.speaker != b.speaker && (a.speaker.typ == typeDescrib || a.speaker.typ == typeGroup) && b.speaker.typ == typePerson {
		if b.speaker.affiliation == "" {
			// "a South Korean adviser" tells whom Chang speaks for
			b.speaker.affiliation = a.speaker.affiliation
		}
		a.speaker = b.speaker
	}
	a.matter = a.matter.union(b.matter)
	a.takeAddressee(b)
}

// takeAddressee gives a the party b warns when a has none, or only one
// guessed from the article and b's sentences name one.
func (a *item) takeAddressee(b *item) {
	if a.addr.Key == "" || a.addrGuessed && !b.addrGuessed && b.addr.Key != "" {
		a.addr, a.addrGuessed = b.addr, b.addrGuessed
	}
}

// sameSide: two speakers of one country or body, one of them unnamed
// ("a South Korean security adviser" and "Chang Ho-jin" of South Korea).
func sameSide(a, b *entity) bool {
	if a.affiliation == "" || !strings.EqualFold(a.affiliation, b.affiliation) {
		return false
	}
	return a.typ == typeDescrib || b.typ == typeDescrib
}

// oneUnnamed: an unnamed speaker ("a security adviser") and a named one
// warning the same party about the same matter are one speaker.
func oneUnnamed(a, b *item) bool {
	if a.speaker.typ != typeDescrib && b.speaker.typ != typeDescrib {
		return false
	}
	if sa, sb := side(a.speaker), side(b.speaker); sa != "" && sb != "" && sa != sb {
		return false // a Commission spokeswoman and Norwegian analysts
	}
	return a.addr.Key != "" && a.addr.Key == b.addr.Key
}

// marksNewWarning: "It also warned…", "He further cautioned…".
func marksNewWarning(it *item) bool {
	return it.cue.at >= 0 && it.cue.verb && it.alsoMarked
}

func unionSorted(a, b []int) []int {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// matterOf is the content of the anchor sentence without the speaker's name.
func (an *analysis) matterOf(it *item) wordSet {
	m := wordSet(contentWords(an.d.sents[it.anchor]))
	for w := range strings.FieldsSeq(strings.ToLower(it.speaker.name)) {
		delete(m, stem(w))
	}
	return m
}

// alsoBefore: "also", "further", "again" within three words before the cue.
func alsoBefore(s *sentence, k int) bool {
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		if s.toks[j].is("also", "further", "separately", "again", "additionally") {
			return true
		}
	}
	return false
}

// standsIn reports whether speaker a may be the unnamed or collective form
// of b's side: a description ("the company's spokesman"), a group
// ("Pensioner groups"), or a country or body (b's, or b is its voice).
func standsIn(a, b *entity) bool {
	if sa, sb := side(a), side(b); sa != "" && sb != "" && sa != sb {
		return false // "a Commission spokeswoman" is not Peskov's voice
	}
	if a.typ == typeDescrib && b.typ == typePerson && sharesPersonRole(a, b) {
		// "Germany's foreign minister" and "Prime Minister Marek Nowak":
		// the resolver already found they are not one person
		return false
	}
	if a.typ == typeDescrib || a.typ == typeGroup {
		return true
	}
	return a.typ != typePerson && (b.typ == typePerson || b.typ == typeDescrib)
}

// bodyVoices are roles of a person who speaks for a body.
var bodyVoices = set("governor", "spokesman", "spokeswoman", "spokesperson", "chairman",
	"chairwoman", "chair", "executive", "director", "boss", "head")

// voiceOf reports whether person speaks for body: a named or described
// person whose stated affiliation is that body (not a country, whose
// many voices warn of many things).
func voiceOf(person, body *entity) bool {
	if body.typ != typeOrg || body.country || person.typ != typePerson && person.typ != typeDescrib {
		return false
	}
	if person.affiliation == "" {
		// "The governor, Mervyn King": a body's head or spokesman the
		// article names by role alone, next to the body
		for r := range person.roles {
			if bodyVoices[r] {
				return true
			}
		}
		return false
	}
	if strings.EqualFold(strings.TrimPrefix(person.affiliation, "the "), strings.TrimPrefix(body.name, "the ")) {
		return true
	}
	sp, sb := side(person), side(body)
	return sp != "" && sp == sb
}

func sharesPersonRole(a, b *entity) bool {
	for r := range a.roles {
		if b.roles[r] && !orgRoleNouns[r] && !agentNouns[r] {
			return true
		}
	}
	return false
}

// side is the gazetteer key of the country or body an entity acts for:
// its affiliation, or itself for a country or body; else empty.
func side(e *entity) string {
	name := e.affiliation
	if name == "" && e.typ == typeOrg {
		name = e.name
	}
	if name == "" {
		return ""
	}
	if ent, ok := lookupActor(name); ok {
		return ent.Key
	}
	return "" // a firm the gazetteer does not know may belong to any side
}

// sameAddressee: one party under two forms ("ministers", "the
// government"; "people who share songs", "people who continue").
func sameAddressee(a, b briefing.Actor) bool {
	if a.Key == "" || b.Key == "" {
		return false
	}
	if groupKey(a.Key) == groupKey(b.Key) {
		return true
	}
	fa, fb := strings.Fields(strings.TrimPrefix(a.Key, "the ")), strings.Fields(strings.TrimPrefix(b.Key, "the "))
	return len(fa) > 0 && len(fb) > 0 && fa[0] == fb[0] && (len(fa) > 1 && len(fb) > 1 || isGroupNoun(fa[0]))
}

// looseAddressees: two unnamed kinds of people warned ("providers that
// advertise…", "firms"; "buyers", "anyone"), which one speaker going on
// about one matter names in different words.
func looseAddressees(a, b briefing.Actor) bool {
	loose := func(x briefing.Actor) bool {
		// the head before any relative clause: "internet providers that…"
		for _, w := range strings.Fields(strings.TrimPrefix(x.Key, "the ")) {
			if w == "that" || w == "who" || w == "which" || w == "with" {
				break
			}
			if isGroupNoun(w) || w == "anyone" || w == "everyone" || w == "people" {
				return true
			}
		}
		return false
	}
	return loose(a) && loose(b)
}

// bodyGroups are plural heads of a speaker made of organisations, any of
// which the article may go on to name.
var bodyGroups = set("groups", "firms", "companies", "bodies", "unions", "organisations",
	"organizations", "charities", "agencies", "watchdogs", "associations", "lenders",
	"banks", "insurers", "retailers", "airlines")

// isBodiesGroup: a group speaker made of organisations ("consumer
// groups", "security firms"), not of people.
func isBodiesGroup(e *entity) bool {
	if e.typ != typeGroup {
		return false
	}
	for r := range e.roles {
		if bodyGroups[r] {
			return true
		}
	}
	return bodyGroups[e.low[strings.LastIndexByte(e.low, ' ')+1:]]
}
