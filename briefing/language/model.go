package language

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"redline/briefing/language/internal/engine"
)

// Model is a trained tagger, lemmatiser and parser. It is read-only once
// loaded, so one Model serves any number of goroutines; each call uses its
// own scratch space.
type Model struct {
	m *engine.Model
}

//go:embed data/model.bin.gz
var modelData []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
)

// Default returns the model committed with the package, decoding it on
// first use: programs that never tag pay nothing at start-up. It panics if
// the embedded data is corrupt, which is a build defect, not a run-time
// condition.
func Default() *Model {
	defaultOnce.Do(func() {
		m, err := Load(bytes.NewReader(modelData))
		if err != nil {
			panic(fmt.Sprintf("language: embedded model: %v", err))
		}
		defaultModel = m
	})
	return defaultModel
}

// Load reads a model file written by the training program
// (briefing/language/internal/train), for trying a retrained model without
// rebuilding.
func Load(r io.Reader) (*Model, error) {
	m, err := engine.Read(r)
	if err != nil {
		return nil, err
	}
	return &Model{m: m}, nil
}

// scratch is per-call working space, pooled so tagging and parsing
// allocate nothing but their results.
type scratch struct {
	words, xpos, upos, lemmas []string
	cls, heads, labels        []int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch(n int) *scratch {
	sc := scratchPool.Get().(*scratch)
	grow := func(s []string) []string {
		if cap(s) < n {
			return make([]string, n)
		}
		return s[:n]
	}
	growInt := func(s []int) []int {
		if cap(s) < n {
			return make([]int, n)
		}
		return s[:n]
	}
	sc.words, sc.xpos, sc.upos, sc.lemmas = grow(sc.words), grow(sc.xpos), grow(sc.upos), grow(sc.lemmas)
	sc.cls, sc.heads, sc.labels = growInt(sc.cls), growInt(sc.heads), growInt(sc.labels)
	return sc
}

func putScratch(sc *scratch) {
	clear(sc.words) // drop references to the caller's strings
	clear(sc.xpos)
	clear(sc.upos)
	clear(sc.lemmas)
	scratchPool.Put(sc)
}

// Tag fills in Tag, XTag and Lemma of each token.
func (m *Model) Tag(toks []Token) {
	if len(toks) == 0 {
		return
	}
	sc := getScratch(len(toks))
	defer putScratch(sc)
	for i := range toks {
		sc.words[i] = toks[i].Text
	}
	t := m.m.Tagger
	t.Tag(sc.words, sc.cls)
	for i, c := range sc.cls {
		sc.xpos[i] = t.XPOS(c)
	}
	m.m.Lemmatizer.Lemmas(sc.words, sc.xpos, sc.lemmas)
	for i, c := range sc.cls {
		toks[i].XTag = sc.xpos[i]
		toks[i].Tag = t.UPOS(c)
		toks[i].Lemma = sc.lemmas[i]
	}
}

// Parse fills in Head and Rel of each token from its text and tags (it
// tags first if Tag has not been called).
func (m *Model) Parse(toks []Token) {
	if len(toks) == 0 {
		return
	}
	for i := range toks {
		if toks[i].XTag == "" || toks[i].Tag == "" {
			m.Tag(toks)
			break
		}
	}
	sc := getScratch(len(toks))
	defer putScratch(sc)
	for i := range toks {
		sc.words[i] = toks[i].Text
		sc.xpos[i] = toks[i].XTag
		sc.upos[i] = toks[i].Tag
	}
	p := m.m.Parser
	p.Parse(sc.words, sc.xpos, sc.upos, sc.heads, sc.labels)
	for i := range toks {
		toks[i].Head = sc.heads[i]
		toks[i].Rel = p.Label(sc.labels[i])
	}
}

// Analyse tokenises, tags and parses a sentence.
func (m *Model) Analyse(sentence string) []Token {
	toks := Tokenize(sentence)
	m.Tag(toks)
	m.Parse(toks)
	return toks
}
