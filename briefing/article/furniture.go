package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page furniture is what a news page carries around its story: photo
// captions and credits, "related stories" boxes, newsletter and share
// prompts, promotions. Left in the text it reaches the warning extractor
// and becomes false warnings ("DON'T MISS: China warns …"). It is removed
// in two steps: from the parsed page before extraction, by structure
// (elements such as <figcaption>, class and id names such as "related" or
// "newsletter"), and from the extracted text, line by line, by wording
// (IsFurniture).

// prunedTags never hold article text.
var prunedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true, atom.Figcaption: true,
}

// furnitureNames are class and id words that name furniture: an element
// so named is removed unless it holds the article's text (some sites put
// such words on the story's own container).
var furnitureNames = map[string]bool{
	"ad": true, "ads": true, "advert": true, "adverts": true, "advertisement": true,
	"promo": true, "promos": true, "promotion": true, "related": true,
	"share": true, "sharing": true, "social": true, "newsletter": true,
	"newsletters": true, "subscribe": true, "signup": true, "caption": true,
	"captions": true, "credit": true, "credits": true, "outbrain": true,
	"taboola": true, "recommended": true, "recommendations": true,
	"trending": true, "popular": true, "mostread": true, "comments": true,
	"breadcrumb": true, "breadcrumbs": true, "sponsored": true,
	"readmore": true, "copyright": true, "bio": true, "biography": true,
}

// furnitureRoles are ARIA roles of the page's navigation, header, footer
// and side columns.
var furnitureRoles = map[string]bool{
	"navigation": true, "menu": true, "menubar": true, "banner": true,
	"complementary": true, "contentinfo": true,
}

// furniturePrefixes catch names written as one lower-case word
// ("relatedposts"); camel case ("relatedArticles", "newsCaption") is split
// into words.
var furniturePrefixes = []string{"related", "newsletter", "promo", "advert", "outbrain", "taboola", "recommend", "sharebar", "socialshare", "authorbio"}

// hiddenNames are classes that hide text from sight (for screen readers).
var hiddenNames = []string{"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader"}

// pruneTrace, when set (by tests), is told of every element removed and why.
var pruneTrace func(n *html.Node, rule string)

// textStats describes the text under an element.
type textStats struct {
	elements  int // elements
	words     int // all words
	linkWords int // words inside links
	longParas int // paragraphs of at least longParaWords words outside links
}

const longParaWords = 25

// holdsArticle reports whether an element with these stats holds article
// text rather than furniture: several long paragraphs.
func (s textStats) holdsArticle() bool {
	return s.longParas >= 2 || s.words-s.linkWords >= 200
}

// pruneFurniture removes furniture, hidden elements and elements that never
// hold text from the body of doc, in place, and returns how many elements
// the body keeps. The head is left alone (the metadata is read from it),
// and so are JSON-LD scripts.
func pruneFurniture(doc *html.Node) int {
	body := findBody(doc)
	if body == nil {
		return 0
	}
	return pruneNode(body, false).elements
}

func findBody(doc *html.Node) *html.Node {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.DataAtom == atom.Body {
					return c
				}
			}
		}
	}
	return nil
}

// pruneNode prunes the children of n and returns the stats of what is left.
func pruneNode(n *html.Node, inLink bool) textStats {
	var s textStats
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
			w := countWords(c.Data)
			s.words += w
			if inLink {
				s.linkWords += w
			}
		case html.ElementNode:
			if rule := pruneRule(c); rule != "" {
				remove(c, rule)
				break
			}
			cs := pruneNode(c, inLink || c.DataAtom == atom.A)
			if rule := furnitureRule(c, cs); rule != "" {
				remove(c, rule)
				break
			}
			if c.DataAtom == atom.P && cs.words-cs.linkWords >= longParaWords {
				cs.longParas++
			}
			s.elements += 1 + cs.elements
			s.words += cs.words
			s.linkWords += cs.linkWords
			s.longParas += cs.longParas
		case html.CommentNode:
			n.RemoveChild(c)
		}
		c = next
	}
	return s
}

func remove(n *html.Node, rule string) {
	if pruneTrace != nil {
		pruneTrace(n, rule)
	}
	n.Parent.RemoveChild(n)
}

// pruneRule says why an element is removed whatever it holds, or "".
func pruneRule(n *html.Node) string {
	if prunedTags[n.DataAtom] {
		if n.DataAtom == atom.Script && strings.EqualFold(attr(n, "type"), "application/ld+json") {
			return ""
		}
		return "tag"
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return "hidden"
		case "aria-hidden":
			if a.Val == "true" {
				return "hidden"
			}
		case "style":
			if hiddenStyle(a.Val) {
				return "hidden"
			}
		case "class":
			// Class names match case-sensitively, as in CSS.
			for _, h := range hiddenNames {
				if strings.Contains(a.Val, h) {
					return "hidden"
				}
			}
		}
	}
	return ""
}

// hiddenStyle reports an inline style with display:none or
// visibility:hidden.
func hiddenStyle(style string) bool {
	return styleValue(style, "display", "none") || styleValue(style, "visibility", "hidden")
}

// styleValue reports whether style sets property to value (any case,
// spaces allowed around the colon).
func styleValue(style, property, value string) bool {
	for decl := range strings.SplitSeq(style, ";") {
		name, val, ok := strings.Cut(decl, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), property) {
			val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important"))
			if strings.EqualFold(val, value) {
				return true
			}
		}
	}
	return false
}

// furnitureRule says why an element, whose remaining text has stats s, is
// furniture, or "".
func furnitureRule(n *html.Node, s textStats) string {
	switch n.DataAtom {
	case atom.Body, atom.Main, atom.Article, atom.P:
		return ""
	}
	if s.holdsArticle() {
		return ""
	}
	if n.DataAtom == atom.Nav {
		return "tag:nav"
	}
	for _, a := range n.Attr {
		if a.Key == "role" && furnitureRoles[a.Val] {
			return "role:" + a.Val
		}
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		if name := furnitureName(a.Val); name != "" {
			return a.Key + ":" + name
		}
	}
	return ""
}

// furnitureName returns the furniture word in a class or id value, or "".
// The value is split into words at anything but letters and digits and
// where a lower-case letter meets a capital ("imageEmbedCaption").
func furnitureName(v string) string {
	var buf [32]byte
	start := -1
	for i := 0; i <= len(v); i++ {
		var c byte
		if i < len(v) {
			c = v[i]
		}
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		camel := start >= 0 && c >= 'A' && c <= 'Z' && v[i-1] >= 'a' && v[i-1] <= 'z'
		if start >= 0 && (!alnum || camel) {
			if tok := v[start:i]; len(tok) <= len(buf) {
				lower := buf[:len(tok)]
				for k := 0; k < len(tok); k++ {
					lower[k] = tok[k] | 0x20 // ASCII letters and digits only
				}
				if name := furnitureWord(lower); name != "" {
					return name
				}
			}
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	return ""
}

func furnitureWord(tok []byte) string {
	if furnitureNames[string(tok)] {
		return string(tok)
	}
	for _, p := range furniturePrefixes {
		if len(tok) >= len(p) && string(tok[:len(p)]) == p {
			return p
		}
	}
	return ""
}

// countWords counts runs of non-space characters.
func countWords(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = isSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
