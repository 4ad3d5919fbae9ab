package warnings

import "strings"

// cue is one place in a sentence where a warning or threat is stated.
type cue struct {
	class   cueClass
	at      int  // token index of the cue word
	verb    bool // a cue verb outside quotes: its subject is the speaker
	passive bool // "was warned (by X)": the subject is the addressee
	// subjectAt is the token whose left context holds the speaker (the
	// cue verb, the light verb or the form of "be"); -1 when the speaker
	// comes from the sentence's attribution (a phrase, a quote)
	subjectAt int
	agent     span // "by X" of a passive, "from X" of a noun
	owner     int  // token of a possessive owner ("Russia's warning"), or -1
}

// cueStarts holds every word cueAt may accept, so that findCues looks
// most words up once.
var cueStarts = func() map[string]bool {
	m := set("red", "mistake", "mistakes", "error", "consequences", "price", "risk", "risks", "risked", "risking",
		"danger", "dangers", "face", "faces", "facing", "unless", "vowed", "vows", "vow",
		"pledged", "promised", "hesitate")
	for _, words := range []map[string]bool{phraseWords, fearAdjectives} {
		for w := range words {
			m[w] = true
		}
	}
	for w := range verbCues {
		m[w] = true
	}
	for w := range cueNouns {
		m[w] = true
	}
	return m
}()

// findCues returns the warning cues of a sentence, in token order.
func findCues(s *sentence) []cue {
	var out []cue
	toks := s.toks
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.kind != tokWord || !cueStarts[t.lower] {
			continue
		}
		if c, ok := cueAt(s, k); ok {
			out = append(out, c)
		}
	}
	return out
}

// prevWord returns the word just before toks[k] (over a dash), or -1
// when punctuation stands between.
func prevWord(s *sentence, k int) (token, int) {
	for j := k - 1; j >= 0; j-- {
		if s.toks[j].kind == tokWord {
			return s.toks[j], j
		}
		if s.toks[j].kind != tokPunct || s.toks[j].text != "-" {
			return token{}, -1
		}
	}
	return token{}, -1
}

// nextWord returns the word just after toks[k], or -1.
func nextWord(s *sentence, k int) (token, int) {
	if k+1 < len(s.toks) && s.toks[k+1].kind == tokWord {
		return s.toks[k+1], k + 1
	}
	return token{}, -1
}

