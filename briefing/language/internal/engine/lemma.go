package engine

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"redline/briefing/language/internal/conllu"
)

// Lemmatizer gives a word's lower-case dictionary form from its Penn tag:
// first from the (word, tag) pairs of the treebank, then, for unseen words,
// by the suffix rewrite most often seen for the word's last letters and tag
// ("-pped" VBD → "-p", "-ies" NNS → "-y").
type Lemmatizer struct {
	Dict  map[string]string // lower word "\x00" XPOS → lemma
	Rules map[string]Rule   // XPOS "\x00" suffix → rewrite
	dictH map[uint64]string // Dict and Rules by the FNV-1a hash of the key
	ruleH map[uint64]Rule
	pool  sync.Pool
}

// Rule rewrites a word's ending: drop Cut bytes, append Add.
type Rule struct {
	Cut int
	Add string
}

const maxSuffix = 5

type lemmaScratch struct{ lower []byte }

func (l *Lemmatizer) init() {
	l.dictH = make(map[uint64]string, len(l.Dict))
	for k, v := range l.Dict {
		l.dictH[fnvString(fnvOffset, k)] = v
	}
	l.ruleH = make(map[uint64]Rule, len(l.Rules))
	for k, v := range l.Rules {
		l.ruleH[fnvString(fnvOffset, k)] = v
	}
	l.pool.New = func() any { return new(lemmaScratch) }
}

// Lemma returns the lemma of word tagged xpos.
func (l *Lemmatizer) Lemma(word, xpos string) string {
	sc := l.pool.Get().(*lemmaScratch)
	defer l.pool.Put(sc)
	return l.lemma(sc, word, xpos)
}

// Lemmas writes the lemma of each word, tagged xpos, to out.
func (l *Lemmatizer) Lemmas(words, xpos, out []string) {
	sc := l.pool.Get().(*lemmaScratch)
	defer l.pool.Put(sc)
	for i, w := range words {
		out[i] = l.lemma(sc, w, xpos[i])
	}
}

func (l *Lemmatizer) lemma(sc *lemmaScratch, word, xpos string) string {
	sc.lower = Normalize(sc.lower[:0], word)
	lower := sc.lower
	// The keys are hashed as the strings word "\x00" XPOS and XPOS "\x00"
	// suffix would be, without building them.
	if lm, ok := l.dictH[fnvString(fnvByte(fnvBytes(fnvOffset, lower), 0), xpos)]; ok {
		return lm
	}
	hx := fnvByte(fnvString(fnvOffset, xpos), 0)
	for n := min(maxSuffix, len(lower)-1); n >= 1; n-- {
		if r, ok := l.ruleH[fnvBytes(hx, lower[len(lower)-n:])]; ok {
			if r.Cut > len(lower) {
				break
			}
			out := string(lower[:len(lower)-r.Cut]) + r.Add
			if !utf8.ValidString(out) {
				break
			}
			return out
		}
	}
	return string(lower)
}

// TrainLemmatizer collects the dictionary and suffix rules from gold
// sentences.
func TrainLemmatizer(sents []conllu.Sentence) *Lemmatizer {
	type pair struct{ word, xpos string }
	lemmas := map[pair]map[string]int{}
	var buf []byte
	for _, s := range sents {
		for _, w := range s.Words {
			k := pair{string(Normalize(buf[:0], w.Form)), w.XPOS}
			if lemmas[k] == nil {
				lemmas[k] = map[string]int{}
			}
			lemmas[k][string(Normalize(buf[:0], w.Lemma))]++
		}
	}
	l := &Lemmatizer{Dict: map[string]string{}, Rules: map[string]Rule{}}
	ruleCount := map[string]map[Rule]int{}
	for k, ls := range lemmas {
		best, bestN := "", 0
		for lm, n := range ls {
			if n > bestN || n == bestN && lm < best {
				best, bestN = lm, n
			}
		}
		if best != k.word {
			l.Dict[k.word+"\x00"+k.xpos] = best
		}
		// One vote per word type: rules should model unseen words.
		p := 0
		for p < len(k.word) && p < len(best) && k.word[p] == best[p] {
			p++
		}
		r := Rule{Cut: len(k.word) - p, Add: best[p:]}
		for n := max(r.Cut, 1); n <= maxSuffix && n < len(k.word); n++ {
			key := k.xpos + "\x00" + k.word[len(k.word)-n:]
			if ruleCount[key] == nil {
				ruleCount[key] = map[Rule]int{}
			}
			ruleCount[key][r]++
		}
	}
	for key, rs := range ruleCount {
		var best Rule
		bestN, total := 0, 0
		for r, n := range rs {
			total += n
			if n > bestN || n == bestN && (r.Cut < best.Cut || r.Cut == best.Cut && r.Add < best.Add) {
				best, bestN = r, n
			}
		}
		if bestN >= 2 && (best.Cut > 0 || best.Add != "") {
			l.Rules[key] = best
		} else if bestN >= 2 {
			l.Rules[key] = Rule{} // identity: stops a shorter suffix's rule
		}
	}
	// Drop identity rules that no longer suffix would override anyway.
	keys := make([]string, 0, len(l.Rules))
	for k := range l.Rules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if l.Rules[k] != (Rule{}) {
			continue
		}
		x, suf, _ := strings.Cut(k, "\x00")
		shadows := false
		for n := len(suf) - 1; n >= 1; n-- {
			if r, ok := l.Rules[x+"\x00"+suf[len(suf)-n:]]; ok {
				shadows = r != Rule{}
				break
			}
		}
		if !shadows {
			delete(l.Rules, k)
		}
	}
	l.init()
	return l
}
