package actors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// honorifics precede a person's name ("Mr", "Dr", "Sheikh").
var honorifics = setOf(
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady",
	"madam", "madame", "mme", "monsieur", "m", "herr", "frau", "senor", "señor", "senora", "señora",
	"rev", "revd", "reverend", "fr", "father", "sheikh", "shaikh", "sheik", "imam", "rabbi",
	"ayatollah", "mullah", "hon", "honourable", "honorable", "excellency", "highness", "majesty",
	"sen", "rep", "gov", "gen", "col", "maj", "capt", "lt", "cmdr", "adm", "sgt", "cpl", "pte", "pvt",
	"brig", "supt", "insp", "det", "st", "mgr",
)

// titleWords are nouns of office and role ("president", "adviser",
// "spokeswoman"), plural forms included by IsTitleWord.
var titleWords = setOf(
	"president", "president-elect", "vice-president", "premier", "chancellor", "minister",
	"secretary", "secretary-general", "undersecretary", "under-secretary", "governor",
	"adviser", "advisor", "aide", "spokesman", "spokeswoman", "spokesperson", "official",
	"officer", "executive", "ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "chair",
	"chairperson", "analyst", "economist", "strategist", "ambassador", "envoy", "diplomat",
	"negotiator", "consul", "general", "commander", "commander-in-chief", "admiral", "colonel",
	"major", "captain", "lieutenant", "sergeant", "marshal", "brigadier", "chief", "head",
	"director", "director-general", "leader", "senator", "congressman", "congresswoman",
	"representative", "lawmaker", "legislator", "mp", "mep", "speaker", "deputy", "mayor",
	"king", "queen", "prince", "princess", "emir", "emperor", "empress", "sultan", "pope",
	"cardinal", "archbishop", "bishop", "attorney", "attorney-general", "prosecutor", "judge",
	"justice", "lawyer", "commissioner", "founder", "co-founder", "owner", "boss", "manager",
	"partner", "researcher", "professor", "expert", "scientist", "editor", "correspondent",
	"reporter", "politician", "campaigner", "activist", "member", "treasurer", "comptroller",
	"administrator", "inspector", "auditor", "superintendent", "councillor", "councilor",
	"counsellor", "counselor", "president's", "dictator", "monarch", "crown", "steward",
	"regent", "viceroy", "vice-chairman", "vice-chair", "vice-premier", "investor", "trader",
	"banker", "cleric", "general-secretary", "rapporteur", "coordinator", "co-ordinator",
	"principal", "provost", "dean", "rector", "counsel", "solicitor", "barrister",
	"governor-general", "taoiseach", "tanaiste", "spokespeople", "chiefs", "staff",
)

// titleModifiers qualify a title ("Foreign Minister", "Deputy Prime
// Minister", "Treasury Secretary"); StripTitles removes them with it.
var titleModifiers = setOf(
	"former", "acting", "deputy", "vice", "senior", "top", "junior", "assistant", "associate",
	"outgoing", "incoming", "interim", "then", "late", "prime", "first", "second", "crown",
	"supreme", "federal", "state", "national", "foreign", "defence", "defense", "finance",
	"interior", "home", "trade", "economy", "economic", "energy", "health", "education",
	"justice", "security", "treasury", "commerce", "agriculture", "labor", "labour",
	"transport", "transportation", "environment", "culture", "industry", "science",
	"housing", "immigration", "homeland", "army", "navy", "naval", "air", "force",
	"military", "intelligence", "press", "communications", "policy", "chief", "principal",
	"special", "presidential", "royal", "shadow", "opposition", "party", "central", "bank",
	"general", "executive", "managing", "news", "public", "foreign-policy", "cabinet",
	"regional", "provincial", "local", "city", "county", "district", "defence-ministry",
	"ministry", "government", "administration", "white", "house", "elect",
)