// cueAt decides whether toks[k] is a cue and of which kind.
func cueAt(s *sentence, k int) (cue, bool) {
	t := s.toks[k]
	w := t.lower
	c := cue{at: k, subjectAt: -1, owner: -1}
	prev, pi := prevWord(s, k)
	next, ni := nextWord(s, k)

	// inside a quotation any cue word counts: the quotation's speaker says it
	if t.inQuote {
		if class, ok := verbCues[w]; ok && !(w == "fear" || w == "fears") {
			c.class = class
			return c, !(pi >= 0 && notSpeechWarning[prev.lower]) && !(ni >= 0 && notSpeechWarning[next.lower])
		}
		if class, ok := cueNouns[w]; ok && class != cueFear && lightBefore(s, k) {
			c.class = class
			return c, true
		}
	}

	// verbs: warn, caution, threaten, urge, fear
	if class, ok := verbCues[w]; ok && !t.inQuote {
		isNoun := false
		switch {
		case w == "warning" || w == "threatening":
			// a verb after "be" ("is warning") or before an object or "that"
			isNoun = !(pi >= 0 && beForms[prev.lower]) && !(ni >= 0 && (next.is("that", "of", "against", "about") || next.cap))
			if pi >= 0 && prev.is("a", "the", "its", "his", "her", "their", "this", "renewed", "stark", "new", "fresh", "profit", "strong", "clear", "no", "such", "any") {
				isNoun = true
			}
			if pi < 0 && !isNoun && t.cap {
				isNoun = true
			}
		case w == "fear" || w == "fears":
			// "critics fear", not "the fear", "fears of"
			isNoun = pi < 0 || prev.poss || prev.is("the", "a", "their", "his", "her", "its", "our", "growing", "raised", "raising", "amid", "of", "new", "renewed", "any", "some", "such", "these", "those", "expressing", "voiced", "deep", "real", "great", "serious") || ni >= 0 && next.is("of", "over", "for", "about") || prev.kind == tokWord && prev.lower == "that"
			if !isNoun && pi >= 0 && (functionWords[prev.lower] && !pluralPronouns[prev.lower] && !personPronouns[prev.lower] && !prev.is("we", "i", "it", "also", "still", "now", "already")) {
				isNoun = true
			}
		case w == "feared":
			// "it is feared" has no speaker
			if pi >= 0 && beForms[prev.lower] {
				return c, false
			}
		}
		if class == cueUrge && !urgesRestraint(s, k) && !s.headline {
			// "urged X to invest" is a call, not a warning; "urged X not
			// to", "urged caution" are
			return c, false
		}
		if !isNoun {
			c.class = class
			c.verb = true
			c.subjectAt = k
			if strings.HasSuffix(w, "ed") && pi >= 0 && beForms[prev.lower] && !prev.is("growing") {
				c.passive = true
				if ni >= 0 && next.lower == "by" {
					c.agent = phraseRight(s, ni+1, agentStops)
				}
			}
			// "threatened" as an adjective: "threatened species"
			if w == "threatened" && ni >= 0 && !next.is("to", "that", "the", "a", "legal", "strike", "action", "further", "retaliation", "sanctions", "in", "on", "last", "again", "repeatedly", "earlier", "yesterday", "them", "him", "her", "it", "us", "with", "its", "their", "his", "military", "force") && !next.cap {
				return c, false
			}
			// headline "UK urged", "Iran warned over tests": a bare past
			// participle (headlines tell active news in the present)
			if s.headline && strings.HasSuffix(w, "ed") && (k == lastWordIndex(s) || ni >= 0 && next.is("over", "on", "about", "against", "after", "to", "not", "by")) {
				c.passive = true
			}
			return c, true
		}
	}

	// nouns with a light verb, a possessive or "from X"
	if class, ok := cueNouns[w]; ok && !t.inQuote {
		if notSpeechWarning[prev.lower] || ni >= 0 && notSpeechWarning[next.lower] {
			return c, false
		}
		if (w == "threat" || w == "threats") && ni >= 0 && next.is("of", "from") && !lightBefore(s, k) {
			// "the threat of inflation" is a topic; "threat from X" names no speaker here
			return c, false
		}
		if negatedBefore(s, k) || pi >= 0 && prev.is("such") && negatedBefore(s, pi) {
			// "made no such threats", "gave no warning": none was made
			return c, false
		}
		if ignoredBefore(s, k) && !(ni >= 0 && next.is("from", "by")) {
			// "the government ignored repeated warnings": whose warnings
			// is not said; the one who says they were ignored did not warn
			return c, false
		}
		if lb := lightVerbBefore(s, k); lb >= 0 {
			c.class = class
			c.subjectAt = lb
			if p, pj := prevWord(s, lb); pj >= 0 && strings.HasSuffix(s.toks[lb].lower, "ing") && p.is("when", "while", "by", "after", "before", "without", "for", "of", "on", "in") {
				// "…were ignored when raising concerns": the subject is
				// somebody's, not a speaker's; the attribution decides
				c.subjectAt = -1
			}
			return c, true
		}
		if pi >= 0 && prev.poss && prev.cap {
			if class == cueFear && reportedClause(s, pi) {
				// "the spokesman said Pakistan's fears were unfounded":
				// somebody else's fears, reported to be dismissed
				return c, false
			}
			c.class = class
			c.owner = pi
			return c, true
		}
		if ni >= 0 && next.is("from", "by") {
			c.class = class
			c.agent = phraseRight(s, ni+1, nounAgentStops)
			return c, true
		}
		if w == "threat" && ni >= 0 && next.lower == "to" {
			// "renews threat to send weapons": the threat is an action here
			if n2, _ := nextWord(s, ni); n2.kind == tokWord && !n2.cap && !functionWords[n2.lower] {
				c.class = class
				c.subjectAt = k
				return c, s.headline
			}
		}
		return c, false
	}

	// "vowed to retaliate": a vow to act against somebody is a threat
	if (w == "vowed" || w == "vows" || w == "vow" || w == "pledged" || w == "promised") && !t.inQuote && ni >= 0 && next.is("to") && vowedAction(s, ni) {
		c.class = cueThreat
		c.verb = true
		c.subjectAt = k
		return c, true
	}

	// "X is worried / concerned / alarmed"
	if fearAdjectives[w] && !t.inQuote && pi >= 0 && beBefore(s, k) >= 0 {
		pi = beBefore(s, k)
		if p2, _ := prevWord(s, pi); p2.kind == tokWord && (modals[p2.lower] || p2.lower == "to") {
			// "might be concerned" is a guess about somebody, not their words
			return c, false
		}
		if ni >= 0 && next.is("about", "that", "over", "by", "at") {
			c.class = cueFear
			c.subjectAt = pi
			return c, true
		}
	}

	// phrase cues, for attributed speech
	switch {
	case w == "red" && ni >= 0 && (next.lower == "line" || next.lower == "lines"):
		c.class = cuePhrase
		return c, true
	case (w == "mistake" || w == "mistakes" || w == "error") && pi >= 0 && mistakeAdj[prev.lower]:
		c.class = cuePhrase
		return c, true
	case w == "consequences" && pi >= 0 && (consequenceAdj[prev.lower] || prev.is("face", "suffer", "bear")):
		c.class = cuePhrase
		return c, true
	case w == "price" && pi >= 0 && isPayPrice(s, k):
		c.class = cuePhrase
		return c, true
	case w == "risk" && pi >= 0 && prev.is("at") && !(ni >= 0 && next.is("of")):
		// "jobs are at risk"
		c.class = cuePhrase
		return c, true
	case (w == "risk" || w == "risks") && pi >= 0 && (riskAdj[prev.lower] || ni >= 0 && next.is("that", "of") && !prev.is("the", "low", "lower", "reduced", "little", "no", "minimal")):
		c.class = cuePhrase
		return c, true
	case (w == "risk" || w == "risks" || w == "risked" || w == "risking") && pi >= 0 && ni >= 0 && !next.cap && strings.HasSuffix(next.lower, "ing") && len(next.lower) >= 5 && !prev.is("the", "a", "of", "no", "low", "little"):
		// "the industry risked alienating its customers"
		c.class = cuePhrase
		return c, true
	case (w == "mistake" || w == "error") && pi >= 0 && prev.is("a", "an") && isModalBe(s, pi):
		// "it would be a mistake to …"
		c.class = cuePhrase
		return c, true
	case (w == "risk" || w == "danger") && pi >= 0 && prev.is("the") && ni >= 0 && next.is("of") && riskIsReal(s, k):
		// "the risk of a trade war was real"
		c.class = cuePhrase
		return c, true
	case (w == "danger" || w == "dangers") && ni >= 0 && next.is("that", "of"):
		// "there is a danger that…", "in danger of…"
		c.class = cuePhrase
		return c, true
	case (w == "face" || w == "faces" || w == "facing") && pi >= 0 && (modals[prev.lower] || prev.is("to")) && penaltyWithin(s, k, 7):
		// "would face jail", "could face fines"
		c.class = cuePhrase
		return c, true
	case phraseWords[w]:
		if negatedBefore(s, k) {
			// "This is a blow, but not a disaster": denied, not warned
			return c, false
		}
		c.class = cuePhrase
		return c, true
	case w == "unless":
		c.class = cueCondition
		return c, true
	case w == "hesitate" && pi >= 0 && prev.is("not", "never") && ni >= 0 && next.is("to"):
		// "would not hesitate to respond": a promise to act, so a threat
		if act, ai := nextWord(s, ni); ai >= 0 && (conditionalActions[act.lower] || act.is("use")) {
			c.class = cueThreat
			return c, true
		}
	}
	return c, false
}

