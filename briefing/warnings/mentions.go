package warnings

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"redline/briefing/actors"
)

// entityKind says what a mention names; it decides which pronoun may
// refer back to it and whether it can be a party to a warning at all.
type entityKind uint8

const (
	kindThing   entityKind = iota // not a party: "the plan", "prices"
	kindPerson                    // a named person: "Vikram Misri"
	kindCountry                   // a country, its capital or seat: "Pakistan", "Seoul", "the Kremlin"
	kindOrg                       // a named body: "the IMF", "China's Commerce Ministry"
	kindRole                      // one person described: "a security adviser", "the minister"
	kindBody                      // one body described: "the ministry", "the company"
	kindGroup                     // people described in the plural: "analysts", "Iranian leaders"
	kindPronoun                   // a pronoun, until resolved
)

var kindNames = [...]string{"thing", "person", "country", "org", "role", "body", "group", "pronoun"}

func (k entityKind) String() string { return kindNames[k] }

// party reports whether the kind can give or receive a warning.
func (k entityKind) party() bool { return k != kindThing && k != kindPronoun }

// mention is one noun phrase that may name a party.
type mention struct {
	sent        int
	tok         int    // head token in the sentence's tree; -1 when found without one
	start, end  int    // byte offsets in the sentence
	text        string // the phrase as written
	name        string // the proper name in it, titles removed ("Dong Jun")
	title       string // the words of office before the name ("Chinese Defense Minister")
	head        string // lemma of the head noun ("minister", "ministry")
	kind        entityKind
	pronoun     string // "he", "she", "it", "they", "we", "i"
	plural      bool
	definite    bool   // "the minister", "the ministry": refers back
	affiliation string // the country or body it acts for, as the gazetteer names it
	country     string // gazetteer key of the country or body it is or belongs to
	female      bool
	male        bool
	ent         *entity // what it refers to, once resolved
	owner       *entity // whose plan, move or law it is ("Israel's actions", "the Tory plans")
	orgHead     bool    // the name stands in apposition to a body noun
	weak        bool    // the name is the gazetteer's for a capital, seat or demonym that stands for it
	guessed     bool    // typed a person only for having two to four capitalised words
	// ownedBy is the possessive pronoun of the phrase ("his country", "our
	// territory"): the speaker's own side when it speaks of it
	ownedBy string
}

// bodyNouns head descriptions of bodies rather than people.
var bodyNouns = setOf("ministry", "government", "company", "firm", "embassy", "department", "agency",
	"administration", "council", "committee", "commission", "bank", "group", "organisation",
	"organization", "union", "party", "court", "office", "army", "military", "force", "regime",
	"authority", "board", "bureau", "parliament", "cabinet", "kremlin", "alliance", "coalition",
	"fund", "institute", "association", "federation", "agency", "service", "police", "navy",
	"airline", "business", "watchdog", "regulator", "insurer", "retailer", "manufacturer",
	"campaign", "charity", "network", "website", "newspaper", "broadcaster", "movement",
	"legislature", "senate", "congress", "assembly", "team", "club", "league", "university", "militia",
	"junta", "cartel", "gang", "faction", "opposition", "leadership", "command", "regime", "delegation",
	"school", "hospital", "state", "country", "nation", "republic", "city", "region")

// peopleNouns head plural descriptions that speak: "analysts warn".
// nameOwners are the words for a people that open names with a
// possessive ("People's Liberation Army", "Workers' Party").
var nameOwners = setOf("people", "peoples", "workers", "citizens", "women", "farmers", "students", "veterans", "patriots")

