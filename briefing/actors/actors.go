// Package actors recognises and normalises the parties of a warning:
// countries and territories (by name, short form, abbreviation, capital,
// seat of government and demonym) and international organisations, blocs,
// central banks and major state and non-state bodies, from an embedded
// gazetteer (data/*.txt), and gives every actor name a stable search key.
//
// Case rules avoid false hits in running text: abbreviations match only as
// written ("US", "U.S." but not "us"; "WHO" but not "who"), and every
// capitalised word of a name must be capitalised in the text ("China" but
// not "china" the porcelain, "Turkey" but not "turkey"). Names that are
// also given names or common words ("Jordan", "Chad", "Georgia") are
// ignored next to another capitalised word ("Michael Jordan", "Chad
// Smith"); a place is ignored where it is part of another name ("the
// Washington Post", "the Club of Madrid", "New Jersey", "Latin America")
// or follows "pro-"/"anti-". Ambiguous forms that belong to no single
// entity ("Congo", "Korea", "Congolese") are deliberately absent. Text
// typed by users, which may be all lower case, goes to LookupFold and
// MentionsFold instead.
//
// All functions are safe for concurrent use and never panic on any input;
// the gazetteer is parsed once, on first use.
package actors

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind says what an entity is.
type Kind uint8

const (
	Country      Kind = iota + 1 // a country or territory (ISO 3166-1, plus Kosovo)
	Organisation                 // an international organisation, bloc, central bank or state body
)

func (k Kind) String() string {
	switch k {
	case Country:
		return "country"
	case Organisation:
		return "organisation"
	}
	return "unknown"
}

// Entity is a country, territory or organisation of the gazetteer.
type Entity struct {
	Key     string // normalised search key: lower case, no accents ("south korea", "bank of england")
	Name    string // display name ("South Korea", "Bank of England")
	Kind    Kind
	Code    string // ISO 3166-1 alpha-2 code of a country ("KR"), ISO 3166-2 for the UK's four ("GB-SCT"); empty for organisations
	Country string // the key of the country, bloc or body it belongs to ("united kingdom" for the Bank of England and Scotland); else empty
}

// Form says how a mention names its entity.
type Form uint8

const (
	FormName         Form = iota + 1 // a name or other name ("South Korea", "Republic of Korea")
	FormAbbreviation                 // an abbreviation, matched case-sensitively ("ROK", "U.S.")
	FormCapital                      // the capital standing for the country ("Seoul")
	FormSeat                         // a seat of government or similar metonym ("the Kremlin", "Downing Street")
	FormDemonym                      // an adjective or people noun ("South Korean", "Russians")
)

func (f Form) String() string {
	switch f {
	case FormName:
		return "name"
	case FormAbbreviation:
		return "abbreviation"
	case FormCapital:
		return "capital"
	case FormSeat:
		return "seat"
	case FormDemonym:
		return "demonym"
	}
	return "unknown"
}

// Mention is one gazetteer entity named in a text.
type Mention struct {
	Start, End int    // byte offsets: Text == text[Start:End]; a leading "the" and a trailing "'s" are outside
	Text       string // the words as written ("Seoul", "U.S.", "South Korean")
	Entity     Entity
	Form       Form
	Possessive bool // followed by 's or ’s ("Russia's")
}

// matchMode selects the rules of a match.
type matchMode uint8

const (
	inText   matchMode = iota // running text: case rules, no list forms, context checks
	asName                    // a whole name as written: case rules, list forms allowed
	foldCase                  // a typed query: case-insensitive except word-like abbreviations
	inQuery                   // running text typed by a user: like inText, but case-insensitive as foldCase
)

func (m matchMode) running() bool { return m == inText || m == inQuery }
func (m matchMode) folded() bool  { return m == foldCase || m == inQuery }

// foldUnsafe lists abbreviations that spell an everyday word: even a
// case-insensitive query must write them in capitals.
var foldUnsafe = map[string]bool{"us": true, "who": true}

var tokenPool = sync.Pool{New: func() any { s := make([]token, 0, 64); return &s }}

// putTokens returns a token buffer to the pool unless a huge text grew it.
func putTokens(bufp *[]token, toks []token) {
	if cap(toks) <= 4096 {
		*bufp = toks
		tokenPool.Put(bufp)
	}
}

