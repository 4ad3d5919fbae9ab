package engine

import (
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
// 32-bit feature keys to short runs of (class, weight) pairs.
type Weights struct {
	NClasses int
	mask     uint32
	keys     []uint32 // 0 = empty slot
	spans    []uint32 // start<<8 | count into cls/w
	cls      []uint8
	w        []float32
}

// Score adds the weights of feats to scores (len NClasses), which it
// clears first.
func (m *Weights) Score(feats []uint64, scores []float32) {
	clear(scores)
	if len(m.keys) == 0 {
		return
	}
	for _, f := range feats {
		k := key32(f)
		for i := (k * 0x9e3779b1) & m.mask; ; i = (i + 1) & m.mask {
			kk := m.keys[i]
			if kk == k {
				sp := m.spans[i]
				start, n := sp>>8, sp&0xff
				cls := m.cls[start : start+n]
				w := m.w[start : start+n]
				for j, c := range cls {
					scores[c] += w[j]
				}
				break
			}
			if kk == 0 {
				break
			}
		}
	}
}

// Len is the number of features with weights.
func (m *Weights) Len() int { return len(m.cls) }

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

func (b *weightsBuilder) build() *Weights {
	n := len(b.keys)
	// Merge collisions: group entries by key.
	type ent struct {
		k     uint32
		start uint32
		end   uint32
	}
	ents := make([]ent, n)
	for i := range n {
		end := uint32(len(b.cls))
		if i+1 < n {
			end = b.starts[i+1]
		}
		ents[i] = ent{b.keys[i], b.starts[i], end}
	}
	slices.SortStableFunc(ents, func(x, y ent) int {
		switch {
		case x.k < y.k:
			return -1
		case x.k > y.k:
			return 1
		}
		return 0
	})
	size := uint32(1)
	for size < uint32(2*n+1) {
		size <<= 1
	}
	m := &Weights{NClasses: b.nClasses, mask: size - 1, keys: make([]uint32, size), spans: make([]uint32, size)}
	acc := make([]float32, b.nClasses)
	has := make([]bool, b.nClasses)
	for i := 0; i < len(ents); {
		j := i
		clear(acc)
		clear(has)
		for ; j < len(ents) && ents[j].k == ents[i].k; j++ {
			for p := ents[j].start; p < ents[j].end; p++ {
				acc[b.cls[p]] += b.w[p]
				has[b.cls[p]] = true
			}
		}
		start := uint32(len(m.cls))
		for c := range acc {
			if has[c] {
				m.cls = append(m.cls, uint8(c))
				m.w = append(m.w, acc[c])
			}
		}
		m.insert(ents[i].k, start, uint32(len(m.cls))-start)
		i = j
	}
	return m
}

func (m *Weights) insert(k, start, n uint32) {
	if n > 255 {
		panic("engine: more than 255 classes for one feature")
	}
	for i := (k * 0x9e3779b1) & m.mask; ; i = (i + 1) & m.mask {
		if m.keys[i] == 0 {
			m.keys[i] = k
			m.spans[i] = start<<8 | n
			return
		}
	}
}

// Prune returns a copy without the weights smaller than minAbs in
// magnitude (and without the features left with none).
func (m *Weights) Prune(minAbs float64) *Weights {
	b := newWeightsBuilder(m.NClasses)
	type slot struct{ key, span uint32 }
	var slots []slot
	for i, k := range m.keys {
		if k != 0 {
			slots = append(slots, slot{k, m.spans[i]})
		}
	}
	slices.SortFunc(slots, func(a, b slot) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	var cls []uint8
	var ws []float32
	for _, s := range slots {
		cls, ws = cls[:0], ws[:0]
		start, n := s.span>>8, s.span&0xff
		for j := start; j < start+n; j++ {
			if math.Abs(float64(m.w[j])) >= minAbs {
				cls = append(cls, m.cls[j])
				ws = append(ws, m.w[j])
			}
		}
		b.add(s.key, cls, ws)
	}
	return b.build()
}