var peopleNouns = setOf("analyst", "expert", "economist", "official", "leader", "minister", "critic",
	"campaigner", "activist", "observer", "lawmaker", "legislator", "mp", "politician", "diplomat",
	"scientist", "researcher", "doctor", "investor", "trader", "union", "resident", "protester",
	"rebel", "militant", "group", "member", "representative", "envoy", "commander", "general",
	"senator", "authority", "agency", "government", "nation", "country", "state", "ally",
	"opponent", "supporter", "worker", "employer", "executive", "manager", "boss", "chief",
	"lawyer", "prosecutor", "judge", "regulator", "watchdog", "spokesman", "spokeswoman",
	"spokesperson", "people", "firm", "company", "bank", "lender", "insurer", "retailer",
	"manufacturer", "farmer", "student", "teacher", "parent", "patient", "user", "consumer",
	"victim", "family", "fighter", "troop", "soldier", "force", "police", "officer", "source",
	"insider", "adviser", "advisor", "aide", "strategist", "planner", "academic", "professor",
	"insurgent", "separatist", "demonstrator", "militant", "jihadist", "extremist", "hardliner",
	"voter", "citizen", "neighbour", "neighbor", "partner", "rival", "enemy", "adversary", "hacker",
	"smuggler", "trafficker", "terrorist", "attacker", "guard", "staff", "crew", "pilot", "operator")

// agentNoun reports whether a noun names people by what they do
// ("suppliers", "publishers", "pensioners", "economists"), by its ending.
func agentNoun(lemma string) bool {
	if notAgents[lemma] {
		return false
	}
	for _, suf := range []string{"er", "or", "ist", "ian", "ant", "ent", "ee", "eer"} {
		if strings.HasSuffix(lemma, suf) && len(lemma) > len(suf)+3 {
			return true
		}
	}
	return false
}

// notAgents end like agent nouns but name things.
var notAgents = setOf(
	"number", "order", "matter", "paper", "letter", "center", "centre", "power", "water", "computer",
	"chapter", "border", "quarter", "corner", "barrier", "disorder", "winter", "summer", "monitor",
	"sector", "factor", "error", "motor", "corridor", "indicator", "percent", "event", "incident",
	"element", "moment", "comment", "payment", "statement", "document", "argument", "investment",
	"government", "department", "settlement", "agreement", "development", "movement", "environment",
	"treatment", "equipment", "amount", "account", "content", "extent", "talent", "budget", "point",
	"guarantee", "committee", "degree", "ancient", "arrangement", "announcement", "measurement",
	"requirement", "management", "register", "trigger", "pressure", "answer", "cancer", "shelter",
	"character", "operator", "calculator", "generator", "reactor", "tractor", "vector", "restaurant",
	"plant", "grant", "variant")

// quantityWords head phrases whose "of" phrase names the people.
var quantityWords = setOf("million", "thousand", "hundred", "dozen", "billion", "some", "many", "most",
	"one", "two", "three", "several", "all", "majority", "minority", "number", "group", "lot", "scores", "none", "each", "any")

// documentEndings end the names of laws, treaties and papers: things,
// never a party warned.
var documentEndings = setOf("bill", "act", "treaty", "agreement", "accord", "accords", "report", "law",
	"directive", "plan", "strategy", "convention", "resolution", "protocol", "charter", "code",
	"declaration", "doctrine", "initiative", "programme", "program", "scheme", "review", "budget",
	"statement", "constitution", "amendment", "pact", "deal", "memorandum", "guidelines", "rules",
	"regulation", "regulations", "index", "survey", "study", "summit", "conference", "election",
	"referendum", "war", "crisis", "day", "week", "month", "year", "cup", "games", "olympics")

// calendarWords are capitalised but name no party.
var calendarWords = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "today", "yesterday", "tomorrow",
	"christmas", "easter", "ramadan", "eid", "thanksgiving", "hanukkah", "diwali", "passover")

// timeNouns name a time, never a party ("officials last week").
var timeNouns = setOf("week", "weekend", "month", "year", "day", "night", "morning", "afternoon", "evening", "hour", "time")

