package warnings

import "strings"

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// functionWords are capitalised only because they start a sentence; they
// never begin a name.
var functionWords = set("the", "a", "an", "but", "and", "or", "in", "on", "at", "for",
	"with", "after", "before", "he", "she", "it", "they", "we", "i", "you", "this",
	"that", "these", "those", "however", "meanwhile", "separately", "if", "as", "when",
	"while", "despite", "even", "there", "what", "some", "many", "his", "her", "its",
	"their", "our", "my", "your", "so", "yet", "also", "then", "now", "not", "no",
	"all", "both", "each", "every", "by", "from", "to", "of", "into", "under", "over",
	"about", "than", "since", "although", "though", "because", "until", "unless",
	"whether", "where", "who", "which", "why", "how", "such", "one", "two", "three",
	"last", "next", "first", "speaking", "responding", "asked", "according", "earlier",
	"later", "still", "only", "just", "instead", "indeed", "nevertheless", "nonetheless",
	"further", "furthermore", "moreover", "similarly", "secondly", "firstly", "finally",
	"overall", "currently", "already", "today", "yesterday", "tomorrow", "here", "most",
	"more", "other", "another", "any", "much", "few", "several", "shares", "mind",
	"like", "unlike", "among", "between", "without", "within", "during", "through",
	"around", "across", "against", "towards", "toward", "upon", "via", "would", "could",
	"will", "should", "may", "might", "must", "can", "do", "does", "did", "is", "are",
	"was", "were", "be", "has", "have", "had", "let", "yes", "nothing", "everything",
	"something", "anything", "nobody", "everyone", "someone", "anyone", "none", "why",
	"once", "having", "being", "given", "following", "amid", "thanks", "whatever")

// calendarWords are capitalised but never actors.
var calendarWords = set("monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december", "christmas",
	"easter", "ramadan", "new", "year")

// titleWords precede a person's name and are not part of it.
var titleWords = set("mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame",
	"president", "prime", "minister", "chancellor", "secretary", "senator", "sen",
	"general", "gen", "king", "queen", "prince", "princess", "pope", "governor", "gov",
	"mayor", "judge", "justice", "professor", "prof", "chief", "deputy", "vice",
	"foreign", "home", "health", "shadow", "premier", "ambassador", "commissioner",
	"director", "chairman", "chairwoman", "chair", "leader", "spokesman", "spokeswoman",
	"rep", "representative", "congressman", "congresswoman", "admiral", "colonel",
	"captain", "sheikh", "ayatollah", "cardinal", "archbishop", "bishop", "rev",
	"reverend", "baroness", "baron", "defence", "defense", "trade", "interior",
	"finance", "economy", "education", "justice", "environment", "state", "attorney",
	"envoy", "officer", "executive", "economist", "analyst", "mp", "mep", "qc",
	"senior", "former", "acting", "opposition", "supreme", "commander",
	"field", "marshal", "lieutenant", "sergeant", "major", "spokesperson", "speaker")

// maleTitles and femaleTitles give a person's grammatical gender.
var (
	maleTitles   = set("mr", "sir", "lord", "king", "prince", "baron")
	femaleTitles = set("mrs", "ms", "miss", "lady", "dame", "queen", "princess", "baroness", "chairwoman", "spokeswoman", "congresswoman")
)

// nameSuffixes follow a name without being part of it.
var nameSuffixes = set("qc", "mp", "msp", "mep", "jr", "sr", "kc", "am", "td")

// orgHeads make a capitalised name an organisation.
var orgHeads = set("bank", "union", "council", "committee", "agency", "association",
	"reserve", "commission", "corporation", "federation", "party", "office",
	"department", "ministry", "government", "parliament", "court", "service",
	"services", "institute", "university", "fund", "organisation", "organization",
	"group", "airlines", "airline", "airways", "securities", "research", "authority",
	"authorities", "board", "trust", "foundation", "inc", "ltd", "plc", "corp", "co",
	"company", "bureau", "league", "congress", "senate", "assembly", "forces", "army",
	"navy", "police", "centre", "center", "network", "times", "news", "magazine",
	"chambers", "communications", "campaign", "cabinet", "executive", "house",
	"secretariat", "alliance", "coalition", "front", "movement", "brigades", "watch",
	"institution", "industries", "holdings", "motors", "systems", "technologies",
	"software", "energy", "oil", "petroleum", "doughnuts", "foods", "media", "press",
	"treasury", "exchange", "markets", "commerce", "industry", "confederation",
	"tribunal", "lords", "commons", "labour", "conservatives", "tories", "democrats",
	"republicans", "tory", "kremlin", "pentagon", "whitehall", "opec", "nato", "mps", "msps",
	"regulator", "watchdog")

