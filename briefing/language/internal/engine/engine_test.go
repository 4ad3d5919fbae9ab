package engine

import (
	"bytes"
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomTree returns heads of a random tree over n words (root's head n).
func randomTree(rng *rand.Rand, n int) []int {
	heads := make([]int, n)
	order := rng.Perm(n)
	heads[order[0]] = n
	for k := 1; k < n; k++ {
		heads[order[k]] = order[rng.IntN(k)]
	}
	return heads
}

func isProjective(heads []int) bool {
	n := len(heads)
	dominates := func(a, d int) bool {
		for k := 0; k <= n && d != n; k++ {
			d = heads[d]
			if d == a {
				return true
			}
		}
		return a == n
	}
	for d, h := range heads {
		for k := min(h, d) + 1; k < max(h, d); k++ {
			if !dominates(h, k) {
				return false
			}
		}
	}
	return true
}

func TestProjectivize(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		heads := randomTree(rng, 1+rng.IntN(25))
		Projectivize(heads)
		if !isProjective(heads) {
			t.Fatalf("not projective: %v", heads)
		}
		roots := 0
		for _, h := range heads {
			if h == len(heads) {
				roots++
			}
		}
		if roots != 1 {
			t.Fatalf("%d roots after lifting: %v", roots, heads)
		}
	}
}

// Following zero-cost moves from the start must rebuild any projective
// gold tree exactly: a check of the dynamic oracle's costs and of the
// single-root constraint.
func TestOracleRebuildsGold(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var costs [nMoves]int
	var st state
	for range 500 {
		n := 1 + rng.IntN(30)
		gh := randomTree(rng, n)
		Projectivize(gh)
		st.reset(n)
		for steps := 0; !st.terminal(); steps++ {
			if steps > 2*n {
				t.Fatalf("no end after %d steps", steps)
			}
			nValid := 0
			for c := range nMoves {
				if st.valid(c) {
					nValid++
				}
			}
			if f := st.forced(); (f >= 0) != (nValid == 1) || f >= 0 && !st.valid(f) {
				t.Fatalf("forced move %d with %d valid moves; stack %v b %d", f, nValid, st.stack, st.b)
			}
			st.costs(gh, &costs)
			next := -1
			for c := range nMoves {
				if st.valid(c) && costs[c] == 0 {
					next = c
					break
				}
			}
			if next < 0 {
				t.Fatalf("no zero-cost move; gold %v stack %v b %d", gh, st.stack, st.b)
			}
			l := -1
			if next != shift {
				_, d := st.arc(next)
				l = d % 7
			}
			st.apply(next, l)
		}
		for i := range n {
			if st.heads[i] != gh[i] || st.labels[i] != i%7 {
				t.Fatalf("word %d: got %d/%d, gold %d/%d (tree %v)", i, st.heads[i], st.labels[i], gh[i], i%7, gh)
			}
		}
	}
}

func TestWeightsRoundTrip(t *testing.T) {
	tr := newTrainer(4)
	feats := []uint64{1, 2, 3, 0xdeadbeef}
	for i := range 100 {
		tr.tick()
		tr.update(feats[:1+i%4], i%4, (i+1)%4)
	}
	w := tr.average(0)
	var buf bytes.Buffer
	e := encoderFor(&buf)
	e.weights(w)
	if err := e.w.Flush(); err != nil {
		t.Fatal(err)
	}
	d := decoderFor(&buf)
	w2 := d.weights()
	if d.err != nil {
		t.Fatal(d.err)
	}
	a, b := make([]float32, 256), make([]float32, 256)
	for _, f := range feats {
		w.Score([]uint64{f}, a, nil)
		w2.Score([]uint64{f}, b, nil)
		for c := range 4 {
			if d := a[c] - b[c]; d > 0.05*abs32(a[c])+1e-6 || -d > 0.05*abs32(a[c])+1e-6 {
				t.Errorf("feature %x class %d: %v became %v", f, c, a[c], b[c])
			}
		}
	}
}

// The move table keeps, per feature, the left-arc and right-arc weights
// minus the shift weight: its scores must order the moves as the full
// weights do, to within the quantisation.
func TestTable3MatchesWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tr := newTrainer(nMoves)
	feats := make([]uint64, 300)
	for i := range feats {
		feats[i] = rng.Uint64()
	}
	for range 20000 {
		a, b := rng.IntN(len(feats)), rng.IntN(len(feats))
		tr.tick()
		tr.update(feats[min(a, b):max(a, b)+1], rng.IntN(nMoves), rng.IntN(nMoves))
	}
	w := tr.average(0)
	tab := newTable3(w)
	full := make([]float32, 256)
	for range 2000 {
		k := 1 + rng.IntN(40)
		fs := make([]uint64, k)
		for i := range fs {
			if rng.IntN(4) == 0 {
				fs[i] = rng.Uint64() // unknown feature
			} else {
				fs[i] = feats[rng.IntN(len(feats))]
			}
		}
		w.Score(fs, full, nil)
		got := tab.score(fs, new(probeBuf))
		if got[0] != 0 {
			t.Fatalf("shift score %d, want 0", got[0])
		}
		one := make([]float32, 256)
		var mag float64
		for _, f := range fs {
			w.Score([]uint64{f}, one, nil)
			mag += math.Abs(float64(one[1]-one[0])) + math.Abs(float64(one[2]-one[0]))
		}
		for c := 1; c < nMoves; c++ {
			want := float64(full[c]-full[0]) / tab.unit
			if d := math.Abs(float64(got[c]) - want); d > 0.05*mag/tab.unit+2 {
				t.Fatalf("move %d: table %d, weights %.0f (features %d, total magnitude %.0f)", c, got[c], want, k, mag/tab.unit)
			}
		}
	}
}

func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }

func TestNthSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := 1 + rng.IntN(200)
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rng.IntN(20)) // ties on purpose
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		k := rng.IntN(n)
		if got := nthSmallest(slices.Clone(xs), k); got != sorted[k] {
			t.Fatalf("nthSmallest(%v, %d) = %v, want %v", xs, k, got, sorted[k])
		}
	}
}

func TestSortedSlots(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	tr := newTrainer(3)
	for range 5000 {
		tr.tick()
		tr.update([]uint64{rng.Uint64()}, 0, 1)
	}
	w := tr.average(0)
	ss := w.sortedSlots()
	used := 0
	for _, s := range w.slots {
		if s.key != 0 {
			used++
		}
	}
	if used < 4990 || len(ss) != used || !slices.IsSortedFunc(ss, func(a, b slot) int { return cmp.Compare(a.key, b.key) }) {
		t.Fatalf("%d of %d slots, sorted %v", len(ss), used, slices.IsSortedFunc(ss, func(a, b slot) int { return cmp.Compare(a.key, b.key) }))
	}
}
