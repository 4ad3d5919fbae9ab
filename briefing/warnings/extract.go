// Package warnings is redline's built-in warning extractor: pure Go,
// offline and deterministic, with no key and no service.
//
// Extract runs its stages in order, each a file, each handing its result
// to the next:
//
//  1. document.go, sentences.go, tokens.go: paragraphs, sentences and
//     quotations (a quotation may run over sentences and paragraphs);
//  2. reading.go, syntax.go: the sentences that may hold a cue (cues.go,
//     from the word lists of data/lexicon.txt) and those around them that
//     may say who speaks are tagged and parsed by briefing/language;
//  3. mentions.go, discourse.go: the noun phrases that may name a party,
//     tied to the entities of the article (pronouns, surnames, "the
//     minister");
//  4. claims.go, attribution.go, addressee.go: each cue with the
//     candidates for its speaker and its addressee, and the features that
//     describe them;
//  5. decide.go: the fitted model (data/model.json) chooses the speaker and
//     the addressee (or nobody) and scores whether the claim is a warning
//     to report, then scores it again knowing what the first pass made of
//     the same speaker's other claims; below the threshold the extractor
//     abstains;
//  6. items.go: the sentences of one warning become one item;
//  7. fields.go: kind, what, condition and consequence, quotation and
//     evidence.
//
// The weights are fitted on the gold articles by fit_test.go (see
// testdata/README.md for the protocol and the figures).
package warnings

import (
	"context"

	"redline/briefing"
	"redline/briefing/language"
)

// Extractor is the built-in briefing.Extractor. It is safe for
// concurrent use: each Extract call keeps its own state.
type Extractor struct {
	maxWarnings int
	model       *model
	language    *language.Model
}

// Option configures an Extractor.
type Option func(*Extractor)

// WithMaxWarnings caps the warnings returned for one article (default 50);
// a page that is not news (a forum dump) cannot flood a briefing.
func WithMaxWarnings(n int) Option {
	return func(x *Extractor) {
		if n > 0 {
			x.maxWarnings = n
		}
	}
}

// New returns the built-in extractor.
func New(opts ...Option) *Extractor {
	x := &Extractor{maxWarnings: 50, model: builtinModel}
	for _, o := range opts {
		o(x)
	}
	return x
}

var _ briefing.Extractor = (*Extractor)(nil)

// Extract finds the warnings an article reports, in article order.
func (x *Extractor) Extract(ctx context.Context, a briefing.Article) ([]briefing.Warning, error) {
	if err := ctx.Err(); err != nil {
		return nil, briefing.WrapError(briefing.ETIMEOUT, err, "extracting warnings was cancelled")
	}
	d := newDocument(a.Title, a.Text)
	trees := parseWhereNeeded(x.lang(), d)
	mentions, _ := readMentions(d, trees)
	claims := findClaims(d, trees, mentions)
	return x.warningsOf(d, claims), nil
}

// warningsOf decides the claims of a document and describes the warnings.
func (x *Extractor) warningsOf(d *document, claims []*claim) []briefing.Warning {
	decisions := x.model.decideAll(claims)
	items := mergeDecisions(decisions, x.model.Threshold)
	out := make([]briefing.Warning, 0, min(len(items), x.maxWarnings))
	for _, it := range items {
		if len(out) >= x.maxWarnings {
			break
		}
		w := describe(d, it)
		w.Position = len(out)
		out = append(out, w)
	}
	return out
}

func (x *Extractor) lang() *language.Model {
	if x.language != nil {
		return x.language
	}
	return language.Default()
}
