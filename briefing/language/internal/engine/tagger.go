package engine

import (
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"redline/briefing/language/internal/conllu"
)

// Tagger is a greedy left-to-right averaged-perceptron tagger (Collins
// 2002, in the style of Honnibal's "A good POS tagger in 200 lines"). Its
// classes are the (Penn tag, universal tag) pairs of the treebank, so one
// decision gives both.
type Tagger struct {
	Classes  []string       // "XPOS UPOS"
	xpos     []string       // per class
	upos     []string       // per class
	Dict     map[string]int // frequent unambiguous words (case kept) → class
	Lex      map[string]int // words seen a few times (lower case) → their most frequent class
	W        *Weights
	closed   []bool           // per class: a closed-class tag
	finite   []bool           // per class: a finite verb or modal
	vbd      []int            // per VBN class: the VBD class with the same universal tag
	dictH    map[uint64]int32 // Dict by the hash of the word, as wordInfo.form
	lexH     map[uint64]int32 // Lex by the hash of the word, as wordInfo.lower
	dropFeat int              // a template left out, for ablation (-1: none)
	pool     sync.Pool
}

const tagStart = 1 << 20 // class value of the positions before the sentence

type tagScratch struct {
	buf    scratchBuf
	info   []wordInfo
	feats  []uint64
	scores []float32
	probe  probeBuf
}

// Ablate leaves out template k (-1 for none) when tagging, to measure
// what it contributes.
func (t *Tagger) Ablate(k int) { t.dropFeat = k }

// NTagTemplates is the number of tagger templates.
func NTagTemplates() int {
	return len(tagFeatures(nil, make([]wordInfo, 1), 0, nil))
}

func (t *Tagger) init() {
	t.dropFeat = -1
	t.dictH = make(map[uint64]int32, len(t.Dict))
	for w, c := range t.Dict {
		t.dictH[hashString(w)] = int32(c)
	}
	t.lexH = make(map[uint64]int32, len(t.Lex))
	for w, c := range t.Lex {
		t.lexH[hashString(w)] = int32(c)
	}
	t.xpos = make([]string, len(t.Classes))
	t.upos = make([]string, len(t.Classes))
	for i, c := range t.Classes {
		t.xpos[i], t.upos[i], _ = strings.Cut(c, " ")
	}
	t.vbd = make([]int, len(t.Classes))
	for i := range t.Classes {
		t.vbd[i] = -1
		if t.xpos[i] == "VBN" {
			for j := range t.Classes {
				if t.xpos[j] == "VBD" && t.upos[j] == t.upos[i] {
					t.vbd[i] = j
				}
			}
		}
	}
	t.finite = make([]bool, len(t.Classes))
	for i, x := range t.xpos {
		switch x {
		case "VBD", "VBZ", "VBP", "MD":
			t.finite[i] = true
		}
	}
	t.closed = make([]bool, len(t.Classes))
	for i, u := range t.upos {
		switch u {
		case "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT":
			t.closed[i] = true
		}
	}
	t.pool.New = func() any { return &tagScratch{scores: make([]float32, 256)} }
}

// XPOS and UPOS name a class's tags.
func (t *Tagger) XPOS(c int) string { return t.xpos[c] }
func (t *Tagger) UPOS(c int) string { return t.upos[c] }

// Tag writes the class of each word to out (len(words)).
func (t *Tagger) Tag(words []string, out []int) {
	sc := t.pool.Get().(*tagScratch)
	defer t.pool.Put(sc)
	sc.info = sentenceInfo(&sc.buf, sc.info[:0], words)
	t.lexClasses(sc.info)
	for i := range words {
		if c, ok := t.dictH[sc.info[i].form]; ok {
			out[i] = int(c)
			continue
		}
		sc.feats = tagFeatures(sc.feats[:0], sc.info, i, out)
		t.W.Score(drop(sc.feats, t.dropFeat), sc.scores, &sc.probe)
		out[i] = t.best(sc.scores[:len(t.Classes)], &sc.info[i])
	}
	t.mainVerb(sc.info, out)
}

