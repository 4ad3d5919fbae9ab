package warnings

import (
	"slices"
	"strconv"
	"strings"
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
		if !toldVerbs[t.lemma(r)] {
			continue // "accused the UK": the accused is not the one told
		}
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
		conditions := []int{}
		if m := t.markOf(cl); m == "if" || m == "unless" {
			conditions = append(conditions, cl) // the condition hangs on the reporting verb
		}
		for _, a := range t.kids[cl] {
			if t.toks[a].Rel == "advcl" && (t.markOf(a) == "if" || t.markOf(a) == "unless") {
				conditions = append(conditions, a)
			}
		}
		for _, a := range conditions {
			if s, _ := t.subject(a); s >= 0 {
				cs.add(x.mentionAt(i, s), "cond-subj", 0)
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
			cs.add(m, "headline-"+x.relIn(0, m), i)
		}
	}
	if i > 0 {
		for _, m := range x.mentions[i-1].list {
			cs.add(m, "prev-"+x.relIn(i-1, m), 1)
		}
	}
	for _, e := range x.salient() {
		cs.addEntity(e, nil, "salient", 0)
	}
	return cs
}

// addWithInner adds the phrase headed by k and the parties inside it: its
// owner and its "of" phrase ("the consequences of Israel's actions").
func (x *cueContext) addWithInner(cs *candidates, k int, path string) {
	t, i := x.t, x.t.sent
	m := x.mentionAt(i, k)
	cs.add(m, path, 0)
	if m != nil && m.owner != nil {
		cs.addEntity(m.owner, m, path+"-owner", 0)
	}
	if m != nil && m.ent != nil && m.ent.kind.party() && m.name != "" {
		return // "the Palestinian Authority" is the party, not Palestine inside it
	}
	for depth, heads := 0, []int{k}; depth < 2 && len(heads) > 0; depth++ {
		var next []int
		for _, h := range heads {
			for _, n := range t.kids[h] {
				if r := t.toks[n].Rel; r == "nmod:poss" || r == "amod" || r == "compound" && t.tag(n) == "PROPN" || r == "nmod" && (t.caseOf(n) == "of" || t.caseOf(n) == "by") {
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
func (x *cueContext) addresseeFeatures(c *candidate, speaker *entity, anyObject bool, prior *entity) []string {
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
	local := x.localParties(speaker)
	for _, p := range c.paths {
		f = append(f, "ad:path="+p, "ad:path+kind="+p+"|"+kind, "ad:path+class="+p+"|"+class, "ad:path+local="+p+"|"+strconv.Itoa(min(local, 2)))
		if family := pathFamily(p); family != p {
			f = append(f, "ad:family="+family, "ad:family+local="+family+"|"+strconv.Itoa(min(local, 2)))
		}
	}
	if top := x.salient(); len(top) > 0 && top[0] == c.ent {
		f = append(f, "ad:most-mentioned")
	}
	if c.ent == prior {
		f = append(f, "ad:structural")
	}
	if x.oppositeParty(speaker) == c.ent {
		f = append(f, "ad:opposite-party")
	}
	if x.headlinePair(speaker, c.ent) {
		// "US warns China": the headline's pair holds for the body's
		// sentences of the same side
		f = append(f, "ad:headline-pair")
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
	if h := c.ent.headWord(); h != "" {
		f = append(f, "ad:head="+h) // "the government", "ministers": weighed by the data, kept when in three articles
	}
	if c.m != nil && c.m.kind == kindPronoun {
		f = append(f, "ad:pronoun")
	}
	return f
}

// sameSide reports whether two entities act for the same country or body:
// a minister and her government, Beijing and China.
func sameSide(a, b *entity) bool {
	if a == nil || b == nil {
		return false
	}
	if a == b || a.side == b || b.side == a || a.side != nil && a.side == b.side {
		return true
	}
	ka, kb := sideKey(a), sideKey(b)
	return ka != "" && ka == kb
}

func sideKey(e *entity) string {
	for n := 0; n < 3 && e.side != nil && e.side != e && e.country == "" && e.affiliation == ""; n++ {
		e = e.side // a spokesman's ministry's country
	}
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

// relIn names the role of a mention in its sentence for a feature: its
// relation when the sentence is parsed ("obj"), else "name".
func (x *cueContext) relIn(i int, m *mention) string {
	t, ok := x.trees[i]
	if !ok || m.tok < 0 {
		return "name"
	}
	switch r := baseRel(t.toks[m.tok].Rel); r {
	case "nsubj", "obj", "iobj", "obl", "nmod", "root", "conj", "compound":
		return r
	}
	return "other"
}

// salient returns the parties the article mentions most (at least three
// times), at most three, most mentioned first.
func (x *cueContext) salient() []*entity {
	var top []*entity
	for _, sm := range x.mentions {
		for _, m := range sm.list {
			if m.ent == nil || !m.ent.kind.party() || m.ent.mentions < 3 || slices.Contains(top, m.ent) {
				continue
			}
			top = append(top, m.ent)
		}
	}
	slices.SortStableFunc(top, func(a, b *entity) int { return b.mentions - a.mentions })
	return top[:min(len(top), 3)]
}

// otherSide drops the candidates that cannot be warned by this speaker:
// the speaker itself and its own side ("his country", "our territory",
// Beijing for a Chinese minister), and the audience it speaks to
// ("reporters", "a news conference").
func (x *cueContext) otherSide(cs candidates, speaker *entity) candidates {
	out := cs[:0]
	for _, c := range cs {
		if c.ent != nil {
			if c.ent == speaker || sameSide(c.ent, speaker) || strings.EqualFold(c.ent.name, speaker.name) || lex.audiences[strings.ToLower(c.m.headOrName())] {
				continue
			}
			if c.m != nil && c.m.sent == x.t.sent && ownPronoun[c.m.ownedBy] {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// ownPronoun are the possessives by which a speaker names its own side.
var ownPronoun = setOf("his", "her", "its", "their", "our", "my")

// localParties counts the parties of the cue's own sentence other than
// the speaker's side: when there is none, the addressee lies in the
// context.
func (x *cueContext) localParties(speaker *entity) int {
	n := 0
	seen := map[*entity]bool{}
	for _, m := range x.mentions[x.t.sent].list {
		if m.ent != nil && m.ent.kind.party() && !seen[m.ent] && m.ent != speaker && !sameSide(m.ent, speaker) {
			seen[m.ent] = true
			n++
		}
	}
	return n
}

// pathFamily groups paths for a feature that rests on more examples:
// "headline-obj" and "headline-nsubj" are both "headline".
func pathFamily(p string) string {
	for _, f := range []string{"headline", "prev", "sentence", "obl", "nmod", "content", "obj", "cond"} {
		if strings.HasPrefix(p, f+"-") {
			return f
		}
	}
	return p
}

// headlinePair reports whether the headline has the speaker's side as the
// subject of a verb and the candidate as that verb's object or oblique.
func (x *cueContext) headlinePair(speaker, cand *entity) bool {
	t, ok := x.trees[0]
	if !ok || speaker == nil || cand == nil || !x.d.sents[0].headline {
		return false
	}
	for v := range t.toks {
		if t.tag(v) != "VERB" {
			continue
		}
		s, passive := t.subject(v)
		if s < 0 || passive {
			continue
		}
		sm := x.mentions[0].byTok[s]
		if sm == nil || sm.ent == nil || !(sm.ent == speaker || sameSide(sm.ent, speaker)) {
			continue
		}
		for _, o := range t.kids[v] {
			if r := t.toks[o].Rel; r == "obj" || r == "iobj" || r == "obl" {
				if om := x.mentions[0].byTok[o]; om != nil && om.ent == cand {
					return true
				}
			}
		}
	}
	return false
}

// structuralOrder ranks the ways an addressee is found, surest first: the
// one warned or told, the one whose action the condition names, the one
// warned against, the subject of the clause warned about.
var structuralOrder = []string{"obj", "pass", "told", "cond-subj", "obl-against", "nmod-to", "obl-to",
	"content-subj", "content-subj-owner", "obj-inner", "content-subj-inner"}

// structuralAddressee is the addressee the sentence's structure names
// first (a person only as the object warned), else the party other than a
// person the article names most: a strong prior the model weighs.
func structuralAddressee(cs candidates) *entity {
	for _, p := range structuralOrder {
		for _, c := range cs {
			if c.ent != nil && c.hasPath(p) && (p == "obj" || c.ent.kind != kindPerson) {
				return c.ent
			}
		}
	}
	var best *entity
	for _, c := range cs {
		if c.ent == nil || c.ent.kind == kindPerson || c.ent.kind == kindRole {
			continue
		}
		if best == nil || c.ent.mentions > best.mentions {
			best = c.ent
		}
	}
	return best
}

// oppositeParty is the country or body the article is most about that is
// not on the speaker's side: in news of a dispute, the other side.
func (x *cueContext) oppositeParty(speaker *entity) *entity {
	var best *entity
	for _, sm := range x.mentions {
		for _, m := range sm.list {
			e := m.ent
			if e == nil || (e.kind != kindCountry && e.kind != kindOrg) || e == speaker || sameSide(e, speaker) {
				continue
			}
			if best == nil || e.mentions > best.mentions {
				best = e
			}
		}
	}
	return best
}
