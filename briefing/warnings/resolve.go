package warnings

import (
	"strings"
)

// resolve finds or creates the entity a noun phrase refers to in
// sentence sent. It returns nil when the phrase cannot be a speaker or
// refers to nobody the article named (an "it" with no antecedent).
func (r *registry) resolve(np nounPhrase, sent int, subject bool) *entity {
	var e *entity
	switch {
	case np.pronoun == "he" || np.pronoun == "she":
		female := np.pronoun == "she"
		e = r.latest(sent, func(c *entity) bool {
			if c.typ != typePerson && !(c.typ == typeDescrib && !hasOrgRole(c)) {
				return false
			}
			return !(female && c.male) && !(!female && c.female)
		})
		if e != nil {
			if female {
				e.female = true
			} else {
				e.male = true
			}
		}
	case np.pronoun == "they":
		e = r.latest(sent, func(c *entity) bool { return c.typ == typeGroup || (c.typ == typeOrg && !c.country) })
	case np.pronoun == "it":
		e = r.latest(sent, func(c *entity) bool { return c.typ == typeOrg || c.typ == typeUnknown && !c.male && !c.female })
		if e == nil {
			e = r.latest(sent, func(c *entity) bool { return c.guessed && !c.male && !c.female })
		}
	case np.name != "":
		e = r.byNameOrSurname(np.name)
		if e == nil && np.person {
			// "Norway's defence minister has warned … Defence Minister
			// Ingrid Solheim told reporters": the name of the description
			e = r.describedAs(np.titles, sent)
			if e != nil {
				e.name, e.low, e.typ = np.name, strings.ToLower(np.name), typePerson
				r.byName[e.low] = e
			}
		}
		if e == nil {
			e = r.add(&entity{name: np.name, typ: typeUnknown, lastSubject: -100})
			switch {
			case np.org || np.country:
				e.typ = typeOrg
				e.country = np.country
			case np.plural:
				e.typ = typeGroup
			case np.person:
				e.typ = typePerson
			case strings.Contains(np.name, " ") && !np.org:
				e.typ = typePerson
				e.guessed = true
			}
		} else if (e.typ == typeUnknown || e.guessed) && np.person {
			e.typ = typePerson
			e.guessed = false
		}
		if np.male {
			e.male = true
		}
		if np.female {
			e.female = true
		}
		for _, t := range np.titles {
			if roleNouns[t] {
				e.roles[t] = true
			}
		}
		if e.affiliation == "" {
			e.affiliation = np.affiliation
		}
	case np.head != "":
		if np.definite && !np.plural {
			if orgRoleNouns[np.head] {
				e = r.latest(sent, func(c *entity) bool {
					return c.typ == typeOrg && !c.country || c.roles[np.head]
				})
				if e == nil {
					// a two-word name never described as a person may be a firm
					e = r.latest(sent, func(c *entity) bool { return c.guessed && !c.male && !c.female })
				}
			}
			if e == nil {
				e = r.byRole(np.head, sent)
			}
			if e == nil && roleNouns[np.head] && !orgRoleNouns[np.head] && !agentNouns[np.head] && len(strings.Fields(np.text)) >= 3 {
				// "Mary Robinson said … The former UN commissioner told…": a
				// long description right after a named speaker is that speaker
				e = r.latest(sent, func(c *entity) bool {
					return c.typ == typePerson && !hasOrgRole(c) && sent-c.lastSubject <= 1
				})
			}
		}
		if e == nil {
			if !roleNouns[np.head] && !groupNouns[np.head] && !agentNouns[np.head] && !np.plural && !(np.indefinite && subject) && !(np.agentive && (np.definite || np.indefinite)) {
				// "one disgruntled backbencher said": an unnamed person
				return nil
			}
			if np.plural && !isGroupNoun(np.head) && !roleNouns[strings.TrimSuffix(np.head, "s")] {
				return nil
			}
			name := np.text
			if ex, ok := r.byName[strings.ToLower(name)]; ok {
				e = ex
			} else {
				e = r.add(&entity{name: name, typ: typeDescrib, affiliation: np.affiliation, lastSubject: -100})
				if np.plural {
					e.typ = typeGroup
				}
				if orgRoleNouns[np.head] || agentNouns[np.head] {
					e.typ = typeOrg
				}
			}
		}
		e.roles[np.head] = true
		if e.affiliation == "" {
			e.affiliation = np.affiliation
		}
	}
	if e == nil {
		return nil
	}
	r.touch(e, sent, subject)
	return e
}

