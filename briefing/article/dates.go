package article

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page's publication date, when Readability finds none in its metadata,
// is looked for the way htmldate's fast mode does it, in this order: the
// <meta> tags of many publishing systems, JSON-LD, itemprop and <time>
// and <abbr> markup, elements whose class or id speaks of a date, and the
// address. (htmldate itself is not used: its go-dateparser dependency
// costs every start of the program 130 ms and 78 MB of initialisation.)

// dateMetaKeys are the <meta> names, properties and itemprops that give a
// publication date (htmldate's list, lower-case).
var dateMetaKeys = toSet(
	"analyticsattributes.articledate", "article.created", "article_date_original",
	"article:post_date", "article.published", "article:published", "article:published_date",
	"article:published_time", "article:publicationdate", "bt:pubdate", "citation_date",
	"citation_publication_date", "content_create_date", "created", "cxenseparse:recs:publishtime",
	"date", "date_created", "date_published", "datecreated", "dateposted", "datepublished",
	"dc.date", "dc.created", "dc.date.created", "dc.date.issued", "dc.date.publication",
	"dcsext.articlefirstpublished", "dcterms.created", "dcterms.date", "dcterms.issued",
	"dc:created", "dc:date", "displaydate", "doc_date", "field-name-post-date", "gentime",
	"mediator_published_time", "og:article:published", "og:article:published_time",
	"og:datepublished", "og:pubdate", "og:publish_date", "og:published_time",
	"og:question:published_time", "og:regdate", "originalpublicationdate", "parsely-pub-date",
	"pdate", "ptime", "pubdate", "publishdate", "publish_date", "publish_time", "publish-date",
	"published-date", "published_date", "published_time", "publisheddate", "publication_date",
	"rbpubdate", "release_date", "rnews:datepublished", "sailthru.date",
	"shareaholic:article_published_time", "timestamp", "twt-published-at", "video:release_date",
	"vr:published_time",
)

// dateClassWords in a class or id mark an element that shows the date.
var dateClassWords = []string{"date", "time", "publish", "posted", "byline", "author", "meta"}

// findDate returns the publication date of the page at pageURL, whose
// canonical address may tell it too, or the zero time. now bounds
// plausible dates.
func findDate(doc *html.Node, pageURL, canonical string, now time.Time) time.Time {
	valid := func(t time.Time) bool {
		return t.Year() >= 1995 && !t.After(now.Add(24*time.Hour))
	}
	var metaDate, ldDate, markupDate, classDate time.Time
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Meta:
				if metaDate.IsZero() {
					for _, key := range []string{"name", "property", "itemprop", "http-equiv"} {
						if dateMetaKeys[strings.ToLower(attr(c, key))] {
							if t := parseDate(attr(c, "content")); valid(t) {
								metaDate = t
							}
						}
					}
				}
				continue
			case atom.Script:
				if ldDate.IsZero() && c.FirstChild != nil && strings.EqualFold(attr(c, "type"), "application/ld+json") {
					if t := jsonLDDate(c.FirstChild.Data); valid(t) {
						ldDate = t
					}
				}
				continue
			case atom.Time, atom.Abbr:
				if markupDate.IsZero() {
					if t := parseDate(firstNonEmpty(attr(c, "datetime"), attr(c, "title"))); valid(t) {
						markupDate = t
					} else if t := dateInText(renderText(c)); valid(t) {
						markupDate = t
					}
				}
			}
			if markupDate.IsZero() && strings.EqualFold(attr(c, "itemprop"), "datepublished") {
				if t := parseDate(firstNonEmpty(attr(c, "datetime"), attr(c, "content"))); valid(t) {
					markupDate = t
				} else if t := dateInText(renderText(c)); valid(t) {
					markupDate = t
				}
			}
			if classDate.IsZero() && dateClass(c) {
				if text := renderText(c); len(text) <= 200 {
					if t := dateInText(text); valid(t) {
						classDate = t
					}
				}
			}
			visit(c)
		}
	}
	visit(doc)
	for _, t := range []time.Time{metaDate, ldDate, markupDate, classDate, urlDate(pageURL), urlDate(canonical)} {
		if valid(t) {
			return t
		}
	}
	return time.Time{}
}

