package briefing

import (
	"context"
	"time"
)

// Reader turns a link into an Article: safe fetching plus article extraction.
type Reader interface {
	Read(ctx context.Context, rawURL string) (Article, error)
}

// Extractor finds the warnings an article reports. The built-in one lives in
// briefing/warnings; another (an LLM one, say) can replace it.
type Extractor interface {
	Extract(ctx context.Context, a Article) ([]Warning, error)
}

// Extraction is an extractor's answer for one article: the warnings, and
// which extractor found them.
type Extraction struct {
	Warnings  []Warning
	Extractor string // who answered: "builtin", "llm MODEL"
	Note      string // user-facing: why a stand-in answered; empty otherwise
}

// ReportingExtractor is an Extractor that also says which extractor
// answered: the LLM one hands an article to the built-in one when the model
// cannot answer, and the briefing says so.
type ReportingExtractor interface {
	Extractor
	ExtractReport(ctx context.Context, a Article) (Extraction, error)
}

// ExtractReport runs x on a, through ExtractReport when x has it.
func ExtractReport(ctx context.Context, x Extractor, a Article) (Extraction, error) {
	if r, ok := x.(ReportingExtractor); ok {
		return r.ExtractReport(ctx, a)
	}
	ws, err := x.Extract(ctx, a)
	return Extraction{Warnings: ws}, err
}

// Recorder keeps briefings in history. SaveBriefing stores the article and
// its warnings atomically and idempotently by the article's Key, and sets
// the IDs on b.
type Recorder interface {
	SaveBriefing(ctx context.Context, b *Briefing) error
}

// Briefer turns a link into a recorded Briefing: what the bot and the feed
// engine need of a Pipeline.
type Briefer interface {
	BriefURL(ctx context.Context, rawURL string) (*Briefing, error)
}

var _ Briefer = (*Pipeline)(nil)

// Pipeline turns a link or an article into a Briefing and records it.
type Pipeline struct {
	Reader    Reader
	Extractor Extractor
	Recorder  Recorder         // optional: nil keeps nothing
	Now       func() time.Time // optional: the clock; time.Now when nil
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// BriefURL reads the article at rawURL and briefs it.
func (p *Pipeline) BriefURL(ctx context.Context, rawURL string) (*Briefing, error) {
	if p.Reader == nil {
		return nil, Errorf(EINTERNAL, "reading links is not configured")
	}
	a, err := p.Reader.Read(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	return p.BriefArticle(ctx, a)
}

// BriefArticle extracts the warnings of a and records the briefing when a
// Recorder is set.
func (p *Pipeline) BriefArticle(ctx context.Context, a Article) (*Briefing, error) {
	if p.Extractor == nil {
		return nil, Errorf(EINTERNAL, "no warning extractor is configured")
	}
	if a.Fetched.IsZero() {
		a.Fetched = p.now()
	}
	ex, err := ExtractReport(ctx, p.Extractor, a)
	if err != nil {
		return nil, err
	}
	b := &Briefing{Article: a, Warnings: ex.Warnings, Extractor: ex.Extractor, ExtractorNote: ex.Note}
	if p.Recorder != nil {
		if err := p.Recorder.SaveBriefing(ctx, b); err != nil {
			return nil, err
		}
	}
	return b, nil
}
