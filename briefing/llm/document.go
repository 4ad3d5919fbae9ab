package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
)

// maxSentenceBytes caps a sentence: text without full stops (lists, feeds
// glued together, hostile input) is cut at a space past this length, so
// that one "sentence" cannot be the whole article.
const maxSentenceBytes = 1200

// sentence is one numbered sentence of the article, verbatim.
type sentence struct {
	n    int    // its number in the prompt, from 1; the headline is 1
	text string // verbatim (lines of a paragraph joined by a space)
	para int    // paragraph number; the headline is paragraph 0
}

// document is an article as the model sees it: numbered sentences.
type document struct {
	sents []sentence
	hash  string // hex SHA-256 of the headline and text: the cache's key
	// lower is the whole text in lower case, quote marks folded, for
	// checking that a name the model gives appears in the article.
	lower        string
	entOnce      sync.Once
	entities     map[string]bool   // keys of the gazetteer entities named; see entityKeys
	sentEntities []map[string]bool // the same, by sentence
}

// newDocument numbers the sentences of a: the headline first, then the
// body's, paragraph by paragraph.
func newDocument(a briefing.Article) *document {
	d := &document{}
	sum := sha256.Sum256([]byte(a.Title + "\n\n" + a.Text))
	d.hash = hex.EncodeToString(sum[:])
	if t := strings.Join(strings.Fields(a.Title), " "); t != "" {
		d.sents = append(d.sents, sentence{n: 1, text: t, para: 0})
	}
	for pi, p := range splitParagraphs(a.Text) {
		for _, s := range splitSentences(p) {
			d.sents = append(d.sents, sentence{n: len(d.sents) + 1, text: s, para: pi + 1})
		}
	}
	var all strings.Builder
	for _, s := range d.sents {
		all.WriteString(s.text)
		all.WriteByte('\n')
	}
	d.lower = quoteFolder.Replace(strings.ToLower(all.String()))
	return d
}

// sentence returns the sentence numbered n; ok is false when there is none.
func (d *document) sentence(n int) (sentence, bool) {
	if n < 1 || n > len(d.sents) {
		return sentence{}, false
	}
	return d.sents[n-1], true
}

// part is the sentences of one call.
type part struct {
	index, of int
	sents     []sentence
}

// overlap is how many sentences a part repeats from the end of the one
// before, so that a warning told across the cut is seen whole in one part
// (its two halves, if both parts report it, share sentences and are merged).
const overlap = 2

// parts cuts the document into pieces of at most maxChars characters of
// sentence text each; every part after the first starts with the headline
// as context and repeats the last sentences of the part before.
func (d *document) parts(maxChars int) []part {
	var out []part
	var head []sentence
	body := d.sents
	if len(body) > 0 && body[0].para == 0 {
		head, body = body[:1], body[1:]
	}
	size := func(ss []sentence) int {
		n := 0
		for _, s := range ss {
			n += utf8.RuneCountInString(s.text) + 1
		}
		return n
	}
	cur := append([]sentence(nil), head...)
	fresh := 0 // sentences of cur that no earlier part had
	for _, s := range body {
		if fresh > 0 && size(cur)+utf8.RuneCountInString(s.text)+1 > maxChars {
			out = append(out, part{sents: cur})
			prev := cur
			cur = append([]sentence(nil), head...)
			fresh = 0
			from := max(len(prev)-overlap, len(head))
			for _, o := range prev[from:] {
				if size(cur)+size([]sentence{o, s}) <= maxChars {
					cur = append(cur, o)
				}
			}
		}
		cur = append(cur, s)
		fresh++
	}
	if fresh > 0 || len(out) == 0 {
		out = append(out, part{sents: cur})
	}
	for i := range out {
		out[i].index, out[i].of = i+1, len(out)
	}
	return out
}

// abbreviations end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "mt": true,
	"sen": true, "rep": true, "gov": true, "gen": true, "col": true, "lt": true,
	"sgt": true, "capt": true, "adm": true, "prof": true, "rev": true, "hon": true,
	"jr": true, "sr": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"vs": true, "etc": true, "no": true, "fig": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "e.g": true, "i.e": true,
	"u.s": true, "u.k": true, "u.n": true, "a.m": true, "p.m": true,
}

// splitParagraphs splits text on blank lines; the lines of a paragraph are
// joined by single spaces.
func splitParagraphs(text string) []string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return paras
}

// splitSentences splits a paragraph after ".", "!", "?" or "…" (and any
// closing quotes or brackets) followed by a space and a capital, a digit or
// an opening quote, unless the word before the stop is an abbreviation or
// an initial.
func splitSentences(p string) []string {
	var out []string
	start, lastSpace := 0, -1
	emit := func(end int) {
		if s := strings.TrimSpace(p[start:end]); s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		if r == ' ' {
			lastSpace = i
		}
		if i-start > maxSentenceBytes {
			cut := lastSpace
			if cut <= start {
				cut = i
			}
			emit(cut)
			lastSpace = -1
			continue
		}
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(p) {
			r2, s2 := utf8.DecodeRuneInString(p[end:])
			if !strings.ContainsRune(`.!?"”’')]`, r2) {
				break
			}
			end += s2
		}
		if end+1 >= len(p) || p[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"“‘'(`, next) {
			continue
		}
		if r == '.' && abbreviated(p[start:i-size]) {
			continue
		}
		emit(end)
		i = end
	}
	emit(len(p))
	return out
}

// abbreviated reports whether text ends with an abbreviation or an initial
// ("Mr", "U.S", "J").
func abbreviated(text string) bool {
	w := text[strings.LastIndexAny(text, " (\"“")+1:]
	if n := utf8.RuneCountInString(w); n == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}

// wordsOf splits lower-case text into words of letters and digits
// (keeping inner hyphens and apostrophes: "ho-jin", "o'neill").
func wordsOf(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	})
}
