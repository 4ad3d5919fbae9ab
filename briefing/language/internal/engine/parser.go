package engine

import (
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"redline/briefing/language/internal/conllu"
)

// Parser is a greedy transition-based dependency parser: the arc-hybrid
// system (Kuhlmann et al. 2011) with the root token at the end of the
// buffer, trained with the dynamic oracle of Goldberg & Nivre (2013) so it
// learns to recover from its own mistakes. Two averaged perceptrons do the
// work: one scores the three unlabelled moves over rich feature templates
// in the style of Zhang & Nivre (2011), the other names the relation of
// each arc as it is made, over a small set of features of the two words
// (the dependent's subtree is complete by then).
type Parser struct {
	Labels []string // dependency relations; Labels[0] is "root"
	Tags   []string // the tagger's classes it knows, "XPOS UPOS"
	W      *Weights // moves: shift, left-arc, right-arc
	LW     *Weights // relations
	// Vocab, if set, is the set of words (lower case) the word features
	// read; the others read as one unknown word. It is the tagger's
	// lexicon of words seen a few times, so rare words' features neither
	// fill the weight table nor memorise the training set.
	Vocab map[string]int
	vocab map[uint64]bool
	moves *table3           // W for scoring
	tagID map[[2]string]int // (XPOS, UPOS) → tag number
	xOnly map[string]int    // XPOS → a tag number, for pairs the tagger never gives
	pool  sync.Pool

	subj, subjPass, appos int // label numbers, -1 if the label set lacks them

	dropMove, dropLabel int // a template left out, for ablation (-1: none)
}

// Ablate leaves out one move template and one relation template (-1 for
// none) when parsing, to measure what each contributes.
func (p *Parser) Ablate(move, label int) { p.dropMove, p.dropLabel = move, label }

// NTemplates is the number of move and relation templates.
func NTemplates() (moves, labels int) {
	var st state
	st.reset(2)
	w, t, c := make([]uint64, 3), make([]uint64, 3), make([]int32, 3)
	st.stack = append(st.stack, 0)
	return len(features(nil, &st, w, t, c)), len(labelFeatures(nil, &st, 1, 0, w, t))
}

func drop(f []uint64, k int) []uint64 {
	if k < 0 || k >= len(f) {
		return f
	}
	return append(f[:k], f[k+1:]...)
}

// Moves: shift pushes b0; left-arc attaches s0 to b0 and pops it;
// right-arc attaches s0 to s1 and pops it.
const (
	shift = iota
	leftArc
	rightArc
	nMoves
)

func (p *Parser) init() {
	p.initTags()
	p.moves = newTable3(p.W)
	p.subj, p.subjPass, p.appos = -1, -1, -1
	for i, l := range p.Labels {
		switch l {
		case "nsubj":
			p.subj = i
		case "nsubj:pass":
			p.subjPass = i
		case "appos":
			p.appos = i
		}
	}
	p.dropMove, p.dropLabel = -1, -1
	p.pool.New = func() any { return &parseScratch{scores: make([]float32, 256)} }
}

func (p *Parser) initTags() {
	p.vocab = nil
	if p.Vocab != nil {
		p.vocab = make(map[uint64]bool, len(p.Vocab))
		for w := range p.Vocab {
			p.vocab[hashString(w)] = true
		}
	}
	p.tagID = make(map[[2]string]int, len(p.Tags))
	p.xOnly = make(map[string]int, len(p.Tags))
	for i, t := range p.Tags {
		x, u, _ := strings.Cut(t, " ")
		p.tagID[[2]string{x, u}] = i
		if _, ok := p.xOnly[x]; !ok {
			p.xOnly[x] = i
		}
	}
}

// state is a parser configuration over n words; index n is the root,
// which sits at the end of the buffer.
type state struct {
	n      int
	stack  []int
	b      int // buffer front
	heads  []int
	labels []int
	l1, l2 []int // leftmost and second leftmost dependent, -1 if none
	r1, r2 []int // rightmost and second rightmost
	nl, nr []int
	lset   []uint64 // labels of left / right dependents, as bit sets
	rset   []uint64
}

