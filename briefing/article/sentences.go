package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSentenceBytes caps a sentence: text without full stops (lists, feeds
// glued together, hostile input) is cut at a space past this length so that
// every later stage works on bounded pieces.
const MaxSentenceBytes = 1200

// abbreviations that end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "mt": true,
	"sen": true, "rep": true, "gov": true, "gen": true, "col": true,
	"lt": true, "sgt": true, "capt": true, "cpl": true, "adm": true,
	"prof": true, "rev": true, "hon": true, "jr": true, "sr": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "plc": true,
	"vs": true, "etc": true, "no": true, "nos": true, "fig": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "approx": true, "dept": true, "est": true,
	"e.g": true, "i.e": true, "u.s": true, "u.k": true, "u.n": true,
	"a.m": true, "p.m": true, "op": true, "cf": true, "al": true,
}

// Paragraphs splits text on blank lines; single line breaks inside a
// paragraph are kept as spaces by the sentence splitter.
func Paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var paras []string
	var cur strings.Builder
	flush := func() {
		p := strings.TrimSpace(cur.String())
		if p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(strings.TrimSpace(line))
	}
	flush()
	return paras
}

// Sentences splits one paragraph into sentences. A boundary is a
// full stop, question or exclamation mark (with any closing quotes or
// brackets after it) followed by a space and a capital, a digit or an
// opening quote, unless the word before the stop is an abbreviation or an
// initial. It runs in one pass over the paragraph.
func Sentences(p string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(p[start:end])
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	lastSpace := -1
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if r == ' ' {
			lastSpace = i
		}
		if i-start > MaxSentenceBytes {
			cut := lastSpace
			if cut <= start {
				cut = i
			}
			emit(cut)
			lastSpace = -1
			continue
		}
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		// absorb a run of stops and closing quotes or brackets
		for end < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[end:])
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '"' || r2 == '”' || r2 == '’' || r2 == '\'' || r2 == ')' || r2 == ']' {
				end += s2
				continue
			}
			break
		}
		if end >= len(p) {
			break
		}
		r2, _ := utf8.DecodeRuneInString(p[end:])
		if r2 != ' ' {
			i = end
			continue
		}
		next := end + 1
		for next < len(p) && p[next] == ' ' {
			next++
		}
		if next >= len(p) {
			break
		}
		rn, _ := utf8.DecodeRuneInString(p[next:])
		if !(unicode.IsUpper(rn) || unicode.IsDigit(rn) || rn == '"' || rn == '“' || rn == '‘' || rn == '\'' || rn == '(' || rn == '[') {
			i = end
			continue
		}
		if r == '.' && isAbbreviationBefore(p[start:i]) {
			i = end
			continue
		}
		emit(end)
		i = end
	}
	emit(len(p))
	return out
}

// isAbbreviationBefore reports whether the text before a full stop ends
// with an abbreviation (Mr, Jan, U.S) or a single-letter initial.
func isAbbreviationBefore(before string) bool {
	j := len(before)
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= size
	}
	word := strings.ToLower(before[j:])
	if word == "" {
		return false
	}
	if abbreviations[word] {
		return true
	}
	// an initial ("J. Smith") or a dotted acronym ("U.S.")
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(before[j:])
		return unicode.IsUpper(r)
	}
	return strings.Contains(word, ".")
}
