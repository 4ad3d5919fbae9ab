package warnings

import (
	"strings"

	"redline/briefing/actors"
)

// nounPhrase is what the extractor understood of a subject or object
// phrase: a pronoun, a proper name with its titles, or a description.
type nounPhrase struct {
	text        string // as written, fillers removed
	pronoun     string // "he", "she", "they", "it" when the phrase is one
	name        string // the proper name, titles removed ("Vladimir Putin")
	titles      []string
	head        string // lower-case head noun of a description ("adviser")
	plural      bool
	definite    bool // starts with "the" or a possessive
	indefinite  bool // starts with "a"/"an"
	affiliation string
	country     bool // the name is a country or stands for one (capital, seat)
	// agentive: the phrase is the subject of "warn" or "caution", whose
	// subject is somebody even when the noun is not a known role
	agentive bool
	org      bool
	person   bool
	male     bool
	female   bool
}

// phraseText returns the verbatim text of toks[i:j] of s.
func phraseText(s *sentence, i, j int) string {
	if i >= j {
		return ""
	}
	return strings.TrimSpace(s.text[s.toks[i].start:s.toks[j-1].end])
}

// analyseNP reads toks[i:j] of s as a noun phrase.
func analyseNP(s *sentence, i, j int) (nounPhrase, bool) {
	var np nounPhrase
	// fillers: "But", "Meanwhile", "particularly"
	for i < j && s.toks[i].kind == tokWord && leadingFillers[s.toks[i].lower] {
		i++
	}
	for i < j && s.toks[i].kind != tokWord {
		i++
	}
	for j > i && s.toks[j-1].kind != tokWord {
		j--
	}
	if i >= j || j-i > 16 {
		return np, false
	}
	np.text = phraseText(s, i, j)
	first := s.toks[i]
	if j-i == 1 {
		switch {
		case personPronouns[first.lower]:
			np.pronoun = first.lower
			return np, true
		case pluralPronouns[first.lower] || first.lower == "we":
			np.pronoun = "they"
			return np, true
		case thingPronouns[first.lower]:
			np.pronoun = "it"
			return np, true
		}
	}
	if first.is("the", "this", "these", "those") {
		np.definite = true
	}
	if first.is("a", "an", "one") {
		np.indefinite = true
	}
	// "the chairman of the Police Federation": a role of an organisation
	for k := i; k < j; k++ {
		t := s.toks[k]
		if !t.is("of", "at", "from", "in") {
			continue
		}
		hasRole := false
		for x := i; x < k; x++ {
			if s.toks[x].kind == tokWord && (!s.toks[x].cap || x == i && isGroupNoun(s.toks[x].lower)) && (roleNouns[s.toks[x].lower] || isGroupNoun(s.toks[x].lower) || titleWords[s.toks[x].lower]) {
				hasRole = true
				np.head = s.toks[x].lower
			} else if s.toks[x].cap && !functionWords[s.toks[x].lower] {
				hasRole = false
				if last := s.toks[k-1]; x < k-1 && last.kind == tokWord && !last.cap && isGroupNoun(last.lower) {
					// "Union leaders at MG Rover": a capitalised modifier
					hasRole = true
					np.head = last.lower
				}
				break
			}
		}
		if hasRole {
			np.affiliation = affiliationOf(phraseText(s, k+1, j), orgAfter(s, k+1, j))
			np.plural = isGroupNoun(np.head)
			return np, true
		}
		break
	}
	// "the Institute for Fiscal Studies think-tank", "the Unison union":
	// a name followed by the kind of body it is
	scanEnd, bodyKind := j, false
	if last := s.toks[j-1]; j-i >= 2 && last.kind == tokWord && !last.cap && (orgRoleNouns[last.lower] || bodyKinds[last.lower]) {
		if prev := s.toks[j-2]; prev.kind == tokWord && prev.cap && !prev.poss && !functionWords[prev.lower] && !isDemonymOnly(prev.text) && !isCountryName(prev.text) {
			if _, party := partyAdjectives[prev.lower]; !party {
				scanEnd, bodyKind = j-1, true
			}
		}
	}
	if k, ok := personOfBody(s, i, scanEnd); ok {
		// "Dr Vivienne Nathanson of the British Medical Association": the
		// person speaks, the body after "of" is whom for
		np.nameFrom(s, i, k, i)
		if !np.org {
			np.person = true
			np.affiliation = orgAfter(s, k+1, j)
			return np, true
		}
		np = nounPhrase{text: np.text, definite: np.definite, indefinite: np.indefinite}
	}
	// the last run of capitalised words is the name; words before it are
	// titles, demonyms, parties or an owning organisation
	nameEnd, nameStart := -1, -1
	for k := scanEnd - 1; k >= i; k-- {
		t := s.toks[k]
		if t.kind != tokWord {
			if nameStart >= 0 {
				break
			}
			continue
		}
		capWord := t.cap && !functionWords[t.lower] && !calendarWords[t.lower]
		if nameEnd < 0 {
			if nameSuffixes[t.lower] && t.cap && k > i {
				continue
			}
			if !capWord {
				// the phrase ends in a common noun: a description, not a name
				break
			}
			if k == i && j-i == 1 && (groupNouns[t.lower] || roleNouns[t.lower]) && !partyNouns[t.lower] {
				// "Analysts warned": a capitalised common noun
				break
			}
			if capWord {
				nameEnd = k + 1
				nameStart = k
				if t.poss && k < j-1 {
					// "PwC's global chief executive": a possessive owner, not the name
					nameEnd, nameStart = -1, -1
					np.affiliation = cleanOwner(t.text)
					break
				}
			}
			continue
		}
		if capWord || ((t.lower == "of" || t.lower == "for" || t.lower == "and" || t.lower == "the" || t.lower == "de" || t.lower == "von" || t.lower == "van" || t.lower == "&") && k > i && s.toks[k-1].cap) {
			if t.poss {
				break
			}
			nameStart = k
			continue
		}
		break
	}
	// of-phrases after the name give the affiliation: "Richard Yamarone of Argus Research"
	if nameStart >= 0 {
		for k := i; k < nameStart; k++ {
			if s.toks[k].is("of", "from", "at") {
				break
			}
		}
	}
	if nameStart >= i+3 && nameEnd-nameStart >= 3 && s.toks[nameStart-1].is("the") && s.toks[nameStart-2].is("to", "of", "for", "at") && allNameWords(s, nameStart, nameEnd) && hasTitleBefore(s, i, nameStart) {
		// "Chief Secretary to the Treasury Paul Boateng": the office's
		// body, then its holder, whose name is the last two words
		nameStart = nameEnd - 2
	}
	if nameStart >= 0 {
		np.nameFrom(s, nameStart, nameEnd, i)
		if bodyKind {
			np.org, np.person = true, false
		}
	}
	// head noun of a description: the last lower-case word before any "of"
	if np.name == "" {
		for k := i; k < j; k++ {
			t := s.toks[k]
			if t.is("of", "from", "at", "for", "in", "who", "which", "with") {
				// "the chairman of the Police Federation": affiliation after "of"
				if np.affiliation == "" && k+1 < j {
					np.affiliation = orgAfter(s, k+1, j)
				}
				break
			}
			if np.head != "" && t.kind == tokWord && !t.cap && strings.HasSuffix(t.lower, "ing") {
				break // "Experts studying the seas": the head came before
			}
			// a capitalised plural opening the sentence ("Tenants who…")
			initialGroup := t.kind == tokWord && t.cap && !t.allUpper && isGroupNoun(t.lower) && !partyNouns[t.lower] && (k == 0 || s.toks[k-1].kind == tokQuote)
			if t.kind == tokWord && (!t.cap || groupNouns[t.lower] && !partyNouns[t.lower] || roleNouns[t.lower] && k == j-1) || (t.kind == tokWord && t.allUpper && strings.HasSuffix(t.text, "s")) || initialGroup {
				np.head = t.lower
			} else if t.kind == tokWord && t.cap && !functionWords[t.lower] && np.affiliation == "" && (k > 0 || t.allUpper) {
				np.affiliation = s.toks[k].text
			}
			if t.kind == tokWord && t.cap && t.poss {
				np.definite = true // "North Korea's state media" is one known party
			}
		}
		if np.head == "" {
			return np, false
		}
		if isGroupNoun(np.head) || strings.HasSuffix(np.head, "s") && !strings.HasSuffix(np.head, "ss") && !agentNouns[np.head] && np.head != "minutes" {
			np.plural = true
		}
		np.affiliation = affiliationOf(np.text, np.affiliation)
	}
	return np, true
}

