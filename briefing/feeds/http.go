package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"redline/briefing"
)

// DefaultMaxFeedBytes caps a feed's body when HTTPFetcher.MaxBytes is 0.
const DefaultMaxFeedBytes = 5 << 20

// HTTPFetcher fetches feeds with conditional requests through Client. In
// production Client must be the safe client of briefing/fetch (address
// checks in the dialer, redirect limit, timeout); HTTPFetcher adds the
// conditional headers, the body cap and the status handling of feeds.
type HTTPFetcher struct {
	Client    *http.Client
	MaxBytes  int64  // body cap; DefaultMaxFeedBytes when 0
	UserAgent string // sent when not empty
}

// FetchFeed implements Fetcher.
func (h *HTTPFetcher) FetchFeed(ctx context.Context, r Request) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "%q is not a feed address — give a full http:// or https:// link", r.URL)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if h.UserAgent != "" {
		req.Header.Set("User-Agent", h.UserAgent)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	client := h.Client
	if client == nil {
		return nil, briefing.Errorf(briefing.EINTERNAL, "fetching feeds is not configured")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, transportError(ctx, r.URL, err)
	}
	defer resp.Body.Close()
	res := &Response{
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		RetryAfter:   resp.Header.Get("Retry-After"),
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return res, nil
	}
	limit := h.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxFeedBytes
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, transportError(ctx, r.URL, err)
	}
	if int64(len(body)) > limit {
		return nil, briefing.Errorf(briefing.ETOOLARGE, "the feed at %s is larger than %s, redline's limit — use a feed with fewer items", r.URL, sizeText(limit))
	}
	res.Body = body
	return res, nil
}

// transportError explains a request that got no answer. An error that is
// already a *briefing.Error (from the safe dialer) is kept.
func transportError(ctx context.Context, feedURL string, err error) error {
	var be *briefing.Error
	if errors.As(err, &be) {
		return err
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return briefing.WrapError(briefing.ETIMEOUT, err, "the feed at %s took too long to answer — redline will try again later", feedURL)
	}
	if ctx.Err() != nil {
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "fetching the feed at %s was cancelled", feedURL)
	}
	var ue *url.Error
	if errors.As(err, &ue) && errors.As(ue.Err, &be) {
		return be
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, err, "the feed at %s could not be reached — check the address; redline will try again later", feedURL)
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}