// Mentions returns every gazetteer entity named in text, in text order,
// non-overlapping, the longest match winning ("South Korean" over "Korean",
// "Bank of England" over "England"). Matching is by whole words: "Oman" is
// not found in "woman".
func Mentions(text string) []Mention {
	g := loadGazetteer()
	bufp := tokenPool.Get().(*[]token)
	toks := tokenize(text, (*bufp)[:0])
	var out []Mention
	g.scan(toks, inText, func(i, n int, f *form) bool {
		if out == nil {
			out = make([]Mention, 0, 8) // one allocation for a typical sentence
		}
		out = append(out, g.mention(text, toks, i, n, f))
		return true
	})
	putTokens(bufp, toks)
	return out
}

// MentionsFold is Mentions for text typed by a user, which may be all in
// lower case ("who warned seoul about north korea?"): case-insensitive,
// except that abbreviations that spell a word ("us", "who") must be in
// capitals.
func MentionsFold(text string) []Mention {
	g := loadGazetteer()
	bufp := tokenPool.Get().(*[]token)
	toks := tokenize(text, (*bufp)[:0])
	var out []Mention
	g.scan(toks, inQuery, func(i, n int, f *form) bool {
		out = append(out, g.mention(text, toks, i, n, f))
		return true
	})
	putTokens(bufp, toks)
	return out
}

// scan calls yield for each entity form found in toks, left to right,
// longest first, until yield returns false. A place inside the name of
// something else ("the Club of Madrid", "the Police Federation of England
// and Wales") is passed over.
func (g *gazetteer) scan(toks []token, mode matchMode, yield func(i, n int, f *form) bool) {
	skippedEnd := -1 // end of the last place passed over as part of a name
	for i := 0; i < len(toks); {
		if mode == inText && !toks[i].upper && !g.lowerStart[toks[i].norm[0]] {
			i++ // most lower-case words start no form: skip the map
			continue
		}
		f, n := g.matchAt(toks, i, mode)
		if f == nil {
			i++
			continue
		}
		if f.entity >= 0 {
			if inNameOf(toks, i) || (i >= 2 && skippedEnd == i-1 && toks[i-1].norm == "and") || opposedPrefix(toks, i) {
				skippedEnd = i + n
			} else if !yield(i, n, f) {
				return
			}
		}
		i += n
	}
}

// inNameOf reports whether toks[i] follows "Name of", where Name is a
// capitalised word that is not a title or a head that stands for the
// place's government ("President of Russia", "Government of India").
func inNameOf(toks []token, i int) bool {
	j := i - 1 // the "of"
	if j >= 0 && toks[j].norm == "the" {
		j--
	}
	if j < 1 || toks[j].norm != "of" || toks[j].gap != gapSpace || toks[j+1].gap != gapSpace {
		return false
	}
	head := toks[j-1]
	if head.initial && partitives[head.norm] {
		return false // "Most of Russia …"
	}
	return head.upper && !IsTitleWord(head.bare) && !governmentHeads[head.norm]
}

// partitives start a sentence with "X of" + place without naming anything.
var partitives = setOf("most", "some", "all", "much", "many", "part", "parts", "rest", "east",
	"west", "north", "south", "none", "each", "one", "any", "both", "either", "neither", "half",
	"instead", "ahead", "out", "because", "outside", "inside", "residents", "citizens", "people")

// opposedPrefix reports a "pro-" or "anti-" glued to the mention: a
// pro-Russian group is not Russian.
func opposedPrefix(toks []token, i int) bool {
	if i == 0 || toks[i].gap != gapHyphen || toks[i].start-toks[i-1].end != 1 {
		return false
	}
	switch toks[i-1].norm {
	case "pro", "anti", "non":
		return true
	}
	return false
}

// governmentHeads before "of" + place speak for the place.
var governmentHeads = setOf("government", "governments", "ministry", "ministries", "embassy",
	"consulate", "parliament", "people", "peoples", "state", "states", "republic", "kingdom",
	"army", "navy", "forces", "cabinet", "administration", "authorities", "regime",
	"leadership", "delegation", "mission", "office", "department", "council", "court", "crown",
	"affairs", "defence", "defense", "finance", "interior", "justice", "health", "trade",
	"economy", "energy", "agriculture", "education", "security", "intelligence", "services")

func (g *gazetteer) mention(text string, toks []token, i, n int, f *form) Mention {
	m := Mention{
		Start:  toks[i].start,
		End:    toks[i+n-1].end,
		Entity: g.entities[f.entity],
		Form:   f.kind,
	}
	m.Text = text[m.Start:m.End]
	if j := i + n; j < len(toks) && toks[j].norm == possessive && toks[j].gap == gapNone {
		m.Possessive = true
	}
	return m
}

