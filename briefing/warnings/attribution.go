package warnings

import (
	"strconv"
	"strings"
)

// candidate is one party that may be the speaker or the addressee of a
// cue, with how it was found. An addressee candidate without an entity
// stands for "nobody in particular".
type candidate struct {
	ent      *entity
	m        *mention
	paths    []string // how it was found: "subj", "report", "obj", …
	dist     int      // sentences between its mention and the cue
	features []string
	score    float64
}

func (c *candidate) hasPath(p string) bool {
	for _, x := range c.paths {
		if x == p {
			return true
		}
	}
	return false
}

// candidates gathers candidates by entity: one found twice keeps both
// ways it was found.
type candidates []*candidate

func (cs *candidates) add(m *mention, path string, dist int) {
	if m == nil || m.ent == nil {
		return
	}
	cs.addEntity(m.ent, m, path, dist)
}

// addEntity adds an entity found through mention m.
func (cs *candidates) addEntity(e *entity, m *mention, path string, dist int) {
	if !e.kind.party() {
		return
	}
	for _, c := range *cs {
		if c.ent == e {
			if !c.hasPath(path) {
				c.paths = append(c.paths, path)
			}
			c.dist = min(c.dist, dist)
			return
		}
	}
	*cs = append(*cs, &candidate{ent: e, m: m, paths: []string{path}, dist: dist})
}

// cueContext is what the attribution and addressee stages read of the article
// around one cue.
type cueContext struct {
	d        *document
	trees    map[int]*tree
	mentions []sentenceMentions
	t        *tree // the cue's sentence
	c        cue
}

// mentionAt returns the mention headed by token k of sentence i, or nil.
func (x *cueContext) mentionAt(i, k int) *mention {
	if k < 0 {
		return nil
	}
	return x.mentions[i].byTok[k]
}

// predicate returns the clause the cue heads or serves: the cue verb
// itself, or the verb a cue noun is the object of ("issued a warning").
func (x *cueContext) predicate() (p int, light bool) {
	t, k := x.t, x.c.tok
	tok := t.toks[k]
	if tok.Tag == "NOUN" || tok.Tag == "PROPN" {
		if h := t.head(k); h >= 0 && (tok.Rel == "obj" || tok.Rel == "nsubj:pass") && lex.lightVerbs[t.lemma(h)] {
			return h, true
		}
		return -1, false
	}
	return k, false
}

// speakers finds who may have stated the cue.
func (x *cueContext) speakers() candidates {
	var cs candidates
	t, k := x.t, x.c.tok
	i := t.sent
	if p, light := x.predicate(); p >= 0 {
		if s, passive := t.subject(p); s >= 0 && !(x.d.sents[i].headline && t.headlinePassive(p)) {
			switch {
			case !passive && light:
				cs.add(x.speakerMention(i, s), "light-subj", 0)
			case !passive:
				cs.add(x.speakerMention(i, s), "subj", 0)
			}
		} else if s < 0 && t.tag(p) == "VERB" && !t.passive(p) {
			// a parser that lost the subject ("after the firm warned
			// earnings would…"): the noun just before the verb
			if n := t.nounBefore(p); n >= 0 {
				cs.add(x.speakerMention(i, n), "left-noun", 0)
			}
		}
		// "…, warn union leaders.": a reporting or cue verb closing the
		// sentence after a comma takes its subject after it
		if n := t.invertedSubject(p); n >= 0 {
			cs.add(x.mentionAt(i, n), "inverted", 0)
		}
		if a := t.child(p, "obl:agent"); a >= 0 {
			cs.add(x.mentionAt(i, a), "agent", 0)
		}
		// "with Foreign Minister Ayman Safadi warning of …": the participle
		// hangs on its speaker
		if r := t.toks[p].Rel; (r == "acl" || r == "advcl") && t.toks[p].XTag == "VBG" {
			if h := t.head(p); h >= 0 && (t.tag(h) == "PROPN" || t.tag(h) == "NOUN") {
				cs.add(x.mentionAt(i, h), "participle-head", 0)
			}
		}
	}
	if tok := t.toks[k]; tok.Tag == "NOUN" || tok.Tag == "PROPN" {
		cs.add(x.mentionAt(i, t.child(k, "nmod:poss")), "poss", 0)
		for _, n := range t.kids[k] {
			if t.toks[n].Rel == "nmod" && (t.caseOf(n) == "from" || t.caseOf(n) == "by") {
				cs.add(x.mentionAt(i, n), "from", 0)
			}
		}
	}
	for _, r := range t.reportingFrames(k) {
		if s, passive := t.subject(r); s >= 0 && !passive {
			cs.add(x.speakerMention(i, s), "report", 0)
		}
		if n := t.invertedSubject(r); n >= 0 {
			cs.add(x.mentionAt(i, n), "inverted", 0)
		}
	}
	if a := t.accordingTo(); a >= 0 {
		cs.add(x.mentionAt(i, a), "according", 0)
	}
	// a quotation names its speaker in another of its sentences, or in
	// the sentence before it
	if t.quoted[k] || x.d.sents[i].quoteSpan >= 0 {
		for _, j := range nearest(i, 3, len(x.d.sents)) {
			if x.d.sents[j].quoteSpan != x.d.sents[i].quoteSpan || x.d.sents[i].quoteSpan < 0 {
				continue
			}
			x.addReporters(&cs, j, "quote-attr", abs(j-i))
		}
	}
	if i > 0 {
		x.addReporters(&cs, i-1, "prev-attr", 1)
	}
	for _, c := range cs {
		c.features = x.speakerFeatures(c)
	}
	return cs
}