// orgEndings end the names of bodies rather than people: a name ending so
// keeps its leading words ("General Motors", "State Council").
var orgEndings = setOf(
	"motors", "electric", "bank", "group", "inc", "corp", "corporation", "ltd", "plc", "llc",
	"company", "co", "holdings", "airlines", "airways", "ministry", "department", "council",
	"party", "agency", "fund", "association", "foundation", "institute", "committee",
	"commission", "office", "service", "services", "court", "union", "organisation",
	"organization", "authority", "board", "federation", "front", "army", "forces", "guard",
	"league", "movement", "assembly", "parliament", "government", "administration",
	"cabinet", "senate", "congress", "police", "navy", "command", "centre", "center",
	"university", "school", "times", "post", "news", "network", "bureau", "exchange",
)

// IsHonorific reports whether w is a personal honorific ("Mr", "Dr.",
// "Sheikh"), in any case.
func IsHonorific(w string) bool {
	return inSet(honorifics, w)
}

// IsTitleWord reports whether w, in any case and singular or plural, is a
// noun of office or role ("President", "minister", "spokeswoman",
// "officials") or an honorific ("Mr", "Dr."). Multi-word titles ("prime
// minister", "chief executive") are made of such words and modifiers.
func IsTitleWord(w string) bool {
	var buf [32]byte
	b, ok := asciiKey(w, buf[:0])
	if !ok {
		b = []byte(titleKey(w))
	}
	if titleWords[string(b)] || honorifics[string(b)] {
		return true
	}
	if n := len(b); n > 3 && string(b[n-3:]) == "men" {
		var man [35]byte // spokesmen → spokesman
		k := copy(man[:], b[:n-3])
		k += copy(man[k:], "man")
		if titleWords[string(man[:k])] {
			return true
		}
	}
	return len(b) > 1 && b[len(b)-1] == 's' && titleWords[string(b[:len(b)-1])]
}

// inSet reports whether w, lower-cased and without trailing punctuation,
// is in set; short ASCII words cost no allocation.
func inSet(set map[string]bool, w string) bool {
	var buf [32]byte
	if b, ok := asciiKey(w, buf[:0]); ok {
		return set[string(b)]
	}
	return set[titleKey(w)]
}