// ignoredBefore: "ignored", "heeded" or "dismissed" within three words
// before toks[k].
func ignoredBefore(s *sentence, k int) bool {
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		if s.toks[j].kind != tokWord {
			return false
		}
		if s.toks[j].is("ignored", "ignore", "ignores", "ignoring", "heeded", "heed", "unheeded", "dismissed", "disregarded") {
			return true
		}
	}
	return false
}

// negatedBefore: a negation governs toks[k] within three words, past
// articles and degree words ("not a disaster", "isn't so dangerous",
// "won't be chaos").
func negatedBefore(s *sentence, k int) bool {
	for j, n := k-1, 0; j >= 0 && n < 3; j-- {
		t := s.toks[j]
		if t.kind != tokWord {
			return false
		}
		if t.is("not", "no", "never", "nothing", "hardly", "nor") || strings.HasSuffix(t.lower, "n't") || strings.HasSuffix(t.lower, "n’t") {
			return true
		}
		if !t.is("a", "an", "any", "the", "so", "too", "very", "that", "particularly", "especially", "remotely", "be", "been", "going", "at", "all") {
			return false
		}
		n++
	}
	return false
}

func lastWordIndex(s *sentence) int {
	for k := len(s.toks) - 1; k >= 0; k-- {
		if s.toks[k].kind == tokWord {
			return k
		}
	}
	return -1
}

