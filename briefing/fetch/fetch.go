// Package fetch reads web pages and feeds for redline without letting a
// stranger's link turn redline against its own network: only http and
// https, every connection's address checked as it is dialed (so neither a
// redirect nor a DNS answer can reach loopback, private or link-local
// networks), at most five redirects, a total time limit, a size cap, and
// only the content types the caller can use.
package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"redline/briefing"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout   = 20 * time.Second
	DefaultMaxBody   = 5 << 20
	DefaultUserAgent = "redline/1.0 (news briefing bot; reads one page per link a user shares)"
	// MaxRedirects is how many redirects one request may follow.
	MaxRedirects = 5
)

// Options configure a Client. The zero value is usable.
type Options struct {
	Timeout   time.Duration // for the whole request, body included; DefaultTimeout when 0
	MaxBody   int64         // largest body read, after decompression; DefaultMaxBody when 0
	UserAgent string        // DefaultUserAgent when empty
	// Allow opens addresses that are refused by default (loopback, private
	// and other non-public ranges) for tests and intranets. Entries are a
	// host name or IP address with an optional port ("intranet.example",
	// "127.0.0.1:8080", "[::1]:9000") or a CIDR prefix ("10.1.0.0/16").
	Allow []string
	Now   func() time.Time // the clock, for HTTP-date Retry-After values; time.Now when nil
}

// Kind says what a request is for, which decides the content types
// accepted and what is done with the body.
type Kind int

const (
	// KindArticle accepts HTML, XHTML and plain text and decodes the body
	// to UTF-8.
	KindArticle Kind = iota
	// KindFeed accepts RSS, Atom, JSON Feed, XML, JSON and text, returns
	// the body undecoded (feed parsers read the XML declaration
	// themselves), and answers 304 Not Modified with a Response, not an
	// error.
	KindFeed
)

// Request is one GET.
type Request struct {
	URL    string
	Kind   Kind
	Header http.Header // extra request headers, such as If-None-Match and If-Modified-Since
}

// Response is what was read.
type Response struct {
	URL       string      // the final address, after redirects
	Status    int         // 2xx, or 304 for a KindFeed request
	Header    http.Header // the final response's headers (ETag, Last-Modified…)
	MediaType string      // the body's media type, lower-case, without parameters ("text/html")
	Charset   string      // the charset the body was decoded from (KindArticle only)
	Body      []byte      // UTF-8 for KindArticle, as sent (decompressed) for KindFeed; empty on 304
}

// NotModified reports a 304 answer to a conditional request.
func (r *Response) NotModified() bool { return r.Status == http.StatusNotModified }

// StatusError is the cause kept inside the *briefing.Error returned for an
// HTTP status that is not a success. Callers that poll (feeds) find it
// with errors.As to honour RetryAfter.
type StatusError struct {
	URL        string
	Status     int
	RetryAfter time.Duration // from Retry-After on 429 and 503; 0 when absent
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Client fetches pages. It is safe for concurrent use.
type Client struct {
	http      *http.Client
	timeout   time.Duration
	maxBody   int64
	userAgent string
	allow     allowList
	now       func() time.Time
}

// New returns a Client. It fails only on a malformed Allow entry.
func New(opts Options) (*Client, error) {
	allow, err := parseAllowList(opts.Allow)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "fetch allow-list: %v", err)
	}
	c := &Client{
		timeout:   opts.Timeout,
		maxBody:   opts.MaxBody,
		userAgent: opts.UserAgent,
		allow:     allow,
		now:       opts.Now,
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.now == nil {
		c.now = time.Now
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial on our behalf, past the address check
		DialContext:           c.dialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: c.timeout,
		DisableCompression:    true, // decompressed here, so that the size cap counts decoded bytes
	}
	c.http = &http.Client{Transport: transport, CheckRedirect: checkRedirect}
	return c, nil
}

// Get fetches an article page (HTML, XHTML or plain text) and returns its
// body decoded to UTF-8.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	return c.Do(ctx, Request{URL: rawURL, Kind: KindArticle})
}