// nameFrom fills the name fields from the capitalised run toks[a:b];
// phrase words from i to a are titles or modifiers.
// personOfBody finds "of", "from" or "at" after a person's name of two
// or three capitalised words (personal titles aside) that opens toks[i:j]
// and before a capitalised body: "Dr Vivienne Nathanson of the British
// Medical Association". Names of bodies ("Royal Bank of Scotland") and
// offices ("Director General of the CBI") do not qualify.
func personOfBody(s *sentence, i, j int) (int, bool) {
	a := i
	for a < j && s.toks[a].kind == tokWord && s.toks[a].is("mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "professor", "prof") && s.toks[a].cap {
		a++
	}
	k := a
	for k < j && s.toks[k].kind == tokWord && s.toks[k].cap && !s.toks[k].poss && !functionWords[s.toks[k].lower] {
		w := s.toks[k].lower
		if titleWords[w] || roleNouns[w] || orgRoleNouns[w] || orgHeads[w] || bodyKinds[w] || calendarWords[w] {
			return 0, false
		}
		if _, ok := lookupDemonym(s.toks[k].text); ok {
			return 0, false
		}
		k++
	}
	if k-a < 2 || k-a > 3 || k+2 > j || !s.toks[k].is("of", "from", "at") {
		return 0, false
	}
	next := s.toks[k+1]
	if next.is("the") && k+2 < j {
		next = s.toks[k+2]
	}
	if next.kind != tokWord || !next.cap || functionWords[next.lower] {
		return 0, false
	}
	if _, ok := lookupActor(phraseText(s, i, k)); ok {
		return 0, false
	}
	return k, true
}

