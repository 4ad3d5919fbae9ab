package feeds

import (
	"strings"
	"testing"
	"time"

	"redline/briefing"
)

func TestItemKeyPrefersGUIDThenLinkThenHash(t *testing.T) {
	if k := itemKey(" tag:a ", "https://x/1", "T"); k != "guid:tag:a" {
		t.Errorf("with GUID: %q", k)
	}
	a := itemKey("", "https://News.Example/a?utm_source=rss&id=3#comments", "T")
	b := itemKey("", "https://news.example/a?id=3", "Another title")
	if a != b || !strings.HasPrefix(a, "link:") {
		t.Errorf("same article by link: %q vs %q", a, b)
	}
	h1, h2 := itemKey("", "", "Title one"), itemKey("", "", "Title two")
	if !strings.HasPrefix(h1, "hash:") || h1 == h2 || h1 != itemKey("", "", " Title one ") {
		t.Errorf("hash keys: %q %q", h1, h2)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"120", 2 * time.Minute, true},
		{now.Add(90 * time.Minute).Format("Mon, 02 Jan 2006 15:04:05 GMT"), 90 * time.Minute, true},
		{now.Add(-time.Hour).Format("Mon, 02 Jan 2006 15:04:05 GMT"), 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-5", 0, false},
	} {
		got, ok := retryAfter(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseFeedFormats(t *testing.T) {
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>urn:1</id><title>One</title><link href="/story/1"/><updated>2026-03-01T10:00:00Z</updated></entry>
<entry><id>urn:2</id><title>Two</title><link href="/story/2"/><updated>2026-03-02T10:00:00Z</updated></entry></feed>`
	jsonFeed := `{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Wire",
"items": [{"id": "j1", "title": "One", "url": "https://j.example/1", "date_published": "2026-03-01T10:00:00Z"}]}`
	for _, tc := range []struct {
		body, title, firstKey, firstLink string
	}{
		{atom, "Atom Wire", "guid:urn:2", "https://a.example/story/2"},
		{jsonFeed, "JSON Wire", "guid:j1", "https://j.example/1"},
	} {
		f, err := parseFeed("https://a.example/feed", []byte(tc.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.title, err)
		}
		items := itemsOf("https://a.example/feed", f)
		if f.Title != tc.title || len(items) == 0 || items[0].Key != tc.firstKey || items[0].Link != tc.firstLink {
			t.Fatalf("%s: title %q, items %+v", tc.title, f.Title, items)
		}
	}
}

func TestParseFeedErrorsAreClear(t *testing.T) {
	for body, want := range map[string]string{
		"\xef\xbb\xbf  <!-- x --><!DOCTYPE html><html></html>": "web page, not a feed",
		`<?xml version="1.0"?><html><body/></html>`:            "web page, not a feed",
		`{"title": "no version"}`:                              "not an RSS, Atom or JSON feed",
		`plain words`:                                          "not an RSS, Atom or JSON feed",
		`<rss version="2.0"><channel><item>`:                   "malformed",
	} {
		_, err := parseFeed("https://x.example/f", []byte(body))
		if briefing.ErrorCode(err) != briefing.EINVALID || !strings.Contains(briefing.ErrorMessage(err), want) {
			t.Errorf("parseFeed(%q) = %v, want %q", body, err, want)
		}
	}
}

func TestItemsOfOrdersByDateWhenAllDated(t *testing.T) {
	body := `<rss version="2.0"><channel><title>t</title>
<item><guid>old</guid><title>old</title><pubDate>Mon, 02 Mar 2026 08:00:00 +0000</pubDate></item>
<item><guid>new</guid><title>new</title><pubDate>Mon, 02 Mar 2026 10:00:00 +0000</pubDate></item>
<item><guid>new</guid><title>duplicate</title><pubDate>Mon, 02 Mar 2026 11:00:00 +0000</pubDate></item>
<item><guid isPermaLink="true">https://x.example/permalink</guid><title>linked by guid</title><pubDate>Mon, 02 Mar 2026 07:00:00 +0000</pubDate></item>
</channel></rss>`
	f, err := parseFeed("https://x.example/f", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	items := itemsOf("https://x.example/f", f)
	if len(items) != 3 || items[0].Key != "guid:new" || items[1].Key != "guid:old" || items[2].Link != "https://x.example/permalink" {
		t.Fatalf("items = %+v", items)
	}
}
