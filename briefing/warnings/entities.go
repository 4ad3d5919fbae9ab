package warnings

import (
	"strings"
)

// entityType tells people from organisations and groups; it decides which
// pronoun or role noun may refer back to an entity.
type entityType uint8

const (
	typeUnknown entityType = iota
	typePerson
	typeOrg     // a company, body, party or country
	typeGroup   // a plural description: analysts, Labour MPs
	typeDescrib // a singular description without a name: a security adviser
)

// entity is one party the article speaks of, with everything learned
// about it: its most specific name, the roles it is described by, and
// the country or body it acts for.
type entity struct {
	id          int
	name        string // most specific name ("Chang Ho-jin", "the Federal Reserve")
	low         string // name in lower case
	typ         entityType
	male        bool
	female      bool
	roles       map[string]bool // role nouns it was described by ("adviser", "minister")
	affiliation string
	country     bool // a country (or its capital as metonym)
	guessed     bool // typed a person only because the name has two words
	lastSent    int  // sentence of the last mention
	lastSubject int  // sentence of the last mention as a subject or speaker
}

func (e *entity) surname() string {
	if i := strings.LastIndexByte(e.low, ' '); i >= 0 {
		return e.low[i+1:]
	}
	return e.low
}

// registry is the article's discourse model: the entities mentioned so
// far, searched from the most recent backwards.
type registry struct {
	entities []*entity
	byName   map[string]*entity
}

func newRegistry() *registry {
	return &registry{byName: map[string]*entity{}}
}

func (r *registry) add(e *entity) *entity {
	e.id = len(r.entities)
	e.low = strings.ToLower(e.name)
	if e.roles == nil {
		e.roles = map[string]bool{}
	}
	r.entities = append(r.entities, e)
	r.byName[strings.ToLower(e.name)] = e
	return e
}

func (r *registry) touch(e *entity, sent int, subject bool) {
	e.lastSent = sent
	if subject {
		e.lastSubject = sent
	}
}

// latest returns the most recently mentioned entity that accepts,
// preferring one mentioned as a subject within the last few sentences.
func (r *registry) latest(sent int, accept func(*entity) bool) *entity {
	var best *entity
	for _, e := range r.recent() {
		if !accept(e) || e.lastSubject < 0 || sent-e.lastSubject > 6 {
			continue
		}
		if best == nil || e.lastSubject > best.lastSubject || (e.lastSubject == best.lastSubject && e.lastSent > best.lastSent) {
			best = e
		}
	}
	if best != nil {
		return best
	}
	for _, e := range r.recent() {
		if !accept(e) || sent-e.lastSent > 3 {
			continue
		}
		if best == nil || e.lastSent > best.lastSent {
			best = e
		}
	}
	return best
}

// byNameOrSurname finds an entity named so, or a person whose surname it is.
func (r *registry) byNameOrSurname(name string) *entity {
	low := strings.ToLower(name)
	if e, ok := r.byName[low]; ok {
		return e
	}
	if strings.Contains(low, " ") {
		// a longer form of a known name: "Krispy Kreme Doughnuts" after "Krispy Kreme"
		recent := r.recent()
		for i := len(recent) - 1; i >= 0; i-- {
			e := recent[i]
			el := e.low
			if strings.HasPrefix(low, el+" ") || strings.HasPrefix(el, low+" ") {
				return e
			}
		}
		return nil
	}
	recent := r.recent()
	for i := len(recent) - 1; i >= 0; i-- {
		e := recent[i]
		if e.typ == typePerson || e.typ == typeUnknown {
			if e.surname() == low && strings.Contains(e.name, " ") {
				return e
			}
		}
		// an acronym of an organisation: "IEA" for "International Energy Agency"
		if e.typ == typeOrg && acronym(e.name) == low && len(low) >= 2 {
			return e
		}
	}
	// family name first ("Chang" for "Chang Ho-jin")
	for i := len(recent) - 1; i >= 0; i-- {
		e := recent[i]
		if e.typ == typePerson && strings.HasPrefix(e.low, low+" ") {
			return e
		}
	}
	return nil
}

func acronym(name string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(name) {
		lw := strings.ToLower(w)
		if lw == "of" || lw == "the" || lw == "and" || lw == "for" {
			continue
		}
		b.WriteString(lw[:1])
	}
	return b.String()
}

// byRole finds the last entity described by a role noun ("the adviser").
func (r *registry) byRole(role string, sent int) *entity {
	var best *entity
	for _, e := range r.recent() {
		if !e.roles[role] {
			continue
		}
		if best == nil || e.lastSent > best.lastSent {
			best = e
		}
	}
	if best != nil && sent-best.lastSent <= 12 {
		return best
	}
	return nil
}

// recentWindow bounds the entities a search looks back over: references
// reach back a few paragraphs, and the bound keeps hostile input (a page
// of names) linear.
const recentWindow = 256

// recent returns the most recently created entities.
func (r *registry) recent() []*entity {
	return r.entities[max(0, len(r.entities)-recentWindow):]
}
