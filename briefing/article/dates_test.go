package article

import (
	"testing"
	"time"
)

func TestDateInText(t *testing.T) {
	cases := map[string]string{
		"Posted 2019-11-18 at 10:00":                  "2019-11-18",
		"Updated November 18, 2019, 9:41 AM":          "2019-11-18",
		"Nov. 8th 2019":                               "2019-11-08",
		"on Sunday, October 13th, 2019 in an article": "2019-10-13",
		"18 NOV 2019":                                 "2019-11-18",
		"19.11.2019, 08:57":                           "2019-11-19",
		"11/18/2019":                                  "2019-11-18",
		"05/10/2018":                                  "2018-10-05",
		"31 November 2019":                            "",
		"no date here, only 2019":                     "",
		"2019-13-01":                                  "",
	}
	for in, want := range cases {
		got := dateInText(in)
		if want == "" {
			if !got.IsZero() {
				t.Errorf("dateInText(%q) = %v, want none", in, got)
			}
			continue
		}
		if got.Format("2006-01-02") != want {
			t.Errorf("dateInText(%q) = %v, want %s", in, got, want)
		}
	}
}

func TestURLDate(t *testing.T) {
	cases := map[string]string{
		"https://news.example/2019/11/18/story/":                        "2019-11-18",
		"https://www.politifact.com/statements/2019/nov/18/mckinley/x/": "2019-11-18",
		"https://news.example/world/2019-11-18-story.html":              "2019-11-18",
		"https://news.example/20191118/story":                           "2019-11-18",
		"https://news.example/story-12345":                              "",
		"https://news.example/2019/13/40/x":                             "",
	}
	for in, want := range cases {
		got := urlDate(in)
		if (want == "") != got.IsZero() || want != "" && got.Format("2006-01-02") != want {
			t.Errorf("urlDate(%q) = %v, want %q", in, got, want)
		}
	}
}

func TestFindDate(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct{ name, page, url, want string }{
		{"meta", `<head><meta name="sailthru.date" content="2026-10-02T07:15:00Z"></head><p>x</p>`, "", "2026-10-02"},
		{"JSON-LD in a graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2026-09-30"}]}</script>`, "", "2026-09-30"},
		{"time element", `<p>By Jane <time datetime="2026-08-01T10:00:00+02:00">1 Aug</time></p>`, "", "2026-08-01"},
		{"itemprop", `<span itemprop="datePublished" content="2026-07-04">July 4</span>`, "", "2026-07-04"},
		{"dated element", `<div class="article-meta">Jane Doe | 3 June 2026</div>`, "", "2026-06-03"},
		{"address", `<p>no date</p>`, "https://news.example/2026/05/17/story", "2026-05-17"},
		{"future dates are not dates", `<meta name="date" content="2031-01-01">`, "", ""},
		{"nothing", `<p>Talks resume next week.</p>`, "https://news.example/story", ""},
	}
	for _, c := range cases {
		got := findDate(parse(t, c.page), c.url, "", now)
		if (c.want == "") != got.IsZero() || c.want != "" && got.Format("2006-01-02") != c.want {
			t.Errorf("%s: findDate = %v, want %q", c.name, got, c.want)
		}
	}
}
