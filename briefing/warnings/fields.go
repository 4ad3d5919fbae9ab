package warnings

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"redline/briefing"
)

// maxWhat bounds the one-line summary, in bytes.
const maxWhat = 220

// describe turns an item into a briefing warning: the speaker and
// addressee as the article names them, the kind, what is warned about,
// any condition and consequence, the strongest quotation and the
// sentences that state it.
func describe(d *document, it *item) briefing.Warning {
	w := briefing.Warning{
		Speaker: actorOf(it.speaker),
		Kind:    briefing.KindWarning,
	}
	if w.Speaker.Affiliation == "" {
		w.Speaker.Affiliation = it.speakerSide()
		w.Speaker.AffiliationKey = actorKey(w.Speaker.Affiliation)
	}
	if it.addressee != nil {
		w.Addressee = actorOf(it.addressee)
	}
	for _, s := range it.sents() {
		w.Evidence = append(w.Evidence, d.sents[s].text)
	}
	main := it.mainDecision()
	if isThreat(it) {
		w.Kind = briefing.KindThreat
	}
	w.What = oneLine(whatOf(main), maxWhat)
	// the condition of the main sentence, else of another of the item's
	for _, d := range append([]decision{main}, it.decisions...) {
		x := d.claim.x
		clauses := x.contentClauses(mustPredicate(d))
		if r := x.t.root(); r >= 0 {
			clauses = append(clauses, r) // a quotation's own "if …, we will …"
		}
		if cond, cons, ok := conditional(x.t, clauses); ok {
			w.Condition, w.Consequence = oneLine(cond, maxWhat), oneLine(cons, maxWhat)
			break
		}
	}
	w.Quote = strongestQuote(d, it.sents())
	return w
}

// actorOf names an entity as the briefing shows it.
func actorOf(e *entity) briefing.Actor {
	a := briefing.Actor{Name: e.name, Affiliation: e.affiliation}
	if strings.EqualFold(a.Affiliation, a.Name) {
		a.Affiliation = ""
	}
	a.Key = actorKey(a.Name)
	a.AffiliationKey = actorKey(a.Affiliation)
	return a
}

// speakerSide names the country or body the item's speaker acts for when
// the speaker's own words did not: the body it was tied to ("its chief
// executive"), or the body whose warning it voiced.
func (it *item) speakerSide() string {
	if it.speaker.kind != kindPerson && it.speaker.kind != kindRole {
		return ""
	}
	body := it.speaker.side
	if it.speaker.sideGuessed {
		body = nil // a guess from the story helps choose; a reader sees only what the article says
	}
	for _, v := range it.voices {
		if body == nil && v != it.speaker && speaksForABody(v) {
			body = v
		}
	}
	for n := 0; n < 3 && body != nil; n++ {
		switch {
		case body.governs() || body.kind == kindBody && body.affiliation != "":
			return body.affiliation // a ministry's country
		case body.kind == kindCountry || body.kind == kindOrg && !(governmentBodies[strings.ToLower(lastWord(body.name))] && body.side != nil):
			return body.name // (a ministry named without its country: the country it speaks for)
		}
		if body.sideGuessed {
			break
		}
		body = body.side
	}
	return ""
}

// mainDecision is the one the item is most sure of, the body's before the
// headline's.
func (it *item) mainDecision() decision {
	best := it.decisions[0]
	for _, d := range it.decisions[1:] {
		hb := best.claim.x.d.sents[best.claim.sent].headline
		hd := d.claim.x.d.sents[d.claim.sent].headline
		if hb && !hd || hb == hd && d.prob > best.prob {
			best = d
		}
	}
	return best
}

func mustPredicate(d decision) int {
	p, _ := d.claim.x.predicate()
	return p
}

// isThreat: a threat cue, or a speaker who says what it will itself do
// ("we will respond", "Norway will close its ports", "that Russia would
// answer in kind").
func isThreat(it *item) bool {
	for _, d := range it.decisions {
		if d.claim.cue.class == cueThreat {
			return true
		}
		if ownActionPromised(d) {
			return true
		}
	}
	return false
}

