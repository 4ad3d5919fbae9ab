// Package language is redline's linguistic layer: it splits a sentence into
// words, tags each with its part of speech and lemma, and parses the
// sentence into labelled Universal Dependencies, so the warning extractor
// can ask who is the subject of "warned", what its object is, and which
// clause holds the warning.
//
// The stages, each pure Go and each trained on the Universal Dependencies
// English Web Treebank (UD English EWT):
//
//   - Tokenize splits words the way the treebank does ("don't" → "do"
//     "n't", "Russia's" → "Russia" "'s", "rules-based" → "rules" "-"
//     "based", "U.S." and "1,000" whole), so the models see the tokens they
//     learnt from. Typographic quotes, dashes and ellipses are kept as
//     written in Token.Text and mapped to their ASCII forms only inside the
//     models.
//   - Model.Tag predicts the Penn Treebank tag and the universal tag in one
//     decision per word with a greedy averaged perceptron (Collins 2002)
//     over word, affix, shape and context features, and looks the lemma up
//     in a (word, tag) dictionary from the treebank, falling back to
//     suffix rewrite rules learnt from it.
//   - Model.Parse builds the dependency tree with a greedy arc-hybrid
//     transition parser: an averaged perceptron over Zhang & Nivre
//     (2011)-style features chooses among the three unlabelled moves, and
//     a second, smaller one names each arc's relation as the arc is made.
//     Both are trained with a dynamic oracle on jackknifed tags so they
//     cope with the tagger's and their own mistakes.
//
// Features are hashed to integers, never built as strings, and the
// weights live in an open-addressing table; tagging and parsing allocate
// little beyond the output.
//
// The model (data/model.bin.gz) is embedded in the binary and decoded on
// the first call to Default, not at package initialisation. It is derived
// from UD English EWT and so is licensed CC BY-SA 4.0; see data/NOTICE and
// README.md for the attribution and for how to retrain it with
// internal/train.
package language
