package engine

import (
	"cmp"
	"math"
	"slices"
)

// trainer is an averaged perceptron (Collins 2002) over hashed features and
// a small number of classes. Weights are integers (every update is ±1), so
// training is exact and deterministic; averages use the lazy "timestamp"
// trick so an update costs O(features), not O(weights).
type trainer struct {
	nClasses int
	index    map[uint64]int32
	rows     [][]param
	now      int64 // number of examples seen
}

type param struct {
	total int64 // sum of the weight over all past examples, up to stamp
	stamp int64
	w     int32
	cls   uint16
}

func newTrainer(nClasses int) *trainer {
	return &trainer{nClasses: nClasses, index: make(map[uint64]int32, 1<<20)}
}

// score adds the weights of feats to scores (len nClasses).
func (t *trainer) score(feats []uint64, scores []float64) {
	clear(scores)
	for _, f := range feats {
		i, ok := t.index[f]
		if !ok {
			continue
		}
		for _, p := range t.rows[i] {
			scores[p.cls] += float64(p.w)
		}
	}
}

// tick counts one training example (call once per decision).
func (t *trainer) tick() { t.now++ }

// update moves the weights of feats towards class good and away from bad.
func (t *trainer) update(feats []uint64, good, bad int) {
	if good == bad {
		return
	}
	for _, f := range feats {
		i, ok := t.index[f]
		if !ok {
			i = int32(len(t.rows))
			t.index[f] = i
			t.rows = append(t.rows, nil)
		}
		t.rows[i] = t.bump(t.rows[i], good, 1)
		t.rows[i] = t.bump(t.rows[i], bad, -1)
	}
}

func (t *trainer) bump(row []param, cls, d int) []param {
	for k := range row {
		p := &row[k]
		if int(p.cls) == cls {
			p.total += (t.now - p.stamp) * int64(p.w)
			p.stamp = t.now
			p.w += int32(d)
			return row
		}
	}
	return append(row, param{stamp: t.now, w: int32(d), cls: uint16(cls)})
}

// average returns the averaged weights, dropping those whose magnitude is
// below minAbs (the pruning that keeps the model file small).
func (t *trainer) average(minAbs float64) *Weights {
	type kv struct {
		key uint64
		row []param
	}
	keys := make([]uint64, 0, len(t.index))
	for k := range t.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := newWeightsBuilder(t.nClasses)
	now := float64(t.now)
	if now == 0 {
		now = 1
	}
	cls := make([]uint8, 0, t.nClasses)
	ws := make([]float32, 0, t.nClasses)
	for _, k := range keys {
		cls, ws = cls[:0], ws[:0]
		row := slices.Clone(t.rows[t.index[k]])
		slices.SortFunc(row, func(a, b param) int { return int(a.cls) - int(b.cls) })
		for _, p := range row {
			tot := p.total + (t.now-p.stamp)*int64(p.w)
			avg := float64(tot) / now
			if math.Abs(avg) < minAbs {
				continue
			}
			cls = append(cls, uint8(p.cls))
			ws = append(ws, float32(avg))
		}
		b.add(key32(k), cls, ws)
	}
	return b.build()
}

// key32 is the part of a feature hash that the compact model keeps: 32
// bits are plenty for a few million features (a lookup of an unknown
// feature hits a stored one with probability n/2³², a few in ten thousand).
func key32(k uint64) uint32 {
	x := uint32(k>>32) ^ uint32(k)
	if x == 0 {
		x = 1
	}
	return x
}

// Weights is the read-only averaged model: an open-addressing table from
// 32-bit feature keys to runs of entries, each a class and a one-byte
// weight code on a logarithmic scale (sign bit and 7-bit level,
// |w| = Lo·Ratio^level). Key and run share a slot, and an entry is two
// bytes, so a feature costs about two cache misses.
type Weights struct {
	NClasses  int
	Lo, Ratio float64
	levels    [256]float32
	mask      uint32
	slots     []slot   // key 0 = empty
	ents      []uint16 // class<<8 | code
}