// Do performs one GET. Every failure is a *briefing.Error whose message
// names the URL and the reason in plain words.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	u, err := checkURL(r.URL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "%s is not a valid web address", r.URL)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", acceptHeader(r.Kind))
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, r.URL, err)
	}
	defer resp.Body.Close()
	finalURL := resp.Request.URL.String()

	out := &Response{URL: finalURL, Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode == http.StatusNotModified && r.Kind == KindFeed {
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.statusError(r.URL, resp)
	}
	if resp.ContentLength > c.maxBody && resp.Header.Get("Content-Encoding") == "" {
		return nil, c.tooLarge(r.URL)
	}

	body, err := decompress(resp)
	if err != nil {
		return nil, briefing.WrapError(briefing.EUNAVAILABLE, err,
			"%s: the site sent a page redline cannot decompress (%s); try again later", r.URL, resp.Header.Get("Content-Encoding"))
	}
	buffered := bufio.NewReaderSize(body, 4096)
	contentType := resp.Header.Get("Content-Type")
	mediaType, _, _ := mime.ParseMediaType(contentType)
	mediaType = strings.ToLower(mediaType)
	if mediaType == "" || mediaType == "application/octet-stream" {
		head, _ := buffered.Peek(512)
		mediaType, _, _ = mime.ParseMediaType(http.DetectContentType(head))
	}
	out.MediaType = mediaType
	if err := checkMediaType(r.URL, r.Kind, mediaType); err != nil {
		return nil, err
	}

	data, err := io.ReadAll(io.LimitReader(buffered, c.maxBody+1))
	if err != nil {
		return nil, c.readError(ctx, r.URL, err)
	}
	if int64(len(data)) > c.maxBody {
		return nil, c.tooLarge(r.URL)
	}
	if r.Kind == KindArticle {
		data, out.Charset = DecodeText(data, contentType)
	}
	out.Body = data
	return out, nil
}

func acceptHeader(k Kind) string {
	if k == KindFeed {
		return "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
	}
	return "text/html, application/xhtml+xml, text/plain;q=0.9, */*;q=0.1"
}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, briefing.WrapError(briefing.EINVALID, err, "%q is not a valid web address", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return nil, briefing.Errorf(briefing.EINVALID, "%q is not a full web address; it should start with https://", raw)
	default:
		return nil, briefing.Errorf(briefing.EBLOCKED, "%s: redline only reads http and https links, not %s", raw, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, briefing.Errorf(briefing.EINVALID, "%q has no host name", raw)
	}
	if u.User != nil {
		return nil, briefing.Errorf(briefing.EBLOCKED, "%s: links with a user name or password are not read", redactUser(u))
	}
	u.Fragment = ""
	return u, nil
}

func redactUser(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

var (
	errTooManyRedirects = errors.New("too many redirects")
	errRedirectScheme   = errors.New("redirect to a scheme other than http or https")
)

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return errTooManyRedirects
	}
	switch req.URL.Scheme {
	case "http", "https":
	default:
		return errRedirectScheme
	}
	if req.URL.User != nil {
		return errRedirectScheme
	}
	return nil
}

// blockedAddrError is returned by the dialer for an address that is not public.
type blockedAddrError struct{ addr string }

func (e *blockedAddrError) Error() string { return "address " + e.addr + " is not public" }

func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !c.allow.allowsHost(host, port) {
		// The check runs on each resolved address just before connect, so
		// DNS answers and redirects get no way around it.
		d.Control = c.controlAddr
	}
	return d.DialContext(ctx, network, addr)
}

func (c *Client) controlAddr(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &blockedAddrError{addr: address}
	}
	if IsPublic(ap.Addr()) || c.allow.allowsAddr(ap.Addr()) {
		return nil
	}
	return &blockedAddrError{addr: ap.Addr().String()}
}

func (c *Client) transportError(ctx context.Context, rawURL string, err error) error {
	var blocked *blockedAddrError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &blocked):
		return briefing.WrapError(briefing.EBLOCKED, err,
			"%s: blocked — the link leads to a private or local network address (%s), which redline does not visit", rawURL, blocked.addr)
	case errors.Is(err, errTooManyRedirects):
		return briefing.WrapError(briefing.EBLOCKED, err,
			"%s: the site redirected more than %d times; open it in a browser and share the final address", rawURL, MaxRedirects)
	case errors.Is(err, errRedirectScheme):
		return briefing.WrapError(briefing.EBLOCKED, err,
			"%s: the site redirected to an address that is not an http or https link", rawURL)
	case c.isTimeout(ctx, err):
		return c.timeoutError(rawURL, err)
	case errors.Is(err, context.Canceled):
		return briefing.WrapError(briefing.EUNAVAILABLE, err, "%s: reading was cancelled", rawURL)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return briefing.WrapError(briefing.ENOTFOUND, err,
			"%s: the site %s does not exist (no such host); check the address", rawURL, dnsErr.Name)
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, err,
		"%s: could not connect to the site; it may be down, try again later", rawURL)
}