// partyNouns are capitalised plurals that name a party, not a group.
var partyNouns = set("tories", "conservatives", "democrats", "republicans", "liberals", "socialists")

// partyAdjectives name a party when they qualify a role ("Conservative MP").
var partyAdjectives = map[string]string{
	"conservative": "Conservative Party", "tory": "Conservative Party",
	"labour": "Labour Party", "liberal": "Liberal Democrats", "lib": "Liberal Democrats",
	"republican": "Republican Party", "democratic": "Democratic Party", "democrat": "Democratic Party",
	"green": "Green Party", "snp": "Scottish National Party",
}

// roleNouns describe a speaker by function; "the adviser" refers back to
// the last speaker so described.
var roleNouns = set("adviser", "advisor", "official", "minister", "chancellor",
	"president", "secretary", "spokesman", "spokeswoman", "spokesperson", "leader",
	"chairman", "chairwoman", "chair", "director", "executive", "chief", "head",
	"economist", "analyst", "governor", "mayor", "ambassador", "envoy", "commissioner",
	"general", "commander", "premier", "strategist", "expert", "editor", "correspondent",
	"officer", "manager", "founder", "owner", "lawyer", "judge", "professor", "diplomat",
	"senator", "mp", "msp", "attendant", "campaigner", "researcher", "scientist",
	"boss", "negotiator", "source", "aide", "deputy", "member", "king", "queen",
	"prince", "pope", "prosecutor", "banker", "trader", "representative", "worker",
	"observer", "critic", "activist", "regulator", "watchdog", "report", "survey",
	"study", "statement", "company", "firm", "group", "business", "airline", "bank",
	"carrier", "retailer", "chain", "operator", "maker", "giant", "union", "committee",
	"agency", "government", "ministry", "department", "council", "party", "body",
	"organisation", "organization", "association", "federation", "commission", "board",
	"regime", "administration", "authority", "court", "team", "campaign", "alliance",
	"musician", "singer", "player", "coach", "doctor", "teacher", "unit", "insurer",
	"lender", "supplier", "producer", "manufacturer", "investor", "fund", "channel")

// orgRoleNouns refer back to an organisation ("the firm" → Krispy Kreme).
var orgRoleNouns = set("company", "firm", "group", "business", "airline", "bank",
	"carrier", "retailer", "chain", "operator", "maker", "giant", "union", "agency",
	"insurer", "lender", "supplier", "producer", "manufacturer", "organisation",
	"organization", "association", "federation", "watchdog", "body", "regulator", "corporation")

// groupNouns are plural heads of speakers described as a group.
var groupNouns = set("mps", "msps", "meps", "ministers", "officials", "analysts",
	"economists", "critics", "experts", "campaigners", "unions", "leaders", "workers",
	"staff", "members", "backbenchers", "peers", "protesters", "scientists",
	"researchers", "ecologists", "environmentalists", "opponents", "airlines",
	"companies", "firms", "banks", "businesses", "investors", "officers", "police",
	"authorities", "governments", "countries", "nations", "parties", "lawyers",
	"doctors", "teachers", "residents", "groups", "activists", "diplomats",
	"observers", "commentators", "insiders", "sources", "bosses", "executives",
	"directors", "employers", "employees", "traders", "dealers", "manufacturers",
	"retailers", "lenders", "regulators", "economies", "allies", "rebels", "militants",
	"generals", "commanders", "chiefs", "senators", "lawmakers", "legislators",
	"politicians", "consumers", "users", "tories", "conservatives", "democrats",
	"republicans", "liberals", "socialists", "nationalists", "agencies", "charities",
	"organisers", "organizers", "specialists", "academics", "physicians", "farmers",
	"unionists", "strikers", "managers", "shareholders", "watchdogs", "councils",
	"forecasters", "strategists", "advisers", "advisors", "negotiators", "bankers",
	"campaign", "delegates", "delegations", "officers", "owners", "operators", "pilots",
	"parents", "patients", "policy-makers", "policymakers", "voters", "citizens", "people", "americans", "britons")

