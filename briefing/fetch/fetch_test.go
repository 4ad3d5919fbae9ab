package fetch

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"redline/briefing"
)

const page = `<!doctype html><html><head><title>Test</title></head><body><p>Hello, reader.</p></body></html>`

// hostPort returns the "127.0.0.1:port" of a test server, the form an
// allow-list entry takes.
func hostPort(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

func newClient(t *testing.T, opts Options) *Client {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantCode fails unless err is a *briefing.Error with the code and a
// message containing each fragment.
func wantCode(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	var be *briefing.Error
	if !errors.As(err, &be) {
		t.Fatalf("error %v (%T) is not a *briefing.Error", err, err)
	}
	if be.Code != code {
		t.Fatalf("code %q, want %q (error: %v)", be.Code, code, err)
	}
	for _, f := range fragments {
		if !strings.Contains(be.Message, f) {
			t.Errorf("message %q does not mention %q", be.Message, f)
		}
	}
}

func TestAllowListedLoopbackServerIsRead(t *testing.T) {
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()

	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	resp, err := c.Get(context.Background(), srv.URL+"/a#frag")
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != page || resp.MediaType != "text/html" || resp.Status != 200 {
		t.Errorf("got status %d type %q body %q", resp.Status, resp.MediaType, resp.Body)
	}
	if resp.URL != srv.URL+"/a" {
		t.Errorf("final URL %q, want %q", resp.URL, srv.URL+"/a")
	}
	if !strings.HasPrefix(gotUA, "redline/") {
		t.Errorf("User-Agent %q does not name redline", gotUA)
	}
}

func TestLoopbackRefusedWithoutAllowList(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, page)
	}))
	defer srv.Close()

	c := newClient(t, Options{})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.EBLOCKED, srv.URL, "127.0.0.1", "private or local")
	// The same address through a name that resolves to it.
	_, err = c.Get(context.Background(), "http://localhost:"+strings.Split(hostPort(t, srv), ":")[1]+"/")
	wantCode(t, err, briefing.EBLOCKED)
	if n := hits.Load(); n != 0 {
		t.Errorf("the refused server was reached %d times", n)
	}
}

func TestRedirectIntoLoopbackRefused(t *testing.T) {
	var hidden atomic.Int32
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hidden.Add(1)
		fmt.Fprint(w, "internal admin page")
	}))
	defer inner.Close()
	innerPort := strings.Split(hostPort(t, inner), ":")[1]
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ip":
			http.Redirect(w, r, inner.URL+"/admin", http.StatusFound)
		case "/name":
			http.Redirect(w, r, "http://localhost:"+innerPort+"/admin", http.StatusMovedPermanently)
		case "/hop":
			http.Redirect(w, r, "/ip", http.StatusFound)
		}
	}))
	defer outer.Close()

	c := newClient(t, Options{Allow: []string{hostPort(t, outer)}})
	for _, path := range []string{"/ip", "/name", "/hop"} {
		_, err := c.Get(context.Background(), outer.URL+path)
		wantCode(t, err, briefing.EBLOCKED, outer.URL+path, "private or local")
	}
	if n := hidden.Load(); n != 0 {
		t.Errorf("the loopback server behind the redirect was reached %d times", n)
	}
}

func TestRedirectIntoPrivateNetworkRefusedBeforeConnecting(t *testing.T) {
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1:8080/latest/meta-data", http.StatusFound)
	}))
	defer outer.Close()

	// A connect to 10.0.0.1 would hang or fail with a network error; a
	// refusal in the dialer's Control comes back at once as EBLOCKED.
	c := newClient(t, Options{Allow: []string{hostPort(t, outer)}, Timeout: 30 * time.Second})
	_, err := c.Get(context.Background(), outer.URL)
	wantCode(t, err, briefing.EBLOCKED, "10.0.0.1")
}

func TestAllowListedCIDROpensPrivateRange(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{"127.0.0.0/8"}})
	if _, err := c.Get(context.Background(), srv.URL); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{Allow: []string{"10.0.0.0/99"}}); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("bad CIDR: got %v, want EINVALID", err)
	}
}

func TestAtMostFiveRedirects(t *testing.T) {
	// /r/N redirects N more times before serving the page.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/r/%d", &n)
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})

	resp, err := c.Get(context.Background(), srv.URL+"/r/5")
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if resp.URL != srv.URL+"/r/0" {
		t.Errorf("final URL %q", resp.URL)
	}
	_, err = c.Get(context.Background(), srv.URL+"/r/6")
	wantCode(t, err, briefing.EBLOCKED, "redirected more than 5 times")
}

func TestRedirectToOtherSchemeRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.EBLOCKED, "not an http or https link")
}