// orgName reports whether a name ends like a body's ("Commerce
// Ministry", "Bank of Japan" does not, "Kotak Institutional Equities"
// neither): such a name keeps all its words.
func orgName(name string) bool {
	last := strings.ToLower(lastWord(name))
	return bodyNouns[last] || actors.IsOrgEnding(last)
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// npRels are the dependents that belong to a noun phrase's own words.
var npRels = setOf("det", "det:poss", "amod", "compound", "flat", "flat:foreign", "nmod:poss", "nummod",
	"case", "nmod", "nmod:npmod", "fixed", "goeswith")

// nounPhrase returns the tokens of the noun phrase headed by h: its
// determiners, modifiers, compounds and possessor, and a following "of",
// "for" or "from" phrase ("a spokesman for the Chinese embassy"); not its
// relative clauses, appositions or conjuncts.
func (t *tree) nounPhrase(h int) (from, to int) {
	from, to = h, h+1
	for _, k := range t.kids[h] {
		r := t.toks[k].Rel
		if !npRels[r] {
			continue
		}
		if r == "case" {
			continue // the phrase's own preposition ("in", "of") is not part of it
		}
		if r == "nmod" {
			c := t.caseOf(k)
			if k < h || (c != "of" && c != "for" && c != "from" && c != "at" && c != "in") {
				continue
			}
			// "the minister of defence", never a whole clause of "in"-phrases
			if c == "in" && t.tag(k) != "PROPN" {
				continue
			}
		}
		a, b := t.subtree(k)
		from, to = min(from, a), max(to, b)
	}
	// no quotation marks or commas at the edges
	for from < to && t.tag(from) == "PUNCT" {
		from++
	}
	for to > from && t.tag(to-1) == "PUNCT" {
		to--
	}
	return from, to
}

// mentionAt reads the noun phrase headed by token h of a parsed sentence.
func (t *tree) mentionAt(h int) mention {
	if quantityWords[t.lemma(h)] {
		// "millions of workers", "some of the firms": the people are the "of" phrase
		for _, n := range t.kids[h] {
			if t.toks[n].Rel == "nmod" && t.caseOf(n) == "of" {
				inner := t.mentionAt(n)
				from, to := t.nounPhrase(h)
				inner.tok, inner.start, inner.end, inner.text = h, t.toks[from].Start, t.toks[to-1].End, t.textOf(from, to)
				return inner
			}
		}
	}
	from, to := t.nounPhrase(h)
	m := mention{sent: t.sent, tok: h, start: t.toks[from].Start, end: t.toks[to-1].End, text: t.textOf(from, to)}
	tok := t.toks[h]
	m.head = tok.Lemma
	m.plural = tok.XTag == "NNS" || tok.XTag == "NNPS"
	if tok.Tag == "PRON" {
		m.pronoun = strings.ToLower(tok.Text)
		m.kind = kindPronoun
		switch m.pronoun {
		case "he", "him", "his":
			m.pronoun, m.male = "he", true
		case "she", "her", "hers":
			m.pronoun, m.female = "she", true
		case "they", "them", "their":
			m.pronoun, m.plural = "they", true
		case "it", "its":
			m.pronoun = "it"
		case "we", "us", "our":
			m.pronoun, m.plural = "we", true
		case "i", "me", "my":
			m.pronoun = "i"
		default:
			m.kind = kindThing // "anyone", "this", "who"
		}
		return m
	}
	if d := t.child(h, "det"); d >= 0 {
		switch t.lemma(d) {
		case "the", "this", "that":
			m.definite = true
		}
	}
	// the name: the run of proper nouns around the head, read from the
	// words themselves (a parser often splits "Health Secretary John Reid")
	nameFrom, nameTo := h, h+1
	if t.nameWord(h) {
		for nameFrom > 0 && (t.nameWord(nameFrom-1) || t.joinsName(nameFrom-1) || t.nameParticle(nameFrom-1) ||
			nameFrom >= 2 && t.joinsParticle(nameFrom-2) && t.nameParticle(nameFrom-2)) {
			nameFrom--
		}
		for nameTo < len(t.toks) && (t.nameWord(nameTo) || t.joinsName(nameTo) || t.nameParticle(nameTo)) {
			if t.joinsName(nameTo) || t.nameParticle(nameTo) && t.joinsParticle(nameTo) {
				nameTo++ // the hyphen and the syllable after it: "Ho-jin", "al-Assad"
			}
			nameTo++
		}
		// "People's Daily", "Workers' Party": a people's word with its
		// "'s" before the head is the name's first part, not an owner
		if nameFrom >= 2 && t.toks[nameFrom-1].Tag == "PART" && possessiveMark(t.toks[nameFrom-1].Text) &&
			t.nameWord(nameFrom-2) && nameOwners[t.lower(nameFrom-2)] {
			nameFrom -= 2
		}
		// "British Beer and Pub Association": an "and" inside a body's name
		if nameTo+1 < len(t.toks) && t.lower(nameTo) == "and" && t.nameWord(nameTo+1) {
			end := nameTo + 1
			for end < len(t.toks) && t.nameWord(end) {
				end++
			}
			if orgName(t.textOf(nameTo+1, end)) {
				nameTo = end
			}
		}
		// "Bank of Japan", "People's Daily": an "of" or "'s" inside a name
		for nameTo+1 < len(t.toks) && (t.lower(nameTo) == "of" || t.lower(nameTo) == "for" || t.toks[nameTo].Tag == "PART" && h > nameTo) && t.nameWord(nameTo+1) {
			end := nameTo + 1
			for end < len(t.toks) && t.nameWord(end) {
				end++
			}
			nameTo = end
		}
		from, to = min(from, nameFrom), max(to, nameTo)
		m.start, m.end, m.text = t.toks[from].Start, t.toks[to-1].End, t.textOf(from, to)
		m.name = t.textOf(nameFrom, nameTo)
	}
	// "Foreign Ministry spokesman Kong Quan": the words of office just
	// before a name are its title, however the parser hung them
	if m.name != "" {
		for nameFrom > 0 && from >= nameFrom && t.titleWord(nameFrom-1) {
			nameFrom--
			from = nameFrom
		}
		m.start, m.text = t.toks[from].Start, t.textOf(from, to)
	}
	before := t.textOf(from, nameFrom)
	// "budget airline Virgin Blue": a name right after a description
	// names it, however the parser hung it
	if m.name == "" && tok.Tag == "NOUN" && h+1 < len(t.toks) && t.nameWord(h+1) && t.toks[h+1].Start == t.toks[h].End+1 {
		end := h + 1
		for end < len(t.toks) && (t.nameWord(end) || t.joinsName(end)) {
			end++
		}
		if name := t.textOf(h+1, end); !strings.Contains(name, ",") {
			if _, isPlace := lookupActor(name); !isPlace {
				before = strings.TrimSpace(t.textOf(from, h+1))
				m.name = name
				m.end, m.text = t.toks[end-1].End, t.textOf(from, end)
				if bodyNouns[strings.ToLower(tok.Lemma)] {
					m.orgHead = true
				}
			}
		}
	}
	// "The Information Commissioner, Richard Thomas", "budget airline
	// Virgin Blue": the name stands in apposition to a description
	if tok.Tag != "PROPN" || actors.StripTitles(m.name) == "" {
		for _, a := range t.kids[h] {
			if r := t.toks[a].Rel; a > h && (r == "appos" || r == "flat" || r == "compound") && t.tag(a) == "PROPN" {
				if app := t.mentionAt(a); app.name != "" {
					before = strings.TrimSpace(t.textOf(from, a))
					m.name = app.name
					if bodyNouns[strings.ToLower(tok.Lemma)] {
						m.orgHead = true // "budget airline Virgin Blue"
					}
					break
				}
			}
		}
	}
	m.classify(before, t.possessor(h))
	if p := t.child(h, "nmod:poss"); p >= 0 && t.tag(p) == "PRON" {
		m.ownedBy = strings.ToLower(t.toks[p].Text)
	}
	if m.name == "" {
		m.text = t.descriptionOf(h, from, to)
	}
	return m
}

// titleWord reports whether token k is a word of office or a capitalised
// word before a name ("Foreign Ministry spokesman", "Chinese").
func (t *tree) titleWord(k int) bool {
	tok := t.toks[k]
	if tok.Tag == "PUNCT" || tok.Tag == "DET" || tok.Tag == "ADP" || tok.Tag == "VERB" || tok.Tag == "PRON" {
		return false
	}
	return actors.IsTitleWord(tok.Text) || t.nameWord(k) || bodyNouns[strings.ToLower(tok.Text)]
}

// joinsName reports whether token k is a hyphen or apostrophe written
// inside a name without spaces ("Jean-Claude", "Nagorno-Karabakh").
func (t *tree) joinsName(k int) bool {
	if k <= 0 || k+1 >= len(t.toks) {
		return false
	}
	tok := t.toks[k]
	switch tok.Text {
	case "-", "‐", "'", "’":
	default:
		return false
	}
	if t.toks[k-1].End != tok.Start || tok.End != t.toks[k+1].Start || !isCapitalised(t.cased[t.toks[k-1].Start:t.toks[k-1].End]) {
		return false
	}
	// "Jean-Claude", "O'Neill"; and a name's short lower-case syllable: "Ho-jin", "Jong-un"
	next := t.toks[k+1].Text
	return isCapitalised(next) || tok.Text != "'" && tok.Text != "’" && len(next) <= 4 && allLetters(next)
}

// nameParticle reports whether token k is a lower-case particle inside a
// person's name: "Abdel Fattah el-Sisi", "Ursula von der Leyen".
func (t *tree) nameParticle(k int) bool {
	if k <= 0 || k+1 >= len(t.toks) || !nameParticles[t.toks[k].Text] || !t.nameWord(k-1) && !t.isParticle(k-1) {
		return false
	}
	if actors.IsOrgEnding(t.toks[k-1].Text) {
		return false // a body's name ("Banque de France") is the gazetteer's or the parser's
	}
	next := k + 1
	if t.joinsParticle(k) {
		next = k + 2 // "al-Assad"
	}
	return next < len(t.toks) && (t.nameWord(next) || t.isParticle(next) && next+1 < len(t.toks) && t.nameWord(next+1))
}

// isParticle reports whether token k is a particle word, whatever is
// around it ("von" of "von der").
func (t *tree) isParticle(k int) bool {
	return k >= 0 && k < len(t.toks) && nameParticles[t.toks[k].Text]
}

// joinsParticle: a hyphen right after particle k ("al-").
func (t *tree) joinsParticle(k int) bool {
	if k+2 >= len(t.toks) {
		return false
	}
	h := t.toks[k+1]
	return (h.Text == "-" || h.Text == "‐") && t.toks[k].End == h.Start && h.End == t.toks[k+2].Start
}

var nameParticles = setOf("el", "al", "bin", "ibn", "van", "von", "de", "da", "di", "du", "der", "den", "del", "la", "le", "dos", "das")

// nameWord reports whether token k may be part of a proper name: a
// proper noun, or a capitalised adjective or noun that is not the first
// word of the sentence or of a quotation ("Chinese Defense Minister").
func (t *tree) nameWord(k int) bool {
	tok := t.toks[k]
	if !isCapitalised(t.cased[tok.Start:tok.End]) {
		return false
	}
	if notNameWords[strings.ToLower(tok.Text)] {
		return false
	}
	switch tok.Tag {
	case "PROPN":
		return true
	case "ADJ", "NOUN":
		if k == 0 {
			// "Chinese Defense Minister Dong Jun": a capitalised first word
			// belongs to a name that goes on
			return len(t.toks) > 1 && isCapitalised(t.cased[t.toks[1].Start:t.toks[1].End]) && (t.tag(1) == "PROPN" || t.tag(1) == "NOUN" || t.tag(1) == "ADJ")
		}
		return !t.opensClause(k)
	}
	return false
}

// notNameWords are words a tagger may read as proper nouns at the start
// of a sentence but that never begin a name.
var notNameWords = setOf("as", "the", "a", "an", "but", "and", "or", "if", "when", "while", "after",
	"before", "since", "although", "though", "because", "meanwhile", "however", "in", "on", "at",
	"for", "with", "from", "by", "to", "of", "this", "that", "these", "those", "it", "he", "she",
	"they", "we", "i", "there", "here", "then", "now", "so", "yet", "also", "still", "even",
	"according", "speaking", "asked", "despite", "during", "under", "over", "among", "amid", "amidst",
	"following", "without", "within", "against", "about", "across", "through", "toward", "towards")

// opensClause reports whether token k opens a quotation or a clause in
// the middle of the sentence (after a colon, a quote mark or a dash).
func (t *tree) opensClause(k int) bool {
	switch t.toks[k-1].Text {
	case "“", "\"", ":", "‘", "—", "–":
		return true
	}
	return false
}

// maxDescriptionWords bounds a description used as a name, and
// maxRelativeWords the relative clause it may carry ("who had not updated
// their software").
const (
	maxDescriptionWords = 12
	maxRelativeWords    = 6
)

// descriptionOf is a description fit to name a party: the whole phrase
// with its relative clause when short ("home users who had not updated
// their software", "firms with large deficits"), else the noun phrase,
// else its words up to the head.
func (t *tree) descriptionOf(h, from, to int) string {
	wf, wt := h, h+1
	told := t.toks[h].Rel == "obj" && t.head(h) >= 0 && toldVerbs[t.lemma(t.head(h))]
	for _, k := range t.kids[h] {
		a, b := t.subtree(k)
		switch t.toks[k].Rel {
		case "appos", "conj", "cc", "punct", "parataxis", "dep", "case", "acl", "advcl", "ccomp", "xcomp",
			"mark", "aux", "cop", "obl", "obl:tmod", "obl:npmod", "nmod:tmod", "nsubj", "obj":
			continue // a clause's words, hung on the noun by a parser's slip ("As one backbencher said")
		case "acl:relcl":
			if b-a > maxRelativeWords {
				continue // a long clause is a sentence of its own, or a parser's slip
			}
			if w := strings.ToLower(t.toks[a].Text); !relativePronouns[w] && w != "whose" {
				continue // no "who" or "that": another clause the parser hung here
			}
		case "nmod":
			// "warned spammers of big fines": what they are warned of is
			// not who they are
			if told {
				continue
			}
			// "the foreign minister on Thursday": when is not who
			if calendarWords[t.lower(k)] || timeNouns[t.lemma(k)] {
				continue
			}
			// an "of"-phrase with a subject or a copula of its own is a
			// clause the parser hung here
			if t.child(k, "nsubj", "cop") >= 0 {
				continue
			}
		}
		wf, wt = min(wf, a), max(wt, b)
	}
	for wt > wf && t.tag(wt-1) == "PUNCT" {
		wt--
	}
	// never open on a comma or a preposition (", from the union")
	for wf < h && (t.tag(wf) == "PUNCT" || t.tag(wf) == "ADP" || t.tag(wf) == "CCONJ") {
		wf++
	}
	switch {
	case wt-wf <= maxDescriptionWords && !t.crossesQuote(wf, wt):
		return t.textOf(wf, wt)
	case to-from <= maxDescriptionWords:
		return t.textOf(from, to)
	}
	return t.textOf(max(from, h-maxDescriptionWords+1), h+1)
}

// crossesQuote reports whether tokens [from, to) open or close a
// quotation, which a name must not.
func (t *tree) crossesQuote(from, to int) bool {
	for k := from; k < to; k++ {
		switch t.toks[k].Text {
		case "\"", "“", "”":
			return true
		}
	}
	return false
}

// possessor returns the text of the possessor of h ("Iran" of "Iran's
// Foreign Ministry"), or "".
func (t *tree) possessor(h int) string {
	p := t.child(h, "nmod:poss")
	if p < 0 || t.tag(p) == "PRON" {
		return ""
	}
	a, b := t.nounPhrase(p)
	s := t.textOf(a, b)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	return strings.TrimSpace(s)
}

// classify sets the kind, affiliation and name of a mention from its
// words: the gazetteer first, then titles and head nouns.
func (m *mention) classify(before, owner string) {
	if m.name != "" {
		m.name = trimPossessive(m.name)
		if calendarWords[strings.ToLower(m.name)] {
			m.name, m.kind = "", kindThing
			return
		}
		if e, ok := lookupActor(m.name); ok {
			m.setGazetteer(e)
			m.useGazetteerName(e)
			if m.kind == kindCountry && m.head != "" && bodyNouns[m.head] && !strings.EqualFold(m.head, lastWord(m.name)) {
				m.kind = kindOrg // "the Chinese government" reads as China anyway
			}
		} else if stripped := actors.StripTitles(m.name); stripped == "" && !orgName(m.name) {
			m.title, m.name = m.name, "" // only titles: "Foreign Minister"
		} else if stripped != m.name && strings.HasSuffix(m.name, " "+stripped) && !orgName(m.name) {
			// "Health Secretary John Reid": the title goes, the person stays
			m.title = strings.TrimSpace(strings.TrimSuffix(m.name, stripped))
			m.name = stripped
			m.kind = nameKind(stripped)
			if e, ok := lookupActor(stripped); ok {
				m.setGazetteer(e)
				m.useGazetteerName(e)
			}
		} else {
			m.kind = nameKind(m.name)
			// a bare name of two to four words is taken for a person's, but
			// "it" may yet show it to be a company's ("Virgin Blue … it warned")
			m.guessed = m.kind == kindPerson && m.title == "" && before == ""
		}
		if m.orgHead && m.kind == kindPerson {
			m.kind = kindOrg
		}
	}
	if t := strings.TrimSpace(before); t != "" && m.title == "" {
		m.title = t
	}
	if m.affiliation == "" {
		for _, phrase := range []string{owner, m.title, m.text} {
			if phrase == "" {
				continue
			}
			if e, ok := affiliationFromTitle(phrase); ok && e.Key != m.country {
				m.affiliation, m.country = e.Name, e.Key
				break
			}
		}
	}
	if m.name == "" && m.kind == kindThing {
		switch {
		case bodyNouns[m.head] && !m.plural:
			m.kind = kindBody
			if owner != "" || m.affiliation != "" {
				m.kind = kindOrg // "China's Commerce Ministry"
			}
		case actors.IsTitleWord(m.head) && !actors.IsHonorific(m.head) && !m.plural:
			m.kind = kindRole // (an honorific alone heads nothing: "£100m" is no "M.")
		case m.plural && (peopleNouns[m.head] || actors.IsTitleWord(m.head) || agentNoun(m.head)):
			m.kind = kindGroup
		case m.affiliation != "" && m.plural:
			m.kind = kindGroup // "the Russians"
		}
	}
	switch {
	case strings.HasPrefix(m.title, "Mrs") || strings.HasPrefix(m.title, "Ms") || strings.Contains(strings.ToLower(m.title), "woman"):
		m.female = true
	case strings.HasPrefix(m.title, "Mr") || strings.Contains(strings.ToLower(m.title), "spokesman"):
		m.male = true
	}
}

func (m *mention) setGazetteer(e actors.Entity) {
	if e.Kind == actors.Country {
		m.kind = kindCountry
		m.country = e.Key
	} else {
		m.kind = kindOrg
		m.country = e.Key
		if e.Country != "" {
			if owner, ok := actors.ByKey(e.Country); ok {
				m.affiliation = owner.Name
			}
		}
	}
}

// nameKind guesses what a name outside the gazetteer names: a body when it
// ends like one ("Commerce Ministry", "Hamas Movement"), else a person
// when it has two or three words, else nothing known.
func nameKind(name string) entityKind {
	words := strings.Fields(name)
	if documentEndings[strings.ToLower(lastWord(name))] {
		return kindThing // "the Constitutional Reform Bill", "the Paris Agreement"
	}
	if orgName(name) {
		return kindOrg
	}
	if allUpper(name) && len(words) == 1 {
		return kindOrg // an acronym: "DNP", "CSTO"
	}
	if len(words) >= 2 && len(words) <= 4 {
		for _, w := range words {
			if actors.IsTitleWord(w) && !isCapitalised(w) {
				return kindThing
			}
		}
		return kindPerson
	}
	return kindOrg
}

func allLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func allUpper(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(s, suf) {
			return strings.TrimSpace(s[:len(s)-len(suf)])
		}
	}
	return s
}