// mainVerb retags as past tense (VBD) a participle (VBN) that can only be
// the sentence's main verb: nothing finite before it, no have/be/get just
// before it, a noun or pronoun before it and an object after it, as in
// "Officials warned residents that ...". The treebank has as many
// participles as past tenses of "warned", so the word alone sways a
// left-to-right tagger to VBN; news leads with exactly this pattern.
func (t *Tagger) mainVerb(info []wordInfo, out []int) {
	for i := 1; i+1 < len(out); i++ {
		if t.xpos[out[i]] != "VBN" || t.vbd[out[i]] < 0 {
			continue
		}
		finiteBefore := false
		for j := 0; j < i; j++ {
			if t.finite[out[j]] {
				finiteBefore = true
				break
			}
		}
		if finiteBefore {
			return
		}
		aux := false
		for j := max(0, i-4); j < i; j++ {
			if auxKind[info[j].lower] != 0 {
				aux = true
			}
		}
		switch t.xpos[out[i-1]] {
		case "NN", "NNS", "NNP", "NNPS", "PRP":
		default:
			continue
		}
		switch t.xpos[out[i+1]] {
		case "DT", "PRP", "PRP$", "NNS", "NNP", "NNPS", "CD":
		default:
			continue
		}
		if timeWords[info[i+1].lower] {
			continue // "the report released Friday showed ...": a date, not an object
		}
		if !aux {
			out[i] = t.vbd[out[i]]
		}
		return
	}
}

// auxKind maps the lower-case hashes of the forms of have, be and get to
// 1, 2 and 3.
var auxKind = func() map[uint64]uint64 {
	m := map[uint64]uint64{}
	for k, ws := range [][]string{
		{"have", "has", "had", "having", "'ve", "'d"},
		{"be", "is", "was", "were", "been", "being", "are", "am", "'s", "'re", "'m"},
		{"get", "gets", "got", "gotten", "getting"},
	} {
		for _, w := range ws {
			m[hashBytes(Normalize(nil, w))] = uint64(k + 1)
		}
	}
	return m
}()

var timeWords = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range strings.Fields("monday tuesday wednesday thursday friday saturday sunday " +
		"today yesterday tonight last this next earlier " +
		"january february march april may june july august september october november december") {
		m[hashString(w)] = true
	}
	return m
}()

// lexClasses fills in each word's most frequent class in training, a
// cheap look at the right context's likely tags for a left-to-right tagger.
func (t *Tagger) lexClasses(info []wordInfo) {
	for i := range info {
		if c, ok := t.lexH[info[i].lower]; ok {
			info[i].lex = uint64(c)
		} else {
			info[i].lex = 1<<20 + info[i].shape&0xff
			info[i].unk = 1
		}
	}
}

func sentenceInfo(b *scratchBuf, dst []wordInfo, words []string) []wordInfo {
	for i, w := range words {
		dst = append(dst, b.info(w, i == 0))
	}
	return dst
}

// best is the top-scoring class, among the open classes only for a rare
// capitalised word: function words (AUX, DET, PRON, ADP, ...) are a closed
// list the training data covers, so a rare name is never one of them
// (lower-case rare words keep them: the web text's "u" and "ur" are
// pronouns).
func (t *Tagger) best(s []float32, w *wordInfo) int {
	restrict := w.unk != 0 && w.flags&flagCap != 0
	best := -1
	for i, v := range s {
		if restrict && t.closed[i] {
			continue
		}
		if best < 0 || v > s[best] {
			best = i
		}
	}
	if best < 0 {
		return argmax32(s)
	}
	return best
}

func argmax32(s []float32) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}

// tagFeatures lists the features of word i given the classes already
// chosen for the words before it.
func tagFeatures(f []uint64, info []wordInfo, i int, prev []int) []uint64 {
	w := &info[i]
	p1, p2 := uint64(tagStart), uint64(tagStart)
	if i > 0 {
		p1 = uint64(prev[i-1])
	}
	if i > 1 {
		p2 = uint64(prev[i-2])
	}
	var none wordInfo
	none.lower, none.form, none.lex = 7, 7, 7
	for k := range none.suf {
		none.suf[k] = 7
	}
	at := func(j int) *wordInfo {
		if j < 0 || j >= len(info) {
			return &none
		}
		return &info[j]
	}
	m1, m2, n1, n2 := at(i-1), at(i-2), at(i+1), at(i+2)
	f = append(f,
		feat1(0, 0),
		feat1(2, w.lower),
		feat1(3, w.suf[0]), feat1(4, w.suf[1]), feat1(5, w.suf[2]), feat1(6, w.suf[3]),
		feat1(7, w.pre[0]), feat1(8, w.pre[1]), feat1(9, w.pre[2]), feat1(10, w.pre[3]),
		feat1(11, w.shape),
		feat1(12, p1),
		feat1(13, p2),
		feat2(14, p1, p2),
		feat1(16, m1.lower),
		feat1(17, m1.suf[2]),
		feat1(18, m2.lower),
		feat1(19, n1.lower),
		feat1(20, n1.suf[2]),
		feat1(21, n2.lower),
		feat1(22, n1.shape),
		feat1(23, w.flags),
		feat2(24, m1.lower, w.lower),
		feat2(25, w.lower, n1.lower),
		feat2(28, n1.suf[1], w.suf[2]),
		feat1(29, w.lex),
		feat1(30, n1.lex),
		feat1(31, n2.lex),
		feat2(32, n1.lex, n2.lex),
		feat1(35, m1.lex),
		// Rare and unseen words: what a word's shape and ending say when
		// the word itself is unknown ("Beijing" at the start of a sentence
		// is a name, not a gerund).
		feat2(36, w.unk, w.flags),
		feat3(38, w.unk, w.flags, w.shape),
		feat3(39, w.unk, w.flags, n1.lex),
	)
	return f
}