// ownActionPromised reports whether a clause the decision's cue governs,
// or one of the sentence's clauses in the future, has the speaker's own
// side as its subject.
func ownActionPromised(d decision) bool {
	x, t := d.claim.x, d.claim.x.t
	speaker := d.speaker.ent
	for v := range t.toks {
		if t.tag(v) != "VERB" {
			continue
		}
		if m := t.modal(v); m != "will" && m != "would" && m != "shall" {
			continue
		}
		s, passive := t.subject(v)
		if s < 0 || passive || t.head(s) != v {
			continue
		}
		if t.tag(s) == "PRON" && (t.lemma(s) == "we" || t.lemma(s) == "i") && t.quoted[s] {
			return true
		}
		if m := x.mentionAt(t.sent, s); m != nil && m.ent != nil && (m.ent == speaker || sameSide(m.ent, speaker)) {
			return true
		}
	}
	return false
}

// whatOf says in one line what the warning is about: the clause the cue
// governs ("that an attack would…"), else the quotation or sentence.
func whatOf(d decision) string {
	x := d.claim.x
	t := x.t
	p, _ := x.predicate()
	clause := func(k int) string {
		from, to := t.subtree(k)
		if m := t.child(k, "mark"); m == from {
			from++
		}
		if to-from < 3 {
			return ""
		}
		return capitalise(strings.Trim(t.textOf(from, to), " ,;:“”\""))
	}
	if p >= 0 {
		for _, k := range t.kids[p] {
			if r := t.toks[k].Rel; r == "ccomp" || r == "xcomp" {
				if c := clause(k); c != "" {
					return c
				}
			}
		}
		// "warned Norway against hasty steps, saying that closing the
		// ports would be a serious mistake": what the participle says
		for _, k := range t.kids[p] {
			if r := t.toks[k].Rel; (r == "advcl" || r == "xcomp" || r == "conj") && lex.reportVerbs[t.lemma(k)] {
				if c := t.child(k, "ccomp"); c >= 0 {
					if s := clause(c); s != "" {
						return s
					}
				}
			}
		}
		if o := t.childWithCase(p, "obl", "against"); o >= 0 {
			from, to := t.subtree(o)
			return "Against " + strings.Trim(t.textOf(from+1, to), " ,;:“”\"")
		}
	}
	s := x.d.sents[t.sent].text
	if q := quotations(s); len(q) > 0 {
		longest := q[0]
		for _, x := range q[1:] {
			if len(x) > len(longest) {
				longest = x
			}
		}
		if len(longest) > 20 {
			return capitalise(longest)
		}
	}
	return s
}

// conditional finds an "if X, Y" or "unless X, Y" in the clauses warned
// about and returns X and Y.
func conditional(t *tree, clauses []int) (cond, cons string, ok bool) {
	for _, cl := range clauses {
		for _, a := range t.kids[cl] {
			if t.toks[a].Rel != "advcl" {
				continue
			}
			mark := t.markOf(a)
			if mark != "if" && mark != "unless" {
				continue
			}
			af, at := t.subtree(a)
			if m := t.child(a, "mark"); m == af {
				af++
			}
			cond = strings.Trim(t.textOf(af, at), " ,;:“”\"")
			if mark == "unless" {
				cond = "unless " + cond
			}
			cf, ct := t.subtree(cl)
			var parts []string
			if cf < af-1 {
				parts = append(parts, t.textOf(cf, af-1))
			}
			if at < ct {
				parts = append(parts, t.textOf(at, ct))
			}
			cons = strings.Trim(strings.Join(parts, " "), " ,;:“”\"")
			if cond != "" && cons != "" {
				return cond, cons, true
			}
		}
	}
	return "", "", false
}

// quotations returns the quoted passages of a sentence, without marks.
func quotations(s string) []string {
	var out []string
	open := -1
	for i, r := range s {
		switch r {
		case '“':
			open = i + utf8.RuneLen(r)
		case '”':
			if open >= 0 {
				out = append(out, strings.TrimSpace(s[open:i]))
				open = -1
			}
		case '"':
			if open >= 0 {
				out = append(out, strings.TrimSpace(s[open:i]))
				open = -1
			} else {
				open = i + 1
			}
		}
	}
	return out
}

// strongestQuote is the longest quotation of the sentences, if any says
// more than a few words.
func strongestQuote(d *document, sents []int) string {
	best := ""
	for _, s := range sents {
		for _, q := range quotations(d.sents[s].text) {
			if len(q) > len(best) {
				best = q
			}
		}
	}
	if len(strings.Fields(best)) < 4 {
		return ""
	}
	return strings.Trim(best, " ,")
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// oneLine collapses space and cuts at a word boundary.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := cutAtSpace(s, n)
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
