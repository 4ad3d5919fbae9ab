package warnings

import (
	"strings"

	"redline/briefing/actors"
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
}

// parse analyses sentence i of the document.
func parse(m *language.Model, d *document, i int) *tree {
	s := d.sents[i]
	text := s.text
	if s.headline && titleCase(s.toks) {
		text = sentenceCase(s)
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
	}
	m.Parse(toks)
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

// rel is the relation of token i without its subtype ("nsubj:pass" →
// "nsubj").
func (t *tree) rel(i int) string {
	r := t.toks[i].Rel
	if k := strings.IndexByte(r, ':'); k >= 0 {
		return r[:k]
	}
	return r
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

// childLemma returns the first child of i with relation rel and one of
// the lemmas, or -1.
func (t *tree) childLemma(i int, rel string, lemmas ...string) int {
	if i < 0 {
		return -1
	}
	for _, k := range t.kids[i] {
		if t.toks[k].Rel != rel {
			continue
		}
		for _, l := range lemmas {
			if t.toks[k].Lemma == l {
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

// titleCase reports whether a headline capitalises most of its words
// ("Iran Threatens 'Crushing Response' To Any Israeli Action"): then its
// capitals say nothing of names, and the tagger would read every word as
// one.
func titleCase(toks []token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.kind != tokWord || len(t.text) < 4 {
			continue
		}
		words++
		if t.cap {
			caps++
		}
	}
	return words >= 4 && caps*4 >= words*3
}

// sentenceCase lower-cases the capitalised words of a headline that name
// nothing the gazetteer knows, keeping the first word, acronyms and
// known names; only ASCII letters change, so byte offsets stay valid.
func sentenceCase(s *sentence) string {
	b := []byte(s.text)
	known := make([]bool, len(b)+1)
	for _, g := range mentionsOf(s.text) {
		for k := g.Start; k < g.End && k < len(known); k++ {
			known[k] = true
		}
	}
	for i, t := range s.toks {
		if i == 0 || t.kind != tokWord || !t.cap || t.allUpper || known[t.start] {
			continue
		}
		if c := b[t.start]; c >= 'A' && c <= 'Z' {
			b[t.start] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// verbHeadline mends a headline's tags where the tagger, trained on
// running text, reads its present-tense cue verb as a plural noun ("Fed
// warns of more rate rises"): a cue verb form in -s after a noun, with no
// verb before it, is the verb.
func verbHeadline(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		if k > 1 && (toks[k-1].Tag == "VERB" || toks[k-1].Tag == "AUX") {
			return // a verb before it (the first word aside: "Fed" is no verb)
		}
		t := &toks[k]
		low := strings.ToLower(t.Text)
		if !strings.HasSuffix(low, "s") || (t.Tag != "NOUN" && t.Tag != "PROPN") {
			continue
		}
		lemma := strings.TrimSuffix(strings.TrimSuffix(low, "s"), "e")
		for _, cand := range []string{strings.TrimSuffix(low, "s"), lemma} {
			if c, ok := lex.cues[cand]; ok && c != cueContent || lex.reportVerbs[cand] {
				p := &toks[k-1]
				if k == 1 && isCapitalised(p.Text) && p.Tag == "VERB" {
					p.Tag, p.XTag, p.Lemma = "PROPN", "NNP", strings.ToLower(p.Text)
				}
				if p.Tag == "NOUN" || p.Tag == "PROPN" || p.Tag == "PRON" {
					t.Tag, t.XTag, t.Lemma = "VERB", "VBZ", cand
					return
				}
			}
		}
	}
}

// mendPastTense mends the tagger's commonest slip on news, a reporting or
// cue verb read as a participle where it is the sentence's past tense ("the
// IMF warned on Thursday", "Nokia urged customers", "Its chairman, Maureen
// Smith, urged"): with no form of "be", "have" or "get" in the words
// before it and no "by" after it, it is a past tense.
func mendPastTense(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		t := &toks[k]
		if t.XTag != "VBN" && t.XTag != "JJ" {
			continue
		}
		lemma := speechVerbLemma(t)
		if lemma == "" {
			continue
		}
		if k+1 < len(toks) && strings.EqualFold(toks[k+1].Text, "by") {
			continue // "warned by the IMF": a passive
		}
		auxiliary := false
		for j := max(0, k-4); j < k; j++ {
			switch toks[j].Lemma {
			case "be", "have", "get", "being", "been":
				auxiliary = true
			}
			if toks[j].Tag == "AUX" {
				auxiliary = true
			}
		}
		if !auxiliary {
			t.XTag, t.Tag, t.Lemma = "VBD", "VERB", lemma
		}
	}
}

// passiveHeadline reads a headline's "-ed" cue verb after a noun as the
// passive it stands for ("Iran warned over nuclear inspections", "Banks
// urged to act"): headlines tell events in the present tense, so the past
// form is a participle whose "is" or "are" was dropped.
func passiveHeadline(toks []language.Token) {
	for k := 1; k < len(toks); k++ {
		t := &toks[k]
		low := strings.ToLower(t.Text)
		if !strings.HasSuffix(low, "ed") || (t.Tag != "VERB" && t.Tag != "ADJ") {
			continue
		}
		if c, ok := lex.cues[t.Lemma]; !ok || c == cueContent {
			continue
		}
		if p := toks[k-1].Tag; p == "NOUN" || p == "PROPN" || p == "PRON" {
			t.Tag, t.XTag = "VERB", "VBN"
		}
	}
}

// headlinePassive reports whether token k of a parsed headline is a cue
// verb standing for a passive ("UK urged"): its subject is the one
// warned, not the speaker.
func (t *tree) headlinePassive(k int) bool {
	if !strings.HasSuffix(strings.ToLower(t.toks[k].Text), "ed") || t.toks[k].XTag != "VBN" {
		return false
	}
	return t.sent == 0 && t.child(k, "aux", "aux:pass") < 0
}

// mendPresentTense mends the same slip in the present: "The report warns
// that …" read as a noun compound. A cue or reporting verb form in -s,
// tagged a plural noun after a noun, with no verb before it and a clause
// or an object after it, is the verb.
func mendPresentTense(toks []language.Token) {
	for k := 1; k+1 < len(toks); k++ {
		t := &toks[k]
		if t.XTag != "NNS" || !strings.HasSuffix(strings.ToLower(t.Text), "s") {
			continue
		}
		if c, ok := lex.cues[t.Lemma]; !(ok && c != cueContent) && !lex.reportVerbs[t.Lemma] {
			continue
		}
		if p := toks[k-1].Tag; p != "NOUN" && p != "PROPN" {
			continue
		}
		verbBefore := false
		for j := 0; j < k; j++ {
			if toks[j].Tag == "VERB" || toks[j].Tag == "AUX" {
				verbBefore = true
			}
		}
		next := toks[k+1]
		if !verbBefore && (strings.EqualFold(next.Text, "that") || next.Tag == "DET" || next.Tag == "PROPN" || next.Tag == "PRON" || next.Tag == "ADP") {
			t.Tag, t.XTag = "VERB", "VBZ"
		}
	}
}

// speechVerbLemma returns the lemma of a past form of a speech cue or
// reporting verb ("urged" → "urge", even where the tagger called it an
// adjective), or "".
func speechVerbLemma(t *language.Token) string {
	isSpeech := func(l string) bool {
		c, ok := lex.cues[l]
		return ok && c != cueContent || lex.reportVerbs[l]
	}
	if isSpeech(t.Lemma) {
		return t.Lemma
	}
	low := strings.ToLower(t.Text)
	if !strings.HasSuffix(low, "ed") {
		return ""
	}
	for _, l := range []string{strings.TrimSuffix(low, "d"), strings.TrimSuffix(low, "ed"), strings.TrimSuffix(low, "ied") + "y"} {
		if isSpeech(l) {
			return l
		}
	}
	return ""
}

// mendTitleNouns mends a title read as an adjective ("Its chief executive,
// Rob Hayward, warned"): a word of office tagged an adjective that
// modifies no noun after it is a noun.
func mendTitleNouns(toks []language.Token) {
	for k := range toks {
		t := &toks[k]
		if t.Tag != "ADJ" || !actors.IsTitleWord(t.Text) {
			continue
		}
		if k+1 < len(toks) && (toks[k+1].Tag == "NOUN" || toks[k+1].Tag == "PROPN" || toks[k+1].Tag == "ADJ") {
			continue // "executive director", "chief economist"
		}
		t.Tag, t.XTag, t.Lemma = "NOUN", "NN", strings.ToLower(t.Text)
	}
}