func TestBodyCapStopsReading(t *testing.T) {
	var written atomic.Int64
	const total = 20 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler text</p>\n"), 1<<12)
		for written.Load() < total {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.ETOOLARGE, srv.URL, "larger than 5MiB")
	srv.CloseClientConnections()
	if w := written.Load(); w >= total {
		t.Errorf("server wrote all %d bytes; the client should stop reading at the cap", w)
	}
}

func TestDeclaredLengthOverCapRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "2000")
		w.Write(bytes.Repeat([]byte("x"), 2000))
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, MaxBody: 1500})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.ETOOLARGE, "larger than 1500 bytes")
}

// The limit is shown in the unit it was set in: a max_body of 5MB
// (5,000,000 bytes) once showed as "4.8 MB".
func TestTooLargeSaysTheLimitInItsOwnUnit(t *testing.T) {
	for _, tc := range []struct {
		limit int64
		want  string
	}{
		{5_000_000, "larger than 5MB,"},
		{5 << 20, "larger than 5MiB,"},
		{512 << 10, "larger than 512KiB,"},
		{250_000, "larger than 250KB,"},
		{1_500_000, "larger than 1500KB,"},
		{2_000_000_000, "larger than 2GB,"},
		{123_457, "larger than 123457 bytes,"},
	} {
		body := bytes.Repeat([]byte("x"), int(tc.limit)+1)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			if tc.limit < 10<<20 {
				w.Write(body)
				return
			}
			w.Header().Set("Content-Length", strconv.FormatInt(tc.limit+1, 10))
		}))
		c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, MaxBody: tc.limit})
		_, err := c.Get(context.Background(), srv.URL)
		srv.Close()
		wantCode(t, err, briefing.ETOOLARGE, tc.want)
	}
}

func TestCompressedBombStopsAtCap(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Repeat([]byte(" "), 3<<20)) // 3 KB on the wire
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(buf.Bytes())
	}))
	defer srv.Close()
	// The cap counts decompressed bytes.
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, MaxBody: 1 << 20})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.ETOOLARGE, "larger than 1MiB")
}

func TestGzipAndDeflateDecoded(t *testing.T) {
	var gz, zl bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write([]byte(page))
	gw.Close()
	zw := zlib.NewWriter(&zl)
	zw.Write([]byte(page))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "deflate") {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz.Bytes())
		case "/deflate":
			w.Header().Set("Content-Encoding", "deflate")
			w.Write(zl.Bytes())
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	for _, p := range []string{"/gzip", "/deflate"} {
		resp, err := c.Get(context.Background(), srv.URL+p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if string(resp.Body) != page {
			t.Errorf("%s: body %q", p, resp.Body)
		}
	}
}

func TestTricklingServerTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, Timeout: 300 * time.Millisecond})
	_, err := c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.ETIMEOUT, srv.URL, "longer than 300ms")
}

func TestNonArticleTypesRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
		case "/photo":
			w.Header().Set("Content-Type", "image/jpeg")
		case "/sniffed":
			// No declared type: the bytes say PDF.
			w.Header()["Content-Type"] = nil
		}
		w.Write([]byte("%PDF-1.7\n%binary"))
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	for path, mediaType := range map[string]string{"/report.pdf": "application/pdf", "/photo": "image/jpeg", "/sniffed": "application/pdf"} {
		_, err := c.Get(context.Background(), srv.URL+path)
		wantCode(t, err, briefing.ENOTARTICLE, srv.URL+path, "not an article ("+mediaType+")")
	}
}