func (st *state) reset(n int) {
	st.n = n
	st.stack = st.stack[:0]
	st.b = 0
	grow := func(s []int, v int) []int {
		if cap(s) < n+1 {
			s = make([]int, n+1)
		}
		s = s[:n+1]
		for i := range s {
			s[i] = v
		}
		return s
	}
	st.heads = grow(st.heads, -1)
	st.labels = grow(st.labels, -1)
	st.l1, st.l2, st.r1, st.r2 = grow(st.l1, -1), grow(st.l2, -1), grow(st.r1, -1), grow(st.r2, -1)
	st.nl, st.nr = grow(st.nl, 0), grow(st.nr, 0)
	if cap(st.lset) < n+1 {
		st.lset, st.rset = make([]uint64, n+1), make([]uint64, n+1)
	}
	st.lset, st.rset = st.lset[:n+1], st.rset[:n+1]
	clear(st.lset)
	clear(st.rset)
}

func (st *state) terminal() bool { return st.b == st.n && len(st.stack) == 0 }

func (st *state) s(k int) int {
	if k < len(st.stack) {
		return st.stack[len(st.stack)-1-k]
	}
	return -1
}

func (st *state) addArc(h, d, l int) {
	st.heads[d] = h
	st.labels[d] = l
	bit := uint64(1) << (uint(l) & 63)
	if d < h {
		st.nl[h]++
		st.lset[h] |= bit
		switch {
		case st.l1[h] == -1 || d < st.l1[h]:
			st.l2[h], st.l1[h] = st.l1[h], d
		case st.l2[h] == -1 || d < st.l2[h]:
			st.l2[h] = d
		}
	} else {
		st.nr[h]++
		st.rset[h] |= bit
		switch {
		case st.r1[h] == -1 || d > st.r1[h]:
			st.r2[h], st.r1[h] = st.r1[h], d
		case st.r2[h] == -1 || d > st.r2[h]:
			st.r2[h] = d
		}
	}
}

// valid tells whether move c can apply. One root only: the root takes a
// dependent only when it is the last word left on the stack.
func (st *state) valid(c int) bool {
	switch c {
	case shift:
		return st.b < st.n
	case leftArc:
		return len(st.stack) > 0 && (st.b < st.n || len(st.stack) == 1)
	default:
		return len(st.stack) >= 2
	}
}

// forced is the only valid move, or -1 if there is a choice: shift on an
// empty stack, and right-arcs (then the root's left-arc) once the buffer
// holds only the root.
func (st *state) forced() int {
	switch {
	case len(st.stack) == 0:
		return shift
	case st.b < st.n:
		return -1
	case len(st.stack) == 1:
		return leftArc
	default:
		return rightArc
	}
}

// arc is the (head, dependent) pair an arc move makes.
func (st *state) arc(c int) (h, d int) {
	if c == leftArc {
		return st.b, st.s(0)
	}
	return st.s(1), st.s(0)
}

// apply makes move c; l is the relation of the arc it makes.
func (st *state) apply(c, l int) {
	switch c {
	case shift:
		st.stack = append(st.stack, st.b)
		st.b++
	default:
		h, d := st.arc(c)
		st.stack = st.stack[:len(st.stack)-1]
		st.addArc(h, d, l)
	}
}

// costs computes, for the gold heads gh (the root word's head is n), how
// many gold arcs each move makes unreachable (Goldberg & Nivre's
// arc-hybrid dynamic oracle).
func (st *state) costs(gh []int, out *[nMoves]int) {
	b, n := st.b, st.n
	s0, s1 := st.s(0), st.s(1)
	// SHIFT: b loses heads in the stack below s0 and dependents in the stack.
	shiftCost := 0
	for k, s := range st.stack {
		if gh[s] == b {
			shiftCost++
		}
		if b < n && gh[b] == s && k != len(st.stack)-1 {
			shiftCost++
		}
	}
	depsInBuffer := 0
	if s0 >= 0 {
		for d := b; d < n; d++ {
			if gh[d] == s0 {
				depsInBuffer++
			}
		}
	}
	leftCost, rightCost := depsInBuffer, depsInBuffer
	if s0 >= 0 {
		if gh[s0] != b && (gh[s0] == s1 || gh[s0] > b) {
			leftCost++
		}
		if gh[s0] != s1 && gh[s0] >= b {
			rightCost++
		}
	}
	out[shift], out[leftArc], out[rightArc] = shiftCost, leftCost, rightCost
}

