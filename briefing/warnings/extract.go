// Package warnings is redline's built-in warning extractor: pure Go,
// offline and deterministic. It reads an article as sentences, finds the
// cues of warnings and threats ("warned", "threatened", "red line", "big
// mistake"), attributes each to its speaker (the subject of the cue verb,
// the speaker of the quotation, a pronoun or role noun resolved to the
// last compatible mention), chooses the addressee, normalises both with
// briefing/actors, merges the sentences that carry one warning, and splits
// conditions from consequences.
package warnings

import (
	"context"

	"redline/briefing"
)

// Extractor is the built-in briefing.Extractor. It is safe for
// concurrent use: Extract keeps all its state on the stack.
type Extractor struct {
	maxWarnings int
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
	x := &Extractor{maxWarnings: 50}
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
	an := analyse(d)
	items := an.items()
	an.speakerKeys = map[string]bool{}
	for _, it := range items {
		an.speakerKeys[groupKey(actorKey(it.speaker.name))] = true
	}
	for _, it := range items {
		it.addr = an.addressee(it)
	}
	items = mergeItems(items)
	an.attachHeadline(items)
	out := make([]briefing.Warning, 0, len(items))
	for _, it := range items {
		if len(out) >= x.maxWarnings {
			break
		}
		w := an.warning(it)
		w.Position = len(out)
		out = append(out, w)
	}
	return out, nil
}
