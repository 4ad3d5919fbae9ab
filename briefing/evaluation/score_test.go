package evaluation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"redline/briefing"
)

var putin = GoldItem{
	Speaker: "Vladimir Putin", SpeakerAliases: []string{"Putin"}, SpeakerAffiliation: "Russia",
	Addressee: "South Korea", AddresseeAliases: []string{"Seoul"},
	Evidence: []string{"Putin said arming Kyiv would be a very big mistake for Seoul."},
}

func TestMatches(t *testing.T) {
	ev := putin.Evidence
	tests := []struct {
		name string
		pred Prediction
		want bool
	}{
		{"longer name containing the gold's, and an alias", Prediction{Speaker: "Russian President Vladimir Putin", Addressee: "Seoul", Evidence: ev}, true},
		{"surname", Prediction{Speaker: "Putin", Addressee: "South Korea", Evidence: []string{"Putin said arming Kyiv would be a big mistake."}}, true},
		{"affiliation as speaker", Prediction{Speaker: "Russia", Addressee: "Seoul", Evidence: ev}, true},
		{"title dropped", Prediction{Speaker: "Mr Putin", Addressee: "the South Korea", Evidence: ev}, true},
		{"first name is not a surname", Prediction{Speaker: "Vladimir", Addressee: "Seoul", Evidence: ev}, false},
		{"wrong addressee", Prediction{Speaker: "Putin", Addressee: "Ukraine", Evidence: ev}, false},
		{"no addressee where the gold has one", Prediction{Speaker: "Putin", Evidence: ev}, false},
		{"other sentence", Prediction{Speaker: "Putin", Addressee: "Seoul", Evidence: []string{"The talks ended on Friday without a deal."}}, false},
		{"wrong speaker", Prediction{Speaker: "Vladimir Lenin", Addressee: "Seoul", Evidence: ev}, false},
		{"no speaker", Prediction{Addressee: "Seoul", Evidence: ev}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Matches(tc.pred, putin); got != tc.want {
				t.Errorf("Matches = %v, want %v", got, tc.want)
			}
		})
	}
	nobody := putin
	nobody.Addressee, nobody.AddresseeAliases = "", nil
	if !Matches(Prediction{Speaker: "Putin", Addressee: "Ukraine", Evidence: putin.Evidence}, nobody) {
		t.Error("a gold item addressed to nobody must accept any addressee")
	}
}

func TestEvidenceOverlap(t *testing.T) {
	if !EvidenceOverlap("Putin warned Seoul on Friday.", "On Friday, Putin warned Seoul again, officials said.") {
		t.Error("a sentence inside a longer one overlaps it")
	}
	if EvidenceOverlap("Putin warned Seoul on Friday.", "The rouble fell sharply on Friday morning.") {
		t.Error("sentences sharing one word do not overlap")
	}
	if !EvidenceOverlap("Stop now.", "stop, now!") || EvidenceOverlap("Stop now.", "Stop later.") {
		t.Error("very short sentences must be equal word for word")
	}
}

func TestScoreArticleCountsByCause(t *testing.T) {
	ev := putin.Evidence
	other := GoldItem{Speaker: "Chang Ho-jin", Evidence: []string{"Chang said the shipments crossed a red line for Seoul."}, Optional: true}
	preds := []Prediction{
		{Speaker: "Putin", Addressee: "Seoul", Kind: briefing.KindThreat, Evidence: ev},                         // true positive, kind wrong
		{Speaker: "Putin", Addressee: "Seoul", Evidence: ev},                                                    // duplicate
		{Speaker: "Zelensky", Addressee: "Seoul", Evidence: ev},                                                 // wrong speaker
		{Speaker: "Putin", Addressee: "Ukraine", Evidence: ev},                                                  // wrong addressee
		{Speaker: "Lavrov", Evidence: []string{"The rouble fell sharply on Friday."}},                           // nothing there
		{Speaker: "Chang Ho-jin", Evidence: []string{"Chang said the shipments crossed a red line for Seoul."}}, // optional found
	}
	c, misses := ScoreArticle("a", preds, []GoldItem{putin, other})
	want := Counts{TruePositives: 1, FalsePositives: 4, WrongSpeaker: 1, WrongAddressee: 1, Duplicates: 1, Spurious: 1}
	if c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	if len(misses) != 4 {
		t.Errorf("misses %v, want the 4 false positives", misses)
	}
	// missing a required item is a false negative; missing an optional one is nothing
	if c, _ := ScoreArticle("a", nil, []GoldItem{putin, other}); c != (Counts{FalseNegatives: 1}) {
		t.Errorf("nothing predicted: %+v, want one false negative", c)
	}
}

