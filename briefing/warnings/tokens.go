package warnings

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokWord tokKind = iota
	tokPunct
	tokQuote // a double quotation mark, straight or curly
)

// token is a word or a punctuation mark of a sentence.
type token struct {
	text     string // as written
	lower    string // lower case, possessive ’s removed
	start    int    // byte offsets in the sentence
	end      int
	kind     tokKind
	cap      bool // starts with an upper-case letter
	poss     bool // ends with a possessive ’s
	open     bool // for quotes: opens a quotation
	inQuote  bool // inside quoted speech
	allUpper bool // an acronym such as IMF
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tokenize splits a sentence into words and punctuation. Apostrophes,
// hyphens, dots and ampersands inside a word stay in it ("Ho-jin",
// "U.S", "AT&T"); a trailing possessive is marked and removed from lower.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			j := i + size
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) {
					j += s2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' || r2 == '&' {
					r3, _ := utf8.DecodeRuneInString(s[j+s2:])
					if j+s2 < len(s) && isWordRune(r3) {
						j += s2
						continue
					}
				}
				break
			}
			j = nameMarkEnd(s, i, j)
			toks = append(toks, wordToken(s, i, j))
			i = j
		case r == '"' || r == '“' || r == '”':
			toks = append(toks, token{text: s[i : i+size], lower: "\"", start: i, end: i + size, kind: tokQuote})
			i += size
		default:
			toks = append(toks, token{text: s[i : i+size], lower: s[i : i+size], start: i, end: i + size, kind: tokPunct})
			i += size
		}
	}
	return toks
}

// nameMarkEnd keeps a "?" or "!" that is part of a name ("Which? said",
// "Yahoo! has", "said Which?"): right after a capitalised word, and
// followed by the sentence going on in lower case, by a comma or a
// possessive, or ending the sentence after a reporting verb ("said",
// "according to"), the mark cannot end a question.
func nameMarkEnd(s string, i, j int) int {
	if j >= len(s) || s[j] != '?' && s[j] != '!' {
		return j
	}
	if first, _ := utf8.DecodeRuneInString(s[i:]); !unicode.IsUpper(first) {
		return j
	}
	after := s[j+1:]
	switch {
	case strings.HasPrefix(after, " "):
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(after, " "))
		if unicode.IsLower(next) {
			return j + 1
		}
	case strings.HasPrefix(after, "'s"):
		return j + 1 + len("'s") // the possessive stays on the word
	case strings.HasPrefix(after, "’s"):
		return j + 1 + len("’s")
	case strings.HasPrefix(after, ","):
		return j + 1
	case strings.TrimSpace(after) == "":
		before := strings.Fields(strings.ToLower(s[:i]))
		if n := len(before); n > 0 && (reportingForms[before[n-1]] || n > 1 && before[n-2] == "according" && before[n-1] == "to") {
			return j + 1
		}
	}
	return j
}

func wordToken(s string, i, j int) token {
	text := s[i:j]
	t := token{text: text, start: i, end: j, kind: tokWord}
	first, _ := utf8.DecodeRuneInString(text)
	t.cap = unicode.IsUpper(first)
	lower := lowerWord(text)
	if strings.HasSuffix(lower, "'s") && len(lower) > 2 {
		lower = lower[:len(lower)-2]
		t.poss = true
	} else if strings.HasSuffix(lower, "s'") {
		lower = lower[:len(lower)-1]
		t.poss = true
	}
	t.lower = lower
	upper := 0
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	t.allUpper = letters >= 2 && upper == letters
	return t
}

// lowerWord lower-cases a word and writes its apostrophes straight,
// without allocating when it is already so (most words are).
func lowerWord(w string) string {
	plain := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return w
	}
	l := strings.ToLower(w)
	if strings.Contains(l, "’") {
		l = strings.ReplaceAll(l, "’", "'")
	}
	return l
}

// reportingForms are the forms of "say" after which a dotted
// abbreviation ends the sentence ("…, said the U.S.").
var reportingForms = setOf("said", "says", "say", "told", "added", "stated")
