package warnings

import (
	"strconv"
	"strings"
)

// claim is one cue of the article with everything the decisions weigh:
// who may have said it, who may be warned, and what the sentence around
// it looks like.
type claim struct {
	sent       int
	cue        cue
	x          *cueContext
	speakers   candidates
	addressees candidates // the last one is nobody in particular
	features   []string   // of the cue and its sentence
}

// findClaims makes a claim of every cue of every sentence parsed for its
// cues that has at least one speaker candidate.
func findClaims(d *document, trees map[int]*tree, ments []sentenceMentions) []*claim {
	var out []*claim
	for i := range d.sents {
		t, ok := trees[i]
		if !ok || !t.forCues {
			continue
		}
		cues := findCues(t)
		for _, c := range cues {
			x := &cueContext{d: d, trees: trees, mentions: ments, t: t, c: c}
			sp := x.speakers()
			if len(sp) == 0 {
				continue
			}
			ad := x.addressees()
			ad = append(ad, &candidate{paths: []string{"nobody"}})
			out = append(out, &claim{sent: i, cue: c, x: x, speakers: sp, addressees: ad, features: x.cueFeatures(len(cues))})
		}
	}
	return out
}

// cueFeatures describe the cue and its sentence for the fitted model.
func (x *cueContext) cueFeatures(cuesInSentence int) []string {
	t, k := x.t, x.c.tok
	s := x.d.sents[t.sent]
	class := x.c.class.String()
	f := []string{
		"cue:class=" + class,
		"cue:lemma=" + x.c.lemma,
		"cue:tag=" + t.tag(k),
		"cue:rel=" + baseRel(t.toks[k].Rel),
		"cue:class+tag=" + class + "|" + t.tag(k),
		"cue:lemma+tag=" + x.c.lemma + "|" + t.tag(k),
		"cue:n=" + strconv.Itoa(min(cuesInSentence, 3)),
	}
	quoted := t.quoted[k]
	if quoted {
		f = append(f, "cue:quoted", "cue:quoted+class="+class)
	}
	if s.headline {
		f = append(f, "cue:headline", "cue:headline+class="+class)
	} else {
		f = append(f, "cue:para="+strconv.Itoa(min(s.para, 4)))
	}
	if strings.HasSuffix(strings.TrimRight(s.text, "\"”’' "), "?") {
		f = append(f, "cue:question")
	}
	p, light := x.predicate()
	if light {
		f = append(f, "cue:light-verb")
	}
	clause := p
	if clause < 0 {
		clause = k
	}
	if t.negated(clause) || t.negated(k) {
		f = append(f, "cue:negated", "cue:negated+class="+class)
	}
	if p >= 0 && t.passive(p) {
		f = append(f, "cue:passive")
	}
	if len(t.reportingFrames(k)) > 0 {
		f = append(f, "cue:reported", "cue:reported+class="+class)
	}
	if t.accordingTo() >= 0 {
		f = append(f, "cue:according")
	}
	for _, cl := range x.contentClauses(p) {
		if m := t.modal(cl); m != "" {
			f = append(f, "cue:modal="+m, "cue:modal")
		}
		for _, a := range t.kids[cl] {
			if t.toks[a].Rel == "advcl" && (t.markOf(a) == "if" || t.markOf(a) == "unless") {
				f = append(f, "cue:conditional")
			}
		}
		if s, _ := t.subject(cl); s >= 0 && t.tag(s) == "PRON" && (t.lemma(s) == "we" || t.lemma(s) == "i") {
			f = append(f, "cue:first-person")
		}
	}
	if m := t.modal(k); m != "" {
		f = append(f, "cue:modal="+m, "cue:modal")
	}
	if p >= 0 && t.child(p, "ccomp") >= 0 {
		f = append(f, "cue:ccomp")
	}
	if p >= 0 && t.child(p, "obj", "iobj") >= 0 {
		f = append(f, "cue:object")
	}
	if p >= 0 && t.child(p, "xcomp") >= 0 {
		f = append(f, "cue:xcomp")
	}
	if c := x.c; c.class == cueContent && !quoted && len(t.reportingFrames(k)) == 0 && t.accordingTo() < 0 {
		f = append(f, "cue:content-unattributed")
	}
	if t.tag(k) == "VERB" && x.c.class != cueContent && x.c.class != cueFear {
		// "warned that", "threatened to", "urged X not to": the speech
		// act itself, with what it is about
		f = append(f, "cue:speech-verb")
		if p >= 0 && (t.child(p, "ccomp") >= 0 || t.child(p, "xcomp") >= 0 || t.child(p, "obj", "iobj") >= 0 || t.child(p, "obl") >= 0) {
			f = append(f, "cue:speech-verb+complement")
		}
	}
	return dedupe(f)
}

func dedupe(fs []string) []string {
	seen := make(map[string]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
