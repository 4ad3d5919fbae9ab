package warnings

import (
	"strings"

	"redline/briefing/actors"
	"redline/briefing/language"
)

// maxParsed bounds the sentences parsed in one article: a page with a cue
// word in every sentence (a forum, a list) costs no more than a long
// article.
const maxParsed = 60

// parseWhereNeeded parses the sentences the later stages read: those the
// spotter finds worth it, and, for a sentence of a quotation that does
// not say who speaks, the nearest sentence of the same quotation that
// does ("…," he said). A content cue inside a quotation counts only when
// such a sentence exists. Parsing every sentence around a cue to find its
// speaker ("Sasse said:") took a sixth of the time and did not pay in
// cross-validation.
func parseWhereNeeded(m *language.Model, d *document) map[int]*tree {
	spots := make([]spot, len(d.sents))
	forCues := make([]bool, len(d.sents))
	forSpeaker := make([]bool, len(d.sents))
	for i, s := range d.sents {
		spots[i] = spotCues(s)
		forCues[i] = spots[i].worthParsing(s.headline)
	}
	for i, s := range d.sents {
		sp := spots[i]
		if s.headline || sp.reported || s.quoteSpan < 0 || !sp.speech && !(sp.content && sp.quoted) {
			continue
		}
		for _, j := range nearest(i, 2, len(d.sents)) {
			if d.sents[j].quoteSpan == s.quoteSpan && spots[j].reported {
				forCues[i], forSpeaker[j] = true, true
				break
			}
		}
	}
	trees := map[int]*tree{}
	for i := range d.sents {
		if (forCues[i] || forSpeaker[i]) && len(trees) < maxParsed {
			trees[i] = parse(m, d, i)
			trees[i].forCues = forCues[i]
		}
	}
	return trees
}

// sentenceMentions are the mentions of one sentence, resolved, and for a
// parsed sentence the mention each head token starts.
type sentenceMentions struct {
	list  []*mention
	byTok map[int]*mention
}

// nameParts are the relations of the words inside a bigger noun phrase;
// every other noun or pronoun heads a mention.
var nameParts = setOf("compound", "flat", "flat:foreign", "fixed", "goeswith", "det", "case")

// argumentRels are the relations of a verb's own arguments.
var argumentRels = setOf("nsubj", "nsubj:pass", "obj", "iobj")

