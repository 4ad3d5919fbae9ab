package engine

import (
	"math"
	"slices"
)

// table3 is the scoring form of the parser's three-class move table. Only
// differences between classes decide a move, so each feature keeps two
// numbers, its weights for left-arc and right-arc minus its weight for
// shift, as one-byte codes on a logarithmic scale; with a 16-bit check of
// the feature key, a feature is one 32-bit slot of an open-addressing
// table, and costs one memory access. Scores are integer sums, exact and
// independent of order.
type table3 struct {
	shift  uint32 // 32 − log2(len(slots))
	mask   uint32
	slots  []uint32 // check | code1<<16 | code2<<24; 0 = empty
	levels [256]int32
	unit   float64 // the weight of one integer level
}

// slotOf is where a key's probe starts and the check stored for it.
func (t *table3) slotOf(k uint32) (uint32, uint32) {
	c := k & 0xffff
	if c == 0 {
		c = 1
	}
	return (k * 0x9e3779b1) >> t.shift, c
}

// newTable3 builds the table from a three-class Weights table. Keys whose
// probe start and check coincide are merged (a few in a million).
func newTable3(w *Weights) *table3 {
	ss := w.sortedSlots()
	bits := uint32(4)
	for 1<<bits < len(ss)*5/4+1 { // load factor ≤ 4/5
		bits++
	}
	t := &table3{shift: 32 - bits, mask: 1<<bits - 1, slots: make([]uint32, 1<<bits)}
	diffs := make([][2]float64, len(ss))
	mags := make([]float64, 0, 2*len(ss))
	for k, s := range ss {
		var row [3]float64
		for _, e := range w.ents[s.span>>8 : s.span>>8+s.span&0xff] {
			if c := e >> 8; c < 3 {
				row[c] += float64(w.levels[e&0xff])
			}
		}
		diffs[k] = [2]float64{row[1] - row[0], row[2] - row[0]}
		for _, d := range diffs[k] {
			if d != 0 {
				mags = append(mags, math.Abs(d))
			}
		}
	}
	if len(mags) == 0 {
		return t
	}
	// Codes: 0 is zero; otherwise bit 7 the sign and bits 0–6 a level
	// from lo (the 0.1th percentile magnitude) to the largest; level 0 of
	// the positive sign is not used.
	lo, hi := nthSmallest(slices.Clone(mags), len(mags)/1000), slices.Max(mags)
	ratio := math.Pow(hi/lo, 1.0/126)
	if !(ratio > 1.0001) {
		ratio = 1.0001
	}
	unit := hi / (1 << 20) // levels as integers: sums stay exact
	t.unit = unit
	fl := make([]float64, 256)
	for c := 1; c < 128; c++ {
		v := lo * math.Pow(ratio, float64(c-1))
		fl[c], fl[c|0x80] = v, -v
		t.levels[c], t.levels[c|0x80] = int32(math.Round(v/unit)), -int32(math.Round(v/unit))
	}
	code := func(x float64) uint32 {
		if x == 0 || math.Abs(x) < lo/math.Sqrt(ratio)/2 {
			return 0
		}
		level := math.Round(math.Log(math.Abs(x)/lo)/math.Log(ratio)) + 1
		c := uint32(min(max(level, 1), 127))
		if x < 0 {
			c |= 0x80
		}
		return c
	}
	for k, s := range ss {
		i, check := t.slotOf(s.key)
		for ; t.slots[i] != 0 && t.slots[i]&0xffff != check; i = (i + 1) & t.mask {
		}
		d := diffs[k]
		if old := t.slots[i]; old != 0 { // a merged key
			d[0] += fl[old>>16&0xff]
			d[1] += fl[old>>24]
		}
		t.slots[i] = check | code(d[0])<<16 | code(d[1])<<24
	}
	return t
}

// score sums the weights of feats: the scores of shift (always 0),
// left-arc and right-arc. The first pass only loads each feature's first
// slot, with no branch on what it loads, so the processor overlaps the
// cache misses; the second adds up, probing further on the rare clash.
func (t *table3) score(feats []uint64, pb *probeBuf) (s [3]int32) {
	slots := t.slots
	if len(slots) == 0 {
		return
	}
	pos, chk, val := &pb.a, &pb.b, &pb.c
	for len(feats) > 0 {
		fs := feats[:min(len(feats), len(pos))]
		feats = feats[len(fs):]
		for j, f := range fs {
			i, c := t.slotOf(key32(f))
			pos[j], chk[j], val[j] = i, c, slots[i]
		}
		for j := range fs {
			v, c := val[j], chk[j]
			for i := pos[j]; v != 0 && v&0xffff != c; {
				i = (i + 1) & t.mask
				v = slots[i]
			}
			if v != 0 {
				s[1] += t.levels[v>>16&0xff]
				s[2] += t.levels[v>>24]
			}
		}
	}
	return
}

// nthSmallest is the k-th smallest of xs (from 0), as xs[k] would be once
// sorted; it reorders xs. Quickselect with a median-of-three pivot.
func nthSmallest(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}
