// Package article turns a web page or a text into a briefing.Article: the
// headline, byline, site, date, language, canonical address and the body's
// paragraphs, without the cookie banners, subscription boxes and
// related-story lists around it.
//
// A page is parsed once. Its furniture (captions, promotions, share and
// newsletter boxes, hidden and never-textual elements) is removed from the
// tree, and Readability (readeck's fork of Mozilla's algorithm, which also
// gives most metadata) reads the story from it. When Readability's result
// is doubtful (see doubtful), Trafilatura reads the same tree too, judging
// Readability's result as its fallback candidate, and of the two texts the
// shorter is kept unless it lost more than half of the other's words: on
// the Zyte article-extraction benchmark the extra text of the longer one is
// mostly boilerplate. Furniture lines left in the text are then dropped by
// their wording (IsFurniture).
package article

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
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
// Article.URL. A page without article text gives an ENOTARTICLE error, a
// page over the work limits (MaxElements, MaxDepth) an ETOOLARGE one.
func FromHTML(page []byte, pageURL string) (briefing.Article, error) {
	return fromHTML(context.Background(), page, pageURL)
}

func fromHTML(ctx context.Context, page []byte, pageURL string) (briefing.Article, error) {
	text, _ := fetch.DecodeText(page, "text/html")
	return fromUTF8HTML(ctx, text, pageURL)
}

// fromUTF8HTML is FromHTML for a page already decoded to UTF-8. It stops
// between stages once ctx is done.
func fromUTF8HTML(ctx context.Context, page []byte, pageURL string) (briefing.Article, error) {
	page = dropScripts(page)
	if err := checkMarkup(page, pageURL); err != nil {
		return briefing.Article{}, err
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		// html.Parse fails only on markup nested past its own limit.
		return briefing.Article{}, errTooComplex(pageURL, "elements nested too deep")
	}
	elements, err := checkTree(doc, pageURL)
	if err != nil {
		return briefing.Article{}, err
	}
	a, err := extract(ctx, doc, elements, pageURL)
	if err != nil {
		return briefing.Article{}, err
	}
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

// extract reads the article from the parsed page of so many elements,
// which it changes.
func extract(ctx context.Context, doc *html.Node, elements int, pageURL string) (briefing.Article, error) {
	var base *url.URL
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		base = u
	}
	a := briefing.Article{URL: pageURL, CanonicalURL: canonicalURL(doc, pageURL)}
	now := time.Now()
	dateSearched := false
	if elements <= slowWorkElements && !hasDateMetadata(doc) {
		// Dates without metadata are often in the furniture pruned next.
		a.Published = findDate(doc, pageURL, a.CanonicalURL, now)
		dateSearched = true
	}
	elements = pruneFurniture(doc)
	if err := ctx.Err(); err != nil {
		return a, timeoutError(ctx, pageURL)
	}

	// Readability takes apart the tree it reads; Trafilatura may need the
	// pruned page after it, so Readability reads a copy.
	var ra readability.Article
	var raErr error
	parser := readability.NewParser()
	if perr := protect(func() { ra, raErr = parser.ParseAndMutate(cloneTree(doc), base) }); perr != nil {
		raErr = perr
	}
	var readabilityText string
	var candidate *html.Node
	if raErr == nil && ra.Node != nil {
		readabilityText = renderText(ra.Node)
		candidate = ra.Node
	}
	text, furniture := stripFurniture(readabilityText)
	if elements <= slowWorkElements && doubtful(candidate, furniture) {
		if err := ctx.Err(); err != nil {
			return a, timeoutError(ctx, pageURL)
		}
		if trafilaturaText, ok := readTrafilatura(doc, base, candidate); ok {
			text, _ = stripFurniture(chooseText(trafilaturaText, readabilityText))
		}
	}

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
	if a.Published.IsZero() && !dateSearched && elements <= slowWorkElements {
		a.Published = findDate(doc, pageURL, a.CanonicalURL, now)
	}
	a.Byline = cleanByline(firstNonEmpty(jsonLDAuthor(doc), a.Byline))
	a.Site = strings.TrimPrefix(collapseSpace(a.Site), "@")
	if a.Site == "" && base != nil {
		a.Site = strings.TrimPrefix(strings.ToLower(base.Hostname()), "www.")
	}
	a.Title = trimSiteSuffix(collapseSpace(a.Title), a.Site)
	a.Text = dropHeadline(text, a.Title)
	a.Language = firstNonEmpty(cleanLanguage(a.Language), metaLanguage(doc))
	if a.Language == "" {
		a.Language = detectLanguage(a.Text)
	}
	return a, nil
}

// readTrafilatura runs Trafilatura on the page with Readability's result
// (which may be nil) as its fallback candidate.
func readTrafilatura(doc *html.Node, base *url.URL, candidate *html.Node) (string, bool) {
	if candidate == nil {
		candidate = &html.Node{Type: html.ElementNode, Data: "div"}
	}
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
		// Dates come from Readability's metadata; the full-page date
		// search is slow.
		HtmlDateMode: trafilatura.Disabled,
	}
	var tr *trafilatura.ExtractResult
	var err error
	if perr := protect(func() { tr, err = trafilatura.ExtractDocument(doc, options) }); perr != nil || err != nil || tr == nil {
		return "", false
	}
	return renderText(tr.ContentNode), true
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
