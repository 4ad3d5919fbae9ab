package warnings

import "slices"

// item is one warning as it will be reported: the decisions that state it
// (one sentence each, the headline perhaps among them), its speaker and
// addressee.
type item struct {
	decisions []decision
	speaker   *entity
	voices    []*entity // every speaker of its decisions: a body and the person who spoke for it
	addressee *entity   // nil: nobody in particular
	prob      float64
}

// sents returns the item's sentences in article order.
func (it *item) sents() []int {
	var out []int
	for _, d := range it.decisions {
		if !slices.Contains(out, d.claim.sent) {
			out = append(out, d.claim.sent)
		}
	}
	slices.Sort(out)
	return out
}

// mergeDecisions gathers the decisions worth reporting into items: the
// sentences of one speaker (or one side, when a body and its voice both
// speak) to one addressee make one item, and the headline joins the item
// of the body it tells of.
func mergeDecisions(ds []decision, threshold float64) []*item {
	var items []*item
	var headline []decision
	for _, d := range bestPerSentence(ds) {
		if d.prob < threshold {
			continue
		}
		if d.claim.x.d.sents[d.claim.sent].headline {
			headline = append(headline, d)
			continue
		}
		if it := findItem(items, d); it != nil {
			it.add(d)
			continue
		}
		it := &item{}
		it.add(d)
		items = append(items, it)
	}
	for _, d := range headline {
		if it := findItem(items, d); it != nil {
			it.add(d)
			continue
		}
		it := &item{}
		it.add(d)
		items = append([]*item{it}, items...)
	}
	return items
}

// bestPerSentence keeps, of the cues of one sentence, the decision most
// sure to be a warning: a sentence states one warning, whatever number of
// cue words it holds.
func bestPerSentence(ds []decision) []decision {
	var out []decision
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1].claim.sent == d.claim.sent {
			if d.prob > out[n-1].prob {
				out[n-1] = d
			}
			continue
		}
		out = append(out, d)
	}
	return out
}

func findItem(items []*item, d decision) *item {
	for _, it := range items {
		if it.spokenBy(d.speaker.ent) && sameAddressee(it.addressee, d.addressee.ent) {
			return it
		}
	}
	// the same speaker's next sentence goes on with the warning just
	// before it, whoever it seems to name (a quotation's sentences name
	// the one warned once)
	for _, it := range items {
		if !it.spokenBy(d.speaker.ent) {
			continue
		}
		for _, s := range it.sents() {
			if abs(s-d.claim.sent) <= nearbySentences {
				return it
			}
		}
	}
	// a voice of unknown side right after a body's warning to the same
	// party speaks for it: "Gazprom threatened Ukraine …" then "'If we
	// are not paid …,' Medvedev said"; "Germany's foreign minister has
	// cautioned Poland …" then "Joschka Fischer said …"
	if sp := d.speaker.ent; sp.kind == kindPerson && sideKey(sp) == "" && sp.side == nil && d.addressee.ent != nil {
		for _, it := range items {
			if !speaksForABody(it.speaker) || !sameAddressee(it.addressee, d.addressee.ent) {
				continue
			}
			for _, s := range it.sents() {
				if s < d.claim.sent && d.claim.sent-s <= bodyVoiceSentences {
					return it
				}
			}
		}
	}
	return nil
}

const bodyVoiceSentences = 3

// speaksForABody: a country, a named body, or an office described by its
// country or body ("Germany's foreign minister") whose holder the article
// may name next.
func speaksForABody(e *entity) bool {
	return e.kind == kindCountry || e.kind == kindOrg || e.kind == kindRole && sideKey(e) != ""
}

// nearbySentences is how far apart two sentences of one speaker may stand
// and still be one warning when they seem to name different addressees.
const nearbySentences = 2

func (it *item) add(d decision) {
	it.decisions = append(it.decisions, d)
	it.prob = max(it.prob, d.prob)
	sp := d.speaker.ent
	if !slices.Contains(it.voices, sp) {
		it.voices = append(it.voices, sp)
	}
	if it.speaker == nil || specificity(sp) > specificity(it.speaker) {
		it.speaker = sp
	}
	if it.addressee == nil && d.addressee.ent != nil {
		it.addressee = d.addressee.ent
	}
}

// spokenBy reports whether e is, or is on the side of, one of the item's
// speakers.
func (it *item) spokenBy(e *entity) bool {
	if e.kind == kindPerson && it.speaker.kind == kindPerson && e != it.speaker {
		return false // two people of one side are two speakers
	}
	for _, v := range it.voices {
		if sameSpeaker(v, e) {
			return true
		}
	}
	return false
}

// sameSpeaker: the same entity, or a body (or country) and someone who
// speaks for it; two different people never make one speaker.
func sameSpeaker(a, b *entity) bool {
	if a == b {
		return true
	}
	if a.kind == kindPerson && b.kind == kindPerson {
		return false
	}
	return sameSide(a, b)
}

// sameAddressee: the same entity or side, or both nobody in particular.
func sameAddressee(a, b *entity) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a == b || sameSide(a, b)
}

// specificity ranks how well an entity names a speaker: a person's name
// first, then a named body, a country, a description.
func specificity(e *entity) int {
	switch e.kind {
	case kindPerson:
		return 5
	case kindOrg:
		return 4
	case kindCountry:
		return 3
	case kindRole, kindBody:
		return 2
	case kindGroup:
		return 1
	}
	return 0
}
