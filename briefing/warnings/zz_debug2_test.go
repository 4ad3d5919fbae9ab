package warnings

import (
	"fmt"
	"testing"
)

func TestZZDebug2(t *testing.T) {
	s := &sentence{text: "Poland's foreign minister, Adam Rotfeld, dismissed the threat and said his country would continue to support civil society."}
	s.toks = tokenize(s.text)
	for k, tk := range s.toks {
		if tk.lower == "said" {
			sub, ap := subjectLeft(s, k)
			fmt.Printf("subj %q appos %v coord %v fv %d\n", phraseText(s, sub.from, sub.to), ap, coordinated(s, k), firstVerbBefore(s, k))
		}
	}
}
