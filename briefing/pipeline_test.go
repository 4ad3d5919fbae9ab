package briefing_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"redline/briefing"
)

type stubReader struct {
	article briefing.Article
	err     error
	calls   []string
}

func (r *stubReader) Read(_ context.Context, rawURL string) (briefing.Article, error) {
	r.calls = append(r.calls, rawURL)
	return r.article, r.err
}

// echoExtractor returns one warning per article naming the article's title,
// so a test can see the article reached it unchanged.
type echoExtractor struct{}

func (echoExtractor) Extract(_ context.Context, a briefing.Article) ([]briefing.Warning, error) {
	return []briefing.Warning{{Kind: briefing.KindWarning, What: a.Title, Evidence: []string{a.Text}}}, nil
}

type memRecorder struct{ saved []briefing.Briefing }

func (m *memRecorder) SaveBriefing(_ context.Context, b *briefing.Briefing) error {
	b.Article.ID = int64(len(m.saved) + 1)
	m.saved = append(m.saved, *b)
	return nil
}

func TestPipelineBriefURLReadsExtractsAndRecords(t *testing.T) {
	fixed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	reader := &stubReader{article: briefing.Article{URL: "https://news.example/a", Title: "Headline", Text: "Body."}}
	rec := &memRecorder{}
	p := &briefing.Pipeline{Reader: reader, Extractor: echoExtractor{}, Recorder: rec, Now: func() time.Time { return fixed }}

	b, err := p.BriefURL(context.Background(), "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if len(reader.calls) != 1 || reader.calls[0] != "https://news.example/a" {
		t.Errorf("reader calls = %v", reader.calls)
	}
	if got := b.Warnings[0].What; got != "Headline" {
		t.Errorf("extractor saw title %q", got)
	}
	if !b.Article.Fetched.Equal(fixed) {
		t.Errorf("Fetched = %v, want the injected clock's %v", b.Article.Fetched, fixed)
	}
	if len(rec.saved) != 1 || b.Article.ID != 1 {
		t.Errorf("recorded %d briefings, article id %d", len(rec.saved), b.Article.ID)
	}
}

func TestPipelineReaderErrorStopsBeforeExtraction(t *testing.T) {
	readErr := briefing.Errorf(briefing.ENOTFOUND, "https://news.example/gone: the page does not exist (HTTP 404)")
	rec := &memRecorder{}
	p := &briefing.Pipeline{Reader: &stubReader{err: readErr}, Extractor: echoExtractor{}, Recorder: rec}

	_, err := p.BriefURL(context.Background(), "https://news.example/gone")
	if briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Fatalf("code = %q, want %q (err %v)", briefing.ErrorCode(err), briefing.ENOTFOUND, err)
	}
	if len(rec.saved) != 0 {
		t.Errorf("a failed read recorded %d briefings", len(rec.saved))
	}
}

func TestPipelineWithoutReaderIsAClearError(t *testing.T) {
	p := &briefing.Pipeline{Extractor: echoExtractor{}}
	_, err := p.BriefURL(context.Background(), "https://news.example/a")
	if err == nil || briefing.ErrorMessage(err) == "" {
		t.Fatalf("want a user-facing error, got %v", err)
	}
}

func TestErrorMessageHidesRawErrors(t *testing.T) {
	raw := errors.New("sqlite: SQLITE_BUSY (5)")
	if msg := briefing.ErrorMessage(raw); msg == raw.Error() {
		t.Errorf("a raw error reached the user: %q", msg)
	}
	wrapped := briefing.WrapError(briefing.EUNAVAILABLE, raw, "the history database is busy; try again")
	if got := briefing.ErrorMessage(wrapped); got != "the history database is busy; try again" {
		t.Errorf("ErrorMessage = %q", got)
	}
	if !errors.Is(wrapped, raw) {
		t.Error("WrapError lost its cause")
	}
	if briefing.ErrorCode(nil) != "" || briefing.ErrorCode(raw) != briefing.EINTERNAL {
		t.Error("ErrorCode of nil or a raw error is wrong")
	}
}

func TestArticleKeyPrefersCanonicalURL(t *testing.T) {
	a := briefing.Article{URL: "https://m.news.example/a?utm_source=x", CanonicalURL: "https://news.example/a"}
	if a.Key() != "https://news.example/a" {
		t.Errorf("Key = %q", a.Key())
	}
	a.CanonicalURL = ""
	if a.Key() != a.URL {
		t.Errorf("Key without canonical = %q", a.Key())
	}
}

// standIn reports that another extractor answered in its place.
type standIn struct{}

func (standIn) Extract(context.Context, briefing.Article) ([]briefing.Warning, error) {
	panic("the pipeline must ask a ReportingExtractor for its report")
}

func (standIn) ExtractReport(_ context.Context, a briefing.Article) (briefing.Extraction, error) {
	return briefing.Extraction{
		Warnings:  []briefing.Warning{{Kind: briefing.KindWarning, What: a.Title}},
		Extractor: "builtin",
		Note:      "the language model took too long; the built-in extractor answered",
	}, nil
}

func TestPipelineSaysWhichExtractorAnswered(t *testing.T) {
	p := &briefing.Pipeline{Extractor: standIn{}}
	b, err := p.BriefArticle(context.Background(), briefing.Article{Title: "Headline", Text: "Body."})
	if err != nil {
		t.Fatal(err)
	}
	if b.Extractor != "builtin" || b.ExtractorNote == "" || len(b.Warnings) != 1 {
		t.Errorf("briefing = %+v", b)
	}
	// a plain Extractor says nothing of itself
	b, err = (&briefing.Pipeline{Extractor: echoExtractor{}}).BriefArticle(context.Background(), briefing.Article{Title: "H"})
	if err != nil || b.Extractor != "" || b.ExtractorNote != "" {
		t.Errorf("plain extractor: %+v, %v", b, err)
	}
}
