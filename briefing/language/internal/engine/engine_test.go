package engine

import (
	"bytes"
	"math/rand/v2"
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

// Following zero-cost transitions from the start must rebuild any
// projective gold tree exactly: a check of the dynamic oracle's costs and
// of the single-root constraint.
func TestOracleRebuildsGold(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const nl = 5
	costs := make([]int, 1+2*nl)
	var st state
	for range 500 {
		n := 1 + rng.IntN(30)
		gh := randomTree(rng, n)
		Projectivize(gh)
		gl := make([]int, n)
		for i := range gl {
			if gh[i] == n {
				gl[i] = 0
			} else {
				gl[i] = 1 + rng.IntN(nl-1)
			}
		}
		st.reset(n)
		for steps := 0; !st.terminal(); steps++ {
			if steps > 2*n {
				t.Fatalf("no end after %d steps", steps)
			}
			st.costs(gh, gl, nl, costs)
			next := -1
			for c := range costs {
				if st.valid(c, nl) && costs[c] == 0 {
					next = c
					break
				}
			}
			if next < 0 {
				t.Fatalf("no zero-cost move; gold %v stack %v b %d", gh, st.stack, st.b)
			}
			st.apply(next, nl)
		}
		for i := range n {
			if st.heads[i] != gh[i] || st.labels[i] != gl[i] {
				t.Fatalf("word %d: got %d/%d, gold %d/%d (tree %v)", i, st.heads[i], st.labels[i], gh[i], gl[i], gh)
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
	a, b := make([]float32, 4), make([]float32, 4)
	for _, f := range feats {
		w.Score([]uint64{f}, a)
		w2.Score([]uint64{f}, b)
		for c := range a {
			if d := a[c] - b[c]; d > 0.05*abs32(a[c])+1e-6 || -d > 0.05*abs32(a[c])+1e-6 {
				t.Errorf("feature %x class %d: %v became %v", f, c, a[c], b[c])
			}
		}
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
