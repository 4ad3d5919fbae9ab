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
	return honorifics[titleKey(w)]
}

// IsTitleWord reports whether w, in any case and singular or plural, is a
// noun of office or role ("President", "minister", "spokeswoman",
// "officials") or an honorific ("Mr", "Dr."). Multi-word titles ("prime
// minister", "chief executive") are made of such words and modifiers.
func IsTitleWord(w string) bool {
	k := titleKey(w)
	if titleWords[k] || honorifics[k] {
		return true
	}
	if strings.HasSuffix(k, "men") && titleWords[strings.TrimSuffix(k, "men")+"man"] {
		return true // spokesmen, chairmen
	}
	return strings.HasSuffix(k, "s") && titleWords[strings.TrimSuffix(k, "s")]
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
	words := strings.Fields(s)
	for len(words) > 0 {
		if w := lower(words[0]); w == "the" || w == "a" || w == "an" {
			words = words[1:]
			continue
		}
		break
	}
	if len(words) == 0 {
		return ""
	}
	if orgEndings[titleKey(trimPossessive(words[len(words)-1]))] {
		return strings.Join(words, " ")
	}
	g := loadGazetteer()
	i := 0
	for i < len(words) {
		w := words[i]
		k := titleKey(w)
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && honorifics[titleKey(words[i-1])] && unicode.IsUpper(r) && !isTitleOrModifier(w) {
			return finishName(words[i:]) // "Mr Jordan" is a person
		}
		if unicode.IsUpper(r) {
			if n, owner := g.leadingMention(words[i:]); n > 0 {
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
		case nameParticles[k] && i+1 < len(words) && startsUpper(words[i+1]):
			return finishName(words[i:])
		case !unicode.IsUpper(r):
			i++ // "national", "security", "of", "the"
		default:
			return finishName(afterLastTitle(words[i:]))
		}
	}
	return ""
}

func isTitleOrModifier(w string) bool {
	return IsTitleWord(w) || titleModifiers[titleKey(w)]
}

// nameSuffixes follow a name; a title word before them is part of it
// ("Martin Luther King Jr").
var nameSuffixes = setOf("jr", "sr", "ii", "iii", "iv", "junior", "senior")

// afterLastTitle skips a leading description that ends in a title before a
// name: "Labour MP John Smith" → "John Smith".
func afterLastTitle(words []string) []string {
	for j := len(words) - 2; j > 0; j-- {
		if !IsTitleWord(words[j]) || !startsUpper(words[j+1]) || nameSuffixes[titleKey(words[j+1])] {
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

// leadingMention returns how many of words a gazetteer mention at their
// start covers (0 if none), and whether it is a possessive ("Russia's").
func (g *gazetteer) leadingMention(words []string) (n int, owner bool) {
	if len(words) > g.longest+1 {
		words = words[:g.longest+1] // no form is longer: keeps StripTitles linear
	}
	rest := strings.Join(words, " ")
	var buf [16]token
	toks := tokenize(rest, buf[:0])
	if len(toks) == 0 {
		return 0, false
	}
	f, k := g.matchAt(toks, 0, inText)
	if f == nil || f.entity < 0 {
		return 0, false
	}
	end := toks[k-1].end
	if k < len(toks) && toks[k].norm == possessive && toks[k].gap == gapNone {
		end = toks[k].end
		owner = true
	}
	off := 0
	for _, w := range words {
		if off >= end {
			break
		}
		n++
		off += len(w) + 1
	}
	return n, owner
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