type parseScratch struct {
	st     state
	words  []uint64
	tags   []uint64
	commas []int32 // commas[i]: commas and semicolons among words before i
	feats  []uint64
	scores []float32
	buf    []byte
	lo, hi []int // phrase spans, for appositions
	probe  probeBuf
}

const (
	noneTag     = 1 << 16
	rootTag     = 1<<16 + 1
	noneLabel   = 1 << 8
	rootWord    = 0x5eed
	unknownWord = 0x0bad
)

// prepare hashes the words and numbers the tags; index n is the root. The
// tag is the (Penn, universal) pair: the universal tag adds what the Penn
// tag lacks for UD trees, such as "is" as AUX (cop, aux) or VERB.
func (p *Parser) prepare(sc *parseScratch, words, xpos, upos []string) {
	sc.words, sc.tags = sc.words[:0], sc.tags[:0]
	sc.commas = append(sc.commas[:0], 0)
	for i, w := range words {
		c := sc.commas[i]
		if w == "," || w == ";" || w == "，" {
			c++
		}
		sc.commas = append(sc.commas, c)
		sc.buf = Normalize(sc.buf[:0], w)
		h := hashBytes(sc.buf)
		if p.vocab != nil && !p.vocab[h] {
			h = unknownWord
		}
		sc.words = append(sc.words, h)
		t, ok := p.tagID[[2]string{xpos[i], upos[i]}]
		if !ok {
			if t, ok = p.xOnly[xpos[i]]; !ok {
				t = len(p.Tags)
			}
		}
		sc.tags = append(sc.tags, uint64(t))
	}
	sc.words = append(sc.words, rootWord)
	sc.tags = append(sc.tags, rootTag)
}

// label chooses the relation of the arc h → d (never root below a word).
func (p *Parser) label(sc *parseScratch, h, d int) int {
	if h == sc.st.n {
		return 0
	}
	sc.feats = labelFeatures(sc.feats[:0], &sc.st, h, d, sc.words, sc.tags)
	p.LW.Score(drop(sc.feats, p.dropLabel), sc.scores, &sc.probe)
	best := 1
	for l := 2; l < len(p.Labels); l++ {
		if sc.scores[l] > sc.scores[best] {
			best = l
		}
	}
	return best
}

// Parse writes each word's head (-1 for the root) and label number.
func (p *Parser) Parse(words, xpos, upos []string, heads, labels []int) {
	if len(words) == 0 {
		return
	}
	sc := p.pool.Get().(*parseScratch)
	defer p.pool.Put(sc)
	p.prepare(sc, words, xpos, upos)
	st := &sc.st
	st.reset(len(words))
	for !st.terminal() {
		best := st.forced()
		if best < 0 {
			sc.feats = features(sc.feats[:0], st, sc.words, sc.tags, sc.commas)
			s := p.moves.score(drop(sc.feats, p.dropMove), &sc.probe)
			for c := range nMoves {
				if (best < 0 || s[c] > s[best]) && st.valid(c) {
					best = c
				}
			}
		}
		l := -1
		if best != shift {
			h, d := st.arc(best)
			l = p.label(sc, h, d)
		}
		st.apply(best, l)
	}
	p.appositions(sc, words)
	for i := range words {
		heads[i] = st.heads[i]
		if heads[i] == len(words) {
			heads[i] = -1
		}
		labels[i] = st.labels[i]
	}
}