// registerNames records every capitalised name of a sentence, so that a
// later surname, pronoun or role noun can refer back to it. Names at the
// start of the sentence count as subjects.
func (r *registry) registerNames(s *sentence, sent int) {
	toks := s.toks
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.kind != tokWord || !t.cap || functionWords[t.lower] || calendarWords[t.lower] {
			continue
		}
		e := k
		for e < len(toks) && toks[e].kind == tokWord && (toks[e].cap && !calendarWords[toks[e].lower] || (toks[e].is("of", "for", "and", "de", "von", "van") && e+1 < len(toks) && toks[e+1].cap)) {
			e++
			if toks[e-1].poss {
				break
			}
		}
		// include lower-case role words just before the run ("economist Ian")
		b := k
		for b > 0 && k-b < 3 && toks[b-1].kind == tokWord && !toks[b-1].cap && titleWords[toks[b-1].lower] {
			b--
		}
		np, ok := analyseNP(s, b, e)
		if ok && np.name != "" && !isDemonymOnly(np.name) {
			subject := clauseStart(s, b)
			r.resolve(np, sent, subject)
		}
		k = e
	}
}

// isDemonymOnly tells "Russian" (an adjective) from "Russia".
func isDemonymOnly(name string) bool {
	if _, ok := lookupActor(name); ok {
		return false
	}
	_, ok := lookupDemonym(name)
	return ok
}

// clauseStart reports whether toks[k] begins the sentence's main clause
// (after fillers, an opening quote, or an introductory phrase).
func clauseStart(s *sentence, k int) bool {
	for i := 0; i < k; i++ {
		t := s.toks[i]
		if t.kind == tokQuote || (t.kind == tokWord && leadingFillers[t.lower]) {
			continue
		}
		if t.text == "," {
			// an introductory phrase ends at a comma: "On Friday, Putin…"
			return i == k-1
		}
		return false
	}
	return true
}

// hasOrgRole reports whether the entity was described as an
// organisation or a document ("the firm", "the report").
func hasOrgRole(e *entity) bool {
	for r := range e.roles {
		if orgRoleNouns[r] || agentNouns[r] {
			return true
		}
	}
	return false
}

// describedAs finds an unnamed singular description of the last few
// sentences whose role is one of these titles (a person role, not
// "spokesman", which many people share).
func (r *registry) describedAs(titles []string, sent int) *entity {
	for _, e := range r.recent() {
		if e.typ != typeDescrib || sent-e.lastSent > 3 || hasOrgRole(e) {
			continue
		}
		if !sameQualifiers(e.low, titles) {
			continue
		}
		for _, t := range titles {
			if e.roles[t] && roleNouns[t] && !t2generic[t] {
				return e
			}
		}
	}
	return nil
}

// t2generic are roles many people of one story share.
var t2generic = set("spokesman", "spokeswoman", "spokesperson", "official", "source",
	"member", "worker", "expert", "analyst", "economist", "critic", "aide")

// sameQualifiers: the description and the name's titles qualify the role
// alike ("Norway's defence minister" is "Defence Minister Ingrid
// Solheim", not "Prime Minister Erna Berg").
func sameQualifiers(description string, titles []string) bool {
	desc := map[string]bool{}
	for w := range strings.FieldsSeq(description) {
		w = strings.Trim(w, ",.'’")
		if titleWords[w] && !roleNouns[w] {
			desc[w] = true
		}
	}
	named := map[string]bool{}
	for _, t := range titles {
		if titleWords[t] && !roleNouns[t] && !maleTitles[t] && !femaleTitles[t] && !t2courtesy[t] {
			named[t] = true
		}
	}
	for w := range desc {
		if !named[w] && !t2courtesy[w] {
			return false
		}
	}
	for w := range named {
		if !desc[w] {
			return false
		}
	}
	return true
}

// t2courtesy are titles that do not qualify a role.
var t2courtesy = set("mr", "mrs", "ms", "miss", "dr", "sir", "former", "acting", "senior")
