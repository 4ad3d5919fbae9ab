package article

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readability's result is doubtful, and Trafilatura is asked too, when it
// shows signs of having taken in page chrome along with the story, or of
// having missed the story. The signals and their thresholds were chosen on
// the article-extraction benchmark (BenchmarkExtract, TestBenchmarkF1): on
// its 181 pages they send about one page in six to Trafilatura, which
// gains most of what running it on every page would.
const (
	// doubtFurnitureLines: stripFurniture found this many furniture lines
	// in the text (a menu, a related-stories list, captions, prompts).
	doubtFurnitureLines = 4
	// doubtLinkShare: this share of the words inside links (a list of
	// links rather than a story).
	doubtLinkShare = 0.3
	// doubtWords: fewer words than this (a missed or truncated story).
	doubtWords = 2 * MinWords
)

// doubtful reports whether Readability's result, its node and its text,
// in which stripFurniture found furniture lines, needs a second opinion.
func doubtful(node *html.Node, furniture int) bool {
	return doubtReason(node, furniture) != ""
}

// doubtReason says why a result is doubtful, or "".
func doubtReason(node *html.Node, furniture int) string {
	if node == nil {
		return "no result"
	}
	words, linkWords := linkStats(node)
	switch {
	case words < doubtWords:
		return "short"
	case float64(linkWords) >= doubtLinkShare*float64(words):
		return "links"
	case furniture >= doubtFurnitureLines:
		return "furniture"
	}
	return ""
}

// linkStats counts the words under n and those inside links.
func linkStats(n *html.Node) (words, linkWords int) {
	var visit func(n *html.Node, inLink bool)
	visit = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				w := countWords(c.Data)
				words += w
				if inLink {
					linkWords += w
				}
			case html.ElementNode:
				visit(c, inLink || c.DataAtom == atom.A)
			}
		}
	}
	visit(n, false)
	return words, linkWords
}

// cloneTree returns a deep copy of n, made with one allocation for the
// nodes and one for the attributes.
func cloneTree(n *html.Node) *html.Node {
	nodes, attrs := 0, 0
	var count func(n *html.Node)
	count = func(n *html.Node) {
		nodes++
		attrs += len(n.Attr)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			count(c)
		}
	}
	count(n)
	nodeSlab := make([]html.Node, nodes)
	attrSlab := make([]html.Attribute, attrs)
	var copyNode func(n, parent *html.Node) *html.Node
	copyNode = func(n, parent *html.Node) *html.Node {
		c := &nodeSlab[0]
		nodeSlab = nodeSlab[1:]
		c.Type, c.DataAtom, c.Data, c.Namespace = n.Type, n.DataAtom, n.Data, n.Namespace
		if len(n.Attr) > 0 {
			// A full slice expression, so that appending to one node's
			// attributes never writes over the next node's.
			c.Attr = attrSlab[:len(n.Attr):len(n.Attr)]
			copy(c.Attr, n.Attr)
			attrSlab = attrSlab[len(n.Attr):]
		}
		c.Parent = parent
		var prev *html.Node
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			cc := copyNode(ch, c)
			if prev == nil {
				c.FirstChild = cc
			} else {
				prev.NextSibling = cc
				cc.PrevSibling = prev
			}
			prev = cc
		}
		c.LastChild = prev
		return c
	}
	return copyNode(n, nil)
}
