// Package tokenize splits English text into words the way the Universal
// Dependencies English Web Treebank does; package language wraps it.
package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Append appends the byte spans [start, end) of the words of sentence to
// dst. It never fails: bytes that are not valid UTF-8 become words of
// their own.
func Append(dst [][2]int, sentence string) [][2]int {
	tz := tokenizer{s: sentence, toks: dst}
	n := len(sentence)
	end := len(strings.TrimRightFunc(sentence, isSpace)) // where the last chunk ends
	for i := 0; i < n; {
		r, sz := utf8.DecodeRuneInString(sentence[i:])
		if isSpace(r) {
			i += sz
			continue
		}
		j := i + sz
		for j < n {
			r, sz := utf8.DecodeRuneInString(sentence[j:])
			if isSpace(r) {
				break
			}
			j += sz
		}
		tz.chunk(i, j, j >= end)
		i = j
	}
	return tz.toks
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func isAlnum(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' || r == 'ʼ' }

type tokenizer struct {
	s    string
	toks [][2]int
}

func (tz *tokenizer) emit(a, b int) {
	if a < b {
		tz.toks = append(tz.toks, [2]int{a, b})
	}
}

// chunk tokenizes one whitespace-delimited chunk s[a:b]; last tells whether
// it ends the sentence (a final abbreviation then gives up its period).
func (tz *tokenizer) chunk(a, b int, last bool) {
	s := tz.s
	// URLs, e-mail addresses and file names stay whole, less the punctuation
	// that wraps them.
	if core0, core1, ok := urlCore(s, a, b); ok {
		tz.punct(a, core0)
		tz.emit(core0, core1)
		tz.punct(core1, b)
		return
	}
	if isEmoticon(s[a:b]) {
		tz.emit(a, b)
		return
	}
	for i := a; i < b; {
		r, sz := utf8.DecodeRuneInString(s[i:b])
		if isApostrophe(r) && i+sz+2 <= b && isDigitByte(s[i+sz]) && isDigitByte(s[i+sz+1]) &&
			(i+sz+2 == b || !isAlnum(rune(s[i+sz+2])) || s[i+sz+2] == 's') {
			// '72, ’90s: an abbreviated year is one word.
			j := i + sz + 2
			if j < b && s[j] == 's' {
				j++
			}
			tz.emit(i, j)
			i = j
			continue
		}
		if isAlnum(r) {
			j := tz.scanWord(i, b, last)
			tz.word(i, j)
			i = j
			continue
		}
		j := scanPunct(s, i, b)
		tz.emit(i, j)
		i = j
	}
}

// punct tokenizes a stretch of wrapping punctuation.
func (tz *tokenizer) punct(a, b int) {
	for i := a; i < b; {
		j := scanPunct(tz.s, i, b)
		tz.emit(i, j)
		i = j
	}
}

// scanPunct returns the end of the punctuation token starting at i: runs of
// the same mark ("...", "!!", "--") and of sentence-final marks ("?!")
// are one token, as in the treebank.
func scanPunct(s string, i, b int) int {
	r, sz := utf8.DecodeRuneInString(s[i:b])
	j := i + sz
	final := r == '.' || r == '!' || r == '?'
	for j < b {
		r2, sz2 := utf8.DecodeRuneInString(s[j:b])
		if r2 == utf8.RuneError || isAlnum(r2) {
			break
		}
		if r2 == r || (final && (r2 == '.' || r2 == '!' || r2 == '?')) || (r == '‘' && r2 == '’') || (r == '`' && r2 == '\'') {
			j += sz2
			continue
		}
		break
	}
	return j
}

// scanWord returns the end of the word starting at i: letters and digits
// plus the inner marks that the treebank keeps inside a word (4.75, 1,000,
// 10:30, 11/28/2000, U.S., AT&T, 713-853-3989, apostrophes of contractions,
// which word() then splits) and the period of an abbreviation.
func (tz *tokenizer) scanWord(i, b int, last bool) int {
	s := tz.s
	prev, sz := utf8.DecodeRuneInString(s[i:b])
	j := i + sz
	for j < b {
		r, sz := utf8.DecodeRuneInString(s[j:b])
		if isAlnum(r) {
			if unicode.IsLetter(r) && unicode.IsDigit(prev) && isNumber(s[i:j]) && unitAt(s[j:b]) {
				return j // "5pm" → "5" "pm", "$5bn" → "5" "bn"
			}
			prev = r
			j += sz
			continue
		}
		var next rune
		if j+sz < b {
			next, _ = utf8.DecodeRuneInString(s[j+sz : b])
		}
		prevDigit := unicode.IsDigit(prev)
		switch {
		case r == '.' && isAlnum(next):
		case (r == ',' || r == ':' || r == '/') && prevDigit && unicode.IsDigit(next):
		case isApostrophe(r) && unicode.IsLetter(next):
		case r == '&' && unicode.IsUpper(prev) && unicode.IsUpper(next):
		case r == '-' && keepHyphen(s[i:j], s[j+sz:b]):
		case r == '.':
			if isAbbrev(s[i:j], last && j+sz == b) {
				return j + sz
			}
			return j
		default:
			return j
		}
		prev = r
		j += sz
	}
	return j
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// keepHyphen tells whether a hyphen after word stays inside it: the
// treebank splits hyphenated compounds ("rules - based") but keeps phone
// numbers and a few fixed words whole.
func keepHyphen(word, rest string) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	switch strings.ToLower(word) {
	case "e", "co", "pre", "non", "re", "post", "anti", "multi", "ex", "mid", "pro", "neo", "cross", "semi", "sub", "over", "counter", "micro", "intra", "socio", "psycho":
		return isAlnum(next)
	}
	if isDigitByte(word[len(word)-1]) && unicode.IsDigit(next) && allDigitsHyphens(word) {
		// Phone numbers (646-8420, 713-853-3989) stay whole; ranges
		// (1969-1970, 400-500) are split.
		n := 0
		for n < len(rest) && isDigitByte(rest[n]) {
			n++
		}
		last := word[strings.LastIndexByte(word, '-')+1:]
		switch {
		case len(word) == 3 && n == 4, len(word) == 3 && n == 3 && strings.HasPrefix(rest[n:], "-"):
			return true
		case len(word) == 7 && len(last) == 3 && n == 4:
			return true
		}
	}
	return false
}

func allDigitsHyphens(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigitByte(w[i]) && w[i] != '-' {
			return false
		}
	}
	return true
}

// abbreviations that keep their period. Single letters (initials) and
// dotted forms (U.S, e.g, p.m) are recognised without the list.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"inc": true, "co": true, "corp": true, "ltd": true, "llc": true, "bros": true, "vs": true, "etc": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true, "cpl": true, "sgt": true,
	"adm": true, "cmdr": true, "maj": true, "pres": true, "prof": true, "rev": true, "hon": true, "messrs": true,
	"la": true, "calif": true, "fla": true, "conn": true, "ariz": true, "penn": true, "tenn": true, "ill": false,
	"no": true, "ft": true, "mt": true, "approx": true, "dept": true, "est": true, "fig": true, "vol": true, "ave": true, "blvd": true,
}