func (np *nounPhrase) nameFrom(s *sentence, a, b, i int) {
	// a person's name follows the last title of the run: "US Treasury
	// Secretary John Snow", "Bank of England Governor Mervyn King"
	for x := b - 2; x >= a; x-- {
		t := s.toks[x]
		if !(titleWords[t.lower] || maleTitles[t.lower] || femaleTitles[t.lower]) || t.is("executive", "general", "major", "state", "trade", "home", "health", "party") {
			continue
		}
		if hasOrgHead(s, x+1, b) {
			break
		}
		for k := a; k <= x; k++ {
			if !s.toks[k].cap {
				continue
			}
			if titleWords[s.toks[k].lower] || maleTitles[s.toks[k].lower] || femaleTitles[s.toks[k].lower] {
				np.titles = append(np.titles, s.toks[k].lower)
				np.noteGender(s.toks[k].lower)
			}
		}
		np.affiliation = affiliationOf(phraseText(s, i, x+1), "")
		if np.affiliation == "" && x > a && !titleWords[s.toks[a].lower] {
			np.affiliation = phraseText(s, a, x) // "Treasury", "Bank of England"
		}
		a = x + 1
		break
	}
	// strip leading titles and demonyms inside the run
	orgName := hasOrgHead(s, a, b)
	for a < b-1 {
		t := s.toks[a]
		if s.toks[a+1].is("and", "of", "for", "&") {
			break // "Health and Safety Executive": part of the name
		}
		if (titleWords[t.lower] && !orgName) || femaleTitles[t.lower] || maleTitles[t.lower] {
			np.titles = append(np.titles, t.lower)
			np.noteGender(t.lower)
			a++
			continue
		}
		if _, ok := lookupDemonym(t.text); ok && !isCountryName(t.text) && !orgName {
			a++
			continue
		}
		if _, ok := partyAdjectives[t.lower]; ok && a+1 < b && titleWords[s.toks[a+1].lower] {
			a++
			continue
		}
		break
	}
	for k := i; k < a; k++ {
		t := s.toks[k]
		if t.kind == tokWord && !t.cap {
			np.titles = append(np.titles, t.lower)
			np.noteGender(t.lower)
		}
	}
	name := phraseText(s, a, b)
	name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")
	np.name = name
	last := s.toks[b-1]
	if e, ok := lookupActor(name); ok {
		// countries take their usual name ("Seoul" → South Korea); bodies
		// keep the article's form ("the IMF")
		if e.Kind == actors.Country {
			np.name = e.Name
			np.country = true
		}
		np.org = true
		return
	}
	for _, t := range np.titles {
		if orgRoleNouns[t] {
			np.org = true
			break
		}
		if titleWords[t] || maleTitles[t] || femaleTitles[t] {
			np.person = true
		}
	}
	if np.org {
		np.person = false
	}
	if last.allUpper || orgHeads[last.lower] || hasOrgHead(s, a, b) {
		np.org = true
		np.person = false
		if strings.HasSuffix(last.text, "s") && (last.allUpper || groupNouns[last.lower]) && !partyNouns[last.lower] {
			// "Labour MPs", "Tories": a group
			np.org = false
			np.plural = true
		}
	}
	np.affiliation = affiliationOf(phraseText(s, i, a), "")
}

