package engine

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Model is the whole trained pipeline as stored in the model file.
type Model struct {
	Tagger     *Tagger
	Lemmatizer *Lemmatizer
	Parser     *Parser
}

const magic = "redline-language-model-2\n"

// Write stores the model gzip-compressed. The output depends only on the
// model (maps are written in sorted order), so training twice gives the
// same bytes.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	e := &encoder{w: bufio.NewWriter(zw)}
	e.str(magic)
	t := m.Tagger
	e.strs(t.Classes)
	e.intMap(t.Dict)
	e.intMap(t.Lex)
	e.weights(t.W)
	l := m.Lemmatizer
	keys := sortedKeys(l.Dict)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(l.Dict[k])
	}
	keys = sortedKeys(l.Rules)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.uint(uint64(l.Rules[k].Cut))
		e.str(l.Rules[k].Add)
	}
	p := m.Parser
	e.strs(p.Labels)
	e.strs(p.Tags)
	switch {
	case p.Vocab == nil:
		e.uint(0)
	case sameKeys(p.Vocab, t.Lex):
		e.uint(1)
	default:
		return errors.New("language model: the parser's vocabulary must be the tagger's lexicon")
	}
	e.weights(p.W)
	e.weights(p.LW)
	if e.err != nil {
		return e.err
	}
	if err := e.w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// Read loads a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	d := &decoder{r: bufio.NewReaderSize(zr, 1<<16)}
	if d.str() != magic {
		return nil, errors.New("language model: not a model file (bad magic)")
	}
	t := &Tagger{}
	t.Classes = d.strs()
	t.Dict = d.intMap()
	t.Lex = d.intMap()
	t.W = d.weights()
	l := &Lemmatizer{Dict: map[string]string{}, Rules: map[string]Rule{}}
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		k := d.str()
		l.Dict[k] = d.str()
	}
	for n := d.uint(); n > 0 && d.err == nil; n-- {
		k := d.str()
		cut := int(d.uint())
		l.Rules[k] = Rule{Cut: cut, Add: d.str()}
	}
	p := &Parser{}
	p.Labels = d.strs()
	p.Tags = d.strs()
	switch d.uint() {
	case 0:
	case 1:
		p.Vocab = t.Lex
	default:
		d.fail("bad vocabulary flag")
	}
	p.W = d.weights()
	p.LW = d.weights()
	if d.err != nil {
		return nil, fmt.Errorf("language model: %w", d.err)
	}
	if len(t.Classes) == 0 || len(p.Labels) == 0 || t.W.NClasses != len(t.Classes) || p.W.NClasses != nMoves || p.LW.NClasses != len(p.Labels) {
		return nil, errors.New("language model: inconsistent class counts")
	}
	for _, c := range t.Dict {
		if c < 0 || c >= len(t.Classes) {
			return nil, errors.New("language model: tag dictionary class out of range")
		}
	}
	for _, c := range t.Lex {
		if c < 0 || c >= len(t.Classes) {
			return nil, errors.New("language model: lexicon class out of range")
		}
	}
	t.init()
	l.init()
	p.init()
	return &Model{Tagger: t, Lemmatizer: l, Parser: p}, nil
}

func sameKeys(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type encoder struct {
	w   *bufio.Writer
	err error
	tmp [binary.MaxVarintLen64]byte
}

func (e *encoder) uint(v uint64) {
	n := binary.PutUvarint(e.tmp[:], v)
	if _, err := e.w.Write(e.tmp[:n]); err != nil && e.err == nil {
		e.err = err
	}
}

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	if _, err := e.w.WriteString(s); err != nil && e.err == nil {
		e.err = err
	}
}

func (e *encoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) intMap(m map[string]int) {
	keys := sortedKeys(m)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.uint(uint64(m[k]))
	}
}