type slot struct{ key, span uint32 } // span: start<<8 | count into ents

// Score sets scores[c], for each class c, to the sum of the weights of
// feats. scores must have room for 256 classes (a class is one byte, so
// the inner loop needs no bounds checks); only the first NClasses mean
// anything. The work goes in passes so the processor overlaps the cache
// misses: load every feature's first slot, then (past the rare clash)
// the first entry of every feature found, then add up.
func (m *Weights) Score(feats []uint64, scores []float32, pb *probeBuf) {
	acc := (*[256]float32)(scores)
	clear(acc[:m.NClasses])
	if len(m.slots) == 0 {
		return
	}
	if pb == nil {
		pb = new(probeBuf)
	}
	key, val, first := &pb.a, &pb.s, &pb.e
	for len(feats) > 0 {
		fs := feats[:min(len(feats), len(key))]
		feats = feats[len(fs):]
		for j, f := range fs {
			k := key32(f)
			key[j], val[j] = k, m.slots[(k*0x9e3779b1)&m.mask]
		}
		for j := range fs {
			s, k := val[j], key[j]
			for i := (k * 0x9e3779b1) & m.mask; s.key != 0 && s.key != k; {
				i = (i + 1) & m.mask
				s = m.slots[i]
			}
			if s.key == 0 {
				s.span = 0
			} else {
				first[j] = m.ents[s.span>>8]
			}
			val[j] = s
		}
		for j := range fs {
			s := val[j]
			if s.span&0xff == 0 {
				continue
			}
			e := first[j]
			acc[e>>8] += m.levels[e&0xff]
			start := s.span >> 8
			for _, e := range m.ents[start+1 : start+s.span&0xff] {
				acc[e>>8] += m.levels[e&0xff]
			}
		}
	}
}

// probeBuf is scratch for the passes of a lookup, kept in the callers'
// pooled scratch so it is not cleared on every call.
type probeBuf struct {
	a, b, c [64]uint32
	s       [64]slot
	e       [64]uint16
}

// Len is the number of stored weights.
func (m *Weights) Len() int { return len(m.ents) }

func (m *Weights) setScale(lo, ratio float64) {
	m.Lo, m.Ratio = lo, ratio
	for c := range 128 {
		v := float32(lo * math.Pow(ratio, float64(c)))
		m.levels[c], m.levels[c|0x80] = v, -v
	}
}

func (m *Weights) code(x float64) uint16 {
	level := math.Round(math.Log(math.Abs(x)/m.Lo) / math.Log(m.Ratio))
	c := uint16(min(max(level, 0), 127))
	if x < 0 {
		c |= 0x80
	}
	return c
}

// newWeights makes an empty table for n features.
func newWeights(nClasses, n, nEnts int, lo, ratio float64) *Weights {
	size := uint32(1)
	for size < uint32(2*n+1) {
		size <<= 1
	}
	m := &Weights{NClasses: nClasses, mask: size - 1, slots: make([]slot, size), ents: make([]uint16, 0, nEnts)}
	m.setScale(lo, ratio)
	return m
}

func (m *Weights) insert(k, start, n uint32) {
	if n > 255 || start >= 1<<24 {
		panic("engine: weight table overflow")
	}
	for i := (k * 0x9e3779b1) & m.mask; ; i = (i + 1) & m.mask {
		if m.slots[i].key == 0 {
			m.slots[i] = slot{k, start<<8 | n}
			return
		}
	}
}

