package warnings

import (
	"strings"

	"redline/briefing/article"
)

// document is an article cut into sentences, tokenised, with its
// quotations marked.
type document struct {
	sents []*sentence
}

// maxSentences bounds the work on one article; longer texts are cut (a
// news article has a few hundred sentences at most).
const maxSentences = 4000

func newDocument(title, text string) *document {
	d := &document{}
	title = strings.TrimSpace(strings.ReplaceAll(title, "\n", " "))
	if title != "" {
		if len(title) > article.MaxSentenceBytes {
			title = title[:cutAtSpace(title, article.MaxSentenceBytes)]
		}
		d.sents = append(d.sents, &sentence{text: title, para: 0, headline: true, toks: tokenize(title), quoteSpan: -1})
	}
	for pi, p := range article.Paragraphs(text) {
		if pi == 0 && p == title {
			// the headline repeated as the first line of the body
			continue
		}
		if article.IsFurniture(p) {
			// "READ MORE: …", a photo credit, a video caption: never a
			// speaker's words
			continue
		}
		for _, s := range article.Sentences(p) {
			if len(d.sents) >= maxSentences {
				break
			}
			d.sents = append(d.sents, &sentence{text: s, para: pi + 1, toks: tokenize(s), quoteSpan: -1})
		}
	}
	d.markQuotes()
	return d
}

// cutAtSpace returns a cut point at or before n that falls on a space and
// on a UTF-8 boundary.
func cutAtSpace(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for i := n; i > n/2; i-- {
		if s[i] == ' ' {
			return i
		}
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}

// markQuotes decides which quote marks open and close, marks the tokens
// inside quotations, and numbers quotations across sentences. A quotation
// left open at the end of a paragraph continues when the next paragraph
// opens with a quote mark (the newspaper convention for long quotes).
func (d *document) markQuotes() {
	open := false
	span := -1
	next := 0
	prevPara := -1
	for _, s := range d.sents {
		if s.headline {
			continue
		}
		if s.para != prevPara {
			startsQuoted := len(s.toks) > 0 && s.toks[0].kind == tokQuote
			if !(open && startsQuoted) {
				open = false
			}
			prevPara = s.para
		}
		if open {
			s.quoteSpan = span
		}
		for i := range s.toks {
			t := &s.toks[i]
			if t.kind != tokQuote {
				t.inQuote = open
				continue
			}
			if opensQuote(s, i, open) {
				if !open || i == 0 {
					if !(open && i == 0) {
						span = next
						next++
					}
					open = true
				}
				t.open = true
				if s.quoteSpan < 0 {
					s.quoteSpan = span
				}
			} else {
				open = false
			}
			t.inQuote = true
		}
	}
}

// opensQuote tells an opening from a closing quote mark: curly marks say
// so; a straight one opens when it follows a space or starts the sentence
// and is followed by a word.
func opensQuote(s *sentence, i int, open bool) bool {
	t := s.toks[i]
	switch t.text {
	case "“":
		return true
	case "”":
		return false
	}
	spaceBefore := t.start == 0 || s.text[t.start-1] == ' ' || s.text[t.start-1] == '('
	wordAfter := i+1 < len(s.toks) && s.toks[i+1].start == t.end
	if spaceBefore && wordAfter {
		return true
	}
	if !spaceBefore && !wordAfter {
		return false
	}
	return !open
}
