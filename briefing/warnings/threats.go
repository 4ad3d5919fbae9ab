package warnings

import "strings"

// A conditional threat needs no cue word: “If another ship is seized, we
// will close the strait,” the minister said. The speaker's own side
// promises to act when somebody else does something; the somebody else
// (the subject of the condition) is the one threatened.

// conditionalActions are what a side promises to do against another.
var conditionalActions = set("strike", "retaliate", "respond", "oppose", "sue", "act", "fight",
	"block", "veto", "punish", "sanction", "boycott", "withdraw", "walk", "quit", "resist",
	"arm", "send", "answer", "hit", "impose", "cut", "close", "expel", "suspend", "halt",
	"stop", "take", "shut", "ban", "reduce", "freeze", "seize", "sever", "deploy", "pull",
	"reconsider", "review", "organise", "organize", "launch", "end", "cancel", "scrap",
	"terminate", "raise", "challenge", "appeal", "refer", "report", "prosecute", "fine",
	"bar", "exclude", "recall", "downgrade", "abandon", "escalate", "defend")

// ownSideNouns name, after "his"/"its"/"the", the body a speaker acts
// for when it promises to act.
var ownSideNouns = set("government", "company", "firm", "group", "country", "forces", "army",
	"administration", "union", "party", "ministry", "bank")

// conditionalThreat finds "if X, <speaker's side> will <act>" (or "<side>
// would <act> if X") in words the sentence attributes to speaker. It
// returns a threat cue on the "if"/"unless".
func (an *analysis) conditionalThreat(i int, speaker *entity) (cue, bool) {
	s := an.d.sents[i]
	info := &an.info[i]
	toks := s.toks
	for k, t := range toks {
		if !t.is("if", "unless") || !attributed(s, info, k) {
			continue
		}
		if !t.inQuote && !reportedClause(s, k) {
			continue
		}
		cond := clauseSubject(s, k+1)
		if cond.empty() || an.isSelf(s, cond.from, speaker) {
			continue // "if we win, we will …" is a promise, not a threat
		}
		// the consequence: after the condition's comma, or before "if"
		from, to := 0, k
		if c := nextComma(s, k); c > k && (k == 0 || toks[k-1].kind == tokQuote || toks[k-1].is("that") || toks[k-1].text == ",") {
			from, to = c+1, len(toks)
		}
		if an.selfWillAct(s, from, to, speaker) {
			return cue{class: cueThreat, at: k, subjectAt: -1, owner: -1}, true
		}
	}
	return cue{}, false
}

// reportedClause reports whether toks[k] stands after a reporting verb
// of its sentence ("Solheim said that if …").
func reportedClause(s *sentence, k int) bool {
	for j := k - 1; j >= 0; j-- {
		t := s.toks[j]
		if t.kind == tokWord && (reportVerbs[t.lower] || verbCues[t.lower] != cueNone) {
			return true
		}
	}
	return false
}

func nextComma(s *sentence, k int) int {
	for j := k + 1; j < len(s.toks); j++ {
		if s.toks[j].text == "," {
			return j
		}
		if s.toks[j].kind == tokQuote && !s.toks[j].open {
			return -1
		}
	}
	return -1
}

// selfWillAct finds, in toks[from:to], the speaker's side as subject of
// "will/would/shall (be ready to / immediately) <action>".
func (an *analysis) selfWillAct(s *sentence, from, to int, speaker *entity) bool {
	for k := from; k+2 < to; k++ {
		if !an.isSelf(s, k, speaker) {
			continue
		}
		n := k + 1
		if n < to && ownSideNouns[s.toks[n].lower] {
			n++ // "his government would …"
		}
		for n < to && s.toks[n].kind == tokWord && s.toks[n].cap && !s.toks[n].is("will", "would") {
			n++ // the rest of a name: "South Korea would …"
		}
		if n >= to || !s.toks[n].is("will", "would", "shall", "could", "wo") {
			continue
		}
		n++
		for n < to && (s.toks[n].is("be", "ready", "prepared", "forced", "obliged", "have", "to", "not", "hesitate", "then", "also", "immediately", "certainly", "simply", "quickly") || strings.HasSuffix(s.toks[n].lower, "ly") && !s.toks[n].cap) {
			n++
		}
		if n < to && conditionalActions[s.toks[n].lower] {
			return true
		}
	}
	return false
}

// isSelf reports whether toks[k] names the speaker's own side: "we" or
// "I" in a quotation, "it"/"they" for a body or group speaker, or a name
// of the speaker or of the country or body it acts for ("Norway" for
// Norway's minister, "Beijing" for a Chinese spokesman).
func (an *analysis) isSelf(s *sentence, k int, speaker *entity) bool {
	t := s.toks[k]
	if t.kind != tokWord {
		return false
	}
	switch {
	case t.is("we", "i", "our"):
		return t.inQuote
	case t.is("his", "her", "its", "their", "the") && !t.inQuote && k+1 < len(s.toks) && ownSideNouns[s.toks[k+1].lower]:
		// "said his government would …": a body the speaker stands for
		// "the government" may be anybody's opponent; "the company" or
		// "the union" is the speaker's own body
		return t.lower != "the" || (speaker.typ == typeOrg || speaker.affiliation != "") && !governmentHeads[s.toks[k+1].lower] && !s.toks[k+1].is("country", "army", "forces")
	case t.is("it"):
		return speaker.typ == typeOrg && !t.inQuote
	case t.is("they"):
		return speaker.typ == typeGroup && !t.inQuote
	}
	if !t.cap || functionWords[t.lower] {
		return false
	}
	e := k
	for e < len(s.toks) && s.toks[e].kind == tokWord && s.toks[e].cap && !functionWords[s.toks[e].lower] {
		e++
		if s.toks[e-1].poss {
			break
		}
	}
	name := cleanOwner(phraseText(s, k, e))
	key := actorKey(name)
	if ent, ok := lookupActor(name); ok {
		key = ent.Key
	}
	if key == "" {
		return false
	}
	for _, own := range []string{speaker.name, speaker.affiliation} {
		if own == "" {
			continue
		}
		ok := actorKey(own)
		if ent, found := lookupActor(own); found {
			ok = ent.Key
		}
		if ok == key || strings.HasSuffix(ok, " "+key) {
			return true
		}
	}
	return false
}