// speakerMention is the mention of subject token s, a relative pronoun
// standing for the noun its clause hangs on ("an Oklahoma Republican who
// warned" → the Republican).
func (x *cueContext) speakerMention(i, s int) *mention {
	t := x.t
	if i != t.sent {
		t = x.trees[i]
	}
	if t != nil && t.tag(s) == "PRON" && relativePronouns[strings.ToLower(t.toks[s].Text)] {
		if v := t.head(s); v >= 0 && t.toks[v].Rel == "acl:relcl" {
			return x.mentionAt(i, t.head(v))
		}
		return nil
	}
	return x.mentionAt(i, s)
}

var relativePronouns = setOf("who", "which", "that", "whom")

// invertedSubject returns the noun after verb v when v closes the
// sentence after a comma with its subject behind it ("…, warn union
// leaders", "…, said Lisa Boesky"), or -1.
func (t *tree) invertedSubject(v int) int {
	if v <= 0 || t.tag(v) != "VERB" || t.tag(v-1) != "PUNCT" {
		return -1
	}
	switch t.toks[v].XTag {
	case "VBD", "VBZ", "VBP":
	default:
		return -1 // "…, calling it an act of blackmail": a participle's object is no speaker
	}
	for _, k := range t.kids[v] {
		if k > v && (t.tag(k) == "NOUN" || t.tag(k) == "PROPN") {
			r := t.toks[k].Rel
			if r == "nsubj" || r == "obj" || r == "obl" || r == "dep" {
				// nothing but the noun phrase after it
				_, to := t.subtree(k)
				for to < len(t.toks) && t.tag(to) == "PUNCT" {
					to++
				}
				if to == len(t.toks) {
					return k
				}
			}
		}
	}
	return -1
}

// nounBefore returns the noun or pronoun just before verb v (over
// adverbs), or -1.
func (t *tree) nounBefore(v int) int {
	for k := v - 1; k >= 0; k-- {
		switch t.tag(k) {
		case "ADV":
			continue
		case "NOUN", "PROPN", "PRON":
			return k
		}
		return -1
	}
	return -1
}

// addReporters adds the subjects of the reporting verbs of sentence j.
func (x *cueContext) addReporters(cs *candidates, j int, path string, dist int) {
	tj, ok := x.trees[j]
	if !ok {
		return
	}
	for r := range tj.toks {
		if !lex.reportVerbs[tj.lemma(r)] || tj.tag(r) != "VERB" || tj.quoted[r] {
			continue
		}
		if s, passive := tj.subject(r); s >= 0 && !passive {
			cs.add(x.mentionAt(j, s), path, dist)
		}
	}
}

// nearest lists the sentence indexes around i, nearest first, within
// reach, i excluded.
func nearest(i, reach, n int) []int {
	var out []int
	for d := 1; d <= reach; d++ {
		if i-d >= 0 {
			out = append(out, i-d)
		}
		if i+d < n {
			out = append(out, i+d)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// reportingFrames returns the reporting verbs that govern token k: its
// ancestors that report speech ("said that … would"), and a reporting verb
// hung beside the clause that holds k ("“…,” he said").
func (t *tree) reportingFrames(k int) []int {
	var out []int
	for _, a := range t.ancestors(k) {
		if lex.reportVerbs[t.lemma(a)] && t.tag(a) == "VERB" && !t.quoted[a] && a != k {
			out = append(out, a)
		}
	}
	for _, a := range append([]int{k}, t.ancestors(k)...) {
		for _, v := range t.kids[a] {
			if t.toks[v].Rel != "parataxis" && t.toks[v].Rel != "ccomp" && t.toks[v].Rel != "advcl" {
				continue
			}
			if lex.reportVerbs[t.lemma(v)] && t.tag(v) == "VERB" && !t.quoted[v] && !t.dominates(v, k) {
				out = append(out, v)
			}
		}
	}
	return out
}

// accordingTo returns the head of an "according to X" phrase, or -1.
func (t *tree) accordingTo() int {
	for k := range t.toks {
		if t.lemma(k) == "accord" || t.lower(k) == "according" {
			if t.toks[k].Rel == "case" {
				return t.head(k)
			}
		}
	}
	return -1
}

// speakerFeatures describes a speaker candidate for the fitted model.
func (x *cueContext) speakerFeatures(c *candidate) []string {
	kind := c.ent.kind.String()
	class := x.c.class.String()
	f := []string{"sp:kind=" + kind, "sp:dist=" + strconv.Itoa(min(c.dist, 2))}
	for _, p := range c.paths {
		f = append(f, "sp:path="+p, "sp:path+kind="+p+"|"+kind, "sp:path+class="+p+"|"+class)
	}
	if len(c.paths) > 1 {
		f = append(f, "sp:paths>1")
	}
	if c.m.kind == kindPronoun {
		f = append(f, "sp:pronoun")
	}
	if c.m.tok >= 0 && c.m.sent == x.t.sent && x.t.quoted[c.m.tok] {
		f = append(f, "sp:quoted")
	}
	if c.ent.name != "" && (c.ent.kind == kindPerson || c.ent.kind == kindOrg || c.ent.kind == kindCountry) {
		f = append(f, "sp:named")
	}
	if c.ent.mentions > 1 {
		f = append(f, "sp:again")
	}
	if lex.media[strings.ToLower(lastWord(c.ent.name))] || lex.media[strings.ToLower(c.m.headOrName())] {
		f = append(f, "sp:media") // "…, the Express Tribune reported": a source, not a speaker
	}
	return f
}
