// Package warnings is redline's built-in warning extractor: pure Go,
// offline and deterministic, with no model and no key.
//
// The stages, one file each:
//   - sentences.go, document.go, tokens.go: paragraphs and sentences
//     (abbreviations, initials, quotes that close after the full stop, a cap
//     on sentence length), tokens, and quotations followed across sentences
//     and paragraphs;
//   - lexicon.go, cues.go: cues by class (warn, threaten, urge … not to,
//     fear, phrases such as "red line" or "big mistake", "unless"), light
//     verbs ("issued a warning"), and exclusions ("warning lights", "the
//     threat of terrorism", "it is feared");
//   - attribution.go, np.go, entities.go, resolve.go: the speaker — the
//     subject of the cue verb, `"…," X said` and `said X`, appositions,
//     "according to" — resolved through a discourse model (he/she/they/it,
//     surnames, role nouns like "the company" or "the adviser");
//   - addressee.go: the cue's object, a passive's subject, "for X to", the
//     subject of the warned-about clause or its condition, else the party
//     the article is most about;
//   - items.go: merging the sentences that carry one warning;
//   - fields.go: the headline as evidence, kind, what, condition and
//     consequence, the strongest quote;
//   - gazetteer.go: memoised look-ups in briefing/actors (countries,
//     capitals as metonyms, demonyms, organisations).
//
// predict.go renders warnings in the evaluation's prediction format for
// `redline extract --format jsonl`.
package warnings

import (
	"context"

	"redline/briefing"
)

// Extractor is the built-in briefing.Extractor. It is safe for
// concurrent use: each Extract call keeps its own state, and the shared
// gazetteer memo is locked.
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
	an.headlineSpeakerKeys()
	for _, it := range items {
		// "A Commission spokeswoman" speaks for the European Commission
		// named before: merging compares sides by their full names
		it.speaker.affiliation = an.fullOrgName(it.speaker.affiliation)
		it.addr = an.addressee(it)
	}
	items = mergeItems(items)
	an.attachHeadline(items)
	if it := an.headlineItem(items); it != nil {
		// the headline's warning may be the one the body goes on to tell
		items = mergeItems(append([]*item{it}, items...))
	}
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