// weights: class count, feature count, the quantisation scale (Lo,
// Ratio), then four columns, which gzip packs better than rows: each
// feature's key difference from the previous one, its number of entries,
// the entries' classes, and their one-byte weight codes.
func (e *encoder) weights(w *Weights) {
	ss := w.sortedSlots()
	e.uint(uint64(w.NClasses))
	e.uint(uint64(len(ss)))
	e.uint(math.Float64bits(w.Lo))
	e.uint(math.Float64bits(w.Ratio))
	prev := uint32(0)
	for _, s := range ss {
		e.uint(uint64(s.key - prev))
		prev = s.key
	}
	for _, s := range ss {
		e.byte(byte(s.span & 0xff))
	}
	for _, s := range ss {
		for _, x := range w.ents[s.span>>8 : s.span>>8+s.span&0xff] {
			e.byte(byte(x >> 8))
		}
	}
	for _, s := range ss {
		for _, x := range w.ents[s.span>>8 : s.span>>8+s.span&0xff] {
			e.byte(byte(x))
		}
	}
}

func (e *encoder) byte(b byte) {
	if err := e.w.WriteByte(b); err != nil && e.err == nil {
		e.err = err
	}
}

type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New(msg)
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.err = err
	}
	return v
}

func (d *decoder) str() string {
	n := d.uint()
	if d.err != nil {
		return ""
	}
	if n > 1<<20 {
		d.err = errors.New("string too long")
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = err
		return ""
	}
	return string(b)
}

func (d *decoder) strs() []string {
	n := d.uint()
	if n > 1<<16 {
		d.err = errors.New("list too long")
		return nil
	}
	out := make([]string, 0, n)
	for ; n > 0 && d.err == nil; n-- {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) intMap() map[string]int {
	n := d.uint()
	if n > 1<<24 {
		d.err = errors.New("map too long")
		return nil
	}
	m := make(map[string]int, n)
	for ; n > 0 && d.err == nil; n-- {
		k := d.str()
		m[k] = int(d.uint())
	}
	return m
}

func (d *decoder) weights() *Weights {
	nc := int(d.uint())
	n := d.uint()
	lo := math.Float64frombits(d.uint())
	ratio := math.Float64frombits(d.uint())
	if d.err != nil || nc <= 0 || nc > 255 || n > 1<<26 || !(lo > 0) || !(ratio > 1) || ratio > 2 {
		if d.err == nil {
			d.err = errors.New("bad weight table header")
		}
		return &Weights{NClasses: nc}
	}
	keys := make([]uint32, n)
	key := uint32(0)
	for i := range keys {
		key += uint32(d.uint())
		keys[i] = key
	}
	counts := make([]byte, n)
	d.read(counts)
	total := 0
	for i, c := range counts {
		if int(c) > nc || c == 0 || keys[i] == 0 || i > 0 && keys[i] == keys[i-1] {
			d.err = errors.New("bad weight entry")
			return &Weights{NClasses: nc}
		}
		total += int(c)
	}
	if d.err != nil || total >= 1<<24 {
		if d.err == nil {
			d.err = errors.New("weight table too large")
		}
		return &Weights{NClasses: nc}
	}
	cls := make([]byte, total)
	d.read(cls)
	codes := make([]byte, total)
	d.read(codes)
	m := newWeights(nc, int(n), total, lo, ratio)
	for i, c := range cls {
		if int(c) >= nc {
			d.err = errors.New("weight class out of range")
			return &Weights{NClasses: nc}
		}
		m.ents = append(m.ents, uint16(c)<<8|uint16(codes[i]))
	}
	start := uint32(0)
	for i, k := range keys {
		m.insert(k, start, uint32(counts[i]))
		start += uint32(counts[i])
	}
	return m
}

func (d *decoder) read(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = err
	}
}

func encoderFor(w io.Writer) *encoder { return &encoder{w: bufio.NewWriter(w)} }
func decoderFor(r io.Reader) *decoder { return &decoder{r: bufio.NewReader(r)} }