// appositions repairs a predicate given two subjects, which UD never
// does: when the later one's phrase is set off by commas right after the
// earlier one's ("Smith, the defence secretary, didn't ..."), it is an
// apposition to the earlier one. The greedy parser makes that mistake
// because the arc to the first noun must be made before the verb is seen.
func (p *Parser) appositions(sc *parseScratch, words []string) {
	st := &sc.st
	n := st.n
	if p.appos < 0 || p.subj < 0 {
		return
	}
	isSubj := func(l int) bool { return l == p.subj || l == p.subjPass }
	var lo, hi []int
	for b := range n {
		if !isSubj(st.labels[b]) {
			continue
		}
		h := st.heads[b]
		a := b - 1
		for a >= 0 && !(st.heads[a] == h && isSubj(st.labels[a])) {
			a--
		}
		if a < 0 {
			continue
		}
		if lo == nil { // the span of each word's phrase
			if cap(sc.lo) < n {
				sc.lo, sc.hi = make([]int, n), make([]int, n)
			}
			lo, hi = sc.lo[:n], sc.hi[:n]
			for i := range n {
				lo[i], hi[i] = i, i
			}
			for i := range n {
				for h, k := st.heads[i], 0; h >= 0 && h < n && k < n; h, k = st.heads[h], k+1 {
					lo[h], hi[h] = min(lo[h], i), max(hi[h], i)
				}
			}
		}
		c := hi[a] + 1
		if c == lo[b] && c < b && isComma(words[c]) && st.heads[c] == b && isComma(words[hi[b]]) && hi[b] > b {
			st.heads[b], st.labels[b] = a, p.appos
			hi[a] = max(hi[a], hi[b])
		}
	}
}

func isComma(w string) bool { return w == "," || w == "，" }

// Label names a label number.
func (p *Parser) Label(l int) string { return p.Labels[l] }

func distBucket(a, b int) uint64 {
	if a < 0 || b < 0 {
		return 15
	}
	d := b - a
	if d < 0 {
		d = -d
	}
	switch {
	case d <= 4:
		return uint64(d)
	case d <= 6:
		return 5
	case d <= 9:
		return 6
	default:
		return 7
	}
}

