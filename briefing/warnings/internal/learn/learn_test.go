package learn

import (
	"fmt"
	"maps"
	"testing"
)

// examples where "good" predicts a positive four times in five, "noise"
// is independent of the label, and "rare" occurs in one document only.
func binaryExamples() []Example {
	var ex []Example
	for i := 0; i < 200; i++ {
		doc := fmt.Sprintf("d%d", i%20)
		good := i%2 == 0
		pos := good == (i%5 != 0)
		fs := []string{"noise" + fmt.Sprint(i%3)}
		if good {
			fs = append(fs, "good")
		}
		if i == 7 {
			fs = append(fs, "rare")
		}
		ex = append(ex, Example{Features: fs, Positive: pos, Doc: doc})
	}
	return ex
}

// lightPenalty fits with little regularisation, so that the fitted
// probabilities approach the examples' frequencies.
var lightPenalty = Options{L2: 0.01, Iterations: 400, Rate: 0.05, MinSupport: 3, PositiveWeight: 1}

func TestFitBinaryLearnsTheInformativeFeature(t *testing.T) {
	m := FitBinary(binaryExamples(), lightPenalty)
	if m["good"] < 1 {
		t.Errorf("weight of the informative feature %.3f, want clearly positive", m["good"])
	}
	for _, f := range []string{"noise0", "noise1", "noise2"} {
		if abs(m[f]) > 0.5 {
			t.Errorf("weight of %s %.3f, want near zero", f, m[f])
		}
	}
	if _, ok := m["rare"]; ok {
		t.Error("a feature of one document must be left out")
	}
	if p := m.Probability([]string{"good"}); p < 0.7 || p > 0.9 {
		t.Errorf("P(positive | good) = %.3f, want about 0.8", p)
	}
}

func TestFitRankingPrefersThePositiveCandidate(t *testing.T) {
	var ex []Example
	for g := 0; g < 60; g++ {
		doc := fmt.Sprintf("d%d", g%10)
		// the subject is right in most groups; the nearest word sometimes
		ex = append(ex,
			Example{Features: []string{"rel=nsubj"}, Positive: g%6 != 0, Doc: doc, Group: g},
			Example{Features: []string{"rel=obj", "near"}, Positive: g%6 == 0, Doc: doc, Group: g},
			Example{Features: []string{"rel=other", "near"}, Doc: doc, Group: g},
		)
	}
	// a group without a positive teaches nothing
	ex = append(ex, Example{Features: []string{"rel=other"}, Doc: "d0", Group: 99})
	m := FitRanking(ex, lightPenalty)
	if !(m.Score([]string{"rel=nsubj"}) > m.Score([]string{"rel=obj", "near"}) &&
		m.Score([]string{"rel=obj", "near"}) > m.Score([]string{"rel=other", "near"})) {
		t.Errorf("ranking weights %v do not order subject > object > other", m)
	}
	if m["bias"] != 0 {
		t.Errorf("a ranking has no bias, got %v", m["bias"])
	}
}

func TestFitIsDeterministic(t *testing.T) {
	a := FitBinary(binaryExamples(), DefaultOptions)
	b := FitBinary(binaryExamples(), DefaultOptions)
	if !maps.Equal(a, b) {
		t.Error("two fits of the same examples differ")
	}
	if len(FitBinary(nil, DefaultOptions)) != 0 {
		t.Error("no examples must give an empty model")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
