package warnings

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	p := os.Getenv("DBG")
	if p == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(p)
	parts := strings.SplitN(string(raw), "\n", 2)
	for _, w := range extract(t, parts[0], parts[1]) {
		fmt.Printf("  %s | %s -> %s | %s | %q\n", w.Speaker.Name, w.Speaker.Affiliation, w.Addressee.Name, w.Kind, w.Evidence)
	}
}