// readMentions walks the article in order, finds the mentions of each
// sentence (from its tree when parsed, from its capitalised names
// otherwise) and ties each to an entity of the discourse, so that a
// pronoun refers only to what came before it.
func readMentions(d *document, trees map[int]*tree) ([]sentenceMentions, *discourse) {
	disc := newDiscourse()
	out := make([]sentenceMentions, len(d.sents))
	lastParsed := -1
	for i := range trees {
		lastParsed = max(lastParsed, i)
	}
	if m, ok := dateline(d); ok {
		disc.dateline = disc.resolve(&m, false)
	}
	for i, s := range d.sents {
		sm := sentenceMentions{}
		if t, ok := trees[i]; ok {
			sm.byTok = map[int]*mention{}
			seen := map[[2]int]*mention{} // one mention per phrase: the words of a name share it
			for k, tok := range t.toks {
				if tok.Tag == "ADJ" && tok.Rel == "amod" {
					// "any Israeli action": the demonym names a party
					if m, ok := demonymMention(t, k); ok {
						disc.resolve(&m, false)
						sm.byTok[k] = &m
						sm.list = append(sm.list, &m)
					}
					continue
				}
				if tok.Tag != "NOUN" && tok.Tag != "PROPN" && tok.Tag != "PRON" && !(argumentRels[tok.Rel] && (tok.Tag == "ADJ" || tok.Tag == "NUM" || tok.Tag == "X")) {
					continue // (a subject or object the tagger read as an adjective is a noun: "a State Department official")
				}
				if nameParts[tok.Rel] && !(tok.Rel == "compound" && tok.Tag == "PROPN" && tok.Head >= 0 && t.tag(tok.Head) == "NOUN") {
					continue // part of a bigger phrase; but a name before a common noun names a party: "U.S. warship"
				}
				m := t.mentionAt(k)
				disc.knownSurname(t, k, &m)
				if prev, ok := seen[[2]int{m.start, m.end}]; ok && m.name != "" {
					sm.byTok[k] = prev
					continue
				}
				subject := tok.Rel == "nsubj" || tok.Rel == "nsubj:pass"
				if m.kind == kindThing && (tok.Rel == "obj" || tok.Rel == "iobj") && tok.Head >= 0 && toldVerbs[t.lemma(tok.Head)] && !t.subjectOfNext(k) && !startsWithDigit(tok.Text) {
					// whoever is warned or told is somebody: "warned airlines"
					m.kind = kindRole
					if m.plural {
						m.kind = kindGroup
					}
				}
				if m.kind == kindThing && tok.Tag != "PRON" && tok.Rel == "nsubj" && speaks(t, tok.Head) && !t.withBe(tok.Head) {
					// whatever warns or says something is somebody: "deficit hawks warned"
					m.kind = kindRole
					if m.plural {
						m.kind = kindGroup
					}
				}
				if m.kind == kindPronoun && t.quoted[k] {
					// "we" and "I" in a quotation are its speaker: attribution decides
					if m.pronoun == "we" || m.pronoun == "i" {
						sm.byTok[k] = &m
						continue
					}
				}
				disc.resolve(&m, subject)
				sm.byTok[k] = &m
				sm.list = append(sm.list, &m)
				seen[[2]int{m.start, m.end}] = &m
			}
			// the other words of a name stand for it too ("Sergey" and
			// "Lavrov" of "Foreign Minister Sergey Lavrov")
			for k, tok := range t.toks {
				if _, ok := sm.byTok[k]; ok || tok.Tag != "PROPN" {
					continue
				}
				for _, m := range sm.list {
					if m.name != "" && m.start <= tok.Start && tok.End <= m.end {
						sm.byTok[k] = m
						break
					}
				}
			}
			// a name is the subject when any of its words is
			for k, tok := range t.toks {
				if m, ok := sm.byTok[k]; ok && m.ent != nil && (tok.Rel == "nsubj" || tok.Rel == "nsubj:pass") {
					m.ent.lastSubject = i
					if tok.Rel == "nsubj" && (speaks(t, tok.Head) || tok.Head >= 0 && lex.cues[t.lemma(tok.Head)] == cueThreat) {
						m.ent.lastSpoke = i
					}
				}
			}
			for k := range t.toks {
				if m, ok := sm.byTok[k]; ok && m.tok == k && t.tag(k) == "NOUN" {
					disc.ownerOf(t, k, m, sm.byTok)
					if m.ent != nil {
						m.ent.setSide(m.owner) // "its chief executive, Rob Hayward"
						if m.owner != nil && m.ent.kind == kindBody && m.ent.partOf == nil && m.owner != m.ent {
							m.ent.partOf = m.owner // "its board": part of the firm, not the firm
						}
					}
				}
			}
			// "Alexander Medvedev, Gazprom's deputy chief": the apposition's body
			for k := range t.toks {
				if t.toks[k].Rel != "appos" {
					continue
				}
				a, h := sm.byTok[k], sm.byTok[t.head(k)]
				if a == nil || h == nil || a.ent == nil || h.ent == nil || a.ent == h.ent {
					continue
				}
				h.ent.setSide(a.owner)
				h.ent.setSide(a.ent)
				a.ent.setSide(h.owner)
			}
		} else if i < lastParsed {
			// (after the last parsed sentence nothing refers back to a name)
			for _, m := range surfaceMentions(i, s) {
				m := m
				e := disc.resolve(&m, false)
				if e != nil && saidBy(s, m.end) {
					// "Ivan Plachkov said …": the subject, and the latest
					// to speak, though the sentence was not parsed
					e.lastSubject, e.lastSpoke = i, i
				}
				sm.list = append(sm.list, &m)
			}
		}
		out[i] = sm
	}
	return out, disc
}

// saidBy reports whether the word right after byte offset end of the
// sentence is a reporting verb ("said", "told"). ("…,” said Senator Mark
// Warner", tried too, cost more than it gave in cross-validation.)
func saidBy(s *sentence, end int) bool {
	for _, tok := range s.toks {
		if tok.start < end {
			continue
		}
		return tok.kind == tokWord && lex.reportForms[tok.lower]
	}
	return false
}

// toldVerbs take the person addressed as their object.
var toldVerbs = setOf("warn", "urge", "caution", "alert", "tell", "advise", "remind", "ask", "call", "implore", "beg")

// knownSurname reads a capitalised word that the tagger took for a common
// noun ("Guterres", "Hughes": the "-es" of a plural) as the person of that
// surname when one was named before.
func (d *discourse) knownSurname(t *tree, k int, m *mention) {
	tok := t.toks[k]
	if m.name != "" || tok.Tag != "NOUN" || !isCapitalised(tok.Text) {
		return
	}
	if e, ok := d.bySur[strings.ToLower(tok.Text)]; ok && e.kind == kindPerson {
		m.name, m.kind, m.plural, m.text = tok.Text, kindPerson, false, tok.Text
		m.start, m.end = tok.Start, tok.End
	}
}

