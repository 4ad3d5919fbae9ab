package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
	"redline/briefing/article"
)

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
	for pi, p := range article.Paragraphs(a.Text) {
		for _, s := range article.Sentences(p) {
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

// wordsOf splits lower-case text into words of letters and digits
// (keeping inner hyphens and apostrophes: "ho-jin", "o'neill").
func wordsOf(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’'
	})
}
