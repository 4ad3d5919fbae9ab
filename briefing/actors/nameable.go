package actors

import "strings"

// joiners are words that make two names one phrase ("Russia and Norway").
var joiners = setOf("and", "or", "nor", "&", "with", "plus", "versus", "vs")

// IsNameable reports whether name is a name a person would look up: a
// person, a country or an organisation. It is false for compound names
// ("Russia and Norway", "Paris, Berlin") and for generic speakers ("A
// Commission spokeswoman", "officials", "the adviser"): a role, not a name.
// Gazetteer names are always nameable ("Bosnia and Herzegovina", "the
// Kremlin").
func IsNameable(name string) bool {
	s := cleanName(name)
	if s == "" {
		return false
	}
	if _, ok := LookupFold(s); ok {
		return true
	}
	words := strings.Fields(s)
	if first := lower(words[0]); first == "a" || first == "an" {
		return false // an indefinite article never begins a proper name
	}
	if strings.ContainsAny(s, ",;/") {
		return false
	}
	for _, w := range words[1:] {
		if joiners[lower(w)] {
			return false
		}
	}
	if IsTitleWord(words[len(words)-1]) {
		return false // "Commission spokeswoman", "Western officials"
	}
	return true
}