// matchAt returns the longest form that starts at toks[i] and its length
// in tokens; nil when none does. Outside running text the form must cover
// all the remaining tokens.
func (g *gazetteer) matchAt(toks []token, i int, mode matchMode) (*form, int) {
	for _, f := range g.index[toks[i].norm] {
		n := len(f.toks)
		if i+n > len(toks) || (!mode.running() && i+n != len(toks)) {
			continue
		}
		if mode.running() && f.listOnly {
			continue
		}
		if !g.formMatches(f, toks[i:i+n], mode) {
			continue
		}
		if mode == inText && f.entity >= 0 && !contextAllows(f, toks, i, n) {
			continue
		}
		return f, n
	}
	return nil, 0
}

func (g *gazetteer) formMatches(f *form, toks []token, mode matchMode) bool {
	for k, t := range toks {
		if t.norm != f.toks[k] {
			return false
		}
		if k > 0 && mode.running() && t.gap == gapPunct {
			return false
		}
		switch {
		case f.exact != nil:
			if t.bare != f.exact[k] && (!mode.folded() || foldUnsafe[strings.Join(f.toks, " ")]) {
				return false
			}
		case f.caps[k] && !t.upper && !mode.folded():
			return false
		}
	}
	return true
}

// contextAllows rejects a match that its neighbours show to be something
// else: "the Washington Post", "USA Today", "Michael Jordan", "Chad Smith".
func contextAllows(f *form, toks []token, i, n int) bool {
	var next *token
	if j := i + n; j < len(toks) && toks[j].gap == gapSpace {
		next = &toks[j]
	}
	if next != nil && next.upper && f.kind != FormDemonym && titledSuffixes[next.norm] {
		return false
	}
	if !f.weak {
		return true
	}
	if next != nil && next.upper && !IsTitleWord(next.bare) {
		return false
	}
	if i > 0 && toks[i].gap == gapSpace {
		prev := toks[i-1]
		if prev.upper && !IsTitleWord(prev.bare) && (!prev.initial || !sentenceStarters[prev.norm]) {
			return false // "Michael Jordan", but "In Jordan"
		}
	}
	return true
}

// sentenceStarters are function words that are capitalised only because
// they start a sentence ("In Jordan, …").
var sentenceStarters = setOf("in", "to", "from", "for", "and", "but", "or", "nor", "with", "without",
	"like", "unlike", "as", "at", "by", "on", "of", "after", "before", "since", "until", "while",
	"when", "where", "if", "then", "even", "only", "also", "both", "neither", "either", "across",
	"within", "inside", "outside", "near", "beyond", "against", "about", "over", "under", "via",
	"including", "excluding", "neighbouring", "neighboring", "visiting", "the", "a", "an", "that",
	"this", "so", "yet", "though", "although", "because", "meanwhile", "unless", "whether", "why", "how")

