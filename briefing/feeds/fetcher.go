package feeds

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request asks for a feed, conditionally when validators from the previous
// answer are known.
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
}

// Response is a feed server's answer. Any HTTP status is a Response, not an
// error; errors are for answers that never came (refused address, timeout,
// body over the size cap), as *briefing.Error.
type Response struct {
	StatusCode   int
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	RetryAfter   string // the raw Retry-After header
}

// Fetcher gets feeds over HTTP. The production one wraps the safe fetcher
// of briefing/fetch; tests use an httptest server.
type Fetcher interface {
	FetchFeed(ctx context.Context, req Request) (*Response, error)
}

// retryAfter reads a Retry-After header (seconds or an HTTP date) as a
// delay from now; ok is false when the header is absent or unreadable.
func retryAfter(header string, now time.Time) (time.Duration, bool) {
	header = strings.TrimSpace(header)
	if header == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	when, err := http.ParseTime(header)
	if err != nil {
		return 0, false
	}
	d := when.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}
