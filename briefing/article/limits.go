package article

import (
	"bytes"
	"context"
	"runtime"

	"golang.org/x/net/html"

	"redline/briefing"
)

// Work limits. The fetcher caps a page's bytes; these cap the work its
// markup can cause, so that a page crafted to be slow to extract (300,000
// empty paragraphs, links or tables fit in a few megabytes) is refused in
// milliseconds instead of holding a CPU for seconds and memory by the
// hundred megabyte. Real news pages stay far below them: the 181 pages of
// the article-extraction benchmark have at most 1,600 elements and a depth
// of 52.
const (
	// MaxElements is the most elements a page may have.
	MaxElements = 30000
	// MaxDepth is the deepest elements may nest.
	MaxDepth = 200
	// MaxTextDepth bounds the sum, over the page's text, of each text's
	// length times its depth in the tree: the extractors measure the text
	// under every enclosing element, so deeply nested text (lists within
	// lists, 95 deep) costs them that much. The benchmark pages reach at
	// most 1.6 million (median 0.1 million).
	MaxTextDepth = 20_000_000
	// slowWorkElements is the most elements (left after pruning the
	// furniture) for which the costlier steps run: Trafilatura's second
	// opinion, whose time and memory grow faster than the page, and the
	// search for a date outside the metadata. Larger pages are read by
	// Readability alone.
	slowWorkElements = 8000
)

// errTooComplex is the error for a page over the work limits.
func errTooComplex(pageURL, what string) error {
	return briefing.Errorf(briefing.ETOOLARGE,
		"%s: the page is too complex to read (%s); redline reads news pages of up to %d elements nested up to %d deep",
		where(pageURL), what, MaxElements, MaxDepth)
}

// checkMarkup refuses, before parsing, markup with more start tags than
// the tree may hold elements. Counting "<" followed by a letter over-counts
// (it also finds them in scripts and comments), so only a page over the
// limit by that count is tokenized to count its real start tags.
func checkMarkup(page []byte, pageURL string) error {
	if tagOpenings(page) <= MaxElements {
		return nil
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			n++
			if n > MaxElements {
				return errTooComplex(pageURL, "more than the element limit")
			}
		}
	}
}

// tagOpenings counts "<" followed by an ASCII letter.
func tagOpenings(page []byte) int {
	n := 0
	for i := bytes.IndexByte(page, '<'); i >= 0 && i+1 < len(page); {
		c := page[i+1] | 0x20
		if c >= 'a' && c <= 'z' {
			n++
		}
		j := bytes.IndexByte(page[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

// checkTree refuses a parsed page with more elements than MaxElements (the
// parser adds implied ones), nested deeper than MaxDepth, or with more
// text depth than MaxTextDepth. It returns the number of elements.
func checkTree(doc *html.Node, pageURL string) (int, error) {
	n, textDepth := 0, 0
	var visit func(node *html.Node, depth int) error
	visit = func(node *html.Node, depth int) error {
		if depth > MaxDepth {
			return errTooComplex(pageURL, "elements nested too deep")
		}
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				if textDepth += len(c.Data) * depth; textDepth > MaxTextDepth {
					return errTooComplex(pageURL, "text nested too deep")
				}
			}
			if c.Type != html.ElementNode {
				continue
			}
			if n++; n > MaxElements {
				return errTooComplex(pageURL, "more than the element limit")
			}
			if err := visit(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := visit(doc, 0)
	return n, err
}

// A gate bounds how many pages are extracted at once and how many more
// may wait for their turn. Extraction is CPU work: running more pages than
// there are CPUs only adds memory. Past the queue, callers are told to try
// again later rather than piling up.
type gate struct {
	run   chan struct{} // a token per running extraction
	queue chan struct{} // a token per caller running or waiting
}

func newGate(running, waiting int) *gate {
	return &gate{run: make(chan struct{}, running), queue: make(chan struct{}, running+waiting)}
}

// extractions is the gate every Reader shares: as many running as there
// are CPUs (at least two), and up to eight per CPU waiting.
var extractions = newGate(max(2, runtime.GOMAXPROCS(0)), 8*max(2, runtime.GOMAXPROCS(0)))

// enter waits for a turn. It fails at once with ERATELIMIT when the queue
// is full, and with ETIMEOUT when ctx ends while waiting. The caller must
// call the returned function when done.
func (g *gate) enter(ctx context.Context, pageURL string) (leave func(), err error) {
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, briefing.Errorf(briefing.ERATELIMIT,
			"%s: redline is busy reading other pages; try again in a minute", where(pageURL))
	}
	select {
	case g.run <- struct{}{}:
		return func() { <-g.run; <-g.queue }, nil
	case <-ctx.Done():
		<-g.queue
		return nil, timeoutError(ctx, pageURL)
	}
}

// do runs read, an extraction, when the gate lets it, and returns its
// result, or ETIMEOUT as soon as ctx is done: an extraction cannot be
// stopped mid-way, so it is left to finish in the background (read stops
// at its next stage once ctx is done) and keeps its place in the gate
// until it has. A panic in read is returned as an EINTERNAL error.
func (g *gate) do(ctx context.Context, pageURL string, read func(context.Context) (briefing.Article, error)) (briefing.Article, error) {
	leave, err := g.enter(ctx, pageURL)
	if err != nil {
		return briefing.Article{}, err
	}
	type result struct {
		a   briefing.Article
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer leave()
		var res result
		if perr := protect(func() { res.a, res.err = read(ctx) }); perr != nil {
			res.err = briefing.WrapError(briefing.EINTERNAL, perr, "%s: the page could not be read", where(pageURL))
		}
		done <- res
	}()
	select {
	case res := <-done:
		return res.a, res.err
	case <-ctx.Done():
		return briefing.Article{}, timeoutError(ctx, pageURL)
	}
}

// timeoutError is the error for extraction stopped by ctx.
func timeoutError(ctx context.Context, pageURL string) error {
	return briefing.WrapError(briefing.ETIMEOUT, context.Cause(ctx),
		"%s: reading the page took too long; try again later", where(pageURL))
}
