package llm

import (
	"encoding/json"
	"testing"
)

// BenchmarkLocalWork measures what redline itself does for one article
// around the model's call: numbering the sentences, writing the prompt,
// reading the answer and checking its items against the article.
func BenchmarkLocalWork(b *testing.B) {
	a := arctic(b)
	answer, err := json.Marshal(map[string]any{"warnings": []map[string]any{solheim(), peskov(),
		{"speaker": "a spokesman for the Norwegian police", "addressee": "the Kremlin", "kind": "warning", "what": "x", "sentences": []int{15}}}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d := newDocument(a)
		for _, p := range d.parts(12000) {
			_ = userMessage(d, p)
		}
		items, _, err := parseAnswer(string(answer))
		if err != nil {
			b.Fatal(err)
		}
		if ws, _ := check(d, items); len(ws) != 2 {
			b.Fatalf("%d warnings", len(ws))
		}
	}
}