// asciiKey appends titleKey(w) to dst when w is ASCII and fits in dst.
func asciiKey(w string, dst []byte) ([]byte, bool) {
	w = strings.TrimRight(w, ".,:;")
	if len(w) > cap(dst) {
		return nil, false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

func titleKey(w string) string {
	return lower(strings.TrimRight(strings.ReplaceAll(w, "’", "'"), ".,:;"))
}

// StripTitles removes from a name what is not the name: leading articles,
// honorifics, titles and their modifiers, gazetteer affiliations, lower-case
// descriptions, an appositive after a comma, and a trailing possessive.
// "Russian President Vladimir Putin" → "Vladimir Putin"; "Mr Chang Ho-jin,
// a senior official" → "Chang Ho-jin"; "the adviser" → "". A body's name is
// kept whole ("General Motors", "the State Council" → "State Council").
func StripTitles(name string) string {
	s := cleanName(name)
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	for {
		first, rest, ok := strings.Cut(s, " ")
		if w := lower(first); ok && (w == "the" || w == "a" || w == "an") {
			s = rest
			continue
		}
		break
	}
	words := strings.Split(s, " ") // cleanName left single spaces
	if s == "" {
		return ""
	}
	if inSet(orgEndings, trimPossessive(words[len(words)-1])) {
		return s
	}
	g := loadGazetteer()
	bufp := tokenPool.Get().(*[]token)
	seq := wordSeq{words: words, toks: tokenize(s, (*bufp)[:0])}
	defer func() { putTokens(bufp, seq.toks) }()
	i := 0
	for i < len(words) {
		w := words[i]
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && IsHonorific(words[i-1]) && unicode.IsUpper(r) && !isTitleOrModifier(w) {
			return finishName(words[i:]) // "Mr Jordan" is a person
		}
		if unicode.IsUpper(r) {
			if n, owner := seq.mentionAt(g, i); n > 0 {
				if !owner && i+n < len(words) && startsUpper(words[i+n]) && !isTitleOrModifier(words[i+n]) {
					// "British Chambers of Commerce": the place is part of a name
					return finishName(afterLastTitle(words[i:]))
				}
				i += n // "Russian", "Bank of England", "US"
				continue
			}
		}
		switch {
		case isTitleOrModifier(w):
			i++
		case inSet(nameParticles, w) && i+1 < len(words) && startsUpper(words[i+1]):
			return finishName(words[i:])
		case !unicode.IsUpper(r):
			i++ // "national", "security", "of", "the"
		default:
			return finishName(afterLastTitle(words[i:]))
		}
	}
	return ""
}

// wordSeq is a name split into words (single spaces apart) and into
// tokens, so that gazetteer matches can be counted in words.
type wordSeq struct {
	words []string
	toks  []token
	ti    int // first token not before the word last asked about
	start int // byte offset of that word
	wi    int // that word
}

// mentionAt returns how many words from words[i] a gazetteer mention
// starting there covers (0 if none), and whether it is a possessive
// ("Russia's"). Calls must come with i increasing.
func (q *wordSeq) mentionAt(g *gazetteer, i int) (n int, owner bool) {
	for q.wi < i {
		q.start += len(q.words[q.wi]) + 1
		q.wi++
	}
	for q.ti < len(q.toks) && q.toks[q.ti].start < q.start {
		q.ti++
	}
	if q.ti == len(q.toks) || q.toks[q.ti].start >= q.start+len(q.words[i]) {
		return 0, false // the word holds no token ("—")
	}
	f, k := g.matchAt(q.toks, q.ti, inText)
	if f == nil || f.entity < 0 {
		return 0, false
	}
	end := q.toks[q.ti+k-1].end
	if j := q.ti + k; j < len(q.toks) && q.toks[j].norm == possessive && q.toks[j].gap == gapNone {
		end = q.toks[j].end
		owner = true
	}
	for off := q.start; i+n < len(q.words) && off < end; n++ {
		off += len(q.words[i+n]) + 1
	}
	return n, owner
}

func isTitleOrModifier(w string) bool {
	return IsTitleWord(w) || inSet(titleModifiers, w)
}

// nameSuffixes follow a name; a title word before them is part of it
// ("Martin Luther King Jr").
var nameSuffixes = setOf("jr", "sr", "ii", "iii", "iv", "junior", "senior")

// afterLastTitle skips a leading description that ends in a title before a
// name: "Labour MP John Smith" → "John Smith".
func afterLastTitle(words []string) []string {
	for j := len(words) - 2; j > 0; j-- {
		if !IsTitleWord(words[j]) || !startsUpper(words[j+1]) || inSet(nameSuffixes, words[j+1]) {
			continue
		}
		rest := words[j+1:]
		for len(rest) > 1 && isTitleOrModifier(rest[0]) {
			rest = rest[1:]
		}
		return rest
	}
	return words
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func trimPossessive(w string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	if strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s’") {
		_, size := utf8.DecodeLastRuneInString(w)
		return w[:len(w)-size]
	}
	return w
}

func finishName(words []string) string {
	out := make([]string, len(words))
	copy(out, words)
	last := len(out) - 1
	out[last] = strings.TrimRight(trimPossessive(out[last]), ".,;:!?")
	if out[last] == "" {
		out = out[:last]
	}
	return strings.Join(out, " ")
}

// IsOrgEnding reports whether w, in any case, is a word that ends the
// names of bodies rather than people ("Motors", "Ministry", "Council").
func IsOrgEnding(w string) bool {
	return inSet(orgEndings, trimPossessive(w))
}