// isAbbrev tells whether word followed by a period is an abbreviation whose
// period belongs to it. At the very end of a sentence the period is the
// full stop, as in the treebank: "... in the U.S." ends with "U.S" and ".".
func isAbbrev(word string, sentenceEnd bool) bool {
	if sentenceEnd {
		return false
	}
	if strings.Contains(word, ".") {
		// U.S, e.g, p.m: every part short and alphabetic.
		for _, p := range strings.Split(word, ".") {
			if len(p) == 0 || len(p) > 3 || !allLetters(p) {
				return false
			}
		}
		return true
	}
	if r, sz := utf8.DecodeRuneInString(word); sz == len(word) && unicode.IsUpper(r) {
		return true // an initial: "George W. Bush"
	}
	return abbreviations[strings.ToLower(word)]
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// word emits s[a:b], splitting clitics the way the treebank does:
// "don't" → "do" "n't", "Russia's" → "Russia" "'s", "I'm" → "I" "'m",
// "cannot" → "can" "not", "gonna" → "gon" "na".
func (tz *tokenizer) word(a, b int) {
	w := tz.s[a:b]
	// n't (with a straight or curly apostrophe) and the bare "nt" of "dont".
	lw := strings.ToLower(w)
	if k := ntSplit(lw); k > 0 {
		tz.emit(a, a+k)
		tz.emit(a+k, b)
		return
	}
	// 's 'm 'd 'll 're 've: split before the last apostrophe.
	if k := lastApostrophe(w); k > 0 {
		suf := strings.ToLower(w[k:])
		_, asz := utf8.DecodeRuneInString(suf)
		switch suf[asz:] {
		case "s":
			if isDigitByte(w[k-1]) {
				break // "the 50's", "AK-47's" stay whole
			}
			tz.word(a, a+k)
			tz.emit(a+k, b)
			return
		case "m", "d", "ll", "re", "ve":
			tz.word(a, a+k)
			tz.emit(a+k, b)
			return
		}
	}
	switch lw {
	case "cannot":
		tz.emit(a, a+3)
		tz.emit(a+3, b)
		return
	case "gonna", "wanna", "gotta":
		tz.emit(a, a+3)
		tz.emit(a+3, b)
		return
	}
	tz.emit(a, b)
}

// ntSplit returns where "n't" (or the apostrophe-less "nt" of "dont",
// "didnt") starts in a lower-case word, or 0.
func ntSplit(lw string) int {
	for _, suf := range [...]string{"n't", "n’t"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf) {
			return len(lw) - len(suf)
		}
	}
	switch lw {
	case "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "havent", "hasnt", "hadnt",
		"couldnt", "wouldnt", "shouldnt", "cant", "aint":
		return len(lw) - 2
	}
	return 0
}

