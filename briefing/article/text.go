package article

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags start a new paragraph in rendered text.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tr: true,
	atom.Ul: true, atom.Caption: true, atom.Body: true, atom.Html: true,
}

// skippedTags hold no readable text.
var skippedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Math: true, atom.Head: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true,
}

// renderText returns the readable text under n: whitespace collapsed,
// paragraphs (block elements) separated by a blank line, <br> kept as a
// line break. Trafilatura's own output uses a few non-HTML tags ("head"
// for headings, "list", "item", "lb") which are handled too.
func renderText(n *html.Node) string {
	var r textRenderer
	r.walk(n)
	r.endParagraph()
	return strings.Join(r.paragraphs, "\n\n")
}

type textRenderer struct {
	paragraphs []string
	line       strings.Builder // the paragraph being built
	space      bool            // a space is pending before the next word
}

func (r *textRenderer) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
		tag := tagAtom(n)
		if skippedTags[tag] && n.Data != "head" {
			return
		}
		if tag == atom.Br || n.Data == "lb" {
			r.lineBreak()
			return
		}
		if tag == atom.Td || tag == atom.Th || n.Data == "cell" {
			r.space = true
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	block := n.Type == html.ElementNode && (blockTags[tagAtom(n)] || isTrafilaturaBlock(n.Data))
	if block {
		r.endParagraph()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
	if block {
		r.endParagraph()
	}
}

// tagAtom returns the element's atom; extractors that build nodes by hand
// may set only Data.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func isTrafilaturaBlock(tag string) bool {
	switch tag {
	case "head", "list", "item", "quote", "row", "code", "graphic":
		return true
	}
	return false
}

func (r *textRenderer) text(s string) {
	fields := strings.FieldsFunc(s, isSpace)
	if len(fields) == 0 {
		if s != "" {
			r.space = true
		}
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if isSpace(first) {
		r.space = true
	}
	for i, f := range fields {
		if i > 0 || (r.space && r.line.Len() > 0 && !strings.HasSuffix(r.line.String(), "\n")) {
			r.line.WriteByte(' ')
		}
		r.line.WriteString(f)
	}
	r.space = isSpace(last)
}

func (r *textRenderer) lineBreak() {
	if r.line.Len() > 0 {
		r.line.WriteByte('\n')
	}
	r.space = false
}

func (r *textRenderer) endParagraph() {
	p := strings.TrimSpace(r.line.String())
	if p != "" {
		r.paragraphs = append(r.paragraphs, p)
	}
	r.line.Reset()
	r.space = false
}

// isSpace treats no-break and zero-width spaces as spaces, as a reader would.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}