// sortedSlots lists the used slots in key order (a radix sort on the
// keys, which are distinct).
func (m *Weights) sortedSlots() []slot {
	out := make([]slot, 0, len(m.slots)/2)
	for _, s := range m.slots {
		if s.key != 0 {
			out = append(out, s)
		}
	}
	tmp := make([]slot, len(out))
	for shift := 0; shift < 32; shift += 8 {
		var count [257]int
		for _, s := range out {
			count[(s.key>>shift)&0xff+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, s := range out {
			b := (s.key >> shift) & 0xff
			tmp[count[b]] = s
			count[b]++
		}
		out, tmp = tmp, out
	}
	return out
}

// Prune returns a copy without the weights smaller than minAbs in
// magnitude (and without the features left with none).
func (m *Weights) Prune(minAbs float64) *Weights {
	ss := m.sortedSlots()
	p := newWeights(m.NClasses, len(ss), len(m.ents), m.Lo, m.Ratio)
	for _, s := range ss {
		start := uint32(len(p.ents))
		for _, e := range m.ents[s.span>>8 : s.span>>8+s.span&0xff] {
			if math.Abs(float64(m.levels[e&0xff])) >= minAbs {
				p.ents = append(p.ents, e)
			}
		}
		if n := uint32(len(p.ents)) - start; n > 0 {
			p.insert(s.key, start, n)
		}
	}
	return p
}

type weightsBuilder struct {
	nClasses int
	keys     []uint32
	starts   []uint32
	cls      []uint8
	w        []float32
}

func newWeightsBuilder(n int) *weightsBuilder { return &weightsBuilder{nClasses: n} }

// add appends a feature's weights; a key seen before (a 32-bit collision)
// has its weights merged into the earlier entry at build time.
func (b *weightsBuilder) add(k uint32, cls []uint8, w []float32) {
	if len(cls) == 0 {
		return
	}
	b.keys = append(b.keys, k)
	b.starts = append(b.starts, uint32(len(b.cls)))
	b.cls = append(b.cls, cls...)
	b.w = append(b.w, w...)
}

// build merges colliding keys and quantises: the scale runs from the
// 0.1th percentile of the magnitudes (a few tiny sums of colliding keys
// would otherwise stretch it) to the largest, so each weight is kept to
// within half a level, about ±2% with the trained models' range. Training
// evaluates the quantised weights too, so what it prints is what the
// model file gives.
func (b *weightsBuilder) build() *Weights {
	n := len(b.keys)
	type ent struct{ k, start, end uint32 }
	ents := make([]ent, n)
	for i := range n {
		end := uint32(len(b.cls))
		if i+1 < n {
			end = b.starts[i+1]
		}
		ents[i] = ent{b.keys[i], b.starts[i], end}
	}
	slices.SortStableFunc(ents, func(x, y ent) int { return cmp.Compare(x.k, y.k) })
	var keys []uint32
	var counts []uint32
	var cls []uint8
	var ws []float64
	acc := make([]float64, b.nClasses)
	has := make([]bool, b.nClasses)
	for i := 0; i < len(ents); {
		j := i
		clear(acc)
		clear(has)
		for ; j < len(ents) && ents[j].k == ents[i].k; j++ {
			for p := ents[j].start; p < ents[j].end; p++ {
				acc[b.cls[p]] += float64(b.w[p])
				has[b.cls[p]] = true
			}
		}
		c0 := len(cls)
		for c := range acc {
			if has[c] && acc[c] != 0 {
				cls = append(cls, uint8(c))
				ws = append(ws, acc[c])
			}
		}
		if len(cls) > c0 {
			keys = append(keys, ents[i].k)
			counts = append(counts, uint32(len(cls)-c0))
		}
		i = j
	}
	mags := make([]float64, len(ws))
	for i, x := range ws {
		mags[i] = math.Abs(x)
	}
	slices.Sort(mags)
	lo, hi := 1.0, 1.0
	if len(mags) > 0 {
		lo, hi = mags[len(mags)/1000], mags[len(mags)-1]
	}
	ratio := math.Pow(hi/lo, 1.0/127)
	if !(ratio > 1.0001) {
		ratio = 1.0001
	}
	m := newWeights(b.nClasses, len(keys), len(ws), lo, ratio)
	p := 0
	for i, k := range keys {
		start := uint32(len(m.ents))
		for range counts[i] {
			m.ents = append(m.ents, uint16(cls[p])<<8|m.code(ws[p]))
			p++
		}
		m.insert(k, start, counts[i])
	}
	return m
}