// lightVerbBefore finds "issued a (stark) warning", "renewed its threat",
// "raised fears": a light verb within three words before the noun.
func lightVerbBefore(s *sentence, k int) int {
	for j := k - 1; j >= 0 && k-j <= 4; j-- {
		t := s.toks[j]
		if t.kind != tokWord {
			return -1
		}
		if lightVerbs[t.lower] {
			return j
		}
	}
	return -1
}

func lightBefore(s *sentence, k int) bool { return lightVerbBefore(s, k) >= 0 }

// isPayPrice matches "pay a (heavy) price".
func isPayPrice(s *sentence, k int) bool {
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		if s.toks[j].is("pay", "pays", "paid", "paying") {
			return true
		}
	}
	return false
}

// beBefore finds a form of "be" just before toks[k], over adverbs ("were
// also concerned").
func beBefore(s *sentence, k int) int {
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		t := s.toks[j]
		if t.kind != tokWord {
			return -1
		}
		if beForms[t.lower] {
			return j
		}
		if !verbGap[t.lower] && !t.is("very", "deeply", "increasingly", "so", "too", "particularly", "extremely", "really", "seriously", "more", "most", "rightly", "right") {
			return -1
		}
	}
	return -1
}

// penalties after "would face" make a threat of punishment.
var penalties = set("jail", "prison", "fines", "fine", "prosecution", "sanctions", "charges",
	"penalties", "expulsion", "dismissal", "suspension", "action", "consequences", "lawsuits", "legal",
	"eviction", "deportation", "disqualification", "relegation", "ban", "bans")

func penaltyWithin(s *sentence, k, n int) bool {
	for j := k + 1; j < len(s.toks) && j-k <= n; j++ {
		if penalties[s.toks[j].lower] {
			return true
		}
	}
	return false
}

// urgesRestraint: "urged … not to", "urged … against", "urged caution".
func urgesRestraint(s *sentence, k int) bool {
	for j := k + 1; j < len(s.toks) && j-k <= 8; j++ {
		if s.toks[j].is("not", "against", "caution", "restraint", "never", "avoid", "refrain") {
			return true
		}
	}
	return false
}

// vowActions after "vowed to" make the vow a threat.
var vowActions = set("retaliate", "fight", "block", "oppose", "resist", "strike", "sue",
	"respond", "punish", "hit", "veto", "boycott", "challenge", "defeat", "stop", "expel")

func vowedAction(s *sentence, to int) bool {
	for j := to + 1; j < len(s.toks) && j-to <= 2; j++ {
		if vowActions[s.toks[j].lower] {
			return true
		}
	}
	return false
}

// isModalBe: "would be" or "will be" just before toks[k].
func isModalBe(s *sentence, k int) bool {
	b, bi := prevWord(s, k)
	if bi < 0 || !b.is("be") {
		return false
	}
	m, mi := prevWord(s, bi)
	return mi >= 0 && m.is("would", "will", "could")
}

// riskIsReal: "the risk of X is real / growing / high": within a few words
// a form of "be" followed by an adjective that asserts the risk.
func riskIsReal(s *sentence, k int) bool {
	for j := k + 2; j+1 < len(s.toks) && j-k <= 10; j++ {
		t := s.toks[j]
		if t.kind != tokWord {
			return false
		}
		if beForms[t.lower] {
			n := j + 1
			if n < len(s.toks) && s.toks[n].is("very", "now", "still", "also", "increasingly") {
				n++
			}
			return n < len(s.toks) && s.toks[n].is("real", "growing", "high", "rising", "serious", "great", "significant", "increasing", "considerable")
		}
	}
	return false
}