// subjectOfNext reports whether noun k stands right before a verb or an
// auxiliary, as the subject of a clause does ("warned earnings would be
// cut"): a parser that made it the object of "warned" was wrong.
func (t *tree) subjectOfNext(k int) bool {
	_, to := t.nounPhrase(k)
	return to < len(t.toks) && (t.tag(to) == "AUX" || t.tag(to) == "VERB" && t.toks[to].XTag != "VBG")
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// withBe reports whether verb v goes with a form of "be" ("shall be
// reported"): a passive, whatever the parser called the "be".
func (t *tree) withBe(v int) bool {
	for _, k := range t.kids[v] {
		if r := t.toks[k].Rel; (r == "aux" || r == "aux:pass" || r == "cop") && t.lemma(k) == "be" && k < v {
			return true
		}
	}
	return false
}

// speaks reports whether verb v reports speech or states a warning.
func speaks(t *tree, v int) bool {
	if v < 0 || t.tag(v) != "VERB" {
		return false
	}
	l := t.lemma(v)
	if lex.reportVerbs[l] {
		return true
	}
	c, ok := lex.cues[l]
	return ok && (c == cueWarn || c == cueUrge)
}

// ownerOf finds whose thing a noun names: its possessor or a name
// before it ("Israel's actions", "Tory plans"); for a noun without one,
// the owner of the same noun met before ("the plans").
func (d *discourse) ownerOf(t *tree, k int, m *mention, byTok map[int]*mention) {
	office := actors.IsTitleWord(t.toks[k].Text)
	for _, c := range t.kids[k] {
		r := t.toks[c].Rel
		// "the leader of Ennahda": an office's "of" names whom it serves
		ofOffice := office && r == "nmod" && t.caseOf(c) == "of"
		if r != "nmod:poss" && r != "compound" && r != "amod" && !ofOffice {
			continue
		}
		if pm, ok := byTok[c]; ok && pm.ent != nil && pm.ent.kind.party() && pm.ent != m.ent {
			m.owner = pm.ent
			break
		}
		if e, ok := lookupDemonym(t.toks[c].Text); ok {
			if known, ok := d.byKey[e.Key]; ok {
				m.owner = known
				break
			}
		}
	}
	switch {
	case m.owner != nil:
		d.owners[t.lemma(k)] = m.owner
	case m.definite:
		m.owner = d.owners[t.lemma(k)]
	}
}

// demonymMention reads an adjective that names a country's people
// ("Israeli", "Chinese") as a mention of the country.
func demonymMention(t *tree, k int) (mention, bool) {
	e, ok := lookupDemonym(t.toks[k].Text)
	if !ok || e.Kind != actors.Country {
		return mention{}, false
	}
	m := mention{sent: t.sent, tok: k, start: t.toks[k].Start, end: t.toks[k].End, text: t.toks[k].Text, name: e.Name, weak: true, head: strings.ToLower(t.toks[k].Text)}
	m.setGazetteer(e)
	return m, true
}

// dateline reads the place a story is filed from, where its first
// paragraph opens with one: "WASHINGTON —", "Beijing, China - …", "New
// Delhi, May 8:", "MANILA, Philippines —". Only a place the gazetteer
// knows counts.
func dateline(d *document) (mention, bool) {
	for i, s := range d.sents {
		if s.headline {
			continue
		}
		toks := s.toks
		for k := 0; k < len(toks) && k < 5; k++ {
			if toks[k].kind != tokPunct || (toks[k].text != "—" && toks[k].text != "-" && toks[k].text != "–" && toks[k].text != "," && toks[k].text != "(" && toks[k].text != ":") {
				continue
			}
			place := strings.TrimSpace(s.text[:toks[k].start])
			for _, g := range mentionsOf(place) {
				if g.Start == 0 && g.End == len(place) && (g.Form == actors.FormCapital || g.Form == actors.FormName) {
					m := mention{sent: i, tok: -1, start: g.Start, end: g.End, text: g.Text, name: g.Entity.Name, weak: true}
					m.setGazetteer(g.Entity)
					if m.kind == kindCountry {
						return m, true
					}
				}
			}
			break
		}
		return mention{}, false // only the first paragraph's opening
	}
	return mention{}, false
}
