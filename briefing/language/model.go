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

// Tag fills in Tag, XTag and Lemma of each token.
func (m *Model) Tag(toks []Token) {
	if len(toks) == 0 {
		return
	}
	words := make([]string, len(toks))
	for i := range toks {
		words[i] = toks[i].Text
	}
	cls := make([]int, len(toks))
	t := m.m.Tagger
	t.Tag(words, cls)
	for i := range toks {
		toks[i].XTag = t.XPOS(cls[i])
		toks[i].Tag = t.UPOS(cls[i])
		toks[i].Lemma = m.m.Lemmatizer.Lemma(toks[i].Text, toks[i].XTag)
	}
}

// Parse fills in Head and Rel of each token from its text and tags (it
// tags first if Tag has not been called).
func (m *Model) Parse(toks []Token) {
	if len(toks) == 0 {
		return
	}
	words := make([]string, len(toks))
	xpos := make([]string, len(toks))
	upos := make([]string, len(toks))
	for i := range toks {
		if toks[i].XTag == "" || toks[i].Tag == "" {
			m.Tag(toks)
			break
		}
	}
	for i := range toks {
		words[i] = toks[i].Text
		xpos[i] = toks[i].XTag
		upos[i] = toks[i].Tag
	}
	heads := make([]int, len(toks))
	labels := make([]int, len(toks))
	p := m.m.Parser
	p.Parse(words, xpos, upos, heads, labels)
	for i := range toks {
		toks[i].Head = heads[i]
		toks[i].Rel = p.Label(labels[i])
	}
}

// Analyse tokenises, tags and parses a sentence.
func (m *Model) Analyse(sentence string) []Token {
	toks := Tokenize(sentence)
	m.Tag(toks)
	m.Parse(toks)
	return toks
}
