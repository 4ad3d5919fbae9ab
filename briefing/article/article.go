// Package article turns a web page or a text into a briefing.Article: the
// headline, byline, site, date, language, canonical address and the body's
// paragraphs, without the cookie banners, subscription boxes and
// related-story lists around it.
//
// Two maintained extractors read each page: Readability (readeck's fork of
// Mozilla's algorithm, which also gives most metadata) and Trafilatura,
// which judges Readability's result as its fallback candidate. Of the
// Trafilatura result and Readability's own, the shorter is kept unless it
// lost more than half of the other's words: on the Zyte article-extraction
// benchmark the extra text of the longer one is mostly boilerplate.
package article

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"redline/briefing"
	"redline/briefing/fetch"
)

// MinWords is the fewest words a body may have to count as an article.
const MinWords = 40

// FromHTML reads an article from a page's raw bytes in any charset (a BOM
// or <meta> declaration decides, else UTF-8 if valid, else windows-1252).
// pageURL, which may be empty, resolves relative links and becomes
// Article.URL. A page without article text gives an ENOTARTICLE error.
func FromHTML(page []byte, pageURL string) (briefing.Article, error) {
	text, _ := fetch.DecodeText(page, "text/html")
	return fromUTF8HTML(text, pageURL)
}

// fromUTF8HTML is FromHTML for a page already decoded to UTF-8.
func fromUTF8HTML(page []byte, pageURL string) (briefing.Article, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		// html.Parse accepts any bytes; this is a reader failure.
		return briefing.Article{}, briefing.WrapError(briefing.ENOTARTICLE, err, "%s: the page could not be read as HTML", where(pageURL))
	}
	a := extract(doc, pageURL)
	if err := checkArticle(a, pageURL); err != nil {
		return a, err
	}
	return a, nil
}

// protect runs fn, a call into an extractor library, and reports a panic
// as an error: one hostile or broken page must not take the bot down.
func protect(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor panic: %v", r)
		}
	}()
	fn()
	return nil
}

// extract runs both extractors on the parsed page and merges their results.
func extract(doc *html.Node, pageURL string) briefing.Article {
	var base *url.URL
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		base = u
	}

	a := briefing.Article{URL: pageURL, CanonicalURL: canonicalURL(doc, pageURL)}

	// Readability clones the document, so the tree stays intact for
	// Trafilatura. Its text is rendered now: Trafilatura may adopt and
	// reshape its node below.
	var readabilityText string
	var ra readability.Article
	var raErr error
	if perr := protect(func() { ra, raErr = readability.FromDocument(doc, base) }); perr != nil {
		raErr = perr
	}
	candidate := &html.Node{Type: html.ElementNode, Data: "div"}
	if raErr == nil && ra.Node != nil {
		readabilityText = renderText(ra.Node)
		candidate = ra.Node
	}
	var tr *trafilatura.ExtractResult
	var trErr error
	options := trafilatura.Options{
		OriginalURL:     base,
		ExcludeComments: true,
		EnableFallback:  true,
		FallbackCandidates: &trafilatura.FallbackCandidates{
			Readability: candidate,
			// An empty candidate stands in for DOM Distiller, which would
			// cost more time than it gains here.
			Distiller: &html.Node{Type: html.ElementNode, Data: "div"},
		},
		// Dates come from metadata below; the full-page date search is slow.
		HtmlDateMode: trafilatura.Disabled,
	}
	if perr := protect(func() { tr, trErr = trafilatura.ExtractDocument(doc, options) }); perr != nil {
		trErr = perr
	}
	var trafilaturaText string
	var meta trafilatura.Metadata
	if trErr == nil && tr != nil {
		trafilaturaText = renderText(tr.ContentNode)
		meta = tr.Metadata
	}
	a.Text = chooseText(trafilaturaText, readabilityText)

	if raErr == nil {
		a.Title = ra.Title()
		a.Byline = ra.Byline()
		a.Site = ra.SiteName()
		a.Language = ra.Language()
		protect(func() {
			if t, err := ra.PublishedTime(); err == nil {
				a.Published = t
			}
		})
	}
	a.Title = firstNonEmpty(a.Title, meta.Title)
	a.Byline = cleanByline(firstNonEmpty(meta.Author, a.Byline))
	a.Site = firstNonEmpty(a.Site, meta.Sitename)
	a.Language = firstNonEmpty(a.Language, meta.Language)
	if a.Published.IsZero() {
		a.Published = pageDate(doc, pageURL)
	}
	a.Site = strings.TrimPrefix(collapseSpace(a.Site), "@")
	a.Title = trimSiteSuffix(collapseSpace(a.Title), a.Site)
	a.Language = strings.TrimSpace(a.Language)
	a.Text = dropHeadline(a.Text, a.Title)
	return a
}

// chooseText keeps the shorter of the two extractions unless it has less
// than half the words of the longer, which means it missed part of the
// article rather than trimmed boilerplate.
func chooseText(trafilaturaText, readabilityText string) string {
	tw, rw := wordCount(trafilaturaText), wordCount(readabilityText)
	if rw < tw && 2*rw >= tw {
		return readabilityText
	}
	if tw == 0 {
		return readabilityText
	}
	return trafilaturaText
}

// pageDate finds a publication date when the metadata Readability reads
// has none, with htmldate's fast mode (markup and URL patterns only).
func pageDate(doc *html.Node, pageURL string) time.Time {
	var res htmldate.Result
	var err error
	perr := protect(func() {
		res, err = htmldate.FromDocument(doc, htmldate.Options{
			URL:                 pageURL,
			UseOriginalDate:     true,
			SkipExtensiveSearch: true,
		})
	})
	if err != nil || perr != nil {
		return time.Time{}
	}
	return res.DateTime
}

// dropHeadline removes a first paragraph that repeats the title: the
// Article keeps the headline in Title only.
func dropHeadline(text, title string) string {
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if strings.EqualFold(collapseSpace(first), title) {
		return rest
	}
	return text
}

// trimSiteSuffix removes the site name that page titles often end with
// ("Headline - Site", "Headline | Site").
func trimSiteSuffix(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range []string{" - ", " | ", " – ", " — ", " · ", " :: "} {
		if head, ok := strings.CutSuffix(title, sep+site); ok && head != "" {
			return head
		}
	}
	return title
}

// cleanByline drops a leading "By" and uses commas between authors
// (Trafilatura joins them with semicolons).
func cleanByline(s string) string {
	s = strings.ReplaceAll(collapseSpace(s), "; ", ", ")
	for _, prefix := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, prefix)
	}
	return s
}

func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// where names the source in messages.
func where(pageURL string) string {
	if pageURL == "" {
		return "the page"
	}
	return pageURL
}
