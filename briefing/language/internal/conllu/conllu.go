// Package conllu reads the CoNLL-U files of Universal Dependencies treebanks:
// just the parts the tagger, lemmatiser and parser learn from.
package conllu

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Word is one syntactic word of a sentence (multi-word tokens are expanded
// into their words, empty nodes are dropped).
type Word struct {
	Form, Lemma, UPOS, XPOS string
	Head                    int // 0-based index of the head word; -1 for the root
	Rel                     string
}

// Sentence is one annotated sentence with its raw text.
type Sentence struct {
	ID    string
	Text  string
	Words []Word
}

// ReadFile reads a .conllu or .conllu.gz file.
func ReadFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	s, err := Read(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Read parses CoNLL-U from r.
func Read(r io.Reader) ([]Sentence, error) {
	var out []Sentence
	var cur Sentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		line++
		t := sc.Text()
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "#"):
			if v, ok := strings.CutPrefix(t, "# text = "); ok {
				cur.Text = v
			} else if v, ok := strings.CutPrefix(t, "# sent_id = "); ok {
				cur.ID = v
			}
		default:
			f := strings.Split(t, "\t")
			if len(f) != 10 {
				return nil, fmt.Errorf("line %d: %d fields", line, len(f))
			}
			if strings.ContainsAny(f[0], "-.") { // multi-word token range or empty node
				continue
			}
			head, err := strconv.Atoi(f[6])
			if err != nil {
				return nil, fmt.Errorf("line %d: head %q", line, f[6])
			}
			cur.Words = append(cur.Words, Word{Form: f[1], Lemma: f[2], UPOS: f[3], XPOS: f[4], Head: head - 1, Rel: f[7]})
		}
	}
	flush()
	return out, sc.Err()
}

// Spans returns the byte offsets of the sentence's words in its Text, found
// by walking the text; ok is false when some word could not be placed (the
// words of a contraction written differently from its parts).
func (s *Sentence) Spans() (spans [][2]int, ok bool) {
	p := 0
	ok = true
	for _, w := range s.Words {
		for p < len(s.Text) && (s.Text[p] == ' ' || s.Text[p] == '\t') {
			p++
		}
		if strings.HasPrefix(s.Text[p:], w.Form) {
			spans = append(spans, [2]int{p, p + len(w.Form)})
			p += len(w.Form)
			continue
		}
		k := strings.Index(s.Text[p:], w.Form)
		if k < 0 || k > 4 {
			ok = false
			continue
		}
		spans = append(spans, [2]int{p + k, p + k + len(w.Form)})
		p += k + len(w.Form)
	}
	return spans, ok
}