func TestCharsetsDecoded(t *testing.T) {
	russian := "Москва предупредила Сеул о последствиях"
	french := "Le ministre a prévenu: « pas de concessions » à Genève"
	cp1251, err := charmap.Windows1251.NewEncoder().String(russian)
	if err != nil {
		t.Fatal(err)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(french)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/header-1251":
			// Declared in the HTTP header only.
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			fmt.Fprintf(w, "<html><body><p>%s</p></body></html>", cp1251)
		case "/meta-latin1":
			// Declared only in the page, after a long comment (past the
			// standard 1024-byte prescan).
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<html><head><!-- %s --><meta charset=\"ISO-8859-1\"></head><body><p>%s</p></body></html>",
				strings.Repeat("x", 2000), latin1)
		case "/meta-1251":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>%s</p></body></html>`, cp1251)
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})
	for path, want := range map[string]string{"/header-1251": russian, "/meta-latin1": french, "/meta-1251": russian} {
		resp, err := c.Get(context.Background(), srv.URL+path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !strings.Contains(string(resp.Body), want) {
			t.Errorf("%s: decoded as %s: %q", path, resp.Charset, resp.Body)
		}
	}
}

func TestStatusErrors(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gone":
			http.NotFound(w, r)
		case "/slow-down":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/down":
			w.Header().Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}, Now: func() time.Time { return now }})
	cases := []struct {
		path       string
		code       string
		fragment   string
		retryAfter time.Duration
	}{
		{"/gone", briefing.ENOTFOUND, "page not found (HTTP 404", 0},
		{"/slow-down", briefing.ERATELIMIT, "HTTP 429", 2 * time.Minute},
		{"/down", briefing.EUNAVAILABLE, "HTTP 503", 90 * time.Second},
	}
	for _, tc := range cases {
		_, err := c.Get(context.Background(), srv.URL+tc.path)
		wantCode(t, err, tc.code, srv.URL+tc.path, tc.fragment)
		var se *StatusError
		if !errors.As(err, &se) {
			t.Fatalf("%s: no *StatusError in %v", tc.path, err)
		}
		if se.RetryAfter != tc.retryAfter {
			t.Errorf("%s: RetryAfter %v, want %v", tc.path, se.RetryAfter, tc.retryAfter)
		}
	}
}

func TestFeedRequests(t *testing.T) {
	feed := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>caf\xe9</title></channel></rss>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, feed)
	}))
	defer srv.Close()
	c := newClient(t, Options{Allow: []string{hostPort(t, srv)}})

	resp, err := c.Do(context.Background(), Request{URL: srv.URL, Kind: KindFeed})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != feed || resp.Header.Get("ETag") != `"v1"` || resp.NotModified() {
		t.Errorf("feed body %q etag %q", resp.Body, resp.Header.Get("ETag"))
	}
	resp, err = c.Do(context.Background(), Request{URL: srv.URL, Kind: KindFeed, Header: http.Header{"If-None-Match": {`"v1"`}}})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.NotModified() || len(resp.Body) != 0 {
		t.Errorf("conditional GET: status %d", resp.Status)
	}
	// An article request refuses the feed's type.
	_, err = c.Get(context.Background(), srv.URL)
	wantCode(t, err, briefing.ENOTARTICLE, "not an article (application/rss+xml)")
}

func TestAddressesRefusedBeforeAnyRequest(t *testing.T) {
	c := newClient(t, Options{})
	cases := map[string]string{
		"ftp://example.com/file":      briefing.EBLOCKED,
		"file:///etc/passwd":          briefing.EBLOCKED,
		"javascript:alert(1)":         briefing.EBLOCKED,
		"example.com/news":            briefing.EINVALID,
		"http://":                     briefing.EINVALID,
		"http://user:pw@example.com/": briefing.EBLOCKED,
		"http://[::1]:1/":             briefing.EBLOCKED,
		"http://0.0.0.0:1/":           briefing.EBLOCKED,
		"http://169.254.169.254/":     briefing.EBLOCKED,
		"http://[::ffff:127.0.0.1]/":  briefing.EBLOCKED,
		"http://100.64.0.1/":          briefing.EBLOCKED,
		"http://[fd00::1]/":           briefing.EBLOCKED,
	}
	for raw, code := range cases {
		_, err := c.Get(context.Background(), raw)
		if got := briefing.ErrorCode(err); got != code {
			t.Errorf("%s: code %q, want %q (%v)", raw, got, code, err)
		}
	}
}

func TestIsPublic(t *testing.T) {
	cases := map[string]bool{
		"93.184.216.34":      true,
		"8.8.8.8":            true,
		"2606:4700::1111":    true,
		"127.0.0.1":          false,
		"127.8.9.10":         false,
		"10.1.2.3":           false,
		"172.16.0.1":         false,
		"172.31.255.255":     false,
		"192.168.1.1":        false,
		"100.64.0.1":         false,
		"100.127.255.254":    false,
		"169.254.169.254":    false,
		"0.0.0.0":            false,
		"0.1.2.3":            false,
		"224.0.0.1":          false,
		"255.255.255.255":    false,
		"240.0.0.1":          false,
		"::":                 false,
		"::1":                false,
		"::ffff:127.0.0.1":   false,
		"::ffff:10.0.0.1":    false,
		"::ffff:8.8.8.8":     true,
		"::127.0.0.1":        false, // IPv4-compatible
		"64:ff9b::a00:1":     false, // NAT64 of 10.0.0.1
		"64:ff9b::808:808":   true,  // NAT64 of 8.8.8.8
		"fc00::1":            false,
		"fd12:3456::1":       false,
		"fe80::1":            false,
		"ff02::1":            false,
		"2002:7f00:1::1":     false, // 6to4 of 127.0.0.1
		"2001:db8::1":        false,
		"2001:0:4136:e378::": false, // Teredo
	}
	for s, want := range cases {
		if got := IsPublic(netip.MustParseAddr(s)); got != want {
			t.Errorf("IsPublic(%s) = %v, want %v", s, got, want)
		}
	}
}
