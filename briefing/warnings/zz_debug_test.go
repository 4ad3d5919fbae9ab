package warnings

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	p := os.Getenv("DBG")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	art := ArticleFromText(string(b))
	for _, w := range extract(t, art.Title, art.Text) {
		fmt.Printf("%q (%q) -> %q [%s] %q\n", w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Kind, w.Evidence)
	}
}
