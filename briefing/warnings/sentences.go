package warnings

// sentence is one sentence of the article, verbatim, with its tokens.
type sentence struct {
	text     string
	para     int  // paragraph number; the headline is paragraph 0 alone
	headline bool // the article's title
	toks     []token
	// quoteSpan numbers the quotation the sentence belongs to (or -1): a
	// quotation may run over several sentences and paragraphs, and every
	// sentence of it belongs to the same speaker.
	quoteSpan int
}