// dateClass reports an element whose class or id speaks of a date.
func dateClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		for _, w := range dateClassWords {
			if strings.Contains(v, w) && !strings.Contains(v, "update") {
				return true
			}
		}
	}
	return false
}

// jsonLDDate returns the first datePublished (or dateCreated) in JSON-LD.
func jsonLDDate(data string) time.Time {
	if !strings.Contains(data, "datePublished") && !strings.Contains(data, "dateCreated") {
		return time.Time{}
	}
	var v any
	if json.Unmarshal([]byte(data), &v) != nil {
		return time.Time{}
	}
	var found time.Time
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				walk(x)
			}
		case map[string]any:
			for _, key := range []string{"datePublished", "dateCreated"} {
				if s, ok := t[key].(string); ok && found.IsZero() {
					found = parseDate(s)
				}
			}
			for _, x := range t {
				if found.IsZero() {
					walk(x)
				}
			}
		}
	}
	walk(v)
	return found
}

// parseDate reads a date written as a machine would (ISO 8601, RFC 1123,
// a Unix time…), or the zero time.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	var t time.Time
	protect(func() {
		if p, err := dateparse.ParseAny(s); err == nil {
			t = p
		}
	})
	if t.IsZero() {
		return dateInText(s)
	}
	return t
}

var (
	monthPattern = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	rxISODate    = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	rxMonthFirst = regexp.MustCompile(`(?i)\b` + monthPattern + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	rxDayFirst   = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+` + monthPattern + `\.?,?\s+(\d{4})\b`)
	rxNumeric    = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b`)
)

// dateInText finds the first date written out in text: "2019-11-18",
// "November 18, 2019", "Nov. 18th 2019", "18 November 2019", "18.11.2019"
// (day first, as in most of the world, unless that cannot be), or the
// zero time.
func dateInText(s string) time.Time {
	if len(s) > 1000 {
		s = s[:1000]
	}
	type match struct {
		at      int
		y, m, d int
	}
	var best *match
	consider := func(at, y, m, d int) {
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return
		}
		if best == nil || at < best.at {
			best = &match{at, y, m, d}
		}
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	if m := rxISODate.FindStringSubmatchIndex(s); m != nil {
		consider(m[0], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	if m := rxMonthFirst.FindStringSubmatchIndex(s); m != nil {
		consider(m[0], atoi(s[m[6]:m[7]]), monthNumber(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]))
	}
	if m := rxDayFirst.FindStringSubmatchIndex(s); m != nil {
		consider(m[0], atoi(s[m[6]:m[7]]), monthNumber(s[m[4]:m[5]]), atoi(s[m[2]:m[3]]))
	}
	if m := rxNumeric.FindStringSubmatchIndex(s); m != nil {
		a, b := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]])
		if b > 12 { // 11/18/2019: month first
			a, b = b, a
		}
		consider(m[0], atoi(s[m[6]:m[7]]), b, a)
	}
	if best == nil {
		return time.Time{}
	}
	t := time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC)
	if t.Day() != best.d { // 31 November
		return time.Time{}
	}
	return t
}

func monthNumber(name string) int {
	name = strings.ToLower(name)
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}

var rxURLDate = regexp.MustCompile(`(?i)/((?:19|20)\d{2})[/-](\d{1,2}|` + monthPattern + `)[/-](\d{1,2})(?:/|[-_.]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/`)

// urlDate reads a date from an address's path ("/2019/11/18/…",
// "/2019/nov/18/…", "/2019-11-18-…", "/20191118/"), or the zero time.
func urlDate(pageURL string) time.Time {
	u, err := url.Parse(pageURL)
	if err != nil {
		return time.Time{}
	}
	m := rxURLDate.FindStringSubmatch(u.Path)
	if m == nil {
		return time.Time{}
	}
	y, month, day := m[1], m[2], m[4]
	if y == "" {
		y, month, day = m[5], m[6], m[7]
	}
	mo, err := strconv.Atoi(month)
	if err != nil {
		mo = monthNumber(month)
	}
	yy, _ := strconv.Atoi(y)
	d, _ := strconv.Atoi(day)
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	return time.Date(yy, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
}