// surfaceMentions finds the names of a sentence that is not parsed: the
// gazetteer's countries and bodies, and runs of capitalised words that are
// not the sentence's first word alone. They feed the discourse model, so
// that "he" and "the minister" of a later sentence find who was named.
func surfaceMentions(i int, s *sentence) []mention {
	var out []mention
	taken := make([]bool, len(s.text)+1)
	for _, g := range actors.Mentions(s.text) {
		if g.Form == actors.FormDemonym {
			// "the Belarusian government said": a country's body
			if m, ok := demonymBody(i, s, g); ok {
				out = append(out, m)
			}
			continue
		}
		m := mention{sent: i, tok: -1, start: g.Start, end: g.End, text: g.Text, name: g.Text}
		if g.Form != actors.FormName && g.Form != actors.FormAbbreviation {
			m.name, m.weak = g.Entity.Name, true
		}
		m.setGazetteer(g.Entity)
		out = append(out, m)
		for k := g.Start; k < g.End; k++ {
			taken[k] = true
		}
	}
	toks := s.toks
	for k := 0; k < len(toks); k++ {
		if toks[k].kind != tokWord || !toks[k].cap || taken[toks[k].start] {
			continue
		}
		if notNameWords[toks[k].lower] {
			continue
		}
		j := k
		for j+1 < len(toks) && toks[j+1].kind == tokWord && toks[j+1].cap && !taken[toks[j+1].start] && !toks[j].poss && !notNameWords[toks[j+1].lower] {
			j++
		}
		if j == k && (k == 0 || toks[k].allUpper) {
			continue // "But", "The": one capitalised word opening a sentence
		}
		text := s.text[toks[k].start:toks[j].end]
		m := mention{sent: i, tok: -1, start: toks[k].start, end: toks[j].end, text: text, name: text}
		m.classify("", "")
		if m.kind != kindThing && m.name != "" {
			out = append(out, m)
		}
		k = j
	}
	return out
}

