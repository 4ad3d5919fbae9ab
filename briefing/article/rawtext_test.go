package article

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDropScripts(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"script and style emptied",
			`<head><style>p{color:red}</style><script src=a.js></script><script>var x = "<p>";</script></head><body><p>story</p>`,
			`<head><style></style><script src=a.js></script><script></script></head><body><p>story</p>`},
		{"JSON-LD kept",
			`<script type="application/ld+json">{"author":"Jane"}</script><SCRIPT>x()</SCRIPT >`,
			`<script type="application/ld+json">{"author":"Jane"}</script><SCRIPT></SCRIPT >`},
		{"script in a comment is not a script",
			`<!-- <script> --><p>story</p><!-- </script> -->`,
			`<!-- <script> --><p>story</p><!-- </script> -->`},
		{"script in an attribute is not a script",
			`<div title="<script>"><p>story</p></div><script>x</script>`,
			`<div title="<script>"><p>story</p></div><script></script>`},
		{"script in a title is text",
			`<title>a <script> b</title><p>story</p>`,
			`<title>a <script> b</title><p>story</p>`},
		{"escaped script kept whole",
			`<script><!-- document.write("<script>x<\/script>") --></script><p>story</p>`,
			`<script><!-- document.write("<script>x<\/script>") --></script><p>story</p>`},
		{"unclosed script left alone",
			`<p>story</p><script>never closed`,
			`<p>story</p><script>never closed`},
		{"scripts named alike are not scripts",
			`<scripts>x</scripts><styles>y</styles>`,
			`<scripts>x</scripts><styles>y</styles>`},
	}
	for _, c := range cases {
		if got := string(dropScripts([]byte(c.in))); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	page := []byte("<p>nothing to drop</p>")
	if got := dropScripts(page); &got[0] != &page[0] {
		t.Error("a page without scripts was copied")
	}
}

// FuzzDropScripts checks that dropping script and style contents before
// parsing changes nothing of the page's text.
func FuzzDropScripts(f *testing.F) {
	for _, s := range []string{
		`<script>a</script><p>b</p>`,
		`<!-- <script> --><p>b</p>`,
		`<div title='<style>'>x</div><style>y</style>`,
		`<script><!--<script>--></script>tail`,
		`<textarea><script>x</script></textarea>`,
		`<noscript><style>x</style></noscript><p>y`,
		`<svg><style>a</style><script>b</script></svg>c`,
		`<p a="x>y">z</p><script>q</script>`,
		`<! <script> >text</script>after`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		before, err1 := html.Parse(strings.NewReader(page))
		after, err2 := html.Parse(bytes.NewReader(dropScripts([]byte(page))))
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("parse errors differ: %v / %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if a, b := renderText(before), renderText(after); a != b {
			t.Fatalf("text differs for %q:\n%q\n%q", page, a, b)
		}
	})
}

func TestCloneTree(t *testing.T) {
	doc := parse(t, `<html><head><title>t</title></head><body><p class="a" id="b">x<b>y</b></p><!-- c --><p>z</p></body></html>`)
	c := cloneTree(doc)
	var want, got bytes.Buffer
	html.Render(&want, doc)
	html.Render(&got, c)
	if want.String() != got.String() {
		t.Fatalf("clone renders as\n%s\nwant\n%s", got.String(), want.String())
	}
	// Changing the clone leaves the original alone, and appending to one
	// node's attributes does not reach its neighbour's.
	p := findBody(c).FirstChild
	p.Attr = append(p.Attr, html.Attribute{Key: "data-x", Val: "1"})
	p.Attr[0].Val = "changed"
	p.Parent.RemoveChild(p)
	var after bytes.Buffer
	html.Render(&after, doc)
	if after.String() != want.String() {
		t.Errorf("original changed:\n%s", after.String())
	}
}