// TaggerOptions controls training.
type TaggerOptions struct {
	Iterations int
	Seed       uint64
	MinAbs     float64 // prune averaged weights below this
	LexMin     int     // words seen this often get a most-frequent-class feature
	DictMin    int     // words seen this often ...
	DictShare  float64 // ... with one class this often are tagged by dictionary
}

// TrainTagger learns a tagger from gold sentences.
func TrainTagger(sents []conllu.Sentence, opt TaggerOptions) *Tagger {
	// Classes: (XPOS, UPOS) pairs seen at least 5 times; a rarer pair is
	// learnt as its Penn tag's most frequent pair.
	pairCount := map[string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			pairCount[w.XPOS+" "+w.UPOS]++
		}
	}
	var classes []string
	for p, n := range pairCount {
		if n >= 5 {
			classes = append(classes, p)
		}
	}
	sort.Strings(classes)
	classOf := map[string]int{}
	for i, c := range classes {
		classOf[c] = i
	}
	bestForX := map[string]int{}
	for _, c := range classes {
		x, _, _ := strings.Cut(c, " ")
		if b, ok := bestForX[x]; !ok || pairCount[c] > pairCount[classes[b]] {
			bestForX[x] = classOf[c]
		}
	}
	gold := func(w conllu.Word) int {
		if c, ok := classOf[w.XPOS+" "+w.UPOS]; ok {
			return c
		}
		if c, ok := bestForX[w.XPOS]; ok {
			return c
		}
		return classOf["NN NOUN"]
	}

	// The tag dictionary: words seen often with (almost) one class.
	var buf scratchBuf
	counts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			k := string(normalizeCase(buf.norm[:0], w.Form))
			if counts[k] == nil {
				counts[k] = map[int]int{}
			}
			counts[k][gold(w)]++
		}
	}
	dict := map[string]int{}
	for w, cs := range counts {
		total, best, bestN := 0, 0, 0
		for c, n := range cs {
			total += n
			if n > bestN || n == bestN && c < best {
				best, bestN = c, n
			}
		}
		if total >= opt.DictMin && float64(bestN)/float64(total) >= opt.DictShare {
			dict[w] = best
		}
	}

	lexCounts := map[string]map[int]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			k := string(Normalize(buf.lower[:0], w.Form))
			if lexCounts[k] == nil {
				lexCounts[k] = map[int]int{}
			}
			lexCounts[k][gold(w)]++
		}
	}
	lex := map[string]int{}
	for w, cs := range lexCounts {
		total, best, bestN := 0, 0, 0
		for c, n := range cs {
			total += n
			if n > bestN || n == bestN && c < best {
				best, bestN = c, n
			}
		}
		if total >= opt.LexMin {
			lex[w] = best
		}
	}

	t := &Tagger{Classes: classes, Dict: dict, Lex: lex}
	t.init()
	tr := newTrainer(len(classes))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7a99e1))
	scores := make([]float64, len(classes))
	scores32 := make([]float32, len(classes))
	var infos []wordInfo
	var feats []uint64
	var words []string
	var pred []int
	for it := 0; it < opt.Iterations; it++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := &sents[si]
			words = words[:0]
			for _, w := range s.Words {
				words = append(words, w.Form)
			}
			infos = sentenceInfo(&buf, infos[:0], words)
			t.lexClasses(infos)
			pred = pred[:0]
			for i, w := range s.Words {
				g := gold(w)
				if c, ok := t.dictH[infos[i].form]; ok {
					pred = append(pred, int(c))
					continue
				}
				feats = tagFeatures(feats[:0], infos, i, pred)
				tr.score(feats, scores)
				for c := range scores32 {
					scores32[c] = float32(scores[c])
				}
				guess := t.best(scores32, &infos[i])
				tr.tick()
				tr.update(feats, g, guess)
				pred = append(pred, guess)
			}
		}
	}
	t.W = tr.average(opt.MinAbs)
	return t
}

func argmax64(s []float64) int {
	best := 0
	for i, v := range s {
		if v > s[best] {
			best = i
		}
	}
	return best
}