// bodyModifiers may stand between a demonym and a body's noun ("the
// Chinese foreign ministry").
var bodyModifiers = setOf("foreign", "defence", "defense", "state", "federal", "interior", "finance", "trade")

// demonymBody reads a country's demonym followed by a body's noun ("the
// Belarusian government", "Chinese foreign ministry") in a sentence that
// was not parsed as a mention of that body, which speaks for the country.
func demonymBody(i int, s *sentence, g actors.Mention) (mention, bool) {
	if g.Entity.Kind != actors.Country {
		return mention{}, false
	}
	for _, tok := range s.toks {
		if tok.start < g.End {
			continue
		}
		if tok.kind != tokWord || tok.cap && !bodyNouns[tok.lower] {
			return mention{}, false
		}
		if bodyNouns[tok.lower] {
			m := mention{sent: i, tok: -1, start: g.Start, end: tok.end, text: s.text[g.Start:tok.end], head: tok.lower, definite: true}
			m.kind, m.country, m.affiliation = kindOrg, g.Entity.Key, g.Entity.Name
			return m, true
		}
		if !bodyModifiers[tok.lower] {
			return mention{}, false
		}
	}
	return mention{}, false
}

// useGazetteerName keeps the article's own words for a gazetteer entity
// ("the US", "the IMF": the reader and the evaluation's annotators name
// it so), unless they only stand for it — a capital, a seat, a
// demonym ("Beijing", "the Kremlin", "Israeli") — when the entity's own
// name is used and marked weak, to give way to a proper mention.
func (m *mention) useGazetteerName(e actors.Entity) {
	surface := strings.TrimSpace(m.name)
	for _, g := range mentionsOf(surface) {
		if g.Start == 0 && g.End == len(surface) && (g.Form == actors.FormName || g.Form == actors.FormAbbreviation) {
			m.name = surface
			return
		}
	}
	m.name, m.weak = e.Name, true
}

// headOrName is the word that says what the mention is: its head noun,
// else its name.
func (m *mention) headOrName() string {
	if m == nil {
		return ""
	}
	if m.head != "" {
		return m.head
	}
	return m.name
}