// features lists the feature hashes of a configuration.
func features(f []uint64, st *state, words, tags []uint64, commas []int32) []uint64 {
	n := st.n
	W := func(i int) uint64 {
		if i < 0 {
			return 0
		}
		return words[i]
	}
	P := func(i int) uint64 {
		if i < 0 {
			return noneTag
		}
		return tags[i]
	}
	L := func(i int) uint64 {
		if i < 0 {
			return noneLabel
		}
		return uint64(st.labels[i])
	}
	child := func(arr []int, h int) int {
		if h < 0 {
			return -1
		}
		return arr[h]
	}
	s0, s1, s2 := st.s(0), st.s(1), st.s(2)
	b0 := st.b
	b1, b2 := -1, -1
	if b0+1 <= n {
		b1 = b0 + 1
	}
	if b0+2 <= n {
		b2 = b0 + 2
	}
	s0l1, s0l2, s0r1, s0r2 := child(st.l1, s0), child(st.l2, s0), child(st.r1, s0), child(st.r2, s0)
	s1l1, s1r1 := child(st.l1, s1), child(st.r1, s1)
	b0l1, b0l2 := child(st.l1, b0), child(st.l2, b0)

	s0w, s0p, s1w, s1p, s2p := W(s0), P(s0), W(s1), P(s1), P(s2)
	b0w, b0p, b1w, b1p, b2p := W(b0), P(b0), W(b1), P(b1), P(b2)
	var s0vl, s0vr, b0vl uint64
	var s0ls, s0rs, s1rs, s1ls, b0ls uint64 = 1 << 63, 1 << 63, 1 << 63, 1 << 63, 1 << 63
	if s0 >= 0 {
		s0vl, s0vr, s0ls, s0rs = uint64(st.nl[s0]), uint64(st.nr[s0]), st.lset[s0], st.rset[s0]
	}
	if s1 >= 0 {
		s1ls, s1rs = st.lset[s1], st.rset[s1]
	}
	b0vl, b0ls = uint64(st.nl[b0]), st.lset[b0]
	d01 := distBucket(s0, b0)
	d10 := distBucket(s1, s0)
	wp := func(w, p uint64) uint64 { return w*31 + p }
	// Commas between two words: a comma between s0 and b0 argues against
	// an arc (or for appos, conj, parataxis).
	between := func(a, b int) uint64 {
		if a < 0 || b < 0 {
			return 7
		}
		return uint64(min(commas[b]-commas[a+1], 3))
	}
	c01, c10 := between(s0, b0), between(s1, s0)
	s0wp, s1wp, b0wp, b1wp := wp(s0w, s0p), wp(s1w, s1p), wp(b0w, b0p), wp(b1w, b1p)

	f = append(f,
		feat1(0, 0),
		// Single words.
		feat1(1, s0w), feat1(2, s0p), feat1(3, s0wp),
		feat1(4, s1w), feat1(6, s1wp),
		feat1(7, s2p), feat1(9, b0w), feat1(10, b0p), feat1(11, b0wp),
		feat1(12, b1w), feat1(13, b1p), feat1(14, b1wp),
		feat1(16, b2p),
		// Pairs: s0 and b0 (a left arc), s1 and s0 (a right arc).
		feat2(21, s0wp, b0p), feat2(25, s1wp, s0wp), feat2(29, s1p, s0wp), feat2(31, s1p, s0p),
		feat2(32, b0p, b1p), feat2(35, b0p, b1wp),
		// Tag trigrams.
		feat3(36, b0p, b1p, b2p), feat3(37, s0p, b0p, b1p), feat3(39, s2p, s1p, s0p), feat3(40, s0p, P(s0l1), b0p), feat3(41, s0p, P(s0r1), b0p),
		feat3(42, s0p, b0p, P(b0l1)), feat3(43, s0p, P(s0l1), P(s0l2)), feat3(44, s0p, P(s0r1), P(s0r2)),
		feat3(45, b0p, P(b0l1), P(b0l2)), feat3(46, s1p, s0p, P(s0l1)), feat3(47, s1p, s0p, P(s0r1)),
		feat3(49, s1p, P(s1l1), s0p),
		// Distance.
		feat2(52, s0p, d01), feat2(53, b0w, d01), feat2(54, b0p, d01),
		feat3(55, s0p, b0p, d01), feat3(57, s1p, s0p, d10), feat2(58, s1w, d10),
		// Valency.
		feat2(61, s0w, s0vr), feat2(62, s0p, s0vr), feat2(63, s0w, s0vl), feat2(64, s0p, s0vl),
		feat2(66, b0p, b0vl),
		// Dependents of the stack and buffer words.
		feat1(69, W(s0l1)), feat1(70, P(s0l1)), feat1(71, L(s0l1)),
		feat1(72, W(s0r1)), feat1(73, P(s0r1)), feat1(74, L(s0r1)),
		feat1(75, P(s0l2)), feat1(76, L(s0l2)), feat1(77, P(s0r2)), feat1(78, L(s0r2)),
		feat1(79, W(b0l1)), feat1(80, P(b0l1)), feat1(81, L(b0l1)),
		feat1(82, P(b0l2)), feat1(83, L(b0l2)),
		feat1(86, P(s1r1)), feat1(87, L(s1r1)),
		feat2(89, s0p, L(s0r1)), feat2(90, b0p, L(b0l1)), feat2(91, s1p, L(s1r1)),
		feat3(92, s0p, L(s0l1), L(s0l2)), feat3(93, s0p, L(s0r1), L(s0r2)), feat3(94, b0p, L(b0l1), L(b0l2)),
		// Label sets.
		feat2(95, s0w, s0ls), feat2(96, s0p, s0ls), feat2(97, s0w, s0rs), feat2(98, s0p, s0rs),
		feat2(100, b0p, b0ls), feat2(101, s1p, s1rs), feat2(102, s1p, s1ls),
		// Stack depth (little left on the stack or the buffer).
		feat2(103, uint64(min(len(st.stack), 4)), b0p),
		feat3(104, s0wp, b0p, b1p), feat3(105, s1p, s0wp, b0p),
		// Bilexical with dependents.
		feat2(106, s0w, W(s0l1)), feat2(107, s0w, W(s0r1)),
		// Commas.
		feat3(111, s0p, b0p, c01), feat3(112, s1p, s0p, c10), feat2(113, s0w, c01), feat2(114, b0w, c01),
		// A clause at b0 whose left dependents (mark "that", nsubj, aux)
		// are built: does it complement s1's verb or modify s0's noun?
		feat3(117, s1p, b0p, b0ls), feat3(118, s0p, b0p, b0ls),
		feat2(119, s0w, b0ls), feat2(120, s1w, L(b0l1)), feat3(121, s1p, s0p, L(b0l1)),
		// An apposition between commas ("Smith, the defence secretary,
		// said"): s1 and s0 with the commas before and after s0.
		feat3(123, s1p<<20|s0p, b0p, c10<<3|c01),
	)
	return f
}