// TestScoreMatchesScorePy scores made-up predictions with both the Go
// port and the evaluation's score.py, which must agree on every count.
func TestScoreMatchesScorePy(t *testing.T) {
	script := filepath.Join("..", "..", "..", "shared", "eval", "score.py")
	if _, err := os.Stat(script); err != nil {
		t.Skip("the shared evaluation set (../shared/eval/score.py) is absent")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	dir := t.TempDir()
	golds := map[string][]GoldItem{
		"a": {putin, {Speaker: "Chang Ho-jin", SpeakerAliases: []string{"Chang"}, Evidence: []string{"Chang said the shipments crossed a red line for Seoul."}}},
		"b": {},
		"c": {{Speaker: "the Bank of England", Addressee: "lenders", Optional: true, Evidence: []string{"The Bank of England warned lenders that rates would rise."}}},
	}
	preds := map[string][]Prediction{
		"a": {{Speaker: "Putin", Addressee: "Seoul", Evidence: putin.Evidence}, {Speaker: "Putin", Evidence: putin.Evidence},
			{Speaker: "Chang", Evidence: []string{"Chang said the shipments crossed a red line."}}, {Speaker: "Mr Chang", Evidence: []string{"Chang said the shipments crossed a red line for Seoul."}}},
		"b": {{Speaker: "Somebody", Evidence: []string{"Nothing was said at all today."}}},
		"c": {{Speaker: "Bank of England", Addressee: "the lenders", Evidence: []string{"The Bank of England warned lenders that rates would rise."}}},
	}
	var lines bytes.Buffer
	var total Counts
	for id, gs := range golds {
		if err := os.WriteFile(filepath.Join(dir, id+".txt"), []byte("Headline\n\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(map[string]any{"id": id, "warnings": gs})
		if err := os.WriteFile(filepath.Join(dir, id+".gold.json"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		var ws []map[string]any
		for _, p := range preds[id] {
			var addr any
			if p.Addressee != "" {
				addr = p.Addressee
			}
			ws = append(ws, map[string]any{"speaker": p.Speaker, "addressee": addr, "evidence": p.Evidence})
		}
		line, _ := json.Marshal(map[string]any{"id": id, "warnings": ws})
		lines.Write(append(line, '\n'))
		c, _ := ScoreArticle(id, preds[id], gs)
		total = total.Add(c)
	}
	cmd := exec.Command(python, script, "--gold", dir)
	cmd.Stdin = &lines
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("score.py: %v\n%s", err, out)
	}
	want := fmt.Sprintf("true positives %d  false positives %d  false negatives %d", total.TruePositives, total.FalsePositives, total.FalseNegatives)
	if !strings.Contains(string(out), want) {
		t.Errorf("score.py says\n%s\nthe Go port %q", out, want)
	}
	causes := fmt.Sprintf("wrong speaker %d  wrong addressee %d  duplicates %d", total.WrongSpeaker, total.WrongAddressee, total.Duplicates)
	if !strings.Contains(string(out), causes) {
		t.Errorf("score.py says\n%s\nthe Go port %q", out, causes)
	}
	if !strings.Contains(string(out), total.Summary()) {
		t.Errorf("score.py says\n%s\nthe Go port %q", out, total.Summary())
	}
}

func TestLoadRefusesBadGold(t *testing.T) {
	dir := t.TempDir()
	read := func(path string) (briefing.Article, error) { return briefing.Article{Title: "t", Text: "x"}, nil }
	id := func(p string) string { return strings.TrimSuffix(filepath.Base(p), ".txt") }
	if _, err := Load(dir, nil, read, id); briefing.ErrorCode(err) != briefing.ENOTFOUND {
		t.Errorf("empty folder: %v, want not found", err)
	}
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Head\n\nBody."), 0o644)
	if _, err := Load(dir, nil, read, id); err == nil || !strings.Contains(err.Error(), "a.gold.json is missing") {
		t.Errorf("missing gold: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(`{"warnings": [{"speaker": ""}]}`), 0o644)
	if _, err := Load(dir, nil, read, id); err == nil || !strings.Contains(err.Error(), "needs a speaker and evidence") {
		t.Errorf("gold without a speaker: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(`{"warnings": [`), 0o644)
	if _, err := Load(dir, nil, read, id); briefing.ErrorCode(err) != briefing.EINVALID {
		t.Errorf("broken JSON: %v, want invalid", err)
	}
	os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(`{"warnings": []}`), 0o644)
	cases, err := Load(dir, nil, read, id)
	if err != nil || len(cases) != 1 || cases[0].ID != "a" {
		t.Errorf("Load = %+v, %v", cases, err)
	}
}
