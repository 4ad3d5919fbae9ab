package actors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// gap says what separates a token from the one before it; a gazetteer
// phrase only matches across spaces, a hyphen ("South Korea-Russia") or
// nothing (the possessive "'s").
type gap uint8

const (
	gapNone   gap = iota // directly attached ("Russia" + "'s")
	gapSpace             // whitespace only
	gapHyphen            // whitespace and one hyphen or dash
	gapPunct             // any other punctuation: phrases never span it
)

// token is one word of a text. Abbreviation dots are kept in the span but
// dropped from norm and bare, so "U.S." and "US" compare alike.
type token struct {
	start, end int    // byte offsets in the text
	bare       string // the word without dots, apostrophes as '
	norm       string // bare, lower-cased
	upper      bool   // first letter is upper case
	gap        gap    // separation from the previous token
	initial    bool   // first token of the text or after sentence punctuation
}

// possessive is the norm of the split-off "'s" (or lone "'") token.
const possessive = "'s"

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isASCIIWord(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' || r == '–' }

// tokenize splits text into word tokens. It never fails: any byte sequence
// yields tokens with valid offsets.
func tokenize(text string, dst []token) []token {
	return tokenizeUpTo(text, dst, -1)
}

// tokenizeUpTo stops after limit tokens (none when limit < 0): a whole-name
// lookup need not read a megabyte to know it is too long.
func tokenizeUpTo(text string, dst []token, limit int) []token {
	low := lowerAligned(text)
	prevEnd := 0
	i := 0
	for i < len(text) && (limit < 0 || len(dst) < limit) {
		if c := text[i]; c < utf8.RuneSelf && !isASCIIWord(c) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		segLen := 0 // runes since the start or the last joining dot
		dotted := false
		special := false // holds a dot or a curly apostrophe: bare differs from the text
		possessiveAt := -1
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if isASCIIWord(c) {
					segLen++
					i++
					continue
				}
				r, size = rune(c), 1
			} else {
				r, size = utf8.DecodeRuneInString(text[i:])
				if isWordRune(r) {
					segLen++
					i += size
					continue
				}
			}
			next, nsize := utf8.DecodeRuneInString(text[i+size:])
			switch {
			case r == '.' && segLen == 1 && unicode.IsLetter(next):
				// "U.S", "E.U": a dot between single letters joins.
				dotted, special = true, true
				segLen = 0
				i += size
				continue
			case r == '.' && dotted && segLen == 1:
				// the final dot of "U.S." belongs to the abbreviation.
				i += size
			case r == '.' && segLen == 1 && i-start == 1 && 'A' <= text[start] && text[start] <= 'Z' && next == ' ':
				// an initial: "S. Korea", "George W. Bush".
				i += size
				special = true
			case r == '.' && next == ' ' && !dotted && dottedShortForms[text[start:i]]:
				// "St. Lucia", "Mr. Chang", "No. 10": not the end of a sentence.
				i += size
				special = true
			case isApostrophe(r) && (next == 's' || next == 'S'):
				after, _ := utf8.DecodeRuneInString(text[i+size+nsize:])
				if i+size+nsize >= len(text) || !isWordRune(after) {
					possessiveAt = i
					break
				}
				i += size // "O'sullivan" joins
				special = special || r != '\''
				continue
			case isApostrophe(r) && unicode.IsLetter(next):
				i += size // "d'Ivoire", "O'Brien"
				special = special || r != '\''
				continue
			case r == '+' && !isWordRune(next):
				i += size // "OPEC+"
			case isApostrophe(r):
				last, _ := utf8.DecodeLastRuneInString(text[start:i])
				if last == 's' || last == 'S' {
					possessiveAt = i // "Philippines'"
				}
			}
			break
		}
		dst = append(dst, makeToken(text, low, start, i, prevEnd, len(dst) == 0, special))
		prevEnd = i
		if possessiveAt >= 0 {
			_, asize := utf8.DecodeRuneInString(text[possessiveAt:])
			end := possessiveAt + asize
			if end < len(text) && (text[end] == 's' || text[end] == 'S') {
				end++
			}
			dst = append(dst, token{start: possessiveAt, end: end, bare: possessive, norm: possessive, gap: gapNone})
			prevEnd = end
			i = end
		}
	}
	return dst
}

func makeToken(text, low string, start, end, prevEnd int, first, special bool) token {
	word := text[start:end]
	bare, norm := word, low[start:end]
	if special {
		bare = bareReplacer.Replace(word)
		norm = lower(bare)
	}
	r, _ := utf8.DecodeRuneInString(bare)
	t := token{start: start, end: end, bare: bare, norm: norm, upper: unicode.IsUpper(r)}
	t.gap, t.initial = classifyGap(text[prevEnd:start])
	if first {
		t.initial = true
	}
	return t
}

// dottedShortForms are abbreviations written with a full stop inside
// names and titles.
var dottedShortForms = map[string]bool{
	"St": true, "Ste": true, "Mt": true, "Ft": true, "Pt": true, "No": true,
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Jr": true, "Sr": true,
	"Gen": true, "Col": true, "Maj": true, "Capt": true, "Lt": true, "Sgt": true, "Adm": true,
	"Sen": true, "Rep": true, "Gov": true, "Rev": true, "Hon": true, "Pres": true,
}

var bareReplacer = strings.NewReplacer(".", "", "’", "'")

// lowerAligned lower-cases text keeping every byte offset: a letter whose
// lower case is encoded in a different number of bytes is kept as it is.
// Tokens take their normalised form as a slice of it, without allocating.
func lowerAligned(text string) string {
	var b strings.Builder
	run := 0 // start of the pending run of bytes copied unchanged
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if b.Cap() == 0 {
					b.Grow(len(text))
				}
				b.WriteString(text[run:i])
				b.WriteByte(c + 'a' - 'A')
				run = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if lr := unicode.ToLower(r); lr != r && r != utf8.RuneError && utf8.RuneLen(lr) == size {
			if b.Cap() == 0 {
				b.Grow(len(text))
			}
			b.WriteString(text[run:i])
			b.WriteRune(lr)
			run = i + size
		}
		i += size
	}
	if b.Cap() == 0 {
		return text // nothing to lower: no copy
	}
	b.WriteString(text[run:])
	return b.String()
}

// lower lower-cases s without allocating when it is already lower case ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func classifyGap(between string) (g gap, initial bool) {
	switch between {
	case "":
		return gapNone, false
	case " ":
		return gapSpace, false
	}
	g = gapSpace
	for _, r := range between {
		switch {
		case r == '\n':
			initial = true // a new line starts a headline or paragraph
		case unicode.IsSpace(r):
		case isHyphen(r) && g == gapSpace:
			g = gapHyphen
		default:
			g = gapPunct
			if r != ',' && !isHyphen(r) {
				initial = true // after . ! ? : ; quotes or brackets
			}
		}
	}
	return g, initial
}