// labelFeatures lists the features that name the relation of the arc
// h → d, made now. In the arc-hybrid system d's subtree is complete when
// it takes its head, so its dependents' relations (a "that" mark, a
// preposition's case) are there to read; h has its left dependents and
// some right ones.
func labelFeatures(f []uint64, st *state, h, d int, words, tags []uint64) []uint64 {
	n := st.n
	W := func(i int) uint64 {
		if i < 0 {
			return 0
		}
		return words[i]
	}
	P := func(i int) uint64 {
		if i < 0 || i > n {
			return noneTag
		}
		return tags[i]
	}
	L := func(i int) uint64 {
		if i < 0 {
			return noneLabel
		}
		return uint64(st.labels[i])
	}
	dir := uint64(0)
	if d > h {
		dir = 1
	}
	hw, hp, dw, dp := words[h], tags[h]<<1|dir, words[d], tags[d]
	dl1, dr1 := st.l1[d], st.r1[d]
	dist := distBucket(h, d)
	f = append(f,
		feat1(0, dir),
		feat1(1, dp<<1|dir), feat2(2, dw, dir), feat1(3, hp), feat2(4, hw, dir),
		feat2(6, hw, dp<<1|dir), feat2(7, hp, dw), feat3(8, hw, dw, dir),
		feat3(9, hp, dp, dist), feat2(26, dw, dp<<1|dir),
		// The dependent's own dependents.
		feat3(10, hp, dp, st.lset[d]), feat3(27, hp, dp, uint64(st.nl[d]|st.nr[d]<<4)),
		feat3(12, hp, dp, L(dl1)), feat3(13, hp, W(dl1), P(dl1)), feat3(14, dp<<1|dir, W(dl1), L(dl1)),
		feat3(15, hp, dp, L(dr1)), feat2(16, hw, W(dl1)), feat3(28, hp, dp, P(dl1)),
		// What the head already has (a subject makes the next noun an object).
		feat3(17, hp, dp, st.lset[h]), feat3(18, hp, dp, st.rset[h]),
		// Context.
		feat3(20, hp, dp, P(d-1)), feat3(21, hp, dp, P(d+1)), feat3(23, hp, dp, P(h-1)),
		feat3(30, hp, dp, P(st.b)),
		feat3(31, dw, hp, L(dl1)), feat3(32, hw, dp, L(dl1)), feat3(33, dw, hp, dist),
	)
	return f
}

// ParserOptions controls training.
type ParserOptions struct {
	Iterations int
	Seed       uint64
	MinAbs     float64        // prune averaged move weights below this
	LabelMin   float64        // prune averaged relation weights below this
	Explore    float64        // probability of following the model's own move after the first iteration
	Vocab      map[string]int // see Parser.Vocab
}

// TrainingSentence is a gold tree over words whose tags come from the
// tagger (jackknifed), so the parser learns on the tags it will see.
type TrainingSentence struct {
	Words []string
	XPOS  []string
	UPOS  []string
	Heads []int // -1 for the root
	Rels  []string
}

// LabelSet chooses the relations: subtypes seen at least minCount times
// are kept, rarer ones fold into their base relation.
func LabelSet(sents []conllu.Sentence, minCount int) (labels []string, mapRel func(string) string) {
	count := map[string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			count[w.Rel]++
		}
	}
	mapRel = func(r string) string {
		if base, _, ok := strings.Cut(r, ":"); ok && count[r] < minCount {
			return base
		}
		return r
	}
	set := map[string]bool{}
	for r := range count {
		set[mapRel(r)] = true
	}
	delete(set, "root")
	labels = []string{"root"}
	for r := range set {
		labels = append(labels, r)
	}
	sort.Strings(labels[1:])
	return labels, mapRel
}

