package warnings

import (
	"strconv"
)

// addressees finds who may be warned by the cue: the object of the cue
// verb ("warned Russia"), the subject of its passive, its "against" or
// "to" phrase, the subject or owner of the clause warned about ("that
// Israel's move would…"), the subject of its condition ("if Pakistan…"),
// any other party of the sentence, the parties of the headline — and
// nobody in particular, always a candidate.
func (x *cueContext) addressees() candidates {
	var cs candidates
	t, i := x.t, x.t.sent
	p, _ := x.predicate()
	if p >= 0 {
		for _, o := range t.kids[p] {
			switch t.toks[o].Rel {
			case "obj", "iobj":
				x.addWithInner(&cs, o, "obj")
			case "nsubj:pass":
				x.addWithInner(&cs, o, "pass")
			case "obl":
				x.addWithInner(&cs, o, "obl-"+caseName(t.caseOf(o)))
			}
		}
	}
	if tok := t.toks[x.c.tok]; tok.Tag == "NOUN" || tok.Tag == "PROPN" {
		for _, n := range t.kids[x.c.tok] {
			if t.toks[n].Rel == "nmod" {
				x.addWithInner(&cs, n, "nmod-"+caseName(t.caseOf(n)))
			}
		}
	}
	// who is told: "told Hawk Sawyer"
	for _, r := range t.reportingFrames(x.c.tok) {
		if o := t.child(r, "obj", "iobj"); o >= 0 {
			cs.add(x.mentionAt(i, o), "told", 0)
		}
	}
	// the clause warned about, and its condition
	for _, cl := range x.contentClauses(p) {
		if s, _ := t.subject(cl); s >= 0 && t.head(s) == cl {
			x.addWithInner(&cs, s, "content-subj")
		}
		if o := t.child(cl, "obj"); o >= 0 {
			cs.add(x.mentionAt(i, o), "content-obj", 0)
		}
		for _, a := range t.kids[cl] {
			if t.toks[a].Rel == "advcl" && (t.markOf(a) == "if" || t.markOf(a) == "unless") {
				if s, _ := t.subject(a); s >= 0 {
					cs.add(x.mentionAt(i, s), "cond-subj", 0)
				}
			}
		}
	}
	for _, m := range x.mentions[i].list {
		if m.tok >= 0 {
			cs.add(m, "sentence-"+baseRel(t.toks[m.tok].Rel), 0)
		}
	}
	if i > 0 && x.d.sents[0].headline {
		for _, m := range x.mentions[0].list {
			cs.add(m, "headline", i)
		}
	}
	return cs
}

// addWithInner adds the phrase headed by k and the parties inside it: its
// owner and its "of" phrase ("the consequences of Israel's actions").
func (x *cueContext) addWithInner(cs *candidates, k int, path string) {
	t, i := x.t, x.t.sent
	cs.add(x.mentionAt(i, k), path, 0)
	for depth, heads := 0, []int{k}; depth < 2 && len(heads) > 0; depth++ {
		var next []int
		for _, h := range heads {
			for _, n := range t.kids[h] {
				if r := t.toks[n].Rel; r == "nmod:poss" || r == "nmod" && (t.caseOf(n) == "of" || t.caseOf(n) == "by") {
					cs.add(x.mentionAt(i, n), path+"-inner", 0)
					next = append(next, n)
				}
			}
		}
		heads = next
	}
}

// contentClauses returns the clauses that state what is warned about:
// the clausal complements of the cue and of the verbs reporting it, and
// the cue's own clause when the cue is a word inside it ("would be a big
// mistake").
func (x *cueContext) contentClauses(p int) []int {
	t := x.t
	var out []int
	heads := []int{}
	if p >= 0 {
		heads = append(heads, p)
	}
	heads = append(heads, t.reportingFrames(x.c.tok)...)
	for _, h := range heads {
		for _, k := range t.kids[h] {
			if r := t.toks[k].Rel; r == "ccomp" || r == "xcomp" || r == "advcl" || r == "parataxis" {
				out = append(out, k)
			}
		}
	}
	if p < 0 || x.c.class == cueContent {
		// the clause around the cue word
		for _, a := range append([]int{x.c.tok}, t.ancestors(x.c.tok)...) {
			if t.isVerbal(a) || t.head(a) < 0 {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

func baseRel(r string) string {
	for i := 0; i < len(r); i++ {
		if r[i] == ':' {
			return r[:i]
		}
	}
	return r
}

// caseName names the preposition of an oblique phrase for a feature;
// rare ones share a name so that no feature rests on a few examples.
func caseName(c string) string {
	switch c {
	case "against", "to", "at", "for", "over", "on", "of", "about", "with", "from", "in", "by":
		return c
	case "":
		return "bare"
	}
	return "other"
}

// addresseeFeatures describes an addressee candidate, given the speaker
// chosen, for the fitted model.
func (x *cueContext) addresseeFeatures(c *candidate, speaker *entity, anyObject bool) []string {
	class := x.c.class.String()
	if c.ent == nil {
		f := []string{"ad:nobody", "ad:nobody+class=" + class}
		if anyObject {
			f = append(f, "ad:nobody+object")
		}
		return f
	}
	kind := c.ent.kind.String()
	f := []string{"ad:kind=" + kind, "ad:dist=" + strconv.Itoa(min(c.dist, 2))}
	for _, p := range c.paths {
		f = append(f, "ad:path="+p, "ad:path+kind="+p+"|"+kind, "ad:path+class="+p+"|"+class)
	}
	if len(c.paths) > 1 {
		f = append(f, "ad:paths>1")
	}
	if speaker != nil {
		switch {
		case c.ent == speaker:
			f = append(f, "ad:is-speaker")
		case sameSide(c.ent, speaker):
			f = append(f, "ad:speaker-side")
		}
	}
	if c.ent.mentions >= 3 {
		f = append(f, "ad:frequent")
	}
	if x.inHeadline(c.ent) {
		f = append(f, "ad:in-headline")
	}
	if c.m.kind == kindPronoun {
		f = append(f, "ad:pronoun")
	}
	return f
}

// sameSide reports whether two entities act for the same country or body:
// a minister and her government, Beijing and China.
func sameSide(a, b *entity) bool {
	ka, kb := sideKey(a), sideKey(b)
	return ka != "" && ka == kb
}

func sideKey(e *entity) string {
	if e.kind == kindCountry {
		return e.country
	}
	if e.country != "" {
		return e.country
	}
	if e.affiliation != "" {
		if g, ok := lookupActor(e.affiliation); ok {
			return g.Key
		}
	}
	return ""
}

func (x *cueContext) inHeadline(e *entity) bool {
	if len(x.d.sents) == 0 || !x.d.sents[0].headline {
		return false
	}
	for _, m := range x.mentions[0].list {
		if m.ent == e {
			return true
		}
	}
	return false
}
