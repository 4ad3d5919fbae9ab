package warnings

import "redline/briefing"

// cueClass groups cues by the speech act they report.
type cueClass uint8

const (
	cueNone      cueClass = iota
	cueWarn               // warn, caution
	cueThreat             // threaten, ultimatum, vow to retaliate
	cueUrge               // urge, call on … to
	cueFear               // fear, be worried or concerned, raise fears
	cuePhrase             // "red line", "big mistake", "real risk": needs an attributed speaker
	cueCondition          // "unless …" in attributed speech: a conditional warning
)

func (c cueClass) kind() briefing.Kind {
	if c == cueThreat {
		return briefing.KindThreat
	}
	return briefing.KindWarning
}

// strength ranks cues when a sentence holds several.
func (c cueClass) strength() int {
	switch c {
	case cueThreat:
		return 6
	case cueWarn:
		return 5
	case cueUrge:
		return 4
	case cueFear:
		return 3
	case cuePhrase:
		return 2
	case cueCondition:
		return 1
	}
	return 0
}

// verbCues maps inflected verb forms to their class. "warning" is a verb
// only after a form of "be" or before an object; see cueAt.
var verbCues = map[string]cueClass{
	"warn": cueWarn, "warns": cueWarn, "warned": cueWarn, "warning": cueWarn,
	"caution": cueWarn, "cautions": cueWarn, "cautioned": cueWarn, "cautioning": cueWarn,
	"threaten": cueThreat, "threatens": cueThreat, "threatened": cueThreat, "threatening": cueThreat,
	"urge": cueUrge, "urges": cueUrge, "urged": cueUrge, "urging": cueUrge,
	"fear": cueFear, "fears": cueFear, "feared": cueFear,
}

// lightVerbs take a cue noun as object and make its subject the speaker:
// "issued a warning", "renewed its threat", "raised fears".
var lightVerbs = map[string]bool{
	"issue": true, "issues": true, "issued": true, "issuing": true,
	"give": true, "gives": true, "gave": true, "given": true, "giving": true,
	"sound": true, "sounds": true, "sounded": true, "sounding": true,
	"repeat": true, "repeats": true, "repeated": true, "repeating": true,
	"renew": true, "renews": true, "renewed": true, "renewing": true,
	"deliver": true, "delivers": true, "delivered": true, "delivering": true,
	"send": true, "sends": true, "sent": true, "sending": true,
	"make": true, "makes": true, "made": true, "making": true,
	"raise": true, "raises": true, "raised": true, "raising": true,
	"voice": true, "voices": true, "voiced": true, "voicing": true,
	"express": true, "expresses": true, "expressed": true, "expressing": true,
	"reiterate": true, "reiterates": true, "reiterated": true,
	"carry": true, "carried": true, "back": true, "backed": true,
}

// cueNouns are nouns that state a speech act when a light verb, a
// possessive or "from X" gives them a speaker.
var cueNouns = map[string]cueClass{
	"warning": cueWarn, "warnings": cueWarn,
	"threat": cueThreat, "threats": cueThreat,
	"ultimatum": cueThreat, "ultimatums": cueThreat,
	"fear": cueFear, "fears": cueFear, "concern": cueFear, "concerns": cueFear,
	"alarm": cueFear, "caution": cueWarn, "alert": cueWarn,
}

// notSpeechWarning lists words next to "warning"/"threat" that make them a
// thing or a topic rather than something somebody said ("warning lights",
// "the threat of terrorism", "terror threat").
var notSpeechWarning = map[string]bool{
	"light": true, "lights": true, "sign": true, "signs": true, "label": true,
	"labels": true, "shot": true, "shots": true, "system": true, "systems": true,
	"siren": true, "sirens": true, "bell": true, "bells": true, "track": true,
	"early": true, "health": true, "weather": true, "storm": true, "flood": true,
	"terror": true, "terrorist": true, "security": true, "bomb": true,
	"without": true, "potential": true, "significant": true, "biggest": true,
	"virus": true, "spam": true, "phishing": true, "under": true, "fire": true,
	"hurricane": true, "tsunami": true, "frost": true,
}

// adjectives that turn "mistake", "consequences", "risk" into a warning.
var (
	mistakeAdj = map[string]bool{"big": true, "grave": true, "serious": true, "huge": true,
		"fatal": true, "terrible": true, "historic": true, "strategic": true, "great": true,
		"major": true, "costly": true, "catastrophic": true, "tragic": true, "dangerous": true, "bad": true}
	consequenceAdj = map[string]bool{"serious": true, "grave": true, "dire": true, "severe": true,
		"dangerous": true, "disastrous": true, "catastrophic": true, "unpredictable": true,
		"negative": true, "unintended": true, "devastating": true, "terrible": true, "real": true}
	riskAdj = map[string]bool{"real": true, "serious": true, "grave": true, "great": true,
		"significant": true, "huge": true, "big": true, "genuine": true, "clear": true, "severe": true}
)

// phraseWords are single words that, in attributed speech, state a
// warning on their own.
var phraseWords = map[string]bool{
	"disaster": true, "disastrous": true, "catastrophe": true, "catastrophic": true,
	"dangerous": true, "jeopardise": true, "jeopardize": true, "jeopardising": true,
	"jeopardizing": true, "crippled": true, "cripple": true, "crippling": true,
	"alarming": true, "scary": true, "worrying": true, "risky": true,
	"devastating": true, "perilous": true, "ruinous": true, "retaliate": true,
	"retaliation": true, "reprisals": true, "destroy": true, "wreck": true,
	"worsen": true, "troubling": true, "undermine": true, "chaos": true,
	"spectre": true, "specter": true,
}

// beForms are the forms of "be" (and "have been") that precede passives,
// progressives and predicate adjectives.
var beForms = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"being": true, "am": true, "remains": true, "remain": true, "remained": true,
	"seemed": true, "seems": true, "appeared": true, "appears": true, "became": true,
	"become": true, "becomes": true, "grew": true, "growing": true, "get": true, "got": true,
}

// fearAdjectives after a form of "be" make its subject a worried speaker.
var fearAdjectives = map[string]bool{
	"worried": true, "concerned": true, "alarmed": true, "fearful": true,
	"anxious": true, "nervous": true, "uneasy": true, "suspicious": true,
}
