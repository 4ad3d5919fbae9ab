package article

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"

	"redline/briefing"
	"redline/briefing/fetch"
)

const pageURL = "https://coastline.example/news/2026/11/harbour-council-warns-ferry-operator?utm_campaign=x"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantCode(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	var be *briefing.Error
	if !errors.As(err, &be) {
		t.Fatalf("error %v is not a *briefing.Error", err)
	}
	if be.Code != code {
		t.Fatalf("code %q, want %q (%v)", be.Code, code, err)
	}
	for _, f := range fragments {
		if !strings.Contains(be.Message, f) {
			t.Errorf("message %q does not mention %q", be.Message, f)
		}
	}
}

func TestFromHTMLReadsArticleAndMetadata(t *testing.T) {
	a, err := FromHTML(readTestdata(t, "warning.html"), pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour council warns ferry operator over winter timetable" {
		t.Errorf("title %q", a.Title)
	}
	if a.Byline != "Mira Okonkwo" {
		t.Errorf("byline %q", a.Byline)
	}
	if a.Site != "The Coastline Courier" {
		t.Errorf("site %q", a.Site)
	}
	if a.Language != "en-GB" {
		t.Errorf("language %q", a.Language)
	}
	if want := time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("published %v, want %v", a.Published, want)
	}
	if a.URL != pageURL {
		t.Errorf("URL %q", a.URL)
	}
	if want := "https://coastline.example/news/2026/11/harbour-council-warns-ferry-operator?id=42"; a.CanonicalURL != want {
		t.Errorf("canonical %q, want %q", a.CanonicalURL, want)
	}

	paragraphs := strings.Split(a.Text, "\n\n")
	if len(paragraphs) != 5 {
		t.Errorf("got %d paragraphs, want the 5 of the story:\n%s", len(paragraphs), a.Text)
	}
	if !strings.HasPrefix(a.Text, "The harbour council has warned the island ferry operator") {
		t.Errorf("text does not start with the story's first paragraph (headline left in?):\n%s", a.Text)
	}
	if !strings.Contains(a.Text, `"have no choice but to look for another operator"`) {
		t.Errorf("a quote is missing:\n%s", a.Text)
	}
	for _, junk := range []string{"cookies", "Related stories", "Bus fares", "Sign up", "All rights reserved", "Weather"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps boilerplate %q:\n%s", junk, a.Text)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	cases := []struct {
		name, head, page, want string
	}{
		{"relative link resolved, tracking removed", `<link rel="canonical" href="/a/story?utm_source=x&amp;page=2&amp;gclid=1#top">`,
			"https://news.example/x/y", "https://news.example/a/story?page=2"},
		{"og:url when no link", `<meta property="og:url" content="https://News.Example/b?mc_cid=9&amp;mc_eid=8">`,
			"https://news.example/b?fbclid=q", "https://news.example/b"},
		{"link preferred to og:url", `<meta property="og:url" content="https://news.example/og"><link rel="Canonical" href="https://news.example/link">`,
			"https://news.example/z", "https://news.example/link"},
		{"home-page canonical ignored", `<link rel="canonical" href="https://news.example/">`,
			"https://news.example/2026/story?utm_medium=email", "https://news.example/2026/story"},
		{"no canonical: page URL cleaned", ``,
			"https://news.example/s?UTM_Source=a&id=7#frag", "https://news.example/s?id=7"},
		{"non-http canonical ignored", `<link rel="canonical" href="javascript:alert(1)">`,
			"https://news.example/s", "https://news.example/s"},
		{"file path without canonical", ``, "pages/story.html", ""},
		{"same site, other subdomain", `<link rel="canonical" href="https://www.news.example.co.uk/a">`,
			"https://m.news.example.co.uk/a?utm_source=app", "https://www.news.example.co.uk/a"},
		{"other site's canonical ignored", `<link rel="canonical" href="https://rival.example/their-story">`,
			"https://news.example/our-story", "https://news.example/our-story"},
		{"other site's og:url ignored", `<meta property="og:url" content="https://news.example.evil.example/x">`,
			"https://news.example/s", "https://news.example/s"},
	}
	for _, tc := range cases {
		doc := parse(t, "<html><head>"+tc.head+"</head><body><p>x</p></body></html>")
		if got := canonicalURL(doc, tc.page); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	cases := map[string]string{
		"https://a.example/p?utm_source=x&utm_medium=y":         "https://a.example/p",
		"https://a.example/p?b=2&a=1&utm_term=z":                "https://a.example/p?b=2&a=1",
		"HTTPS://A.Example/Path?q=%20x&fbclid=1":                "https://a.example/Path?q=%20x",
		"https://a.example/p?ref=home&gclid=g&_ga=1&mc_cid=2#x": "https://a.example/p?ref=home",
		"ftp://a.example/p":                                     "",
		"/relative/only":                                        "",
	}
	for in, want := range cases {
		if got := CleanURL(in); got != want {
			t.Errorf("CleanURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderTextKeepsParagraphs(t *testing.T) {
	doc := parse(t, `<div><h2>Sub head</h2><p>One <b>bold</b>
	   word.</p><p>Two<br>lines</p><ul><li>first</li><li>second</li></ul><table><tr><td>a</td><td>b</td></tr></table><script>var x</script></div>`)
	want := "Sub head\n\nOne bold word.\n\nTwo\nlines\n\nfirst\n\nsecond\n\na b"
	if got := renderText(doc); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestNonArticlesRefused(t *testing.T) {
	story := strings.Repeat("The minister said the talks would continue next week in the capital. ", 12)
	cases := []struct {
		name, body, fragment string
	}{
		{"empty page", `<html><body><nav><a href="/">Home</a></nav></body></html>`, "of text"},
		{"too short", `<html><body><article><p>Talks will continue next week.</p></article></body></html>`, "words of text"},
		{"paywall", `<html><body><article><h1>Deal reached</h1><p>The two sides agreed late on Friday after a week of talks in the capital.</p><p>Subscribe to continue reading. Already a subscriber? Log in to read the full story and all our journalism, with unlimited access on any device.</p></article></body></html>`, "paywall"},
		{"consent wall", `<html><body><div><h2>Before you continue</h2><p>We use cookies and data to deliver and maintain our services, measure audience engagement and show personalised content and ads. Select accept all cookies to agree, or reject all to decline, or choose more options to manage your settings.</p></div></body></html>`, "cookie consent"},
		{"login page", `<html><body><form><h1>Welcome back</h1><p>Please sign in to read articles saved to your account and manage your newsletters and alerts from the newsroom.</p><p>Forgot your password? Reset it by email in a minute or two.</p></form></body></html>`, "login"},
		{"error page", `<html><body><main><h1>Page not found</h1><p>Sorry, the page you were looking for could not be found. It may have been moved or deleted, or the address may be mistyped. Try the search box or go back to the home page to find the latest news.</p></main></body></html>`, "error"},
	}
	for _, tc := range cases {
		_, err := FromHTML([]byte(tc.body), "https://news.example/x")
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		wantCode(t, err, briefing.ENOTARTICLE, "no article text found at https://news.example/x", tc.fragment)
	}
	// A long article that mentions cookies in passing is still an article.
	long := "<html><body><article><h1>Bakery wins prize</h1><p>" + story + "</p><p>The bakery said we use cookies from an old family recipe.</p><p>" + story + "</p></article></body></html>"
	if _, err := FromHTML([]byte(long), "https://news.example/y"); err != nil {
		t.Errorf("long article refused: %v", err)
	}
}

func TestFromText(t *testing.T) {
	a := FromText("\n\r\nHeadline here  \r\nFirst line\r\ncontinues.\r\n\r\nSecond paragraph.\r\n", "notes/x.txt")
	if a.Title != "Headline here" || a.Text != "First line continues.\n\nSecond paragraph." || a.URL != "notes/x.txt" {
		t.Errorf("got %+v", a)
	}
	a = FromText("Title\nline one\nline two", "https://n.example/a?utm_source=x")
	if a.Text != "line one\n\nline two" || a.CanonicalURL != "https://n.example/a" {
		t.Errorf("without blank lines, each line is a paragraph: %+v", a)
	}
	if a := FromText("  \n ", "empty"); a.Title != "" || a.Text != "" {
		t.Errorf("blank text: %+v", a)
	}
}

func TestFileID(t *testing.T) {
	cases := map[string]string{
		"html/0a1b.html.gz":  "0a1b",
		"/x/story.htm":       "story",
		"notes.txt":          "notes",
		"notes.txt.gz":       "notes",
		"archive.tar":        "archive.tar",
		"dir.v2/page.HTML":   "page",
		".html":              ".html",
		"report.2026.html":   "report.2026",
		`C:\pages\a.html.gz`: `C:\pages\a`,
	}
	for in, want := range cases {
		if filepath.Separator == '/' && strings.Contains(in, `\`) {
			want = in[:len(in)-len(".html.gz")]
		}
		if got := FileID(in); got != want {
			t.Errorf("FileID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	page := readTestdata(t, "warning.html")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(page)
	zw.Close()
	gzPath := filepath.Join(dir, "story.html.gz")
	os.WriteFile(gzPath, gz.Bytes(), 0o644)
	a, err := ReadFile(gzPath)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Harbour council warns ferry operator over winter timetable" || a.URL != gzPath || !strings.Contains(a.Text, "berthing licence") {
		t.Errorf("gzipped HTML: %+v", a)
	}

	a, err = ReadFile(filepath.Join("testdata", "notice.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Water board warns of restrictions if reservoir keeps falling" || !strings.HasPrefix(a.Text, "The regional water board said") ||
		strings.Count(a.Text, "\n\n") != 1 {
		t.Errorf("text file: %+v", a)
	}

	_, err = ReadFile(filepath.Join(dir, "missing.html"))
	wantCode(t, err, briefing.ENOTFOUND, "missing.html")

	bad := filepath.Join(dir, "bad.html.gz")
	os.WriteFile(bad, page, 0o644)
	_, err = ReadFile(bad)
	wantCode(t, err, briefing.EINVALID, "not gzip-compressed")

	latin := filepath.Join(dir, "latin.htm")
	encoded, _ := charmap.ISO8859_1.NewEncoder().Bytes(bytes.ReplaceAll(page, []byte(`<meta charset="utf-8">`), []byte(`<meta charset="iso-8859-1">`)))
	os.WriteFile(latin, bytes.ReplaceAll(encoded, []byte("Tomasz Wielgosz"), []byte("Ren\xe9 M\xfcller")), 0o644)
	a, err = ReadFile(latin)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "René Müller") {
		t.Errorf("ISO-8859-1 file not decoded: %q", a.Text)
	}
}

// newTestReader serves pages from a loopback server allow-listed for it.
func newTestReader(t *testing.T, handler http.HandlerFunc) (*Reader, string) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	client, err := fetch.New(fetch.Options{Allow: []string{u.Host}})
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(client)
	r.Now = func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	return r, srv.URL
}

func TestReaderReadsLinks(t *testing.T) {
	page := readTestdata(t, "warning.html")
	russian := "Губернатор предупредил подрядчика, что расторгнет контракт, если мост не откроют к весне."
	cp1251, _ := charmap.Windows1251.NewEncoder().String(strings.Repeat(russian+" ", 8))
	r, base := newTestReader(t, func(w http.ResponseWriter, req *http.Request) {
		switch req.URL.Path {
		case "/old":
			http.Redirect(w, req, "/story?utm_source=feed", http.StatusMovedPermanently)
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(page)
		case "/notice.txt":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Write(readTestdata(t, "notice.txt"))
		case "/ru":
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			fmt.Fprintf(w, "<html><head><title>Мост</title></head><body><article><h1>Мост</h1><p>%s</p></article></body></html>", cp1251)
		case "/short":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>Nothing to see.</p></body></html>")
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.4")
		}
	})
	ctx := context.Background()

	a, err := r.Read(ctx, base+"/old")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != base+"/story?utm_source=feed" || !a.Fetched.Equal(r.Now()) || a.Byline != "Mira Okonkwo" {
		t.Errorf("article %+v", a)
	}
	if !strings.HasPrefix(a.CanonicalURL, base+"/news/2026/11/harbour-council-warns-ferry-operator") {
		t.Errorf("canonical %q not resolved against the final URL", a.CanonicalURL)
	}

	a, err = r.Read(ctx, base+"/notice.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Water board warns of restrictions if reservoir keeps falling" {
		t.Errorf("plain text: %+v", a)
	}

	a, err = r.Read(ctx, base+"/ru")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, russian) {
		t.Errorf("windows-1251 page: %q", a.Text)
	}

	a, err = r.ReadURLOrFile(ctx, filepath.Join("testdata", "notice.txt"))
	if err != nil || !strings.HasPrefix(a.Title, "Water board") || !a.Fetched.Equal(r.Now()) {
		t.Errorf("file through ReadURLOrFile: %+v, %v", a, err)
	}
	a, err = r.ReadURLOrFile(ctx, base+"/notice.txt")
	if err != nil || a.URL != base+"/notice.txt" {
		t.Errorf("link through ReadURLOrFile: %+v, %v", a, err)
	}

	_, err = r.Read(ctx, base+"/short")
	wantCode(t, err, briefing.ENOTARTICLE, "no article text found at "+base+"/short")
	_, err = r.Read(ctx, base+"/report.pdf")
	wantCode(t, err, briefing.ENOTARTICLE, "not an article (application/pdf)")
}

func FuzzFromHTML(f *testing.F) {
	f.Add(readTestdata(f, "warning.html"), pageURL)
	f.Add([]byte(""), "")
	f.Add([]byte("<html><body><p>"+strings.Repeat("word ", 60)+"</p></body></html>"), "https://a.example/")
	f.Add([]byte("<table><tr><td><p>a<td>b</table><br><br></br><math><mi>x</mi></math><svg><p>y</svg>"), "http://[::1")
	f.Add([]byte("<meta charset=utf-16><p>\xff\xfe\x00<\x00p\x00>"), "%zz")
	f.Add([]byte("\xef\xbb\xbf<head><link rel=canonical href='//x'><meta property=og:url content=:::></head>"), "https://b.example/p?utm_source=1")
	f.Add([]byte(strings.Repeat("<div>", 3000)+"deep"+strings.Repeat("</div>", 10)), "https://c.example/")
	f.Fuzz(func(t *testing.T, page []byte, u string) {
		a, err := FromHTML(page, u)
		if err != nil {
			if code := briefing.ErrorCode(err); code != briefing.ENOTARTICLE && code != briefing.ETOOLARGE {
				t.Fatalf("unexpected error code for %q: %v", page, err)
			}
			return
		}
		if a.Text == "" || !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
			t.Fatalf("accepted article with empty or invalid text: %+v", a)
		}
	})
}

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