func (c *Client) readError(ctx context.Context, rawURL string, err error) error {
	if c.isTimeout(ctx, err) {
		return c.timeoutError(rawURL, err)
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, err,
		"%s: the connection broke while reading the page; try again later", rawURL)
}

func (c *Client) isTimeout(ctx context.Context, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (c *Client) timeoutError(rawURL string, err error) error {
	return briefing.WrapError(briefing.ETIMEOUT, err,
		"%s: the site took longer than %s to answer; it may be slow or down, try again later", rawURL, c.timeout)
}

func (c *Client) tooLarge(rawURL string) error {
	return briefing.Errorf(briefing.ETOOLARGE,
		"%s: the page is larger than %s, which is more than redline reads", rawURL, formatSize(c.maxBody))
}

func (c *Client) statusError(rawURL string, resp *http.Response) error {
	se := &StatusError{URL: rawURL, Status: resp.StatusCode}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		se.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	}
	status := fmt.Sprintf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	switch code := resp.StatusCode; {
	case code == http.StatusNotFound || code == http.StatusGone:
		return briefing.WrapError(briefing.ENOTFOUND, se, "%s: page not found (%s); check the link", rawURL, status)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return briefing.WrapError(briefing.EUNAVAILABLE, se, "%s: the site refused access (%s); it may need a login or block bots", rawURL, status)
	case code == http.StatusTooManyRequests:
		return briefing.WrapError(briefing.ERATELIMIT, se, "%s: the site asks redline to slow down (%s); try again later", rawURL, status)
	case code >= 500:
		return briefing.WrapError(briefing.EUNAVAILABLE, se, "%s: the site failed (%s); try again later", rawURL, status)
	case code >= 300 && code < 400:
		return briefing.WrapError(briefing.EUNAVAILABLE, se, "%s: the site answered with a redirect redline cannot follow (%s)", rawURL, status)
	}
	return briefing.WrapError(briefing.EUNAVAILABLE, se, "%s: the site did not return the page (%s)", rawURL, status)
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func checkMediaType(rawURL string, k Kind, mediaType string) error {
	if k == KindFeed {
		if strings.HasSuffix(mediaType, "xml") || strings.HasSuffix(mediaType, "json") || strings.HasPrefix(mediaType, "text/") {
			return nil
		}
		return briefing.Errorf(briefing.EINVALID, "%s: not a feed (%s); give the address of an RSS or Atom feed", rawURL, mediaType)
	}
	switch mediaType {
	case "text/html", "application/xhtml+xml", "text/plain":
		return nil
	}
	return briefing.Errorf(briefing.ENOTARTICLE, "%s: not an article (%s); redline reads web pages and plain text", rawURL, mediaType)
}

// decompress undoes the Content-Encoding the transport left in place.
func decompress(resp *http.Response) (io.Reader, error) {
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return resp.Body, nil
	case "gzip", "x-gzip":
		return gzip.NewReader(resp.Body)
	case "deflate":
		// "deflate" should be zlib-wrapped, but some servers send raw DEFLATE.
		br := bufio.NewReader(resp.Body)
		head, _ := br.Peek(2)
		if len(head) == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
			return zlib.NewReader(br)
		}
		return flate.NewReader(br), nil
	default:
		return nil, fmt.Errorf("unsupported content encoding %q", enc)
	}
}

// formatSize writes a size in the unit it was most likely set in: the
// largest unit, decimal (5MB is 5,000,000 bytes) or binary (5MiB is
// 5,242,880), that divides it exactly, as the configuration writes it;
// otherwise in bytes. A limit set as 5MB is never shown as "4.8 MB".
func formatSize(n int64) string {
	for _, u := range []struct {
		name   string
		factor int64
	}{{"GiB", 1 << 30}, {"GB", 1e9}, {"MiB", 1 << 20}, {"MB", 1e6}, {"KiB", 1 << 10}, {"KB", 1e3}} {
		if n >= u.factor && n%u.factor == 0 {
			return strconv.FormatInt(n/u.factor, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
