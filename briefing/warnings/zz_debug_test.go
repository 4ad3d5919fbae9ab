package warnings

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	f := os.Getenv("DBG")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	art := ArticleFromText(string(b))
	d := newDocument(art.Title, art.Text)
	for i, s := range d.sents {
		for _, c := range findCues(s) {
			fmt.Printf("CUE s%d %q class %d verb %v\n", i, s.toks[c.at].text, c.class, c.verb)
		}
	}
	for _, w := range extract(t, art.Title, art.Text) {
		fmt.Printf("%s (%s) -> %s [%s] | %q\n   if %q -> %q\n", w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Kind, w.Evidence, w.Condition, w.Consequence)
	}
}