// TrainParser learns the parser.
// progress, if set, is called after each iteration with a function that
// averages the weights so far.
func TrainParser(sents []TrainingSentence, labels, tags []string, opt ParserOptions, progress func(it int, snapshot func(minAbs float64) *Parser)) *Parser {
	p := &Parser{Labels: labels, Tags: tags, Vocab: opt.Vocab}
	p.initTags()
	labelID := map[string]int{}
	for i, l := range labels {
		labelID[l] = i
	}
	nl := len(labels)
	tr := newTrainer(nMoves)
	ltr := newTrainer(nl)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9a75e7))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	sc := &parseScratch{}
	st := &sc.st
	scores := make([]float64, nMoves)
	lscores := make([]float64, nl)
	var costs [nMoves]int
	var gh, gl []int
	var lfeats []uint64
	for it := 0; it < opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := &sents[si]
			n := len(s.Words)
			if n == 0 {
				continue
			}
			gh, gl = gh[:0], gl[:0]
			for i := range n {
				h := s.Heads[i]
				if h < 0 {
					h = n
				}
				gh = append(gh, h)
				gl = append(gl, labelID[s.Rels[i]])
			}
			Projectivize(gh)
			p.prepare(sc, s.Words, s.XPOS, s.UPOS)
			st.reset(n)
			for !st.terminal() {
				next, explore := st.forced(), false
				if next < 0 {
					sc.feats = features(sc.feats[:0], st, sc.words, sc.tags, sc.commas)
					tr.score(sc.feats, scores)
					st.costs(gh, &costs)
					guess, best := -1, -1
					for c := range nMoves {
						if !st.valid(c) {
							continue
						}
						if guess < 0 || scores[c] > scores[guess] {
							guess = c
						}
						if best < 0 || costs[c] < costs[best] || costs[c] == costs[best] && scores[c] > scores[best] {
							best = c
						}
					}
					tr.tick()
					if costs[guess] > costs[best] {
						tr.update(sc.feats, best, guess)
					}
					next = best
					explore = it > 0 && rng.Float64() < opt.Explore
					if explore {
						next = guess
					}
				}
				l := -1
				if next != shift {
					h, d := st.arc(next)
					l = 0
					if h != n {
						lfeats = labelFeatures(lfeats[:0], st, h, d, sc.words, sc.tags)
						ltr.score(lfeats, lscores)
						lg := 1
						for c := 2; c < nl; c++ {
							if lscores[c] > lscores[lg] {
								lg = c
							}
						}
						l = lg
						if gh[d] == h {
							ltr.tick()
							if lg != gl[d] {
								ltr.update(lfeats, gl[d], lg)
							}
							if !explore {
								l = gl[d]
							}
						}
					}
				}
				st.apply(next, l)
			}
		}
		if progress != nil {
			progress(it, func(minAbs float64) *Parser {
				q := &Parser{Labels: labels, Tags: tags, Vocab: opt.Vocab, W: tr.average(minAbs), LW: ltr.average(opt.LabelMin)}
				q.init()
				return q
			})
		}
	}
	p.W = tr.average(opt.MinAbs)
	p.LW = ltr.average(opt.LabelMin)
	p.init()
	return p
}

// Projectivize lifts non-projective arcs (heads over n words, the root's
// head n) until the tree is projective: each offending word is attached to
// its head's head, shortest arcs first.
func Projectivize(heads []int) {
	n := len(heads)
	isAncestor := func(a, d int) bool { // a dominates d
		for k := 0; d != n && k <= n; k++ {
			d = heads[d]
			if d == a {
				return true
			}
		}
		return a == n
	}
	for {
		best, bestLen := -1, n+2
		for d := range n {
			h := heads[d]
			lo, hi := min(h, d), max(h, d)
			for k := lo + 1; k < hi; k++ {
				if !isAncestor(h, k) {
					if hi-lo < bestLen {
						best, bestLen = d, hi-lo
					}
					break
				}
			}
		}
		if best < 0 {
			return
		}
		heads[best] = heads[heads[best]]
	}
}