// titledSuffixes are words that turn a place name before them into the
// name of something else: a newspaper, a university, a treaty.
var titledSuffixes = setOf(
	"post", "times", "herald", "journal", "tribune", "daily", "gazette", "telegraph",
	"mail", "express", "observer", "chronicle", "today", "independent", "standard",
	"university", "college", "airport", "marathon", "olympics", "zoo", "museum",
	"philharmonic", "orchestra", "symphony", "fc", "agreement", "agreements", "accord",
	"accords", "protocol", "convention", "consensus", "stock", "metro", "subway",
	"station", "province", "county", "district", "street", "avenue", "road",
	"abbey", "cathedral", "bridge",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// want selects the forms a whole-name lookup accepts.
type want uint8

const (
	wantNames    want = 1 << iota // every form but demonyms
	wantDemonyms                  // demonyms, and possessive names ("Britain's")
)

// lookupName matches a whole name. It drops a leading "the" and a trailing
// possessive. With both wants, names are preferred.
func (g *gazetteer) lookupName(name string, mode matchMode, w want) (Entity, bool) {
	if len(name) > 1000 {
		return Entity{}, false // no name is that long
	}
	var buf [16]token
	toks := tokenizeUpTo(name, buf[:0], g.longest+3)
	if len(toks) > g.longest+2 { // with "the" and "'s"
		return Entity{}, false
	}
	for _, kind := range []want{wantNames, wantDemonyms} {
		if w&kind == 0 {
			continue
		}
		toks := toks
		for _, skipThe := range []bool{false, true} {
			if skipThe {
				if len(toks) < 2 || toks[0].norm != "the" {
					break
				}
				toks = toks[1:]
			}
			if e, ok := g.wholeMatch(toks, mode, kind == wantDemonyms, false); ok {
				return e, true // "St John's" is a name with its 's
			}
			if n := len(toks); n > 1 && toks[n-1].norm == possessive {
				if e, ok := g.wholeMatch(toks[:n-1], mode, kind == wantDemonyms, true); ok {
					return e, true
				}
			}
		}
	}
	return Entity{}, false
}

// wholeMatch finds a form of the wanted kind that covers all of toks.
func (g *gazetteer) wholeMatch(toks []token, mode matchMode, demonyms, hadPossessive bool) (Entity, bool) {
	if len(toks) == 0 {
		return Entity{}, false
	}
	for _, f := range g.index[toks[0].norm] {
		if len(f.toks) != len(toks) || f.entity < 0 || !g.formMatches(f, toks, mode) {
			continue
		}
		isDemonym := f.kind == FormDemonym
		if (demonyms && (isDemonym || hadPossessive)) || (!demonyms && !isDemonym) {
			return g.entities[f.entity], true
		}
	}
	return Entity{}, false
}

// Lookup finds the entity a name stands for: a name, other name,
// abbreviation, capital or seat of government, with or without "the" or a
// possessive "'s" ("Seoul" → South Korea, "the Kremlin" → Russia,
// "U.S." → United States). It applies the case rules of running text
// ("us", "china", "turkey" are not found; "RUSSIA" is). Demonyms are the
// business of Demonym; typed queries that may be all lower case go to
// LookupFold.
func Lookup(name string) (Entity, bool) {
	return loadGazetteer().lookupName(name, asName, wantNames)
}

// LookupFold is Lookup for text typed by a user ("seoul", "north korea",
// "usa", "russian"): case-insensitive, demonyms included, except that
// abbreviations that spell a word ("us", "who") must be in capitals.
func LookupFold(query string) (Entity, bool) {
	return loadGazetteer().lookupName(query, foldCase, wantNames|wantDemonyms)
}

// Demonym finds the entity of a demonym or possessive name as written in
// text: "South Korean", "Russians", "Britain's", "the British".
func Demonym(word string) (Entity, bool) {
	return loadGazetteer().lookupName(word, asName, wantDemonyms)
}

// ByKey returns the entity with this key ("russia").
func ByKey(key string) (Entity, bool) {
	g := loadGazetteer()
	if i, ok := g.byKey[key]; ok {
		return g.entities[i], true
	}
	return Entity{}, false
}

// Owner returns the entity that e belongs to at the top: the country or
// bloc of an organisation, following the chain (the FOMC → the Federal
// Reserve → the United States; Scotland → the United Kingdom). ok is false
// when e belongs to nothing.
func Owner(e Entity) (Entity, bool) {
	g := loadGazetteer()
	owner, found := Entity{}, false
	for range 8 { // chains are short; the bound guards against a cycle in the data
		i, ok := g.byKey[e.Country]
		if !ok {
			break
		}
		e = g.entities[i]
		owner, found = e, true
	}
	return owner, found
}

// Entities returns every entity of the gazetteer, countries first, in data order.
func Entities() []Entity {
	return append([]Entity(nil), loadGazetteer().entities...)
}

// affiliationBlockers are prepositions after which a place is not the
// affiliation of the title before it ("ambassador to Russia").
var affiliationBlockers = setOf("to", "in", "at", "on", "against", "toward", "towards",
	"over", "about", "with", "into", "onto", "near", "across", "between", "than", "versus", "vs", "visiting")

// AffiliationFromTitle finds whom a title or description speaks for:
// "Russian President Vladimir Putin" → Russia; "a Seoul security adviser" →
// South Korea; "the Bank of England governor" → Bank of England (whose
// Country is the United Kingdom); "prime minister of Japan" → Japan. A
// place after "to", "in", "against"… is not an affiliation
// ("ambassador to Russia"), unless it is a demonym ("adviser to the
// Russian president").
func AffiliationFromTitle(phrase string) (Entity, bool) {
	g := loadGazetteer()
	bufp := tokenPool.Get().(*[]token)
	toks := tokenize(phrase, (*bufp)[:0])
	var found Entity
	ok := false
	g.scan(toks, inText, func(i, n int, f *form) bool {
		if f.kind == FormDemonym || !afterBlocker(toks, i) {
			found, ok = g.entities[f.entity], true
			return false
		}
		return true
	})
	putTokens(bufp, toks)
	return found, ok
}

func afterBlocker(toks []token, i int) bool {
	j := i - 1
	if j >= 0 && (toks[j].norm == "the" || toks[j].norm == "a" || toks[j].norm == "an") {
		j--
	}
	return j >= 0 && affiliationBlockers[toks[j].norm]
}

// Key returns the normalised search key of any actor name. A gazetteer
// entity gives its Key ("Moscow", "the Kremlin", "Russian" → "russia");
// any other name is cleaned of titles and honorifics, accents, dots and
// extra spaces, and lower-cased ("Mr Chang Ho-jin" → "chang ho-jin",
// "President Vladimir Putin" → "vladimir putin"). Equal names give equal
// keys; an empty name gives "". It is redline's one actor key: the
// extractor, the store and the digest all key actors with it.
//
// Key is memoised: an article, a history search or a digest asks about the
// same few names again and again.
func Key(name string) string {
	if name == "" {
		return ""
	}
	keyCache.Lock()
	k, ok := keyCache.m[name]
	keyCache.Unlock()
	if ok {
		return k
	}
	k = computeKey(name)
	keyCache.Lock()
	if len(keyCache.m) >= keyCacheSize {
		clear(keyCache.m) // bounded, so that a long-running bot does not grow it without end
	}
	keyCache.m[name] = k
	keyCache.Unlock()
	return k
}

// keyCacheSize bounds the names whose keys Key remembers.
const keyCacheSize = 8192

var keyCache = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

func computeKey(name string) string {
	s := cleanName(name)
	if s == "" {
		return ""
	}
	if e, ok := LookupFold(s); ok {
		return e.Key
	}
	// Titles are told from names by capitals: a name typed all in lower
	// case, or a key, keeps its words.
	if strings.ToLower(s) != s {
		if stripped := StripTitles(s); stripped != "" {
			s = stripped
		}
	}
	return normaliseKey(keyOf(s))
}

// normaliseKey drops what a key may not start or end with: punctuation,
// and leading articles and honorifics before other words. It is
// idempotent, which makes Key idempotent on its own results.
func normaliseKey(k string) string {
	for {
		next := strings.Trim(k, nameTrim)
		if first, rest, ok := strings.Cut(next, " "); ok && (first == "the" || first == "a" || first == "an" || IsHonorific(first)) {
			next = rest
		}
		if next == k {
			return k
		}
		k = next
	}
}

func trimArticle(s string) string {
	for _, a := range []string{"the ", "The ", "THE ", "a ", "A ", "an ", "An "} {
		if strings.HasPrefix(s, a) && len(s) > len(a) {
			return s[len(a):]
		}
	}
	return s
}

// keyOf lower-cases, folds accents, drops dots and collapses spaces.
// It lower-cases before folding, so that a capital whose small letter is
// spelt out (Ð → ð → d, Þ → þ → th, ẞ → ß → ss) folds as its small letter
// does, and again after, so that what folding spells is lower case too:
// a key is then its own key.
func keyOf(s string) string {
	s = foldAccents(strings.ToLower(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '"' || r == '“' || r == '”':
		case unicode.IsSpace(r):
			space = b.Len() > 0
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Canonical returns the display name for a key or name: an entity's Name
// ("russia", "Moscow", "the Kremlin" → "Russia"); otherwise the name
// without titles, capitalised when it was given all in lower case
// ("chang ho-jin" → "Chang Ho-jin").
func Canonical(name string) string {
	if e, ok := ByKey(name); ok {
		return e.Name
	}
	s := cleanName(name)
	if e, ok := LookupFold(s); ok {
		return e.Name
	}
	if stripped := StripTitles(s); stripped != "" {
		s = stripped
	} else {
		s = trimArticle(s)
	}
	if s == strings.ToLower(s) {
		s = capitaliseName(s)
	}
	return s
}

// nameTrim is what a name may not begin or end with.
const nameTrim = " \"'“”‘’,;:!?()[]"

// cleanName trims spaces, quotes and end punctuation and collapses spaces.
func cleanName(name string) string {
	s := strings.Join(strings.Fields(name), " ")
	s = strings.Trim(s, nameTrim)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return s
}

var nameParticles = setOf("von", "van", "der", "den", "de", "di", "da", "du", "del", "della",
	"la", "le", "al", "el", "bin", "ibn", "ben", "dos", "das", "ter", "ten", "y")

// capitaliseName capitalises each word of a lower-case name except
// particles ("ursula von der leyen" → "Ursula von der Leyen").
func capitaliseName(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if w == "" || (i > 0 && nameParticles[w]) {
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToTitle(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