func (np *nounPhrase) noteGender(w string) {
	if maleTitles[w] {
		np.male = true
	}
	if femaleTitles[w] {
		np.female = true
	}
}

func hasOrgHead(s *sentence, a, b int) bool {
	for k := a; k < b; k++ {
		if orgHeads[s.toks[k].lower] {
			return true
		}
	}
	return false
}

func isCountryName(w string) bool {
	e, ok := lookupActor(w)
	return ok && e.Kind == actors.Country
}

func cleanOwner(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "’s")
	return strings.TrimSuffix(w, "'")
}

// orgAfter returns the capitalised name starting at or after toks[k].
func orgAfter(s *sentence, k, j int) string {
	for k < j && s.toks[k].is("the", "a", "an") {
		k++
	}
	e := k
	for e < j && s.toks[e].kind == tokWord && (s.toks[e].cap || (s.toks[e].is("of", "and", "for") && e+1 < j && s.toks[e+1].cap)) {
		e++
	}
	if e == k {
		return ""
	}
	if e < j && s.toks[e].kind == tokWord && orgHeads[s.toks[e].lower] {
		e++ // "the Public and Commercial Services union"
	}
	return phraseText(s, k, e)
}

// affiliationOf finds the country or body a title or description speaks
// for, through the gazetteer (demonyms, capitals), the main parties, or
// an owning organisation named before the role ("CBI chief economist").
func affiliationOf(title, fallback string) string {
	if title == "" {
		return fallback
	}
	if e, ok := affiliationFromTitle(title); ok {
		return e.Name
	}
	for w := range strings.FieldsSeq(title) {
		if p, ok := partyAdjectives[strings.ToLower(strings.Trim(w, ",.'’"))]; ok {
			return p
		}
	}
	if fallback != "" {
		return fallback
	}
	// a leading acronym or name: "JP Morgan Securities analyst"
	var caps []string
	for w := range strings.FieldsSeq(title) {
		lw := strings.ToLower(w)
		if functionWords[lw] {
			continue
		}
		if w == "" || !isUpperStart(w) || titleWords[lw] {
			// the run must stand before a role: "CBI chief economist"
			if len(caps) > 0 && !(titleWords[lw] || roleNouns[lw]) {
				caps = nil
			}
			break
		}
		caps = append(caps, strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	}
	return strings.Join(caps, " ")
}

func isUpperStart(w string) bool {
	r := []rune(w)
	return len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z'
}

// allNameWords: toks[a:b] are capitalised words, none a function word.
func allNameWords(s *sentence, a, b int) bool {
	for k := a; k < b; k++ {
		if t := s.toks[k]; t.kind != tokWord || !t.cap || functionWords[t.lower] || t.poss {
			return false
		}
	}
	return true
}

// hasTitleBefore: a title word ("secretary", "ambassador") in toks[a:b].
func hasTitleBefore(s *sentence, a, b int) bool {
	for k := a; k < b; k++ {
		if titleWords[s.toks[k].lower] {
			return true
		}
	}
	return false
}

// bodyKinds are the kinds of body a name may be followed by ("the Adam
// Smith Institute think-tank") besides those of orgRoleNouns.
var bodyKinds = set("think-tank", "thinktank", "charity", "lobby", "campaign", "party", "committee", "commission")
