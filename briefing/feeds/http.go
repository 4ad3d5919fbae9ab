package feeds

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"redline/briefing"
	"redline/briefing/fetch"
)

// HTTPFetcher fetches feeds through the safe client of briefing/fetch
// (address checks in the dialer, redirect limit, timeout, body cap),
// adding the conditional headers and reading every HTTP status back as a
// Response, so that 304, 429 and 503 reach the poller's logic.
type HTTPFetcher struct {
	Client *fetch.Client
}

// FetchFeed implements Fetcher.
func (h *HTTPFetcher) FetchFeed(ctx context.Context, r Request) (*Response, error) {
	if h.Client == nil {
		return nil, briefing.Errorf(briefing.EINTERNAL, "fetching feeds is not configured")
	}
	header := http.Header{}
	if r.ETag != "" {
		header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		header.Set("If-Modified-Since", r.LastModified)
	}
	res, err := h.Client.Do(ctx, fetch.Request{URL: r.URL, Kind: fetch.KindFeed, Header: header})
	if err != nil {
		var se *fetch.StatusError
		if errors.As(err, &se) {
			out := &Response{StatusCode: se.Status}
			if se.RetryAfter > 0 {
				out.RetryAfter = strconv.FormatInt(int64(se.RetryAfter.Seconds()+0.5), 10)
			}
			return out, nil
		}
		return nil, err
	}
	return &Response{
		StatusCode:   res.Status,
		Body:         res.Body,
		ContentType:  res.MediaType,
		ETag:         res.Header.Get("ETag"),
		LastModified: res.Header.Get("Last-Modified"),
	}, nil
}
