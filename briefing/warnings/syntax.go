package warnings

import (
	"strings"

	"redline/briefing/language"
)

// tree is one sentence of the document with its words tagged and parsed
// by briefing/language: the structure every later stage reads subjects,
// objects and clauses from.
type tree struct {
	sent   int // index of the sentence in the document
	text   string
	cased  string // the text as analysed: a title-case headline in sentence case
	toks   []language.Token
	kids   [][]int // children of each token, in order
	quoted []bool  // the token stands inside a quotation
	// forCues: the sentence was parsed for its cues, not only to name the
	// speaker of a quotation around it
	forCues bool
}

// parse analyses sentence i of the document.
func parse(m *language.Model, d *document, i int) *tree {
	s := d.sents[i]
	text := s.text
	if s.headline && titleCase(s.toks) {
		text = sentenceCase(s)
	} else {
		text = lowerOpener(s)
	}
	toks := language.Tokenize(text)
	m.Tag(toks)
	if s.headline {
		verbHeadline(toks)
	}
	mendTitleNouns(toks)
	if s.headline {
		passiveHeadline(toks)
	} else {
		mendPastTense(toks)
		mendPresentTense(toks)
		mendGerunds(toks)
		mendThatBeforePlurals(toks)
	}
	m.Parse(toks)
	mendTree(toks)
	if text != s.text {
		for k := range toks {
			toks[k].Text = s.text[toks[k].Start:toks[k].End]
		}
	}
	t := &tree{sent: i, text: s.text, cased: text, toks: toks, kids: make([][]int, len(toks)), quoted: make([]bool, len(toks))}
	for k, tok := range toks {
		if tok.Head >= 0 && tok.Head < len(toks) {
			t.kids[tok.Head] = append(t.kids[tok.Head], k)
		}
	}
	// carry the document's quotation marks over by byte offset
	q := 0
	for k, tok := range toks {
		for q < len(s.toks) && s.toks[q].end <= tok.Start {
			q++
		}
		if q < len(s.toks) && s.toks[q].start <= tok.Start {
			t.quoted[k] = s.toks[q].inQuote && s.toks[q].kind != tokQuote
		}
	}
	return t
}

// lowerOpener returns the sentence with a capitalised preposition or
// conjunction that opens it in lower case (the lexicon's openers), which
// the tagger then reads as what it is rather than as a name.
func lowerOpener(s *sentence) string {
	for _, tok := range s.toks {
		if tok.kind != tokWord {
			continue
		}
		if !tok.cap || tok.allUpper || !lex.openers[tok.lower] {
			return s.text
		}
		return s.text[:tok.start] + strings.ToLower(tok.text) + s.text[tok.end:]
	}
	return s.text
}

func (t *tree) lemma(i int) string { return t.toks[i].Lemma }
func (t *tree) tag(i int) string   { return t.toks[i].Tag }
func (t *tree) head(i int) int     { return t.toks[i].Head }
func (t *tree) lower(i int) string { return strings.ToLower(t.toks[i].Text) }

// child returns the first child of i whose full relation is one of rels,
// or -1.
func (t *tree) child(i int, rels ...string) int {
	if i < 0 {
		return -1
	}
	for _, k := range t.kids[i] {
		for _, r := range rels {
			if t.toks[k].Rel == r {
				return k
			}
		}
	}
	return -1
}

// subjectChild returns the child of i with one of the relations that
// stands nearest before it, else nearest after it (a parser may give a
// clause two subjects when it splits a name, "Health Secretary John Reid
// warned", or hangs the next clause's subject on it), or -1.
func (t *tree) subjectChild(i int, rels ...string) int {
	before, after := -1, -1
	for _, k := range t.kids[i] {
		for _, r := range rels {
			if t.toks[k].Rel != r {
				continue
			}
			if k < i && k > before {
				before = k
			}
			if k > i && (after < 0 || k < after) {
				after = k
			}
		}
	}
	if before >= 0 {
		return before
	}
	return after
}

// caseOf returns the lemma of the preposition that marks nominal i ("to"
// of "to Seoul"), or "".
func (t *tree) caseOf(i int) string {
	for _, k := range t.kids[i] {
		if t.toks[k].Rel == "case" {
			return t.toks[k].Lemma
		}
	}
	return ""
}

