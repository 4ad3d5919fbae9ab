package language

import "redline/briefing/language/internal/tokenize"

// Token is one word of a sentence, split the way the treebank splits words
// ("don't" → "do" "n't", "Russia's" → "Russia" "'s", "U.S." one token, quotes
// and dashes their own tokens).
type Token struct {
	Text       string // as written in the sentence
	Start, End int    // byte offsets of Text in the sentence string
	Tag        string // universal part of speech (NOUN, PROPN, VERB, AUX, ...)
	XTag       string // Penn Treebank tag (NNP, VBD, ...)
	Lemma      string // lower-case dictionary form ("warned" → "warn", "was" → "be")
	Head       int    // index of the head token in the slice; -1 for the root
	Rel        string // universal dependency relation with subtype (nsubj, nsubj:pass, obj, ...)
}

// Tokenize splits a sentence into words with byte offsets, following the
// English Web Treebank's segmentation so that the tagger and parser see the
// kind of tokens they were trained on. It never fails: bytes that are not
// valid UTF-8 become tokens of their own.
func Tokenize(sentence string) []Token {
	spans := tokenize.Append(make([][2]int, 0, len(sentence)/5+1), sentence)
	toks := make([]Token, len(spans))
	for k, sp := range spans {
		toks[k] = Token{Text: sentence[sp[0]:sp[1]], Start: sp[0], End: sp[1], Head: -1}
	}
	return toks
}