// agentNouns may head a speaker NP: things that report and warn.
var agentNouns = set("report", "survey", "study", "poll", "research", "statement",
	"letter", "paper", "review", "inquiry", "audit", "analysis", "minutes", "document",
	"memo", "assessment", "forecast", "index", "figures", "data", "evidence")

// mediaWords mark an object of "told" that is an audience, not an addressee.
var mediaWords = set("reporters", "journalists", "bbc", "radio", "tv", "television",
	"newspaper", "paper", "programme", "program", "times", "news", "interview",
	"conference", "audience", "agency", "magazine", "website", "channel", "today",
	"guardian", "telegraph", "independent", "observer", "post", "journal", "press",
	"correspondents", "reuters", "afp", "ap", "cnn", "sky", "itv", "newsnight",
	"listeners", "viewers", "readers", "kbs", "tass", "xinhua", "yonhap", "ria", "bloomberg",
	"a", "an", "the", "him", "her", "them", "me", "us", "you", "it")

// pronouns that can stand for a speaker.
var (
	personPronouns = set("he", "she")
	pluralPronouns = set("they")
	thingPronouns  = set("it")
)

// leadingFillers are stripped from the front of a subject NP.
var leadingFillers = set("but", "and", "or", "so", "yet", "meanwhile", "separately",
	"however", "also", "even", "now", "then", "still", "indeed", "instead", "later",
	"earlier", "particularly", "especially", "notably", "including", "only", "in",
	"addition", "both", "moreover", "furthermore", "similarly", "nevertheless",
	"nonetheless", "already", "today", "yesterday", "as", "while", "though")

// auxiliaries and adverbs that stand between a subject and its verb.
var verbGap = set("has", "have", "had", "is", "are", "was", "were", "been", "be",
	"will", "would", "also", "already", "earlier", "recently", "previously",
	"repeatedly", "again", "now", "then", "still", "did", "does", "do", "once",
	"publicly", "privately", "explicitly", "openly", "reportedly", "apparently",
	"today", "yesterday", "last", "week", "this", "further", "strongly", "often",
	"frequently", "always", "never", "even", "duly", "separately", "directly",
	"bluntly", "sharply", "specifically", "formally", "later", "just", "too", "had",
	"can", "could", "may", "might", "must", "should", "long", "consistently",
	"increasingly", "loudly")

// reportVerbs introduce reported speech; their subject is a speaker.
var reportVerbs = set("said", "says", "say", "saying", "told", "tells", "tell",
	"added", "adds", "adding", "warned", "warns", "warn", "warning", "argued",
	"argues", "argue", "insisted", "insists", "insist", "claimed", "claims", "claim",
	"stated", "states", "explained", "explains", "noted", "notes", "stressed",
	"stresses", "believes", "believe", "believed", "feared", "fears", "fear",
	"predicted", "predicts", "cautioned", "cautions", "threatened", "threatens",
	"threaten", "urged", "urges", "urge", "announced", "announces", "admitted",
	"admits", "revealed", "reveals", "wrote", "writes", "suggested", "suggests",
	"acknowledged", "conceded", "concedes", "declared", "declares", "confirmed",
	"confirms", "indicated", "indicates", "maintained", "maintains", "asserted",
	"contended", "complained", "complains", "accused", "accuses", "criticised",
	"criticized", "recommended", "recommends", "vowed", "vows", "pledged", "pledges",
	"forecast", "forecasts", "agreed", "agrees", "replied", "responded", "continued",
	"echoed", "reiterated", "emphasised", "emphasized", "observed", "remarked",
	"commented", "announced", "found", "denied", "denies", "finds", "showed", "shows", "expects",
	"expected", "thinks", "thought", "reckons", "reckoned", "estimated", "estimates")

