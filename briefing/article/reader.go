package article

import (
	"context"
	"strings"
	"time"

	"redline/briefing"
	"redline/briefing/fetch"
)

// Reader reads articles from links: safe fetching, then extraction. It
// implements briefing.Reader.
type Reader struct {
	client *fetch.Client
	// Now is the clock that stamps Article.Fetched; time.Now when nil.
	Now func() time.Time
}

var _ briefing.Reader = (*Reader)(nil)

// NewReader returns a Reader that fetches with client.
func NewReader(client *fetch.Client) *Reader {
	return &Reader{client: client}
}

// Read fetches rawURL and extracts its article. Article.URL is the final
// address after redirects. Errors are *briefing.Error: those of
// fetch.Client.Get; ENOTARTICLE when the page holds no article text;
// ETOOLARGE when its markup is over the work limits (MaxElements,
// MaxDepth); ERATELIMIT when too many pages are being read at once (all
// Readers share one limit: as many running as there are CPUs, a few per
// CPU waiting); ETIMEOUT when ctx ends before the article is read.
func (r *Reader) Read(ctx context.Context, rawURL string) (briefing.Article, error) {
	resp, err := r.client.Get(ctx, rawURL)
	if err != nil {
		return briefing.Article{}, err
	}
	var a briefing.Article
	if resp.MediaType == "text/plain" {
		a = FromText(string(resp.Body), resp.URL)
		err = checkArticle(a, resp.URL)
	} else {
		a, err = extractions.do(ctx, resp.URL, func(ctx context.Context) (briefing.Article, error) {
			return fromUTF8HTML(ctx, resp.Body, resp.URL)
		})
	}
	if err != nil {
		return briefing.Article{}, err
	}
	a.Fetched = r.now()
	return a, nil
}

func (r *Reader) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// ReadURLOrFile reads an http or https link with Read and anything else as
// a local file with ReadFile. It is for the command line only: a bot must
// never pass a stranger's text here, or it would read its own files.
func (r *Reader) ReadURLOrFile(ctx context.Context, arg string) (briefing.Article, error) {
	if IsURL(arg) {
		return r.Read(ctx, arg)
	}
	a, err := extractions.do(ctx, arg, func(ctx context.Context) (briefing.Article, error) {
		return readFile(ctx, arg)
	})
	if err != nil {
		return briefing.Article{}, err
	}
	a.Fetched = r.now()
	return a, nil
}

// IsURL reports whether arg is meant as a web address rather than a file
// path. Any scheme counts ("ftp://…"), so that Read refuses it with a clear
// reason instead of looking for a file of that name.
func IsURL(arg string) bool {
	return strings.Contains(strings.TrimSpace(arg), "://")
}