// childWithCase returns the child of i with relation rel marked by the
// preposition ("obl" with "against"), or -1.
func (t *tree) childWithCase(i int, rel, prep string) int {
	for _, k := range t.kids[i] {
		if t.toks[k].Rel == rel && t.caseOf(k) == prep {
			return k
		}
	}
	return -1
}

// markOf returns the lemma of the subordinator of clause i ("if", "that"),
// or "".
func (t *tree) markOf(i int) string {
	for _, k := range t.kids[i] {
		if t.toks[k].Rel == "mark" {
			return t.toks[k].Lemma
		}
	}
	return ""
}

// negated reports whether predicate i is negated ("did not warn").
func (t *tree) negated(i int) bool {
	for _, k := range t.kids[i] {
		if t.toks[k].Rel == "advmod" && (t.toks[k].Lemma == "not" || t.toks[k].Lemma == "never") {
			return true
		}
		if t.toks[k].Rel == "det" && t.toks[k].Lemma == "no" {
			return true
		}
	}
	return false
}

// passive reports whether predicate i is in the passive voice.
func (t *tree) passive(i int) bool {
	return t.child(i, "nsubj:pass", "aux:pass", "csubj:pass") >= 0
}

// modal returns the modal or future auxiliary of predicate i ("would",
// "could", "will"), or "".
func (t *tree) modal(i int) string {
	for _, k := range t.kids[i] {
		if t.toks[k].Rel == "aux" && t.toks[k].XTag == "MD" {
			return t.toks[k].Lemma
		}
	}
	return ""
}

// subtree returns the first and one past the last token of the subtree
// of i.
func (t *tree) subtree(i int) (from, to int) {
	from, to = i, i+1
	for _, k := range t.kids[i] {
		a, b := t.subtree(k)
		from, to = min(from, a), max(to, b)
	}
	return from, to
}

// textOf returns the sentence text of tokens [from, to).
func (t *tree) textOf(from, to int) string {
	if from >= to || from < 0 || to > len(t.toks) {
		return ""
	}
	return t.text[t.toks[from].Start:t.toks[to-1].End]
}

// ancestors returns the heads above i, nearest first.
func (t *tree) ancestors(i int) []int {
	var out []int
	for h := t.head(i); h >= 0 && len(out) < len(t.toks); h = t.head(h) {
		out = append(out, h)
	}
	return out
}

// dominates reports whether a is i or one of its ancestors.
func (t *tree) dominates(a, i int) bool {
	for n := 0; i >= 0 && n <= len(t.toks); n++ {
		if i == a {
			return true
		}
		i = t.head(i)
	}
	return false
}

// root returns the token whose head is the root.
func (t *tree) root() int {
	for i, tok := range t.toks {
		if tok.Head < 0 {
			return i
		}
	}
	return -1
}

// isVerbal reports whether i heads a clause (a verb, or a predicate
// adjective or noun with a copula).
func (t *tree) isVerbal(i int) bool {
	switch t.tag(i) {
	case "VERB":
		return true
	case "ADJ", "NOUN", "PROPN", "PRON":
		return t.child(i, "cop") >= 0
	}
	return false
}

// subject returns the subject of clause i: its own, else that of the
// clause it is coordinated with or controlled by ("warned and threatened",
// "continued to warn"), or -1. passive says whether the subject found is
// that of a passive.
func (t *tree) subject(i int) (subj int, passive bool) {
	for n := 0; i >= 0 && n < 6; n++ {
		if s := t.subjectChild(i, "nsubj", "csubj"); s >= 0 {
			return s, false
		}
		if s := t.child(i, "nsubj:pass", "csubj:pass"); s >= 0 {
			return s, true
		}
		switch t.toks[i].Rel {
		case "xcomp":
			// "prompting unions to threaten": the object of the verb above
			// is the subject of its infinitive
			if o := t.child(t.head(i), "obj", "iobj"); o >= 0 && o < i {
				return o, false
			}
			i = t.head(i)
		case "conj":
			i = t.head(i)
		case "acl", "advcl":
			// "…, warning that…": the participle's subject is the main clause's
			if t.toks[i].XTag == "VBG" || t.toks[i].XTag == "VBN" {
				i = t.head(i)
				continue
			}
			return -1, false
		default:
			return -1, false
		}
	}
	return -1, false
}
