// Package learn fits the weights of the extractor's decisions: a binary
// logistic model (is this a warning?) and a conditional logit that ranks
// the candidates of one choice (which of these is the speaker?).
//
// Features are named strings; a model is the weight of each name. Fitting
// is full-batch gradient descent with Adam and an L2 penalty, in a fixed
// order, so the same examples always give the same weights. A feature
// seen in fewer than MinSupport distinct documents is left out, so that no
// weight can be keyed to one article.
package learn

import (
	"math"
	"slices"
)

// Example is one candidate: its features, whether it is right, the
// document it comes from (for the support count) and, for rankings, the
// group of candidates it competes with.
type Example struct {
	Features []string
	Positive bool
	Doc      string
	Group    int
}

// Options tune a fit.
type Options struct {
	L2         float64 // penalty on squared weights (per example)
	Iterations int
	Rate       float64
	MinSupport int // documents a feature must occur in
	// PositiveWeight scales the loss of positive examples (binary only), to
	// trade precision for recall.
	PositiveWeight float64
}

// DefaultOptions suit the few thousand examples of the gold sets.
var DefaultOptions = Options{L2: 0.1, Iterations: 400, Rate: 0.05, MinSupport: 3, PositiveWeight: 1}

// Model maps feature names to weights; "bias" is a feature of every example.
type Model map[string]float64

// Score is the linear score of a feature list.
func (m Model) Score(features []string) float64 {
	s := m["bias"]
	for _, f := range features {
		s += m[f]
	}
	return s
}

// Probability is the logistic of Score.
func (m Model) Probability(features []string) float64 { return sigmoid(m.Score(features)) }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// index numbers the features that have enough support, in sorted order.
func index(examples []Example, minSupport int) (names []string, ids map[string]int) {
	docs := map[string]map[string]bool{}
	for _, e := range examples {
		for _, f := range e.Features {
			if docs[f] == nil {
				docs[f] = map[string]bool{}
			}
			docs[f][e.Doc] = true
		}
	}
	for f, d := range docs {
		if len(d) >= minSupport {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	names = append([]string{"bias"}, names...)
	ids = make(map[string]int, len(names))
	for i, n := range names {
		ids[n] = i
	}
	return names, ids
}

type encoded struct {
	feats    []int
	positive bool
	group    int
}

func encode(examples []Example, ids map[string]int) []encoded {
	out := make([]encoded, len(examples))
	for i, e := range examples {
		fs := []int{0}
		seen := map[int]bool{0: true}
		for _, f := range e.Features {
			if id, ok := ids[f]; ok && !seen[id] {
				seen[id] = true
				fs = append(fs, id)
			}
		}
		slices.Sort(fs)
		out[i] = encoded{feats: fs, positive: e.Positive, group: e.Group}
	}
	return out
}

// adam is the optimiser state.
type adam struct {
	m, v []float64
	t    int
}

func (a *adam) step(w, grad []float64, rate float64) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	a.t++
	c1 := 1 - math.Pow(b1, float64(a.t))
	c2 := 1 - math.Pow(b2, float64(a.t))
	for i := range w {
		a.m[i] = b1*a.m[i] + (1-b1)*grad[i]
		a.v[i] = b2*a.v[i] + (1-b2)*grad[i]*grad[i]
		w[i] -= rate * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + eps)
	}
}

func toModel(names []string, w []float64) Model {
	m := make(Model, len(names))
	for i, n := range names {
		if w[i] != 0 {
			m[n] = math.Round(w[i]*1e4) / 1e4
		}
	}
	return m
}

// FitBinary fits a logistic model of Positive.
func FitBinary(examples []Example, o Options) Model {
	names, ids := index(examples, o.MinSupport)
	data := encode(examples, ids)
	w := make([]float64, len(names))
	grad := make([]float64, len(names))
	opt := adam{m: make([]float64, len(names)), v: make([]float64, len(names))}
	n := float64(len(data))
	if n == 0 {
		return Model{}
	}
	for it := 0; it < o.Iterations; it++ {
		clear(grad)
		for _, e := range data {
			s := 0.0
			for _, f := range e.feats {
				s += w[f]
			}
			p := sigmoid(s)
			g := p
			weight := 1.0
			if e.positive {
				g = p - 1
				weight = o.PositiveWeight
			}
			for _, f := range e.feats {
				grad[f] += weight * g / n
			}
		}
		for i := 1; i < len(w); i++ {
			grad[i] += o.L2 * w[i]
		}
		opt.step(w, grad, o.Rate)
	}
	return toModel(names, w)
}

// FitRanking fits a conditional logit: within each group (the
// candidates of one choice) the positive candidates should score above the
// others. Groups without a positive candidate teach nothing and are left
// out.
func FitRanking(examples []Example, o Options) Model {
	names, ids := index(examples, o.MinSupport)
	data := encode(examples, ids)
	groups := map[int][]int{}
	var order []int
	for i, e := range data {
		if _, ok := groups[e.group]; !ok {
			order = append(order, e.group)
		}
		groups[e.group] = append(groups[e.group], i)
	}
	var useful [][]int
	for _, g := range order {
		members := groups[g]
		hasPos, hasNeg := false, false
		for _, i := range members {
			if data[i].positive {
				hasPos = true
			} else {
				hasNeg = true
			}
		}
		if hasPos && hasNeg {
			useful = append(useful, members)
		}
	}
	w := make([]float64, len(names))
	if len(useful) == 0 {
		return toModel(names, w)
	}
	grad := make([]float64, len(names))
	opt := adam{m: make([]float64, len(names)), v: make([]float64, len(names))}
	n := float64(len(useful))
	scores := []float64{}
	for it := 0; it < o.Iterations; it++ {
		clear(grad)
		for _, members := range useful {
			scores = scores[:0]
			top := math.Inf(-1)
			for _, i := range members {
				s := 0.0
				for _, f := range data[i].feats {
					s += w[f]
				}
				scores = append(scores, s)
				top = max(top, s)
			}
			// the loss is -log of the probability mass of the positives
			var z, zp float64
			for k, i := range members {
				e := math.Exp(scores[k] - top)
				z += e
				if data[i].positive {
					zp += e
				}
			}
			for k, i := range members {
				e := math.Exp(scores[k] - top)
				g := e / z
				if data[i].positive {
					g -= e / zp
				}
				for _, f := range data[i].feats {
					grad[f] += g / n
				}
			}
		}
		for i := 1; i < len(w); i++ {
			grad[i] += o.L2 * w[i]
		}
		opt.step(w, grad, o.Rate)
	}
	// a ranking's bias cancels out
	w[0] = 0
	return toModel(names, w)
}