func lastApostrophe(w string) int {
	for k := len(w) - 1; k > 0; k-- {
		r, _ := utf8.DecodeRuneInString(w[k:])
		if r != utf8.RuneError && isApostrophe(r) {
			return k
		}
	}
	return 0
}

// urlCore finds a URL, e-mail address or file name inside the chunk s[a:b]
// and returns its bounds without the punctuation around it.
func urlCore(s string, a, b int) (int, int, bool) {
	c0, c1 := a, b
	for c0 < c1 && strings.IndexByte("\"'([{<", s[c0]) >= 0 {
		c0++
	}
	for c0 < c1 {
		r, sz := utf8.DecodeRuneInString(s[c0:c1])
		if r == '“' || r == '‘' {
			c0 += sz
			continue
		}
		break
	}
	for c1 > c0 {
		r, sz := utf8.DecodeLastRuneInString(s[c0:c1])
		if strings.ContainsRune("\"'.,;:!?)]}>”’", r) {
			c1 -= sz
			continue
		}
		break
	}
	core := strings.ToLower(s[c0:c1])
	switch {
	case strings.HasPrefix(core, "http://"), strings.HasPrefix(core, "https://"), strings.HasPrefix(core, "www."), strings.HasPrefix(core, "ftp://"):
	case strings.Contains(core, "@") && strings.Contains(core[strings.Index(core, "@"):], ".") && !strings.HasPrefix(core, "@"):
	case hasDomainSuffix(core):
	default:
		return 0, 0, false
	}
	if c0 >= c1 {
		return 0, 0, false
	}
	return c0, c1, true
}

func hasDomainSuffix(core string) bool {
	k := strings.LastIndexByte(core, '.')
	if k <= 0 {
		return false
	}
	for i := 0; i < k; i++ {
		if !(core[i] >= 'a' && core[i] <= 'z' || isDigitByte(core[i]) || core[i] == '-' || core[i] == '.' || core[i] == '_') {
			return false
		}
	}
	switch core[k+1:] {
	case "com", "org", "net", "edu", "gov", "co.uk", "uk", "io", "html", "htm", "pdf", "doc", "xls", "ppt", "txt", "jpg", "gif":
		return true
	}
	return false
}

var emoticons = map[string]bool{
	":)": true, ":(": true, ";)": true, ":-)": true, ":-(": true, ";-)": true, ":D": true, ":P": true, ":p": true,
	":-D": true, ":-P": true, "^_^": true, "<3": true, ":/": true, ":o": true, ":O": true, "=)": true, "XD": false,
}

func isEmoticon(s string) bool { return emoticons[s] }

// units that the treebank splits from a number written against them.
var units = map[string]bool{
	"am": true, "pm": true, "a.m.": true, "p.m.": true, "k": true, "m": true, "mm": true, "cm": true, "km": true,
	"ft": true, "kg": true, "lb": true, "lbs": true, "mb": true, "gb": true, "bn": true, "mph": true, "mi": true, "g": true,
}

// unitAt tells whether rest starts with a unit that ends its word.
func unitAt(rest string) bool {
	n := 0
	for n < len(rest) && (rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z') {
		n++
	}
	if n < len(rest) {
		if r, _ := utf8.DecodeRuneInString(rest[n:]); isAlnum(r) {
			return false
		}
	}
	return units[strings.ToLower(rest[:n])]
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigitByte(w[i]) && w[i] != ',' && w[i] != '.' && w[i] != ':' {
			return false
		}
	}
	return true
}