// clauseBreakers end a subject NP scanned leftwards from its verb.
var clauseBreakers = set("that", "which", "who", "whom", "whose", "after", "before",
	"because", "when", "while", "as", "if", "unless", "since", "although", "though",
	"whether", "where", "until", "than", "once", "so", "said", "says", "say", "told",
	"is", "are", "was", "were", "claiming", "saying", "adding", "arguing", "warning",
	"insisting", "denied", "denies", "with", "without", "by", "to", "for", "on", "in",
	"at", "from", "into", "over", "about", "against", "under", "during", "through",
	"how", "why", "what", "despite", "amid", "following", "like", "whereas")

// modals and auxiliaries that end a subject NP scanned rightwards.
var npEnders = set("could", "would", "will", "may", "might", "must", "should", "can",
	"cannot", "is", "are", "was", "were", "has", "have", "had", "need", "needs",
	"needed", "did", "does", "do", "to", "that", "which", "who", "if", "unless", "as",
	"by", "and", "or", "but", "be", "been", "being", "not", "wo", "ca", "shall",
	"remains", "remain", "faces", "face", "risks", "risk", "wants", "want")

// isGroupNoun: a plural noun for people ("analysts", "dockers",
// "landlords", "solicitors", "residents", "trustees", "fishermen"): the
// listed group nouns, then the agent and person suffixes of English,
// less the common plurals of things that share them ("sectors",
// "payments", "fees").
func isGroupNoun(w string) bool {
	if groupNouns[w] || peopleNouns[w] {
		return true
	}
	if len(w) <= 5 || thingPlurals[w] {
		return false
	}
	for _, suf := range []string{"ers", "ists", "ians", "ants", "ors", "ees", "lords"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	if strings.HasSuffix(w, "ents") && !strings.HasSuffix(w, "ments") {
		return true // "residents", "students", "parents"
	}
	return strings.HasSuffix(w, "men") // "businessmen", "spokesmen"
}

// peopleNouns are plurals for people or firms as a group that no suffix
// rule finds.
var peopleNouns = set("families", "households", "pupils", "nurses", "children",
	"criminals", "graduates", "candidates", "colleagues", "fans", "supermarkets",
	"universities", "schools", "hospitals", "clubs", "surgeons", "midwives",
	"couples", "homeowners", "individuals", "adults", "teenagers", "victims",
	"women", "men", "neighbours", "neighbors")

// thingPlurals are plurals of things that end like nouns for people.
var thingPlurals = set("factors", "sectors", "tractors", "reactors", "vectors",
	"conductors", "semiconductors", "errors", "mirrors", "indoors", "outdoors",
	"corridors", "colors", "motors", "processors", "indicators", "generators",
	"calculators", "elevators", "monitors", "rumors", "honors", "favors", "terrors",
	"horrors", "behaviors", "detectors", "sensors", "accelerators", "radiators",
	"simulators", "escalators", "connectors", "compressors", "interiors", "exteriors",
	"harbors", "flavors", "tumors", "scissors", "anchors", "events", "incidents",
	"accidents", "contents", "components", "patents", "talents", "intents", "extents",
	"percents", "precedents", "ingredients", "currents", "continents", "gradients",
	"coefficients", "solvents", "torrents", "scents", "accents", "nutrients",
	"deterrents", "degrees", "guarantees", "decrees", "jamborees", "pedigrees",
	"coffees", "toffees", "abdomen", "regimen", "specimen", "acumen", "bitumen",
	"stamen", "yemen", "floors")

// stop sets of the phrase scanners, built once.
var (
	forXStops         = set("to", "that", "of", "in", "and", "on")
	accordingStopsThe = set("in", "on", "that", "which", "who", "the", "said", "and")
	accordingStops    = set("in", "on", "that", "which", "who", "said", "and")
	invertedStops     = set("of", "at", "from", "in", "on", "that", "who", "which", "when", "after", "before", "during", "to", "with", "and", "but",
		"would", "could", "will", "may", "might", "must", "should", "can", "is", "are", "was", "were", "has", "have", "had")
	affiliationStops = set("in", "on", "that", "who", "which", "when", "to", "and", "said")
	nameStops        = set("who", "which", "of", "at", "from")
	agentStops       = set("that", "to", "of", "over", "about", "against", "not", "and", "after", "before", "on")
	nounAgentStops   = set("that", "to", "of", "over", "about", "will", "would", "could", "is", "are", "was", "were", "have", "has", "and")
	conditionWords   = set("if", "unless")
)
